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
    assert prepare.checks == ["fsutil fsinfo volumeinfo Q:", "fsutil fsinfo volumeinfo R:",
                              "fsutil fsinfo volumeinfo S:"]
    assert item(checklist, "p2.node.EXNODE2.check-disks").checks == ["vol Q:", "vol R:", "vol S:"]


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
    assert network.checks == ["ipconfig /all"]


def test_2003_cluster_is_created_and_joined_with_cluster_exe():
    checklist = runbook("ex2003-win2003")
    create = item(checklist, "p2.node.EXNODE1.create-cluster")
    assert create.command == ("cluster /cluster:EXCLUS1 /create /ipaddress:10.0.0.50,255.255.255.0,Public "
                              "/user:CONTOSO\\svc-cluster /password:%CLUSTER_SERVICE_PASSWORD% /node:EXNODE1 /verbose")
    assert create.checks == ["cluster /cluster:EXCLUS1 node /stat", "cluster /cluster:EXCLUS1 res /stat"]
    join = item(checklist, "p2.node.EXNODE2.join-cluster")
    assert join.command == "cluster /cluster:EXCLUS1 /add:EXNODE2 /password:%CLUSTER_SERVICE_PASSWORD% /verbose"
    assert item(checklist, "p2.cluster.set-quorum").command == 'cluster /cluster:EXCLUS1 /quorum:"Disk Q:"'
    assert before(checklist, "p2.node.EXNODE2.join-cluster", "p2.cluster.set-quorum")


def test_2003_msdtc_has_its_disk_and_name_first_and_no_word_of_comclust():
    checklist = runbook("ex2003-win2003")
    assert before(checklist, "p2.cluster.msdtc-dependencies", "p2.cluster.create-msdtc")
    dtc = item(checklist, "p2.cluster.create-msdtc")
    assert dtc.commands == [
        'cluster /cluster:EXCLUS1 res MSDTC /create /group:"Cluster Group" /type:"Distributed Transaction Coordinator"',
        'cluster /cluster:EXCLUS1 res MSDTC /adddep:"Cluster Name"',
        'cluster /cluster:EXCLUS1 res MSDTC /adddep:"Disk Q:"',
        "cluster /cluster:EXCLUS1 res MSDTC /online /wait"]
    assert "/listdep" in dtc.verify
    assert "comclust" not in " ".join(i.text for i in checklist.items).lower()


def test_2003_msdtc_disk_of_its_own_is_moved_into_the_cluster_group():
    checklist = runbook("ex2003-win2003", {"disks[2].purpose": "msdtc", "virtual_servers[0].disks": ["R:"]})
    needs = item(checklist, "p2.cluster.msdtc-dependencies")
    assert needs.commands == ['cluster /cluster:EXCLUS1 res "Disk S:" /moveto:"Cluster Group"']


