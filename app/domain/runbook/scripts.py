"""The runbook as scripts: Windows batch files and, for the Exchange Management Shell, PowerShell.

The runbook's order is the order of work, and the work moves from place to place: a node, the
witness server, a node of the cluster, a computer of the domain. A script therefore holds one
*stage*: consecutive items of one phase done at one place and in one shell. Stages are numbered
in runbook order within their phase ("phase2-03-EXNODE2"), so running the scripts in the order
the Scripts page lists them, each where it says, is running the runbook. A stage also ends after
an item that needs a restart or a wait (joining the domain, ForestPrep); the next stage of that
place begins by checking that item. Work only a console can do pauses a script and says where;
a stage of nothing but such work has no script.

Every step runs its commands, then the commands that show it worked; the first that fails stops
the script with a message naming the step. The commands are written to be run twice
(commands.py), so a stopped script is run again from the top once the cause is fixed. A script
whose plan is not complete (a command would hold a placeholder) refuses to run at all.

`combined` joins a place's stages into one batch file for the person at that console: it waits
where other places' work comes in between, and after a restart it is started again with the
number of the section to go on with.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Sequence

from app.domain import versions
from app.domain.words import plural
from app.domain.runbook.commands import accepted_exit_codes, has_placeholder, restart_exit_codes
from app.domain.runbook.items import AT_CLIENT, AT_STORAGE, CLUSTER, DOMAIN, FOREST, NODE, WITNESS, Checklist, Item
from app.domain.shell import ascii_text, cmd_echo, ps_quote

PASSWORD_VARIABLE = "CLUSTER_SERVICE_PASSWORD"
MEDIA_VARIABLE = "EXCHANGE_MEDIA"
SHELL_VARIABLE = "EXSHELL"
CMD, POWERSHELL = "cmd", "powershell"
CRLF = "\r\n"


# ---------------------------------------------------------------- places

@dataclass(frozen=True)
class Place:
    """Where a stage's work is done: a node or the witness server by name, else a kind of place."""
    kind: str
    name: str = ""

    @property
    def slug(self) -> str:
        """The place in a file name: ASCII letters, digits, - and _ only."""
        text = self.name or self.kind
        slug = "".join(c if c.isascii() and (c.isalnum() or c in "-_") else "-" for c in text).strip("-")
        return slug or self.kind

    def words(self, checklist: Checklist) -> str:
        """Where a person runs the stage, in words."""
        if self.kind == NODE:
            return f"on {self.name}"
        if self.kind == WITNESS:
            return f"on {self.name}, the server that holds the file share witness"
        if self.kind == FOREST:
            return (f"on a computer of the forest root domain {checklist.forest}, in the schema master's site, "
                    "with the Exchange media")
        if self.kind == DOMAIN:
            return f"on a computer of the domain {checklist.domain}"
        if self.kind == AT_STORAGE:
            return "in the storage array's management software"
        if self.kind == AT_CLIENT:
            return "on a client computer with Outlook"
        return f"on a node of the cluster {checklist.cluster_name} (any node that is in it)"


def place_of(item: Item) -> Place:
    if item.at:
        return Place(item.at)
    if item.target_kind in (NODE, WITNESS) and item.target:
        return Place(item.target_kind, item.target)
    if item.target_kind in (FOREST, DOMAIN):
        return Place(item.target_kind)
    return Place(CLUSTER)


def shell_of(item: Item) -> str | None:
    """Which shell an item's commands need; None for work done by hand only."""
    if item.shell == POWERSHELL and (item.commands or item.checks):
        return POWERSHELL
    return CMD if item.commands or item.checks or item.checks_none else None


# ---------------------------------------------------------------- stages

