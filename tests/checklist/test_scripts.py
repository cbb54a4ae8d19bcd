"""The runbook's scripts: stages in the runbook's order, batch files and PowerShell, re-runnable
commands, checks that can fail, and the quoting of every name the plan allows."""
from __future__ import annotations

import re

import pytest

from app.domain.plan import load_plan
from app.domain.rules import check
from app.domain.runbook import build_checklist, scripts
from app.domain.runbook.items import NODE
from app.domain.shell import UnsafeValue, cmd_echo, cmd_quote, ps_quote
from tests.domain.plans import BASES, DELETE, add_nodes, add_virtual_servers, build

NAMES = {"cluster.public_gateway": "10.0.0.1", "cluster.quorum.witness_folder": "C:\\FSW_EXCLUS1"}
# Names the plan allows that mean something to cmd.exe outside quotes.
HOSTILE_GROUP = "EXVS1 & (main) | <a> ^b !c 'd'"
HOSTILE_LABEL = "Logs & more > here"
HOSTILE_ORGANIZATION = "Contoso & Partners (EU) | <x>"
HOSTILE_STORAGE_GROUP = "SG 'one' & <two> (three)"


def checklist_of(base, *changes):
    return build_checklist(load_plan(build(base, NAMES, *changes)))


def four_node_2003():
    return checklist_of("ex2003-win2003", add_nodes(2), add_virtual_servers(2))


def stage_files(checklist) -> list[str]:
    return [stage.filename for stage in scripts.stages_of(checklist)]


def actions(stage) -> list[str]:
    return [item.id.rsplit(".", 1)[1] for item in stage.items]


def stage_named(checklist, filename):
    return next(s for s in scripts.stages_of(checklist) if s.filename == filename)


def batch_of(checklist, filename, name="Plan"):
    return scripts.batch(stage_named(checklist, filename), checklist, name, 3)


def all_batches(checklist):
    return [(stage, scripts.batch(stage, checklist, "Plan", 3))
            for stage in scripts.stages_of(checklist) if stage.runnable]


# ---------------------------------------------------------------- the runbook's order

def test_a_four_node_2003_plan_runs_in_the_order_of_the_runbook():
    """Each node is prepared, the disks are prepared on the first node and checked on each other
    alone, then the cluster is made, its networks set and the nodes join it, one by one."""
    checklist = four_node_2003()
    phase2 = [(s.filename, actions(s)) for s in scripts.stages_of(checklist) if s.phase == 2]
    assert phase2 == [
        ("phase2-01-EXNODE1", ["configure-network", "join-domain"]),
        ("phase2-02-EXNODE1", ["not-domain-controller", "prerequisites", "service-account-admin"]),
        ("phase2-03-EXNODE2", ["configure-network", "join-domain"]),
        ("phase2-04-EXNODE2", ["not-domain-controller", "prerequisites", "service-account-admin"]),
        ("phase2-05-EXNODE3", ["configure-network", "join-domain"]),
        ("phase2-06-EXNODE3", ["not-domain-controller", "prerequisites", "service-account-admin"]),
        ("phase2-07-EXNODE4", ["configure-network", "join-domain"]),
        ("phase2-08-EXNODE4", ["not-domain-controller", "prerequisites", "service-account-admin"]),
        ("phase2-09-storage", ["present-luns"]),
        ("phase2-10-EXNODE1", ["prepare-disks"]),
        ("phase2-11-EXNODE2", ["check-disks"]),
        ("phase2-12-EXNODE3", ["check-disks"]),
        ("phase2-13-EXNODE4", ["check-disks"]),
        ("phase2-14-EXNODE1", ["create-cluster"]),
        ("phase2-15-cluster", ["network-roles"]),
        ("phase2-16-EXNODE2", ["join-cluster"]),
        ("phase2-17-EXNODE3", ["join-cluster"]),
        ("phase2-18-EXNODE4", ["join-cluster"]),
        ("phase2-19-cluster", ["set-quorum", "msdtc-dependencies", "create-msdtc"]),
    ]
    assert not stage_named(checklist, "phase2-09-storage").runnable  # the storage array's work is by hand


