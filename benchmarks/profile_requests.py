#!/usr/bin/env python
"""Where a request's time goes: the benchmark's requests in-process (Flask test client), no server.

    .venv/bin/python benchmarks/profile_requests.py                 # CPU ms per request, each kind
    .venv/bin/python benchmarks/profile_requests.py --profile get   # and cProfile's top functions

Uses a throwaway SQLite database and the same 8-node plan as bench.py. For a sampling profile
(less distorted than cProfile), install py-spy into the venv (`.venv/bin/pip install py-spy`) and run
`.venv/bin/py-spy record -f raw -o get.txt -- .venv/bin/python benchmarks/profile_requests.py --only get`.
"""
from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE)]

from bench import NODE_COUNT, PASSWORD, eight_node_document  # noqa: E402


def csrf(html: bytes) -> str:
    return re.search(rb'name="csrf_token"[^>]*value="([^"]+)"', html).group(1).decode()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--only", choices=["get", "save", "health", "setup"], help="measure one kind only")
    parser.add_argument("--profile", choices=["get", "save", "health", "setup"], help="cProfile this kind")
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--cold", action="store_true",
                        help="empty the plan, report and step form caches before every request, as "
                             "a request that follows a save in another worker finds them")
    args = parser.parse_args()

    tmp = tempfile.mkdtemp(prefix="planner-profile-")
    os.environ.update(SECRET_KEY="bench-secret", DATABASE_URL=f"sqlite:///{tmp}/profile.sqlite")
    try:
        from flask_migrate import upgrade

        from app import create_app
        from app.storage.accounts import create_user

        app = create_app()
        with app.app_context():
            upgrade()
            create_user("bench", PASSWORD)
        client = app.test_client()
        page = client.get("/login")
        assert client.post("/login", data={"csrf_token": csrf(page.data), "username": "bench",
                                           "password": PASSWORD}).status_code == 302
        page = client.get("/projects")
        response = client.post("/projects/import", content_type="multipart/form-data", data={
            "csrf_token": csrf(page.data),
            "plan_file": (io.BytesIO(json.dumps(eight_node_document()).encode()), "plan.json")})
        project_id = int(re.search(r"/projects/(\d+)/", response.headers["Location"]).group(1))
        setup_path = f"/projects/{project_id}/steps/setup"
        page = client.get(setup_path)
        token = csrf(page.data)
        state = {"saves": 0, "revision": int(re.search(rb'name="base_revision"[^>]*value="(\d+)"',
                                                       page.data).group(1))}

        def save():
            order = [f"EXNODE{n}" for n in range(1, NODE_COUNT + 1)]
            if state["saves"] % 2 == 0:
                order[-2], order[-1] = order[-1], order[-2]
            data = {"csrf_token": token, "base_revision": str(state["revision"]), "setup__mode": "attended",
                    "setup__concurrent_node_installs": "no", "goto": ""}
            data.update({f"setup__node_order-{i}": name for i, name in enumerate(order)})
            response = client.post(setup_path, data=data)
            assert response.status_code == 302, response.data[:500]
            state["saves"] += 1
            state["revision"] += 1

        def forget_messages():
            """A save flashes "Saved"; a browser shows it on the next page. Here nothing shows it,
            so drop it (untimed) lest the session cookie grow with every save."""
            with client.session_transaction() as session:
                session.pop("_flashes", None)

        kinds = {"get": lambda: client.get(f"/projects/{project_id}/steps/nodes"), "save": save,
                 "health": lambda: client.get("/health"), "setup": lambda: client.get(setup_path)}
        if args.cold:
            from app.storage.models import STORED_PLANS, STORED_REPORTS
            from app.web.wizard.page_cache import STEP_FORMS

            def cold(work):
                def run():
                    for cache in (STORED_PLANS, STORED_REPORTS, STEP_FORMS):
                        cache.clear()
                    return work()
                return run
            kinds = {name: cold(work) for name, work in kinds.items()}
        for name, work in kinds.items():
            if args.only and name != args.only:
                continue
            for _ in range(10):
                work()
            cpu = []
            for _ in range(args.runs):
                forget_messages()
                start = time.thread_time_ns()
                work()
                cpu.append((time.thread_time_ns() - start) / 1e6)
            cpu.sort()
            print(f"{name:7} CPU per request: median {statistics.median(cpu):.2f} ms, "
                  f"p90 {cpu[int(len(cpu) * 0.9)]:.2f} ms ({args.runs} runs)")
        if args.profile:
            profiler = cProfile.Profile()
            work = kinds[args.profile]
            for _ in range(args.runs):
                forget_messages()
                profiler.enable()
                work()
                profiler.disable()
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(args.top)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
