"""The runbook's second edition (shared/spec/checklist.md): the work the first edition left out,
with the exact commands, per Exchange family and Windows release."""
from __future__ import annotations

import pytest

from app.domain.runbook import build_checklist
from tests.domain.plans import DELETE, add_nodes, add_virtual_servers, build

from .plans import four_node_2003_on_windows2000, plan_of

SG = {"server": "EXVS1", "name": "First Storage Group", "database": "Mailbox Store (EXVS1)",
      "log_folder": "S:\\SG1\\Logs", "database_folder": "R:\\SG1"}
NAMES = {"active_directory.exchange_organization": "Contoso",
         "active_directory.administrative_group": "First Administrative Group",
         "active_directory.routing_group": "First Routing Group", "cluster.public_gateway": "10.0.0.1"}


def runbook(base, *changes):
    return build_checklist(plan_of(build(base, *changes)))


def ids(checklist) -> list[str]:
    return [item.id for item in checklist.items]


def item(checklist, item_id):
    found = checklist.get(item_id)
    assert found is not None, f"{item_id} not in {ids(checklist)}"
    return found


def before(checklist, first: str, second: str) -> bool:
    order = ids(checklist)
    return order.index(first) < order.index(second)


# ---------------------------------------------------------------- Exchange 2003 on Windows 2003

def test_2003_storage_is_prepared_on_one_node_before_the_cluster_exists():
    checklist = runbook("ex2003-win2003")
    assert before(checklist, "p2.cluster.present-luns", "p2.node.EXNODE1.prepare-disks")
    assert before(checklist, "p2.node.EXNODE1.prepare-disks", "p2.node.EXNODE2.check-disks")
    assert before(checklist, "p2.node.EXNODE2.check-disks", "p2.node.EXNODE1.create-cluster")
    prepare = item(checklist, "p2.node.EXNODE1.prepare-disks")
    assert "Every other node stays switched off" in prepare.detail and "NTFS" in prepare.detail
    assert "R: EXVS1 databases" in prepare.detail
    # chkntfs and vol are part of every Windows release (fsutil is not part of Windows 2000).
    assert prepare.checks == ['chkntfs Q: | findstr /L /I /C:NTFS', 'vol Q: | findstr /L /I /C:" is Quorum"',
                              'chkntfs R: | findstr /L /I /C:NTFS', 'vol R: | findstr /L /I /C:" is EXVS1 databases"',
                              'chkntfs S: | findstr /L /I /C:NTFS', 'vol S: | findstr /L /I /C:" is EXVS1 logs"']
    assert item(checklist, "p2.node.EXNODE2.check-disks").checks == prepare.checks


def test_2003_nodes_get_their_addresses_with_netsh_and_no_gateway_on_the_private_adapter():
    checklist = runbook("ex2003-win2003", NAMES)
    network = item(checklist, "p2.node.EXNODE1.configure-network")
    assert network.commands == [
        "netsh interface ip set address name=Public source=static addr=10.0.0.11 mask=255.255.255.0 "
        "gateway=10.0.0.1 gwmetric=1",
        "netsh interface ip set dns name=Public source=static addr=10.0.0.2 register=primary",
        "netsh interface ip set address name=Private source=static addr=192.168.10.11 mask=255.255.255.0 "
        "gateway=none",
        "netsh interface ip set dns name=Private source=static addr=none register=none"]
    assert network.checks == ['ipconfig | findstr /R /C:": 10\\.0\\.0\\.11\\>"',
                              'ipconfig | findstr /R /C:": 192\\.168\\.10\\.11\\>"']
    assert network.prepare.startswith("Network Connections: name the adapter on the public network Public and the "
                                      "one on the private network Private.")


