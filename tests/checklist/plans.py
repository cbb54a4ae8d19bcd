"""Plans the checklist tests work from, built on the shared domain-test builders."""
from __future__ import annotations

import json

from app.domain.plan import load_plan
from tests.domain.plans import DELETE, add_nodes, add_virtual_servers, build  # noqa: F401

FOUR_NODE_ORDER = ["EXNODE3", "EXNODE1", "EXNODE4", "EXNODE2"]


def four_node_2003_on_windows2000() -> dict:
    """Exchange 2003 on Windows 2000 Datacenter: four nodes, three virtual servers, a chosen setup order."""
    return build("ex2003-win2000", {"windows.edition": "datacenter", "name": "Four-node Exchange 2003"},
                 add_nodes(2), add_virtual_servers(2),
                 {"setup.node_order": list(FOUR_NODE_ORDER), "virtual_servers[1].protocols.imap4": True})


def scc_2007() -> dict:
    return build("ex2007-scc-win2003")


def plan_of(document: dict):
    return load_plan(document)


def import_project(document: dict, owner: str = "alice"):
    """A stored project holding the document, owned by `owner` (call inside an app context)."""
    from app.storage.accounts import create_user, find_user
    from app.storage import projects as service
    from tests.conftest import PASSWORD
    user = find_user(owner) or create_user(owner, PASSWORD)
    return service.import_project(json.dumps(document).encode(), owner=user)