@pytest.mark.parametrize("base", sorted(BASES))
def test_no_script_uses_the_cluster_before_the_script_that_creates_it(base):
    checklist = checklist_of(base)
    created = False
    for stage in scripts.stages_of(checklist):
        for item in stage.items:
            if item.id.endswith("create-cluster"):
                created = True
                continue
            uses = [line for line in item.commands + item.checks + item.checks_none if "cluster /cluster:" in line]
            assert created or not uses, (stage.filename, item.id)


def test_2007_on_windows_2008_validates_before_the_cluster_and_secures_the_witness_before_the_quorum():
    checklist = checklist_of("ex2007-ccr-win2008")
    order = [(s.filename, actions(s)) for s in scripts.stages_of(checklist) if s.phase == 2][4:]
    assert order == [("phase2-05-EXNODE1", ["validate", "create-cluster"]),
                     ("phase2-06-cluster", ["name-networks", "network-roles"]),
                     ("phase2-07-EXNODE2", ["join-cluster"]),
                     ("phase2-08-EXHUB1", ["create-share"]),
                     ("phase2-09-cluster", ["set-quorum"])]
    assert "on EXHUB1, the server that holds the file share witness" in batch_of(checklist, "phase2-08-EXHUB1")


def test_joining_the_domain_ends_the_script_and_the_next_one_checks_it_first():
    checklist = checklist_of("ex2003-win2003")
    first, second = batch_of(checklist, "phase2-01-EXNODE1"), batch_of(checklist, "phase2-02-EXNODE1")
    end = first.split("REM ---- p2.node.EXNODE1.join-domain\r\n", 1)[1]
    assert "echo(Restart EXNODE1 to finish joining the domain. Then run the next script; it begins by checking " \
           "this step. Next: phase2-02-EXNODE1.cmd on EXNODE1.\r\nexit /b 0\r\n" in end
    assert "net config workstation" not in first
    assert second.split("REM ---- ", 2)[1].startswith("p2.node.EXNODE1.join-domain.after\r\n")
    assert ('net config workstation | findstr /I /R /C:"^Workstation Domain DNS Name  *contoso\\.com$" '
            "|| goto failed_1") in second


def test_forestprep_ends_its_script_to_wait_for_replication_and_runs_from_the_media():
    checklist = checklist_of("ex2003-win2003")
    assert stage_files(checklist)[:2] == ["phase1-01-forest", "phase1-02-domain"]
    text = batch_of(checklist, "phase1-01-forest")
    assert "on a computer of the forest root domain contoso.com" in text
    assert 'if not exist "%EXCHANGE_MEDIA%\\setup.exe" (' in text
    assert 'pushd "%EXCHANGE_MEDIA%"\r\nsetup /forestprep || goto failed_1\r\npopd\r\n' in text
    assert "^(SETUP\\I386^)" in text
    assert "echo(Wait until the change has replicated to every domain controller of the forest" in text
    assert "setup /domainprep" not in text
    assert "setup /domainprep || goto failed_1" in batch_of(checklist, "phase1-02-domain")


def test_exchange_2007_prepares_schema_ad_and_domain_in_three_scripts():
    checklist = checklist_of("ex2007-scc-win2003")
    phase1 = [(s.filename, actions(s)) for s in scripts.stages_of(checklist) if s.phase == 1]
    assert phase1 == [("phase1-01-forest", ["prepare-schema"]), ("phase1-02-forest", ["prepare-ad"]),
                      ("phase1-03-domain", ["prepare-domain", "confirm-dynamic-updates"])]
    assert 'if not exist "%EXCHANGE_MEDIA%\\setup.com" (' in batch_of(checklist, "phase1-03-domain")


def test_exchange_management_shell_work_is_a_script_of_its_own():
    checklist = checklist_of("ex2007-ccr-win2008")
    phase4 = [(s.filename, s.shell, actions(s)) for s in scripts.stages_of(checklist) if s.phase == 4]
    assert phase4 == [("phase4-01-cluster", "cmd", ["preferred-owners"]),
                      ("phase4-02-cluster", "powershell", ["check-resources", "storage-groups",
                                                           "check-replication"])]