def test_2003_virtual_server_group_comes_online_before_the_system_attendant():
    checklist = runbook("ex2003-win2003", NAMES)
    order = [i.id.rsplit(".", 1)[1] for i in checklist.phases[3].items]
    assert order == ["create-group", "ip-address", "network-name", "move-disks", "bring-online", "system-attendant",
                     "system-attendant-online", "preferred-owners", "storage-groups"]
    ip = item(checklist, "p4.vs.EXVS1.ip-address")
    assert ip.commands == [
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


def test_2003_storage_groups_are_made_in_system_manager_on_their_planned_disks():
    checklist = runbook("ex2003-win2003", NAMES, {"storage_groups": [SG]})
    storage = item(checklist, "p4.vs.EXVS1.storage-groups")
    assert storage.by_hand
    assert storage.console == ("Exchange System Manager › Administrative Groups › First Administrative Group › "
                               "Servers › EXVS1 › New › Storage Group")
    assert "First Storage Group: logs in S:\\SG1\\Logs, database Mailbox Store (EXVS1) in R:\\SG1" in storage.detail


def test_2003_imap4_resource_added_by_hand_with_its_resource_type():
    checklist = runbook("ex2003-win2003", {"virtual_servers[0].protocols.imap4": True})
    imap = item(checklist, "p4.vs.EXVS1.add-imap4")
    assert imap.by_hand and "Microsoft Exchange IMAP4 Server Instance" in imap.detail
    assert before(checklist, "p4.vs.EXVS1.system-attendant-online", "p4.vs.EXVS1.add-imap4")


def test_every_plan_ends_with_best_practices_a_tested_backup_and_the_as_built_capture():
    for base in ("ex2003-win2003", "ex2000-win2000", "ex2007-scc-win2008", "ex2007-ccr-win2003"):
        last = [i.id for i in runbook(base).phases[4].items][-3:]
        assert last == ["p5.cluster.best-practices", "p5.cluster.tested-backup", "p5.cluster.as-built-capture"], base
    capture = item(runbook("ex2003-win2003"), "p5.cluster.as-built-capture")
    assert capture.command == "collect.cmd" and "systeminfo > %COMPUTERNAME%-systeminfo.txt" in capture.checks


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
    assert "ServerManagerCmd -install Web-Server" in prerequisites.commands
    assert "ServerManagerCmd -install PowerShell" in prerequisites.commands
    validate = item(checklist, "p2.cluster.validate")
    assert validate.by_hand and "Validate a Configuration" in validate.console and "report" in validate.detail
    assert before(checklist, "p2.node.EXNODE2.failover-clustering", "p2.cluster.validate")
    assert before(checklist, "p2.cluster.validate", "p2.node.EXNODE1.create-cluster")
    assert item(checklist, "p2.node.EXNODE1.create-cluster").console == "Failover Cluster Management › Create a Cluster"
    assert item(checklist, "p2.node.EXNODE2.join-cluster").command == "cluster /cluster:EXCLUS1 /add:EXNODE2 /verbose"
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
    assert share.commands == ["mkdir C:\\FSW_EXCLUS1",
                              "net share FSW_EXCLUS1=C:\\FSW_EXCLUS1 /GRANT:CONTOSO\\EXCLUS1$,FULL",
                              "echo y| cacls C:\\FSW_EXCLUS1 /G BUILTIN\\Administrators:F CONTOSO\\EXCLUS1$:F"]
    assert before(checklist, "p2.witness.create-share", "p2.cluster.set-quorum")
    quorum = item(checklist, "p2.cluster.set-quorum")
    assert quorum.by_hand and quorum.checks == ["cluster /cluster:EXCLUS1 /quorum"]
    assert before(checklist, "p2.cluster.set-quorum", "p3.node.EXNODE1.install-exchange")
    replication = item(checklist, "p4.vs.EXCMS1.check-replication")
    assert replication.shell == "powershell"
    assert replication.commands == ["Get-StorageGroupCopyStatus -Server 'EXCMS1'",
                                    "Get-ClusteredMailboxServerStatus -Identity 'EXCMS1'"]


def test_2007_ccr_on_windows_2003_sets_the_majority_node_set_and_its_witness():
    quorum = item(runbook("ex2007-ccr-win2003"), "p2.cluster.set-quorum")
    assert quorum.commands == [
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
        "New-StorageGroup -Server 'EXCMS1' -Name 'SG2' -LogFolderPath 'S:\\SG1\\Logs' -SystemFolderPath 'S:\\SG1\\Logs'",
        "New-MailboxDatabase -StorageGroup 'EXCMS1\\SG2' -Name 'DB2' -EdbFilePath 'R:\\SG1\\DB2.edb'",
        "Mount-Database -Identity 'EXCMS1\\SG2\\DB2'"]


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
    assert disks.commands == ['cluster /cluster:EXCLUS1 res "Disk S:" /moveto:EXCMS1']


# ---------------------------------------------------------------- names that need quoting

def test_names_with_spaces_and_shell_punctuation_are_quoted():
    checklist = runbook("ex2003-win2003", {"virtual_servers[0].group": "EXVS1 & Co (main)"})
    assert item(checklist, "p4.vs.EXVS1.create-group").command == \
        'cluster /cluster:EXCLUS1 group "EXVS1 & Co (main)" /create'


@pytest.mark.parametrize("base", ["ex2003-win2003", "ex2007-ccr-win2008"])
def test_a_missing_answer_leaves_a_placeholder_in_the_command(base):
    checklist = runbook(base, {"cluster.ip": DELETE})
    create = [i for i in checklist.items if i.id.endswith("create-cluster")][0]
    assert "[cluster IP not answered]" in create.title
