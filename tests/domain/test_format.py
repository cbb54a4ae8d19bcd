"""The exchange-cluster-plan/1 format: round trips, strict refusal with exact paths, completeness."""
from __future__ import annotations

import json

import pytest

from app.domain.plan import MISSING, PlanFormatError, dump_plan, dumps_plan, load_plan, load_stored_plan, loads_plan
from app.domain.plan.completeness import incomplete_items
from app.domain.rules import check
from tests.domain.plans import (
    BASES, DELETE, EXAMPLE_PATH, FILE_SHARE_WITNESS, build, example, get_in, report_of,
)

FORMAT_ID = "exchange-cluster-plan/1"


# ---------------------------------------------------------------- round trips

def test_example_round_trips_to_the_same_json():
    text = EXAMPLE_PATH.read_text(encoding="utf-8")
    original = json.loads(text)
    assert dump_plan(loads_plan(text)) == original
    assert dump_plan(loads_plan(text.encode("utf-8"))) == original
    assert json.loads(dumps_plan(load_plan(original))) == original


def test_example_load_dump_load_is_identity():
    plan = load_plan(example())
    again = load_plan(dump_plan(plan))
    assert again == plan
    assert loads_plan(dumps_plan(again)) == plan


@pytest.mark.parametrize("base", list(BASES))
def test_every_base_round_trips(base):
    doc = BASES[base]()
    assert dump_plan(load_plan(doc)) == doc


def test_absent_keys_stay_absent_and_null_stays_null():
    doc = build("ex2003-win2003", {"cluster.ip": DELETE, "cluster.private_network": None,
                                  "nodes[0].private_ip": None, "nodes[1].private_ip": None})
    plan = load_plan(doc)
    assert plan.cluster.ip is MISSING
    assert plan.cluster.private_network is None
    dumped = dump_plan(plan)
    assert "ip" not in dumped["cluster"]
    assert dumped["cluster"]["private_network"] is None
    assert dumped == doc


def test_loading_does_not_change_the_input_document():
    doc = example()
    before = json.dumps(doc, sort_keys=True)
    load_plan(doc)
    assert json.dumps(doc, sort_keys=True) == before


def test_dumps_plan_is_json_text():
    text = dumps_plan(load_plan(example()))
    assert json.loads(text) == example()


# ---------------------------------------------------------------- invalid documents

class Text(str):
    """A raw document (not built from the example)."""


