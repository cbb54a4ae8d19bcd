"""The runbook as plain text (for a terminal or a text file) and as JSON-ready data."""
from __future__ import annotations

from app.domain.runbook.items import Checklist, Item


def render_text(checklist: Checklist, plan_name: str) -> str:
    lines = [f"Runbook: {plan_name}", ""]
    number = 0
    for phase in checklist.phases:
        lines += [f"== Phase {phase.number}: {phase.title}", phase.intro, ""]
        for item in phase.items:
            number += 1
            lines += _item(item, number) + [""]
    return "\n".join(lines).rstrip() + "\n"


def _item(item: Item, number: int) -> list[str]:
    lines = [f"{number:3}. [ ] {item.title}  ({item.id})"]
    indent = " " * 9
    if item.detail:
        lines.append(indent + item.detail)
    if item.prepare:
        lines.append(indent + "By hand first: " + item.prepare)
    if item.commands:
        lines.append(indent + ("In the Exchange Management Shell:" if item.shell == "powershell" else "Run:"))
        lines += [indent + "  " + command for command in item.commands]
    if item.console:
        lines.append(indent + ("By hand in: " if item.by_hand else "Where: ") + item.console)
    if item.ends_script:
        lines.append(indent + "Then: " + item.ends_script)
    if item.checks:
        lines.append(indent + "Check:")
        lines += [indent + "  " + check for check in item.checks]
    if item.checks_none:
        lines.append(indent + "Check (finds nothing when done):")
        lines += [indent + "  " + check for check in item.checks_none]
    if item.run_by:
        lines.append(indent + "Run by: " + item.run_by)
    return lines


def as_data(checklist: Checklist) -> dict:
    return {"phases": [{
        "number": phase.number, "title": phase.title, "intro": phase.intro,
        "items": [{"id": i.id, "title": i.title, "detail": i.detail, "prepare": i.prepare, "commands": i.commands,
                   "checks": i.checks, "checks_none": i.checks_none, "shell": i.shell, "console": i.console,
                   "by_hand": i.by_hand, "ends_script": i.ends_script, "target": i.target,
                   "target_kind": i.target_kind, "run_by": i.run_by, "rules": list(i.rule_ids)}
                  for i in phase.items]} for phase in checklist.phases],
        "nodes": list(checklist.node_names)}
