"""Contracts: drafting, invitations, co-signing, replay, revocation, amendments, access."""

from __future__ import annotations

import base64
import copy
from datetime import date

import nacl.signing
import pytest

from app.signing import message

BASE_TERMS = {
    "start_date": "2026-03-02",
    "end_date": "2027-02-28",
    "job_description": "카페 홀 서빙 및 음료 제조",
    "schedule": [
        {"day": d, "start": "09:00", "end": "13:30", "break_minutes": 30}
        for d in ("MON", "TUE", "WED", "THU", "FRI")
    ],
    "wage": {"type": "hourly", "amount": 10320},
    "pay_day": "10",
}


def terms(**changes):
    out = copy.deepcopy(BASE_TERMS)
    out.update(changes)
    return out


class Phone:
    """A party's phone: an Ed25519 key registered as a device."""

    def __init__(self, client, account, seed: bytes | None = None):
        self.client, self.account = client, account
        self.key = nacl.signing.SigningKey(seed) if seed else nacl.signing.SigningKey.generate()
        public = base64.b64encode(bytes(self.key.verify_key)).decode()
        resp = client.post(
            "/api/v1/devices", json={"name": "phone", "public_key": public}, headers=account.headers
        )
        assert resp.status_code == 201, resp.get_json()
        self.id = resp.get_json()["id"]

    def payload(self, cid, n=1):
        resp = self.client.get(
            f"/api/v1/contracts/{cid}/versions/{n}/signing-payload", headers=self.account.headers
        )
        assert resp.status_code == 200, resp.get_json()
        return resp.get_json()

    def signature(self, raw: bytes) -> str:
        return base64.b64encode(self.key.sign(raw).signature).decode()

    def post(self, cid, n, signature):
        return self.client.post(
            f"/api/v1/contracts/{cid}/versions/{n}/signatures",
            json={"device_key_id": self.id, "signature": signature},
            headers=self.account.headers,
        )

    def sign(self, cid, n=1):
        resp = self.post(cid, n, self.signature(base64.b64decode(self.payload(cid, n)["message"])))
        assert resp.status_code == 201, resp.get_json()
        return resp.get_json()


def draft(client, boss, wp, worker_email, body_terms=None, expect=201):
    body = {"workplace_id": wp["id"], "worker": {"email": worker_email}, "terms": body_terms or terms()}
    resp = client.post("/api/v1/contracts", json=body, headers=boss.headers)
    assert resp.status_code == expect, resp.get_json()
    return resp.get_json()


def make_parties(api, client):
    """An employer with a workplace, a worker, and a registered phone for each."""
    boss, worker = api.account("employer"), api.account("worker")
    wp = api.workplace(boss)
    return boss, worker, wp, Phone(client, boss), Phone(client, worker)


@pytest.fixture
def parties(api, client):
    return make_parties(api, client)


def active_contract(client, parties, body_terms=None):
    boss, worker, wp, boss_phone, worker_phone = parties
    c = draft(client, boss, wp, worker.email, body_terms)
    worker_phone.sign(c["id"])
    boss_phone.sign(c["id"])
    return c


def test_draft_then_both_sign_in_either_order(client, parties):
    boss, worker, wp, boss_phone, worker_phone = parties
    c = draft(client, boss, wp, worker.email)
    assert c["status"] == "draft" and c["worker_id"] == worker.id
    assert {w["code"] for w in c["warnings"]} == {"minimum_wage_rise"}
    first = worker_phone.sign(c["id"])
    assert first["status"] == "draft" and [s["party"] for s in first["signatures"]] == ["worker"]
    done = boss_phone.sign(c["id"])
    assert done["status"] == "signed" and done["ledger_index"] is not None and len(done["commitment"]) == 64
    got = client.get(f"/api/v1/contracts/{c['id']}", headers=worker.headers).get_json()
    assert got["status"] == "active" and got["start_date"] == "2026-03-02" and got["end_date"] == "2027-02-28"
    c2 = draft(client, boss, wp, worker.email)
    boss_phone.sign(c2["id"])
    assert worker_phone.sign(c2["id"])["status"] == "signed"