INVALID = [
    # (id, document or change, expected path, fragments the message must contain)
    ("not-json", Text("{not json"), "", ["not valid JSON"]),
    ("empty-file", Text(""), "", ["not valid JSON"]),
    ("truncated", Text('{"format": "exchange-cluster-plan/1", "name": '), "", ["not valid JSON"]),
    ("binary-garbage", b"\x89PNG\r\n\x1a\n\x00\xff\xfe", "", ["not UTF-8"]),
    ("huge-integer", Text('{"format": "exchange-cluster-plan/1", "windows": {"service_pack": 1' + "0" * 5000 + "}}"),
     "", ["whole number of 5,001 digits", "at most 4,300 digits"]),
    ("deep-nesting", Text("[" * 100_000 + "]" * 100_000), "", ["nests lists or objects more deeply", "levels"]),
    ("not-an-object-list", Text("[1, 2]"), "", ["must be a JSON object"]),
    ("not-an-object-string", Text('"plan"'), "", ["must be a JSON object"]),
    ("not-an-object-null", Text("null"), "", ["must be a JSON object"]),
    ("missing-format", {"format": DELETE}, "format", ["missing", FORMAT_ID]),
    ("wrong-format", {"format": "exchange-cluster-plan/2"}, "format", ['"exchange-cluster-plan/2"']),
    ("format-not-a-string", {"format": 1}, "format", ["1 is not"]),
    # wrong types
    ("string-for-bool", {"cluster.hardware_certified": "true"}, "cluster.hardware_certified",
     ['"true" is not true or false']),
    ("int-for-bool", {"nodes[0].domain_controller": 0}, "nodes[0].domain_controller", ["0 is not true or false"]),
    ("bool-for-int", {"exchange.service_pack": True}, "exchange.service_pack", ["true is not a whole number"]),
    ("float-for-int", {"windows.service_pack": 2.5}, "windows.service_pack", ["2.5 is not a whole number"]),
    ("string-for-int", {"virtual_servers[0].storage_groups": "2"}, "virtual_servers[0].storage_groups",
     ['"2" is not a whole number']),
    ("int-out-of-range", {"exchange.service_pack": 4}, "exchange.service_pack", ["4", "0-3"]),
    ("negative-int", {"windows.service_pack": -1}, "windows.service_pack", ["-1", "0-4"]),
    ("int-for-string-version", {"exchange.version": 2003}, "exchange.version", ["2003 (not a string) is not one of"]),
    ("int-for-text", {"cluster.name": 5}, "cluster.name", ["5 is not a string"]),
    ("object-for-text", {"nodes[1].hardware_model": {"model": "DL380"}}, "nodes[1].hardware_model",
     ['{"model": "DL380"} is not a string']),
    ("string-for-list", {"active_directory.dns_servers": "10.0.0.2"}, "active_directory.dns_servers",
     ['"10.0.0.2" is not a list']),
    ("object-for-list", {"nodes": {}}, "nodes", ["{} is not a list"]),
    ("list-for-object", {"exchange": []}, "exchange", ["[] is not an object"]),
    ("string-for-list-item-object", {"nodes[1]": "EXNODE2"}, "nodes[1]", ['"EXNODE2" is not an object']),
    # null where not allowed
    ("null-ip", {"cluster.ip": None}, "cluster.ip", ["null"]),
    ("null-section", {"exchange": None}, "exchange", ["null"]),
    ("null-list", {"nodes": None}, "nodes", ["null"]),
    ("null-list-item", {"nodes[1]": None}, "nodes[1]", ["null"]),
    ("null-bool", {"setup.concurrent_node_installs": None}, "setup.concurrent_node_installs", ["null"]),
    ("null-in-string-list", {"setup.node_order": ["EXNODE1", None]}, "setup.node_order[1]", ["null"]),
    ("null-cluster-type-2007", ("ex2007-scc-win2003", {"exchange.cluster_type": None}), "exchange.cluster_type",
     ["null", "2007"]),
    # out of vocabulary
    ("exchange-version", {"exchange.version": "5.5"}, "exchange.version", ['"5.5"']),
    ("exchange-edition", {"exchange.edition": "Enterprise"}, "exchange.edition", ['"Enterprise"']),
    ("windows-version", {"windows.version": "2012"}, "windows.version", ['"2012"']),
    ("architecture", {"windows.architecture": "ia64"}, "windows.architecture", ['"ia64"']),
    ("quorum-type", {"cluster.quorum.type": "witness"}, "cluster.quorum.type", ['"witness"']),
    ("interconnect", {"cluster.storage_interconnect": "usb"}, "cluster.storage_interconnect", ['"usb"']),
    ("filesystem", {"disks[2].filesystem": "refs"}, "disks[2].filesystem", ['"refs"']),
    ("disk-type", {"disks[0].type": "raid"}, "disks[0].type", ['"raid"']),
    ("disk-purpose", {"disks[1].purpose": "logs"}, "disks[1].purpose", ['"logs"']),
    ("exchange-role", {"nodes[0].exchange_roles": ["mailbox", "edge"]}, "nodes[0].exchange_roles[1]", ['"edge"']),
    ("component", {"virtual_servers[0].components": ["system-attendant", "pop3"]},
     "virtual_servers[0].components[1]", ['"pop3"']),
    ("vs-role", {"virtual_servers[0].role": "mailbox"}, "virtual_servers[0].role", ['"mailbox"']),
    ("setup-mode", {"setup.mode": "silent"}, "setup.mode", ['"silent"']),
    ("cluster-type", ("ex2007-scc-win2003", {"exchange.cluster_type": "lcr"}), "exchange.cluster_type", ['"lcr"']),
    ("advanced-on-windows2003", {"windows.edition": "advanced"}, "windows.edition", ['"advanced"', "2003"]),
    ("enterprise-on-windows2000", ("ex2000-win2000", {"windows.edition": "enterprise"}), "windows.edition",
     ['"enterprise"', "2000"]),
    ("scc-with-exchange2003", {"exchange.cluster_type": "scc"}, "exchange.cluster_type", ['"scc"', "2007"]),
    ("ccr-with-exchange2000", ("ex2000-win2000", {"exchange.cluster_type": "ccr"}), "exchange.cluster_type",
     ['"ccr"']),
    # malformed addresses and networks
    ("ipv4-octet-300", {"nodes[1].public_ip": "10.0.0.300"}, "nodes[1].public_ip",
     ['"10.0.0.300" is not an IPv4 address']),
    ("ipv4-three-parts", {"cluster.ip": "10.0.0"}, "cluster.ip", ['"10.0.0" is not an IPv4 address']),
    ("ipv4-five-parts", {"virtual_servers[0].ip": "10.0.0.60.1"}, "virtual_servers[0].ip", ['"10.0.0.60.1"']),
    ("ipv4-leading-zero", {"nodes[0].public_ip": "10.0.0.011"}, "nodes[0].public_ip", ['"10.0.0.011"']),
    ("ipv4-with-space", {"nodes[0].private_ip": " 192.168.10.11"}, "nodes[0].private_ip", ['" 192.168.10.11"']),
    ("ipv4-with-prefix", {"cluster.ip": "10.0.0.50/24"}, "cluster.ip", ['"10.0.0.50/24"']),
    ("ipv6", {"cluster.ip": "::1"}, "cluster.ip", ['"::1" is not an IPv4 address']),
    ("ipv4-as-number", {"active_directory.dns_servers": [167772162]}, "active_directory.dns_servers[0]",
     ["167772162 is not an IPv4 address"]),
    ("dns-server-item", {"active_directory.dns_servers": ["10.0.0.2", "dns1"]}, "active_directory.dns_servers[1]",
     ['"dns1" is not an IPv4 address']),
    ("cidr-host-bits", {"cluster.public_network": "10.0.0.1/24"}, "cluster.public_network",
     ['"10.0.0.1/24"', "host bits"]),
    ("cidr-host-bits-private", {"cluster.private_network": "192.168.10.5/24"}, "cluster.private_network",
     ['"192.168.10.5/24"', "host bits"]),
    ("cidr-without-prefix", {"cluster.public_network": "10.0.0.0"}, "cluster.public_network", ['"10.0.0.0"']),
    ("cidr-prefix-33", {"cluster.public_network": "10.0.0.0/33"}, "cluster.public_network", ['"10.0.0.0/33"']),
    ("cidr-netmask", {"cluster.public_network": "10.0.0.0/255.255.255.0"}, "cluster.public_network",
     ['"10.0.0.0/255.255.255.0"']),
    ("cidr-bad-address", {"cluster.public_network": "10.0.0.300/24"}, "cluster.public_network",
     ['"10.0.0.300/24"']),
    # malformed drive letters and UNC paths
    ("drive-rr", {"disks[1].letter": "RR"}, "disks[1].letter", ['"RR" is not a drive letter']),
    ("drive-no-colon", {"nodes[0].binaries_drive": "C"}, "nodes[0].binaries_drive", ['"C"']),
    ("drive-with-backslash", {"nodes[1].binaries_drive": "C:\\"}, "nodes[1].binaries_drive", ['"C:\\\\"']),
    ("drive-trailing-newline", {"disks[2].letter": "S:\n"}, "disks[2].letter", ['"S:\\n"']),
    ("drive-digit", {"disks[2].letter": "1:"}, "disks[2].letter", ['"1:"']),
    ("drive-in-list", {"virtual_servers[0].disks": ["R:", "RR"]}, "virtual_servers[0].disks[1]", ['"RR"']),
    ("unc-local-path", {"cluster.quorum.file_share_witness": "C:\\fsw"}, "cluster.quorum.file_share_witness",
     ['"C:\\\\fsw"', "UNC"]),
    ("unc-server-only", {"cluster.quorum.file_share_witness": "\\\\EXHUB1"}, "cluster.quorum.file_share_witness",
     ["UNC"]),
    ("unc-newline", {"cluster.quorum.file_share_witness": "\\\\EXHUB1\\FSW\n"}, "cluster.quorum.file_share_witness",
     ["UNC"]),
    # unknown keys
    ("unknown-key-in-cluster", {"cluster.heartbeat": "private"}, "cluster.heartbeat", ["not a known key"]),
    ("unknown-key-in-node", {"nodes[1].ip": "10.0.0.12"}, "nodes[1].ip", ["not a known key"]),
    ("unknown-key-in-quorum", {"cluster.quorum.witness": FILE_SHARE_WITNESS}, "cluster.quorum.witness",
     ["not a known key"]),
    ("unknown-key-in-prerequisites", {"nodes[0].prerequisites.iis": True}, "nodes[0].prerequisites.iis",
     ["not a known key"]),
    ("unknown-top-level-key", {"comment": "hello"}, "comment", ["not a known key"]),
    ("unknown-key-with-newline", {"exchange.bad\nkey": 1}, 'exchange."bad\\nkey"', ["not a known key"]),
]


