#!/usr/bin/env python
"""Benchmarks of the Exchange Cluster Planner (a script, not timed tests).

Run from the repository root:

    .venv/bin/python benchmarks/bench.py

It measures, in one run:

1. the rule check of an 8-node, 7-virtual-server plan, in-process (`check` alone and
   `load_plan` + `check`), median and p99;
2. against the real server (gunicorn on 127.0.0.1, a throwaway SQLite database): a step page
   GET and a step save POST compared with the bare page /health served by the same gunicorn.
   The step GET is measured twice: on a plan that did not change since it was last shown (a
   reload, a teammate reading, moving between steps), and as the first view after a save;
3. throughput with 1, 8 and 32 concurrent clients, each signed in as its own user and saving
   its own project.

It prints a Markdown table and writes it to benchmarks/results.md (overwritten each run).
Only 127.0.0.1 is ever contacted; gunicorn is started here and always stopped (process group).
"""
from __future__ import annotations

import argparse
import copy
import http.client
import json
import math
import os
import platform
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import quote, urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = ROOT / ".venv" / "bin"
EXAMPLE = ROOT / "docs" / "examples" / "exchange2003-two-node.json"
RESULTS = Path(__file__).resolve().parent / "results.md"
HOST = "127.0.0.1"  # never anything else
PASSWORD = "load-test-passphrase-7"  # not holding a user name: the password rules refuse that
NODE_COUNT, SERVER_COUNT = 8, 7

TARGET_CHECK_MS = 2.0
RATIO_TARGETS = {"step GET": 3.0, "step save POST": 6.0}  # p50 against the bare page


# ---------------------------------------------------------------- the plan

def eight_node_document() -> dict:
    """docs/examples/exchange2003-two-node.json grown to 8 nodes and 7 virtual servers.

    Windows 2003 Enterprise, Exchange 2003 Enterprise: 7 active virtual servers, each with its own
    database and log disks, preferring its own node and then EXNODE8 (the passive node).
    """
    document = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    document["name"] = "Contoso eight-node mail cluster"
    node_template = document["nodes"][0]
    document["nodes"] = []
    for number in range(1, NODE_COUNT + 1):
        node = copy.deepcopy(node_template)
        node.update(name=f"EXNODE{number}", public_ip=f"10.0.0.{10 + number}",
                    private_ip=f"192.168.10.{10 + number}")
        document["nodes"].append(node)
    quorum = next(d for d in document["disks"] if d["purpose"] == "quorum")
    server_template = document["virtual_servers"][0]
    letters = [c for c in "EFGHIJKLMNOPRSTUVWXYZ" if c != "Q"]
    document["disks"], document["virtual_servers"] = [quorum], []
    for number in range(1, SERVER_COUNT + 1):
        data, logs = letters[2 * number - 2] + ":", letters[2 * number - 1] + ":"
        for letter, label in ((data, "databases"), (logs, "logs")):
            document["disks"].append({"letter": letter, "label": f"EXVS{number} {label}", "purpose": "exchange",
                                      "type": "basic", "filesystem": "ntfs", "empty": True, "mount_point": False})
        server = copy.deepcopy(server_template)
        server.update(name=f"EXVS{number}", ip=f"10.0.0.{59 + number}", group=f"EXVS{number} Group",
                      disks=[data, logs], preferred_owners=[f"EXNODE{number}", f"EXNODE{NODE_COUNT}"])
        document["virtual_servers"].append(server)
    document["setup"]["node_order"] = [f"EXNODE{n}" for n in range(1, NODE_COUNT + 1)]
    return document


# ---------------------------------------------------------------- statistics

def percentile(sorted_values: list[float], q: float) -> float:
    """Nearest-rank percentile of an already sorted list."""
    if not sorted_values:
        return float("nan")
    rank = max(1, math.ceil(q * len(sorted_values)))
    return sorted_values[min(rank, len(sorted_values)) - 1]


@dataclass
class Sample:
    ms: list[float] = field(default_factory=list)

    def add_ns(self, ns: int) -> None:
        self.ms.append(ns / 1e6)

    @property
    def p50(self) -> float:
        return statistics.median(self.ms) if self.ms else float("nan")

    @property
    def p99(self) -> float:
        return percentile(sorted(self.ms), 0.99)


def fmt(ms: float) -> str:
    if ms != ms:  # nan
        return "–"
    return f"{ms:.2f}" if ms < 10 else f"{ms:.1f}"


