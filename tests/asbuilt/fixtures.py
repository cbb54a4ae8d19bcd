"""The capture fixtures under tests/asbuilt/fixtures/, and the plans they belong to.

`python -m tests.asbuilt.fixtures` writes the files; tests/asbuilt/test_fixtures.py checks that
the stored files are exactly what this module makes, so a change here is seen in the diff of the
files. Each file is what collect.cmd (plus each node's one-liner) would have written on a cluster
built from its plan: CRLF line ends and the OEM code page, as cmd.exe redirects them, unless its
name says otherwise. The variants change the real output the way a real cluster differs: a line
edited, a section left out, a table cut off.
"""
from __future__ import annotations

import dataclasses
import sys
from functools import lru_cache
from pathlib import Path
from typing import Callable

from app.domain.cluster import intended_state  # noqa: F401  (used by the tests through this module)
from app.domain.cluster.state import ClusterState, Group, Resource
from app.domain.plan import load_plan  # noqa: F401
from tests.asbuilt.writer import as_built, render_capture  # noqa: F401
from tests.domain.plans import add_nodes, add_virtual_servers, build

FIXTURES = Path(__file__).with_name("fixtures")

PLANS: dict[str, Callable[[], dict]] = {
    "2003-two-node": lambda: build("ex2003-win2003"),
    "2003-four-node": lambda: build("ex2003-win2003", add_nodes(2), add_virtual_servers(2)),
    "2007-ccr-2008": lambda: build("ex2007-ccr-win2008"),
}
WINDOWS = {"2003-two-node": "2003", "2003-four-node": "2003", "2007-ccr-2008": "2008"}


def plan_document(name: str) -> dict:
    return PLANS[name]()


@lru_cache(maxsize=None)
def plan_of(name: str):
    return load_plan(plan_document(name))


def built(name: str) -> ClusterState:
    return as_built(intended_state(plan_of(name)))


# ---------------------------------------------------------------- changes to a built cluster

def renamed(state: ClusterState, names: dict[str, str]) -> ClusterState:
    """Resources named otherwise than the plan names them (dependencies follow)."""
    def new(name: str) -> str:
        return names.get(name, name)
    resources = tuple(dataclasses.replace(r, name=new(r.name), depends_on=tuple(new(d) for d in r.depends_on))
                      for r in state.resources)
    quorum = dataclasses.replace(state.quorum, resource=new(state.quorum.resource) if state.quorum.resource else None)
    return dataclasses.replace(state, resources=resources, quorum=quorum)


def changed_resource(state: ClusterState, name: str, **changes) -> ClusterState:
    return dataclasses.replace(state, resources=tuple(dataclasses.replace(r, **changes) if r.name == name else r
                                                      for r in state.resources))


def changed_property(state: ClusterState, name: str, key: str, value) -> ClusterState:
    resource = state.resource(name)
    properties = tuple((k, value if k == key else v) for k, v in resource.properties)
    return changed_resource(state, name, properties=properties)


def changed_group(state: ClusterState, name: str, **changes) -> ClusterState:
    groups = tuple(dataclasses.replace(g, **changes) if g.name == name else g for g in state.groups)
    resources = state.resources
    if "owner" in changes:
        resources = tuple(dataclasses.replace(r, owner=changes["owner"]) if r.group == name else r for r in resources)
    return dataclasses.replace(state, groups=groups, resources=resources)


def changed_node(state: ClusterState, name: str, **changes) -> ClusterState:
    return dataclasses.replace(state, nodes=tuple(dataclasses.replace(n, **changes) if n.name == name else n
                                                  for n in state.nodes))


def without_resource(state: ClusterState, name: str) -> ClusterState:
    return dataclasses.replace(state, resources=tuple(
        dataclasses.replace(r, depends_on=tuple(d for d in r.depends_on if d != name))
        for r in state.resources if r.name != name))


