"""One user's heavy or hostile traffic must not slow down anyone else (gunicorn, 4 workers).

Two cases from issue 14, each run for a bounded time while another user works on a small plan
(opens a step, adds a comment) and measures how long each of their requests takes:

- a user working on the largest plan the format accepts: every page of it, and saves from pages
  that are out of date (the merge of two tabs), from several tabs at once;
- a sign-in flood: clients posting wrong passwords for unknown names as fast as they can.

Measured outcome: the other user's requests stay under 100 ms at the 99th percentile, and
nothing fails (no 5xx, no dropped connection, no traceback in the log). The other user is first
measured alone, on the same warm server: on a machine busy with other work their p99 is high
before any load starts, and the test then holds the load to adding at most 100 ms to it.
"""
from __future__ import annotations

import json
import math
import multiprocessing
import os
import re
import time
from dataclasses import dataclass, field

import pytest

from app.extensions import db
from app.storage import projects as service
from app.storage.accounts import create_user
from app.storage.models import Project
from tests.concurrency.live import Client, fresh_database, gunicorn, release
from tests.conftest import EXAMPLE_PLAN
from tests.largest_plan import largest_document

PASSWORD = "hostile-load-pw-1"
WORKERS = 4
RUN_SECONDS = 12
ALONE_SECONDS = 6
P99_LIMIT_MS = 100.0
QUIET_P99_MS = 30.0  # the other user's p99 alone on an idle machine is a few milliseconds
HEAVY_TABS = 2
FLOOD_CLIENTS = 8


@dataclass
class Tally:
    latencies_ms: list[float] = field(default_factory=list)
    statuses: list[int] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def note(self, status: int, what: str) -> None:
        self.statuses.append(status)
        if status >= 500:
            self.errors.append(f"{what}: HTTP {status}")

    def add(self, other: "Tally") -> None:
        self.latencies_ms += other.latencies_ms
        self.statuses += other.statuses
        self.errors += other.errors

    def p99(self) -> float:
        ordered = sorted(self.latencies_ms)
        return ordered[max(0, math.ceil(0.99 * len(ordered)) - 1)] if ordered else float("nan")


@pytest.fixture
def projects(tmp_path):
    url, app = fresh_database(tmp_path, "hostile.sqlite")
    with app.app_context():
        heavy = service.import_project(json.dumps(largest_document()).encode(), owner=create_user("heavy", PASSWORD))
        light = service.import_project(EXAMPLE_PLAN.read_bytes(), owner=create_user("victim", PASSWORD))
        ids = {"heavy": heavy.id, "light": light.id, "heavy_node": db.session.get(Project, heavy.id).plan.nodes[0].name}
    release(app)
    return url, ids


def heavy_pages(project_id: int, node: str) -> list[str]:
    base = f"/projects/{project_id}"
    steps = ["basics", "active-directory", "cluster", "nodes", "storage", "virtual-servers", "storage-groups",
             "setup", "review"]
    return [f"{base}/steps/{step}" for step in steps] + [
        f"{base}/checklist", f"{base}/checklist/print", f"{base}/checklist.md", f"{base}/checklist/scripts",
        f"{base}/checklist/nodes/{node}", f"{base}/export", f"{base}/history", f"{base}/activity",
        f"{base}/as-built", "/projects"]


def heavy_tab(base: str, deadline: float, ids: dict, tab: int) -> Tally:
    """A tab of the user with the largest plan: every page, and a save from a page opened long ago."""
    tally = Tally()
    client = Client(base, "heavy", PASSWORD)
    try:
        client.sign_in()
        _, first = client.request(f"/projects/{ids['heavy']}/steps/nodes")
        stale = {"csrf_token": client.token(first), "base_revision": "1", "goto": ""}
        fields = dict(re.findall(r'name="(nodes-\d+-(?:name|public_ip|hardware_model|domain|binaries_drive))"[^>]*'
                                 r'value="([^"]*)"', first))
        round_number = 0
        while time.monotonic() < deadline:
            for path in heavy_pages(ids["heavy"], ids["heavy_node"]):
                if time.monotonic() >= deadline:
                    break
                status, _ = client.request(path)
                tally.note(status, f"GET {path}")
            round_number += 1
            changed = dict(fields, **{f"nodes-{tab}-hardware_model": f"Model {tab}.{round_number}"})
            status, _ = client.request(f"/projects/{ids['heavy']}/steps/nodes", {**stale, **changed})
            tally.note(status, "POST nodes from an old page")
    except Exception as error:  # noqa: BLE001  (reported by the test)
        tally.errors.append(f"heavy tab {tab}: {error!r}")
    return tally


