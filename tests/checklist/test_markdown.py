"""The checklist as Markdown: structure, ticks and escaping of plan values."""
from __future__ import annotations

import re
from datetime import datetime

from app.domain.runbook import build_checklist
from app.domain.runbook.markdown import md_code, md_text, render_markdown
from app.storage.ticks import Mark
from app.domain.rules import check

from .plans import build, four_node_2003_on_windows2000, plan_of

WHEN = datetime(2026, 11, 24, 12, 30)


def markdown_of(document: dict, **options) -> str:
    plan = plan_of(document)
    defaults = {"plan_name": document.get("name", "Plan"), "revision": 3, "generated_at": WHEN}
    return render_markdown(build_checklist(plan), **{**defaults, **options})


def test_headings_boxes_and_sign_off_per_phase():
    document = four_node_2003_on_windows2000()
    text = markdown_of(document)
    checklist = build_checklist(plan_of(document))
    assert text.startswith("# Checklist: Four-node Exchange 2003 (DRAFT)\n")
    assert "Plan revision 3 · generated 2026-11-24 12:30 UTC · 0 of" in text
    assert re.findall(r"^## Phase (\d):", text, re.M) == ["1", "2", "3", "4", "5"]
    assert text.count("\n- [ ] **") == len(checklist.items)
    assert len(re.findall(r"^\*Phase \d Completed by:", text, re.M)) == 5


def test_commands_are_code_spans_and_rules_are_links():
    text = markdown_of(build("ex2003-win2003"), rule_url=lambda rule: f"https://planner.example/rules/{rule}")
    assert "Command: `setup /forestprep`" in text
    assert "Rules: [ad-forestprep-rights](https://planner.example/rules/ad-forestprep-rights)" in text


def test_ticked_items_are_checked_and_changed_ones_flagged():
    document = build("ex2003-win2003")
    marks = {"p1.forest.forestprep": Mark("ann", WHEN, False, ""),
             "p1.domain.domainprep": Mark(None, WHEN, True, "")}
    text = markdown_of(document, marks=marks)
    assert "- [x] **Run ForestPrep once in the forest contoso.com**" in text
    assert "Done on 2026-11-24 12:30 UTC by ann" in text
    assert "Done on 2026-11-24 12:30 UTC (changed since ticked)" in text
    assert "2 of" in text.splitlines()[2]


def test_open_findings_come_first():
    document = build("ex2003-win2000")
    report = check(plan_of(document))
    text = markdown_of(document, findings=report.errors + report.warnings)
    assert text.index("## Open errors and warnings") < text.index("## Phase 1")
    assert "- **Warning**: " in text
    assert "/rules/exchange2003-prefer-windows2003" in text


def test_plan_values_are_escaped_for_markdown_only():
    evil = "<script>alert(1)</script>"
    document = build("ex2003-win2003", {"name": "# Heading *bold* [link](x)", "nodes[0].name": evil,
                                        "cluster.service_account": "CONTOSO\\svc_`tick`"})
    text = markdown_of(document)
    # Commands stand in code spans, which show their text as it is; everything else is escaped.
    outside_code = re.sub(r"(`+)(?:(?!\1).)*\1", "", text)
    assert "<script>" not in outside_code and "&lt;script>" in text  # a tag's start, for every reader
    assert text.startswith("# Checklist: \\# Heading \\*bold\\* \\[link\\](x) (DRAFT)\n")
    assert "CONTOSO\\\\svc\\_\\`tick\\`" in text


def test_markdown_holds_the_text_itself():
    """An ampersand, a caret and parentheses mean nothing to Markdown: they stay as typed."""
    assert md_text("Fabrikam & Co ^ (HQ)") == "Fabrikam & Co ^ (HQ)"
    assert md_text("A &amp; B") == "A &amp;amp; B"  # would read as an entity
    assert md_text("1 < 2 > 0") == "1 < 2 > 0" and md_text("<b>") == "&lt;b>"
    assert md_text("a|b ~c~") == "a\\|b \\~c\\~"
    text = markdown_of(build("ex2003-win2003", {"name": "Fabrikam & Co ^ (HQ)"}))
    assert text.startswith("# Checklist: Fabrikam & Co ^ (HQ) (DRAFT)\n")


def test_line_breaks_in_values_cannot_start_new_blocks():
    assert md_text("EX\n# not a heading") == "EX # not a heading"  # mid-line, # starts nothing
    assert md_text("# heading") == "\\# heading" and md_text("> quote") == "\\> quote"
    assert md_text("1. item") == "1\\. item"
    assert md_text("- item") == "\\- item"


def test_code_spans_survive_backticks():
    assert md_code("plain") == "`plain`"
    assert md_code("a`b") == "``a`b``"
    assert md_code("`edge`") == "`` `edge` ``"
