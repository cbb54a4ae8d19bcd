"""Paths into a plan: `cluster.quorum.type`, `nodes[1].public_ip`, `virtual_servers[0].disks[2]`.

One reading of the syntax for everything that names a place in a plan: the format's errors, the
findings' subjects, the wizard's fields, the catalog's subjects and the command line. A path is a
dotted list of keys, each optionally followed by list indexes in brackets. Documents are plain JSON
data (dicts and lists); reading a place that is not there gives MISSING, never an exception.
"""
from __future__ import annotations

import re
from typing import Any, Iterator, Union

from app.domain.plan.missing import MISSING

Step = Union[str, int]
_STEP = re.compile(r"([^.\[\]]+)|\[(\d+)\]|(\.)")


def parse(path: str) -> list[Step]:
    """"nodes[1].name" -> ["nodes", 1, "name"]."""
    steps: list[Step] = []
    for key, index, _dot in _STEP.findall(path):
        if key:
            steps.append(key)
        elif index:
            steps.append(int(index))
    return steps


def join(path: str, key: Step) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


def build(steps: list[Step]) -> str:
    path = ""
    for step in steps:
        path = join(path, step)
    return path


def parent(path: str) -> str:
    """"nodes[1].name" -> "nodes[1]" -> "nodes" -> ""."""
    cut = max(path.rfind("."), path.rfind("["))
    return path[:cut] if cut > 0 else ""


def ancestors(path: str) -> Iterator[str]:
    """The path itself, then each place that holds it, up to the top-level key."""
    while path:
        yield path
        path = parent(path)


def head(path: str) -> str:
    """The top-level key a path lies in: "nodes[1].name" -> "nodes"."""
    steps = parse(path)
    return steps[0] if steps and isinstance(steps[0], str) else ""


def lies_within(path: str, place: str) -> bool:
    """Whether `path` is `place` or inside it (a list item, a sub-key)."""
    return path == place or path.startswith((place + ".", place + "["))


def without_indexes(path: str) -> str:
    """"nodes[1].prerequisites.www" -> "nodes.prerequisites.www": the field, whatever the row."""
    return re.sub(r"\[\d+\]", "", path)


def index_in(path: str, key: str) -> int | None:
    """The row index of `key` in the path: index_in("nodes[2].name", "nodes") -> 2."""
    steps = parse(path)
    for position, step in enumerate(steps[:-1]):
        if step == key and isinstance(steps[position + 1], int):
            return steps[position + 1]
    return None


def get(document: Any, path: str) -> Any:
    node = document
    for step in parse(path):
        if isinstance(step, int):
            if not isinstance(node, list) or step >= len(node):
                return MISSING
        elif not isinstance(node, dict) or step not in node:
            return MISSING
        node = node[step]
    return node


def set(document: dict, path: str, value: Any) -> None:  # noqa: A001  (the path module's own verb)
    """Set an answer; MISSING removes it (and any object left empty by that). Objects on the way
    are created; list items must exist."""
    steps = parse(path)
    node: Any = document
    trail = []
    for step, following in zip(steps, steps[1:]):
        if isinstance(step, str) and not isinstance(node.get(step), (dict, list)):
            if value is MISSING:
                return
            node[step] = [] if isinstance(following, int) else {}
        trail.append((node, step))
        node = node[step]
    last = steps[-1]
    if value is not MISSING:
        node[last] = value
        return
    if isinstance(node, dict):
        node.pop(last, None)
    for holder, step in reversed(trail):
        if holder[step] == {}:
            del holder[step]


def remove(document: Any, path: str) -> bool:
    """Delete what is at `path`; False when there was nothing to delete."""
    steps = parse(path)
    holder = get(document, build(steps[:-1])) if len(steps) > 1 else document
    last = steps[-1] if steps else None
    try:
        del holder[last]
    except (KeyError, IndexError, TypeError):
        return False
    return True


def nearest(path: str, known) -> str | None:
    """The closest place at or above `path` that `known` (a set or mapping of paths) holds."""
    return next((place for place in ancestors(path) if place in known), None)


def copy_document(value: Any) -> Any:
    """A deep copy of JSON data (dicts, lists and plain values), several times faster than
    copy.deepcopy, which a save would otherwise spend on the whole document."""
    if isinstance(value, dict):
        return {key: copy_document(item) for key, item in value.items()}
    if isinstance(value, list):
        return [copy_document(item) for item in value]
    return value