def verdict(ok: bool) -> str:
    return "met" if ok else "**missed**"


# ---------------------------------------------------------------- 1. in-process rule check

def bench_check(runs: int) -> dict:
    sys.path.insert(0, str(ROOT))
    from app.domain.plan import load_plan
    from app.domain.rules import check

    document = eight_node_document()
    plan = load_plan(document)
    report = check(plan)
    for _ in range(50):  # warm up (catalog load, caches)
        check(plan)
        check(load_plan(document))

    results = {}
    for label, work in (("check(plan)", lambda: check(plan)),
                        ("load_plan(document) + check", lambda: check(load_plan(document)))):
        wall, cpu = Sample(), Sample()
        for _ in range(runs):
            c0 = time.thread_time_ns()
            t0 = time.perf_counter_ns()
            work()
            t1 = time.perf_counter_ns()
            c1 = time.thread_time_ns()
            wall.add_ns(t1 - t0)
            cpu.add_ns(c1 - c0)
        results[label] = (wall, cpu)
    return {"results": results, "findings": len(report.findings), "errors": len(report.errors),
            "incomplete": len(report.incomplete), "runs": runs}


# ---------------------------------------------------------------- HTTP client (stdlib, keep-alive)

class RequestFailed(Exception):
    pass


class Client:
    """One signed-in browser: its own connection (reused while the server keeps it open) and cookies."""

    def __init__(self, port: int, username: str):
        self.port = port
        self.username = username
        self.cookies: dict[str, str] = {}
        self.conn: http.client.HTTPConnection | None = None
        self.project_id: int | None = None  # saved, and read right after each save
        self.viewed_id: int | None = None   # only read
        self.csrf = ""
        self.revision = 0
        self.saves = 0
        self.retries = 0  # requests sent again after a kept-alive connection turned out closed

    def _connection(self) -> http.client.HTTPConnection:
        if self.conn is None:
            self.conn = http.client.HTTPConnection(HOST, self.port, timeout=60)
        return self.conn

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None

    def request(self, method: str, path: str, body: bytes | None = None,
                content_type: str | None = None) -> tuple[int, http.client.HTTPMessage, bytes]:
        headers = {"Accept": "text/html"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if content_type:
            headers["Content-Type"] = content_type
        for attempt in (1, 2):
            reused = self.conn is not None
            try:
                conn = self._connection()
                conn.request(method, path, body=body, headers=headers)
                response = conn.getresponse()
                data = response.read()
                break
            except (OSError, http.client.HTTPException) as error:
                self.close()
                # Like a browser: a kept-alive connection the server closed before answering is tried
                # once more on a new connection (gthread workers close idle ones after --keep-alive s).
                stale = isinstance(error, (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError))
                if reused and stale and attempt == 1:
                    self.retries += 1
                    continue
                raise RequestFailed(f"{method} {path}: {type(error).__name__}: {error}") from None
        for header in response.headers.get_all("Set-Cookie") or []:
            jar = SimpleCookie()
            jar.load(header)
            for name, morsel in jar.items():
                if morsel["max-age"] == "0" or "1970" in morsel["expires"]:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        if response.will_close:  # gunicorn's sync workers close after each response
            self.close()
        return response.status, response.headers, data

    def get(self, path: str):
        return self.request("GET", path)

    def post_form(self, path: str, fields: dict | list):
        return self.request("POST", path, urlencode(fields).encode(), "application/x-www-form-urlencoded")

    # -- setup steps (not timed)

    def sign_in(self) -> None:
        status, _, html = self.get("/login")
        expect(status, 200, "GET /login", html)
        status, headers, html = self.post_form("/login", {
            "csrf_token": csrf_from(html), "username": self.username, "password": PASSWORD, "next": ""})
        expect(status, 302, "POST /login", html)

    def import_plans(self, document: dict) -> None:
        """Two copies: `viewed_id` is only read; `project_id` is saved (its setup step) and read."""
        self.viewed_id = self.import_plan(document)
        self.project_id = self.import_plan(document)
        status, _, html = self.get(self.setup_path)
        expect(status, 200, f"GET {self.setup_path}", html)
        self.csrf = csrf_from(html)
        self.revision = int(re.search(rb'name="base_revision"[^>]*value="(\d+)"', html).group(1))

    def import_plan(self, document: dict) -> int:
        status, _, html = self.get("/projects")
        expect(status, 200, "GET /projects", html)
        boundary = "bench" + uuid.uuid4().hex
        plan_bytes = json.dumps(document, indent=2).encode()
        body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\n"
                f"{csrf_from(html)}\r\n"
                f"--{boundary}\r\nContent-Disposition: form-data; name=\"plan_file\"; filename=\"plan.json\"\r\n"
                f"Content-Type: application/json\r\n\r\n").encode() + plan_bytes + f"\r\n--{boundary}--\r\n".encode()
        status, headers, html = self.request("POST", "/projects/import", body,
                                             f"multipart/form-data; boundary={boundary}")
        expect(status, 302, "POST /projects/import", html)
        match = re.search(r"/projects/(\d+)/steps/", headers.get("Location", ""))
        if not match:
            raise SystemExit(f"import did not redirect to the project: {headers.get('Location')}")
        return int(match.group(1))

    # -- the measured requests

    @property
    def step_path(self) -> str:
        return f"/projects/{self.project_id}/steps/nodes"

    @property
    def viewed_step_path(self) -> str:
        return f"/projects/{self.viewed_id}/steps/nodes"

    @property
    def setup_path(self) -> str:
        return f"/projects/{self.project_id}/steps/setup"

    def save_fields(self) -> list[tuple[str, str]]:
        """The setup step as the page posts it; every other save swaps the last two nodes, so each changes."""
        order = [f"EXNODE{n}" for n in range(1, NODE_COUNT + 1)]
        if self.saves % 2 == 0:
            order[-2], order[-1] = order[-1], order[-2]
        fields = [("csrf_token", self.csrf), ("base_revision", str(self.revision)),
                  ("setup__mode", "attended"), ("setup__concurrent_node_installs", "no")]
        fields += [(f"setup__node_order-{i}", name) for i, name in enumerate(order)]
        fields.append(("goto", ""))
        return fields

    def save(self):
        status, headers, body = self.post_form(self.setup_path, self.save_fields())
        if status == 302:
            self.saves += 1
            self.revision += 1
        return status, headers, body