def test_2003_cluster_is_created_and_joined_with_cluster_exe():
    checklist = runbook("ex2003-win2003")
    create = item(checklist, "p2.node.EXNODE1.create-cluster")
    assert create.command == ("cluster /cluster:EXCLUS1 node /stat >nul 2>&1 || "
                              "cluster /cluster:EXCLUS1 /create /ipaddress:10.0.0.50,255.255.255.0,Public "
                              "/user:CONTOSO\\svc-cluster /password:%CLUSTER_SERVICE_PASSWORD% /node:EXNODE1 /verbose")
    assert create.checks == ["cluster /cluster:EXCLUS1 node /stat", "cluster /cluster:EXCLUS1 res /stat"]
    join = item(checklist, "p2.node.EXNODE2.join-cluster")
    assert join.command == ("cluster /cluster:EXCLUS1 node EXNODE2 /stat >nul 2>&1 || "
                            "cluster /cluster:EXCLUS1 /add:EXNODE2 /password:%CLUSTER_SERVICE_PASSWORD% /verbose")
    quorum = item(checklist, "p2.cluster.set-quorum")
    assert quorum.command == 'cluster /cluster:EXCLUS1 /quorum:"Disk Q:"'
    assert quorum.checks == ['cluster /cluster:EXCLUS1 /quorum | findstr /L /I /C:"Disk Q:"']
    roles = item(checklist, "p2.cluster.network-roles")
    assert roles.commands == ["cluster /cluster:EXCLUS1 network Private /prop Role=1",
                              "cluster /cluster:EXCLUS1 network Public /prop Role=3",
                              "cluster /cluster:EXCLUS1 /setnetpriority:Private,Public"]
    assert checklist.get("p2.cluster.name-networks") is None  # Windows 2003 names them after the adapters
    assert before(checklist, "p2.node.EXNODE2.join-cluster", "p2.cluster.set-quorum")


def test_2003_msdtc_has_its_disk_and_name_first_and_no_word_of_comclust():
    checklist = runbook("ex2003-win2003")
    assert before(checklist, "p2.cluster.msdtc-dependencies", "p2.cluster.create-msdtc")
    dtc = item(checklist, "p2.cluster.create-msdtc")
    assert dtc.commands == [
        'cluster /cluster:EXCLUS1 res MSDTC /stat >nul 2>&1 || '
        'cluster /cluster:EXCLUS1 res MSDTC /create /group:"Cluster Group" /type:"Distributed Transaction Coordinator"',
        'cluster /cluster:EXCLUS1 res MSDTC /adddep:"Cluster Name"',
        'cluster /cluster:EXCLUS1 res MSDTC /adddep:"Disk Q:"',
        "cluster /cluster:EXCLUS1 res MSDTC /online /wait"]
    assert "/listdep" in dtc.verify
    assert "comclust" not in " ".join(i.text for i in checklist.items).lower()


def test_2003_msdtc_disk_of_its_own_is_moved_into_the_cluster_group():
    checklist = runbook("ex2003-win2003", {"disks[2].purpose": "msdtc", "virtual_servers[0].disks": ["R:"]})
    needs = item(checklist, "p2.cluster.msdtc-dependencies")
    assert needs.commands == ['cluster /cluster:EXCLUS1 res "Disk S:" /stat | findstr /L /I /C:" Cluster Group " '
                              '>nul || cluster /cluster:EXCLUS1 res "Disk S:" /moveto:"Cluster Group"']


def test_2003_virtual_server_group_comes_online_before_the_system_attendant():
    checklist = runbook("ex2003-win2003", NAMES)
    order = [i.id.rsplit(".", 1)[1] for i in checklist.phases[3].items]
    assert order == ["create-group", "ip-address", "network-name", "move-disks", "bring-online", "system-attendant",
                     "system-attendant-online", "preferred-owners", "storage-groups"]
    ip = item(checklist, "p4.vs.EXVS1.ip-address")
    assert ip.commands == [
        'cluster /cluster:EXCLUS1 res "EXVS1 IP Address" /stat >nul 2>&1 || '
        'cluster /cluster:EXCLUS1 res "EXVS1 IP Address" /create /group:"EXVS1 Group" /type:"IP Address"',
        'cluster /cluster:EXCLUS1 res "EXVS1 IP Address" /priv Address=10.0.0.60 SubnetMask=255.255.255.0 '
        "Network=Public EnableNetBIOS=1:DWORD"]
    assert ip.checks == ['cluster /cluster:EXCLUS1 res "EXVS1 IP Address" /stat',
                         'cluster /cluster:EXCLUS1 res "EXVS1 IP Address" /priv']
    name = item(checklist, "p4.vs.EXVS1.network-name")
    assert name.commands[1:] == [
        'cluster /cluster:EXCLUS1 res "EXVS1 Network Name" /priv Name=EXVS1 RequireKerberos=1:DWORD '
        "RequireDNS=1:DWORD",
        'cluster /cluster:EXCLUS1 res "EXVS1 Network Name" /adddep:"EXVS1 IP Address"']
    assert 'cluster /cluster:EXCLUS1 res "EXVS1 Network Name" /listdep' in name.checks
    assert "DNS registration must succeed" in name.detail
    assert item(checklist, "p4.vs.EXVS1.bring-online").command == \
        'cluster /cluster:EXCLUS1 group "EXVS1 Group" /online /wait'
    sa = item(checklist, "p4.vs.EXVS1.system-attendant")
    assert sa.by_hand and sa.console == "Cluster Administrator › File › New › Resource"
    assert "First Administrative Group" in sa.detail and "First Routing Group" in sa.detail
    assert "R:\\exchsrvr" in sa.detail
    owners = item(checklist, "p4.vs.EXVS1.preferred-owners")
    assert owners.command == 'cluster /cluster:EXCLUS1 group "EXVS1 Group" /setowners:EXNODE1,EXNODE2'
    assert owners.checks == ['cluster /cluster:EXCLUS1 group "EXVS1 Group" /listowners']


