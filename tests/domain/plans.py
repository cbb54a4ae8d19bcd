"""Plan documents for the domain tests: clean base plans and small mutations.

Every base is a fresh ``dict`` in the ``exchange-cluster-plan/1`` format, so a
test can change it freely. ``build(base, changes)`` deep-copies a base and
applies ``{path: value}`` changes written in the same path syntax the loader
and the findings use (``nodes[1].public_ip``); ``DELETE`` removes a key.
"""
from __future__ import annotations

import copy
import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Mapping, Union

from app.domain.plan import load_plan
from app.domain.rules import check

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE_PATH = ROOT / "docs" / "examples" / "exchange2003-two-node.json"
SPEC_DIR = Path("/work/shared/spec")


class _Delete:
    def __repr__(self) -> str:
        return "DELETE"


DELETE: Any = _Delete()

_TOKEN = re.compile(r"\.?([^.\[\]]+)|\[(\d+)\]")


def _tokens(path: str) -> list[Union[str, int]]:
    tokens: list[Union[str, int]] = []
    position = 0
    while position < len(path):
        match = _TOKEN.match(path, position)
        if not match:
            raise ValueError(f"bad path {path!r}")
        tokens.append(match.group(1) if match.group(1) is not None else int(match.group(2)))
        position = match.end()
    return tokens


def get_in(doc: Any, path: str) -> Any:
    for token in _tokens(path):
        doc = doc[token]
    return doc


def set_in(doc: Any, path: str, value: Any) -> None:
    *parents, last = _tokens(path)
    for token in parents:
        if isinstance(token, str) and token not in doc and value is not DELETE:
            doc[token] = {}  # an object the base leaves out (e.g. cluster.msdtc on a 2007 plan)
        doc = doc[token]
    if value is DELETE:
        del doc[last]
    else:
        doc[last] = copy.deepcopy(value)


Change = Union[Mapping[str, Any], Callable[[dict], Any], None]


def apply(doc: dict, changes: Change) -> dict:
    if changes is None:
        return doc
    if callable(changes):
        result = changes(doc)
        return doc if result is None else result
    for path, value in changes.items():
        set_in(doc, path, value)
    return doc


def build(base: Union[str, Callable[[], dict]], changes: Change = None, *more: Change) -> dict:
    doc = BASES[base]() if isinstance(base, str) else base()
    for change in (changes, *more):
        doc = apply(doc, change)
    return doc


def steps(*changes: Change) -> Callable[[dict], dict]:
    """Several changes applied in order, as one change."""
    def run(doc: dict) -> dict:
        for change in changes:
            doc = apply(doc, change)
        return doc
    return run


# ---------------------------------------------------------------- helpers that change shape

def add_nodes(count: int, *, private: bool = True) -> Callable[[dict], dict]:
    """Append `count` nodes copied from the first (EXNODE3, 10.0.0.13, ...)."""
    def run(doc: dict) -> dict:
        for _ in range(count):
            number = len(doc["nodes"]) + 1
            node = copy.deepcopy(doc["nodes"][0])
            node["name"] = f"EXNODE{number}"
            node["public_ip"] = f"10.0.0.{10 + number}"
            node["private_ip"] = f"192.168.10.{10 + number}" if private else None
            doc["nodes"].append(node)
            doc["setup"]["node_order"].append(node["name"])
            for server in doc["virtual_servers"]:
                server["preferred_owners"].append(node["name"])
        return doc
    return run


def keep_nodes(count: int) -> Callable[[dict], dict]:
    def run(doc: dict) -> dict:
        doc["nodes"] = doc["nodes"][:count]
        names = [node["name"] for node in doc["nodes"]]
        doc["setup"]["node_order"] = list(names)
        for server in doc["virtual_servers"]:
            server["preferred_owners"] = [o for o in server["preferred_owners"] if o in names]
        return doc
    return run


_NEXT_LETTERS = "TUVWXYZ"


