"""Load test: a realistic request mix against gunicorn + PostgreSQL on 127.0.0.1, at rising concurrency.

    .venv/bin/python bench/load.py                                   # 1, 4, 16, 32 clients, 15 s each
    .venv/bin/python bench/load.py --levels 1,4 --seconds 5 --max-requests 2000

Each level runs two phases in the same invocation against the same gunicorn settings: the bare
Flask endpoint ``GET /healthz`` (no database), then the mix. Every virtual client is a worker
with an active contract and an Ed25519 phone (signing is the phone's cost, done before the
clock starts for the request); per request the mix draws:

    45 %  POST /contracts/{id}/time-events   (signed clock-in/out, fresh Idempotency-Key)
    15 %  GET  /contracts/{id}/shifts         (the month)
    10 %  GET  /contracts/{id}/statements
    10 %  GET  /me
    10 %  GET  /alerts?limit=50               (a 노동권익센터 user polling the feed)
    10 %  co-signing: the employer drafts a contract for the worker, both phones sign it
          (POST /contracts, GET signing-payload ×2, POST signatures ×2: five requests)

Throughput, p50 and p99 are per level (latency per request at the client; the co-signing
counts its five requests). Bounded: ``--seconds`` per phase and ``--max-requests`` per phase,
whichever comes first; loopback only. Client threads share the 2 cores with gunicorn and
PostgreSQL, so absolute figures are a floor; the ratio to /healthz is the comparable figure.
The database named by --database-url is emptied (its public schema is dropped).
"""

from __future__ import annotations

import argparse
import base64
import http.client
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import nacl.signing

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/nomusa_bench_load"
PASSWORD = "correct horse battery"
TERMS = {"start_date": "2026-01-05", "job_description": "카페 홀 서빙", "pay_day": "10",
         "schedule": [{"day": d, "start": "09:00", "end": "13:30", "break_minutes": 30}
                      for d in ("MON", "TUE", "WED", "THU", "FRI")],
         "wage": {"type": "hourly", "amount": 11000}}
MIX = (("time-event", 45), ("shifts", 15), ("statements", 10), ("me", 10), ("alerts", 10), ("co-sign", 10))


class Client:
    """One keep-alive HTTP connection; records (label, seconds, status) per request."""

    def __init__(self, port: int, log: list):
        self.port, self.log = port, log
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def call(self, label: str, method: str, path: str, token: str | None = None, body=None, headers=None):
        head = {"Content-Type": "application/json", **(headers or {})}
        if token:
            head["Authorization"] = "Bearer " + token
        data = json.dumps(body) if body is not None else None
        began = time.perf_counter()
        try:
            self.conn.request(method, path, data, head)
            resp = self.conn.getresponse()
            raw = resp.read()
        except (http.client.HTTPException, OSError):
            self.conn.close()
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
            self.log.append((label, time.perf_counter() - began, 599))
            return 599, None
        self.log.append((label, time.perf_counter() - began, resp.status))
        return resp.status, (json.loads(raw) if raw and resp.headers.get_content_type().endswith("json") else None)


def forget_logins() -> None:
    """Clear the per-address login counters in the benchmark's own database."""
    import psycopg

    with psycopg.connect(os.environ["NOMUSA_DATABASE_URL"].replace("+psycopg", "")) as conn:
        conn.execute("DELETE FROM rate_counters WHERE key LIKE 'login-addr:%'")


class Party:
    """An account with a registered phone (Ed25519 device key)."""

    def __init__(self, c: Client, role: str, n: int):
        self.email = f"{role}{n}-{uuid.uuid4().hex[:6]}@load.example.kr"
        body = {"role": role, "email": self.email, "password": PASSWORD, "name": f"{role} {n}"}
        if role == "worker":
            body["birth_date"] = "1999-04-01"
        status, got = c.call("setup", "POST", "/api/v1/auth/register", body=body)
        assert status == 201, got
        self.id = got["id"]
        forget_logins()  # the benchmark logs in more than the per-address limit allows (30 per 15 min)
        self.token = c.call("setup", "POST", "/api/v1/auth/login",
                            body={"email": self.email, "password": PASSWORD})[1]["access_token"]
        self.key = nacl.signing.SigningKey.generate()
        public = base64.b64encode(bytes(self.key.verify_key)).decode()
        status, got = c.call("setup", "POST", "/api/v1/devices", self.token, {"name": "phone", "public_key": public})
        assert status == 201, got
        self.device = got["id"]

    def sign(self, purpose: str, body: dict) -> str:
        from app.signing import message

        return base64.b64encode(self.key.sign(message(purpose, body)).signature).decode()

    def sign_raw(self, raw: bytes) -> str:
        return base64.b64encode(self.key.sign(raw).signature).decode()


