"""One parser per section, on output shaped as shared/spec/as-built.md shows it, and worse."""
from __future__ import annotations

import pytest

from app.domain.asbuilt import parsers
from app.domain.asbuilt import sections as kinds
from app.domain.asbuilt.tables import CommandFailed, Unreadable


def lines(text: str) -> tuple[str, ...]:
    return tuple(text.strip("\n").split("\n"))


NODES = """
Listing status for all available nodes:

Node           Node ID Status
-------------- ------- ---------------------
EXNODE1              1 Up
EXNODE2              2 Paused
EXNODE3             13 Down
"""

RESOURCES = """
Listing status for all available resources:

Resource             Group                Node            Status
-------------------- -------------------- --------------- ------
Cluster IP Address   Cluster Group        EXNODE1         Online
Exchange Information Store Instance (EXVS1) EXVS1 Group          EXNODE1         Online Pending
Disk R:              Exchange Virtual Server Group One EXNODE2         Failed
EXVS1 IP Address     EXVS1 Group          EXNODE1         Offline
"""

PRIVATE = """
Listing private properties for all resources:

T  Resource             Name                           Value
-- -------------------- ------------------------------ -----------------------
S  EXVS1 IP Address     Address                        10.0.0.60
S  EXVS1 IP Address     SubnetMask                     255.255.255.0
D  EXVS1 IP Address     EnableNetBIOS                  1 (0x1)
S  Exchange Information Store Instance (EXVS1) Description
DR EXVS1 Network Name   StatusKerberos                 0 (0x0)
D  Disk R:              Signature                      4294967295 (0xffffffff)
B  Disk R:              DiskUniqueIds                  10 00 00 00 01 00
M  Backup Share         CSCCache                       manual
                                                       documents
M  Backup Share                                        programs
S  EXVS1 Network Name   Name                           EXVS1
E  Backup Share         Path                           %SystemDrive%\\backup
"""


def test_nodes_with_their_ids_and_status():
    rows = parsers.parse_nodes(lines(NODES))
    assert rows == (parsers.NodeRow("EXNODE1", 1, "Up"), parsers.NodeRow("EXNODE2", 2, "Paused"),
                    parsers.NodeRow("EXNODE3", 13, "Down"))


def test_groups_split_from_the_right_even_when_a_name_overflows():
    rows = parsers.parse_groups(lines("""
Listing status for all available resource groups:

Group                Node            Status
-------------------- --------------- ------
Cluster Group        EXNODE1         Online
Exchange Virtual Server Group One EXNODE2         Partially Online
EXVS1 Group          EXNODE1         Offline
"""))
    assert [(r.name, r.owner, r.status) for r in rows] == [
        ("Cluster Group", "EXNODE1", "Online"), ("Exchange Virtual Server Group One", "EXNODE2", "Partially Online"),
        ("EXVS1 Group", "EXNODE1", "Offline")]


def test_resources_longer_than_their_column_are_split_by_the_known_groups():
    known = ("Cluster Group", "EXVS1 Group", "Exchange Virtual Server Group One")
    rows = parsers.parse_resources(lines(RESOURCES), known)
    assert [(r.name, r.group, r.owner, r.status) for r in rows] == [
        ("Cluster IP Address", "Cluster Group", "EXNODE1", "Online"),
        ("Exchange Information Store Instance (EXVS1)", "EXVS1 Group", "EXNODE1", "Online Pending"),
        ("Disk R:", "Exchange Virtual Server Group One", "EXNODE2", "Failed"),
        ("EXVS1 IP Address", "EXVS1 Group", "EXNODE1", "Offline")]


def test_without_known_groups_widths_split_rows_that_fit_and_overflow_is_named():
    text = lines(RESOURCES)
    fitting = text[:5]
    assert parsers.parse_resources(fitting)[0].group == "Cluster Group"
    with pytest.raises(Unreadable, match="cannot be told apart") as raised:
        parsers.parse_resources(text[:6])
    assert raised.value.index == 5