def with_backup_group(state: ClusterState) -> ClusterState:
    """A group the plan does not have, holding a file share with a multi-string property."""
    owner = state.nodes[0].name
    share = Resource("Backup Share", "File Share", "Backup Group",
                     (("ShareName", "backup$"), ("Path", "T:\\backup"), ("Remark", ""),
                      ("ShareSubDirs", 0), ("HideSubDirShares", 0),
                      ("CSCCache", ("manual", "documents", "programs"))),
                     status="Online", owner=owner)
    return dataclasses.replace(state, groups=(*state.groups, Group("Backup Group", "", status="Online", owner=owner)),
                               resources=(*state.resources, share))


def private_gateway(state: ClusterState, node: str) -> ClusterState:
    """The heartbeat adapter of `node` given a gateway and a DNS server, as a careless setup does."""
    found = next(n for n in state.nodes if n.name == node)
    adapters = tuple(dataclasses.replace(a, gateways=("192.168.10.1",), dns_servers=("10.0.0.2",))
                     if a.name == "Private" else a for a in found.adapters)
    return changed_node(state, node, adapters=adapters)


# ---------------------------------------------------------------- the files

def long_names(state: ClusterState) -> ClusterState:
    return renamed(state, {
        "EXVS1 IP Address": "EXVS1 virtual server IP address (public network)",
        "EXVS1 Network Name": "EXVS1 Network Name used by Outlook clients",
        "Disk R:": "Shared disk R: (EXVS1 databases, LUN 3)",
        "Disk S:": "Shared disk S: (EXVS1 transaction logs, LUN 4)",
        "Disk Q:": "Quorum disk Q: (LUN 0)",
        "EXVS1 System Attendant": "Exchange System Attendant - EXVS1 (first virtual server)",
        "MSDTC": "Distributed Transaction Coordinator for the whole cluster",
    })


def ccr_real_names(state: ClusterState) -> ClusterState:
    """The names Windows 2008 and Exchange 2007 setup give the resources, not the plan's."""
    return renamed(state, {
        "File Share Witness": "File Share Witness (\\\\EXHUB1\\FSW_EXCLUS1)",
        "EXCMS1 IP Address": "IPv4 Address (EXCMS1)",
        "EXCMS1 Network Name": "Network Name (EXCMS1)",
    })


def ccr_with_available_storage(state: ClusterState) -> ClusterState:
    owner = state.nodes[0].name
    return dataclasses.replace(state, groups=(*state.groups, Group("Available Storage", "", status="Offline",
                                                                   owner=owner)))


def two_node_differences() -> ClusterState:
    state = built("2003-two-node")
    state = changed_node(state, "EXNODE2", status="Paused", service_pack=1)
    state = changed_property(state, "EXVS1 Network Name", "RequireKerberos", 0)
    state = changed_resource(state, "EXVS1 Network Name", depends_on=())
    state = changed_group(state, "EXVS1 Group", preferred_owners=("EXNODE2", "EXNODE1"))
    state = private_gateway(state, "EXNODE2")
    return with_backup_group(state)


def four_node_differences() -> ClusterState:
    state = built("2003-four-node")
    state = changed_node(state, "EXNODE3", status="Down")
    state = changed_group(state, "EXVS3 Group", status="Partially Online", owner="EXNODE4")
    state = changed_resource(state, "Disk U:", group="EXVS2 Group")
    state = without_resource(state, "SMTP Virtual Server Instance 1 (EXVS2)")
    state = changed_property(state, "EXVS2 IP Address", "Address", "10.0.0.71")
    return changed_resource(state, "Exchange Routing Service Instance (EXVS3)", status="Failed")


def ccr_differences() -> ClusterState:
    state = ccr_with_available_storage(built("2007-ccr-2008"))
    state = changed_property(state, "File Share Witness", "SharePath", "\\\\EXHUB2\\FSW_EXCLUS1")
    state = changed_group(state, "EXCMS1", owner="EXNODE2")
    state = changed_node(state, "EXNODE2", domain_controller=True, architecture="x86")
    return ccr_real_names(state)


