"""Factories for the hours tests: an active contract and phones (Ed25519 device keys) that sign.

Contract, ContractVersion and DeviceKey rows are created directly so these tests do not depend
on the contracts and devices APIs.
"""

from __future__ import annotations

import base64
import itertools
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import nacl.signing

from app import signing

_seq = itertools.count(1)
SCHEDULE = [{"day": d, "start": "09:00", "end": "18:00", "break_minutes": 60} for d in ("MON", "TUE", "WED", "THU", "FRI")]


@dataclass
class Phone:
    key_id: str
    signer: nacl.signing.SigningKey

    def sign(self, purpose: str, body: dict) -> str:
        return base64.b64encode(self.signer.sign(signing.message(purpose, body)).signature).decode()

    def signed(self, purpose: str, body: dict) -> dict:
        return {"device_key_id": self.key_id, "signature": self.sign(purpose, body)}


def phone(app, user_id: str, created_at: datetime | None = None) -> Phone:
    from app.extensions import db
    from app.models.devices import DeviceKey

    signer = nacl.signing.SigningKey.generate()
    raw = bytes(signer.verify_key)
    with app.app_context():
        key = DeviceKey(user_id=user_id, name=f"phone {next(_seq)}", public_key=base64.b64encode(raw).decode(),
                        fingerprint=signing.fingerprint(raw), created_at=created_at or datetime(2020, 1, 1, tzinfo=UTC))
        db.session.add(key)
        db.session.commit()
        return Phone(key.id, signer)


def active_contract(app, employer_id: str, worker_id: str, workplace_id: str, start: date = date(2026, 1, 1),
                    **terms) -> str:
    from app.extensions import db
    from app.models.contracts import Contract, ContractStatus, ContractVersion, VersionStatus

    body = {"start_date": start.isoformat(), "schedule": SCHEDULE, "wage": {"type": "hourly", "amount": 10320}}
    body.update(terms)
    now = datetime.now(UTC)
    with app.app_context():
        contract = Contract(workplace_id=workplace_id, employer_id=employer_id, worker_id=worker_id,
                            status=ContractStatus.ACTIVE, start_date=start, activated_at=now)
        contract.versions.append(ContractVersion(number=1, status=VersionStatus.SIGNED, effective_from=start,
                                                 terms=body, created_by=employer_id, signed_at=now))
        db.session.add(contract)
        db.session.commit()
        return contract.id


@dataclass
class HoursWorld:
    """A worker and an employer with phones, a workplace and an active contract between them."""

    api: object
    worker: object
    employer: object
    worker_phone: Phone
    employer_phone: Phone
    contract_id: str
    workplace: dict

    def event(self, type_: str, occurred_at: str, *, event_id: str | None = None, location=None, phone=None) -> dict:
        item = {"type": type_, "occurred_at": occurred_at, "event_id": event_id or uuid.uuid4().hex}
        if location is not None:
            item["location"] = location
        body = {"contract_id": self.contract_id, **item}
        return {**item, **(phone or self.worker_phone).signed("time-event", body)}

    def post_event(self, item: dict, key: str | None = None):
        return self.api.client.post(f"/api/v1/contracts/{self.contract_id}/time-events", json=item,
                                    headers={**self.worker.headers, "Idempotency-Key": key or uuid.uuid4().hex})

    def post_batch(self, items: list[dict], key: str | None = None):
        return self.api.client.post(f"/api/v1/contracts/{self.contract_id}/time-events:batch", json={"events": items},
                                    headers={**self.worker.headers, "Idempotency-Key": key or uuid.uuid4().hex})

    def shifts(self, start="2026-01-01", end="2026-12-31", who=None):
        resp = self.api.client.get(f"/api/v1/contracts/{self.contract_id}/shifts?from={start}&to={end}",
                                   headers=(who or self.worker).headers)
        assert resp.status_code == 200, resp.get_json()
        return resp.get_json()


def world(app, api, **workplace) -> HoursWorld:
    employer = api.account("employer")
    worker = api.account("worker")
    wp = api.workplace(employer, **workplace)
    contract_id = active_contract(app, employer.id, worker.id, wp["id"])
    return HoursWorld(api, worker, employer, phone(app, worker.id), phone(app, employer.id), contract_id, wp)


def ago(**delta) -> datetime:
    return datetime.now(UTC) - timedelta(**delta)