def test_each_node_has_its_stages_in_order_and_one_combined_file():
    checklist = four_node_2003()
    node2 = scripts.stages_at(checklist, scripts.Place(NODE, "EXNODE2"))
    assert [s.filename for s in node2] == ["phase2-03-EXNODE2", "phase2-04-EXNODE2", "phase2-11-EXNODE2",
                                           "phase2-16-EXNODE2", "phase3-02-EXNODE2", "phase5-06-EXNODE2"]
    text = scripts.combined(node2, checklist, "Plan", 1, "EXNODE2")
    assert 'for %%S in (1 2 3 4 5 6) do if "%START%"=="%%S" goto section_%%S' in text
    assert "Then run this script again with the section to go on with: %~nx0 2\r\nexit /b 0" in text
    section3 = text.split(":section_3\r\n", 1)[1].split(":section_4", 1)[0]
    assert "echo(- phase2-05-EXNODE3.cmd, on EXNODE3\r\n" in section3
    assert "echo(- by hand: Present the shared disks Q:, R:, S:, T:, U: to every node, in the storage array" in section3
    assert section3.index("phase2-10-EXNODE1.cmd") < section3.index("pause >nul")


# ---------------------------------------------------------------- batch files

@pytest.mark.parametrize("base", sorted(BASES))
def test_every_batch_file_has_crlf_line_ends_echo_off_and_stops_at_the_first_failure(base):
    for stage, text in all_batches(checklist_of(base)):
        assert text.startswith("@echo off\r\n") and text.endswith("\r\n")
        assert "\n" not in text.replace("\r\n", "")
        for number, item in enumerate(stage.steps, start=1):
            assert f"REM ---- {item.id}\r\n" in text
            failure = text.split(f":failed_{number}\r\n", 1)[1].split("\r\n", 1)[0]
            assert item.id in failure and failure.startswith(f"echo(Stopped at step {number} of ")
            assert failure.endswith("1>&2")
        for line in text.split("\r\n"):
            assert "goto failed_" not in line or re.search(r"goto failed_\d+$", line), line


def test_one_step_is_counted_as_one():
    checklist = checklist_of("ex2003-win2003")
    text = batch_of(checklist, "phase2-10-EXNODE2")  # the join: one step
    assert "echo(Done: 1 step. Next: " in text and "1 steps" not in text


def test_work_done_in_a_console_pauses_the_script_and_says_where():
    checklist = checklist_of("ex2003-win2003")
    text = batch_of(checklist, "phase4-01-cluster")
    sa = text.split("REM ---- p4.vs.EXVS1.system-attendant\r\n", 1)[1].split("REM ----", 1)[0]
    assert "echo(Do this by hand: Cluster Administrator ^> File ^> New ^> Resource. Only Cluster Administrator's" \
           in sa
    assert "pause >nul" in sa


def test_the_adapters_are_named_by_hand_before_the_netsh_commands_use_their_names():
    text = batch_of(checklist_of("ex2003-win2003"), "phase2-01-EXNODE1")
    step = text.split("REM ---- p2.node.EXNODE1.configure-network\r\n", 1)[1]
    assert step.index("echo(Do this by hand first: Network Connections: name the adapter") < step.index("pause >nul")
    assert step.index("pause >nul") < step.index("netsh interface ip set address name=Public")
    assert "Disable NetBIOS over TCP/IP" in step and "Speed ^& Duplex" in step


def test_a_plan_that_is_not_complete_gives_scripts_that_refuse_to_run():
    checklist = checklist_of("ex2003-win2003", {"cluster.ip": DELETE})
    create = next(s for s in scripts.stages_of(checklist) if "create-cluster" in actions(s))
    text = scripts.batch(create, checklist, "Plan", 1)
    assert create.incomplete and "exit /b 1" in text and "cluster /cluster" not in text