def test_2003_the_first_storage_group_is_moved_to_its_planned_disks_and_only_the_others_created():
    """The System Attendant makes First Storage Group with a mailbox and a public folder store."""
    second = dict(SG, name="SG2", database="DB2", log_folder="S:\\SG2", database_folder="R:\\SG2")
    checklist = runbook("ex2003-win2003", NAMES, {"storage_groups": [SG, second]})
    storage = item(checklist, "p4.vs.EXVS1.storage-groups")
    assert storage.by_hand and storage.title == "Put the storage groups and databases of EXVS1 on their planned disks"
    assert storage.console == ("Exchange System Manager › Administrative Groups › First Administrative Group › "
                               "Servers › EXVS1")
    assert storage.detail == (
        "Exchange System Manager only. The System Attendant already made First Storage Group with Mailbox Store "
        "(EXVS1) and Public Folder Store (EXVS1) in R:\\exchsrvr\\mdbdata. Move its transaction logs and system "
        "path (First Storage Group › Properties › General) and its stores' database files (each store › Properties "
        "› Database): First Storage Group: logs in S:\\SG1\\Logs, database Mailbox Store (EXVS1) in R:\\SG1. "
        "Create (Exchange System Manager › Administrative Groups › First Administrative Group › Servers › EXVS1 › "
        "New › Storage Group): SG2: logs in S:\\SG2, database DB2 in R:\\SG2. Then mount each database.")
    only_new = item(runbook("ex2003-win2003", NAMES, {"storage_groups": [second]}), "p4.vs.EXVS1.storage-groups")
    assert "It stays there. Create (" in only_new.detail


def test_2003_imap4_resource_added_by_hand_with_its_resource_type():
    checklist = runbook("ex2003-win2003", {"virtual_servers[0].protocols.imap4": True})
    imap = item(checklist, "p4.vs.EXVS1.add-imap4")
    assert imap.by_hand and "Microsoft Exchange IMAP4 Server Instance" in imap.detail
    assert "Exchange IMAP4 Virtual Server Instance 1 (EXVS1)" in imap.detail
    assert before(checklist, "p4.vs.EXVS1.system-attendant-online", "p4.vs.EXVS1.add-imap4")


@pytest.mark.parametrize("protocol, service", [("imap4", "IMAP4Svc"), ("pop3", "POP3Svc")])
def test_2003_protocol_services_start_manually_on_every_node_before_their_resource(protocol, service):
    """Exchange 2003 setup leaves POP3 and IMAP4 disabled (TechNet bb123629)."""
    checklist = runbook("ex2003-win2003", {f"virtual_servers[0].protocols.{protocol}": True})
    services = item(checklist, f"p4.vs.EXVS1.{protocol}-service")
    assert services.commands == [f"sc \\\\EXNODE1 config {service} start= demand",
                                 f"sc \\\\EXNODE2 config {service} start= demand"]
    assert services.checks == [f"sc \\\\EXNODE1 qc {service} | findstr /L /I /C:DEMAND_START",
                               f"sc \\\\EXNODE2 qc {service} | findstr /L /I /C:DEMAND_START"]
    assert before(checklist, f"p4.vs.EXVS1.{protocol}-service", f"p4.vs.EXVS1.add-{protocol}")
    # Windows 2000 has no sc.exe: the Services console on each node.
    old = item(runbook("ex2003-win2000", {f"virtual_servers[0].protocols.{protocol}": True}),
               f"p4.vs.EXVS1.{protocol}-service")
    assert old.by_hand and old.console.startswith("Services › Microsoft Exchange ")


