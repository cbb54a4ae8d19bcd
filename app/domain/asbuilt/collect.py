"""The collection script for a plan: `collect_script(plan) -> str` (collect.cmd, CRLF line ends).

One node of the built cluster runs it. It only lists settings, never changes one, and writes one
capture file made of sections "#### <command>" followed by that command's output: the cluster
commands of shared/spec/as-built.md, `/listowners` for every planned group, `/listdep` for every
planned resource, then `ipconfig /all` and `systeminfo` of the node it runs on. `node_commands`
gives the one line each other node runs for its own `ipconfig /all` and `systeminfo`.

cmd.exe treats % specially even inside quotes, so it is doubled; a double quote cannot be
written inside a quoted argument at all, and cmd.exe reads the file in the OEM code page, so a
name holding a quote or a character that code page lacks is left out and said so.
"""
from __future__ import annotations

import re

from app.domain import versions
from app.domain.cluster.state import ClusterState, intended_state
from app.domain.plan.model import Plan

CLUSTER_COMMANDS = ("cluster /ver", "cluster node", "cluster group", "cluster res", "cluster res /prop",
                    "cluster res /priv", "cluster network", "cluster network /prop", "cluster netint")
_UNSAFE = re.compile(r'["\r\n\x00-\x1f]')


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


def commands(state: ClusterState) -> tuple[list[str], list[str]]:
    """(the commands the script runs, as cmd.exe lines; names it had to leave out)."""
    lines = list(CLUSTER_COMMANDS)
    skipped = []
    for group in state.groups:
        if _writable(group.name):
            lines.append(f"cluster group {_quoted(group.name)} /listowners")
        else:
            skipped.append(group.name)
    for resource in state.resources:
        if _writable(resource.name):
            lines.append(f"cluster res {_quoted(resource.name)} /listdep")
        else:
            skipped.append(resource.name)
    return lines, skipped


def has_systeminfo(state: ClusterState) -> bool:
    release = versions.windows(state.windows)
    return release is None or release.has_systeminfo


def collect_script(plan: Plan, plan_name: str = "", revision: int | None = None) -> str:
    state = intended_state(plan)
    run, skipped = commands(state)
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


def node_command(state: ClusterState) -> str:
    """The line each other node runs (in cmd.exe) to write its own ipconfig /all and systeminfo."""
    parts = ["echo #### ipconfig /all", "ipconfig /all"]
    if has_systeminfo(state):
        parts += ["echo #### systeminfo", "systeminfo"]
    return f'({" & ".join(parts)}) > "%COMPUTERNAME%-asbuilt.txt" 2>&1'
