"""A whole capture read: `read_capture(raw) -> Capture`.

Every section is given to its parser, in the order their names are needed (groups before the
resources they split, resources before their properties), whatever order the file has them in.
What cannot be read is kept as a `Problem` naming the section and the line that stopped it; a
command that printed an error is kept as a failure (what it would have shown is then "not
compared"); sections this product does not read, and repeated ones, are noted and skipped.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from app.domain.asbuilt import parsers, sections as kinds
from app.domain.asbuilt.parsers import (GroupRow, InterfaceRow, IpConfig, NetworkRow, NodeRow, PropertyRow,
                                        QuorumRow, ResourceRow, SystemInfo, VersionInfo)
from app.domain.asbuilt.sections import Section, split_sections
from app.domain.asbuilt.tables import CommandFailed, Unreadable
from app.domain.asbuilt.text import CaptureUnreadable, decode_capture


@dataclass(frozen=True)
class Problem:
    """A section that could not be read, and the line that stopped it."""
    command: str
    line: int
    text: str
    reason: str

    def describe(self) -> str:
        shown = f": “{self.text.strip()[:120]}”" if self.text.strip() else ""
        return f"{self.command or 'text'} (line {self.line}): {self.reason}{shown}"


@dataclass(frozen=True)
class Note:
    command: str
    line: int
    message: str


@dataclass(frozen=True)
class Failure:
    """A command that printed an error instead of its output; `not_found` when the error says the
    cluster has no group or resource of the name the command gave."""
    kind: str
    target: str | None
    command: str
    message: str
    not_found: bool = False


@dataclass(frozen=True)
class Capture:
    encoding: str
    sections: tuple[Section, ...]
    problems: tuple[Problem, ...] = ()
    notes: tuple[Note, ...] = ()
    failures: tuple[Failure, ...] = ()
    # None: the section is not in the capture (or could not be read).
    version: VersionInfo | None = None
    nodes: tuple[NodeRow, ...] | None = None
    groups: tuple[GroupRow, ...] | None = None
    resources: tuple[ResourceRow, ...] | None = None
    common_properties: tuple[PropertyRow, ...] | None = None
    private_properties: tuple[PropertyRow, ...] | None = None
    networks: tuple[NetworkRow, ...] | None = None
    network_properties: tuple[PropertyRow, ...] | None = None
    interfaces: tuple[InterfaceRow, ...] | None = None
    quorum: QuorumRow | None = None
    owners: dict[str, tuple[str, ...]] = field(default_factory=dict)        # group -> preferred owners
    dependencies: dict[str, tuple[str, ...]] = field(default_factory=dict)  # resource -> what it depends on
    possible_owners: dict[str, tuple[str, ...]] = field(default_factory=dict)  # resource -> nodes that may run it
    # Property tables read only from sections for one resource (`cluster res "X" /priv`): the key of
    # the table -> the resources they list (without case). A table for all resources is not here.
    partial_tables: dict[str, frozenset[str]] = field(default_factory=dict)
    ipconfig: dict[str, IpConfig] = field(default_factory=dict)             # host (upper case) -> ipconfig
    systeminfo: dict[str, SystemInfo] = field(default_factory=dict)

    @property
    def readable(self) -> bool:
        return not self.problems

    def failure(self, kind: str, target: str | None = None) -> Failure | None:
        folded = target.casefold() if target else None
        return next((f for f in self.failures if f.kind == kind and
                     (f.target.casefold() if f.target else None) == folded), None)

    @property
    def kinds(self) -> set[str]:
        return {s.kind for s in self.sections if s.kind}


def read_capture(raw: bytes) -> Capture:
    decoded = decode_capture(raw)
    return read_capture_text(decoded.text, decoded.encoding)


def read_capture_text(text: str, encoding: str = "text") -> Capture:
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    found = split_sections(text)
    if not any(section.kind for section in found):
        raise CaptureUnreadable("Nothing in this text is output this product reads: a capture has sections that "
                                "begin with a line “#### <command>” (collect.cmd writes them), or pasted output of "
                                "cluster.exe, ipconfig /all or systeminfo in English.")
    return _Reader(found, encoding).read()


# The order sections are read in: each may use names the ones before it listed.
_ORDER = (kinds.VERSION, kinds.NODES, kinds.GROUPS, kinds.RESOURCES, kinds.RESOURCE_PROPERTIES,
          kinds.PRIVATE_PROPERTIES, kinds.QUORUM, kinds.OWNERS, kinds.DEPENDENCIES, kinds.POSSIBLE_OWNERS,
          kinds.NETWORKS, kinds.NETWORK_PROPERTIES, kinds.INTERFACES, kinds.IPCONFIG, kinds.SYSTEMINFO)
_PROPERTY_TABLES = {kinds.RESOURCE_PROPERTIES: "common_properties", kinds.PRIVATE_PROPERTIES: "private_properties",
                    kinds.NETWORK_PROPERTIES: "network_properties"}


class _Reader:
    def __init__(self, found: list[Section], encoding: str):
        self.sections, self.encoding = found, encoding
        self.values: dict = {"owners": {}, "dependencies": {}, "possible_owners": {}, "ipconfig": {},
                             "systeminfo": {}}
        self.problems: list[Problem] = []
        self.notes: list[Note] = []
        self.failures: list[Failure] = []
        self.spellings: dict[str, dict[str, str]] = {}  # per keyed table: name without case -> as stored
        self.partial: dict[str, set[str]] = {}          # property tables seen only for single resources
        self.whole: set[str] = set()                    # property tables seen for all resources

    def read(self) -> Capture:
        for section in self.sections:
            if section.kind is None:
                self.skip(section)
        for kind in _ORDER:
            for section in (s for s in self.sections if s.kind == kind):
                self.parse(section)
        partial = {key: frozenset(owners) for key, owners in self.partial.items() if key not in self.whole}
        notes = tuple(sorted(self.notes, key=lambda note: note.line))
        return Capture(self.encoding, tuple(self.sections), tuple(self.problems), notes,
                       tuple(self.failures), partial_tables=partial, **self.values)

    def skip(self, section: Section) -> None:
        if not any(line.strip() for line in section.lines):
            return
        if section.marked:
            self.note(section, f"“{section.command or 'a console prompt'}” is not a command this product reads; "
                               "its output was skipped.")
        else:
            self.note(section, "Text that is not the output of a command this product reads was skipped.")

    def note(self, section: Section, message: str, index: int = 0) -> None:
        self.notes.append(Note(section.command, section.line_number(index) - (1 if section.marked else 0), message))

    def parse(self, section: Section) -> None:
        try:
            self.store(section)
        except Unreadable as error:
            self.problems.append(Problem(section.command, section.line_number(error.index), error.line, error.reason))
        except CommandFailed as error:
            self.failures.append(Failure(section.kind, section.target, section.command, error.message,
                                         error.not_found))
            self.note(section, f"“{section.command or kinds.COMMANDS[section.kind]}” printed an error instead of its "
                               f"output: {error.message}")

    def known(self, key: str) -> tuple[str, ...]:
        return tuple(row.name for row in self.values.get(key) or ())

    def keep(self, section: Section, key: str, value) -> None:
        if self.values.get(key) is not None:
            self.note(section, f"{kinds.COMMANDS[section.kind]} appears more than once; the later one is used.")
        self.values[key] = value

    def store(self, section: Section) -> None:
        kind, lines = section.kind, section.lines
        if kind == kinds.VERSION:
            self.keep(section, "version", parsers.parse_version(lines))
        elif kind == kinds.NODES:
            self.keep(section, "nodes", parsers.parse_nodes(lines))
        elif kind == kinds.GROUPS:
            self.keep(section, "groups", parsers.parse_groups(lines))
        elif kind == kinds.RESOURCES:
            self.keep(section, "resources", parsers.parse_resources(lines, self.known("groups")))
        elif kind in _PROPERTY_TABLES:
            owners = self.known("networks" if kind == kinds.NETWORK_PROPERTIES else "resources")
            self.merge_properties(section, _PROPERTY_TABLES[kind], parsers.parse_properties(lines, kind, owners))
        elif kind == kinds.QUORUM:
            self.keep(section, "quorum", parsers.parse_quorum(lines, self.known("resources")))
        elif kind == kinds.OWNERS:
            group, owners = parsers.parse_owners(lines)
            self.keyed(section, "owners", group or section.target, owners)
        elif kind == kinds.POSSIBLE_OWNERS:
            resource, nodes = parsers.parse_possible_owners(lines)
            self.keyed(section, "possible_owners", resource or section.target, nodes)
        elif kind == kinds.DEPENDENCIES:
            resource, rows = parsers.parse_dependencies(lines, self.known("groups"))
            self.keyed(section, "dependencies", resource or section.target, tuple(row.name for row in rows))
        elif kind == kinds.NETWORKS:
            self.keep(section, "networks", parsers.parse_networks(lines))
        elif kind == kinds.INTERFACES:
            self.keep(section, "interfaces", parsers.parse_interfaces(lines))
        elif kind == kinds.IPCONFIG:
            config = parsers.parse_ipconfig(lines)
            self.keyed(section, "ipconfig", config.host.upper(), config)
        elif kind == kinds.SYSTEMINFO:
            info = parsers.parse_systeminfo(lines)
            self.keyed(section, "systeminfo", info.host.upper(), info)

    def merge_properties(self, section: Section, key: str, rows: tuple[PropertyRow, ...]) -> None:
        """A table for all resources replaces an earlier one; one for a single resource adds to it."""
        if section.target is None:
            self.keep(section, key, rows)
            self.whole.add(key)
            return
        self.partial.setdefault(key, set()).add(section.target.casefold())
        earlier = tuple(r for r in self.values.get(key) or () if r.owner.casefold() != section.target.casefold())
        self.values[key] = earlier + rows

    def keyed(self, section: Section, key: str, name: str | None, value) -> None:
        if not name:
            self.note(section, "The section does not say which group or resource it is about; it was skipped.")
            return
        table, spelling = self.values[key], self.spellings.setdefault(key, {})
        earlier = spelling.get(name.casefold())
        if earlier is not None:
            self.note(section, f"{section.command or kinds.COMMANDS[section.kind]} appears more than once; "
                               "the later one is used.")
            del table[earlier]
        table[name] = value
        spelling[name.casefold()] = name