def test_the_system_attendants_resources_have_the_names_cluster_administrator_shows():
    checklist = runbook("ex2003-win2003")
    online = item(checklist, "p4.vs.EXVS1.system-attendant-online")
    assert 'cluster /cluster:EXCLUS1 res "SMTP Virtual Server Instance 1 (EXVS1)" /stat' in online.checks
    assert 'cluster /cluster:EXCLUS1 res "Exchange HTTP Virtual Server Instance 100 (EXVS1)" /stat' in online.checks


def test_every_plan_ends_with_best_practices_a_tested_backup_and_the_as_built_capture():
    for base in ("ex2003-win2003", "ex2000-win2000", "ex2007-scc-win2008", "ex2007-ccr-win2003"):
        last = [i.id for i in runbook(base).phases[4].items][-4:]
        assert last == ["p5.cluster.best-practices", "p5.cluster.tested-backup", "p5.cluster.as-built-capture",
                        "p5.node.EXNODE2.as-built-capture"], base
    checklist = runbook("ex2003-win2003")
    capture = item(checklist, "p5.cluster.as-built-capture")
    assert capture.target == "EXNODE1" and capture.command == "call collect.cmd"  # it returns to the script
    assert capture.checks == ["dir /b asbuilt-EXCLUS1.txt"]
    other = item(checklist, "p5.node.EXNODE2.as-built-capture")
    assert other.command == ('(echo #### ipconfig /all & ipconfig /all & echo #### systeminfo & systeminfo) > '
                             '"%COMPUTERNAME%-asbuilt.txt" 2>&1')
    assert other.checks == ['dir /b "%COMPUTERNAME%-asbuilt.txt"']


@pytest.mark.parametrize("base, outlook", [("ex2003-win2003", "Outlook 2003: Tools › E-mail Accounts"),
                                           ("ex2007-ccr-win2008", "Outlook 2007: Tools › Account Settings")])
def test_the_client_check_names_where_each_outlook_keeps_its_server(base, outlook):
    connect = next(i for i in runbook(base).items if i.id.endswith("client-connect"))
    assert outlook in connect.console


def test_forestprep_names_the_organization():
    checklist = runbook("ex2003-win2003", NAMES)
    assert "name the organization Contoso" in item(checklist, "p1.forest.forestprep").detail


# ---------------------------------------------------------------- Windows 2000

def test_windows_2000_creates_and_joins_in_the_wizard_and_clusters_msdtc_with_comclust():
    checklist = build_checklist(plan_of(four_node_2003_on_windows2000()))
    create = item(checklist, "p2.node.EXNODE3.create-cluster")
    assert create.by_hand and create.console == "Add/Remove Programs › Windows Components › Cluster Service"
    join = item(checklist, "p2.node.EXNODE1.join-cluster")
    assert join.by_hand and join.checks == ["cluster /cluster:EXCLUS1 node EXNODE1 /stat"]
    assert [i.target for i in checklist.items if i.id.endswith(".comclust")] == ["EXNODE3", "EXNODE1", "EXNODE4",
                                                                                  "EXNODE2"]
    # No Kerberos and no "DNS registration must succeed" on a Windows 2000 Network Name.
    name = item(checklist, "p4.vs.EXVS1.network-name")
    assert "RequireKerberos" not in name.command and "RequireDNS" not in name.command
    assert "DNS registration" not in name.detail


def test_exchange_2000_delegates_the_service_account_and_its_system_attendant_makes_imap_and_pop():
    checklist = runbook("ex2000-win2000")
    assert checklist.get("p4.cluster.service-account-exchange-admin") is not None
    assert "and the IMAP4 and POP3 resources" in item(checklist, "p4.vs.EXVS1.system-attendant").detail


# ---------------------------------------------------------------- Exchange 2007

