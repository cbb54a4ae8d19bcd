"""Reading and writing answers inside a plan document (a JSON-ready dict) by path."""
from __future__ import annotations

from typing import Any

from app.domain.plan.model import MISSING


def get_path(document: dict, key: str) -> Any:
    node: Any = document
    for part in key.split("."):
        if not isinstance(node, dict) or part not in node:
            return MISSING
        node = node[part]
    return node


def set_path(document: dict, key: str, value: Any) -> None:
    """Set an answer; MISSING removes it (and any object left empty by that)."""
    parts = key.split(".")
    node = document
    trail = []
    for part in parts[:-1]:
        if not isinstance(node.get(part), dict):
            if value is MISSING:
                return
            node[part] = {}
        trail.append((node, part))
        node = node[part]
    if value is MISSING:
        node.pop(parts[-1], None)
        for parent, part in reversed(trail):
            if parent[part] == {}:
                del parent[part]
    else:
        node[parts[-1]] = value


def plain_number(text) -> int | None:
    """A row index or revision number as posted, or None.

    Only plain ASCII digits, at most nine: str.isdigit() also accepts "²" or "①", which int() refuses,
    and a longer number would not fit the database's integers.
    """
    if isinstance(text, str) and text.isascii() and text.isdigit() and len(text) <= 9:
        return int(text)
    return None


def copy_json(value: Any) -> Any:
    """A deep copy of JSON data (dicts, lists and plain values), several times faster than
    copy.deepcopy, which a save would otherwise spend on the whole document."""
    if isinstance(value, dict):
        return {key: copy_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [copy_json(item) for item in value]
    return value
