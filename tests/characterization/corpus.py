"""Every plan the tests know, as (name, document) pairs, for the characterization snapshot.

The corpus is the clean bases, every firing, silent and not-applicable rule case, the checklist
and wizard test plans, the incomplete plans, the shipped examples, and each base with any single
answer removed. Each document is stored in the snapshot itself, so later changes to the test
builders cannot change what is compared.
"""
from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Iterator

ROOT = Path(__file__).resolve().parents[2]


def _every_key_path(value, path=""):
    if isinstance(value, dict):
        for key, child in value.items():
            if key == "format":
                continue
            child_path = f"{path}.{key}" if path else key
            yield child_path
            yield from _every_key_path(child, child_path)
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from _every_key_path(child, f"{path}[{index}]")


_STEP = re.compile(r"\.?([^.\[\]]+)|\[(\d+)\]")


def without(document: dict, path: str) -> dict:
    """A copy of the document with the value at `path` (a.b[0].c) removed."""
    document = copy.deepcopy(document)
    keys = [name if name else int(index) for name, index in _STEP.findall(path)]
    node = document
    for key in keys[:-1]:
        node = node[key]
    del node[keys[-1]]
    return document


def documents() -> Iterator[tuple[str, dict]]:
    from tests.checklist import plans as checklist_plans
    from tests.checklist.test_generate import INCOMPLETE
    from tests.domain import test_rules
    from tests.domain.plans import BASES, build
    from tests.wizard import plans as wizard_plans

    for path in sorted((ROOT / "docs" / "examples").glob("*.json")):
        yield f"example/{path.name}", json.loads(path.read_text(encoding="utf-8"))
    for name in sorted(BASES):
        yield f"base/{name}", build(name)
    for kind, cases in (("fires", test_rules.FIRES), ("silent", test_rules.SILENT),
                        ("not-applicable", test_rules.NOT_APPLICABLE)):
        for number, case in enumerate(cases):
            yield f"{kind}/{number:03d}/{case.id}", build(case.base, case.change)
    yield "checklist/four-node-2003-on-2000", checklist_plans.four_node_2003_on_windows2000()
    yield "checklist/scc-2007", checklist_plans.scc_2007()
    for number, document in enumerate(INCOMPLETE):
        yield f"incomplete/{number}", copy.deepcopy(document)
    yield "wizard/example", wizard_plans.example()
    yield "wizard/scc", wizard_plans.exchange2007_scc()
    yield "wizard/ccr", wizard_plans.exchange2007_ccr()
    for name in sorted(BASES):
        base = build(name)
        for path in _every_key_path(base):
            yield f"without/{name}/{path}", without(base, path)
