"""Pairing rules, the reusable idempotency helper, and the documented time-event test vector."""

from __future__ import annotations

import base64
import hashlib
from datetime import UTC, datetime, timedelta

import nacl.signing
import pytest

from app import signing
from app.services.hours.pairing import Ev, groups, merge

T0 = datetime(2026, 3, 2, 0, tzinfo=UTC)


def ev(key, type_, hours, new=True):
    return Ev(key, type_, T0 + timedelta(hours=hours), new)


def test_new_events_that_do_not_fit_between_stored_ones_are_refused_together():
    stored = [ev("in", "clock_in", 0, False), ev("out", "clock_out", 9, False)]
    accepted, refused = merge(stored, [ev(1, "clock_in", 3)])  # an IN inside a shift
    assert "두 번 연속" in refused[1]
    accepted, refused = merge(stored, [ev(1, "clock_out", 3)])  # would leave the stored OUT orphaned
    assert refused == {1: "Does not fit between the events already recorded."} and len(accepted) == 2
    accepted, refused = merge(stored, [ev(1, "clock_in", 4), ev(2, "clock_out", 3)])  # a gap: fits
    assert refused == {} and [len(g.events) for g in groups(accepted)] == [2, 2]


def test_a_shift_over_24_hours_stays_open_and_a_new_clock_in_is_accepted():
    accepted, refused = merge([], [ev(1, "clock_in", 0), ev(2, "clock_out", 25), ev(3, "clock_in", 26),
                                   ev(4, "clock_out", 30)])
    assert list(refused) == [2] and "24 hours" in refused[2]
    assert [g.end for g in groups(accepted)] == [None, T0 + timedelta(hours=30)]


def test_breaks_pair_inside_their_shift():
    accepted, refused = merge([], [ev(4, "clock_out", 9), ev(2, "break_start", 3), ev(1, "clock_in", 0),
                                   ev(3, "break_end", 4), ev(5, "break_end", 10)])
    assert refused == {5: "There is no break to end."}
    (group,) = groups(accepted)
    assert group.breaks() == [(T0 + timedelta(hours=3), T0 + timedelta(hours=4))]


def test_documented_time_event_vector():
    signer = nacl.signing.SigningKey(bytes([0x22]) * 32)
    body = {"contract_id": "7d3c2a8e-1f4b-4c55-9a0e-2b8f6d1e9c01", "type": "clock_in",
            "occurred_at": "2026-03-02T08:58:12+09:00", "event_id": "01HQ8ZK3V6N5Y2B7",
            "location": {"lat": 37.5665, "lon": 126.978, "accuracy": 12}}
    message = signing.message("time-event", body)
    assert base64.b64encode(bytes(signer.verify_key)).decode() == "oJql9HpnWYAv+VX43C0qFKXJnSO+l/hkEn/5ODRVpPA="
    assert hashlib.sha256(message).hexdigest() == "fc1904b3fbfc71ddcbb6cace4fffb12f8202df3bcadeace9dea1d1f1f26ada64"
    signature = base64.b64encode(signer.sign(message).signature).decode()
    signing.verify("oJql9HpnWYAv+VX43C0qFKXJnSO+l/hkEn/5ODRVpPA=", "time-event", body, signature)


def test_idempotency_helper_is_reusable(app, api):
    from app.services import idempotency

    user = api.account("employer")
    calls = []

    def create():
        calls.append(1)
        return 201, {"n": len(calls)}

    with app.app_context():
        now = datetime.now(UTC)
        first = idempotency.run(user.id, "pay-1", "POST /x", {"a": 1}, create, now)
        assert idempotency.run(user.id, "pay-1", "POST /x", {"a": 1}, create, now) == first == (201, {"n": 1})
        with pytest.raises(idempotency.IdempotencyConflict):
            idempotency.run(user.id, "pay-1", "POST /x", {"a": 2}, create, now)
        with pytest.raises(idempotency.IdempotencyConflict):
            idempotency.run(user.id, "pay-1", "POST /y", {"a": 1}, create, now)
    assert calls == [1]


def test_batch_is_bounded(app, api):
    from tests.support.hours_factories import world

    w = world(app, api)
    item = w.event("clock_in", "2026-03-02T09:00:00+09:00")
    resp = w.post_batch([item] * 501)
    assert resp.status_code == 400 and "events" in resp.get_json()["errors"]
