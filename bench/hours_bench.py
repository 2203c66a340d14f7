"""Clock events per second through the HTTP API under gunicorn, beside a bare Flask endpoint.

Both servers run in the same invocation on 127.0.0.1 with the same gunicorn settings; the
clients post pre-signed events (signing is the phone's cost, not timed) with a fresh
Idempotency-Key each, one contract per client thread so every event is accepted. Loops are
bounded (--events per thread); nothing leaves the loopback interface.

Run: python bench/hours_bench.py [--threads 4] [--events 500] [--workers 2] [--database-url URL]
(default database: a temporary SQLite file; or the local PostgreSQL, e.g.
postgresql://postgres@127.0.0.1:5432/nomusa_bench — its tables are dropped and re-created)
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from flask import Flask, jsonify, request  # noqa: E402

bare_app = Flask("bare")


@bare_app.post("/ping")
def _ping():
    body = request.get_json()
    return jsonify({"id": str(uuid.uuid4()), "type": body.get("type")}), 201


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def seed(env: dict, threads: int, events: int) -> tuple[str, list[tuple[str, list[dict]]]]:
    """Migrate, create a worker with ``threads`` active contracts, and pre-sign every event."""
    os.environ.update(env)
    from flask_migrate import upgrade

    from app import create_app
    from app.extensions import db
    from tests.support.factories import ApiDriver
    from tests.support.hours_factories import active_contract, phone

    app = create_app()
    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            with db.engine.begin() as conn:
                conn.exec_driver_sql("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
        upgrade()
    api = ApiDriver(app.test_client())
    employer, worker = api.account("employer"), api.account("worker")
    wp = api.workplace(employer)
    device = phone(app, worker.id)
    plan = []
    first = datetime(2026, 1, 5, 9, tzinfo=UTC)
    for _ in range(threads):
        cid = active_contract(app, employer.id, worker.id, wp["id"], start=date(2026, 1, 5))
        items = []
        for i in range(events):
            item = {"type": "clock_in" if i % 2 == 0 else "clock_out",
                    "occurred_at": (first + timedelta(minutes=30 * i)).isoformat(), "event_id": uuid.uuid4().hex}
            item.update(device.signed("time-event", {"contract_id": cid, **item}))
            items.append(item)
        plan.append((cid, items))
    with app.app_context():
        db.engine.dispose()
    return worker.headers["Authorization"], plan


def serve(target: str, port: int, workers: int, env: dict) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-m", "gunicorn", "-b", f"127.0.0.1:{port}", "-w", str(workers),
                             "--log-level", "warning", target], cwd=ROOT, env={**os.environ, **env},
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(200):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
            return proc
        except OSError:
            time.sleep(0.05)
    proc.kill()
    raise RuntimeError(f"gunicorn for {target} did not start")


def drive(port: int, jobs: list[tuple[str, list[dict]]], headers: dict) -> tuple[float, list[float], int]:
    """Each thread posts its own list in order on one keep-alive connection; (elapsed, latencies, errors)."""
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()

    def worker(path: str, items: list[dict]):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine = []
        for item in items:
            body = json.dumps(item)
            started = time.perf_counter()
            conn.request("POST", path, body, {**headers, "Content-Type": "application/json",
                                                "Idempotency-Key": uuid.uuid4().hex})
            resp = conn.getresponse()
            resp.read()
            mine.append(time.perf_counter() - started)
            if resp.status != 201:
                with lock:
                    errors[0] += 1
        conn.close()
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=worker, args=job) for job in jobs]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return time.perf_counter() - started, latencies, errors[0]


def pct(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--events", type=int, default=500, help="events per thread (bounded)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--database-url", help="default: a temporary SQLite file")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        env = {"NOMUSA_INSTANCE_DIR": tmp, "NOMUSA_SECRET_KEY": "bench-" + uuid.uuid4().hex,
               "NOMUSA_DATABASE_URL": args.database_url or f"sqlite:///{tmp}/bench.db"}
        token, plan = seed(env, args.threads, args.events)
        results = {}
        for name, target, jobs in (
            ("bare Flask POST /ping", "bench.hours_bench:bare_app", [("/ping", items) for _, items in plan]),
            ("POST /api/v1/contracts/{id}/time-events", "wsgi:app",
             [(f"/api/v1/contracts/{cid}/time-events", items) for cid, items in plan]),
        ):
            port = free_port()
            proc = serve(target, port, args.workers, env)
            try:
                results[name] = drive(port, jobs, {"Authorization": token})
            finally:
                proc.terminate()
                proc.wait(timeout=10)
    db_name = "PostgreSQL" if args.database_url else "SQLite"
    print(f"{args.threads} client threads × {args.events} events, gunicorn -w {args.workers}, {db_name}")
    rates = {}
    for name, (elapsed, lat, errors) in results.items():
        rates[name] = len(lat) / elapsed
        print(f"{name:45s} {rates[name]:8.0f} req/s  p50 {pct(lat, 50):6.2f} ms  p99 {pct(lat, 99):6.2f} ms  "
              f"non-201: {errors}")
    bare, hours = rates.values()
    print(f"time-events / bare ratio: {hours / bare:.3f}")


if __name__ == "__main__":
    main()
