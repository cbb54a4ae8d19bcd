"""Plain-words differences between two plan documents.

Lists of named things (nodes, disks, virtual servers) are matched by name or
letter, so inserting a node reads "nodes: EXNODE3 added" rather than a cascade
of changed fields; fields inside a matched item are compared by path.
"""
from __future__ import annotations

import json
from typing import Any

IDENTITY_KEYS = {"nodes": "name", "virtual_servers": "name", "disks": "letter"}
ABSENT = object()


def describe(value: Any) -> str:
    if value is ABSENT:
        return "(not answered)"
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list) and all(isinstance(v, (str, int)) for v in value):
        return "[" + ", ".join(str(v) for v in value) + "]" if value else "[]"
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def plan_differences(old: dict, new: dict) -> list[str]:
    lines: list[str] = []
    _compare(old, new, "", lines)
    return lines


def _compare(old: Any, new: Any, path: str, lines: list[str]) -> None:
    if isinstance(old, dict) and isinstance(new, dict):
        for key in list(old) + [k for k in new if k not in old]:
            child = f"{path}.{key}" if path else key
            _compare(old.get(key, ABSENT), new.get(key, ABSENT), child, lines)
    elif path in IDENTITY_KEYS and isinstance(old, list) and isinstance(new, list):
        _compare_named_lists(old, new, path, IDENTITY_KEYS[path], lines)
    elif old != new:
        lines.append(f"{path}: {describe(old)} -> {describe(new)}")


def _identity(item: Any, key: str, index: int) -> str:
    if isinstance(item, dict) and isinstance(item.get(key), str) and item[key]:
        return item[key]
    return f"#{index + 1}"


def _compare_named_lists(old: list, new: list, path: str, key: str, lines: list[str]) -> None:
    old_ids = [_identity(item, key, i) for i, item in enumerate(old)]
    new_ids = [_identity(item, key, i) for i, item in enumerate(new)]
    old_at = {identity: index for index, identity in reversed(list(enumerate(old_ids)))}  # first of equal names
    new_set = set(new_ids)
    for index, identity in enumerate(new_ids):
        if identity not in old_at:
            lines.append(f"{path}: {identity} added")
            continue
        _compare(old[old_at[identity]], new[index], f"{path}[{index}]", lines)
    for identity in old_ids:
        if identity not in new_set:
            lines.append(f"{path}: {identity} removed")
    kept_old = [i for i in old_ids if i in new_set]
    kept_new = [i for i in new_ids if i in old_at]
    if kept_old != kept_new:
        lines.append(f"{path}: order changed to {', '.join(kept_new)}")


def section_differences(old: dict, new: dict, keys: tuple[str, ...]) -> list[str]:
    """Differences limited to some top-level keys (one wizard step's part of the plan)."""
    return plan_differences({k: old[k] for k in keys if k in old}, {k: new[k] for k in keys if k in new})
