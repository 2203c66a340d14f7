"""Daily anchored evidence (증거 고정): one ledger commitment per contract per day of received events.

The ledger entry (kind "hours") is SHA-256(salt ‖ JCS(events)) with a random salt per
(contract, day): nothing personal is in clear. The day is the Asia/Seoul day the server
*received* the events, so a late upload is anchored on the day it arrived and nothing is ever
backdated. A re-run, or two schedulers, never append twice: (contract_id, day) is unique.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
from datetime import UTC, date, datetime

import rfc8785
import sqlalchemy as sa
import sqlalchemy.exc as sa_exc

from app.errors import Conflict, NotFound
from app.extensions import db
from app.models.accounts import User
from app.models.hours import HoursAnchor, Shift, TimeEvent
from app.services import ledger
from app.services.access import contract_for
from app.services.hours.common import day_bounds, seoul_day
from ledger.bundle import register_application_verifier

KIND = "hours"
FORMAT = "nomusa-hours-day/v1"


def event_doc(e: TimeEvent) -> dict:
    """An event as committed: what was signed (by hash), by which key, when received. No location."""
    return {"id": e.id, "event_id": e.event_id, "contract_id": e.contract_id, "type": e.type,
            "occurred_at": e.occurred_at.astimezone(UTC).isoformat(), "received_at": e.received_at.astimezone(UTC).isoformat(),
            "device_key_id": e.device_key_id, "signature": e.signature, "message_hash": e.message_hash}


def commitment(salt: bytes, docs: list[dict]) -> bytes:
    return hashlib.sha256(salt + rfc8785.dumps(docs)).digest()


def verify_application(application, data: bytes) -> str | None:
    """The bundle's ``application`` (salt and events) must reproduce the committed leaf."""
    try:
        salt = base64.b64decode(application["salt"], validate=True)
        ok = commitment(salt, list(application["events"])) == data
    except (KeyError, TypeError, ValueError) as exc:
        return f"application is malformed: {exc}"
    return None if ok else "the events and salt do not reproduce the committed hash"


register_application_verifier(KIND, verify_application)


def _received_on(contract_id: str | None, day: date) -> list[TimeEvent]:
    lo, hi = day_bounds(day, day)
    q = sa.select(TimeEvent).where(TimeEvent.received_at >= lo, TimeEvent.received_at < hi)
    if contract_id is not None:
        q = q.where(TimeEvent.contract_id == contract_id)
    return list(db.session.scalars(q.order_by(TimeEvent.received_at, TimeEvent.id)))


def anchor_day(day: date, now: datetime) -> dict:
    """Anchor every contract's events received on ``day`` (one commit per contract)."""
    events = _received_on(None, day)
    contracts = sorted({e.contract_id for e in events})
    done = set(db.session.scalars(sa.select(HoursAnchor.contract_id).where(HoursAnchor.day == day)))
    anchored = 0
    for contract_id in contracts:
        if contract_id in done:
            continue
        docs = [event_doc(e) for e in events if e.contract_id == contract_id]
        salt = secrets.token_bytes(32)
        digest = commitment(salt, docs)
        try:
            (index,) = ledger.append([(KIND, digest)], now)
            db.session.add(HoursAnchor(contract_id=contract_id, day=day, salt=salt, commitment=digest,
                                       event_ids=[d["id"] for d in docs], ledger_index=index, created_at=now))
            db.session.commit()
            anchored += 1
        except sa_exc.IntegrityError:  # another scheduler anchored it first
            db.session.rollback()
    return {"day": day.isoformat(), "contracts": len(contracts), "anchored": anchored}


def receipt(user: User, contract_id: str, shift_id: str) -> dict:
    """The offline-verifiable bundle of the day anchoring the shift's last received event."""
    contract = contract_for(user, contract_id)
    shift = db.session.get(Shift, shift_id)
    if shift is None or shift.contract_id != contract.id:
        raise NotFound()
    q = sa.select(TimeEvent).where(TimeEvent.shift_id == shift.id).order_by(TimeEvent.received_at)
    own = list(db.session.scalars(q))
    if not own:
        raise Conflict("This shift has no clock events from the phone to prove.")
    days = sorted({seoul_day(e.received_at) for e in own})
    anchor = db.session.scalar(sa.select(HoursAnchor).where(HoursAnchor.contract_id == contract.id,
                                                            HoursAnchor.day == days[-1]))
    if anchor is None:
        raise Conflict("Not anchored yet: the day's events are anchored after midnight (00:30 Asia/Seoul).")
    docs = [event_doc(db.session.get(TimeEvent, i)) for i in anchor.event_ids]
    application = {"format": FORMAT, "contract_id": contract.id, "day": anchor.day.isoformat(),
                   "salt": base64.b64encode(anchor.salt).decode(), "events": docs, "shift_id": shift.id,
                   "shift_event_ids": [e.id for e in own], "other_days": [d.isoformat() for d in days[:-1]]}
    try:
        return ledger.log().bundle_for(ledger.connection(), anchor.ledger_index, application)
    except LookupError as exc:
        raise Conflict("The ledger checkpoint covering this day is not published yet; retry in a minute.") from exc