def _document(spec):
    if isinstance(spec, (Text, bytes)):
        return spec
    if isinstance(spec, tuple):
        base, change = spec
        return json.dumps(build(base, change))
    return json.dumps(build("ex2003-win2003", spec))


@pytest.mark.parametrize("case_id, spec, path, fragments", INVALID, ids=[case[0] for case in INVALID])
def test_invalid_document_is_refused_with_its_path(case_id, spec, path, fragments):
    with pytest.raises(PlanFormatError) as caught:
        loads_plan(_document(spec))
    error = caught.value
    message = str(error)
    assert error.path == path
    if path:
        assert message.startswith(f"{path}: "), message
    for fragment in fragments:
        assert fragment in message, f"{fragment!r} not in {message!r}"
    assert "\n" not in message and "\r" not in message


def test_spec_example_message_is_exact():
    with pytest.raises(PlanFormatError) as caught:
        load_plan(build("ex2003-win2003", {"nodes[1].public_ip": "10.0.0.300"}))
    assert str(caught.value) == 'nodes[1].public_ip: "10.0.0.300" is not an IPv4 address'


@pytest.mark.parametrize("odd", ["\x85", "\u2028", "\u2029", "\x1c", "\ud800"])
def test_a_message_stays_one_line_whatever_the_value_holds(odd):
    with pytest.raises(PlanFormatError) as caught:
        load_plan(build("ex2003-win2003", {"format": f"a{odd}b"}))
    message = str(caught.value)
    assert len(message.splitlines()) == 1 and message.isprintable(), repr(message)
    assert message.encode("utf-8")  # no lone UTF-16 half left in it


