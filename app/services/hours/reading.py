"""What both parties read: shifts with scheduled vs actual times, events, disputes, bodies to sign."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa

from app.errors import NotFound
from app.extensions import db
from app.models.accounts import User
from app.models.hours import HoursDispute, HoursPeriod, Shift, TimeEvent
from app.services.access import contract_for
from app.services.hours import common, corrections, periods, shifts


def present_event(e: TimeEvent) -> dict:
    location = None if e.latitude is None else {"lat": e.latitude, "lon": e.longitude, "accuracy": e.accuracy}
    return {"id": e.id, "event_id": e.event_id, "type": e.type, "occurred_at": e.occurred_at,
            "received_at": e.received_at, "device_key_id": e.device_key_id, "shift_id": e.shift_id,
            "message_hash": e.message_hash, "flags": e.flags or [], "location": location, "distance_m": e.distance_m}


def shift_list(user: User, contract_id: str, start: date, end: date, now: datetime) -> list[dict]:
    contract = contract_for(user, contract_id)
    chosen = shifts.in_range(contract, start, end)
    events = shifts.events_of([s.id for s in chosen])
    terms: dict[date, dict | None] = {}
    out = []
    for s in chosen:
        if s.day not in terms:
            terms[s.day] = common.terms_in_force(contract, s.day)
        out.append(shifts.present(s, events[s.id], terms[s.day], now))
    return out


def shift_item(user: User, contract_id: str, shift_id: str, now: datetime) -> dict:
    contract = contract_for(user, contract_id)
    shift = db.session.get(Shift, shift_id)
    if shift is None or shift.contract_id != contract.id:
        raise NotFound()
    return shifts.present(shift, shifts.events_of([shift.id])[shift.id], common.terms_in_force(contract, shift.day), now)


def event_list(user: User, contract_id: str, start: date, end: date) -> list[dict]:
    contract = contract_for(user, contract_id)
    lo, hi = common.day_bounds(start, end)
    q = (sa.select(TimeEvent).where(TimeEvent.contract_id == contract.id, TimeEvent.occurred_at >= lo,
                                    TimeEvent.occurred_at < hi).order_by(TimeEvent.occurred_at))
    return [present_event(e) for e in db.session.scalars(q)]


def dispute_list(user: User, contract_id: str) -> list[HoursDispute]:
    contract = contract_for(user, contract_id)
    q = sa.select(HoursDispute).where(HoursDispute.contract_id == contract.id).order_by(HoursDispute.created_at)
    return list(db.session.scalars(q))


def present_period(p: HoursPeriod) -> dict:
    return {"id": p.id, "start": p.start, "end": p.end, "body": p.body, "closed_at": p.closed_at,
            "worker_signed": p.worker_signature_id is not None, "employer_signed": p.employer_signature_id is not None}


def signing_body(user: User, contract_id: str, purpose: str, args: dict) -> dict:
    """The exact body the client must sign for ``purpose`` (helps apps and auditors)."""
    contract = contract_for(user, contract_id)
    if purpose == "period-close":
        return periods.close_body(contract, args["start"], args["end"])
    if purpose == "shift-confirm":
        chosen = [corrections._shift(contract, sid) for sid in args["shift_ids"]]
        return corrections.confirm_body(contract, chosen)
    raise NotFound()