def test_the_service_account_password_is_asked_for_at_the_step_never_written():
    checklist = checklist_of("ex2003-win2003")
    text = batch_of(checklist, "phase2-08-EXNODE1")
    assert "if not defined CLUSTER_SERVICE_PASSWORD (" in text
    assert text.index("if not defined CLUSTER_SERVICE_PASSWORD") > text.index("REM ---- p2.node.EXNODE1.create-cluster")
    assert "/password:%CLUSTER_SERVICE_PASSWORD%" in text
    assert "CLUSTER_SERVICE_PASSWORD" not in batch_of(checklist, "phase2-01-EXNODE1")


def test_exchange_2007_shell_steps_find_the_shell_in_the_registry():
    """Exchange 2007 defines no %ExchangeInstallPath%; Setup writes its folder in the registry."""
    checklist = checklist_of("ex2007-ccr-win2008")
    text = batch_of(checklist, "phase5-02-cluster")
    assert "%ExchangeInstallPath%" not in text
    assert ('for /f "tokens=2,*" %%A in (\'reg query "HKLM\\SOFTWARE\\Microsoft\\Exchange\\Setup" /v MsiInstallPath '
            '2^>nul ^| findstr /I /C:"MsiInstallPath"\') do set "EXSHELL=%%Bbin\\exshell.psc1"') in text
    assert ('powershell -NoProfile -PSConsoleFile "%EXSHELL%" -Command "$ErrorActionPreference = \'Stop\'; '
            "Move-ClusteredMailboxServer -Identity 'EXCMS1' -TargetMachine 'EXNODE2' -MoveComment 'Failover test' "
            "-Confirm:$false\" || goto failed_1") in text


def test_a_ps1_shows_the_step_and_the_error_then_exits_1():
    checklist = checklist_of("ex2007-ccr-win2008")
    stage = stage_named(checklist, "phase4-02-cluster")
    assert stage.has_powershell and not stage_named(checklist, "phase4-01-cluster").has_powershell
    ps1 = scripts.powershell(stage, checklist, "Plan", 1)
    assert ps1.startswith("# Plan, revision 1: phase4-02-cluster") and "$ErrorActionPreference = 'Stop'" in ps1
    assert "Write-Error" not in ps1  # with Stop it would throw before `exit 1`
    catch = ps1.split("} catch {\r\n", 1)[1].split("}\r\n", 1)[0]
    assert catch == ("    Write-Host 'Stopped at step 1 of 3: Check the resources setup created for EXCMS1 "
                     "(p4.vs.EXCMS1.check-resources).' -ForegroundColor Red\r\n"
                     "    Write-Host ('Error: ' + $_) -ForegroundColor Red\r\n    exit 1\r\n")
    assert "Write-Host 'Run this script in the Exchange Management Shell.'" in ps1


# ---------------------------------------------------------------- run twice

def test_what_a_script_makes_is_made_only_when_it_is_not_there():
    checklist = checklist_of("ex2003-win2003")
    network = batch_of(checklist, "phase2-02-EXNODE1")
    assert ("net localgroup Administrators | findstr /X /L /I /C:CONTOSO\\\\svc-cluster >nul || "
            "net localgroup Administrators CONTOSO\\svc-cluster /add || goto failed_4") in network
    vs = batch_of(checklist, "phase4-01-cluster")
    assert ('cluster /cluster:EXCLUS1 group "EXVS1 Group" /stat >nul 2>&1 || '
            'cluster /cluster:EXCLUS1 group "EXVS1 Group" /create || goto failed_1') in vs
    assert ('cluster /cluster:EXCLUS1 res "EXVS1 IP Address" /stat >nul 2>&1 || cluster /cluster:EXCLUS1 res '
            '"EXVS1 IP Address" /create /group:"EXVS1 Group" /type:"IP Address" || goto failed_2') in vs
    assert ('cluster /cluster:EXCLUS1 res "Disk R:" /stat | findstr /L /I /C:" EXVS1 Group " >nul || '
            'cluster /cluster:EXCLUS1 res "Disk R:" /moveto:"EXVS1 Group" || goto failed_4') in vs
    adddep = 'cluster /cluster:EXCLUS1 res "EXVS1 Network Name" /adddep:"EXVS1 IP Address"\r\n'
    assert adddep + 'set "RC=%errorlevel%"\r\nif not "%RC%"=="0" if not "%RC%"=="5003" goto failed_3\r\n' in vs
    witness = batch_of(checklist_of("ex2007-ccr-win2003"), "phase2-08-EXHUB1")
    assert 'if not exist "C:\\FSW_EXCLUS1\\*" mkdir C:\\FSW_EXCLUS1 || goto failed_1' in witness
    assert ("net share FSW_EXCLUS1 >nul 2>&1 || net share FSW_EXCLUS1=C:\\FSW_EXCLUS1 "
            "/GRANT:CONTOSO\\svc-cluster,FULL || goto failed_1") in witness