def test_2007_on_windows_2008_installs_the_feature_validates_then_creates_in_the_console():
    checklist = runbook("ex2007-scc-win2008")
    feature = item(checklist, "p2.node.EXNODE1.failover-clustering")
    assert feature.command == "ServerManagerCmd -install Failover-Clustering"
    prerequisites = item(checklist, "p2.node.EXNODE1.prerequisites")
    assert prerequisites.title == ("Install on EXNODE1: Windows PowerShell and the Web Server (IIS) role services "
                                   "of the Mailbox role")
    assert prerequisites.commands == [f"ServerManagerCmd -install {feature}" for feature in (
        "PowerShell", "Web-Server", "Web-ISAPI-Ext", "Web-Metabase", "Web-Lgcy-Mgmt-Console", "Web-Basic-Auth",
        "Web-Windows-Auth")]
    assert prerequisites.checks[1] == 'ServerManagerCmd -query | findstr /R /C:"\\[X\\] .*\\[Web-Server\\]"'
    validate = item(checklist, "p2.cluster.validate")
    assert validate.by_hand and "Validate a Configuration" in validate.console and "report" in validate.detail
    assert before(checklist, "p2.node.EXNODE2.failover-clustering", "p2.cluster.validate")
    assert before(checklist, "p2.cluster.validate", "p2.node.EXNODE1.create-cluster")
    assert item(checklist, "p2.node.EXNODE1.create-cluster").console == "Failover Cluster Management › Create a Cluster"
    assert item(checklist, "p2.node.EXNODE2.join-cluster").command == \
        "cluster /cluster:EXCLUS1 node EXNODE2 /stat >nul 2>&1 || cluster /cluster:EXCLUS1 /add:EXNODE2 /verbose"
    assert before(checklist, "p2.node.EXNODE2.join-cluster", "p2.cluster.add-disks")
    # No one-node-at-a-time storage on Windows 2008.
    assert checklist.get("p2.node.EXNODE2.check-disks") is None


def test_2007_node_that_creates_the_clustered_mailbox_server_installs_first():
    """The setup order puts the passive node first; the node that runs /NewCms still goes first."""
    checklist = runbook("ex2007-scc-win2003", {"setup.node_order": ["EXNODE2", "EXNODE1"],
                                               "virtual_servers[0].preferred_owners": ["EXNODE1", "EXNODE2"]})
    installs = [i.id for i in checklist.phases[2].items if i.id.endswith("install-exchange")]
    assert installs == ["p3.node.EXNODE1.install-exchange", "p3.node.EXNODE2.install-exchange"]
    active = item(checklist, "p3.node.EXNODE1.install-exchange")
    assert active.command == ("setup.com /mode:Install /roles:Mailbox /NewCms /CMSName:EXCMS1 /CMSIPAddress:10.0.0.60 "
                              "/CMSSharedStorage /CMSDataPath:R:\\EXCMS1")


def test_2007_binaries_on_another_drive_get_a_target_dir():
    checklist = runbook("ex2007-ccr-win2008", {"nodes[1].binaries_drive": "D:", "nodes[0].binaries_drive": "D:"})
    passive = item(checklist, "p3.node.EXNODE2.install-exchange")
    assert passive.command == 'setup.com /mode:Install /roles:Mailbox /TargetDir:"D:\\Program Files\\Microsoft\\Exchange Server"'


def test_2007_prepare_ad_carries_the_organization_name_when_it_is_planned():
    unnamed = runbook("ex2007-scc-win2003", {"active_directory.exchange_organization": DELETE})
    assert item(unnamed, "p1.forest.prepare-ad").command == "setup.com /PrepareAD"
    named = runbook("ex2007-scc-win2003", {"active_directory.exchange_organization": "Contoso Mail"})
    assert item(named, "p1.forest.prepare-ad").command == 'setup.com /PrepareAD /OrganizationName:"Contoso Mail"'


