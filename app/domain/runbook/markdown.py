"""The checklist as a Markdown document, for download.

Every piece of text may carry a plan value, so all of it is escaped, for Markdown
only: the file holds the text itself ("Fabrikam & Co (HQ)"). A backslash goes
before each character that would otherwise start emphasis, a link, code or a table
cell; a `<` that would open an HTML tag is written `&lt;` and an `&` that would
start an entity `&amp;`, because not every Markdown reader honours a backslash
there (Python-Markdown, Markdown.pl). Line breaks inside a value become spaces and
a line's start is escaped, so a value can never start a heading, a list or a quote.
Commands go into code spans whose fence is longer than any backtick run inside.
"""
from __future__ import annotations

import re
from datetime import datetime
from typing import Callable, Iterable, Mapping

from app.domain.runbook.items import Checklist, Item, Phase
from app.domain.runbook.signoff import UNREVIEWED, SignOff

# Characters that mean something anywhere in a line (CommonMark, and GitHub's tables and strikethrough).
_MARKDOWN_PUNCTUATION = re.compile(r"([\\`*_\[\]|~])")
# What would start an entity reference ("&amp;", "&#169;") or an HTML tag or comment.
_ENTITY_START = re.compile(r"&(?=#?\w+;)")
_TAG_START = re.compile(r"<(?=[A-Za-z/!?])")
# What would open a heading, a list, a quote or a heading underline if a line began with it.
_LINE_START = re.compile(r"^(\d{0,9})([-+=#>]|(?<=\d)[.)](?=\s|\Z))")
SIGN_OFF = "Completed by: ………………………  Date: ……………  Signature: ………………………"


def md_text(value: str) -> str:
    """Plain text that renders as itself, whatever characters it holds."""
    text = " ".join(str(value).split())
    text = _TAG_START.sub("&lt;", _ENTITY_START.sub("&amp;", text))
    text = _MARKDOWN_PUNCTUATION.sub(r"\\\1", text)
    return _LINE_START.sub(r"\1\\\2", text)


def md_code(value: str) -> str:
    """A code span that shows `value` verbatim (CommonMark: fence longer than any run inside)."""
    text = " ".join(str(value).split())
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    padding = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{padding}{text}{padding}{fence}"


def render_markdown(checklist: Checklist, *, plan_name: str, revision: int, generated_at: datetime,
                    marks: Mapping[str, object] | None = None, findings: Iterable = (),
                    rule_url: Callable[[str], str] = lambda rule: f"/rules/{rule}",
                    sign_off: SignOff = UNREVIEWED) -> str:
    marks = marks or {}
    done = sum(1 for item in checklist.items if item.id in marks)
    title = f"# Checklist: {md_text(plan_name)}" + ("" if sign_off.approved else " (DRAFT)")
    lines = [title, "",
             f"Plan revision {revision} · generated {generated_at:%Y-%m-%d %H:%M} UTC · "
             f"{done} of {len(checklist.items)} done", ""]
    lines += _review(sign_off, revision)
    lines += _findings(list(findings), rule_url, sign_off)
    for phase in checklist.phases:
        lines += _phase(phase, marks, rule_url)
    return "\n".join(lines).rstrip() + "\n"


def _review(sign_off: SignOff, revision: int) -> list[str]:
    lines = ["## Review", "", f"State: **{md_text(sign_off.state)}**" + (
        "" if sign_off.approved else f". DRAFT: revision {revision} is not approved; do not carry it out yet."), ""]
    for decision in sign_off.decisions:
        verb = "approved" if decision.decision == "approved" else "requested changes to"
        when = f" on {decision.at:%Y-%m-%d %H:%M} UTC" if decision.at else ""
        note = f": {md_text(decision.note)}" if decision.note else ""
        lines.append(f"- {md_text(decision.by)} {verb} revision {decision.revision}{when}{note}")
    return lines + ([""] if sign_off.decisions else [])


def _findings(findings: list, rule_url: Callable[[str], str], sign_off: SignOff = UNREVIEWED) -> list[str]:
    lines = ["## Open errors and warnings", ""]
    if not findings:
        return lines + ["None.", ""]
    for finding in findings:
        lines.append(f"- **{finding.severity.capitalize()}**: {md_text(finding.message)} "
                     f"Fix: {md_text(finding.remediation)} ([rule {md_text(finding.rule)}]({rule_url(finding.rule)}))")
        waiver = sign_off.waiver_for(finding.rule, finding.subject)
        if waiver:
            when = f" on {waiver.at:%Y-%m-%d %H:%M} UTC" if waiver.at else ""
            lines.append(f"  **Waived** by {md_text(waiver.by)}{when}: {md_text(waiver.reason)}")
    return lines + [""]


def _phase(phase: Phase, marks: Mapping[str, object], rule_url: Callable[[str], str]) -> list[str]:
    lines = [f"## Phase {phase.number}: {md_text(phase.title)}", "", md_text(phase.intro), ""]
    if not phase.items:
        lines += ["Nothing to do in this phase for this plan.", ""]
    for item in phase.items:
        lines += _item(item, marks.get(item.id), rule_url)
    return lines + ["", f"*Phase {phase.number} {md_text(SIGN_OFF)}*", ""]


def _item(item: Item, mark, rule_url: Callable[[str], str]) -> list[str]:
    box = "[x]" if mark else "[ ]"
    details = []
    if item.detail:
        details.append(md_text(item.detail))
    shell = " (Exchange Management Shell)" if item.shell == "powershell" else ""
    if item.prepare:
        details.append(f"By hand first: {md_text(item.prepare)}")
    details += [f"Command{shell}: {md_code(command)}" for command in item.commands]
    if item.console:
        details.append(f"{'By hand in' if item.by_hand else 'Where'}: {md_text(item.console)}")
    if item.ends_script:
        details.append(f"Then: {md_text(item.ends_script)}")
    details += [f"Check: {md_code(check)}" for check in item.checks]
    details += [f"Check (finds nothing when done): {md_code(check)}" for check in item.checks_none]
    if item.target:
        details.append(f"For: {md_text(item.target)}")
    if item.run_by:
        details.append(f"Run by: {md_text(item.run_by)}")
    if item.rule_ids:
        details.append("Rules: " + ", ".join(f"[{md_text(rule)}]({rule_url(rule)})" for rule in item.rule_ids))
    if mark:
        details.append(md_text(_mark_text(mark)))
    lines = [f"- {box} **{md_text(item.title)}**" + ("  " if details else "")]
    lines += [f"  {text}  " for text in details[:-1]] + [f"  {text}" for text in details[-1:]]
    return lines


def _mark_text(mark) -> str:
    who = f" by {mark.ticked_by}" if getattr(mark, "ticked_by", None) else ""
    if getattr(mark, "capture_id", None):
        who = f" from as-built capture {mark.capture_id}{who}"
    when = f" on {mark.ticked_at:%Y-%m-%d %H:%M} UTC" if getattr(mark, "ticked_at", None) else ""
    changed = " (changed since ticked)" if getattr(mark, "changed", False) else ""
    return f"Done{when}{who}{changed}"