def csrf_from(html: bytes) -> str:
    match = re.search(rb'<input[^>]*name="csrf_token"[^>]*value="([^"]+)"', html) or \
        re.search(rb'<input[^>]*value="([^"]+)"[^>]*name="csrf_token"', html)
    if not match:
        raise SystemExit("no csrf_token on the page:\n" + html[:2000].decode(errors="replace"))
    return match.group(1).decode()


def expect(status: int, wanted: int, what: str, body: bytes) -> None:
    if status != wanted:
        raise SystemExit(f"{what}: HTTP {status}, expected {wanted}\n{body[:3000].decode(errors='replace')}")


OPERATIONS = {  # name -> (call, expected status)
    # The nodes page of a plan that did not change since this worker last showed it.
    "step GET": (lambda c: c.get(c.viewed_step_path), 200),
    "step save POST": (lambda c: c.save(), 302),
    "bare /health": (lambda c: c.get("/health"), 200),
    # The nodes page of the plan saved once per round: always the first view of a new revision.
    "step GET after a save": (lambda c: c.get(c.step_path), 200),
    # For the analysis only (no target): the same page machinery with the smallest form.
    "step GET, setup (small form)": (lambda c: c.get(c.setup_path), 200),
}
# The throughput mix reads and saves one project per client, so its GETs mix both kinds.
MIX = {"step GET after a save": 70, "step save POST": 20, "bare /health": 10}


@dataclass
class Tally:
    samples: dict[str, Sample] = field(default_factory=lambda: {name: Sample() for name in OPERATIONS})
    server_errors: int = 0
    connection_errors: int = 0
    retries: int = 0
    unexpected: int = 0
    notes: list[str] = field(default_factory=list)
    sizes: dict[str, int] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def errors(self) -> int:
        return self.server_errors + self.connection_errors + self.unexpected

    @property
    def count(self) -> int:
        return sum(len(s.ms) for s in self.samples.values()) + self.errors

    def merge(self, other: "Tally") -> None:
        with self.lock:
            for name, sample in other.samples.items():
                self.samples[name].ms.extend(sample.ms)
            self.server_errors += other.server_errors
            self.connection_errors += other.connection_errors
            self.retries += other.retries
            self.unexpected += other.unexpected
            self.notes.extend(other.notes[:3])

    def all_ms(self) -> list[float]:
        return sorted(ms for s in self.samples.values() for ms in s.ms)


