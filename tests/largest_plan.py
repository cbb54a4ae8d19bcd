"""The largest plan the format accepts: every list at its limit (app/domain/plan/model.py), and
optionally every text at its longest. Used by the limit tests, the concurrency test and the
benchmark of every page (benchmarks/bench.py), so they all measure the same worst case."""
from __future__ import annotations

import copy
import json
import string
from pathlib import Path

from app.domain.plan import model, vocab

EXAMPLE = Path(__file__).resolve().parent.parent / "docs" / "examples" / "exchange2003-two-node.json"


def _long(text: str, length: int, fill: str = "x") -> str:
    return (text + fill * length)[:length] if length > len(text) else text


def largest_document(long_texts: bool = True) -> dict:
    """Exchange 2003 on Windows Server 2003 (the family with the most answers per server) with
    MAX_NODES nodes, MAX_VIRTUAL_SERVERS servers each listing every disk and every node, all 26
    disks, MAX_DNS_SERVERS DNS servers and MAX_STORAGE_GROUPS storage groups. With `long_texts`,
    names and labels are as long as the format allows; the plan then breaks many rules, which
    also makes its pages as heavy as they get."""
    document = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    width = model.MAX_TEXT if long_texts else 0
    document["name"] = _long("Largest plan", model.MAX_PLAN_NAME if long_texts else 0)
    document["description"] = _long("The largest plan the format accepts. ", model.MAX_DESCRIPTION if long_texts else 0)
    document["windows"]["edition"] = "datacenter"
    document["cluster"]["public_network"] = "10.0.0.0/16"
    document["cluster"]["private_network"] = "192.168.0.0/16"
    document["active_directory"]["dns_servers"] = [f"10.0.1.{n}" for n in range(1, model.MAX_DNS_SERVERS + 1)]
    node_template = document["nodes"][0]
    names = [_long(f"EXNODE{n}", width, "n") for n in range(1, model.MAX_NODES + 1)]
    document["nodes"] = []
    for number, name in enumerate(names, start=1):
        node = copy.deepcopy(node_template)
        node.update(name=name, public_ip=f"10.0.2.{number}", private_ip=f"192.168.2.{number}",
                    hardware_model=_long("ProLiant DL580 G5", width, "h"))
        document["nodes"].append(node)
    letters = [f"{letter}:" for letter in string.ascii_uppercase][:model.MAX_DISKS]
    document["disks"] = [{"letter": letter, "label": _long(f"Volume {letter[0]}", width, "l"),
                          "purpose": "quorum" if letter == "Q:" else "exchange", "type": "basic",
                          "filesystem": "ntfs", "empty": True, "mount_point": False} for letter in letters]
    server_template = document["virtual_servers"][0]
    document["virtual_servers"] = []
    for number in range(1, model.MAX_VIRTUAL_SERVERS + 1):
        server = copy.deepcopy(server_template)
        server.update(name=_long(f"EXVS{number}", width, "v"), ip=f"10.0.3.{number}",
                      group=_long(f"EXVS{number} Group", width, "g"), disks=list(letters), storage_groups=4,
                      components=list(vocab.COMPONENTS), preferred_owners=list(names))
        document["virtual_servers"].append(server)
    document["storage_groups"] = [
        {"server": document["virtual_servers"][n % model.MAX_VIRTUAL_SERVERS]["name"],
         "name": _long(f"Storage group {n + 1}", width, "s"), "database": _long(f"Mailbox store {n + 1}", width, "d"),
         "log_folder": _long(f"R:\\SG{n + 1}\\Logs", width, "L"), "database_folder": _long(f"S:\\SG{n + 1}", width, "D")}
        for n in range(model.MAX_STORAGE_GROUPS)]
    document["setup"]["node_order"] = list(names)
    return document