def test_a_group_whose_name_ends_like_another_group_takes_the_longest():
    rows = parsers.parse_resources(lines("""
Listing status for all available resources:

Resource             Group                Node            Status
-------------------- -------------------- --------------- ------
Backup Cluster Group Disk Backup Cluster Group EXNODE1         Online
"""), ("Cluster Group", "Backup Cluster Group"))
    assert (rows[0].name, rows[0].group) == ("Backup Cluster Group Disk", "Backup Cluster Group")


def test_private_properties_of_every_type_with_overflow_and_multi_strings():
    known = ("EXVS1 IP Address", "EXVS1 Network Name", "Disk R:", "Backup Share",
             "Exchange Information Store Instance (EXVS1)")
    rows = parsers.parse_properties(lines(PRIVATE), kinds.PRIVATE_PROPERTIES, known)
    values = {(r.owner, r.name): r.value for r in rows}
    assert values[("EXVS1 IP Address", "Address")] == "10.0.0.60"
    assert values[("EXVS1 IP Address", "EnableNetBIOS")] == 1
    assert values[("Exchange Information Store Instance (EXVS1)", "Description")] == ""
    assert values[("Disk R:", "Signature")] == 4294967295
    assert values[("Disk R:", "DiskUniqueIds")] == "10 00 00 00 01 00"
    assert values[("Backup Share", "CSCCache")] == ("manual", "documents", "programs")
    assert values[("Backup Share", "Path")] == "%SystemDrive%\\backup"
    status = next(r for r in rows if r.name == "StatusKerberos")
    assert status.read_only and status.type == "D"


def test_private_properties_without_known_resources_use_widths_and_property_names():
    rows = parsers.parse_properties(lines(PRIVATE), kinds.PRIVATE_PROPERTIES)
    assert {(r.owner, r.name) for r in rows} >= {
        ("EXVS1 IP Address", "Address"), ("Exchange Information Store Instance (EXVS1)", "Description"),
        ("Backup Share", "CSCCache")}


@pytest.mark.parametrize("cut, reason", [
    ("S  EXVS1 IP Address", "ends before its property name"),
    ("X  EXVS1 IP Address     Address                        10.0.0.60", "not a property type"),
    ("                                                       orphan", "not a multi-string"),
])
def test_rows_that_stop_making_sense_are_named(cut, reason):
    text = lines(PRIVATE)[:5] + (cut,)
    with pytest.raises(Unreadable, match=reason) as raised:
        parsers.parse_properties(text, kinds.PRIVATE_PROPERTIES, ("EXVS1 IP Address",))
    assert raised.value.index == 5 and raised.value.line == cut


def test_a_table_cut_after_its_title_and_a_row_cut_before_its_status():
    with pytest.raises(Unreadable, match="stops before its header"):
        parsers.parse_nodes(lines(NODES)[:2])
    with pytest.raises(Unreadable, match="looks cut off"):
        parsers.parse_nodes(lines(NODES)[:4] + ("EXNODE1              1 U",))


def test_another_language_is_named_by_its_first_line():
    german = lines("""
Status für alle verfügbaren Knoten wird aufgelistet:

Knoten         Knoten-ID Status
-------------- --------- ------
EXNODE1                1 Aktiv
""")
    with pytest.raises(Unreadable, match="another language") as raised:
        parsers.parse_nodes(german)
    assert raised.value.line.startswith("Status für alle")
    header = lines(NODES)[:2] + ("Knoten         Knoten-ID Status", "-------------- ------- ---------------------")
    with pytest.raises(Unreadable, match="header is not"):
        parsers.parse_nodes(header)


def test_a_command_that_printed_an_error_instead():
    with pytest.raises(CommandFailed, match="could not be found"):
        parsers.parse_owners(("System error 5013 has occurred (0x00001395).", "The cluster group could not be found.",
                              ""))


