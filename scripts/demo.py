"""`make demo`: the whole nomusa story over HTTP on a temporary SQLite database.

An employer and a worker register and add Ed25519 phone keys, co-sign a contract, the worker logs
October 2026 (a night shift and 한글날 included), the employer confirms the hours, the jobs close
the period, the employer pays short, scan-arrears raises 임금체불 in the center's feed, the
inspector verifies the evidence offline with `python -m ledger verify`, the employer pays the
rest and the alert resolves. Time is driven with time-machine; exit 0 only if every step held.
"""

from __future__ import annotations

import base64
import json
import logging
import subprocess
import sys
import tempfile
import threading
import uuid
from datetime import date, datetime, timedelta
from pathlib import Path

import nacl.signing
import requests
import time_machine
from werkzeug.serving import make_server

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app import create_app, signing  # noqa: E402
from app.clock import SEOUL  # noqa: E402
from app.config import Settings  # noqa: E402

STEP = [0]
PASSWORD = "correct horse battery"  # noqa: S105 - a throwaway demo account


def say(ko: str, en: str) -> None:
    STEP[0] += 1
    print(f"[{STEP[0]:02d}] {ko} — {en}", flush=True)


def check(ok: bool, what: str) -> None:
    if not ok:
        print(f"FAILED: {what}", flush=True)  # stdout: `make demo` drops the JSON request logs on stderr
        sys.exit(1)


class Client:
    def __init__(self, base: str):
        self.base, self.http = base, requests.Session()

    def call(self, method: str, path: str, token: str | None = None, expect=(200, 201), **kw):
        headers = kw.pop("headers", {})
        if token:
            headers["Authorization"] = "Bearer " + token
        resp = self.http.request(method, self.base + "/api/v1" + path, headers=headers, timeout=30, **kw)
        check(resp.status_code in expect, f"{method} {path} → {resp.status_code} {resp.text[:400]}")
        return resp.json() if resp.content and resp.headers.get("Content-Type", "").endswith("json") else resp.text


class Person:
    def __init__(self, api: Client, role: str, name: str):
        self.api, self.email = api, f"{role}-{uuid.uuid4().hex[:6]}@example.kr"
        body = {"role": role, "email": self.email, "password": PASSWORD, "name": name}
        if role == "worker":
            body["birth_date"] = "1998-05-05"
        self.id = api.call("POST", "/auth/register", json=body)["id"]
        self.password, self.logged_in = body["password"], None
        self.key = nacl.signing.SigningKey.generate()
        public = base64.b64encode(bytes(self.key.verify_key)).decode()
        self.key_id = self.call("POST", "/devices", json={"name": "phone", "public_key": public})["id"]

    def call(self, method, path, **kw):
        if self.logged_in is None or abs(datetime.now(SEOUL) - self.logged_in) > timedelta(minutes=10):
            self.token = self.api.call("POST", "/auth/login", json={"email": self.email, "password": self.password})[
                "access_token"]
            self.logged_in = datetime.now(SEOUL)
        return self.api.call(method, path, self.token, **kw)

    def signed(self, purpose: str, body: dict) -> dict:
        sig = self.key.sign(signing.message(purpose, body)).signature
        return {"device_key_id": self.key_id, "signature": base64.b64encode(sig).decode()}


def seoul(day: date, hh: int, mm: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hh, mm, tzinfo=SEOUL)


def october_shifts() -> list[tuple[datetime, datetime]]:
    out, day = [], date(2026, 10, 1)
    while day.month == 10:
        if day.weekday() < 5 and day != date(2026, 10, 5):  # 10-05: 개천절 substitute holiday, a day off
            out.append((seoul(day, 9), seoul(day, 18)))
        day += timedelta(days=1)
    out.append((seoul(date(2026, 10, 17), 22), seoul(date(2026, 10, 18), 6)))  # a Saturday night shift
    return sorted(out)


def run_job(app, job: str, day: date) -> dict:
    from app.services import jobruns
    from jobs import registry

    with app.app_context():
        return dict(jobruns.record(job, day, lambda: registry.get(job).run(day)).counts or {})


