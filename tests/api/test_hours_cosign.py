"""Co-signed hours over HTTP: confirmations, the correction/dispute chain, employer entries,
period close and its lock, exports, and shift receipts verified offline."""

from __future__ import annotations

import base64
import json
import subprocess
import sys
from datetime import UTC, datetime, timedelta

import pytest

from app.clock import SEOUL
from tests.api.test_hours import at
from tests.support.hours_factories import world


@pytest.fixture
def w(app, api):
    return world(app, api)


def _post(w, path, body, who):
    return w.api.client.post(f"/api/v1/contracts/{w.contract_id}/{path}", json=body, headers=who.headers)


def _logged_shift(w, days_ago=2, start="09:00", end="18:00") -> dict:
    resp = w.post_batch([w.event("clock_in", at(days_ago, start)), w.event("clock_out", at(days_ago, end))])
    assert resp.get_json()["accepted"] == 2
    return next(s for s in w.shifts() if s["start"] == datetime.fromisoformat(at(days_ago, start)).astimezone(UTC).isoformat())


def _seoul(text: str) -> str:
    return datetime.fromisoformat(text).astimezone(SEOUL).isoformat(timespec="seconds")


def _correction(w, shift, who, phone, start, end, reason, break_minutes=60):
    body = {"contract_id": w.contract_id, "shift_id": shift["id"], "supersedes": shift["version_hash"],
            "start": _seoul(start), "end": _seoul(end), "break_minutes": break_minutes, "reason": reason}
    data = {"start": start, "end": end, "break_minutes": break_minutes, "reason": reason,
            **phone.signed("correction", body)}
    return _post(w, f"shifts/{shift['id']}/corrections", data, who)


def _accept(w, shift_id, version, who, phone):
    body = {"contract_id": w.contract_id, "shift_id": shift_id, "version_hash": version["version_hash"],
            "decision": "accept"}
    return _post(w, f"shifts/{shift_id}/versions/{version['id']}:accept", phone.signed("correction", body), who)


def _dispute(w, claims, reason, who, phone):
    body = {"contract_id": w.contract_id, "claims": claims, "reason": reason}
    return _post(w, "disputes", {"claims": claims, "reason": reason, **phone.signed("dispute", body)}, who)


def test_employer_confirms_a_week_by_signing_event_hashes(w):
    a, b = _logged_shift(w, 3), _logged_shift(w, 2)
    body = {"contract_id": w.contract_id, "shifts": [
        {"shift_id": s["id"], "version_hash": s["version_hash"], "event_hashes": s["event_hashes"]} for s in (a, b)]}
    wrong = _post(w, "shifts:confirm", {"shift_ids": [a["id"], b["id"]], **w.worker_phone.signed("shift-confirm", body)},
                  w.employer)
    assert wrong.status_code == 422  # the worker's key is not the employer's
    resp = _post(w, "shifts:confirm", {"shift_ids": [a["id"], b["id"]], **w.employer_phone.signed("shift-confirm", body)},
                 w.employer)
    assert resp.status_code == 200 and {s["status"] for s in resp.get_json()} == {"confirmed"}
    assert _post(w, "shifts:confirm", {"shift_ids": [a["id"]], **w.employer_phone.signed("shift-confirm", body)},
                 w.worker).status_code == 403
    late = w.post_event(w.event("break_start", at(2, "12:00")))  # inside a co-signed shift
    assert late.status_code == 409


def test_correction_and_dispute_chain_keeps_every_version(w):
    shift = _logged_shift(w)
    proposal = _correction(w, shift, w.employer, w.employer_phone, at(2, "09:00"), at(2, "17:00"), "CCTV: left at 17:00")
    assert proposal.status_code == 201 and proposal.get_json()["state"] == "proposed"
    disputed = _dispute(w, [{"shift_id": shift["id"], "claimed_minutes": 540}], "I closed the shop at 18:00",
                        w.worker, w.worker_phone)
    assert disputed.status_code == 201 and disputed.get_json()["status"] == "open"
    now = w.shifts(who=w.employer)[0]
    assert now["status"] == "disputed" and [v["state"] for v in now["versions"]] == ["current", "rejected"]
    second = _correction(w, now, w.employer, w.employer_phone, at(2, "09:00"), at(2, "17:30"), "meet halfway").get_json()
    accepted = _accept(w, shift["id"], second, w.worker, w.worker_phone)
    assert accepted.status_code == 200, accepted.get_json()
    final = accepted.get_json()
    assert final["status"] == "corrected" and final["end"].endswith("08:30:00+00:00")
    versions = final["versions"]
    assert [(v["kind"], v["state"]) for v in versions] == [("logged", "superseded"), ("correction", "rejected"),
                                                          ("correction", "current")]
    assert versions[1]["reason"] == "CCTV: left at 17:00" and versions[2]["supersedes_id"] == versions[0]["id"]
    assert all(v["author_party"] and v["created_at"] for v in versions)
    disputes = w.api.client.get(f"/api/v1/contracts/{w.contract_id}/disputes", headers=w.worker.headers).get_json()
    assert [d["status"] for d in disputes] == ["resolved"]
    # the proposer cannot accept its own correction
    third = _correction(w, final, w.employer, w.employer_phone, at(2, "09:00"), at(2, "17:00"), "again").get_json()
    assert _accept(w, shift["id"], third, w.employer, w.employer_phone).status_code == 409