def test_signing_payload_is_the_canonical_message(client, parties):
    boss, worker, wp, boss_phone, worker_phone = parties
    c = draft(client, boss, wp, worker.email)
    payload = worker_phone.payload(c["id"])
    assert base64.b64decode(payload["message"]) == message("contract", payload["body"])
    assert payload["body"]["parties"]["worker"]["id"] == worker.id
    assert payload["body"]["parties"]["workplace"]["business_number"] == "220-81-62517"
    assert payload["body"]["version"] == 1 and payload["body"]["kind"] == "original"


def test_invitation_waits_for_an_unregistered_worker(api, client):
    boss = api.account("employer")
    wp = api.workplace(boss)
    c = draft(client, boss, wp, "Later.Worker@Example.kr")
    assert c["worker_id"] is None and c["invite_email"] == "later.worker@example.kr"
    assert (
        client.get(
            f"/api/v1/contracts/{c['id']}/versions/1/signing-payload", headers=boss.headers
        ).status_code
        == 409
    )
    worker = api.account("worker", email="later.worker@example.kr", birth_date="2000-05-05")
    listed = client.get("/api/v1/contracts", headers=worker.headers).get_json()
    assert [x["id"] for x in listed] == [c["id"]] and listed[0]["worker_id"] == worker.id
    assert listed[0]["versions"][0]["terms"]["worker_birth_date"] == "2000-05-05"
    Phone(client, worker).sign(c["id"])
    assert Phone(client, boss).sign(c["id"])["status"] == "signed"


def test_someone_elses_contract_is_404(api, client, parties):
    boss, worker, wp, _, _ = parties
    c = active_contract(client, parties)
    stranger, other_boss = api.account("worker"), api.account("employer")
    for who in (stranger, other_boss):
        for path in ("", "/versions/1", "/versions/1/signing-payload", "/receipt", "/versions/1/document"):
            assert client.get(f"/api/v1/contracts/{c['id']}{path}", headers=who.headers).status_code == 404, (
                path
            )
        assert client.get("/api/v1/contracts", headers=who.headers).get_json() == []
    assert Phone(client, stranger).post(c["id"], 2, "x").status_code == 404
    other_wp = api.workplace(other_boss)
    body = {"workplace_id": other_wp["id"], "worker": {"email": worker.email}, "terms": terms()}
    assert client.post("/api/v1/contracts", json=body, headers=boss.headers).status_code == 404


def test_replay_across_contracts_versions_and_purposes_fails(client, parties):
    boss, worker, wp, boss_phone, worker_phone = parties
    a = active_contract(client, parties)
    b = draft(client, boss, wp, worker.email)
    sig_a = worker_phone.signature(base64.b64decode(worker_phone.payload(a["id"])["message"]))
    assert worker_phone.post(b["id"], 1, sig_a).status_code == 400  # other contract
    amend = client.post(
        f"/api/v1/contracts/{a['id']}/amendments",
        headers=boss.headers,
        json={"effective_from": "2026-06-01", "terms": {"wage": {"type": "hourly", "amount": 11000}}},
    )
    assert amend.status_code == 201, amend.get_json()
    resp = worker_phone.post(a["id"], 2, sig_a)  # other version of the same contract
    assert resp.status_code == 400 and "signature" in resp.get_json()["errors"]
    body = worker_phone.payload(b["id"])["body"]
    assert (
        worker_phone.post(b["id"], 1, worker_phone.signature(message("time-event", body))).status_code == 400
    )
    assert worker_phone.post(b["id"], 1, worker_phone.signature(message("contract", body))).status_code == 201