@dataclass(frozen=True)
class Stage:
    phase: int
    number: int                    # its place in the phase, from 1
    place: Place
    items: tuple[Item, ...]
    shell: str = CMD
    resumes: Item | None = None    # the item a restart or a wait ended the place's previous stage with

    @property
    def filename(self) -> str:
        return f"phase{self.phase}-{self.number:02d}-{self.place.slug}"

    @property
    def runnable(self) -> bool:
        """Whether a script helps: some step runs or checks a command. A stage of console work
        only is done by hand."""
        return self.resumes is not None or any(shell_of(item) or item.prepare for item in self.items)

    @property
    def has_powershell(self) -> bool:
        return self.runnable and self.shell == POWERSHELL

    @property
    def incomplete(self) -> bool:
        return any(has_placeholder(item.commands + item.checks + item.checks_none) for item in self.steps)

    @property
    def steps(self) -> tuple[Item, ...]:
        """What the script runs: the check of a restarted or awaited item first, then the items."""
        if self.resumes is None:
            return self.items
        check = dataclasses.replace(self.resumes, id=f"{self.resumes.id}.after",
                                    title=f"Check after the last step of the previous script: {self.resumes.title}",
                                    detail="", prepare="", command="", console="", ends_script="")
        return (check, *self.items)


def stages_of(checklist: Checklist) -> list[Stage]:
    """Every stage of the runbook, in its order."""
    stages: list[Stage] = []
    for phase in checklist.phases:
        runs: list[tuple[Place, str, list[Item]]] = []
        for item in phase.items:
            place, shell = place_of(item), shell_of(item)
            last = runs[-1] if runs else None
            if last is None or last[0] != place or last[2][-1].ends_script or \
                    (shell and last[1] and shell != last[1]):
                runs.append((place, shell or "", [item]))
            else:
                last[2].append(item)
                if shell and not last[1]:
                    runs[-1] = (place, shell, last[2])
        previous: Stage | None = None
        for number, (place, shell, items) in enumerate(runs, start=1):
            ended = previous.items[-1] if previous and previous.items[-1].ends_script else None
            resumes = ended if ended is not None and previous.place == place else None
            previous = Stage(phase.number, number, place, tuple(items), shell or CMD, resumes)
            stages.append(previous)
    return stages


def find_stage(checklist: Checklist, phase: int, number: int) -> Stage | None:
    return next((s for s in stages_of(checklist) if s.phase == phase and s.number == number), None)


def stages_at(checklist: Checklist, place: Place, phase: int | None = None) -> list[Stage]:
    return [s for s in stages_of(checklist) if s.place == place and (phase is None or s.phase == phase)]


def places_of(checklist: Checklist) -> list[Place]:
    """Every place that has a script, in the order its first script comes."""
    return list(dict.fromkeys(s.place for s in stages_of(checklist) if s.runnable))


def following(checklist: Checklist, stage: Stage) -> Stage | None:
    """The stage that comes next with a script, whatever its place."""
    later = stages_of(checklist)
    later = later[later.index(stage) + 1:]
    return next((s for s in later if s.runnable), None)


def between(checklist: Checklist, first: Stage, second: Stage) -> list[Stage]:
    """The stages done elsewhere between two stages of one place."""
    stages = stages_of(checklist)
    return stages[stages.index(first) + 1:stages.index(second)]


# ---------------------------------------------------------------- batch files

def batch(stage: Stage, checklist: Checklist, plan_name: str, revision: int) -> str:
    """One stage as a Windows batch file (CRLF line ends)."""
    after = following(checklist, stage)
    then = f"Next: {after.filename}.cmd {after.place.words(checklist)}." if after else \
        "That was the last script of the runbook."
    about = f"{stage.filename}, {stage.place.words(checklist)}"
    return _BatchWriter(checklist, plan_name, revision, about, [stage], then).text()


def combined(stages: Sequence[Stage], checklist: Checklist, plan_name: str, revision: int, name: str) -> str:
    """A place's stages as one batch file; `name` says whose they are ("EXNODE1")."""
    about = f"every script of {name} ({', '.join(s.filename for s in stages)}), " \
            f"{stages[0].place.words(checklist)}" if stages else f"the scripts of {name}: none"
    return _BatchWriter(checklist, plan_name, revision, about, list(stages), "").text()