def test_owners_in_order_and_an_empty_list():
    group, owners = parsers.parse_owners(lines("""
Listing preferred owners for group 'EXVS1 Group':

Preferred Owner Nodes
---------------------
EXNODE2
EXNODE1
"""))
    assert (group, owners) == ("EXVS1 Group", ("EXNODE2", "EXNODE1"))
    assert parsers.parse_owners(lines("""
Listing preferred owners for group 'Cluster Group':

Preferred Owner Nodes
---------------------
""")) == ("Cluster Group", ())


def test_dependencies_are_a_resource_table():
    resource, rows = parsers.parse_dependencies(lines("""
Listing resource dependencies for 'EXVS1 System Attendant':

Resource             Group                Node            Status
-------------------- -------------------- --------------- ------
EXVS1 Network Name   EXVS1 Group          EXNODE1         Online
Disk R:              EXVS1 Group          EXNODE1         Online
"""), ("EXVS1 Group",))
    assert resource == "EXVS1 System Attendant" and [r.name for r in rows] == ["EXVS1 Network Name", "Disk R:"]


def test_networks_interfaces_and_network_roles():
    networks = parsers.parse_networks(lines("""
Listing status for all available networks:

Network              Status
-------------------- -----------
Local Area Connection 2 Partitioned
Public               Up
"""))
    assert [(n.name, n.status) for n in networks] == [("Local Area Connection 2", "Partitioned"), ("Public", "Up")]
    interfaces = parsers.parse_interfaces(lines("""
Listing status for all available network interfaces:

Node            Network              Status
--------------- -------------------- -----------
EXNODE1         Local Area Connection 2 Unreachable
EXNODE1         Public               Up
"""))
    assert [(i.node, i.network, i.status) for i in interfaces] == [
        ("EXNODE1", "Local Area Connection 2", "Unreachable"), ("EXNODE1", "Public", "Up")]
    roles = parsers.parse_properties(lines("""
Listing properties for all networks:

T  Network              Name                           Value
-- -------------------- ------------------------------ -----------------------
D  Public               Role                           3 (0x3)
SR Public               Address                        10.0.0.0
"""), kinds.NETWORK_PROPERTIES, ("Public",))
    assert [(r.name, r.value) for r in roles] == [("Role", 3), ("Address", "10.0.0.0")]


def test_cluster_version():
    info = parsers.parse_version(lines("""
Cluster Name:     EXCLUS1

Cluster Version:  6.0 (Build 6001: Service Pack 1)
Cluster Vendor:   Microsoft(R) Windows(R) Server 2008 Enterprise
"""))
    assert (info.cluster_name, info.nt_version) == ("EXCLUS1", "6.0")


IPCONFIG_2003 = """
Windows IP Configuration

   Host Name . . . . . . . . . . . . : EXNODE1
   Primary Dns Suffix  . . . . . . . : contoso.com

Ethernet adapter Public:

   Description . . . . . . . . . . . : HP NC7782 Gigabit Server Adapter
   DHCP Enabled. . . . . . . . . . . : No
   IP Address. . . . . . . . . . . . : 10.0.0.11
   Subnet Mask . . . . . . . . . . . : 255.255.255.0
   IP Address. . . . . . . . . . . . : 10.0.0.60
   Subnet Mask . . . . . . . . . . . : 255.255.255.0
   Default Gateway . . . . . . . . . : 10.0.0.1
   DNS Servers . . . . . . . . . . . : 10.0.0.2
                                       10.0.0.3

Ethernet adapter Private:

   DHCP Enabled. . . . . . . . . . . : No
   IP Address. . . . . . . . . . . . : 192.168.10.11
   Subnet Mask . . . . . . . . . . . : 255.255.255.0
   Default Gateway . . . . . . . . . :
"""

IPCONFIG_2008 = """
Windows IP Configuration

   Host Name . . . . . . . . . . . . : EXNODE2
   Primary Dns Suffix  . . . . . . . : contoso.com

Ethernet adapter Public:

   DHCP Enabled. . . . . . . . . . . : No
   Link-local IPv6 Address . . . . . : fe80::20f:20ff:fe6a:1%11(Preferred)
   IPv4 Address. . . . . . . . . . . : 10.0.0.12(Preferred)
   Subnet Mask . . . . . . . . . . . : 255.255.255.0
   Default Gateway . . . . . . . . . : fe80::1%11
                                       10.0.0.1
   DNS Servers . . . . . . . . . . . : 10.0.0.2

Tunnel adapter Local Area Connection* 8:

   Media State . . . . . . . . . . . : Media disconnected
"""


