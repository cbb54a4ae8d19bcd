"""The collection script for a plan: `collect_script(plan) -> str` (collect.cmd, CRLF line ends).

One node of the built cluster runs it. It only lists settings, never changes one, and writes one
capture file made of sections "#### <command>" followed by that command's output: the cluster
commands of shared/spec/as-built.md, `/listowners` for every planned group, `/listdep` for every
planned resource, then `ipconfig /all` and `systeminfo` of the node it runs on. Beyond the spec's
list it asks for `cluster /quorum` (which resource holds the quorum) and `cluster network /prop`
(each network's subnet and role), and for the possible owners (`cluster res "X" /listowners`) of
the resources of every group with planned preferred owners, where failover is planned.
`node_commands` gives the one line each other node runs for its own `ipconfig /all` and `systeminfo`.

The group and resource commands name things as the plan does. Where an earlier capture found one
under another name (administrators name resources freely; Windows 2008 and Exchange 2007 setup
give their own names), `FoundNames` from that capture's comparison makes the script ask for the
name the cluster uses, and the script's header says which.

cmd.exe treats % specially even inside quotes, so it is doubled; a double quote cannot be
written inside a quoted argument at all, and cmd.exe reads the file in the OEM code page, so a
name holding a quote or a character that code page lacks is left out and said so.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from app.domain import versions
from app.domain.cluster.state import ClusterState, Resource, intended_state
from app.domain.plan.model import Plan

CLUSTER_COMMANDS = ("cluster /ver", "cluster node", "cluster group", "cluster res", "cluster res /prop",
                    "cluster res /priv", "cluster /quorum", "cluster network", "cluster network /prop",
                    "cluster netint")
_UNSAFE = re.compile(r'["\r\n\x00-\x1f]')


@dataclass(frozen=True)
class FoundNames:
    """The names an earlier capture found for planned groups and resources, where the cluster names
    them otherwise (planned name -> the cluster's)."""
    capture_id: int
    groups: tuple[tuple[str, str], ...] = ()
    resources: tuple[tuple[str, str], ...] = ()

    def __bool__(self) -> bool:
        return bool(self.groups or self.resources)

    def group(self, name: str) -> str:
        return dict(self.groups).get(name, name)

    def resource(self, name: str) -> str:
        return dict(self.resources).get(name, name)


NO_NAMES = FoundNames(0)


def possible_owner_resources(state: ClusterState) -> tuple[Resource, ...]:
    """The resources whose possible owners are collected: those of groups with planned preferred owners."""
    owned = {g.name for g in state.groups if g.preferred_owners}
    return tuple(r for r in state.resources if r.group in owned)


def capture_file_name(state: ClusterState) -> str:
    name = re.sub(r"[^A-Za-z0-9_-]", "", state.name or "") or "cluster"
    return f"asbuilt-{name}.txt"


def _quoted(name: str) -> str:
    return '"' + name.replace("%", "%%") + '"'


def _plain(text: str) -> str:
    """Text for a `rem` or `echo` line outside quotes: no character cmd.exe would act on, and only
    what the OEM code page holds."""
    return re.sub(r"[%&|<>^\"\r\n]", "", text).encode("cp437", errors="replace").decode("cp437")


def _writable(name: str) -> bool:
    """cmd.exe reads a batch file in the OEM code page; a name it cannot hold, or a double quote
    inside a quoted argument, cannot be passed on."""
    try:
        name.encode("cp437")
    except UnicodeEncodeError:
        return False
    return not _UNSAFE.search(name)


def commands(state: ClusterState, names: FoundNames = NO_NAMES) -> tuple[list[str], list[str]]:
    """(the commands the script runs, as cmd.exe lines; names it had to leave out)."""
    lines = list(CLUSTER_COMMANDS)
    skipped: list[str] = []
    asked = ([("group", names.group(g.name), "/listowners") for g in state.groups] +
             [("res", names.resource(r.name), "/listdep") for r in state.resources] +
             [("res", names.resource(r.name), "/listowners") for r in possible_owner_resources(state)])
    for noun, name, option in asked:
        if _writable(name):
            lines.append(f"cluster {noun} {_quoted(name)} {option}")
        elif name not in skipped:
            skipped.append(name)
    return lines, skipped


def has_systeminfo(state: ClusterState) -> bool:
    release = versions.windows(state.windows)
    return release is None or release.has_systeminfo


def collect_script(plan: Plan, plan_name: str = "", revision: int | None = None,
                   names: FoundNames = NO_NAMES) -> str:
    state = intended_state(plan)
    run, skipped = commands(state, names)
    host = ["ipconfig /all"] + (["systeminfo"] if has_systeminfo(state) else [])
    output = capture_file_name(state)
    about = _plain(plan_name or "this plan") + (f", revision {revision}" if revision else "")
    lines = [
        "@echo off",
        f"rem collect.cmd for {about}: written by Exchange Cluster Planner.",
        f"rem Run it on one node of the cluster{' ' + _plain(state.name) if state.name else ''} as an account that "
        "administers the cluster.",
        "rem It only lists settings and changes nothing. It writes " + output + " next to itself;",
        "rem upload that file on the plan's As built page.",
        *(f"rem Left out (cmd.exe cannot pass this name to cluster.exe): {_plain(name)}" for name in skipped),
        *_renamed_lines(names),
        "setlocal",
        f'set "OUT=%~dp0{output}"',
        'type nul > "%OUT%"',
    ]
    for command in run + host:
        # The marker line is echoed as written, the command's output (and errors) follow it.
        lines.append(f'>> "%OUT%" echo #### {command}')
        lines.append(f'{command} >> "%OUT%" 2>&1')
    lines += [
        "echo Written: %OUT%",
        "echo On every other node run the command the As built page shows, and upload its file too.",
        "endlocal",
    ]
    return "\r\n".join(lines) + "\r\n"


def _renamed_lines(names: FoundNames) -> list[str]:
    if not names:
        return []
    lines = [f"rem Names as capture {names.capture_id} found them in the cluster, where the plan names them "
             "otherwise:"]
    lines += [f"rem   {noun} {_plain(planned)} is named {_plain(found)}"
              for noun, pairs in (("group", names.groups), ("resource", names.resources)) for planned, found in pairs]
    return lines


def node_command(state: ClusterState) -> str:
    """The line each other node runs (in cmd.exe) to write its own ipconfig /all and systeminfo."""
    parts = ["echo #### ipconfig /all", "ipconfig /all"]
    if has_systeminfo(state):
        parts += ["echo #### systeminfo", "systeminfo"]
    return f'({" & ".join(parts)}) > "%COMPUTERNAME%-asbuilt.txt" 2>&1'
