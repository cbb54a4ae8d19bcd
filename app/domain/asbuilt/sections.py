"""A capture's text cut into sections, each named by the command that printed it.

A section starts with a marker line `#### <command>`, or with a command prompt copied from a
console window (`C:\\>cluster group`), which names its command just as well. Text before the first
marker (or a whole paste without any) is cut where a line opens a known command's output, such as
"Listing status for all available nodes:", so pasting outputs by hand works too. Commands are
recognised the way cluster.exe reads them: case does not matter, options may be abbreviated (/prop,
/priv, /listdep), and a cluster name may come first (`cluster /cluster:EXCLUS1 group`,
`cluster EXCLUS1 res`). Tabs (a paste through an editor that turned runs of spaces into tabs) are
expanded to the usual 8 columns.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

# Section kinds.
VERSION, NODES, GROUPS, RESOURCES = "version", "nodes", "groups", "resources"
RESOURCE_PROPERTIES, PRIVATE_PROPERTIES = "resource-properties", "private-properties"
OWNERS, DEPENDENCIES = "owners", "dependencies"
NETWORKS, NETWORK_PROPERTIES, INTERFACES = "networks", "network-properties", "interfaces"
IPCONFIG, SYSTEMINFO = "ipconfig", "systeminfo"
QUORUM, POSSIBLE_OWNERS = "quorum", "possible-owners"

# Sections collect.cmd writes beyond the list of shared/spec/as-built.md: compared when the capture
# has them; a capture without them (one pasted by hand from the spec's list) can still match the plan.
EXTRA_KINDS = frozenset({NETWORK_PROPERTIES, QUORUM, POSSIBLE_OWNERS})

# The command each kind comes from, as the page and the messages name it.
COMMANDS = {
    VERSION: "cluster /ver", NODES: "cluster node", GROUPS: "cluster group", RESOURCES: "cluster res",
    RESOURCE_PROPERTIES: "cluster res /prop", PRIVATE_PROPERTIES: "cluster res /priv",
    OWNERS: 'cluster group "<group>" /listowners', DEPENDENCIES: 'cluster res "<resource>" /listdep',
    NETWORKS: "cluster network", NETWORK_PROPERTIES: "cluster network /prop", INTERFACES: "cluster netint",
    IPCONFIG: "ipconfig /all", SYSTEMINFO: "systeminfo", QUORUM: "cluster /quorum",
    POSSIBLE_OWNERS: 'cluster res "<resource>" /listowners',
}

# The first line each command prints in English (cluster.exe of Windows 2000, 2003 and 2008; its
# message file names a group's owners "for resource group", the spec "for group": both are read).
# `cluster /quorum` prints no title, only its table.
TITLES: dict[str, re.Pattern] = {
    NODES: re.compile(r"^Listing status for all available nodes:\Z"),
    GROUPS: re.compile(r"^Listing status for all available resource groups:\Z"),
    RESOURCES: re.compile(r"^Listing status for all available resources:\Z"),
    RESOURCE_PROPERTIES: re.compile(r"^Listing properties for all resources:\Z"),
    PRIVATE_PROPERTIES: re.compile(r"^Listing private properties for all resources:\Z"),
    OWNERS: re.compile(r"^Listing preferred owners for (?:resource )?group '(?P<target>.*)':\Z"),
    POSSIBLE_OWNERS: re.compile(r"^Listing possible owners for resource '(?P<target>.*)':\Z"),
    DEPENDENCIES: re.compile(r"^Listing resource dependencies for '(?P<target>.*)':\Z"),
    NETWORKS: re.compile(r"^Listing status for all available networks:\Z"),
    NETWORK_PROPERTIES: re.compile(r"^Listing properties for all networks:\Z"),
    INTERFACES: re.compile(r"^Listing status for all available network interfaces:\Z"),
    IPCONFIG: re.compile(r"^Windows (?:2000 )?IP Configuration\Z"),
    SYSTEMINFO: re.compile(r"^Host Name:\s"),
    VERSION: re.compile(r"^Cluster Name:\s"),
    QUORUM: re.compile(r"^Quorum Resource Name\s"),
}
# Titles of the same commands run for a single resource (`cluster res "X" /priv`): same table shape.
SINGLE_TITLES = {
    RESOURCE_PROPERTIES: re.compile(r"^Listing properties for '(?P<target>.*)':\Z"),
    PRIVATE_PROPERTIES: re.compile(r"^Listing private properties for '(?P<target>.*)':\Z"),
    NODES: re.compile(r"^Listing status for node '(?P<target>.*)':\Z"),
    GROUPS: re.compile(r"^Listing status for resource group '(?P<target>.*)':\Z"),
    RESOURCES: re.compile(r"^Listing status for resource '(?P<target>.*)':\Z"),
}

_MARKER = re.compile(r"^\s*####(?P<command>.*)\Z")
_MARKER_START = re.compile(r"^(?:[ \t\f\v]*####|[A-Za-z]:\\)", re.MULTILINE)
# A console prompt and the command typed after it: "C:\\Documents and Settings\\admin>cluster node".
_PROMPT = re.compile(r"^(?P<prompt>[A-Za-z]:\\[^<>|\"*?\n]*>)(?P<command>.*)\Z")
_TOKEN = re.compile(r'"(?P<quoted>[^"]*)"?|(?P<bare>\S+)')
_OBJECTS = {"node": NODES, "group": GROUPS, "res": RESOURCES, "resource": RESOURCES, "network": NETWORKS,
            "net": NETWORKS, "netint": INTERFACES, "netinterface": INTERFACES}


@dataclass(frozen=True)
class Section:
    command: str                 # as written after "####", or the command a paste's first line implies
    kind: str | None             # one of the kinds above; None for a command this product does not read
    target: str | None           # the group or resource a command names; the host of `systeminfo /s`
    lines: tuple[str, ...]
    first_line: int              # the file's line number of lines[0] (1-based)
    marked: bool = True          # False when cut out of unmarked text by its first line

    def line_number(self, index: int) -> int:
        return self.first_line + index


def _option(token: str, name: str, shortest: int) -> bool:
    """cluster.exe options may be shortened to their bracketed prefix: /prop[erties], /listdep[endencies]."""
    word = token.lower().split(":")[0][1:]
    return token.startswith("/") and len(word) >= shortest and name.startswith(word)


def classify(command: str) -> tuple[str | None, str | None]:
    """The section kind and target of a command line; (None, None) for commands not read here."""
    tokens = [m.group("quoted") if m.group("quoted") is not None else m.group("bare")
              for m in _TOKEN.finditer(command.strip())]
    if not tokens:
        return None, None
    program = re.split(r"[\\/]", tokens[0])[-1].lower().removesuffix(".exe")
    arguments = tokens[1:]
    if program == "ipconfig":
        return (IPCONFIG, None) if any(a.lower() == "/all" for a in arguments) else (None, None)
    if program == "systeminfo":
        return SYSTEMINFO, _systeminfo_host(arguments)
    if program != "cluster":
        return None, None
    return _classify_cluster(arguments)


def _systeminfo_host(arguments: list[str]) -> str | None:
    for index, argument in enumerate(arguments[:-1]):
        if argument.lower() == "/s":
            return arguments[index + 1]
    return None


def _classify_cluster(arguments: list[str]) -> tuple[str | None, str | None]:
    if arguments and arguments[0].lower().startswith("/cluster:"):
        arguments = arguments[1:]
    elif arguments and not arguments[0].startswith("/") and arguments[0].lower() not in _OBJECTS:
        arguments = arguments[1:]  # `cluster EXCLUS1 node`: a cluster name first
    if not arguments:
        return None, None
    if _option(arguments[0], "version", 3):
        return VERSION, None
    if _option(arguments[0], "quorumresource", 4):
        return QUORUM, None
    kind = _OBJECTS.get(arguments[0].lower())
    if kind is None:
        return None, None
    rest = arguments[1:]
    target = rest[0] if rest and not rest[0].startswith("/") else None
    options = [a for a in rest if a.startswith("/")]
    option = options[0] if options else "/status"
    if kind == GROUPS and target and _option(option, "listowners", 10):
        return OWNERS, target
    if kind == RESOURCES and target and _option(option, "listdependencies", 7):
        return DEPENDENCIES, target
    if kind == RESOURCES and target and _option(option, "listowners", 10):
        return POSSIBLE_OWNERS, target
    if kind == RESOURCES and _option(option, "properties", 4):
        return RESOURCE_PROPERTIES, target
    if kind == RESOURCES and _option(option, "privproperties", 4):
        return PRIVATE_PROPERTIES, target
    if kind == NETWORKS and _option(option, "properties", 4):
        return NETWORK_PROPERTIES, target
    if _option(option, "status", 4):
        return kind, target
    return None, None


def split_sections(text: str) -> list[Section]:
    text = text.expandtabs(8) if "\t" in text else text
    lines = text.split("\n")
    markers = []
    index, position = 0, 0
    for candidate in _MARKER_START.finditer(text):  # one scan of the text finds the few lines to look at
        index += text.count("\n", position, candidate.start())
        position = candidate.start()
        command = _marked_command(lines[index])
        if command is not None:
            markers.append((index, command))
    sections: list[Section] = _unmarked(lines[:markers[0][0]] if markers else lines, 0)
    for position, (index, command) in enumerate(markers):
        end = markers[position + 1][0] if position + 1 < len(markers) else len(lines)
        kind, target = classify(command)
        sections.append(Section(command, kind, target, tuple(lines[index + 1:end]), index + 2))
    return sections


def _marked_command(line: str) -> str | None:
    """The command a marker line or a console prompt names ("" for a bare prompt); None for other lines."""
    if "####" in line[:12]:
        marker = _MARKER.match(line)
        if marker:
            return marker.group("command").strip()
    if line[1:3] == ":\\":
        prompt = _PROMPT.match(line)
        if prompt:
            return prompt.group("command").strip()
    return None


def _unmarked(lines: list[str], offset: int) -> list[Section]:
    """Text without markers, cut where a known command's first line starts."""
    sections: list[Section] = []
    starts = [(index, kind) for index, line in enumerate(lines) for kind in [_title_kind(line)] if kind]
    if not starts and any(line.strip() for line in lines):
        return [Section("", None, None, tuple(lines), offset + 1, marked=False)]
    if starts and any(line.strip() for line in lines[:starts[0][0]]):
        sections.append(Section("", None, None, tuple(lines[:starts[0][0]]), offset + 1, marked=False))
    for position, (index, kind) in enumerate(starts):
        end = starts[position + 1][0] if position + 1 < len(starts) else len(lines)
        match = (TITLES.get(kind).match(lines[index].strip()) or
                 (SINGLE_TITLES[kind].match(lines[index].strip()) if kind in SINGLE_TITLES else None))
        target = match.groupdict().get("target") if match else None
        sections.append(Section(COMMANDS[kind].replace('"<group>"', f'"{target}"')
                                .replace('"<resource>"', f'"{target}"'), kind, target,
                                tuple(lines[index:end]), offset + index + 1, marked=False))
    return sections


def _title_kind(line: str) -> str | None:
    if line[:1].isspace():
        return None  # every first line starts at the left margin
    stripped = line.strip()
    for kind, pattern in TITLES.items():
        if pattern.match(stripped if kind not in (SYSTEMINFO, VERSION) else line):
            return kind
    return None