def test_revoked_key_refused_but_earlier_signature_stays_valid(client, parties):
    boss, worker, wp, boss_phone, worker_phone = parties
    c = draft(client, boss, wp, worker.email)
    worker_phone.sign(c["id"])
    assert client.delete(f"/api/v1/devices/{worker_phone.id}", headers=worker.headers).status_code == 204
    assert boss_phone.sign(c["id"])["status"] == "signed"  # the worker's earlier signature still counts
    c2 = draft(client, boss, wp, worker.email)
    resp = worker_phone.post(
        c2["id"], 1, worker_phone.signature(base64.b64decode(worker_phone.payload(c2["id"])["message"]))
    )
    assert resp.status_code == 400 and "device_key_id" in resp.get_json()["errors"]
    other = Phone(client, boss)
    resp = other.post(c2["id"], 1, "AAAA")
    assert resp.status_code == 400


def test_key_of_another_user_cannot_sign(client, parties):
    boss, worker, wp, boss_phone, worker_phone = parties
    c = draft(client, boss, wp, worker.email)
    raw = base64.b64decode(worker_phone.payload(c["id"])["message"])
    resp = client.post(
        f"/api/v1/contracts/{c['id']}/versions/1/signatures",
        headers=worker.headers,
        json={"device_key_id": boss_phone.id, "signature": boss_phone.signature(raw)},
    )
    assert resp.status_code == 400


def test_decline_and_withdraw(client, parties):
    boss, worker, wp, boss_phone, worker_phone = parties
    c = draft(client, boss, wp, worker.email)
    resp = client.post(
        f"/api/v1/contracts/{c['id']}/versions/1/decline",
        json={"reason": "시급이 다름"},
        headers=worker.headers,
    )
    assert resp.status_code == 200 and resp.get_json()["status"] == "declined"
    got = client.get(f"/api/v1/contracts/{c['id']}", headers=boss.headers).get_json()
    assert got["status"] == "declined" and got["versions"][0]["reason"] == "시급이 다름"
    assert worker_phone.post(c["id"], 1, "AAAA").status_code == 409
    c2 = draft(client, boss, wp, worker.email)
    assert (
        client.post(f"/api/v1/contracts/{c2['id']}/versions/1/withdraw", headers=worker.headers).status_code
        == 403
    )
    resp = client.post(f"/api/v1/contracts/{c2['id']}/versions/1/withdraw", headers=boss.headers)
    assert resp.status_code == 200 and resp.get_json()["status"] == "withdrawn"
    assert (
        client.get(f"/api/v1/contracts/{c2['id']}", headers=worker.headers).get_json()["status"]
        == "withdrawn"
    )


