"""Clean plans for the web tests, built from the example."""
from __future__ import annotations

import json

from tests.conftest import EXAMPLE_PLAN


def example() -> dict:
    return json.loads(EXAMPLE_PLAN.read_text())


def exchange2007_scc() -> dict:
    plan = example()
    plan["name"] = "Fabrikam SCC"
    plan["exchange"] = {"version": "2007", "edition": "enterprise", "service_pack": 1, "cluster_type": "scc"}
    plan["windows"] = {"version": "2003", "edition": "enterprise", "service_pack": 2, "architecture": "x64"}
    ad = plan["active_directory"]
    for key in ("forestprep_done", "forestprep_account_schema_admin", "forestprep_account_enterprise_admin",
                "domainprep_done", "domainprep_account_domain_admin", "setup_account_exchange_full_admin"):
        ad.pop(key)
    del plan["cluster"]["msdtc"]
    del plan["cluster"]["service_account_exchange_full_admin"]
    for node in plan["nodes"]:
        node["exchange_version"] = "2007"
        node["exchange_roles"] = ["mailbox"]
        node["prerequisites"] = {"dotnet": True, "powershell": True}
    plan["virtual_servers"] = [{"name": "EXCMS1", "ip": "10.0.0.60", "disks": ["R:", "S:"],
                                "preferred_owners": ["EXNODE1", "EXNODE2"]}]
    for group in plan.get("storage_groups", []):
        group["server"] = "EXCMS1"
    for key in ("administrative_group", "routing_group"):  # Exchange 2000/2003 only
        ad.pop(key, None)
    return plan


def exchange2007_ccr() -> dict:
    plan = exchange2007_scc()
    plan["name"] = "Fabrikam CCR"
    plan["exchange"]["cluster_type"] = "ccr"
    plan["windows"]["version"] = "2008"
    plan["cluster"]["quorum"] = {"type": "node-fsw-majority", "file_share_witness": "\\\\HUB1\\FSW_EXCLUS1"}
    for key in ("service_account", "service_account_local_admin"):
        plan["cluster"].pop(key)
    plan["disks"] = []
    plan["virtual_servers"][0]["disks"] = []
    plan["virtual_servers"][0].pop("disks")
    return plan