def test_ipconfig_of_windows_2003_with_a_group_address_and_two_dns_servers():
    config = parsers.parse_ipconfig(lines(IPCONFIG_2003))
    public, private = config.adapters
    assert config.host == "EXNODE1" and config.primary_dns_suffix == "contoso.com"
    assert public.addresses == ("10.0.0.11", "10.0.0.60") and public.masks == ("255.255.255.0",) * 2
    assert public.gateways == ("10.0.0.1",) and public.dns_servers == ("10.0.0.2", "10.0.0.3")
    assert private.gateways == () and private.dhcp is False


def test_ipconfig_of_windows_2008_and_2000():
    config = parsers.parse_ipconfig(lines(IPCONFIG_2008))
    assert [a.name for a in config.adapters] == ["Public"]  # tunnels are left out
    assert config.adapters[0].addresses == ("10.0.0.12",)
    assert config.adapters[0].gateways == ("fe80::1%11", "10.0.0.1")
    windows_2000 = IPCONFIG_2003.replace("Windows IP", "Windows 2000 IP").replace("\n   ", "\n        ")
    assert parsers.parse_ipconfig(lines(windows_2000)).adapters[0].dns_servers == ("10.0.0.2", "10.0.0.3")


def test_ipconfig_without_a_host_name_or_in_another_language():
    with pytest.raises(Unreadable, match="Host Name"):
        parsers.parse_ipconfig(("Windows IP Configuration", "", "Ethernet adapter Public:"))
    with pytest.raises(Unreadable, match="another language"):
        parsers.parse_ipconfig(("Windows-IP-Konfiguration", "", "   Hostname  . . . . : EXNODE1"))


SYSTEMINFO = """
Host Name:                 EXNODE1
OS Name:                   Microsoftr Windows Serverr 2008 Enterprise
OS Version:                6.0.6001 Service Pack 1 Build 6001
OS Configuration:          Member Server
System Model:              ProLiant DL380 G5
System Type:               x64-based PC
Page File: Max Size:       5,940 MB
Domain:                    contoso.com
Hotfix(s):                 2 Hotfix(s) Installed.
                           [01]: KB925902
                           [02]: KB936357
"""


def test_systeminfo_labels_and_continuation_lines():
    info = parsers.parse_systeminfo(lines(SYSTEMINFO))
    assert info.host == "EXNODE1" and info.get("os version") == "6.0.6001 Service Pack 1 Build 6001"
    assert info.get("Hotfix(s)").splitlines() == ["2 Hotfix(s) Installed.", "[01]: KB925902", "[02]: KB936357"]


def test_systeminfo_cut_before_its_os_lines():
    with pytest.raises(Unreadable, match="OS Version"):
        parsers.parse_systeminfo(lines(SYSTEMINFO)[:2])


# ---------------------------------------------------------------- cluster /quorum, possible owners, errors

QUORUM = """
Quorum Resource Name Device                                   Max Log Size
-------------------- ---------------------------------------- ------------
Disk Q:              Q:\\MSCS\\                                 4096
"""


def test_the_quorum_as_cluster_exe_prints_it_without_a_title():
    row = parsers.parse_quorum(lines(QUORUM), ["Disk Q:", "Cluster Name"])
    assert (row.resource, row.path, row.max_log_size, row.extra) == ("Disk Q:", "Q:\\MSCS\\", 4096, "")