def flooder(base: str, deadline: float, number: int, spread: bool) -> Tally:
    """Wrong passwords for unknown names, one after the other as fast as one client gets answers,
    each attempt as a browser or a simple script makes it (the sign-in page, then the post), from
    one address or (`spread`) from a new address each time, as a guesser with many machines would.
    (A raw flood of requests, whatever they ask, is for the reverse proxy in front to rate-limit:
    README, "Production".)"""
    tally = Tally()
    client = Client(base, f"nobody{number}", "wrong-password-1", headers={"X-Forwarded-For": "203.0.113.7"})
    attempt = 0
    try:
        while time.monotonic() < deadline:
            attempt += 1
            if spread:
                client.headers["X-Forwarded-For"] = f"10.{number}.{attempt // 250}.{attempt % 250 + 1}"
            _, html = client.request("/login")
            status, _ = client.request("/login", {"csrf_token": client.token(html), "username": client.name,
                                                  "password": client.password})
            tally.note(status, "POST /login")
    except Exception as error:  # noqa: BLE001
        tally.errors.append(f"flooder {number}: {error!r}")
    return tally


class OtherUser:
    """The other user: opens a step of their small plan and comments on it, timing each request."""

    def __init__(self, base: str, project_id: int, headers: dict | None = None):
        self.project_id = project_id
        self.client = Client(base, "victim", PASSWORD, headers=headers)
        self.client.sign_in()

    def work(self, until: float, tally: Tally | None = None, pause: float = 0.02) -> None:
        number = 0
        while time.monotonic() < until:
            number += 1
            for what, request in (("GET cluster step", self._open), ("POST comment", self._comment)):
                started = time.perf_counter()
                status = request(number)
                if tally is not None:
                    tally.latencies_ms.append((time.perf_counter() - started) * 1000)
                    tally.note(status, what)
            time.sleep(pause)

    def _open(self, number: int) -> int:
        status, self.page = self.client.request(f"/projects/{self.project_id}/steps/cluster")
        return status

    def _comment(self, number: int) -> int:
        status, _ = self.client.request(f"/projects/{self.project_id}/comments", {
            "csrf_token": self.client.token(self.page), "target": "plan:", "body": f"Comment {number}"})
        return status


def _in_process(results, work, *args) -> None:
    # The processes playing the heavy user or the attacker run at the lowest priority: a real
    # attacker's clients run on their own machines, not on the server's processors, and here they
    # would otherwise take those processors from the server (the load they send is unchanged).
    os.nice(19)
    results.put(work(*args))


def run_together(loads: list[tuple], base: str, watch_args: tuple) -> tuple[Tally, Tally, Tally]:
    """Each load (a function and its arguments after the base address and the deadline) in a process of its own; the
    other user in this one. The other user first warms every worker up (their first pages there
    compile templates and load the catalog: a cost of starting, not of the load), is measured
    alone, then from a second after the load started until it stops. Returns the load's tally,
    the other user's with the load, and alone."""
    other_user = OtherUser(base, *watch_args)
    other_user.work(time.monotonic() + 3.0, pause=0)
    alone = Tally()
    other_user.work(time.monotonic() + ALONE_SECONDS, alone)
    context = multiprocessing.get_context("fork")
    results = context.Queue()
    deadline = time.monotonic() + 1.0 + RUN_SECONDS
    processes = [context.Process(target=_in_process, args=(results, work, base, deadline, *args))
                 for work, *args in loads]
    for process in processes:
        process.start()
    time.sleep(1.0)  # the load is under way before the other user starts measuring
    other = Tally()
    try:
        other_user.work(deadline, other)
    except Exception as error:  # noqa: BLE001  (reported by the test)
        other.errors.append(f"other user: {error!r}")
    load = Tally()
    for _ in processes:
        load.add(results.get(timeout=120))
    for process in processes:
        process.join(timeout=30)
    return load, other, alone


