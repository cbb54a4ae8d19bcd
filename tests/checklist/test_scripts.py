"""The runbook's scripts: batch files and PowerShell, and the quoting of every name the plan allows."""
from __future__ import annotations

import re

import pytest

from app.domain.plan import load_plan
from app.domain.rules import check
from app.domain.runbook import build_checklist, scripts
from app.domain.shell import UnsafeValue, cmd_echo, cmd_quote, ps_quote
from tests.domain.plans import BASES, DELETE, build

NAMES = {"cluster.public_gateway": "10.0.0.1", "cluster.quorum.witness_folder": "C:\\FSW_EXCLUS1"}
# Names the plan allows that mean something to cmd.exe outside quotes.
HOSTILE_GROUP = "EXVS1 & (main) | <a> ^b !c 'd'"
HOSTILE_LABEL = "Logs & more > here"
HOSTILE_ORGANIZATION = "Contoso & Partners (EU) | <x>"


def all_scripts(document):
    plan = load_plan(document)
    checklist = build_checklist(plan)
    return [(script, scripts.batch(script, "Plan", 3)) for script in scripts.scripts_of(checklist)]


def test_a_batch_file_has_crlf_line_ends_echo_off_and_stops_at_the_first_failure():
    for script, text in all_scripts(build("ex2003-win2003", NAMES)):
        assert text.startswith("@echo off\r\n") and text.endswith("\r\n")
        assert "\n" not in text.replace("\r\n", "")
        for number, item in enumerate(script.items, start=1):
            assert f"REM ---- {item.id}\r\n" in text
            assert f":failed_{number}\r\n" in text
            failure = text.split(f":failed_{number}\r\n", 1)[1].split("\r\n", 1)[0]
            assert item.id in failure and failure.startswith("echo(Stopped at step") and failure.endswith("1>&2")
            for command in item.commands + item.checks:
                assert f"{command} || goto failed_{number}\r\n" in text


def test_work_done_in_a_console_pauses_the_script_and_says_where():
    cluster = scripts.find_script(build_checklist(load_plan(build("ex2003-win2003", NAMES))), 4, "cluster")
    text = scripts.batch(cluster, "Plan", 1)
    sa = text.split("REM ---- p4.vs.EXVS1.system-attendant\r\n", 1)[1].split("REM ----", 1)[0]
    assert "echo(By hand: Cluster Administrator ^> File ^> New ^> Resource" in sa and "pause >nul" in sa


def test_scripts_are_split_by_phase_and_by_where_they_run():
    checklist = build_checklist(load_plan(build("ex2007-ccr-win2008", NAMES)))
    places = {(s.phase, s.scope) for s in scripts.scripts_of(checklist)}
    assert {(2, "cluster"), (2, "EXNODE1"), (2, "EXNODE2"), (2, "EXHUB1"), (3, "EXNODE1"), (4, "cluster")} <= places
    for script in scripts.scripts_of(checklist):
        for item in script.items:
            assert scripts.scope_of(item) == script.scope


def test_a_plan_that_is_not_complete_gives_scripts_that_refuse_to_run():
    document = build("ex2003-win2003", NAMES, {"cluster.ip": DELETE})
    checklist = build_checklist(load_plan(document))
    create = scripts.find_script(checklist, 2, "EXNODE1")
    text = scripts.batch(create, "Plan", 1)
    assert create.incomplete and "exit /b 1" in text and "cluster /cluster" not in text


def test_the_service_account_password_is_asked_for_never_written():
    checklist = build_checklist(load_plan(build("ex2003-win2003", NAMES)))
    text = scripts.batch(scripts.find_script(checklist, 2, "EXNODE1"), "Plan", 1)
    assert "if not defined CLUSTER_SERVICE_PASSWORD (" in text
    assert "/password:%CLUSTER_SERVICE_PASSWORD%" in text


def test_exchange_2007_shell_steps_run_through_the_exchange_management_shell_and_as_ps1():
    checklist = build_checklist(load_plan(build("ex2007-ccr-win2008", NAMES)))
    script = scripts.find_script(checklist, 5, "cluster")
    assert script.has_powershell
    batch = scripts.batch(script, "Plan", 1)
    assert ('powershell -NoProfile -PSConsoleFile "%ExchangeInstallPath%bin\\exshell.psc1" -Command '
            "\"Move-ClusteredMailboxServer -Identity 'EXCMS1' -TargetMachine 'EXNODE2' -MoveComment 'Failover test' "
            "-Confirm:$false; exit !$?\"") in batch
    ps1 = scripts.powershell(script, "Plan", 1)
    assert ps1.startswith("# Plan, revision 1") and "$ErrorActionPreference = 'Stop'" in ps1
    assert "    Move-ClusteredMailboxServer -Identity 'EXCMS1' -TargetMachine 'EXNODE2'" in ps1
    assert "exit 1" in ps1 and "\r\n" in ps1


# ---------------------------------------------------------------- quoting

def _unquoted(line: str) -> str:
    """The parts of a cmd.exe line outside double quotes."""
    return "".join(part for index, part in enumerate(line.split('"')) if index % 2 == 0)


def _command_lines(text: str):
    for line in text.split("\r\n"):
        if line and not line.startswith(("REM", "echo(", "@echo", ":", "exit", "setlocal", "pause", "if ", ")")):
            yield line.removesuffix(next((m for m in re.findall(r" \|\| goto failed_\d+$", line)), ""))


@pytest.mark.parametrize("base", sorted(BASES))
def test_every_generated_command_quotes_hostile_names(base):
    document = build(base, NAMES, {"active_directory.exchange_organization": HOSTILE_ORGANIZATION},
                     {"disks[1].label": HOSTILE_LABEL} if "ccr" not in base else {},
                     {"virtual_servers[0].group": HOSTILE_GROUP} if "2007" not in base else {})
    assert "names-command-safe" not in {f.rule for f in check(load_plan(document)).findings}
    for script, text in all_scripts(document):
        for line in _command_lines(text):
            assert line.count('"') % 2 == 0, line
            for name in (HOSTILE_GROUP, HOSTILE_LABEL, HOSTILE_ORGANIZATION):
                assert name not in _unquoted(line), line
                if name in line:
                    assert f'"{name}"' in line or f':"{name}"' in line, line


@pytest.mark.parametrize("value", ['say "hi"', "100%", "EX\u202eVS1", "EX\u200bVS1", "Müller", "a\nb"])
def test_what_cannot_be_quoted_is_refused_by_the_rules_and_by_the_quoting(value):
    with pytest.raises(UnsafeValue):
        cmd_quote(value)
    document = build("ex2003-win2003", {"virtual_servers[0].group": value})
    assert "names-command-safe" in {f.rule for f in check(load_plan(document)).findings}


def test_quoting_helpers():
    assert cmd_quote("EXVS1") == "EXVS1" and cmd_quote("EXVS1 Group") == '"EXVS1 Group"'
    assert cmd_quote("A&B") == '"A&B"'
    assert ps_quote("it's") == "'it''s'" and ps_quote("a\u2019b") == "'a\u2019\u2019b'"
    assert cmd_echo("A & B (c) > d") == "echo(A ^& B ^(c^) ^> d"
    assert cmd_echo("100% › sure") == "echo(100? > sure".replace(">", "^>")
