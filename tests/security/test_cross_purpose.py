"""A signature is good for one purpose and one object only: replays across purposes are refused."""

from __future__ import annotations

import base64
import uuid
from datetime import timedelta

import pytest

from tests.support.hours_factories import active_contract, ago, world


@pytest.fixture
def w(app, api):
    return world(app, api)


def _event(w, purpose: str, contract_id: str | None = None) -> dict:
    item = {"type": "clock_in", "occurred_at": ago(hours=2).isoformat(), "event_id": uuid.uuid4().hex}
    body = {"contract_id": contract_id or w.contract_id, **item}
    return {**item, **w.worker_phone.signed(purpose, body)}


def _refused(resp):
    assert resp.status_code in (400, 422), resp.get_json()
    assert resp.mimetype == "application/problem+json"


@pytest.mark.parametrize("purpose", ["contract", "shift-confirm", "correction", "dispute", "period-close"])
def test_time_event_signed_for_another_purpose(w, purpose):
    _refused(w.post_event(_event(w, purpose)))
    assert w.post_event(_event(w, "time-event")).status_code == 201  # the same phone, the right purpose


def test_time_event_signed_for_another_contract(app, api, w):
    other = active_contract(app, w.employer.id, w.worker.id, w.workplace["id"])
    _refused(w.post_event(_event(w, "time-event", contract_id=other)))


def test_contract_signature_replayed_as_time_event_and_shift_confirmation(api, w):
    """The bytes of a real contract co-signature, submitted where hours signatures go."""
    payload = api.client.get(f"/api/v1/contracts/{w.contract_id}/versions/1/signing-payload",
                             headers=w.employer.headers).get_json()
    contract_sig = base64.b64encode(w.employer_phone.signer.sign(base64.b64decode(payload["message"])).signature)
    start, end = ago(hours=10), ago(hours=2)
    logged = w.post_batch([w.event("clock_in", start.isoformat()), w.event("clock_out", end.isoformat())])
    assert logged.status_code == 200, logged.get_json()
    (shift,) = w.shifts(start=(start - timedelta(days=1)).date().isoformat(),
                        end=(end + timedelta(days=1)).date().isoformat(), who=w.employer)
    shifts_body = {"contract_id": w.contract_id, "shifts": [
        {"shift_id": shift["id"], "version_hash": shift["version_hash"], "event_hashes": shift["event_hashes"]}]}
    confirm = {"shift_ids": [shift["id"]], "device_key_id": w.employer_phone.key_id, "signature": contract_sig.decode()}
    _refused(api.client.post(f"/api/v1/contracts/{w.contract_id}/shifts:confirm", json=confirm,
                             headers=w.employer.headers))
    right = {**confirm, **w.employer_phone.signed("shift-confirm", shifts_body)}
    assert api.client.post(f"/api/v1/contracts/{w.contract_id}/shifts:confirm", json=right,
                           headers=w.employer.headers).status_code == 200
    item = {**_event(w, "time-event"), "signature": contract_sig.decode(), "device_key_id": w.worker_phone.key_id}
    _refused(w.post_event(item))
    # and a valid shift confirmation signature is no time-event signature
    confirm_sig = w.worker_phone.sign("shift-confirm", shifts_body)
    _refused(w.post_event({**_event(w, "time-event"), "signature": confirm_sig}))