def test_2007_ccr_on_windows_2008_creates_and_secures_the_witness_share_then_the_quorum():
    checklist = runbook("ex2007-ccr-win2008", {"cluster.quorum.witness_folder": "C:\\FSW_EXCLUS1"})
    share = item(checklist, "p2.witness.create-share")
    assert share.target == "EXHUB1" and share.target_kind == "witness"
    # Windows 2008: the cluster's computer account writes to the witness (TechNet bb676490).
    assert share.commands == ['if not exist "C:\\FSW_EXCLUS1\\*" mkdir C:\\FSW_EXCLUS1',
                              "net share FSW_EXCLUS1 >nul 2>&1 || "
                              "net share FSW_EXCLUS1=C:\\FSW_EXCLUS1 /GRANT:CONTOSO\\EXCLUS1$,FULL",
                              "echo y| cacls C:\\FSW_EXCLUS1 /G BUILTIN\\Administrators:F CONTOSO\\EXCLUS1$:F"]
    assert "the cluster's computer account CONTOSO\\EXCLUS1$" in share.detail and "instead" not in share.detail
    assert before(checklist, "p2.witness.create-share", "p2.cluster.set-quorum")
    quorum = item(checklist, "p2.cluster.set-quorum")
    assert quorum.by_hand and quorum.checks == ['cluster /cluster:EXCLUS1 /quorum | findstr /L /I /C:"File Share '
                                                'Witness"']
    assert before(checklist, "p2.cluster.set-quorum", "p3.node.EXNODE1.install-exchange")
    replication = item(checklist, "p4.vs.EXCMS1.check-replication")
    assert replication.shell == "powershell" and not replication.commands
    assert replication.checks == [
        "Get-StorageGroupCopyStatus -Server 'EXCMS1'",
        "if (Get-StorageGroupCopyStatus -Server 'EXCMS1' | Where-Object { $_.SummaryCopyStatus -ne 'Healthy' }) "
        "{ throw 'A storage group copy of EXCMS1 is not Healthy.' }",
        "if ((Get-ClusteredMailboxServerStatus -Identity 'EXCMS1').State -ne 'Online') "
        "{ throw 'EXCMS1 is not Online.' }"]
    # Replication is checked once the storage groups exist.
    assert before(checklist, "p4.vs.EXCMS1.storage-groups", "p4.vs.EXCMS1.check-replication")


def test_windows_2008_names_its_networks_and_disks_by_number_so_they_are_renamed_first():
    checklist = runbook("ex2007-scc-win2008")
    networks = item(checklist, "p2.cluster.name-networks")
    assert networks.title == "Name the cluster networks Public (10.0.0.0) and Private (192.168.10.0)"
    assert networks.by_hand and "Cluster Network 1, Cluster Network 2" in networks.detail
    assert networks.checks == [
        'cluster /cluster:EXCLUS1 network Public /prop | findstr /R /C:" Address  *10\\.0\\.0\\.0\\>"',
        'cluster /cluster:EXCLUS1 network Private /prop | findstr /R /C:" Address  *192\\.168\\.10\\.0\\>"']
    assert before(checklist, "p2.cluster.name-networks", "p2.cluster.network-roles")
    assert "/setnetpriority" not in item(checklist, "p2.cluster.network-roles").command
    disks = item(checklist, "p2.cluster.name-disks")
    assert disks.by_hand and "Cluster Disk 1, Cluster Disk 2" in disks.detail
    assert disks.checks == ['cluster /cluster:EXCLUS1 res "Disk Q:" /stat', 'cluster /cluster:EXCLUS1 res "Disk R:" /stat',
                            'cluster /cluster:EXCLUS1 res "Disk S:" /stat']
    assert before(checklist, "p2.cluster.add-disks", "p2.cluster.name-disks")
    assert before(checklist, "p2.cluster.name-disks", "p4.vs.EXCMS1.add-disks")


def test_2007_ccr_on_windows_2003_shares_the_witness_with_the_cluster_service_account():
    """Windows 2003 clusters write to the witness as the cluster service account (KB 921181), and
    Windows 2003's net share takes /GRANT."""
    share = item(runbook("ex2007-ccr-win2003", {"cluster.quorum.witness_folder": "C:\\FSW_EXCLUS1"}),
                 "p2.witness.create-share")
    assert share.commands[1:] == [
        "net share FSW_EXCLUS1 >nul 2>&1 || net share FSW_EXCLUS1=C:\\FSW_EXCLUS1 /GRANT:CONTOSO\\svc-cluster,FULL",
        "echo y| cacls C:\\FSW_EXCLUS1 /G BUILTIN\\Administrators:F CONTOSO\\svc-cluster:F"]
    assert "for the cluster service account CONTOSO\\svc-cluster" in share.detail


def test_2007_on_windows_2003_downloads_dotnet_and_powershell_and_adds_the_iis_components():
    prerequisites = item(runbook("ex2007-ccr-win2003"), "p2.node.EXNODE1.prerequisites")
    assert prerequisites.title == ("Install on EXNODE1: .NET Framework 2.0, MMC 3.0, Windows PowerShell 1.0 and the "
                                   "IIS components of the Mailbox role")
    assert "downloads from Microsoft" in prerequisites.detail and "Enable network COM+ access" in prerequisites.console
    assert prerequisites.checks[0] == ('reg query "HKLM\\SOFTWARE\\Microsoft\\NET Framework Setup\\NDP\\v2.0.50727" '
                                       '/v Install')