def another_cluster() -> ClusterState:
    state = built("2003-two-node")
    names = {"EXNODE1": "SALES1", "EXNODE2": "SALES2"}
    nodes = tuple(dataclasses.replace(n, name=names[n.name], label=names[n.name]) for n in state.nodes)
    groups = tuple(dataclasses.replace(g, owner=names.get(g.owner, g.owner),
                                       preferred_owners=tuple(names[o] for o in g.preferred_owners))
                   for g in state.groups)
    resources = tuple(dataclasses.replace(r, owner=names.get(r.owner, r.owner)) for r in state.resources)
    interfaces = tuple(dataclasses.replace(i, node=names[i.node]) for i in state.interfaces)
    return dataclasses.replace(state, name="SALESCL", nodes=nodes, groups=groups, resources=resources,
                               interfaces=interfaces)


GERMAN_NODES = """Status für alle verfügbaren Knoten wird aufgelistet:

Knoten         Knoten-ID Status
-------------- --------- ---------------------
EXNODE1                1 Aktiv
EXNODE2                2 Aktiv
"""


def oem(text: str) -> bytes:
    return text.replace("\n", "\r\n").encode("cp437")


def with_organisation(text: str, organisation: str) -> str:
    return text.replace("Registered Organization:   Contoso", f"Registered Organization:   {organisation}")


def german_node_section(text: str) -> str:
    start = text.index("#### cluster node\n") + len("#### cluster node\n")
    end = text.index("#### cluster group\n")
    return text[:start] + GERMAN_NODES + "\n" + text[end:]


def truncated(text: str) -> str:
    """Cut in the middle of a row of the private properties, as a copy that stopped early."""
    cut = text.index("S  EXVS1 IP Address     SubnetMask")
    return text[:cut + 22]


def files() -> dict[str, bytes]:
    two = render_capture(built("2003-two-node"))
    two_oem = with_organisation(two, "Contoso Société Générale")
    return {
        "2003-two-node.txt": oem(two_oem),
        "2003-two-node-utf16.txt": b"\xff\xfe" + two_oem.replace("\n", "\r\n").encode("utf-16-le"),
        "2003-two-node-lf.txt": two_oem.encode("cp437"),
        "2003-two-node-ansi.txt": two_oem.replace("\n", "\r\n").encode("cp1252"),
        "2003-two-node-long-names.txt": oem(render_capture(long_names(built("2003-two-node")))),
        "2003-two-node-differences.txt": oem(render_capture(two_node_differences(), omit=["cluster netint"])),
        "2003-two-node-partial.txt": oem(render_capture(built("2003-two-node"), hosts=["EXNODE1"], omit=[
            "cluster res /priv", "cluster network /prop", 'cluster group "EXVS1 Group" /listowners'])),
        "2003-two-node-truncated.txt": oem(truncated(two)),
        "2003-two-node-german.txt": oem(german_node_section(two)),
        "2003-another-cluster.txt": oem(render_capture(another_cluster())),
        "2003-four-node.txt": oem(render_capture(built("2003-four-node"))),
        "2003-four-node-differences.txt": oem(render_capture(four_node_differences())),
        "2007-ccr-2008.txt": oem(render_capture(ccr_real_names(ccr_with_available_storage(built("2007-ccr-2008"))),
                                                windows="2008")),
        "2007-ccr-2008-differences.txt": oem(render_capture(ccr_differences(), windows="2008")),
        # A capture zipped before it was sent: not text at all.
        "capture.zip": (b"PK\x03\x04\x14\x00\x00\x00\x08\x00\x8b\x52\x5c\x59" + bytes(range(256)) * 4),
    }


def plan_name_of(file_name: str) -> str:
    """The plan a fixture file belongs to (the other cluster's and the zip are offered to the two-node plan)."""
    return next((plan for plan in PLANS if file_name.startswith(plan)), "2003-two-node")


def read(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def write() -> list[str]:
    FIXTURES.mkdir(exist_ok=True)
    written = []
    for name, data in files().items():
        (FIXTURES / name).write_bytes(data)
        written.append(name)
    return written


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    print("\n".join(write()))
