"""Helpers for the fault tests: service subprocesses on a test database, a phone-like HTTP client."""

from __future__ import annotations

import base64
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from datetime import datetime, timedelta
from pathlib import Path

import nacl.signing
import requests

from app import signing
from app.clock import SEOUL

ROOT = Path(__file__).resolve().parents[2]
SECRET = "faults-secret-for-hs256-at-least-32-bytes-long"  # noqa: S105 - a throwaway test key
PASSWORD = "correct horse battery"  # noqa: S105


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def service_env(url: str, tmp_path: Path) -> dict[str, str]:
    instance = tmp_path / "instance"
    instance.mkdir(parents=True, exist_ok=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith("NOMUSA_")}
    env.update(NOMUSA_DATABASE_URL=url, NOMUSA_INSTANCE_DIR=str(instance), NOMUSA_SECRET_KEY=SECRET,
               PYTHONPATH=str(ROOT))
    return env


def settings(url: str, tmp_path: Path):
    """The Settings the subprocesses build from service_env (same key file, same secret)."""
    from app.config import Settings, normalize_database_url

    instance = tmp_path / "instance"
    instance.mkdir(parents=True, exist_ok=True)
    return Settings(instance_dir=instance, database_url=normalize_database_url(url), secret_key=SECRET,
                    ledger_key_file=instance / "ledger.key", argon2_time_cost=1, argon2_memory_kib=1024)


class Gunicorn:
    """`python -m gunicorn -w 2 wsgi:app` in a process group of its own (so kill -9 reaches the workers)."""

    def __init__(self, env: dict, log: Path):
        self.env, self.log, self.proc, self.port = env, log, None, 0

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 20) -> None:
        self.port = free_port()
        out = self.log.open("ab")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-b", f"127.0.0.1:{self.port}", "-w", "2", "--timeout", "30", "wsgi:app"],
            cwd=ROOT, env=self.env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )
        out.close()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.proc.poll() is None, self.log.read_text()[-3000:]
            try:
                if requests.get(self.base + "/healthz", timeout=1).status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.05)
        raise AssertionError("gunicorn did not come up: " + self.log.read_text()[-3000:])

    def kill9(self) -> None:
        """SIGKILL the master and every worker (the whole process group) at once."""
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.proc.wait(timeout=10)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:  # the workers die with the group; wait until none is left
            try:
                os.killpg(self.proc.pid, 0)
            except ProcessLookupError:
                return
            time.sleep(0.05)
        raise AssertionError("gunicorn workers survived SIGKILL")

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill9()


class Phone:
    """A person with an account, a bearer token and an Ed25519 device key, talking HTTP like the apps."""

    def __init__(self, server: Gunicorn, role: str):
        self.server, self.http = server, requests.Session()
        self.email = f"{role}-{uuid.uuid4().hex[:8]}@example.kr"
        body = {"role": role, "email": self.email, "password": PASSWORD, "name": f"{role} 테스트"}
        if role == "worker":
            body["birth_date"] = "1998-05-05"
        self.id = self.ok("POST", "/auth/register", json=body, auth=False)["id"]
        self.token = self.ok("POST", "/auth/login", json={"email": self.email, "password": PASSWORD},
                             auth=False)["access_token"]
        self.key = nacl.signing.SigningKey.generate()
        public = base64.b64encode(bytes(self.key.verify_key)).decode()
        self.key_id = self.ok("POST", "/devices", json={"name": "phone", "public_key": public})["id"]

    def call(self, method: str, path: str, auth: bool = True, headers=None, **kw) -> requests.Response:
        headers = dict(headers or {})
        if auth:
            headers["Authorization"] = "Bearer " + self.token
        return self.http.request(method, self.server.base + "/api/v1" + path, headers=headers, timeout=10, **kw)

    def ok(self, method: str, path: str, **kw) -> dict:
        resp = self.call(method, path, **kw)
        assert resp.status_code in (200, 201), f"{method} {path} → {resp.status_code} {resp.text[:400]}"
        return resp.json()

    def signed(self, purpose: str, body: dict) -> dict:
        sig = self.key.sign(signing.message(purpose, body)).signature
        return {"device_key_id": self.key_id, "signature": base64.b64encode(sig).decode()}

    def clock_event(self, contract_id: str, kind: str, at: datetime) -> dict:
        item = {"type": kind, "occurred_at": at.isoformat(), "event_id": uuid.uuid4().hex}
        return {**item, **self.signed("time-event", {"contract_id": contract_id, **item})}

    def sign_version(self, contract_id: str, number: int = 1) -> requests.Response:
        payload = self.ok("GET", f"/contracts/{contract_id}/versions/{number}/signing-payload")
        sig = self.key.sign(base64.b64decode(payload["message"])).signature
        return self.call("POST", f"/contracts/{contract_id}/versions/{number}/signatures",
                         json={"device_key_id": self.key_id, "signature": base64.b64encode(sig).decode()})


def workplace(boss: Phone) -> str:
    return boss.ok("POST", "/workplaces", json={
        "name": "카페 노무사", "business_number": "220-81-62517", "address": "서울특별시 마포구 월드컵로 1",
        "district": "마포구", "employee_count": 6, "employee_count_since": "2026-01-01"})["id"]


def draft_contract(boss: Phone, worker: Phone, workplace_id: str, start) -> str:
    terms = {"start_date": start.isoformat(), "job_description": "카페 홀 서빙 및 음료 제조", "pay_day": "10",
             "schedule": [{"day": d, "start": "09:00", "end": "18:00", "break_minutes": 60}
                          for d in ("MON", "TUE", "WED", "THU", "FRI")],
             "wage": {"type": "hourly", "amount": 10320}}
    return boss.ok("POST", "/contracts", json={"workplace_id": workplace_id, "worker": {"email": worker.email},
                                                "terms": terms})["id"]


def seoul_now() -> datetime:
    return datetime.now(SEOUL).replace(microsecond=0)


def since(minutes: int) -> datetime:
    return seoul_now() - timedelta(minutes=minutes)