def timed(client: Client, name: str, tally: Tally) -> None:
    call, wanted = OPERATIONS[name]
    retries = client.retries
    t0 = time.perf_counter_ns()
    try:
        status, _, body = call(client)
    except RequestFailed as error:
        tally.connection_errors += 1
        tally.notes.append(str(error))
        return
    finally:
        tally.retries += client.retries - retries
    elapsed = time.perf_counter_ns() - t0
    if status >= 500:
        tally.server_errors += 1
        tally.notes.append(f"{name}: HTTP {status}")
    elif status != wanted:
        tally.unexpected += 1
        tally.notes.append(f"{name}: HTTP {status}, expected {wanted}: {body[:200]!r}")
    else:
        tally.samples[name].add_ns(elapsed)
        tally.sizes[name] = len(body)


# ---------------------------------------------------------------- the server

def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def run(args: list[str], env: dict, what: str, timeout: int = 120) -> str:
    done = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout)
    if done.returncode != 0:
        raise SystemExit(f"{what} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    return done.stdout


MAKE_USERS = """
import sys
from app import create_app
from app.storage.accounts import create_user
app = create_app()
with app.app_context():
    for name in sys.argv[2:]:
        create_user(name, sys.argv[1])
"""


class Server:
    """A throwaway database and gunicorn on 127.0.0.1: `workers` sync workers, or gthread ones with `threads`."""

    def __init__(self, workers: int, usernames: list[str], threads: int = 0):
        self.workers = workers
        self.threads = threads
        self.usernames = usernames
        self.tmp = Path(tempfile.mkdtemp(prefix="planner-bench-"))
        self.port = free_port()
        self.env = {**os.environ, "SECRET_KEY": "bench-secret",
                    "DATABASE_URL": f"sqlite:///{self.tmp / 'bench.sqlite'}",
                    "FLASK_DEBUG": "0", "PYTHONDONTWRITEBYTECODE": "1"}
        self.env.pop("FLASK_APP", None)
        self.process: subprocess.Popen | None = None
        self.log_path = self.tmp / "gunicorn.log"
        self.options = ["-w", str(workers)] + (["-k", "gthread", "--threads", str(threads)] if threads else [])
        self.command = f'.venv/bin/gunicorn {" ".join(self.options)} -b {HOST}:{self.port} "app:create_app()"'
        self.label = f"gunicorn {' '.join(self.options)}"

    def __enter__(self) -> "Server":
        try:
            self._start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def _start(self) -> None:
        flask = str(VENV_BIN / "flask")
        run([flask, "--app", "app", "db", "upgrade"], self.env, "flask db upgrade")
        first, *others = self.usernames
        run([flask, "--app", "app", "users", "create", first, "--password", PASSWORD], self.env, "users create")
        if others:
            run([str(VENV_BIN / "python"), "-c", MAKE_USERS, PASSWORD, *others], self.env, "creating users")
        self.log = open(self.log_path, "wb")
        self.process = subprocess.Popen(
            [str(VENV_BIN / "gunicorn"), *self.options, "-b", f"{HOST}:{self.port}",
             "--graceful-timeout", "5", "app:create_app()"],
            cwd=ROOT, env=self.env, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"gunicorn exited with {self.process.returncode}:\n{self.log_tail()}")
            try:
                conn = http.client.HTTPConnection(HOST, self.port, timeout=2)
                conn.request("GET", "/health")
                status = conn.getresponse().status
                conn.close()
                if status == 200:
                    return
            except (OSError, http.client.HTTPException):
                pass
            time.sleep(0.1)
        raise SystemExit("gunicorn did not answer /health within 60 s:\n" + self.log_tail())

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGTERM)
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
            except ProcessLookupError:
                pass
        if getattr(self, "log", None):
            self.log.close()
        shutil.rmtree(self.tmp, ignore_errors=True)


# ---------------------------------------------------------------- 2. and 3. over HTTP

def compare(client: Client, rounds: int, warmup: int) -> Tally:
    """One client, the requests interleaved (order rotating each round) so they see the same conditions."""
    names = list(OPERATIONS)
    for _ in range(warmup):
        for name in names:
            timed(client, name, Tally())
    tally = Tally()
    for round_ in range(rounds):
        shift = round_ % len(names)
        for name in names[shift:] + names[:shift]:
            timed(client, name, tally)
    return tally