def test_2007_ccr_on_windows_2003_sets_the_majority_node_set_and_its_witness():
    quorum = item(runbook("ex2007-ccr-win2003"), "p2.cluster.set-quorum")
    assert quorum.commands == [
        'cluster /cluster:EXCLUS1 res "Majority Node Set" /stat >nul 2>&1 || '
        'cluster /cluster:EXCLUS1 res "Majority Node Set" /create /group:"Cluster Group" /type:"Majority Node Set"',
        'cluster /cluster:EXCLUS1 res "Majority Node Set" /priv MNSFileShare=\\\\EXHUB1\\FSW_EXCLUS1',
        'cluster /cluster:EXCLUS1 res "Majority Node Set" /online /wait',
        'cluster /cluster:EXCLUS1 /quorum:"Majority Node Set"',
        'cluster /cluster:EXCLUS1 group "Cluster Group" /moveto:EXNODE2 /wait',
        'cluster /cluster:EXCLUS1 group "Cluster Group" /moveto:EXNODE1 /wait']


def test_2007_storage_groups_are_created_with_the_shell_on_their_paths():
    checklist = runbook("ex2007-scc-win2003", {"storage_groups": [dict(SG, server="EXCMS1", name="SG2",
                                                                        database="DB2")]})
    storage = item(checklist, "p4.vs.EXCMS1.storage-groups")
    assert storage.shell == "powershell"
    assert storage.commands == [
        "if (-not (Get-StorageGroup -Identity 'EXCMS1\\SG2' -ErrorAction SilentlyContinue)) { New-StorageGroup "
        "-Server 'EXCMS1' -Name 'SG2' -LogFolderPath 'S:\\SG1\\Logs' -SystemFolderPath 'S:\\SG1\\Logs' }",
        "if (-not (Get-MailboxDatabase -Identity 'EXCMS1\\SG2\\DB2' -ErrorAction SilentlyContinue)) { "
        "New-MailboxDatabase -StorageGroup 'EXCMS1\\SG2' -Name 'DB2' -EdbFilePath 'R:\\SG1\\DB2.edb' }",
        "if (-not (Get-MailboxDatabase -Identity 'EXCMS1\\SG2\\DB2' -Status).Mounted) { Mount-Database "
        "-Identity 'EXCMS1\\SG2\\DB2' }"]


def test_2007_without_dynamic_dns_makes_the_a_records_with_dnscmd():
    checklist = runbook("ex2007-scc-win2003", {"active_directory.dns_dynamic_updates": False})
    record = item(checklist, "p1.cluster.dns-a-record")
    assert record.command == "dnscmd 10.0.0.2 /RecordAdd contoso.com EXCLUS1 A 10.0.0.50"
    assert record.checks == ["nslookup EXCLUS1"]
    assert item(checklist, "p1.vs.EXCMS1.dns-a-record").command == \
        "dnscmd 10.0.0.2 /RecordAdd contoso.com EXCMS1 A 10.0.0.60"


def test_2007_scc_extra_disks_are_moved_into_the_clustered_mailbox_servers_group():
    checklist = runbook("ex2007-scc-win2003")
    disks = item(checklist, "p4.vs.EXCMS1.add-disks")
    assert disks.commands == ['cluster /cluster:EXCLUS1 res "Disk S:" /stat | findstr /L /I /C:" EXCMS1 " >nul || '
                              'cluster /cluster:EXCLUS1 res "Disk S:" /moveto:EXCMS1']


# ---------------------------------------------------------------- names that need quoting

def test_names_with_spaces_and_shell_punctuation_are_quoted():
    checklist = runbook("ex2003-win2003", {"virtual_servers[0].group": "EXVS1 & Co (main)"})
    assert item(checklist, "p4.vs.EXVS1.create-group").command == \
        'cluster /cluster:EXCLUS1 group "EXVS1 & Co (main)" /stat >nul 2>&1 || ' \
        'cluster /cluster:EXCLUS1 group "EXVS1 & Co (main)" /create'


@pytest.mark.parametrize("base", ["ex2003-win2003", "ex2007-ccr-win2008"])
def test_a_missing_answer_leaves_a_placeholder_in_the_command(base):
    checklist = runbook(base, {"cluster.ip": DELETE})
    create = [i for i in checklist.items if i.id.endswith("create-cluster")][0]
    assert "[cluster IP not answered]" in create.title