def add_virtual_servers(count: int, *, storage_groups: int = 1) -> Callable[[dict], dict]:
    """Append `count` virtual servers (EXVS2, 10.0.0.61, ...), each with its own new disk
    when the plan has shared storage."""
    def run(doc: dict) -> dict:
        for _ in range(count):
            number = len(doc["virtual_servers"]) + 1
            server = copy.deepcopy(doc["virtual_servers"][0])
            server["name"] = f"EXVS{number}"
            server["ip"] = f"10.0.0.{59 + number}"
            if "group" in server:
                server["group"] = f"EXVS{number} Group"
            if "storage_groups" in server:
                server["storage_groups"] = storage_groups
            if doc["disks"]:
                used = {disk["letter"] for disk in doc["disks"]}
                letter = next(f"{c}:" for c in _NEXT_LETTERS if f"{c}:" not in used)
                disk = copy.deepcopy(next(d for d in doc["disks"] if d["purpose"] == "exchange"))
                disk.update(letter=letter, label=f"EXVS{number} data")
                doc["disks"].append(disk)
                server["disks"] = [letter]
            else:
                server["disks"] = []
            doc["virtual_servers"].append(server)
        return doc
    return run


def rename_node(index: int, name: str) -> Callable[[dict], dict]:
    """Rename a node everywhere it is named (setup order, preferred owners)."""
    def run(doc: dict) -> dict:
        old = doc["nodes"][index]["name"]
        doc["nodes"][index]["name"] = name
        doc["setup"]["node_order"] = [name if n == old else n for n in doc["setup"]["node_order"]]
        for server in doc["virtual_servers"]:
            server["preferred_owners"] = [name if n == old else n for n in server["preferred_owners"]]
        return doc
    return run


def on_every_node(path: str, value: Any) -> Callable[[dict], dict]:
    def run(doc: dict) -> dict:
        for node in doc["nodes"]:
            set_in(node, path, value)
        return doc
    return run


# ---------------------------------------------------------------- clean base plans

@lru_cache(maxsize=1)
def _example_text() -> str:
    return EXAMPLE_PATH.read_text(encoding="utf-8")


def example() -> dict:
    """Exchange 2003 Enterprise on Windows Server 2003 Enterprise (docs/examples)."""
    return json.loads(_example_text())


def exchange2003_windows2000() -> dict:
    """Exchange 2003 on Windows 2000 Advanced Server SP4 (expect only the prefer-2003 warning)."""
    doc = example()
    doc["name"] = "Contoso Exchange 2003 on Windows 2000"
    doc["windows"] = {"version": "2000", "edition": "advanced", "service_pack": 4, "architecture": "x86"}
    for node in doc["nodes"]:
        # .NET and ASP.NET are not needed on Windows 2000; say so explicitly.
        node["prerequisites"].update(dotnet=False, aspnet=False)
    for server in doc["virtual_servers"]:
        del server["kerberos"]  # asked only for Exchange 2003 on Windows 2003
    return doc


def exchange2000_windows2000() -> dict:
    """Exchange 2000 Enterprise SP3 on Windows 2000 Advanced Server SP4."""
    doc = exchange2003_windows2000()
    doc["name"] = "Contoso Exchange 2000 cluster"
    doc["exchange"] = {"version": "2000", "edition": "enterprise", "service_pack": 3, "cluster_type": None}
    for node in doc["nodes"]:
        node["exchange_version"] = "2000"
    return doc


def _exchange2007(windows: dict, cluster_type: str) -> dict:
    doc = example()
    doc["exchange"] = {"version": "2007", "edition": "enterprise", "service_pack": 1, "cluster_type": cluster_type}
    doc["windows"] = windows
    ad = doc["active_directory"]
    for key in ("forestprep_done", "forestprep_account_schema_admin", "forestprep_account_enterprise_admin",
                "domainprep_done", "domainprep_account_domain_admin", "setup_account_exchange_full_admin"):
        del ad[key]  # Exchange 2000/2003 only
    cluster = doc["cluster"]
    del cluster["msdtc"]
    del cluster["service_account_exchange_full_admin"]
    if windows["version"] not in ("2000", "2003"):
        for key in ("service_account", "service_account_local_admin"):
            del cluster[key]  # Windows 2008 clusters run without a service account
    for node in doc["nodes"]:
        node["exchange_version"] = "2007"
        node["exchange_roles"] = ["mailbox"]
        node["hardware_model"] = "ProLiant DL380 G5"
        node["prerequisites"] = {"dotnet": True, "powershell": True}
    server = doc["virtual_servers"][0]
    doc["virtual_servers"] = [{
        "name": "EXCMS1", "ip": "10.0.0.60", "disks": list(server["disks"]),
        "preferred_owners": list(server["preferred_owners"]),
    }]
    for group in doc.get("storage_groups", []):
        group["server"] = "EXCMS1"
    for key in ("administrative_group", "routing_group"):  # Exchange 2000/2003 only
        ad.pop(key, None)
    return doc