def test_oversized_document_is_refused():
    text = json.dumps(example()) + " " * 2_000_001
    with pytest.raises(PlanFormatError) as caught:
        loads_plan(text.encode("utf-8"))
    assert "2 MB" in str(caught.value)


@pytest.mark.parametrize("value", ["10.0.0.0/8", "192.168.10.0/24", "10.0.0.48/30", "0.0.0.0/0", "10.0.0.1/32"])
def test_valid_networks_are_accepted(value):
    plan = load_plan(build("ex2003-win2003", {"cluster.private_network": value}))
    assert plan.cluster.private_network == value


@pytest.mark.parametrize("value", ["C:", "d:", "Z:"])
def test_valid_drive_letters_are_accepted(value):
    assert load_plan(build("ex2003-win2003", {"nodes[0].binaries_drive": value})).nodes[0].binaries_drive == value


@pytest.mark.parametrize("value", ["\\\\EXHUB1\\FSW", "\\\\hub1.contoso.com\\FSW$\\EXCLUS1", "\\\\EXHUB1\\FSW\\"])
def test_valid_unc_paths_are_accepted(value):
    plan = load_plan(build("ex2007-ccr-win2008", {"cluster.quorum.file_share_witness": value}))
    assert plan.cluster.quorum.file_share_witness == value


def test_null_is_an_answer_where_allowed():
    plan = load_plan(build("ex2003-win2003", {"cluster.private_network": None, "nodes[0].private_ip": None,
                                              "cluster.service_account": None}))
    assert plan.cluster.private_network is None and plan.cluster.service_account is None


def test_empty_lists_are_answers():
    plan = load_plan(build("ex2007-ccr-win2008"))
    assert plan.disks == [] and plan.virtual_servers[0].disks == []


# ---------------------------------------------------------------- completeness

def incomplete_of(doc: dict) -> list[tuple[str, str]]:
    return [(item.subject, item.step) for item in incomplete_items(load_plan(doc))]


