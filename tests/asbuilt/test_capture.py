"""Whole captures read: every fixture, in every encoding, and what cannot be read."""
from __future__ import annotations

import pytest

from app.domain.asbuilt import CaptureUnreadable, read_capture, read_capture_text
from tests.asbuilt.fixtures import files, read


def test_the_stored_fixtures_are_what_the_fixture_module_writes():
    """Regenerate with `python -m tests.asbuilt.fixtures` after changing tests/asbuilt/fixtures.py."""
    for name, data in files().items():
        assert read(name) == data, name


def test_a_two_node_capture_is_read_whole():
    capture = read_capture(read("2003-two-node.txt"))
    assert capture.readable and not capture.notes and not capture.failures
    assert capture.version.cluster_name == "EXCLUS1" and capture.version.nt_version == "5.2"
    assert [n.name for n in capture.nodes] == ["EXNODE1", "EXNODE2"]
    assert {r.name for r in capture.resources} >= {"Exchange Message Transfer Agent Instance (EXVS1)",
                                                    "EXVS1 System Attendant"}
    types = {r.owner: r.value for r in capture.common_properties if r.name == "Type"}
    assert types["Exchange MS Search Instance (EXVS1)"] == "Microsoft Search Service Instance"
    assert capture.owners["EXVS1 Group"] == ("EXNODE1", "EXNODE2") and capture.owners["Cluster Group"] == ()
    assert capture.dependencies["EXVS1 System Attendant"] == ("EXVS1 Network Name", "Disk R:", "Disk S:")
    assert set(capture.ipconfig) == set(capture.systeminfo) == {"EXNODE1", "EXNODE2"}


@pytest.mark.parametrize("name", ["2003-two-node-utf16.txt", "2003-two-node-lf.txt", "2003-two-node-ansi.txt"])
def test_every_copy_reads_as_the_original(name):
    original, copy = read_capture(read("2003-two-node.txt")), read_capture(read(name))
    for part in ("nodes", "groups", "resources", "common_properties", "private_properties", "owners",
                 "dependencies", "networks", "interfaces", "ipconfig", "systeminfo"):
        assert getattr(copy, part) == getattr(original, part), part


def test_long_names_overflowing_every_column_are_read_as_written():
    capture = read_capture(read("2003-two-node-long-names.txt"))
    assert capture.readable
    names = {r.name: r.group for r in capture.resources}
    assert names["Exchange System Attendant - EXVS1 (first virtual server)"] == "EXVS1 Group"
    assert names["Distributed Transaction Coordinator for the whole cluster"] == "Cluster Group"
    private = {(r.owner, r.name): r.value for r in capture.private_properties}
    assert private[("EXVS1 Network Name used by Outlook clients", "RequireKerberos")] == 1
    assert capture.dependencies["Exchange System Attendant - EXVS1 (first virtual server)"] == (
        "EXVS1 Network Name used by Outlook clients", "Shared disk R: (EXVS1 databases, LUN 3)",
        "Shared disk S: (EXVS1 transaction logs, LUN 4)")


def test_a_multi_string_property_over_several_lines():
    capture = read_capture(read("2003-two-node-differences.txt"))
    private = {(r.owner, r.name): r.value for r in capture.private_properties}
    assert private[("Backup Share", "CSCCache")] == ("manual", "documents", "programs")


def test_a_truncated_table_is_named_with_the_line_that_stopped_it():
    capture = read_capture(read("2003-two-node-truncated.txt"))
    [problem] = capture.problems
    text = read("2003-two-node-truncated.txt").decode("cp437").split("\r\n")
    assert problem.command == "cluster res /priv" and text[problem.line - 1].rstrip() == problem.text
    assert "cut off" in problem.reason


def test_a_section_in_german_is_named_and_the_rest_is_read():
    capture = read_capture(read("2003-two-node-german.txt"))
    [problem] = capture.problems
    assert problem.command == "cluster node" and problem.text.startswith("Status für alle verfügbaren Knoten")
    assert capture.nodes is None and capture.groups is not None
    assert "English" in problem.describe() and "line 8" in problem.describe()


def test_failed_commands_unknown_and_repeated_sections():
    text = read("2003-two-node.txt").decode("cp437").replace("\r\n", "\n")
    text += ("#### cluster group \"Old Group\" /listowners\n"
             "System error 5013 has occurred (0x00001395).\nThe cluster group could not be found.\n\n"
             "#### dir C:\\\n Volume in drive C has no label.\n"
             "#### cluster node\nListing status for all available nodes:\n\n"
             "Node           Node ID Status\n-------------- ------- ---------------------\nEXNODE1              1 Up\n")
    capture = read_capture_text(text)
    assert capture.readable
    [failure] = capture.failures
    assert (failure.kind, failure.target) == ("owners", "Old Group") and "could not be found" in failure.message
    messages = [n.message for n in capture.notes]
    assert any("dir C:" in m and "skipped" in m for m in messages)
    assert any("cluster node appears more than once" in m for m in messages)
    assert [n.name for n in capture.nodes] == ["EXNODE1"]  # the later one


def test_text_that_holds_no_section_at_all():
    with pytest.raises(CaptureUnreadable, match="“#### <command>”"):
        read_capture(b"Dear team,\r\nthe cluster is built.\r\n")


def test_pasted_output_without_markers():
    text = read("2003-two-node.txt").decode("cp437").replace("\r\n", "\n")
    unmarked = "\n".join(line for line in text.split("\n") if not line.startswith("####"))
    capture = read_capture_text(unmarked)
    assert capture.readable and capture.owners["EXVS1 Group"] == ("EXNODE1", "EXNODE2")
    assert len(capture.resources) == 15 and set(capture.systeminfo) == {"EXNODE1", "EXNODE2"}
