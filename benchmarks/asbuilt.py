#!/usr/bin/env python
"""Benchmark of the as-built check: read and compare the capture of a 16-node cluster (a script, not a test).

Run from the repository root:

    .venv/bin/python benchmarks/asbuilt.py

The capture is what collect.cmd and the nodes' one-liners write for a cluster built exactly as
planned (tests/asbuilt/writer.py): 16 nodes, 8 Exchange 2003 virtual servers with 78 resources,
/listowners of every group and /listdep of every resource, and ipconfig /all and systeminfo of
all 16 nodes, as OEM bytes with CRLF line ends. One run is `verify(plan, raw)`: decode, cut into
sections, parse every section, build the cluster state, build the intended state and compare.
A second case adds differences (a node down, an address, a dependency, the owners' order), so the
pairing passes beyond the exact match run too. The script prints a Markdown table, writes it to
benchmarks/asbuilt-results.md and exits with status 1 if the target is missed: a median under 50 ms
for both cases. The p99 is reported beside it; the slowest runs are those in which Python's
garbage collector makes a full pass over every object of the process (the app's modules included),
so the script also times one full collection on its own for comparison.
"""
from __future__ import annotations

import argparse
import gc
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.domain.asbuilt import read_capture, verify  # noqa: E402
from app.domain.cluster import intended_state  # noqa: E402
from app.domain.plan import load_plan  # noqa: E402
from tests.asbuilt import fixtures as fx  # noqa: E402
from tests.asbuilt.writer import as_built, render_capture  # noqa: E402
from tests.domain.plans import add_nodes, add_virtual_servers, build  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "asbuilt-results.md"
TARGET_MS = 50.0
NODES, SERVERS = 16, 8


def sixteen_node_plan():
    return load_plan(build("ex2003-win2003", add_nodes(NODES - 2), add_virtual_servers(SERVERS - 1)))


def capture_bytes(state) -> bytes:
    return render_capture(state).replace("\n", "\r\n").encode("cp437")


def with_differences(state):
    state = fx.changed_node(state, "EXNODE7", status="Down")
    state = fx.changed_property(state, "EXVS5 IP Address", "Address", "10.0.0.99")
    state = fx.changed_resource(state, "EXVS3 Network Name", depends_on=())
    return fx.changed_group(state, "EXVS2 Group", preferred_owners=tuple(reversed(state.group("EXVS2 Group")
                                                                                 .preferred_owners)))


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def measure(work, runs: int, warmup: int) -> dict[str, float]:
    for _ in range(warmup):
        work()
    wall, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter_ns(), time.thread_time_ns()
        work()
        wall.append((time.perf_counter_ns() - start) / 1e6)
        cpu.append((time.thread_time_ns() - start_cpu) / 1e6)
    return {"median": statistics.median(wall), "p99": percentile(wall, 0.99),
            "cpu_median": statistics.median(cpu), "cpu_p99": percentile(cpu, 0.99)}


def calibration() -> None:
    """A fixed amount of plain Python work, to tell a slow machine from slow code."""
    total = 0
    for number in range(1_000_000):
        total += number


def finish(lines: list[str], speed: dict[str, float], note: str, results: Path, write: bool, met: bool) -> int:
    """Ends a results table with the calibration row and the note on CPU time, prints it, writes it
    to `results` unless told not to, and gives the exit status (1: a target was missed)."""
    lines.append(f"| calibration: 1 million additions in a Python loop, for scale | "
                 f"{speed['median']:.2f} | {speed['p99']:.2f} | {speed['cpu_median']:.2f} | {speed['cpu_p99']:.2f} | |")
    lines += ["", "CPU = the thread's CPU time (`time.thread_time_ns`), which other processes on a shared machine "
                  f"do not inflate.{note}", ""]
    text = "\n".join(lines)
    print(text)
    if write:
        results.write_text(text, encoding="utf-8")
    return 0 if met else 1


def parse_options(doc: str, results: Path) -> argparse.Namespace:
    """--runs, --warmup and --no-write, as every benchmark script here takes them."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--runs", type=int, default=300)
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--no-write", action="store_true", help=f"do not overwrite {results.name}")
    return parser.parse_args()


def main() -> int:
    options = parse_options(__doc__, RESULTS)

    plan = sixteen_node_plan()
    built = as_built(intended_state(plan))
    exact, differing = capture_bytes(built), capture_bytes(with_differences(built))
    result = verify(plan, exact)
    assert result.comparison.differences == () and result.comparison.not_compared == (), "the capture must match"
    found = verify(plan, differing).comparison
    assert len(found.differences) == 4, found.differences
    cases = [
        ("`verify(plan, raw)`, exact match", lambda: verify(plan, exact)),
        ("`verify(plan, raw)`, 4 differences", lambda: verify(plan, differing)),
        ("`read_capture(raw)` alone (decode and parse)", lambda: read_capture(exact)),
    ]
    rows = []
    for label, work in cases:
        numbers = measure(work, options.runs, options.warmup)
        rows.append((label, numbers))
    collection = measure(gc.collect, 20, 2)
    speed = measure(calibration, 20, 2)
    met = all(numbers["median"] < TARGET_MS for _, numbers in rows[:2])
    lines = [
        "# As-built benchmark results", "",
        f"- Date: {time.strftime('%Y-%m-%d %H:%M:%S UTC', time.gmtime())}",
        f"- Python {platform.python_version()} ({platform.python_implementation()}), {platform.system()} "
        f"{platform.release()}",
        f"- Command: `.venv/bin/python benchmarks/asbuilt.py --runs {options.runs} --warmup {options.warmup}`",
        f"- Capture: {NODES} nodes, {SERVERS} virtual servers, {len(result.found.groups)} groups, "
        f"{len(result.found.resources)} resources, {len(result.capture.sections)} sections, {len(exact) // 1024} KB "
        "(OEM, CRLF)", "",
        "| measured | median ms | p99 ms | CPU median ms | CPU p99 ms | target |",
        "|---|---:|---:|---:|---:|---|",
    ]
    for index, (label, numbers) in enumerate(rows):
        target = ("median < 50 ms: " + ("met" if numbers["median"] < TARGET_MS else "missed")) if index < 2 else ""
        lines.append(f"| {label} | {numbers['median']:.2f} | {numbers['p99']:.2f} | {numbers['cpu_median']:.2f} | "
                     f"{numbers['cpu_p99']:.2f} | {target} |")
    lines.append(f"| `gc.collect()` alone: one full collection of this process ({len(gc.get_objects())} objects) | "
                 f"{collection['median']:.2f} | {collection['p99']:.2f} | {collection['cpu_median']:.2f} | "
                 f"{collection['cpu_p99']:.2f} | |")
    return finish(lines, speed, " The p99 of a case is a run in which a full garbage collection happened: compare "
                                "it with the `gc.collect()` row.", RESULTS, not options.no_write, met)


if __name__ == "__main__":
    sys.exit(main())