def test_server_manager_counts_already_installed_and_restart_needed_as_done():
    """TechNet cc733119: 1003 no change needed, 3010 installed with a restart to come."""
    text = batch_of(checklist_of("ex2007-ccr-win2008"), "phase2-02-EXNODE1")
    assert ("ServerManagerCmd -install Failover-Clustering\r\n"
            'set "RC=%errorlevel%"\r\n'
            'if "%RC%"=="3010" set "RESTART_NEEDED=1"\r\n'
            'if not "%RC%"=="0" if not "%RC%"=="1003" if not "%RC%"=="3010" goto failed_4\r\n') in text
    assert "if defined RESTART_NEEDED echo(Windows asked for a restart" in text


def test_exchange_management_shell_steps_make_only_what_is_missing():
    checklist = checklist_of("ex2007-scc-win2003", {"storage_groups": [
        {"server": "EXCMS1", "name": "SG2", "database": "DB2", "log_folder": "S:\\SG2", "database_folder": "R:\\SG2"}]})
    storage = checklist.get("p4.vs.EXCMS1.storage-groups")
    assert storage.commands == [
        "if (-not (Get-StorageGroup -Identity 'EXCMS1\\SG2' -ErrorAction SilentlyContinue)) "
        "{ New-StorageGroup -Server 'EXCMS1' -Name 'SG2' -LogFolderPath 'S:\\SG2' -SystemFolderPath 'S:\\SG2' }",
        "if (-not (Get-MailboxDatabase -Identity 'EXCMS1\\SG2\\DB2' -ErrorAction SilentlyContinue)) "
        "{ New-MailboxDatabase -StorageGroup 'EXCMS1\\SG2' -Name 'DB2' -EdbFilePath 'R:\\SG2\\DB2.edb' }",
        "if (-not (Get-MailboxDatabase -Identity 'EXCMS1\\SG2\\DB2' -Status).Mounted) "
        "{ Mount-Database -Identity 'EXCMS1\\SG2\\DB2' }"]


# ---------------------------------------------------------------- checks that can fail

def test_checks_look_for_the_planned_value_not_just_any_output():
    checklist = checklist_of("ex2003-win2003")
    assert checklist.get("p2.node.EXNODE1.join-domain").checks == [
        'net config workstation | findstr /I /R /C:"^Workstation Domain DNS Name  *contoso\\.com$"']
    assert checklist.get("p2.node.EXNODE1.configure-network").checks == [
        'ipconfig | findstr /R /C:": 10\\.0\\.0\\.11\\>"', 'ipconfig | findstr /R /C:": 192\\.168\\.10\\.11\\>"']
    assert checklist.get("p2.cluster.network-roles").checks == [
        'cluster /cluster:EXCLUS1 network Private /prop | findstr /R /C:" Address  *192\\.168\\.10\\.0\\>"',
        'cluster /cluster:EXCLUS1 network Private /prop | findstr /R /C:" Role  *1 "',
        'cluster /cluster:EXCLUS1 network Public /prop | findstr /R /C:" Address  *10\\.0\\.0\\.0\\>"',
        'cluster /cluster:EXCLUS1 network Public /prop | findstr /R /C:" Role  *3 "']
    ccr = checklist_of("ex2007-ccr-win2008")
    assert ccr.get("p2.node.EXNODE1.failover-clustering").checks == [
        'ServerManagerCmd -query | findstr /R /C:"\\[X\\] .*\\[Failover-Clustering\\]"']