def exchange2007_scc_windows2003() -> dict:
    """Exchange 2007 SP1 single copy cluster on Windows Server 2003 Enterprise x64 SP2."""
    doc = _exchange2007({"version": "2003", "edition": "enterprise", "service_pack": 2, "architecture": "x64"}, "scc")
    doc["name"] = "Contoso SCC on Windows 2003"
    return doc


def exchange2007_scc_windows2008() -> dict:
    """Exchange 2007 SP1 single copy cluster on Windows Server 2008 Enterprise x64."""
    doc = _exchange2007({"version": "2008", "edition": "enterprise", "service_pack": 0, "architecture": "x64"}, "scc")
    doc["name"] = "Contoso SCC on Windows 2008"
    doc["cluster"]["quorum"] = {"type": "node-disk-majority", "file_share_witness": None}
    return doc


FILE_SHARE_WITNESS = "\\\\EXHUB1\\FSW_EXCLUS1"


def exchange2007_ccr_windows2008() -> dict:
    """Exchange 2007 SP1 CCR on Windows Server 2008 Enterprise x64: two nodes, a file share
    witness, no shared disks (and no storage interconnect to answer)."""
    doc = _exchange2007({"version": "2008", "edition": "enterprise", "service_pack": 0, "architecture": "x64"}, "ccr")
    doc["name"] = "Contoso CCR on Windows 2008"
    doc["cluster"]["quorum"] = {"type": "node-fsw-majority", "file_share_witness": FILE_SHARE_WITNESS}
    del doc["cluster"]["storage_interconnect"]
    doc["disks"] = []
    doc["virtual_servers"][0]["disks"] = []
    return doc


def exchange2007_ccr_windows2003() -> dict:
    """Exchange 2007 SP1 CCR on Windows Server 2003 x64: majority node set with a file share witness."""
    doc = exchange2007_ccr_windows2008()
    doc["name"] = "Contoso CCR on Windows 2003"
    doc["windows"] = {"version": "2003", "edition": "enterprise", "service_pack": 2, "architecture": "x64"}
    doc["cluster"]["quorum"] = {"type": "majority-node-set", "file_share_witness": FILE_SHARE_WITNESS}
    doc["cluster"]["service_account"] = "CONTOSO\\svc-cluster"
    doc["cluster"]["service_account_local_admin"] = True
    return doc


BASES: dict[str, Callable[[], dict]] = {
    "ex2003-win2003": example,
    "ex2003-win2000": exchange2003_windows2000,
    "ex2000-win2000": exchange2000_windows2000,
    "ex2007-scc-win2003": exchange2007_scc_windows2003,
    "ex2007-scc-win2008": exchange2007_scc_windows2008,
    "ex2007-ccr-win2008": exchange2007_ccr_windows2008,
    "ex2007-ccr-win2003": exchange2007_ccr_windows2003,
}

# Findings a clean base is allowed (and expected) to have: (rule, severity).
EXPECTED_ON_CLEAN_BASE: dict[str, set[tuple[str, str]]] = {
    "ex2003-win2003": set(),
    "ex2003-win2000": {("exchange2003-prefer-windows2003", "warning")},
    "ex2000-win2000": set(),
    "ex2007-scc-win2003": {("sa-resources-automatic", "info")},
    "ex2007-scc-win2008": {("sa-resources-automatic", "info")},
    "ex2007-ccr-win2008": {("sa-resources-automatic", "info")},
    "ex2007-ccr-win2003": {("sa-resources-automatic", "info")},
}


def report_of(doc: dict):
    return check(load_plan(doc))


def rule_ids(report) -> list[str]:
    return [finding.rule for finding in report.findings]


def findings_of(report, rule: str) -> list:
    return [finding for finding in report.findings if finding.rule == rule]