def co_sign(c: Client, boss: Party, worker: Party, workplace_id: str, terms: dict | None = None) -> str | None:
    """The employer drafts a contract for the worker; both phones sign it. Returns the contract id."""
    status, got = c.call("co-sign", "POST", "/api/v1/contracts", boss.token,
                         {"workplace_id": workplace_id, "worker": {"email": worker.email}, "terms": terms or TERMS})
    if status != 201:
        return None
    cid = got["id"]
    for party in (worker, boss):
        status, payload = c.call("co-sign", "GET", f"/api/v1/contracts/{cid}/versions/1/signing-payload", party.token)
        if status != 200:
            return None
        signature = party.sign_raw(base64.b64decode(payload["message"]))
        c.call("co-sign", "POST", f"/api/v1/contracts/{cid}/versions/1/signatures", party.token,
               {"device_key_id": party.device, "signature": signature})
    return cid


class VirtualUser:
    """A worker with an active contract at their employer's workplace."""

    def __init__(self, c: Client, n: int, boss: Party, workplace_id: str, center_token: str):
        self.worker, self.boss, self.workplace_id, self.center = Party(c, "worker", n), boss, workplace_id, center_token
        self.contract = co_sign(c, boss, self.worker, workplace_id)
        assert self.contract, "setup co-signing failed"
        self.events, self.rng = 0, random.Random(n)
        self.first = datetime(2026, 1, 5, 0, tzinfo=UTC) + timedelta(days=n * 7)  # 4,000 events span 83 days

    def step(self, c: Client) -> None:
        op = self.rng.choices([m for m, _ in MIX], [w for _, w in MIX])[0]
        cid, token = self.contract, self.worker.token
        if op == "time-event":
            item = {"type": "clock_in" if self.events % 2 == 0 else "clock_out",
                    "occurred_at": (self.first + timedelta(minutes=30 * self.events)).isoformat(),
                    "event_id": uuid.uuid4().hex}
            item["device_key_id"] = self.worker.device
            item["signature"] = self.worker.sign("time-event", {"contract_id": cid, **{k: item[k] for k in (
                "type", "occurred_at", "event_id")}})
            self.events += 1
            c.call(op, "POST", f"/api/v1/contracts/{cid}/time-events", token, item,
                   {"Idempotency-Key": uuid.uuid4().hex})
        elif op == "shifts":
            day = (self.first + timedelta(minutes=30 * self.events)).date()
            c.call(op, "GET", f"/api/v1/contracts/{cid}/shifts?from={day.replace(day=1)}&to={day}", token)
        elif op == "statements":
            c.call(op, "GET", f"/api/v1/contracts/{cid}/statements", token)
        elif op == "me":
            c.call(op, "GET", "/api/v1/me", token)
        elif op == "alerts":
            c.call(op, "GET", "/api/v1/alerts?limit=50", self.center)
        else:
            co_sign(c, self.boss, self.worker, self.workplace_id,
                    {**TERMS, "start_date": (date(2027, 1, 4) + timedelta(weeks=self.rng.randrange(50))).isoformat()})


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(port: int, workers: int, threads: int, env: dict) -> subprocess.Popen:
    cmd = [sys.executable, "-m", "gunicorn", "-b", f"127.0.0.1:{port}", "-w", str(workers), "-k", "gthread",
           "--threads", str(threads), "--log-level", "warning", "wsgi:app"]
    proc = subprocess.Popen(cmd, cwd=ROOT, env={**os.environ, **env}, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    for _ in range(400):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
            return proc
        except OSError:
            time.sleep(0.05)
    proc.kill()
    raise RuntimeError("gunicorn did not start")


def phase(port: int, users: list, step, seconds: float, max_requests: int) -> list:
    """Each thread loops ``step(client, user)`` until the time or the request budget is spent."""
    log: list = []
    stop = time.perf_counter() + seconds
    budget = threading.Semaphore(max_requests)

    def run(user):
        c = Client(port, log)
        while time.perf_counter() < stop and budget.acquire(blocking=False):
            step(c, user)
        c.conn.close()

    threads = [threading.Thread(target=run, args=(u,)) for u in users]
    began = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return [(time.perf_counter() - began, log)]


def summary(elapsed: float, log: list) -> dict:
    lat = sorted(x[1] for x in log)
    q = statistics.quantiles(lat, n=100, method="inclusive") if len(lat) > 1 else [lat[0]] * 99
    bad = sum(1 for x in log if x[2] >= 500)
    return {"requests": len(log), "rps": len(log) / elapsed, "p50": q[49] * 1000, "p99": q[98] * 1000, "5xx": bad}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--levels", default="1,4,16,32")
    parser.add_argument("--seconds", type=float, default=15.0, help="per phase (bounded)")
    parser.add_argument("--max-requests", type=int, default=5000, help="per phase (bounded)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=4, help="gunicorn threads per worker (gthread)")
    parser.add_argument("--database-url", default=DEFAULT_URL)
    args = parser.parse_args()
    levels = [int(x) for x in args.levels.split(",")]
    with tempfile.TemporaryDirectory() as tmp:
        env = {"NOMUSA_INSTANCE_DIR": tmp, "NOMUSA_SECRET_KEY": "load-" + uuid.uuid4().hex,
               "NOMUSA_DATABASE_URL": args.database_url}
        os.environ.update(env)
        from flask_migrate import upgrade

        from app import create_app
        from app.extensions import db
        from app.services import accounts

        app = create_app()
        with app.app_context():
            with db.engine.begin() as conn:
                conn.exec_driver_sql("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
            upgrade()
            center = accounts.create_user(accounts.NewAccount(role="center", password=PASSWORD, name="센터",
                                                              email="center@seoul.go.kr"), operator=True)
            db.session.commit()
            db.session.remove()
            db.engine.dispose()
        del center
        port = free_port()
        proc = serve(port, args.workers, args.threads, env)
        try:
            setup_log: list = []
            c = Client(port, setup_log)
            center_token = c.call("setup", "POST", "/api/v1/auth/login",
                                  body={"email": "center@seoul.go.kr", "password": PASSWORD})[1]["access_token"]
            bosses = []
            for n in range(max(1, max(levels) // 8)):
                boss = Party(c, "employer", n)
                status, wp = c.call("setup", "POST", "/api/v1/workplaces", boss.token, {
                    "name": f"가게 {n}", "business_number": "220-81-62517", "address": "서울 마포구 월드컵로 1",
                    "district": "마포구", "employee_count": 8, "employee_count_since": "2026-01-01"})
                assert status == 201, wp
                bosses.append((boss, wp["id"]))
            users = [VirtualUser(c, n, *bosses[n % len(bosses)], center_token) for n in range(max(levels))]
            print(f"gunicorn -w {args.workers} -k gthread --threads {args.threads}, PostgreSQL; "
                  f"{args.seconds:.0f} s or {args.max_requests} requests per phase", flush=True)
            print("| clients | /healthz req/s | p50 ms | p99 ms | mix req/s | p50 ms | p99 ms | 5xx | ratio |")
            print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
            per_op = defaultdict(list)
            for level in levels:
                ((e1, l1),) = phase(port, users[:level], lambda cl, u: cl.call("healthz", "GET", "/healthz"),
                                    args.seconds, args.max_requests)
                ((e2, l2),) = phase(port, users[:level], lambda cl, u: u.step(cl), args.seconds, args.max_requests)
                bare, mix = summary(e1, l1), summary(e2, l2)
                for label, sec, status in l2:
                    per_op[label].append((sec, status))
                print(f"| {level} | {bare['rps']:.0f} | {bare['p50']:.1f} | {bare['p99']:.1f} | {mix['rps']:.0f} | "
                      f"{mix['p50']:.1f} | {mix['p99']:.1f} | {mix['5xx']} | {mix['rps'] / bare['rps']:.3f} |",
                      flush=True)
            print("\nper request type, all levels together:")
            for label, rows in sorted(per_op.items()):
                s = summary(1.0, [(label, sec, 200) for sec, _ in rows])
                other = sum(1 for _, status in rows if not 200 <= status < 300)
                print(f"  {label:12s} n={s['requests']:6d}  p50 {s['p50']:7.1f} ms  p99 {s['p99']:7.1f} ms  "
                      f"non-2xx {other}")
        finally:
            proc.terminate()
            proc.wait(timeout=15)


if __name__ == "__main__":
    main()