@pytest.mark.parametrize("removed, subject, step", [
    ("name", "name", "basics"),
    ("exchange.version", "exchange.version", "basics"),
    ("windows.architecture", "windows.architecture", "basics"),
    ("active_directory.dns_servers", "active_directory.dns_servers", "active-directory"),
    ("active_directory.forestprep_done", "active_directory.forestprep_done", "active-directory"),
    ("cluster.ip", "cluster.ip", "cluster"),
    ("cluster.quorum", "cluster.quorum.type", "cluster"),
    ("cluster.msdtc.group", "cluster.msdtc.group", "cluster"),
    ("nodes", "nodes", "nodes"),
    ("nodes[1].public_ip", "nodes[1].public_ip", "nodes"),
    ("nodes[0].prerequisites.aspnet", "nodes[0].prerequisites.aspnet", "nodes"),
    ("disks", "disks", "storage"),
    ("disks[0].filesystem", "disks[0].filesystem", "storage"),
    ("virtual_servers", "virtual_servers", "virtual-servers"),
    ("virtual_servers[0].kerberos", "virtual_servers[0].kerberos", "virtual-servers"),
    ("virtual_servers[0].protocols.pop3", "virtual_servers[0].protocols.pop3", "virtual-servers"),
    ("setup.mode", "setup.mode", "setup"),
])
def test_absent_key_is_incomplete_at_its_step(removed, subject, step):
    doc = build("ex2003-win2003", {removed: DELETE})
    assert (subject, step) in incomplete_of(doc)
    report = report_of(doc)
    assert report.ready is False
    items = [item for item in report.incomplete if item.subject == subject]
    assert items and items[0].message and "not answered" in items[0].message
    # Rules that need the absent value stay silent about it.
    assert not [f for f in report.findings if f.subject == subject]


def test_removing_cluster_ip_gives_exactly_one_incomplete_item():
    report = report_of(build("ex2003-win2003", {"cluster.ip": DELETE}))
    assert [(i.step, i.subject) for i in report.incomplete] == [("cluster", "cluster.ip")]
    assert not report.findings
    assert report.as_dict()["incomplete"] == [
        {"step": "cluster", "subject": "cluster.ip", "message": report.incomplete[0].message}]


def test_empty_document_lists_every_top_level_question():
    subjects = {item.subject for item in incomplete_items(load_plan({"format": FORMAT_ID}))}
    assert {"name", "exchange.version", "windows.version", "active_directory.domain", "cluster.name",
            "nodes", "virtual_servers", "setup.mode"} <= subjects
    assert "format" not in subjects


EX2000_2003_ONLY = [
    "active_directory.forestprep_done", "active_directory.domainprep_done",
    "active_directory.setup_account_exchange_full_admin", "cluster.msdtc",
]


@pytest.mark.parametrize("base", ["ex2007-scc-win2003", "ex2007-scc-win2008", "ex2007-ccr-win2008"])
def test_2007_plan_needs_no_2000_2003_answers(base):
    doc = BASES[base]()
    for path in EX2000_2003_ONLY + ["cluster.service_account_exchange_full_admin"]:
        parent, key = path.rsplit(".", 1)
        assert key not in get_in(doc, parent), f"the base should leave {path} out"
    assert incomplete_of(doc) == []


@pytest.mark.parametrize("path", EX2000_2003_ONLY)
def test_2003_plan_needs_2000_2003_answers(path):
    subjects = [subject for subject, _ in incomplete_of(build("ex2003-win2003", {path: DELETE}))]
    assert subjects and all(subject.startswith(path) for subject in subjects)


def test_forestprep_accounts_are_asked_only_while_forestprep_is_pending():
    ad_accounts = {"active_directory.forestprep_account_schema_admin": DELETE,
                   "active_directory.forestprep_account_enterprise_admin": DELETE,
                   "active_directory.domainprep_account_domain_admin": DELETE}
    pending = incomplete_of(build("ex2003-win2003", ad_accounts))
    assert {subject for subject, _ in pending} == {key for key in ad_accounts}
    done = build("ex2003-win2003", ad_accounts, {"active_directory.forestprep_done": True,
                                                 "active_directory.domainprep_done": True})
    assert incomplete_of(done) == []


def test_ccr_needs_no_disks_or_interconnect_but_scc_does():
    assert "storage_interconnect" not in BASES["ex2007-ccr-win2008"]()["cluster"]
    ccr = build("ex2007-ccr-win2008", {"disks": DELETE, "virtual_servers[0].disks": DELETE})
    assert incomplete_of(ccr) == []
    assert report_of(ccr).ready is True
    scc = build("ex2007-scc-win2008", {"disks": DELETE, "virtual_servers[0].disks": DELETE,
                                       "cluster.storage_interconnect": DELETE})
    assert set(incomplete_of(scc)) == {("disks", "storage"), ("virtual_servers[0].disks", "virtual-servers"),
                                       ("cluster.storage_interconnect", "cluster")}