def mix(clients: list[Client], max_requests: int, seconds: float) -> tuple[Tally, float]:
    """Each client: 70% step GETs, 20% saves of its own project, 10% /health; stops at a count or a time."""
    total = Tally()
    barrier = threading.Barrier(len(clients) + 1)
    deadline = [0.0]

    def work(index: int, client: Client) -> None:
        rng = random.Random(index)
        mine = Tally()
        barrier.wait()
        for _ in range(max_requests):
            if time.monotonic() >= deadline[0]:
                break
            name = rng.choices(list(MIX), weights=list(MIX.values()))[0]
            timed(client, name, mine)
        total.merge(mine)

    threads = [threading.Thread(target=work, args=(i, c), daemon=True) for i, c in enumerate(clients)]
    for thread in threads:
        thread.start()
    deadline[0] = time.monotonic() + seconds
    started = time.perf_counter()
    barrier.wait()
    for thread in threads:
        thread.join(seconds + 120)
    return total, time.perf_counter() - started


def bench_server(workers: int, args, document: dict) -> dict:
    """Sets up users and projects, then measures the comparison and the throughput levels."""
    levels = sorted(set(args.clients))
    usernames = ["bench"] + [f"bench-{n}" for n in range(2, max(levels) + 1)]
    with Server(workers, usernames, args.threads) as server:
        clients = [Client(server.port, name) for name in usernames]
        for client in clients:
            client.sign_in()
            client.import_plans(document)
        comparison = compare(clients[0], args.rounds, args.warmup)
        throughput = []
        for level in levels:
            tally, elapsed = mix(clients[:level], args.requests_per_client, args.seconds)
            throughput.append((level, tally, elapsed))
        for client in clients:
            client.close()
        log = server.log_tail(100_000)
        log_errors = [line for line in log.splitlines() if "Traceback" in line or " ERROR " in line
                      or "locked" in line]
        if log_errors:  # the first traceback, in full, to find the cause
            start = log.find("Traceback")
            print(f"First traceback in the gunicorn log:\n{log[start:start + 4000]}", file=sys.stderr)
        return {"workers": workers, "label": server.label, "command": server.command, "comparison": comparison,
                "throughput": throughput, "log_errors": log_errors}


# ---------------------------------------------------------------- 4. every page of the largest plan

LARGEST_STEPS = ("basics", "active-directory", "cluster", "nodes", "storage", "virtual-servers", "storage-groups",
                 "setup", "review")
TARGET_LARGEST_P99_MS = 1000.0  # far below gunicorn's 30 s worker timeout, which such pages used to hit


def largest_pages(project_id: int, node: str, script: str) -> dict[str, str]:
    """Every page of a project, named as the report shows them (`script`: the address of its first
    script, as the scripts page links it)."""
    base = f"/projects/{project_id}"
    pages = {f"step {step}": f"{base}/steps/{step}" for step in LARGEST_STEPS}
    pages.update({"checklist": f"{base}/checklist", "checklist print": f"{base}/checklist/print",
                  "checklist Markdown": f"{base}/checklist.md", "scripts list": f"{base}/checklist/scripts",
                  "checklist of one node": f"{base}/checklist/nodes/{quote(node)}",
                  "first script": script, "every script of one node": f"{base}/checklist/scripts/nodes/{quote(node)}.cmd",
                  "failover what-if": f"{base}/failover",
                  "export JSON": f"{base}/export", "history": f"{base}/history",
                  "compare revisions 1 and 2": f"{base}/history/compare?a=1&b=2", "activity": f"{base}/activity",
                  "members": f"{base}/members", "as built": f"{base}/as-built",
                  "collect.cmd": f"{base}/as-built/collect.cmd", "project list": "/projects"})
    return pages


def largest_save_fields(client: Client, names: list[str], base_revision: int) -> list[tuple[str, str]]:
    """The setup step of the largest plan as its page posts it, the last two nodes swapped every other time."""
    order = list(names)
    if client.saves % 2 == 0:
        order[-2], order[-1] = order[-1], order[-2]
    fields = [("csrf_token", client.csrf), ("base_revision", str(base_revision)), ("setup__mode", "attended"),
              ("setup__concurrent_node_installs", "no")]
    return fields + [(f"setup__node_order-{i}", name) for i, name in enumerate(order)] + [("goto", "")]