def test_amendment_and_termination_chain_keeps_every_version(app, client, parties):
    boss, worker, wp, boss_phone, worker_phone = parties
    c = active_contract(client, parties)
    amend = {
        "effective_from": "2026-07-01",
        "reason": "시급 인상",
        "terms": {"wage": {"type": "hourly", "amount": 11000}},
    }
    resp = client.post(f"/api/v1/contracts/{c['id']}/amendments", json=amend, headers=worker.headers)
    assert resp.status_code == 201 and resp.get_json()["supersedes"] == 1
    assert (
        client.post(f"/api/v1/contracts/{c['id']}/amendments", json=amend, headers=boss.headers).status_code
        == 409
    )
    boss_phone.sign(c["id"], 2)
    assert worker_phone.sign(c["id"], 2)["status"] == "signed"
    end = {"date": "2026-12-31", "reason": "사업장 이전", "unilateral": True}
    assert (
        client.post(f"/api/v1/contracts/{c['id']}/terminations", json=end, headers=worker.headers).status_code
        == 403
    )
    resp = client.post(f"/api/v1/contracts/{c['id']}/terminations", json=end, headers=boss.headers)
    assert resp.status_code == 201 and resp.get_json()["kind"] == "termination"
    done = boss_phone.sign(c["id"], 3)
    assert done["status"] == "signed" and done["notified_at"] is not None
    disputed = client.post(
        f"/api/v1/contracts/{c['id']}/versions/3/dispute",
        json={"reason": "통보 기간 부족"},
        headers=worker.headers,
    )
    assert disputed.status_code == 200 and disputed.get_json()["dispute_reason"] == "통보 기간 부족"
    got = client.get(f"/api/v1/contracts/{c['id']}", headers=worker.headers).get_json()
    assert [(v["number"], v["kind"], v["status"]) for v in got["versions"]] == [
        (1, "original", "superseded"),
        (2, "amendment", "superseded"),
        (3, "termination", "signed"),
    ]
    assert got["status"] == "terminated" and got["end_date"] == "2026-12-31"
    assert got["versions"][0]["terms"]["wage"]["amount"] == 10320  # never overwritten

    from app.extensions import db
    from app.models.contracts import Contract
    from app.services.contracts import pay_terms, version_in_force

    with app.app_context():
        contract = db.session.get(Contract, c["id"])
        assert version_in_force(contract, date(2026, 3, 1)) is None
        assert version_in_force(contract, date(2026, 6, 30)).number == 1
        assert version_in_force(contract, date(2026, 7, 1)).number == 2
        june, july = pay_terms(contract, date(2026, 6, 30)), pay_terms(contract, date(2026, 7, 1))
        assert (june.hourly_wage, july.hourly_wage) == (10320, 11000)
        assert july.weekly_scheduled_hours == 20 and july.scheduled_days == {
            "MON",
            "TUE",
            "WED",
            "THU",
            "FRI",
        }
        assert pay_terms(contract, date(2026, 12, 31)).end_date == date(2026, 12, 31)


def test_termination_signed_by_both(client, parties):
    boss, worker, wp, boss_phone, worker_phone = parties
    c = active_contract(client, parties)
    resp = client.post(
        f"/api/v1/contracts/{c['id']}/terminations",
        json={"date": "2026-08-31", "reason": "합의 해지"},
        headers=worker.headers,
    )
    assert resp.status_code == 201
    assert worker_phone.sign(c["id"], 2)["status"] == "draft"
    assert boss_phone.sign(c["id"], 2)["notified_at"] is None
    assert (
        client.get(f"/api/v1/contracts/{c['id']}", headers=boss.headers).get_json()["status"] == "terminated"
    )


def test_printable_document(client, parties):
    boss, worker, wp, boss_phone, worker_phone = parties
    c = active_contract(client, parties, terms(job_description="<script>x</script> 서빙"))
    resp = client.get(f"/api/v1/contracts/{c['id']}/versions/1/document", headers=worker.headers)
    assert resp.status_code == 200 and resp.mimetype == "text/html"
    page = resp.get_data(as_text=True)
    assert "표준근로계약서(단시간근로자)" in page and "주휴일: 매주 일요일" in page
    assert "&lt;script&gt;" in page and "<script>" not in page
    fingerprints = {
        d["fingerprint"]
        for who in (boss, worker)
        for d in client.get("/api/v1/devices", headers=who.headers).get_json()
    }
    assert all(f in page for f in fingerprints)
    got = client.get(f"/api/v1/contracts/{c['id']}", headers=boss.headers).get_json()
    assert f"원장(ledger) 색인: {got['versions'][0]['ledger_index']}" in page


def test_invitation_is_attached_when_the_worker_registers(api, client):
    boss = api.account("employer")
    wp = api.workplace(boss)
    c = draft(client, boss, wp, "first.job@example.kr")
    worker_id, _ = api.register("worker", email="first.job@example.kr")
    # the employer sees the worker on the draft at once, before the worker opens the app again
    seen = client.get(f"/api/v1/contracts/{c['id']}", headers=boss.headers).get_json()
    assert seen["worker_id"] == worker_id