def test_moving_the_groups_off_a_node_is_checked_by_finding_none_left_on_it():
    checklist = checklist_of("ex2003-win2003")
    move = checklist.get("p3.node.EXNODE1.move-groups-off")
    assert move.checks_none == ['cluster /cluster:EXCLUS1 group | findstr /L /I /C:" EXNODE1 "']
    text = batch_of(checklist, "phase3-01-EXNODE1")
    assert 'cluster /cluster:EXCLUS1 group | findstr /L /I /C:" EXNODE1 " && goto failed_1' in text


def test_replication_is_checked_to_be_healthy():
    replication = checklist_of("ex2007-ccr-win2008").get("p4.vs.EXCMS1.check-replication")
    assert replication.checks[1] == (
        "if (Get-StorageGroupCopyStatus -Server 'EXCMS1' | Where-Object { $_.SummaryCopyStatus -ne 'Healthy' }) "
        "{ throw 'A storage group copy of EXCMS1 is not Healthy.' }")


# ---------------------------------------------------------------- quoting

def _unquoted(line: str) -> str:
    """The parts of a cmd.exe line outside double quotes."""
    return "".join(part for index, part in enumerate(line.split('"')) if index % 2 == 0)


SCRIPT_SYNTAX = ("REM", "echo(", "@echo", ":", "exit", "setlocal", "pause", ")", "set \"", "for /f", "pushd",
                 "if not defined", "if defined", 'if "%', 'if not "%')


def _command_lines(text: str):
    """Every line of a batch file that runs a plan's command, without the script's own syntax."""
    for line in text.split("\r\n"):
        if not line or line.startswith(SCRIPT_SYNTAX):
            continue
        line = re.sub(r" (\|\||&&) goto failed_\d+$", "", line)
        yield re.sub(r'^if not exist "[^"]*" ', "", line)


def hostile(base: str) -> dict:
    return build(base, NAMES, {"active_directory.exchange_organization": HOSTILE_ORGANIZATION},
                 {"disks[1].label": HOSTILE_LABEL} if "ccr" not in base else {},
                 {"virtual_servers[0].group": HOSTILE_GROUP} if "2007" not in base else {},
                 {"storage_groups[0].name": HOSTILE_STORAGE_GROUP})


@pytest.mark.parametrize("base", sorted(BASES))
def test_every_generated_command_quotes_hostile_names(base):
    document = hostile(base)
    assert "names-command-safe" not in {f.rule for f in check(load_plan(document)).findings}
    checklist = build_checklist(load_plan(document))
    texts = [text for _, text in all_batches(checklist)]
    texts += [scripts.combined(scripts.stages_at(checklist, scripts.Place(NODE, name)), checklist, "Plan", 1, name)
              for name in checklist.node_names]
    checked = 0
    for text in texts:
        for line in _command_lines(text):
            checked += 1
            assert line.count('"') % 2 == 0, line
            for name in (HOSTILE_GROUP, HOSTILE_LABEL, HOSTILE_ORGANIZATION, HOSTILE_STORAGE_GROUP):
                assert name not in _unquoted(line), line
    assert checked > 50


@pytest.mark.parametrize("base", ["ex2007-ccr-win2008", "ex2007-scc-win2003"])
def test_powershell_scripts_quote_hostile_names_as_literals(base):
    checklist = build_checklist(load_plan(hostile(base)))
    shell_stages = [s for s in scripts.stages_of(checklist) if s.has_powershell]
    assert shell_stages
    for stage in shell_stages:
        text = scripts.powershell(stage, checklist, "Plan", 1)
        assert "'SG ''one'' & <two> (three)'" in text or "storage-groups" not in actions(stage)
        for line in text.split("\r\n"):
            assert line.count("'") % 2 == 0, line


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
