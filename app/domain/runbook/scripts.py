"""The runbook as scripts: a Windows batch file per phase and place, and for Exchange 2007 a
PowerShell script of its Exchange Management Shell steps.

A script holds the items of one phase that run in one place: on a given node, on the witness
server, or anywhere in the cluster. Each item's commands run in order, then the commands that
check it; the first command that fails stops the script with a message that names the step.
Work only a console can do pauses the script with the console's path. A script whose plan is not
complete (a command would hold a placeholder) refuses to run at all.
"""
from __future__ import annotations

from dataclasses import dataclass

from app.domain.runbook.commands import has_placeholder
from app.domain.runbook.items import NODE, WITNESS, Checklist, Item
from app.domain.shell import ascii_text, cmd_echo, ps_quote

CLUSTER_SCOPE = "cluster"
PASSWORD_VARIABLE = "CLUSTER_SERVICE_PASSWORD"
EMS_CONSOLE_FILE = '"%ExchangeInstallPath%bin\\exshell.psc1"'
CRLF = "\r\n"


def scope_of(item: Item) -> str:
    """Where an item's commands run: its node, the witness server, or any node of the cluster."""
    if item.target_kind in (NODE, WITNESS) and item.target:
        return item.target
    return CLUSTER_SCOPE


@dataclass(frozen=True)
class Script:
    phase: int
    scope: str
    items: tuple[Item, ...]

    @property
    def filename(self) -> str:
        place = "".join(c if c.isascii() and (c.isalnum() or c in "-_") else "-" for c in self.scope).strip("-")
        return f"phase{self.phase}-{place or 'node'}"

    @property
    def has_powershell(self) -> bool:
        return any(item.shell == "powershell" and item.command for item in self.items)

    @property
    def incomplete(self) -> bool:
        return any(has_placeholder(item.commands + item.checks) for item in self.items)


def scripts_of(checklist: Checklist) -> list[Script]:
    """Every script the runbook offers, phase by phase: the cluster's first, then each place's."""
    found = []
    for phase in checklist.phases:
        scopes: dict[str, list[Item]] = {}
        for item in phase.items:
            scopes.setdefault(scope_of(item), []).append(item)
        order = sorted(scopes, key=lambda scope: (scope != CLUSTER_SCOPE, list(scopes).index(scope)))
        found += [Script(phase.number, scope, tuple(scopes[scope])) for scope in order]
    return found


def find_script(checklist: Checklist, phase: int, scope: str) -> Script | None:
    return next((s for s in scripts_of(checklist) if s.phase == phase and s.scope == scope), None)


def whole_scope(checklist: Checklist, scope: str) -> Script:
    """Every phase's items for one place, as one script (the command line's `--format cmd`)."""
    items = tuple(item for phase in checklist.phases for item in phase.items if scope_of(item) == scope)
    return Script(0, scope, items)


# ---------------------------------------------------------------- batch files

def _where(script: Script) -> str:
    if script.scope == CLUSTER_SCOPE:
        return "on any node of the cluster (steps for the forest and the domain on a computer of the domain)"
    return f"on {script.scope}"


def _phase_words(script: Script) -> str:
    return f"phase {script.phase}" if script.phase else "every phase"


def batch(script: Script, plan_name: str, revision: int) -> str:
    """The script as a Windows batch file (CRLF line ends)."""
    lines = ["@echo off",
             f"REM {_rem(plan_name)}, revision {revision}: {_phase_words(script)}, {_rem(_where(script))}.",
             "REM Written by Exchange Cluster Planner from the plan. Each step stops the script when a command",
             "REM fails and names the step; fix the cause, then carry on from that step.",
             "setlocal"]
    if script.incomplete:
        lines += [cmd_echo("This script comes from a plan that is not complete: some commands still hold "
                           "[... not answered] placeholders."),
                  cmd_echo("Answer those questions in the planner and download the script again."),
                  "exit /b 1"]
        return CRLF.join(lines) + CRLF
    if any(f"%{PASSWORD_VARIABLE}%" in line for item in script.items for line in item.commands):
        lines += [f"if not defined {PASSWORD_VARIABLE} (",
                  "  " + cmd_echo(f"Set {PASSWORD_VARIABLE} to the cluster service account's password in this "
                                  "window first, so it is never written into a file."),
                  "  exit /b 1", ")"]
    total = len(script.items)
    for number, item in enumerate(script.items, start=1):
        lines += [""] + _batch_step(item, number, total)
    lines += ["", cmd_echo(f"All {total} steps done."), "exit /b 0"]
    for number, item in enumerate(script.items, start=1):
        lines += ["", f":failed_{number}",
                  cmd_echo(f"Stopped at step {number} of {total}: {item.title} ({item.id}). A command failed; fix "
                           "its cause, then run this script again.") + " 1>&2",
                  "exit /b 1"]
    return CRLF.join(lines) + CRLF


def _rem(text: str) -> str:
    return ascii_text(text)


def _batch_step(item: Item, number: int, total: int) -> list[str]:
    lines = [f"REM ---- {item.id}", cmd_echo(f"== Step {number} of {total}: {item.title}")]
    for command in item.commands:
        lines.append(f"{_cmd_line(item, command)} || goto failed_{number}")
    if item.by_hand:
        lines += [cmd_echo(f"   By hand: {item.console}"), cmd_echo(f"   {item.detail}") if item.detail else "",
                  cmd_echo("   Press a key when it is done."), "pause >nul"]
    for check in item.checks:
        lines.append(f"{_cmd_line(item, check)} || goto failed_{number}")
    return [line for line in lines if line]


def _cmd_line(item: Item, command: str) -> str:
    """A command as cmd.exe runs it; Exchange Management Shell cmdlets go through powershell."""
    if item.shell != "powershell":
        return command
    return f"powershell -NoProfile -PSConsoleFile {EMS_CONSOLE_FILE} -Command \"{command}; exit !$?\""


# ---------------------------------------------------------------- PowerShell

def powershell(script: Script, plan_name: str, revision: int) -> str:
    """The script's Exchange Management Shell steps as a .ps1 (run it in the Exchange Management Shell)."""
    steps = [item for item in script.items if item.shell == "powershell" and item.command]
    lines = [f"# {_comment(plan_name)}, revision {revision}: {_phase_words(script)}, {_comment(_where(script))}.",
             "# Written by Exchange Cluster Planner from the plan. Run it in the Exchange Management Shell;",
             "# the first step that fails stops it with the step's name.",
             "$ErrorActionPreference = 'Stop'"]
    if script.incomplete:
        lines += ["Write-Error 'This script comes from a plan that is not complete; answer the questions still "
                  "marked not answered, then download it again.'", "exit 1"]
        return "\r\n".join(lines) + "\r\n"
    for number, item in enumerate(steps, start=1):
        lines += ["", f"# ---- {_comment(item.id)}",
                  f"Write-Host {ps_quote(f'== Step {number} of {len(steps)}: {item.title}')}", "try {"]
        lines += [f"    {command}" for command in item.commands + item.checks]
        lines += ["} catch {",
                  f"    Write-Error {ps_quote(f'Stopped at step {number}: {item.title} ({item.id}).')}",
                  "    exit 1", "}"]
    lines += ["", f"Write-Host {ps_quote(f'All {len(steps)} steps done.')}"]
    return "\r\n".join(lines) + "\r\n"


def _comment(text: str) -> str:
    return " ".join(text.split())
