"""What the domain makes of a plan, as plain JSON: its findings, unanswered subjects and runbook.

`python -m tests.characterization.snapshot` writes golden.jsonl from the corpus. Run it only for
a change meant to alter findings or runbook text, and read the diff of golden.jsonl in the commit:
it shows exactly what the change did to every plan.
"""
from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

GOLDEN = Path(__file__).with_name("golden.jsonl")
# Plans whose whole runbook is kept word for word; the others keep a digest of it.
FULL_RUNBOOK_PREFIXES = ("example/", "base/", "checklist/", "incomplete/", "wizard/")


def findings_and_runbook(document: dict) -> dict:
    from app.domain.runbook import build_checklist
    from app.domain.plan import load_plan
    from app.domain.rules import check

    plan = load_plan(document)
    report = check(plan)
    checklist = build_checklist(plan)
    return {
        "findings": [[f.rule, f.severity, f.step, f.subject, f.message, f.remediation] for f in report.findings],
        "incomplete": [[i.step, i.subject] for i in report.incomplete],
        "runbook": [
            {"phase": phase.number, "title": phase.title, "intro": phase.intro,
             "items": [[i.id, i.title, i.detail, i.command, i.console, i.target, i.target_kind, i.run_by,
                        list(i.rule_ids)] for i in phase.items]}
            for phase in checklist.phases],
    }


def digest(value) -> str:
    return hashlib.sha256(json.dumps(value, sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:16]


def entry(name: str, document: dict) -> dict:
    result = findings_and_runbook(document)
    if not name.startswith(FULL_RUNBOOK_PREFIXES):
        result["runbook"] = digest(result["runbook"])
    if name.startswith("without/"):  # a base with one answer removed: stored as that recipe
        _, base, path = name.split("/", 2)
        return {"name": name, "from": [f"base/{base}", path], **result}
    return {"name": name, "document": document, **result}


def stored_documents() -> list[tuple[dict, dict]]:
    """(golden entry, its plan document) for every line of golden.jsonl."""
    from tests.characterization.corpus import without
    entries = [json.loads(line) for line in GOLDEN.read_text(encoding="utf-8").splitlines()]
    by_name = {e["name"]: e for e in entries if "document" in e}
    return [(e, e["document"] if "document" in e else without(by_name[e["from"][0]]["document"], e["from"][1]))
            for e in entries]


def write_golden() -> int:
    from tests.characterization.corpus import documents
    lines = [json.dumps(entry(name, document), ensure_ascii=False, sort_keys=True) for name, document in documents()]
    GOLDEN.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(lines)


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    print(f"wrote {write_golden()} plans to {GOLDEN}")