def assert_unharmed(other: Tally, alone: Tally, load: Tally, log: str) -> None:
    assert not load.errors and not other.errors and not alone.errors, (load.errors[:5], other.errors[:5])
    assert "Traceback" not in log and "WORKER TIMEOUT" not in log, log[-3000:]
    assert len(other.latencies_ms) >= 50, len(other.latencies_ms)
    # Under 100 ms on a quiet machine; on a busy one, no more than 100 ms above the user's p99 alone.
    limit = P99_LIMIT_MS + max(0.0, alone.p99() - QUIET_P99_MS)
    print(f"load: {len(load.statuses)} requests; other user: p99 {other.p99():.1f} ms with the load ({len(other.latencies_ms)} requests), "
          f"{alone.p99():.1f} ms alone ({len(alone.latencies_ms)}); limit {limit:.0f} ms")
    assert other.p99() < limit, (f"p99 {other.p99():.0f} ms over {len(other.latencies_ms)} requests (alone "
                                 f"{alone.p99():.0f} ms); slowest {sorted(other.latencies_ms)[-5:]}")


def test_the_largest_plan_in_several_tabs_does_not_slow_down_another_user(projects, tmp_path):
    url, ids = projects
    log_path = tmp_path / "gunicorn.log"
    with gunicorn(url, log_path, workers=WORKERS) as base:
        load, other, alone = run_together([(heavy_tab, ids, tab) for tab in range(HEAVY_TABS)], base,
                                          (ids["light"],))
    assert_unharmed(other, alone, load, log_path.read_text())
    assert len(load.statuses) >= HEAVY_TABS * 10  # the heavy user really was busy
    assert set(load.statuses) <= {200, 302, 409}, sorted(set(load.statuses))


def flood(projects, tmp_path, spread: bool, meanwhile=None) -> tuple[Tally, Tally, Tally, str]:
    """FLOOD_CLIENTS flooders against another user, behind a trusted proxy (so addresses can be
    told apart); `meanwhile(base)` runs while the server is still up."""
    url, ids = projects
    log_path = tmp_path / "gunicorn.log"
    with gunicorn(url, log_path, workers=WORKERS, extra_env={"TRUSTED_PROXIES": "1"}) as base:
        load, other, alone = run_together([(flooder, number, spread) for number in range(FLOOD_CLIENTS)], base,
                                          (ids["light"], {"X-Forwarded-For": "192.0.2.10"}))
        if meanwhile:
            meanwhile(base)
    return load, other, alone, log_path.read_text()


def test_a_sign_in_flood_from_one_address_does_not_slow_down_another_user_or_lock_them_out(projects, tmp_path):
    def victim_signs_in_elsewhere(base):
        # Signing in from another address works while the flooding address is throttled.
        assert Client(base, "victim", PASSWORD, headers={"X-Forwarded-For": "192.0.2.11"}).sign_in() == 302
    load, other, alone, log = flood(projects, tmp_path, False, victim_signs_in_elsewhere)
    assert_unharmed(other, alone, load, log)
    assert load.statuses.count(401) <= 10 + FLOOD_CLIENTS  # the per-address limit, give or take a race
    assert load.statuses.count(429) > 50  # the rest were refused without checking a password


def test_a_sign_in_flood_from_many_addresses_does_not_slow_down_another_user(projects, tmp_path):
    """No per-address limit applies: the overall one and the hashing slots keep the server usable."""
    load, other, alone, log = flood(projects, tmp_path, True)
    assert_unharmed(other, alone, load, log)
    assert set(load.statuses) <= {401, 429}, sorted(set(load.statuses))
    assert load.statuses.count(429) > load.statuses.count(401)  # most refused without checking a password