class _BatchWriter:
    """Writes stages as one batch file: a section per stage, a step per item."""

    def __init__(self, checklist: Checklist, plan_name: str, revision: int, about: str, stages: list[Stage],
                 then: str):
        self.checklist, self.stages, self.then = checklist, stages, then
        self.steps = [step for stage in stages for step in stage.steps]
        self.resumed = {s.resumes.id for s in stages_of(checklist) if s.resumes is not None}
        self.ready: set[str] = set()
        self.lines = ["@echo off",
                      f"REM {ascii_text(plan_name)}, revision {revision}: {ascii_text(about)}.",
                      "REM Written by Exchange Cluster Planner from the plan. Run the scripts in the order the",
                      "REM planner's Scripts page lists them, each where it says. The first command that fails",
                      "REM stops this script and names its step; fix the cause, then run it again: every step",
                      "REM can be run twice.",
                      "setlocal"]

    def text(self) -> str:
        if any(stage.incomplete for stage in self.stages) or not self.stages:
            self.lines += [cmd_echo("This script comes from a plan that is not complete: some commands still hold "
                                    "[... not answered] placeholders."),
                           cmd_echo("Answer those questions in the planner and download the script again."),
                           "exit /b 1"]
            return CRLF.join(self.lines) + CRLF
        if len(self.stages) > 1:
            self.resume_argument()
        number = 0
        for index, stage in enumerate(self.stages):
            if len(self.stages) > 1:
                self.section_start(index)
            self.ready = set()  # what this section has set up: a resumed run starts at a section
            for step in stage.steps:
                number += 1
                self.step(step, number, index)
        self.lines += ["", "if defined RESTART_NEEDED " + cmd_echo("Windows asked for a restart: restart this "
                                                                   "computer before the next script."),
                       cmd_echo(f"Done: {plural(len(self.steps), 'step')}. {self.then}".strip()), "exit /b 0"]
        for number, step in enumerate(self.steps, start=1):
            self.lines += ["", f":failed_{number}",
                           cmd_echo(f"Stopped at step {number} of {len(self.steps)}: {step.title} ({step.id}). A "
                                    "command failed or a check found something wrong; fix its cause, then run this "
                                    "script again.") + " 1>&2",
                           "exit /b 1"]
        return CRLF.join(self.lines) + CRLF

    # ------------------------------------------------------------ what the whole script needs

    def preconditions(self, item: Item) -> list[str]:
        """What a step needs set up first, once per section: the password, the media, the shell."""
        needs = {PASSWORD_VARIABLE: any(f"%{PASSWORD_VARIABLE}%" in command for command in item.commands),
                 MEDIA_VARIABLE: item.from_media and bool(item.commands),
                 SHELL_VARIABLE: shell_of(item) == POWERSHELL}
        lines = []
        for need in (need for need, wanted in needs.items() if wanted and need not in self.ready):
            self.ready.add(need)
            lines += {PASSWORD_VARIABLE: self.password, MEDIA_VARIABLE: self.media,
                      SHELL_VARIABLE: self.management_shell}[need](item)
        return lines

    @staticmethod
    def password(item: Item) -> list[str]:
        return [f"if not defined {PASSWORD_VARIABLE} (",
                "  " + cmd_echo(f"Set {PASSWORD_VARIABLE} to the cluster service account's password in this window "
                                "first, so it is never written into a file; then run this script again."),
                "  exit /b 1", ")"]

    def media(self, item: Item) -> list[str]:
        setup = "setup.com" if any(c.startswith("setup.com") for c in item.commands) else "setup.exe"
        folder = self.checklist.media_folder or "its setup folder"
        return [f'if not defined {MEDIA_VARIABLE} set "{MEDIA_VARIABLE}=%CD%"',
                f'if not exist "%{MEDIA_VARIABLE}%\\{setup}" (',
                "  " + cmd_echo(f"{setup} is not in the folder of {MEDIA_VARIABLE} (the current folder unless you set "
                                f"it). Run this script from the Exchange media's folder that holds it ({folder}), or "
                                f"set {MEDIA_VARIABLE} to that folder first."),
                "  exit /b 1", ")"]

    @staticmethod
    def management_shell(item: Item) -> list[str]:
        """Exchange 2007 sets no variable for its folder; Setup writes it in the registry."""
        key, value = versions.EXCHANGE["2007"].install_path_value
        return [f'set "{SHELL_VARIABLE}="',
                f'for /f "tokens=2,*" %%A in (\'reg query "{key}" /v {value} 2^>nul ^| findstr /I /C:"{value}"\')'
                f' do set "{SHELL_VARIABLE}=%%Bbin\\exshell.psc1"',
                f"if not defined {SHELL_VARIABLE} (",
                "  " + cmd_echo("The Exchange Management Shell is not installed here (no MsiInstallPath under "
                                f"{key}); run this script on a node with Exchange 2007."),
                "  exit /b 1", ")"]

    def resume_argument(self) -> None:
        """`script.cmd 3` goes on with section 3 (after a restart or a wait)."""
        count = len(self.stages)
        numbers = " ".join(str(n) for n in range(1, count + 1))
        self.lines += ['set "START=%~1"', "if not defined START goto section_1",
                       f'for %%S in ({numbers}) do if "%START%"=="%%S" goto section_%%S',
                       cmd_echo(f"Give the number of the section to go on with, from 1 to {count}, or nothing to "
                                "start at the beginning.") + " 1>&2",
                       "exit /b 1"]

    def section_start(self, index: int) -> None:
        stage = self.stages[index]
        self.lines += ["", f":section_{index + 1}", cmd_echo(f"==== Section {index + 1}: {stage.filename}")]
        if index == 0:
            return
        elsewhere = between(self.checklist, self.stages[index - 1], stage)
        if elsewhere:
            self.lines.append(cmd_echo("Before going on, this work elsewhere must be done, in this order:"))
            for other in elsewhere:
                what = f"{other.filename}.cmd" if other.runnable else f"by hand: {other.items[0].title}"
                self.lines.append(cmd_echo(f"- {what}, {other.place.words(self.checklist)}"))
            self.lines += [cmd_echo("Press a key when it is done."), "pause >nul"]

    # ------------------------------------------------------------ one step

    def step(self, item: Item, number: int, section: int) -> None:
        lines = [f"REM ---- {ascii_text(item.id)}", cmd_echo(f"== Step {number} of {len(self.steps)}: {item.title}")]
        lines += self.preconditions(item)
        if item.prepare:
            lines += self.by_hand(f"Do this by hand first: {item.prepare}")
        from_media = item.from_media and bool(item.commands)
        if from_media:  # setup runs from the media's folder; the checks and the next steps from here
            lines.append(f'pushd "%{MEDIA_VARIABLE}%"')
        for command in item.commands:
            lines += self.run(item, command, number)
        if from_media:
            lines.append("popd")
        if item.by_hand:
            lines += self.by_hand(f"Do this by hand: {item.console}. {item.detail}".strip())
        if item.ends_script:
            lines += self.end_here(item, section)
        else:
            lines += [f"{self.line(item, check)} || goto failed_{number}" for check in item.checks]
            lines += [f"{self.line(item, check)} && goto failed_{number}" for check in item.checks_none]
        self.lines += [""] + lines

    @staticmethod
    def by_hand(text: str) -> list[str]:
        return [cmd_echo(f"   {text}"), cmd_echo("   Press a key when it is done."), "pause >nul"]

    def run(self, item: Item, command: str, number: int) -> list[str]:
        accepted = accepted_exit_codes(command)
        if not accepted:
            return [f"{self.line(item, command)} || goto failed_{number}"]
        lines = [self.line(item, command), 'set "RC=%errorlevel%"']
        lines += [f'if "%RC%"=="{code}" set "RESTART_NEEDED=1"' for code in restart_exit_codes(command)]
        tests = " ".join(f'if not "%RC%"=="{code}"' for code in (0, *accepted))
        return lines + [f"{tests} goto failed_{number}"]

    def end_here(self, item: Item, section: int) -> list[str]:
        """After a restart or a wait the work goes on in the next script, which checks this step."""
        if item.id not in self.resumed:
            checks = "; ".join(item.checks + item.checks_none)
            go_on = (f"Then check it ({checks}) and run the next script." if checks else "Then run the next script.")
        elif len(self.stages) > 1 and section + 1 < len(self.stages):
            return [cmd_echo(f"{item.ends_script} Then run this script again with the section to go on with:")
                    + f" %~nx0 {section + 2}", "exit /b 0"]
        else:
            go_on = "Then run the next script; it begins by checking this step."
        return [cmd_echo(f"{item.ends_script} {go_on} {self.then}".strip()), "exit /b 0"]

    @staticmethod
    def line(item: Item, command: str) -> str:
        """A command as cmd.exe runs it; Exchange Management Shell cmdlets go through powershell,
        which stops at the first error and then exits with 1."""
        if shell_of(item) != POWERSHELL:
            return command
        return (f'powershell -NoProfile -PSConsoleFile "%{SHELL_VARIABLE}%" -Command '
                f"\"$ErrorActionPreference = 'Stop'; {command}\"")