@pytest.mark.parametrize("text, known, expected", [
    # Another build's header; a resource name longer than its column, told by the names `cluster res` listed.
    ("Quorum Resource Name            Quorum Path                    Max Log Size\n"
     "------------------------------- ------------------------------ ------------\n"
     "Majority Node Set               C:\\WINDOWS\\Cluster\\MNS.{9A6BD3C2}$\\MSCS\\ 4096\n",
     ["Majority Node Set"], ("Majority Node Set", "C:\\WINDOWS\\Cluster\\MNS.{9A6BD3C2}$\\MSCS\\", 4096)),
    ("Quorum Resource Name Device                                   Max Log Size\n"
     "-------------------- ---------------------------------------- ------------\n"
     "File Share Witness (\\\\EXHUB1\\FSW_EXCLUS1) \\\\EXHUB1\\FSW_EXCLUS1 4096\n",
     ["File Share Witness (\\\\EXHUB1\\FSW_EXCLUS1)"],
     ("File Share Witness (\\\\EXHUB1\\FSW_EXCLUS1)", "\\\\EXHUB1\\FSW_EXCLUS1", 4096)),
    # No quorum resource (a node majority): the first column is empty.
    ("Quorum Resource Name Device                                   Max Log Size\n"
     "-------------------- ---------------------------------------- ------------\n"
     "                                                              0\n", [], (None, None, 0)),
])
def test_quorum_shapes(text, known, expected):
    row = parsers.parse_quorum(lines(text), known)
    assert (row.resource, row.path, row.max_log_size) == expected


def test_a_quorum_table_in_another_language_or_cut_off_is_named():
    with pytest.raises(Unreadable, match="Quorum Resource Name"):
        parsers.parse_quorum(lines("Quorumressourcenname Gerät\n-------- -----\nDisk Q: Q:\\ 4096"))
    with pytest.raises(Unreadable, match="no row"):
        parsers.parse_quorum(lines(QUORUM).__getitem__(slice(0, 2)))
    with pytest.raises(CommandFailed):
        parsers.parse_quorum(lines("System error 1722 has occurred (0x000006ba).\nThe RPC server is unavailable."))


def test_possible_owners_without_a_blank_line_after_the_title():
    text = "Listing possible owners for resource 'EXVS1 IP Address':\nPossible Owner Nodes\n--------------------\nEXNODE1\nEXNODE2\n"
    assert parsers.parse_possible_owners(lines(text)) == ("EXVS1 IP Address", ("EXNODE1", "EXNODE2"))


def test_owners_titled_as_cluster_exes_message_file_has_it():
    text = "Listing preferred owners for resource group 'EXVS1 Group':\n\nPreferred Owner Nodes\n---------------------\nEXNODE2\n"
    assert parsers.parse_owners(lines(text)) == ("EXVS1 Group", ("EXNODE2",))


@pytest.mark.parametrize("text", [
    "System error 5007 has occurred (0x0000138f).\nThe cluster resource could not be found.\n",
    "\nSystem error 5007 has occurred (0x0000138f).   \nThe cluster resource could not be found.  \n\n",
    # The title first, then the error (cluster.exe opens the resource after printing it).
    "Listing resource dependencies for 'EXVS1 NetworkName':\n\nSystem error 5007 has occurred (0x0000138f).\n"
    "The cluster resource could not be found.\n",
])
def test_a_name_the_cluster_does_not_have_is_not_found_not_unreadable(text):
    with pytest.raises(CommandFailed) as failed:
        parsers.parse_dependencies(lines(text) if text.strip() else ("",))
    assert failed.value.not_found and "could not be found" in failed.value.message


def test_an_error_that_is_not_a_missing_name():
    with pytest.raises(CommandFailed) as failed:
        parsers.parse_nodes(lines("System error 1722 has occurred (0x000006ba).\nThe RPC server is unavailable."))
    assert not failed.value.not_found


def test_console_banner_lines_before_a_title_are_passed_over():
    text = "Microsoft Windows [Version 5.2.3790]\n(C) Copyright 1985-2003 Microsoft Corp.\n\n" + NODES
    assert [n.name for n in parsers.parse_nodes(lines(text))] == ["EXNODE1", "EXNODE2", "EXNODE3"]