def bench_largest(rounds: int) -> dict:
    """One client on the largest plan: each round saves it (so every cache of every worker is cold),
    then reads every page twice: the first view of the new revision, and a repeat view. A save from
    a page opened long ago (base revision 1, so its answers are merged with the saved ones) is timed
    too."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from tests.largest_plan import largest_document

    document = largest_document()
    names = [node["name"] for node in document["nodes"]]
    with Server(4, ["bench"]) as server:
        client = Client(server.port, "bench")
        client.sign_in()
        project_id = client.import_plan(document)
        status, _, html = client.get(f"/projects/{project_id}/checklist/scripts")
        expect(status, 200, "GET the scripts page", html)
        script = re.search(rb'href="(/projects/\d+/checklist/scripts/\d+/\d+\.cmd)"', html).group(1).decode()
        pages = largest_pages(project_id, names[0], script)
        setup = f"/projects/{project_id}/steps/setup"
        first, repeat = {name: Sample() for name in pages}, {name: Sample() for name in pages}
        saves, stale_saves, sizes, errors = Sample(), Sample(), {}, []
        for _ in range(rounds):
            for label, sample in (("save", saves), ("stale save", stale_saves)):
                status, _, html = client.get(setup)  # not timed: the revision the next save starts from
                expect(status, 200, f"GET {setup}", html)
                client.csrf = csrf_from(html)
                revision = int(re.search(rb'name="base_revision"[^>]*value="(\d+)"', html).group(1))
                base_revision = revision if label == "save" else 1
                t0 = time.perf_counter_ns()
                status, _, body = client.post_form(setup, largest_save_fields(client, names, base_revision))
                if status == 302:
                    sample.add_ns(time.perf_counter_ns() - t0)
                    client.saves += 1
                else:
                    errors.append(f"{label}: HTTP {status}")
            for samples in (first, repeat):
                for name, path in pages.items():
                    t0 = time.perf_counter_ns()
                    status, _, body = client.get(path)
                    elapsed = time.perf_counter_ns() - t0
                    if status != 200:
                        errors.append(f"{name}: HTTP {status}")
                        continue
                    samples[name].add_ns(elapsed)
                    sizes[name] = len(body)
        client.close()
        log_errors = [line for line in server.log_tail(100_000).splitlines()
                      if "Traceback" in line or "WORKER TIMEOUT" in line]
    return {"first": first, "repeat": repeat, "saves": saves, "stale_saves": stale_saves, "sizes": sizes,
            "errors": errors, "log_errors": log_errors, "rounds": rounds, "label": server.label,
            "shape": f"{len(document['nodes'])} nodes, {len(document['virtual_servers'])} virtual servers "
                     f"each listing every disk and node, {len(document['disks'])} disks, "
                     f"{len(document['storage_groups'])} storage groups, every text at its longest "
                     f"({len(json.dumps(document)) // 1024} KB of JSON)"}


def largest_report(result: dict) -> list[str]:
    out = [f"## 4. Every page of the largest plan: {result['label']}", "",
           f"The largest plan the format accepts (`tests/largest_plan.py`): {result['shape']}. One client, "
           f"{result['rounds']} rounds; each round saves the plan, which makes every cache of every worker cold, "
           "then reads every page twice: the first view of the new revision, then a repeat view.", "",
           "| page | response KB | first view p50 ms | first view p99 ms | repeat view p50 ms | repeat view p99 ms "
           "| target |", "|---|---:|---:|---:|---:|---:|---|"]
    for name, sample in result["first"].items():
        again = result["repeat"][name]
        target = f"p99 < {TARGET_LARGEST_P99_MS:g} ms: {verdict(sample.p99 < TARGET_LARGEST_P99_MS)}"
        out.append(f"| {name} | {result['sizes'].get(name, 0) / 1024:.0f} | {fmt(sample.p50)} | {fmt(sample.p99)} "
                   f"| {fmt(again.p50)} | {fmt(again.p99)} | {target} |")
    for label, sample in (("save of the setup step", result["saves"]),
                          ("save from a page of revision 1 (merged)", result["stale_saves"])):
        out.append(f"| {label} | | {fmt(sample.p50)} | {fmt(sample.p99)} | | | |")
    out += ["", f"Errors: {len(result['errors'])}" + (f" ({'; '.join(result['errors'][:3])})" if result["errors"]
                                                       else "")]
    if result["log_errors"]:
        out += ["", "Server log: " + "; ".join(result["log_errors"][:5])]
    return out + [""]


# ---------------------------------------------------------------- report

def machine_info() -> list[str]:
    try:
        load = " / ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        load = "?"
    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    versions = {}
    for name in ("flask", "werkzeug", "sqlalchemy", "gunicorn", "jinja2"):
        try:
            from importlib.metadata import version
            versions[name] = version(name)
        except Exception:
            versions[name] = "?"
    return [
        f"- Date: {time.strftime('%Y-%m-%d %H:%M:%S %Z')}",
        f"- Machine: {os.cpu_count()} CPUs (nproc {len(os.sched_getaffinity(0))}), {cpu}; "
        f"load average before the run {load}",
        f"- Python {platform.python_version()} ({platform.python_implementation()}), {platform.system()} "
        f"{platform.release()}",
        "- " + ", ".join(f"{k} {v}" for k, v in versions.items()),
        "- Database: SQLite (WAL) in a temporary folder; server: gunicorn on 127.0.0.1 (sync workers close "
        "the connection after each response, so every request opens one; gthread workers keep it alive)",
    ]


def report(check_result: dict | None, servers: list[dict], args, started: float, largest: dict | None = None) -> str:
    out = ["# Benchmark results", "", *machine_info(),
           "- Command: `" + " ".join([".venv/bin/python", "benchmarks/bench.py", *sys.argv[1:]]) + "`",
           ""]
    if check_result:
        out += [f"## 1. Rule check, in-process ({check_result['runs']} runs each)", "",
                f"Plan: 8 nodes, 7 virtual servers, 15 shared disks, Exchange 2003 / Windows 2003 Enterprise "
                f"({check_result['findings']} findings, {check_result['errors']} errors, "
                f"{check_result['incomplete']} unanswered).", "",
                "| measured | median ms | p99 ms | CPU median ms | CPU p99 ms | target |",
                "|---|---:|---:|---:|---:|---|"]
        for label, (wall, cpu) in check_result["results"].items():
            target = (f"< {TARGET_CHECK_MS:g} ms: {verdict(wall.p50 < TARGET_CHECK_MS)}"
                      if label == "check(plan)" else "")
            out.append(f"| `{label}` | {fmt(wall.p50)} | {fmt(wall.p99)} | {fmt(cpu.p50)} | {fmt(cpu.p99)} "
                       f"| {target} |")
        out += ["", "CPU = the thread's CPU time (`time.thread_time_ns`), which other processes on a shared "
                "machine do not inflate.", ""]
    for result in servers:
        comparison: Tally = result["comparison"]
        bare = comparison.samples["bare /health"]
        out += [f"## 2. Step page and save against the bare page: {result['label']}", "",
                f"`{result['command']}`, one client, the requests interleaved, {args.rounds} rounds "
                f"after {args.warmup} warm-up rounds.", "",
                "| request | response bytes | n | p50 ms | p99 ms | p50 ratio to bare | p99 ratio to bare | target |",
                "|---|---:|---:|---:|---:|---:|---:|---|"]
        for name, sample in comparison.samples.items():
            if name == "bare /health":
                out.append(f"| {name} | {comparison.sizes.get(name, 0)} | {len(sample.ms)} | {fmt(sample.p50)} "
                           f"| {fmt(sample.p99)} | 1 | 1 | |")
                continue
            limit = RATIO_TARGETS.get(name)
            ratio50, ratio99 = sample.p50 / bare.p50, sample.p99 / bare.p99
            target = f"≤ {limit:g}x: {verdict(ratio50 <= limit)}" if limit else "(for comparison)"
            out.append(f"| {name} | {comparison.sizes.get(name, 0)} | {len(sample.ms)} | {fmt(sample.p50)} "
                       f"| {fmt(sample.p99)} | {ratio50:.1f}x | {ratio99:.1f}x | {target} |")
        out += ["", f"Errors: {comparison.errors}" + (f" ({'; '.join(comparison.notes[:3])})"
                                                      if comparison.errors else ""), "",
                f"## 3. Throughput: {result['label']}", "",
                f"Each client is its own user with its own project: 70% GETs of its nodes page, 20% saves of its "
                f"setup step, 10% /health; "
                f"each stops after {args.requests_per_client} requests or {args.seconds:g} s.", "",
                "| clients | answered requests | seconds | requests/s | p50 ms | p99 ms | nodes GET p50/p99 ms "
                "| save p50/p99 ms | errors | target |",
                "|---:|---:|---:|---:|---:|---:|---|---|---:|---|"]
        for level, tally, elapsed in result["throughput"]:
            every = tally.all_ms()
            get, save = tally.samples["step GET after a save"], tally.samples["step save POST"]
            target = f"no errors: {verdict(tally.errors == 0)}" if level == max(args.clients) else ""
            errors = str(tally.errors) if not tally.errors else (
                f"{tally.errors} (5xx {tally.server_errors}, connection {tally.connection_errors}, "
                f"other {tally.unexpected})")
            if tally.retries:
                errors += f"; {tally.retries} sent again after a kept-alive connection closed"
            answered = tally.count - tally.errors
            out.append(f"| {level} | {answered} | {elapsed:.1f} | {answered / elapsed:.1f} "
                       f"| {fmt(percentile(every, .5))} | {fmt(percentile(every, .99))} "
                       f"| {fmt(get.p50)} / {fmt(get.p99)} | {fmt(save.p50)} / {fmt(save.p99)} | {errors} "
                       f"| {target} |")
        notes = [n for _, t, _ in result["throughput"] for n in t.notes[:3]]
        if notes:
            out += ["", "First errors: " + "; ".join(notes[:5])]
        if result["log_errors"]:
            out += ["", "Server log: " + "; ".join(result["log_errors"][:5])]
        out.append("")
    if largest:
        out += largest_report(largest)
    out.append(f"Whole run: {time.perf_counter() - started:.0f} s.")
    return "\n".join(out) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check-runs", type=int, default=2000, help="runs of the in-process check (2000)")
    parser.add_argument("--workers", default="2,4", help="gunicorn worker counts to try, comma-separated (2,4)")
    parser.add_argument("--rounds", type=int, default=300, help="rounds of GET/save/bare in the comparison (300)")
    parser.add_argument("--warmup", type=int, default=15, help="warm-up rounds, not counted (15)")
    parser.add_argument("--threads", type=int, default=0,
                        help="0: gunicorn's sync workers (default); N: gthread workers with N threads each")
    parser.add_argument("--clients", default="1,8,32", help="concurrent client counts (1,8,32)")
    parser.add_argument("--requests-per-client", type=int, default=400, help="each client stops after this (400)")
    parser.add_argument("--seconds", type=float, default=12, help="... or after this many seconds (12)")
    parser.add_argument("--skip-check", action="store_true", help="skip the in-process check")
    parser.add_argument("--skip-server", action="store_true", help="skip the HTTP benchmarks")
    parser.add_argument("--largest-rounds", type=int, default=15,
                        help="rounds over every page of the largest plan (15); 0 skips them")
    parser.add_argument("--no-write", action="store_true", help="do not overwrite benchmarks/results.md")
    args = parser.parse_args()
    args.clients = [int(x) for x in args.clients.split(",") if x.strip()]
    workers = [int(x) for x in args.workers.split(",") if x.strip()]
    if not (VENV_BIN / "gunicorn").exists() and not args.skip_server:
        raise SystemExit(f"{VENV_BIN / 'gunicorn'} is missing: create the venv and pip install -r requirements.txt")

    started = time.perf_counter()
    check_result = None if args.skip_check else bench_check(args.check_runs)
    document = eight_node_document()
    servers = []
    if not args.skip_server:
        for count in workers:
            print(f"gunicorn -w {count}{f' --threads {args.threads}' if args.threads else ''}: setting up and "
                  "measuring...", file=sys.stderr, flush=True)
            servers.append(bench_server(count, args, document))
    largest = None
    if not args.skip_server and args.largest_rounds:
        print("gunicorn -w 4: every page of the largest plan...", file=sys.stderr, flush=True)
        largest = bench_largest(args.largest_rounds)
    text = report(check_result, servers, args, started, largest)
    print(text)
    if not args.no_write:
        RESULTS.write_text(text, encoding="utf-8")
        print(f"(written to {RESULTS.relative_to(ROOT)})", file=sys.stderr)
    missed = []
    if check_result and check_result["results"]["check(plan)"][0].p50 >= TARGET_CHECK_MS:
        missed.append("check")
    for result in servers:
        samples = result["comparison"].samples
        bare = samples["bare /health"].p50
        for name, limit in RATIO_TARGETS.items():
            if samples[name].p50 / bare > limit:
                missed.append(f"{name} ratio ({result['label']})")
        if result["throughput"] and result["throughput"][-1][1].errors:
            missed.append(f"errors at {result['throughput'][-1][0]} clients ({result['label']})")
    if largest:
        slow = [name for name, sample in largest["first"].items() if sample.p99 >= TARGET_LARGEST_P99_MS]
        if slow or largest["errors"] or largest["log_errors"]:
            missed.append("largest plan: " + ", ".join(slow or ["errors"]))
    if missed:
        print("Targets missed: " + ", ".join(missed), file=sys.stderr)
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