@pytest.mark.parametrize("base, needed", [
    ("ex2007-ccr-win2008", True),    # node and file share majority
    ("ex2007-ccr-win2003", True),    # CCR on a majority node set
    ("ex2007-scc-win2008", False),   # node and disk majority
    ("ex2003-win2003", False),       # disk quorum
])
def test_file_share_witness_is_asked_when_the_quorum_uses_one(base, needed):
    doc = build(base, {"cluster.quorum.file_share_witness": DELETE})
    expected = [("cluster.quorum.file_share_witness", "cluster")] if needed else []
    assert incomplete_of(doc) == expected


@pytest.mark.parametrize("base, path, needed", [
    ("ex2003-win2003", "cluster.service_account", True),
    ("ex2007-scc-win2003", "cluster.service_account_local_admin", True),
    ("ex2000-win2000", "cluster.service_account_exchange_full_admin", True),
    ("ex2003-win2003", "cluster.service_account_exchange_full_admin", False),
    ("ex2003-win2003", "virtual_servers[0].kerberos", True),
    ("ex2003-win2003", "exchange.cluster_type", False),
    ("ex2007-scc-win2003", "exchange.cluster_type", True),
    ("ex2003-win2003", "nodes[0].exchange_roles", False),
    ("ex2007-scc-win2003", "nodes[0].exchange_roles", True),
    ("ex2003-win2003", "nodes[0].prerequisites.aspnet", True),
    ("ex2003-win2003", "nodes[0].prerequisites.powershell", False),
    ("ex2003-win2000", "nodes[0].prerequisites.aspnet", False),
    ("ex2003-win2000", "nodes[0].prerequisites.nntp", True),
    ("ex2007-scc-win2003", "nodes[0].prerequisites.powershell", True),
    ("ex2003-win2000", "disks[1].mount_point", True),
    ("ex2003-win2003", "disks[1].mount_point", False),
    ("ex2003-win2003", "disks[1].label", False),
    ("ex2003-win2003", "virtual_servers[0].storage_groups", True),
])
def test_version_dependent_questions(base, path, needed):
    doc = build(base, {path: DELETE})
    subjects = [subject for subject, _ in incomplete_of(doc)]
    assert (path in subjects) is needed, subjects


@pytest.mark.parametrize("base", ["ex2007-scc-win2008", "ex2007-ccr-win2008"])
def test_windows_2008_needs_no_cluster_service_account(base):
    doc = BASES[base]()
    assert "service_account" not in doc["cluster"]
    assert incomplete_of(doc) == []


def test_unanswered_plan_is_never_ready_even_without_findings():
    report = check(load_plan({"format": FORMAT_ID}))
    assert report.ready is False and report.incomplete


def test_a_file_saved_with_a_byte_order_mark_loads():
    """Windows Notepad writes UTF-8 with a BOM; administrators will hand us such files."""
    from tests.conftest import EXAMPLE_PLAN
    plan = loads_plan(b"\xef\xbb\xbf" + EXAMPLE_PLAN.read_bytes())
    assert plan.cluster.name == "EXCLUS1"


# ---------------------------------------------------------------- invisible characters in the plan's name

@pytest.mark.parametrize("name", ["Contoso\u202egpj.exe", "Contoso\u200b", "\u2066Contoso\u2069"])
def test_the_plans_name_with_invisible_characters_is_refused_at_its_path(name):
    document = example()
    document["name"] = name
    with pytest.raises(PlanFormatError) as refused:
        loads_plan(json.dumps(document))
    assert refused.value.path == "name" and "holds invisible characters (U+" in str(refused.value)
    assert str(refused.value).startswith("name: ")


def test_other_names_with_invisible_characters_still_load_and_the_rules_refuse_them():
    document = example()
    document["nodes"][0]["name"] = "EX\u202eNODE1"
    plan = loads_plan(json.dumps(document))
    assert "names-command-safe" in {f.rule for f in check(plan).findings}


def test_a_stored_plan_named_before_the_refusal_still_opens_without_the_characters():
    document = example()
    document["name"] = "Contoso\u202e mail"
    assert load_stored_plan(document).name == "Contoso mail"
    assert document["name"] == "Contoso\u202e mail"  # the stored document itself is left as it is
    assert load_stored_plan(example()) == load_plan(example())
