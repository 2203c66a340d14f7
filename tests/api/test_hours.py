"""Clock events over HTTP: idempotency, late batches out of order, invalid sequences, access."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

import pytest

from app.clock import SEOUL
from tests.support.hours_factories import phone, world


def at(days_ago: int, hhmm: str) -> str:
    day = datetime.now(SEOUL).date() - timedelta(days=days_ago)
    return f"{day.isoformat()}T{hhmm}:00+09:00"


@pytest.fixture
def w(app, api):
    return world(app, api, latitude=37.5665, longitude=126.9780)


def test_clock_in_replays_with_the_same_key_and_refuses_another_body(w):
    item = w.event("clock_in", at(0, "00:01"))
    first = w.post_event(item, key="k-1")
    assert first.status_code == 201, first.get_json()
    again = w.post_event(item, key="k-1")
    assert (again.status_code, again.get_json()) == (201, first.get_json())
    other = w.post_event(w.event("clock_out", at(0, "00:02")), key="k-1")
    assert other.status_code == 409 and other.mimetype == "application/problem+json"
    assert other.get_json()["type"].endswith("idempotency-conflict")
    assert len(w.shifts()) == 1


def test_a_rejected_create_replays_its_problem_and_a_key_is_required(w):
    bad = w.event("clock_out", at(1, "18:00"))
    first = w.post_event(bad, key="k-2")
    assert first.status_code == 422 and "clock-in" in first.get_json()["detail"]
    again = w.post_event(bad, key="k-2")
    assert (again.status_code, again.get_json()) == (422, first.get_json())
    resp = w.api.client.post(f"/api/v1/contracts/{w.contract_id}/time-events", json=bad, headers=w.worker.headers)
    assert resp.status_code == 400 and "Idempotency-Key" in resp.get_json()["errors"]


def test_late_offline_batch_out_of_order_is_paired_and_flagged(w):
    items = [
        w.event("clock_in", at(3, "09:00")), w.event("break_start", at(3, "12:00")),
        w.event("break_end", at(3, "12:45")), w.event("clock_out", at(3, "18:10")),
        w.event("clock_in", at(2, "08:55")), w.event("clock_out", at(2, "13:00")),
        w.event("clock_in", at(2, "14:00")), w.event("clock_out", at(2, "17:00")),
    ]
    random.Random(7).shuffle(items)
    resp = w.post_batch(items)
    body = resp.get_json()
    assert resp.status_code == 200 and body["accepted"] == 8 and body["rejected"] == 0, body
    assert all("late" in r["event"]["flags"] for r in body["results"])
    shifts = w.shifts()
    assert [(s["start"][11:16], s["end"][11:16], s["break_minutes"], s["worked_minutes"]) for s in shifts] == [
        ("00:00", "09:10", 45, 505), ("23:55", "04:00", 0, 245), ("05:00", "08:00", 0, 180)]  # UTC
    assert all(s["status"] == "logged" and len(s["event_hashes"]) >= 2 for s in shifts)
    assert shifts[0]["scheduled"] is None or shifts[0]["scheduled"]["break_minutes"] == 60
    # the same upload again (the phone never saw the answer): every event answers 200, nothing doubles
    again = w.post_batch(items)
    assert {r["status"] for r in again.get_json()["results"]} == {200} and len(w.shifts()) == 3


def test_a_late_gap_splits_a_logged_shift(w):
    assert w.post_batch([w.event("clock_in", at(4, "09:00")), w.event("clock_out", at(4, "18:00"))]).status_code == 200
    resp = w.post_batch([w.event("clock_in", at(4, "13:00")), w.event("clock_out", at(4, "12:00"))])
    assert resp.get_json()["accepted"] == 2, resp.get_json()
    assert [(s["start"][11:16], s["end"][11:16]) for s in w.shifts()] == [("00:00", "03:00"), ("04:00", "09:00")]


def test_each_invalid_sequence_gets_its_own_problem(w):
    items = [
        w.event("clock_in", at(5, "09:00")), w.event("clock_in", at(5, "10:00")),  # two clock-ins
        w.event("clock_out", at(5, "18:00")), w.event("clock_out", at(5, "19:00")),  # clock-out, no clock-in
        w.event("break_end", at(5, "20:00")),  # no break to end
        w.event("clock_in", at(3, "09:00")), w.event("clock_out", at(1, "10:00")),  # 49 hours
        w.event("clock_in", at(-1, "09:00")),  # tomorrow
    ]
    results = w.post_batch(items).get_json()["results"]
    assert [r["status"] for r in results] == [201, 422, 201, 422, 422, 201, 422, 422]
    problems = [r.get("problem", {}).get("detail", "") for r in results]
    assert "두 번 연속" in problems[1] and "without a clock-in" in problems[3] and "24 hours" in problems[6]
    assert "future" in problems[7]
    open_shift = [s for s in w.shifts() if s["end"] is None]
    assert len(open_shift) == 1 and "open_over_24h" in open_shift[0]["flags"]


def test_signature_key_and_contract_dates_are_checked(app, w):
    forged = w.event("clock_in", at(1, "09:00"))
    forged["occurred_at"] = at(1, "08:00")
    assert w.post_event(forged).status_code == 400
    stranger = phone(app, w.employer.id)  # not the worker's key
    assert w.post_event(w.event("clock_in", at(1, "09:00"), phone=stranger)).status_code == 422
    from app.extensions import db
    from app.models.devices import DeviceKey

    with app.app_context():
        db.session.get(DeviceKey, w.worker_phone.key_id).revoked_at = datetime.now(SEOUL) - timedelta(seconds=1)
        db.session.commit()
    revoked = w.post_event(w.event("clock_in", at(1, "09:00")))
    assert revoked.status_code == 422 and revoked.get_json()["type"].endswith("invalid-device-key")
    w.worker_phone = phone(app, w.worker.id)
    before = w.post_event(w.event("clock_in", "2025-12-31T09:00:00+09:00"))
    assert before.status_code == 422 and before.get_json()["type"].endswith("contract-not-active")
    naive = w.post_event(w.event("clock_in", at(1, "09:00")[:19]))
    assert naive.status_code == 201 and naive.get_json()["occurred_at"].startswith(at(1, "00:00")[:10] + "T00:00")


def test_someone_elses_contract_is_404(w, api):
    other = api.account("worker")
    item = w.event("clock_in", at(1, "09:00"))
    resp = api.client.post(f"/api/v1/contracts/{w.contract_id}/time-events", json=item,
                           headers={**other.headers, "Idempotency-Key": "x"})
    assert resp.status_code == 404
    boss = api.account("employer")
    for path in ("shifts?from=2026-01-01&to=2026-01-31", "disputes", "periods"):
        assert api.client.get(f"/api/v1/contracts/{w.contract_id}/{path}", headers=boss.headers).status_code == 404
    assert w.shifts(who=w.employer) == []  # the employer of the contract does see its shifts


def test_location_kept_only_with_consent_and_far_is_flagged(w, api):
    near = {"lat": 37.5666, "lon": 126.9781, "accuracy": 12}
    first = w.post_event(w.event("clock_in", at(1, "09:00"), location=near)).get_json()
    assert first["location"] is None and "location_discarded" in first["flags"]
    h = w.worker.headers
    assert api.client.put("/api/v1/me/location-consent", json={"granted": True}, headers=h).get_json()["granted"]
    far = {"lat": 37.4563, "lon": 126.7052}  # Incheon
    second = w.post_event(w.event("clock_out", at(1, "18:00"), location=far)).get_json()
    assert second["location"]["lat"] == 37.4563 and "far" in second["flags"] and second["distance_m"] > 20_000
    state = api.client.put("/api/v1/me/location-consent", json={"granted": False}, headers=h).get_json()
    assert not state["granted"] and state["withdrawn_at"] and len(state["history"]) == 2
    third = w.post_event(w.event("clock_in", at(0, "00:01"), location=near)).get_json()
    assert third["location"] is None
