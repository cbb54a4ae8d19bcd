"""CCR plans have no shared disks: the wizard does not ask for them, so an absent list means none."""
from __future__ import annotations

from app.domain.plan import load_plan
from app.domain.rules import check
from tests.domain.plans import build, exchange2007_ccr_windows2008



def fired(document: dict) -> set[str]:
    return {finding.rule for finding in check(load_plan(document)).findings}


def without_disks(document: dict) -> dict:
    document.pop("disks", None)
    return document


def test_disk_quorum_without_shared_disks_is_an_error_for_ccr():
    document = without_disks(build(exchange2007_ccr_windows2008, {"cluster.quorum.type": "disk"}))
    assert "quorum-disk-defined" in fired(document)
    assert not check(load_plan(document)).ready


def test_file_share_majority_ccr_without_disks_is_clean():
    assert "quorum-disk-defined" not in fired(without_disks(build(exchange2007_ccr_windows2008)))
