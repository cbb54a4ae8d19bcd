#!/usr/bin/env python
"""Benchmark of the failover what-if: every single and double failure of a 16-node plan (a script, not a test).

Run from the repository root:

    .venv/bin/python benchmarks/failover.py

The plan has 16 nodes (more than any Exchange release clusters, for the size) and 8 Exchange 2003
virtual servers with their disks; the intended state is built once, as the Failover page and
`flask plan failover` do. One run of the target case simulates the 16 single and the 120 double
failures (136 scenarios) from that state. The full report (the same scenarios, the verdicts and
what the plan leaves open) and the whole work from the loaded plan are timed beside it, and so is
a plan whose narrowed possible owners make "always survives" try combinations one by one. The
script prints a Markdown table, writes it to benchmarks/failover-results.md and exits with status
1 if the target is missed: a median under 20 ms for the 136 scenarios.
"""
from __future__ import annotations

import itertools
import platform
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from asbuilt import calibration, finish, measure, parse_options  # noqa: E402  (the same timing as the as-built benchmark)
from app.domain.cluster import intended_state  # noqa: E402
from app.domain.failover import failover_report  # noqa: E402
from app.domain.failover.simulate import Cluster  # noqa: E402
from app.domain.plan import load_plan  # noqa: E402
from tests.domain.plans import add_nodes, add_virtual_servers, build  # noqa: E402

RESULTS = HERE / "failover-results.md"
TARGET_MS = 20.0
NODES, SERVERS = 16, 8


def sixteen_node_plan(changes: dict | None = None):
    return load_plan(build("ex2003-win2003", add_nodes(NODES - 2), add_virtual_servers(SERVERS - 1), changes))


def single_and_double_failures(state) -> list:
    cluster = Cluster(state)
    nodes = cluster.nodes
    return [cluster.simulate(failed) for failed in (*((name,) for name in nodes), *itertools.combinations(nodes, 2))]


def main() -> int:
    options = parse_options(__doc__, RESULTS)

    plan = sixteen_node_plan()
    state = intended_state(plan)
    outcomes = single_and_double_failures(state)
    assert len(outcomes) == NODES + NODES * (NODES - 1) // 2 == 136
    report = failover_report(state)
    assert report.survives_single and report.always_survives == NODES - SERVERS, report.always_survives
    narrowed = intended_state(sixteen_node_plan({"virtual_servers[0].possible_owners": [
        f"EXNODE{number}" for number in range(1, NODES)]}))
    searched = failover_report(narrowed)
    cases = [
        ("136 scenarios: every single and double failure, from the intended state", True,
         lambda: single_and_double_failures(state)),
        ("`failover_report(state)`: the same with the verdicts and notes", False, lambda: failover_report(state)),
        ("`failover_report(intended_state(plan))`: the page's whole domain work", False,
         lambda: failover_report(intended_state(plan))),
        (f"narrowed possible owners: verdicts by trying combinations (always survives "
         f"{'at least ' if not searched.search_complete else ''}{searched.always_survives})", False,
         lambda: failover_report(narrowed)),
    ]
    rows = [(label, target, measure(work, options.runs, options.warmup)) for label, target, work in cases]
    speed = measure(calibration, 20, 2)
    met = all(numbers["median"] < TARGET_MS for _, target, numbers in rows if target)
    lines = [
        "# Failover benchmark results", "",
        f"- Date: {time.strftime('%Y-%m-%d %H:%M:%S UTC', time.gmtime())}",
        f"- Python {platform.python_version()} ({platform.python_implementation()}), {platform.system()} "
        f"{platform.release()}",
        f"- Command: `.venv/bin/python benchmarks/failover.py --runs {options.runs} --warmup {options.warmup}`",
        f"- Plan: {NODES} nodes, {SERVERS} Exchange 2003 virtual servers, {len(state.groups)} groups, "
        f"{len(state.resources)} resources; survives any single failure: {report.survives_single}, "
        f"always survives {report.always_survives} failed nodes", "",
        "| measured | median ms | p99 ms | CPU median ms | CPU p99 ms | target |",
        "|---|---:|---:|---:|---:|---|",
    ]
    for label, target, numbers in rows:
        verdict = f"median < {TARGET_MS:g} ms: " + ("met" if numbers["median"] < TARGET_MS else "missed") if target else ""
        lines.append(f"| {label} | {numbers['median']:.2f} | {numbers['p99']:.2f} | {numbers['cpu_median']:.2f} | "
                     f"{numbers['cpu_p99']:.2f} | {verdict} |")
    return finish(lines, speed, "", RESULTS, not options.no_write, met)


if __name__ == "__main__":
    sys.exit(main())
