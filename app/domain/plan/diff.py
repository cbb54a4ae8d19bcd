"""Plain-words differences between two plan documents: the history's comparison, the changes since
approval, and what someone else saved meanwhile.

Every line names the thing and the answer the way the wizard does (labels from the field
declarations in model.py, values in the words of vocab.py), never as JSON. Nodes, disks, servers
and storage groups are matched by what identifies them (name, letter), so a node inserted first
reads "Node EXNODE3 added" and not as every node changed; where that identity is missing or
shared (two disks both R:), rows fall back to their positions, so fixing a duplicate letter reads
as the letter and the other answers of that disk changing.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from app.domain import sections, versions
from app.domain.plan import vocab
from app.domain.plan.model import Plan, Spec, specs_of
from app.domain.plan.paths import join

ABSENT = object()  # the key is not in the document: not answered
ARROW = " → "


@dataclass(frozen=True)
class Change:
    """One difference: where it is (`section`, the step that asks it; `place`, the row it belongs
    to, "" for a section's own answers), what changed, and for an added row its answers."""

    section: str
    place: str
    text: str
    details: tuple[str, ...] = ()

    def __str__(self) -> str:
        return f"{self.place} – {self.text}" if self.place else self.text


# ---------------------------------------------------------------- values in words

def words(spec: Spec | None, value: Any) -> str:
    """An answer as the wizard shows it: "not answered", "none", "yes", "NTFS", "EXNODE1, EXNODE2"."""
    if value is ABSENT:
        return "not answered"
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        item = spec.item if spec is not None else None
        return ", ".join(words(item, v) for v in value) if value else "none"
    if isinstance(value, dict):  # an object compared whole only when it is not declared
        return "; ".join(f"{key} {words(None, v)}" for key, v in value.items()) or "none"
    if spec is not None and spec.vocabulary and value in spec.choices:
        return vocab.label(spec.vocabulary, value)
    return str(value)


def _list_change(spec: Spec, old: Any, new: Any) -> str:
    """A list of choices (components, roles) by what was added and removed; other lists whole."""
    item = spec.item
    if item is None or not item.vocabulary or not isinstance(old, list) or not isinstance(new, list) \
            or set(map(repr, old)) == set(map(repr, new)):
        return f"{words(spec, old)}{ARROW}{words(spec, new)}"
    added = [v for v in new if v not in old]
    removed = [v for v in old if v not in new]
    parts = ([f"added {words(spec, added)}"] if added else []) + ([f"removed {words(spec, removed)}"] if removed else [])
    return "; ".join(parts)


# ---------------------------------------------------------------- rows and what identifies them

@dataclass(frozen=True)
class RowKind:
    noun: str
    identity: Callable[[dict], str | None]  # how a row reads in a heading ("EXNODE1", "R:")


def _text(row: dict, key: str) -> str | None:
    value = row.get(key)
    return value.strip() if isinstance(value, str) and value.strip() else None


def _storage_group(row: dict) -> str | None:
    name, server = _text(row, "name"), _text(row, "server")
    return f"{name} on {server}" if name and server else name


ROWS = {
    "nodes": RowKind("node", lambda row: _text(row, "name")),
    "disks": RowKind("disk", lambda row: (_text(row, "letter") or "").upper() or None),
    "virtual_servers": RowKind("virtual server", lambda row: _text(row, "name")),
    "storage_groups": RowKind("storage group", _storage_group),
}


def _identities(rows: list, kind: RowKind) -> list[str | None]:
    return [kind.identity(row) if isinstance(row, dict) else None for row in rows]


def match_rows(old_ids: list, new_ids: list) -> list[tuple[int, int]]:
    """(old index, new index) of the rows that are the same row. First by an identity each side
    has exactly once; then, for rows left, by position (a renamed node, a disk whose duplicate
    letter was corrected); then rows sharing an identity, in order. Case is ignored: NetBIOS names
    and drive letters are."""
    old_keys = [i.casefold() if i else None for i in old_ids]
    new_keys = [i.casefold() if i else None for i in new_ids]
    pairs: dict[int, int] = {}
    for index, key in enumerate(old_keys):
        if key and old_keys.count(key) == 1 and new_keys.count(key) == 1:
            pairs[index] = new_keys.index(key)
    taken = set(pairs.values())
    for index in range(min(len(old_keys), len(new_keys))):
        if index not in pairs and index not in taken:
            pairs[index] = index
            taken.add(index)
    for index, key in enumerate(old_keys):
        if index in pairs or not key:
            continue
        match = next((n for n, other in enumerate(new_keys) if other == key and n not in taken), None)
        if match is not None:
            pairs[index] = match
            taken.add(match)
    return sorted(pairs.items(), key=lambda pair: pair[1])


# ---------------------------------------------------------------- comparing

class _Comparison:
    def __init__(self, old: dict, new: dict):
        self.changes: list[Change] = []
        release = versions.exchange(new.get("exchange", {}).get("version")) if isinstance(new.get("exchange"), dict) \
            else None
        self.server_noun = release.server_noun if release else ROWS["virtual_servers"].noun

    def noun(self, key: str) -> str:
        return self.server_noun if key == "virtual_servers" else ROWS[key].noun

    def add(self, path: str, place: str, text: str, details: tuple[str, ...] = ()) -> None:
        self.changes.append(Change(sections.section_of(path), place, text, details))

    # An object (the plan, a section, a row): its declared answers in order, then any other key.
    def compare_object(self, cls: type | None, old: Any, new: Any, path: str, place: str, prefix: str = "") -> None:
        old = old if isinstance(old, dict) else {}
        new = new if isinstance(new, dict) else {}
        declared = dict(specs_of(cls)) if cls is not None else {}
        keys = [k for k in declared if k in old or k in new] + \
            [k for k in list(old) + list(new) if k not in declared]
        for key in dict.fromkeys(keys):
            if key == "format" and not path:
                continue
            self.compare(declared.get(key), key, old.get(key, ABSENT), new.get(key, ABSENT), join(path, key), place,
                         prefix)

    def compare(self, spec: Spec | None, key: str, old: Any, new: Any, path: str, place: str, prefix: str) -> None:
        if old == new and type(old) is type(new):
            return
        label = prefix + _label(spec, key)
        if spec is not None and spec.kind == "object" and (isinstance(old, dict) or isinstance(new, dict)):
            inner = f"{label} › " if spec.label else prefix
            self.compare_object(spec.cls, old, new, path, place, inner)
        elif key in ROWS and not place and spec is not None and (isinstance(old, list) or isinstance(new, list)):
            self.compare_rows(spec, key, old, new, label)
        elif spec is not None and spec.kind == "list":
            self.add(path, place, f"{label}: {_list_change(spec, old, new)}")
        else:
            self.add(path, place, f"{label}: {words(spec, old)}{ARROW}{words(spec, new)}")

    def compare_rows(self, spec: Spec, key: str, old: Any, new: Any, label: str) -> None:
        if not isinstance(old, list) or not isinstance(new, list):
            if old in (ABSENT, []) and new in (ABSENT, []):  # "not answered" against "none"
                self.add(key, "", f"{label}: {words(spec, old)}{ARROW}{words(spec, new)}")
        old_rows = old if isinstance(old, list) else []
        new_rows = new if isinstance(new, list) else []
        kind = ROWS[key]
        old_ids, new_ids = _identities(old_rows, kind), _identities(new_rows, kind)
        pairs = match_rows(old_ids, new_ids)
        paired_old = {o for o, _ in pairs}
        paired_new = {n for _, n in pairs}
        cls = spec.item.cls if spec.item is not None else None
        for index, row in enumerate(new_rows):
            if index not in paired_new:
                self.add(join(key, index), self.row_label(key, new_ids, index), "added",
                         tuple(self.answers(cls, row)))
            else:
                old_index = next(o for o, n in pairs if n == index)
                self.compare_object(cls, old_rows[old_index], row, join(key, index),
                                    self.row_label(key, new_ids, index))
        for index in range(len(old_rows)):
            if index not in paired_old:
                self.add(key, self.row_label(key, old_ids, index), "removed")
        if [o for o, _ in pairs] != sorted(paired_old):
            self.add(key, "", f"{label}: order changed to "
                              f"{', '.join(self.row_label(key, new_ids, i, named=False) for i in range(len(new_rows)))}")

    def row_label(self, key: str, ids: list, index: int, named: bool = True) -> str:
        """"Node EXNODE2"; "Disk 3 (R:)" when another row has the same identity; "Node 3" without one."""
        identity = ids[index]
        shared = identity is not None and sum(1 for i in ids if i and i.casefold() == identity.casefold()) > 1
        noun = self.noun(key).capitalize() if named else ""
        if identity and not shared:
            return f"{noun} {identity}".strip()
        number = f"{noun} {index + 1}".strip() if named else f"#{index + 1}"
        return f"{number} ({identity})" if identity else number

    def answers(self, cls: type | None, row: Any, prefix: str = "") -> list[str]:
        """An added row's answers, "Label: value", in the order the wizard asks them."""
        if not isinstance(row, dict):
            return []
        declared = dict(specs_of(cls)) if cls is not None else {}
        lines = []
        for key in [k for k in declared if k in row] + [k for k in row if k not in declared]:
            spec, value = declared.get(key), row[key]
            label = prefix + _label(spec, key)
            if spec is not None and spec.kind == "object" and isinstance(value, dict):
                lines.extend(self.answers(spec.cls, value, f"{label} › " if spec.label else prefix))
            else:
                lines.append(f"{label}: {words(spec, value)}")
        return lines


def _label(spec: Spec | None, key: str) -> str:
    return spec.label if spec is not None and spec.label else key.replace("_", " ").capitalize()


def plan_differences(old: dict, new: dict) -> list[Change]:
    """Every difference from `old` to `new`, in the order the wizard asks the answers."""
    comparison = _Comparison(old, new)
    comparison.compare_object(Plan, old, new, "", "")
    return comparison.changes


def section_differences(old: dict, new: dict, keys: tuple[str, ...]) -> list[Change]:
    """Differences limited to some top-level keys (one wizard step's part of the plan)."""
    return plan_differences({k: old[k] for k in keys if k in old}, {k: new[k] for k in keys if k in new})


def by_section(changes: list[Change]) -> list[tuple[str, list[Change]]]:
    """The changes grouped under the step that asks them, in the wizard's order."""
    grouped = [(name, [c for c in changes if c.section == name]) for name in sections.ORDER]
    return [(name, found) for name, found in grouped if found]
