"""One parser per section of a capture: lines in, plain records out.

Each parser reads English output of Windows 2000, 2003 and 2008 (shared/spec/as-built.md gives
the shapes) and raises `Unreadable` at the line where the text stops matching it, or
`CommandFailed` when the command printed an error instead. Names other sections have listed come
in as `known_*` sets: they split rows whose values overflow their columns.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, NamedTuple, Union

from app.domain.asbuilt import sections as kinds
from app.domain.asbuilt.tables import (KnownNames, Table, Unreadable, longest_first, read_table, split_at_width,
                                       split_by_known_end, take_last_token, take_word_at_end, title_line)
from app.domain.cluster.state import Adapter

# The closed sets of status words, longest first (the end of a row is matched against them in order).
NODE_STATUSES = longest_first(("Up", "Down", "Paused", "Joining", "Unknown"))
GROUP_STATUSES = longest_first(("Online", "Offline", "Partially Online", "Failed", "Pending", "Online Pending",
                                "Offline Pending", "Unknown"))
RESOURCE_STATUSES = longest_first(("Online", "Offline", "Failed", "Pending", "Online Pending", "Offline Pending",
                                   "Inherited", "Initializing", "Unknown"))
NETWORK_STATUSES = longest_first(("Up", "Down", "Partitioned", "Unavailable", "Unknown"))
INTERFACE_STATUSES = longest_first(("Up", "Failed", "Unreachable", "Unavailable", "Unknown"))
# Property types of `cluster res /prop` and `/priv`: String, DWORD, Binary, Multi-string,
# Expandable string (and the 64-bit numbers of later releases); an R after the letter: read-only.
_PROPERTY_TYPES = frozenset(f"{letter}{read_only}" for letter in "SDBMEUL" for read_only in ("", "R"))
_DWORD = re.compile(r"^(?P<decimal>-?\d+)\s*(?:\(0x[0-9a-fA-F]+\))?\Z")
_PROPERTY_NAME = re.compile(r"^[A-Za-z_][\w-]*\Z")
_NEXT_WORD = re.compile(r" *(\S+)")
_FIRST_WORD = re.compile(r"\S+")
_NODE_ROW = re.compile(r"^\s*(?P<name>\S+)\s+(?P<id>\d+)\s+(?P<status>\S.*)\Z")
_OVERFLOWED_NAME = re.compile(r" (?=[A-Za-z_][\w-]*(?: {2,}|\Z))")

PropertyValue = Union[str, int, tuple[str, ...]]


@dataclass(frozen=True, slots=True)
class VersionInfo:
    cluster_name: str | None
    nt_version: str | None       # "5.2"
    text: str                    # the version line as printed


@dataclass(frozen=True, slots=True)
class NodeRow:
    name: str
    node_id: int | None
    status: str


@dataclass(frozen=True, slots=True)
class GroupRow:
    name: str
    owner: str | None
    status: str


@dataclass(frozen=True, slots=True)
class ResourceRow:
    name: str
    group: str
    owner: str | None
    status: str


class PropertyRow(NamedTuple):
    """A named tuple, not a dataclass: a capture has a thousand of them and they are made in a loop."""
    owner: str                   # the resource (or network) the property belongs to
    name: str
    type: str                    # S, D, B, M, E, U, L
    read_only: bool
    value: PropertyValue


@dataclass(frozen=True, slots=True)
class NetworkRow:
    name: str
    status: str


@dataclass(frozen=True, slots=True)
class InterfaceRow:
    node: str
    network: str
    status: str


@dataclass(frozen=True, slots=True)
class IpConfig:
    host: str
    primary_dns_suffix: str | None
    adapters: tuple[Adapter, ...]


@dataclass(frozen=True, slots=True)
class SystemInfo:
    host: str
    values: tuple[tuple[str, str], ...]   # every "Label: value" line, continuation lines joined

    def get(self, label: str) -> str | None:
        return next((value for key, value in self.values if key.casefold() == label.casefold()), None)


# ---------------------------------------------------------------- cluster /ver

def parse_version(lines: tuple[str, ...]) -> VersionInfo:
    index, _ = title_line(lines, kinds.TITLES[kinds.VERSION], "Cluster Name: ...")
    values = _labelled(lines[index:])
    version = values.get("cluster version", "")
    number = re.match(r"\s*(\d+\.\d+)", version)
    return VersionInfo(values.get("cluster name") or None, number.group(1) if number else None, version)


def _labelled(lines: Iterable[str]) -> dict[str, str]:
    values: dict[str, str] = {}
    for line in lines:
        label, colon, value = line.partition(":")
        if colon and label.strip() and not line[:1].isspace():
            values[label.strip().casefold()] = value.strip()
    return values


# ---------------------------------------------------------------- cluster node / group / res

def parse_nodes(lines: tuple[str, ...]) -> tuple[NodeRow, ...]:
    table, _ = read_table(lines, kinds.TITLES[kinds.NODES], "Listing status for all available nodes:",
                          ("Node", "Node ID", "Status"), also=kinds.SINGLE_TITLES[kinds.NODES])
    rows = []
    for index, line in table.rows:
        match = _NODE_ROW.match(line)
        status = _closed_word(match.group("status").strip(), NODE_STATUSES) if match else None
        if not match or status is None:
            raise Unreadable(index, line, "this row is not a node name, a number and a status (Up, Down, "
                                          "Paused, Joining): the line looks cut off")
        rows.append(NodeRow(match.group("name"), int(match.group("id")), status))
    return tuple(rows)


def _closed_word(text: str, words: tuple[str, ...]) -> str | None:
    return next((word for word in words if word.casefold() == text.casefold()), None)


def parse_groups(lines: tuple[str, ...]) -> tuple[GroupRow, ...]:
    table, _ = read_table(lines, kinds.TITLES[kinds.GROUPS], "Listing status for all available resource groups:",
                          ("Group", "Node", "Status"), also=kinds.SINGLE_TITLES[kinds.GROUPS])
    rows = []
    for index, line in table.rows:
        status = take_word_at_end(line, GROUP_STATUSES)
        owner = take_last_token(status[0]) if status else None
        if status is None or owner is None or not owner[0].strip():
            raise Unreadable(index, line, "this row does not end in a node and a status (Online, Offline, "
                                          "Partially Online, Failed): the line looks cut off")
        rows.append(GroupRow(owner[0].strip(), owner[1], status[1]))
    return tuple(rows)


def parse_resources(lines: tuple[str, ...], known_groups: Iterable[str] = ()) -> tuple[ResourceRow, ...]:
    table, _ = read_table(lines, kinds.TITLES[kinds.RESOURCES], "Listing status for all available resources:",
                          ("Resource", "Group", "Node", "Status"), also=kinds.SINGLE_TITLES[kinds.RESOURCES])
    return _resource_rows(table, longest_first(known_groups))


def _resource_rows(table: Table, known_groups: tuple[str, ...]) -> tuple[ResourceRow, ...]:
    rows = []
    for index, line in table.rows:
        status = take_word_at_end(line, RESOURCE_STATUSES)
        owner = take_last_token(status[0]) if status else None
        if status is None or owner is None or not owner[0].strip():
            raise Unreadable(index, line, "this row does not end in a node and a status (Online, Offline, "
                                          "Failed): the line looks cut off")
        left = owner[0].rstrip()[table.starts[0]:]
        split = split_by_known_end(left, known_groups) if known_groups else None
        if split is None and len(owner[0]) == table.starts[2]:
            split = split_at_width(left, table.width(0))  # the node is in its column: nothing overflowed
        if split is None or not split[1].strip():
            raise Unreadable(index, line, "the resource and its group cannot be told apart (a name is longer "
                                          "than its column and the group is not among those `cluster group` "
                                          "listed)")
        rows.append(ResourceRow(split[0].strip(), split[1].strip(), owner[1], status[1]))
    return tuple(rows)


# ---------------------------------------------------------------- properties

def parse_properties(lines: tuple[str, ...], kind: str, known_owners: Iterable[str] = ()) -> tuple[PropertyRow, ...]:
    """`cluster res /prop`, `cluster res /priv` (for all resources or one) and `cluster network /prop`."""
    column = "Network" if kind == kinds.NETWORK_PROPERTIES else "Resource"
    expected = {kinds.RESOURCE_PROPERTIES: "Listing properties for all resources:",
                kinds.PRIVATE_PROPERTIES: "Listing private properties for all resources:",
                kinds.NETWORK_PROPERTIES: "Listing properties for all networks:"}[kind]
    table, _ = read_table(lines, kinds.TITLES[kind], expected, ("T", column, "Name", "Value"),
                          also=kinds.SINGLE_TITLES.get(kind))
    return _PropertyRows(table, tuple(known_owners)).read()


class _PropertyRows:
    """Rows of a property table; an M (multi-string) value goes on over the lines after it."""

    def __init__(self, table: Table, known: tuple[str, ...]):
        self.table, self.known = table, KnownNames(known, table.width(1))
        self.known_set = frozenset(known)
        self.rows: list[PropertyRow] = []

    def read(self) -> tuple[PropertyRow, ...]:
        # Most rows are laid out exactly: a listed name that fits its column, a one-word property name
        # that fits its own, each followed by its padding. They are read by the columns at once; any
        # other row (overflow, continuation, an unknown name) goes through row().
        starts, rows, known = self.table.starts, self.rows, self.known_set
        owner_start, name_start, value_start = starts[1], starts[2], starts[3]
        for index, line in self.table.rows:
            letter = line[:owner_start].rstrip()
            if letter in _PROPERTY_TYPES and len(line) > name_start and line[name_start - 1] == " " and \
                    (len(line) <= value_start or line[value_start - 1] == " "):
                owner = line[owner_start:name_start - 1].rstrip()
                name = line[name_start:value_start].rstrip()
                if owner in known and name and " " not in name and _PROPERTY_NAME.match(name):
                    rows.append(PropertyRow(owner, name, letter[0], letter.endswith("R"),
                                            _value(letter[0], line[value_start:].strip())))
                    continue
            self.row(index, line)
        return tuple(rows)

    def row(self, index: int, line: str) -> None:
        starts = self.table.starts
        if not line[:starts[3]].strip():
            self.continue_multi(index, line, line.strip())
            return
        letter = line[starts[0]:starts[1]].strip()
        if letter not in _PROPERTY_TYPES:
            raise Unreadable(index, line, f"“{letter}” is not a property type (S, D, B, M, E, with R when "
                                          "read-only): the row looks cut off or shifted")
        rest = line[starts[1]:]
        owner_text, after = self.owner(index, line, rest)
        owner = owner_text.strip()
        # A name longer than its column pushes the columns after it to the right.
        value_column = starts[3] - starts[1] + max(0, len(owner) - self.table.width(1))
        name_match = _NEXT_WORD.match(after)
        if name_match is None or len(owner_text) + name_match.start(1) >= value_column:
            if letter[0] != "M" or name_match is None:
                raise Unreadable(index, line, "this row ends before its property name: the line looks cut off")
            self.continue_multi(index, line, rest[value_column:].rstrip(), owner)
            return
        name = name_match.group(1)
        if not _PROPERTY_NAME.match(name):
            raise Unreadable(index, line, "this row has no property name after the resource: the line looks cut off")
        # The value is the rest of the line; its column only tells a continuation line apart.
        raw = rest[len(owner_text) + name_match.end():].strip()
        self.rows.append(PropertyRow(owner, name, letter[0], letter.endswith("R"), _value(letter[0], raw)))

    def owner(self, index: int, line: str, rest: str) -> tuple[str, str]:
        known = self.known.split_start(rest) if self.known else None
        if known:
            return known
        width = self.table.width(1)
        if split_at_width(rest, width) and self.fits(rest, width):
            return rest[:width], rest[width:]
        overflow = _OVERFLOWED_NAME.search(rest[self.table.width(1):])
        if overflow:
            cut = self.table.width(1) + overflow.start()
            return rest[:cut], rest[cut:]
        raise Unreadable(index, line, "the resource name and the property name cannot be told apart")

    def fits(self, rest: str, width: int) -> bool:
        """Whether the row is laid out as if nothing overflowed: the property name starts in its column
        and only its padding follows it up to the value column."""
        name_start = self.table.starts[2] - self.table.starts[1]
        value_column = self.table.starts[3] - self.table.starts[1]
        name = _FIRST_WORD.match(rest, name_start) if len(rest) > name_start and rest[name_start - 1] == " " else None
        return name is not None and not rest[name.end():value_column].strip()

    def continue_multi(self, index: int, line: str, value: str, owner: str | None = None) -> None:
        previous = self.rows[-1] if self.rows else None
        if previous is None or previous.type != "M" or (owner is not None and owner != previous.owner):
            raise Unreadable(index, line, "a value line without a property name follows something that is not "
                                          "a multi-string (M) property")
        values = previous.value if isinstance(previous.value, tuple) else (previous.value,)
        self.rows[-1] = PropertyRow(previous.owner, previous.name, "M", previous.read_only, (*values, value))


def _value(letter: str, raw: str) -> PropertyValue:
    if letter in ("D", "U", "L"):
        number = raw.split(" ", 1)[0]
        if number.isdigit() and number.isascii() and (" " not in raw or raw.endswith(")")):
            return int(number)
        match = _DWORD.match(raw.strip())
        return int(match.group("decimal")) if match else raw
    if letter == "M":
        return (raw,) if raw else ()
    return raw


# ---------------------------------------------------------------- owners and dependencies

def parse_owners(lines: tuple[str, ...]) -> tuple[str | None, tuple[str, ...]]:
    """(the group named in the title, its preferred owners in order)."""
    return _node_list(lines, kinds.OWNERS, "Listing preferred owners for group '...':", "Preferred Owner Nodes")


def parse_possible_owners(lines: tuple[str, ...]) -> tuple[str | None, tuple[str, ...]]:
    """(the resource named in the title, the nodes that may run it)."""
    return _node_list(lines, kinds.POSSIBLE_OWNERS, "Listing possible owners for resource '...':",
                      "Possible Owner Nodes")


def _node_list(lines: tuple[str, ...], kind: str, expected: str, header: str) -> tuple[str | None, tuple[str, ...]]:
    table, match = read_table(lines, kinds.TITLES[kind], expected, (header,))
    nodes = []
    for index, line in table.rows:
        name = line.strip()
        if " " in name:
            raise Unreadable(index, line, "a row of this list must be one node name")
        nodes.append(name)
    return match.group("target"), tuple(nodes)


def parse_dependencies(lines: tuple[str, ...], known_groups: Iterable[str] = ()) -> tuple[str | None, tuple[ResourceRow, ...]]:
    table, match = read_table(lines, kinds.TITLES[kinds.DEPENDENCIES], "Listing resource dependencies for '...':",
                              ("Resource", "Group", "Node", "Status"))
    return match.group("target"), _resource_rows(table, longest_first(known_groups))


# ---------------------------------------------------------------- cluster /quorum

@dataclass(frozen=True, slots=True)
class QuorumRow:
    resource: str | None        # None where the cluster has no quorum resource (a node majority)
    path: str | None            # where the quorum log is kept ("Q:\\MSCS\\"): it names the disk's letter
    max_log_size: int | None
    extra: str = ""             # anything printed after the log size (a later cluster.exe's quorum type)


_QUORUM_HEADER = re.compile(r"^Quorum Resource Name +(?:Device|Quorum Path|Path)\b.*Max Log Size", re.IGNORECASE)


def parse_quorum(lines: tuple[str, ...], known_resources: Iterable[str] = ()) -> QuorumRow:
    """`cluster /quorum`: one table without a title, "Quorum Resource Name  Device  Max Log Size"
    (cluster.exe's message file; some builds call the middle column "Quorum Path")."""
    # A later cluster.exe may print a line of its own before the table: the header is looked for.
    index = next((i for i, line in enumerate(lines[:8]) if kinds.TITLES[kinds.QUORUM].match(line.strip())), None)
    if index is None:
        index, _ = title_line(lines, kinds.TITLES[kinds.QUORUM], "Quorum Resource Name  Device  Max Log Size")
    header = lines[index]
    if not _QUORUM_HEADER.match(header.strip()) or index + 1 >= len(lines) or not _DASH_RUNS.match(lines[index + 1]):
        raise Unreadable(index, header, "the header is not “Quorum Resource Name  Device  Max Log Size” followed by "
                                        "a line of dashes (output in another language, or cut off)")
    width = len(_DASH_RUNS.match(lines[index + 1]).group(1))
    row_index = index + 2
    if row_index >= len(lines) or not lines[row_index].strip():
        raise Unreadable(min(row_index, len(lines) - 1), "", "the table has no row: the output looks cut off")
    row = lines[row_index].rstrip()
    resource, rest = _quorum_resource(row, width, longest_first(known_resources))
    tokens = rest.split()
    size_at = next((i for i in range(len(tokens) - 1, -1, -1) if tokens[i].isdigit()), None)
    if size_at is None:
        raise Unreadable(row_index, row, "this row does not end in the quorum log's size: the line looks cut off")
    path = " ".join(tokens[:size_at]) or None
    return QuorumRow(resource, path, int(tokens[size_at]), " ".join(tokens[size_at + 1:]))


_DASH_RUNS = re.compile(r"^(-+)(?: -+)+\s*\Z")


def _quorum_resource(row: str, width: int, known: tuple[str, ...]) -> tuple[str | None, str]:
    """The resource at the start of the row: a name `cluster res` listed, else what fills the first column."""
    if row[:1].isspace():
        return None, row
    folded = row.casefold()
    for name in known:
        if folded.startswith(name.casefold()) and (len(row) == len(name) or row[len(name)] == " "):
            return row[:len(name)], row[len(name):]
    if len(row) > width and row[width] == " " and row[:width].strip():
        return row[:width].rstrip(), row[width:]
    cut = row.find("  ")
    return (row[:cut], row[cut:]) if cut > 0 else (row, "")


# ---------------------------------------------------------------- networks

def parse_networks(lines: tuple[str, ...]) -> tuple[NetworkRow, ...]:
    table, _ = read_table(lines, kinds.TITLES[kinds.NETWORKS], "Listing status for all available networks:",
                          ("Network", "Status"))
    rows = []
    for index, line in table.rows:
        status = take_word_at_end(line, NETWORK_STATUSES)
        if status is None or not status[0].strip():
            raise Unreadable(index, line, "this row does not end in a status (Up, Down, Partitioned): "
                                          "the line looks cut off")
        rows.append(NetworkRow(status[0].strip(), status[1]))
    return tuple(rows)


def parse_interfaces(lines: tuple[str, ...]) -> tuple[InterfaceRow, ...]:
    table, _ = read_table(lines, kinds.TITLES[kinds.INTERFACES],
                          "Listing status for all available network interfaces:", ("Node", "Network", "Status"))
    rows = []
    for index, line in table.rows:
        status = take_word_at_end(line, INTERFACE_STATUSES)
        parts = status[0].split(None, 1) if status else []
        if status is None or len(parts) < 2:
            raise Unreadable(index, line, "this row is not a node, a network and a status (Up, Failed, "
                                          "Unreachable): the line looks cut off")
        rows.append(InterfaceRow(parts[0], parts[1].strip(), status[1]))
    return tuple(rows)


# ---------------------------------------------------------------- ipconfig /all

_IP_LABEL = re.compile(r"^(?P<indent>\s+)(?P<label>[A-Za-z][A-Za-z0-9 ()/-]*?)\s*(?:\. ?)*\s*:(?: ?(?P<value>.*))?\Z")
_ADAPTER = re.compile(r"^(?P<kind>\S.*?) adapter (?P<name>.+):\Z")
_ADDRESS_LABELS = ("ip address", "ipv4 address")
_CONTINUATION_INDENT = 16


def parse_ipconfig(lines: tuple[str, ...]) -> IpConfig:
    index, _ = title_line(lines, kinds.TITLES[kinds.IPCONFIG], "Windows IP Configuration")
    host_values: list[tuple[str, str]] = []
    adapters: list[tuple[str, str, list[tuple[str, str]]]] = []
    current = host_values
    for position in range(index + 1, len(lines)):
        line = lines[position]
        if not line.strip():
            continue
        adapter = _ADAPTER.match(line) if not line[:1].isspace() else None
        if adapter:
            current = []
            adapters.append((adapter.group("kind"), adapter.group("name"), current))
            continue
        indent = len(line) - len(line.lstrip())
        label = _IP_LABEL.match(line) if indent < _CONTINUATION_INDENT else None
        if label:
            current.append((label.group("label").strip().casefold(), (label.group("value") or "").strip()))
        elif indent >= _CONTINUATION_INDENT and current:
            current.append((current[-1][0], line.strip()))
        else:
            raise Unreadable(position, line, "this line is neither “Label . . . : value” nor an adapter "
                                             "heading as English ipconfig /all prints them")
    host = next((value for label, value in host_values if label == "host name"), None)
    if not host:
        raise Unreadable(index, lines[index], "ipconfig /all without a “Host Name” line cannot be told apart "
                                              "from another server's")
    suffix = next((value for label, value in host_values if label == "primary dns suffix"), None)
    return IpConfig(host, suffix or None, tuple(_adapter(kind, name, values) for kind, name, values in adapters
                                                if kind.casefold() != "tunnel"))


def _adapter(kind: str, name: str, values: list[tuple[str, str]]) -> Adapter:
    addresses = [_address(value) for label, value in values if label in _ADDRESS_LABELS and value]
    masks = [value for label, value in values if label == "subnet mask" and value]
    dhcp = next((value.casefold().startswith("yes") for label, value in values if label == "dhcp enabled"), None)
    return Adapter(name=name, addresses=tuple(a for a in addresses if a), masks=tuple(masks),
                   gateways=tuple(v for label, v in values if label == "default gateway" and v),
                   dns_servers=tuple(v for label, v in values if label == "dns servers" and v),
                   dhcp=dhcp, description=next((v for label, v in values if label == "description"), None))


def _address(value: str) -> str:
    """ "10.0.0.11(Preferred)" (Windows 2008) or "10.0.0.11" -> "10.0.0.11"; IPv6 values are left out."""
    address = re.sub(r"\(.*\)\Z", "", value).strip()
    return address if re.match(r"^\d{1,3}(?:\.\d{1,3}){3}\Z", address) else ""


# ---------------------------------------------------------------- systeminfo

_SYSTEMINFO_LABEL = re.compile(r"^(?P<label>[A-Za-z][^:]*?):(?:\s+(?P<value>.*))?\Z")


def parse_systeminfo(lines: tuple[str, ...]) -> SystemInfo:
    index, _ = title_line(lines, kinds.TITLES[kinds.SYSTEMINFO], "Host Name: ...")
    values: list[tuple[str, str]] = []
    for position in range(index, len(lines)):
        line = lines[position]
        if not line.strip():
            continue
        if line[:1].isspace():
            if values:
                label, value = values[-1]
                values[-1] = (label, f"{value}\n{line.strip()}" if value else line.strip())
            continue
        match = _SYSTEMINFO_LABEL.match(line)
        if not match:
            raise Unreadable(position, line, "this line is not “Label: value” as English systeminfo prints it")
        values.append((match.group("label").strip(), (match.group("value") or "").strip()))
    info = SystemInfo(values[0][1], tuple(values))
    for required in ("OS Name", "OS Version"):
        if info.get(required) is None:
            last = len(lines) - 1
            raise Unreadable(last, lines[last], f"systeminfo without its “{required}” line: the output looks cut off")
    return info

