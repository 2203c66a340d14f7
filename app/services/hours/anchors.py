"""Daily anchored evidence (증거 고정): one ledger commitment per contract per day of received events.

The ledger entry (kind "hours") is SHA-256(salt ‖ JCS(events)) with a random salt per
(contract, day): nothing personal is in clear. The day is the Asia/Seoul day the server
*received* the events, so a late upload is anchored on the day it arrived and nothing is ever
backdated. A re-run, or two schedulers, never append twice: (contract_id, day) is unique.
Contracts go in pages, each page one transaction with one group append to the ledger.
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
from app.models.contracts import Contract
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


PAGE = 500


def anchor_day(day: date, now: datetime, *, page: int = PAGE) -> dict:
    """Anchor every contract's events received on ``day``: contracts in keyset pages of ``page``,
    each page's anchors in one transaction with one group append to the ledger (memory stays
    flat whatever the number of contracts)."""
    counts = {"day": day.isoformat(), "contracts": 0, "anchored": 0}
    after = ""
    while True:
        ids = list(db.session.scalars(sa.select(Contract.id).where(Contract.id > after).order_by(Contract.id)
                                      .limit(page)))
        if not ids:
            db.session.rollback()
            return counts
        with_events, anchored = _anchor_page(ids, day, now)
        counts["contracts"] += with_events
        counts["anchored"] += anchored
        after = ids[-1]


def _anchor_page(contract_ids: list[str], day: date, now: datetime) -> tuple[int, int]:
    """(contracts with events on ``day``, anchors made) for one page of contracts."""
    lo, hi = day_bounds(day, day)
    first, last = contract_ids[0], contract_ids[-1]  # the page is a key range: an index range scan on
    q = (sa.select(TimeEvent).where(TimeEvent.contract_id.between(first, last),  # (contract_id, received_at)
                                    TimeEvent.received_at >= lo, TimeEvent.received_at < hi)
         .order_by(TimeEvent.contract_id, TimeEvent.received_at, TimeEvent.id))
    docs: dict[str, list[dict]] = {}
    for e in db.session.scalars(q):
        docs.setdefault(e.contract_id, []).append(event_doc(e))
    done = set(db.session.scalars(sa.select(HoursAnchor.contract_id).where(
        HoursAnchor.day == day, HoursAnchor.contract_id.between(first, last)))) if docs else set()
    todo = [(cid, d) for cid, d in docs.items() if cid not in done]
    if not todo:
        db.session.rollback()
        return len(docs), 0
    try:
        _store(todo, day, now)
        db.session.commit()
        anchored = len(todo)
    except sa_exc.IntegrityError:  # another scheduler anchored some of them first: one by one
        db.session.rollback()
        anchored = sum(_anchor_one(cid, d, day, now) for cid, d in todo)
    db.session.expunge_all()
    return len(docs), anchored


def _store(todo: list[tuple[str, list[dict]]], day: date, now: datetime) -> None:
    salted = [(cid, d, secrets.token_bytes(32)) for cid, d in todo]
    digests = [commitment(salt, d) for _, d, salt in salted]
    indices = ledger.append([(KIND, digest) for digest in digests], now)
    db.session.add_all([
        HoursAnchor(contract_id=cid, day=day, salt=salt, commitment=digest, event_ids=[x["id"] for x in d],
                    ledger_index=index, created_at=now)
        for (cid, d, salt), digest, index in zip(salted, digests, indices, strict=True)
    ])
    db.session.flush()


def _anchor_one(contract_id: str, docs: list[dict], day: date, now: datetime) -> int:
    try:
        _store([(contract_id, docs)], day, now)
        db.session.commit()
        return 1
    except sa_exc.IntegrityError:
        db.session.rollback()
        return 0


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