def main() -> int:
    tmp = Path(tempfile.mkdtemp(prefix="nomusa-demo-"))
    settings = Settings(instance_dir=tmp, database_url=f"sqlite:///{tmp}/demo.db", secret_key="demo-" + uuid.uuid4().hex,
                        ledger_key_file=tmp / "ledger.key")
    app = create_app(settings)
    from app.database import metadatas
    from app.extensions import db

    with app.app_context():
        for m in metadatas():
            m.create_all(db.engine)
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    api = Client(f"http://127.0.0.1:{server.server_port}")
    try:
        story(app, api, tmp)
    finally:
        server.shutdown()
    print("데모 완료 — every step checked out.")
    return 0


def story(app, api: Client, tmp: Path) -> None:
    with time_machine.travel(seoul(date(2026, 9, 20), 10), tick=True):
        say("사업주와 근로자가 가입하고 휴대폰 서명키(Ed25519)를 등록합니다",
            "an employer and a worker register and add their phone keys")
        boss, worker = Person(api, "employer", "김사장"), Person(api, "worker", "이근로")
        wp = boss.call("POST", "/workplaces", json={
            "name": "카페 노무사", "business_number": "220-81-62517", "address": "서울특별시 마포구 월드컵로 1",
            "district": "마포구", "employee_count": 6, "employee_count_since": "2026-01-01"})
        say("사업장(상시 6명)을 만들고 근로계약서 초안을 작성합니다", "the employer drafts a contract")
        terms = {"start_date": "2026-10-01", "job_description": "카페 홀 서빙 및 음료 제조", "pay_day": "10",
                 "schedule": [{"day": d, "start": "09:00", "end": "18:00", "break_minutes": 60}
                              for d in ("MON", "TUE", "WED", "THU", "FRI")],
                 "wage": {"type": "hourly", "amount": 10320}}
        contract = boss.call("POST", "/contracts", json={"workplace_id": wp["id"], "worker": {"email": worker.email},
                                                          "terms": terms})
        cid = contract["id"]
        say("두 사람이 각자의 휴대폰으로 서명합니다", "both co-sign on their phones")
        for person in (worker, boss):
            payload = person.call("GET", f"/contracts/{cid}/versions/1/signing-payload")
            sig = person.key.sign(base64.b64decode(payload["message"])).signature
            person.call("POST", f"/contracts/{cid}/versions/1/signatures",
                        json={"device_key_id": person.key_id, "signature": base64.b64encode(sig).decode()})
        check(boss.call("GET", f"/contracts/{cid}")["status"] == "active", "contract active after both signatures")

    say("근로자가 10월 근무를 출퇴근 서명으로 기록합니다 (야간근무·한글날 포함)",
        "the worker logs October with signed clock events, a night shift and 한글날 included")
    for start, end in october_shifts():
        with time_machine.travel(end + timedelta(minutes=5), tick=True):
            events = []
            for kind, at in (("clock_in", start), ("clock_out", end)):
                item = {"type": kind, "occurred_at": at.isoformat(), "event_id": uuid.uuid4().hex}
                events.append({**item, **worker.signed("time-event", {"contract_id": cid, **item})})
            out = worker.call("POST", f"/contracts/{cid}/time-events:batch", json={"events": events},
                              headers={"Idempotency-Key": uuid.uuid4().hex})
            check(out["accepted"] == 2, f"events of {start.date()} accepted")
        run_job(app, "anchor-hours", end.date() + timedelta(days=1))

    with time_machine.travel(seoul(date(2026, 11, 1), 0, 20), tick=True):
        say("사업주가 한 달 근무시간을 서명으로 확인합니다", "the employer confirms the month's hours")
        shifts = boss.call("GET", f"/contracts/{cid}/shifts?from=2026-10-01&to=2026-10-31")
        check(len(shifts) == len(october_shifts()), f"{len(shifts)} shifts recorded")
        body = {"contract_id": cid, "shifts": [{"shift_id": s["id"], "version_hash": s["version_hash"],
                                                 "event_hashes": s["event_hashes"]} for s in shifts]}
        boss.call("POST", f"/contracts/{cid}/shifts:confirm",
                  json={"shift_ids": [s["id"] for s in shifts], **boss.signed("shift-confirm", body)})
    with time_machine.travel(seoul(date(2026, 11, 1), 1, 10), tick=True):
        say("작업이 급여 기간을 마감하고 임금명세서를 발행합니다", "close-pay-periods issues the wage statement")
        check(run_job(app, "close-pay-periods", date(2026, 11, 1)).get("statements") == 1, "one statement")
        (statement,) = worker.call("GET", f"/contracts/{cid}/statements")
        due = statement["net"] if "net" in statement else statement["total_due"]
        print(f"     임금 {due:,}원, 지급일 {statement['pay_date']}")
    with time_machine.travel(seoul(date(2026, 11, 10), 15), tick=True):
        say("사업주가 지급일에 일부만 지급합니다", "the employer pays short on pay day")
        short = due - 300_000
        boss.call("POST", f"/contracts/{cid}/statements/{statement['id']}/payments",
                  json={"amount": short, "paid_on": "2026-11-10", "method": "bank_transfer"})
    with time_machine.travel(seoul(date(2026, 11, 11), 2, 10), tick=True):
        say("scan-arrears가 임금체불 경보를 센터 피드에 올립니다", "scan-arrears raises the arrears alert")
        run_job(app, "scan-arrears", date(2026, 11, 11))
        run_job(app, "publish-checkpoint", date(2026, 11, 11))
        inspector = Person.__new__(Person)
        inspector.api, inspector.email, inspector.password, inspector.logged_in = api, center(app), PASSWORD, None
        feed = inspector.call("GET", "/alerts?kind=wage_arrears")
        check(len(feed["items"]) == 1, "one arrears alert in the center's feed")
        alert = feed["items"][0]
        check(alert["facts"]["amount_owed"] == 300_000, "300,000원 owed")
        print(f"     {alert['workplace']['name']} ({alert['district']}): {alert['facts']['amount_owed']:,}원 "
              f"{alert['facts']['days_late']}일 체불, {alert['facts']['article']}")
        say("감독관이 증빙을 내려받아 오프라인으로 검증합니다", "the inspector verifies the evidence offline")
        evidence = inspector.call("GET", f"/alerts/{alert['id']}/evidence")
        vkey = api.call("GET", "/ledger/key").strip()
        sections = set()
        for n, item in enumerate(evidence["bundles"]):
            path = tmp / f"evidence-{n}.json"
            path.write_text(json.dumps(item["bundle"]))
            out = subprocess.run([sys.executable, "-m", "ledger", "verify", str(path), "--key", vkey],
                                 capture_output=True, text=True, cwd=ROOT, timeout=60)
            check(out.returncode == 0, f"bundle {n} verifies: {out.stderr}")
            if item["section"] not in sections:
                print(f"     {item['section']}: {out.stdout.strip()}")
            sections.add(item["section"])
        print(f"     {len(evidence['bundles'])} bundles verified offline (python -m ledger verify)")
        check({"contract", "statements", "hours"} <= sections, f"contract, hours and statement proven ({sections})")
    with time_machine.travel(seoul(date(2026, 11, 12), 11), tick=True):
        say("사업주가 나머지를 지급하고 경보가 해소됩니다", "the employer pays the rest; the alert resolves")
        boss.call("POST", f"/contracts/{cid}/statements/{statement['id']}/payments",
                  json={"amount": 300_000, "paid_on": "2026-11-12", "method": "bank_transfer"})
        detail = inspector.call("GET", f"/alerts/{alert['id']}")
        check(detail["status"] == "resolved", f"alert resolved (is {detail['status']})")
        print("     " + " → ".join(e["action"] for e in detail["history"]))


def center(app) -> str:
    """An inspector account (operators are created by an admin command, not self-registered)."""
    from app.services import accounts

    email = f"inspector-{uuid.uuid4().hex[:6]}@seoul.go.kr"
    with app.app_context():
        accounts.create_user(accounts.NewAccount(role="center", password=PASSWORD, name="박감독", email=email),
                             operator=True)
    return email


if __name__ == "__main__":
    sys.exit(main())