# ---------------------------------------------------------------- PowerShell

def powershell(stage: Stage, checklist: Checklist, plan_name: str, revision: int) -> str:
    """An Exchange Management Shell stage as a .ps1, to run in the Exchange Management Shell."""
    about = f"{stage.filename}, {stage.place.words(checklist)}"
    return _PowerShellWriter(plan_name, revision, about, [stage], checklist).text()


def combined_powershell(stages: Sequence[Stage], checklist: Checklist, plan_name: str, revision: int,
                        name: str) -> str:
    shell_stages = [s for s in stages if s.has_powershell]
    about = f"the Exchange Management Shell scripts of {name} ({', '.join(s.filename for s in shell_stages)})"
    return _PowerShellWriter(plan_name, revision, about, shell_stages, checklist).text()


class _PowerShellWriter:
    def __init__(self, plan_name: str, revision: int, about: str, stages: list[Stage], checklist: Checklist):
        self.stages, self.checklist = stages, checklist
        self.steps = [step for stage in stages for step in stage.steps]
        self.lines = [f"# {_comment(plan_name)}, revision {revision}: {_comment(about)}.",
                      "# Written by Exchange Cluster Planner from the plan. Run it in the Exchange Management Shell;",
                      "# the first step that fails stops it, names the step and shows the error. Every step can",
                      "# be run twice.",
                      "$ErrorActionPreference = 'Stop'"]

    def text(self) -> str:
        if not self.stages or any(stage.incomplete for stage in self.stages):
            self.lines += ["Write-Host 'This script comes from a plan that is not complete; answer the questions still "
                           "marked not answered, then download it again.'", "exit 1"]
            return CRLF.join(self.lines) + CRLF
        self.lines += ["if (-not (Get-Command Get-ExchangeServer -ErrorAction SilentlyContinue)) {",
                       "    Write-Host 'Run this script in the Exchange Management Shell.'", "    exit 1", "}"]
        number = 0
        for index, stage in enumerate(self.stages):
            if index:
                self.wait_for(self.stages[index - 1], stage)
            for step in stage.steps:
                number += 1
                self.step(step, number)
        done = f"Done: {plural(len(self.steps), 'step')}."
        self.lines += ["", f"Write-Host {_ps_text(done)}"]
        return CRLF.join(self.lines) + CRLF

    def wait_for(self, before: Stage, stage: Stage) -> None:
        others = between(self.checklist, before, stage)
        if others:
            listed = "; ".join(f"{s.filename} {s.place.words(self.checklist)}" for s in others)
            wait = f"Before going on, do this work elsewhere, in this order: {listed}. Then press Enter"
            self.lines += ["", f"Read-Host {_ps_text(wait)}"]

    def step(self, item: Item, number: int) -> None:
        body = []
        if item.prepare:
            body.append(f"Read-Host {_ps_text(f'Do this by hand first: {item.prepare} Then press Enter')}")
        body += item.commands
        if item.by_hand:
            body.append(f"Read-Host {_ps_text(f'Do this by hand: {item.console}. Then press Enter')}")
        body += item.checks
        stopped = f"Stopped at step {number} of {len(self.steps)}: {item.title} ({item.id})."
        self.lines += ["", f"# ---- {_comment(item.id)}",
                       f"Write-Host {_ps_text(f'== Step {number} of {len(self.steps)}: {item.title}')}", "try {"]
        self.lines += [f"    {line}" for line in body]
        self.lines += ["} catch {",
                       f"    Write-Host {_ps_text(stopped)} -ForegroundColor Red",
                       "    Write-Host ('Error: ' + $_) -ForegroundColor Red",
                       "    exit 1", "}"]


def _comment(text: str) -> str:
    return ascii_text(text)


def _ps_text(text: str) -> str:
    """A message for Write-Host or Read-Host, in ASCII: PowerShell 1.0 reads a .ps1 without a byte
    order mark in the system's code page."""
    return ps_quote(ascii_text(text))
