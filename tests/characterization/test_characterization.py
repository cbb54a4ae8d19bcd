"""The domain gives every known plan the same findings and runbook as when golden.jsonl was written.

A failure here means a change altered what some plan produces. If that was the point of the
change, regenerate with `.venv/bin/python -m tests.characterization.snapshot` and let the diff
of golden.jsonl in the commit say what changed; otherwise the change has a bug.
"""
from __future__ import annotations

import pytest

from tests.characterization.snapshot import digest, findings_and_runbook, stored_documents

CASES = stored_documents()


@pytest.mark.parametrize("golden,document", CASES, ids=[entry["name"] for entry, _ in CASES])
def test_same_findings_and_runbook(golden, document):
    now = findings_and_runbook(document)
    assert now["findings"] == golden["findings"]
    assert now["incomplete"] == golden["incomplete"]
    runbook = now["runbook"] if isinstance(golden["runbook"], list) else digest(now["runbook"])
    assert runbook == golden["runbook"]


def test_the_corpus_is_still_the_one_the_snapshot_holds():
    from tests.characterization.corpus import documents
    assert len(list(documents())) == len(CASES)