def test_employer_entered_shift_can_be_disputed_and_withdrawn(w):
    body = {"contract_id": w.contract_id, "start": _seoul(at(3, "10:00")), "end": _seoul(at(3, "14:00")),
            "break_minutes": 0, "reason": "forgot the app", "entry_id": "e-1"}
    data = {"start": at(3, "10:00"), "end": at(3, "14:00"), "break_minutes": 0, "reason": "forgot the app",
            "entry_id": "e-1", **w.employer_phone.signed("shift-entry", body)}
    resp = w.api.client.post(f"/api/v1/contracts/{w.contract_id}/shifts", json=data,
                             headers={**w.employer.headers, "Idempotency-Key": "entry-1"})
    assert resp.status_code == 201 and resp.get_json()["status"] == "employer_entered"
    shift = resp.get_json()
    assert w.shifts()[0]["id"] == shift["id"]  # the worker sees it
    dispute = _dispute(w, [{"shift_id": shift["id"], "claimed_minutes": 0}], "I was not there", w.worker, w.worker_phone)
    assert w.shifts()[0]["status"] == "disputed"
    d = dispute.get_json()
    body = {"contract_id": w.contract_id, "dispute_id": d["id"], "decision": "withdraw"}
    assert _post(w, f"disputes/{d['id']}:withdraw", w.employer_phone.signed("dispute", body), w.employer).status_code == 409
    done = _post(w, f"disputes/{d['id']}:withdraw", w.worker_phone.signed("dispute", body), w.worker)
    assert done.get_json()["status"] == "resolved" and w.shifts()[0]["status"] == "employer_entered"


def test_period_close_by_both_sides_locks_the_period(w):
    shift = _logged_shift(w, 2)
    day = (datetime.now(SEOUL).date() - timedelta(days=2)).isoformat()
    resp = w.api.client.get(f"/api/v1/contracts/{w.contract_id}/periods:body?start={day}&end={day}",
                            headers=w.worker.headers)
    body = resp.get_json()["body"]
    assert body["total_worked_minutes"] == 540 and body["shifts"][0]["shift_id"] == shift["id"]
    for who, ph in ((w.worker, w.worker_phone), (w.employer, w.employer_phone)):
        out = _post(w, "periods", {"start": day, "end": day, **ph.signed("period-close", body)}, who)
        assert out.status_code == 200, out.get_json()
    assert out.get_json()["closed_at"] is not None
    refused = _correction(w, shift, w.employer, w.employer_phone, at(2, "09:00"), at(2, "17:00"), "too late")
    assert refused.status_code == 409 and refused.get_json()["type"].endswith("period-locked")
    assert w.post_event(w.event("clock_in", at(2, "20:00"))).status_code == 409


def test_worker_exports_csv_and_printable_page(w):
    _logged_shift(w, 2)
    q = "from=2026-01-01&to=2026-12-31"
    csv_resp = w.api.client.get(f"/api/v1/contracts/{w.contract_id}/hours.csv?{q}", headers=w.worker.headers)
    text = csv_resp.get_data(as_text=True)
    assert csv_resp.status_code == 200 and csv_resp.mimetype == "text/csv"
    assert text.startswith("\ufeff날짜") and "540" in text and "9:00" in text and "합계" in text
    html = w.api.client.get(f"/api/v1/contracts/{w.contract_id}/hours.html?{q}", headers=w.worker.headers)
    assert html.status_code == 200 and "근로시간 기록표" in html.get_data(as_text=True)
    assert w.api.client.get(f"/api/v1/contracts/{w.contract_id}/hours.csv?{q}", headers=w.employer.headers).status_code == 403


def _anchor_and_publish(app, day):
    from app.services import ledger
    from app.services.hours import anchors

    with app.app_context():
        first = anchors.anchor_day(day, datetime.now(UTC))
        again = anchors.anchor_day(day, datetime.now(UTC))
        ledger.publish_checkpoint(datetime.now(UTC))
        return first, again, ledger.log().vkey


def test_shift_receipt_verifies_offline_and_tampering_fails(app, w, tmp_path):
    shift = _logged_shift(w, 1)
    receipt_path = f"/api/v1/contracts/{w.contract_id}/shifts/{shift['id']}/receipt"
    assert w.api.client.get(receipt_path, headers=w.worker.headers).status_code == 409  # not anchored yet
    first, again, vkey = _anchor_and_publish(app, datetime.now(SEOUL).date())
    assert first["anchored"] == 1 and again["anchored"] == 0  # one commitment per contract and day
    bundle = w.api.client.get(receipt_path, headers=w.employer.headers).get_json()
    assert bundle["leaf"]["kind"] == "hours" and len(bundle["application"]["events"]) == 2
    assert "lat" not in json.dumps(bundle["leaf"])

    def verify(b) -> subprocess.CompletedProcess:
        path = tmp_path / "bundle.json"
        path.write_text(json.dumps(b))
        return subprocess.run([sys.executable, "-m", "ledger", "verify", str(path), "--key", vkey],
                              capture_output=True, text=True, timeout=60)

    ok = verify(bundle)
    assert ok.returncode == 0, ok.stderr
    tampered = json.loads(json.dumps(bundle))
    tampered["leaf"]["data"] = base64.b64encode(b"\0" * 32).decode()
    assert verify(tampered).returncode == 1
    from ledger.bundle import verify_bundle

    assert verify_bundle(bundle, vkey)[0] and "application fields verified" in verify_bundle(bundle, vkey)[1]
    forged = json.loads(json.dumps(bundle))
    forged["application"]["events"][1]["occurred_at"] = "2026-01-01T00:00:00+00:00"
    ok2, reason = verify_bundle(forged, vkey)
    assert not ok2 and "do not reproduce" in reason
