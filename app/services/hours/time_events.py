"""Clock events from the worker's phone (출퇴근 기록): verify, flag, pair, store (one commit)."""

from __future__ import annotations

import math
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app

from app import signing
from app.errors import Conflict, DomainError, ValidationFailed
from app.extensions import db
from app.models.accounts import User
from app.models.contracts import Contract
from app.models.hours import ShiftStatus, TimeEvent
from app.models.workplaces import Workplace
from app.services.access import contract_for
from app.services.hours import common, consent, shifts
from app.services.hours.common import EventRejected, PeriodLocked, seoul_day
from app.services.hours.pairing import Ev, merge

FUTURE_SKEW = timedelta(minutes=5)
FAR_METRES = 300  # default for Settings.extra["far_from_workplace_metres"]
TYPES = ("clock_in", "clock_out", "break_start", "break_end")


def signed_body(contract_id: str, item: dict) -> dict:
    """What the phone signs (purpose "time-event"): occurred_at exactly as sent."""
    body = {"contract_id": contract_id, "type": item["type"], "occurred_at": item["occurred_at"],
            "event_id": item["event_id"]}
    if item.get("location") is not None:
        body["location"] = item["location"]
    return body


def parse_time(raw: str) -> datetime:
    """Aware ISO-8601; a time without offset is Asia/Seoul wall time."""
    try:
        moment = datetime.fromisoformat(raw)
    except (TypeError, ValueError) as exc:
        raise ValidationFailed(errors={"occurred_at": ["Not a valid datetime."]}) from exc
    return moment.replace(tzinfo=common.SEOUL) if moment.tzinfo is None else moment


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine), metres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6_371_000 * math.asin(math.sqrt(a))


def _checked(contract: Contract, worker: User, item: dict, now: datetime) -> TimeEvent:
    """A new, not yet added, TimeEvent for one item; raises the item's DomainError."""
    occurred = parse_time(item["occurred_at"])
    if occurred > now + FUTURE_SKEW:
        raise EventRejected("The event time is in the future.", errors={"occurred_at": ["In the future."]})
    common.require_active(contract, seoul_day(occurred))
    body = signed_body(contract.id, item)
    key = common.verify(worker, item["device_key_id"], "time-event", body, item["signature"], now)
    event = TimeEvent(
        contract_id=contract.id, event_id=item["event_id"], type=item["type"], occurred_at=occurred,
        received_at=now, device_key_id=key.id, signature=item["signature"],
        message_hash=common.sha256_hex(signing.message("time-event", body)), flags=[],
    )
    settings = current_app.config["SETTINGS"]
    if (now - occurred).total_seconds() > settings.late_event_seconds:
        event.flags.append("late")
    _place(event, contract, worker, item.get("location"), settings)
    return event


def _place(event: TimeEvent, contract: Contract, worker: User, location: dict | None, settings) -> None:
    """Keep the location only with a standing consent (위치정보법); flag far-away events."""
    if location is None:
        return
    if not consent.granted(worker):
        event.flags.append("location_discarded")
        return
    event.latitude, event.longitude, event.accuracy = location["lat"], location["lon"], location.get("accuracy")
    wp = db.session.get(Workplace, contract.workplace_id)
    if wp is None or wp.latitude is None or wp.longitude is None:
        return
    event.distance_m = round(distance_m(wp.latitude, wp.longitude, event.latitude, event.longitude))
    if event.distance_m > settings.extra.get("far_from_workplace_metres", FAR_METRES):
        event.flags.append("far")


def record(worker: User, contract_id: str, items: list[dict], now: datetime) -> list[dict]:
    """Per item: {"index", "status", "event"} or {"index", "status", "error": DomainError}."""
    contract = contract_for(worker, contract_id, party="worker")
    results: dict[int, dict] = {}
    fresh: dict[int, TimeEvent] = {}
    known = _stored_by_event_id(contract.id, [i["event_id"] for i in items])
    for index, item in enumerate(items):
        try:
            event = _checked(contract, worker, item, now)
            _not_duplicate(event, known, fresh.values())
        except _Duplicate as dup:
            results[index] = {"index": index, "status": 200, "event": dup.event}
            continue
        except DomainError as exc:
            results[index] = {"index": index, "status": exc.status, "error": exc}
            continue
        fresh[index] = event
    for index, reason in _place_in_sequence(contract, fresh).items():
        error = PeriodLocked(reason) if reason.startswith("locked:") else EventRejected(reason)
        results[index] = {"index": index, "status": error.status, "error": error}
        del fresh[index]
    for index, event in fresh.items():
        results[index] = {"index": index, "status": 201, "event": event}
    db.session.commit()
    return [results[i] for i in range(len(items))]


class _Duplicate(Exception):
    def __init__(self, event: TimeEvent):
        self.event = event


def _stored_by_event_id(contract_id: str, event_ids: list[str]) -> dict[str, TimeEvent]:
    q = sa.select(TimeEvent).where(TimeEvent.contract_id == contract_id, TimeEvent.event_id.in_(set(event_ids)))
    return {e.event_id: e for e in db.session.scalars(q)}


def _not_duplicate(event: TimeEvent, known: dict[str, TimeEvent], pending) -> None:
    """A resent event (same id, same signed message) answers with the stored one; else 409."""
    for other in [known.get(event.event_id), *[p for p in pending if p.event_id == event.event_id]]:
        if other is None:
            continue
        if other.message_hash == event.message_hash:
            raise _Duplicate(other)
        raise Conflict("This event_id was already used for a different event.", errors={"event_id": ["Already used."]})


def _place_in_sequence(contract: Contract, fresh: dict[int, TimeEvent]) -> dict[int, str]:
    """Merge the fresh events into the stored sequence, add the accepted ones, re-pair shifts."""
    if not fresh:
        return {}
    stored = _stored_window(contract.id, min(e.occurred_at for e in fresh.values()))
    refused = shifts.locked_refusals(contract, fresh)
    incoming = [Ev(i, e.type, e.occurred_at, new=True) for i, e in fresh.items() if i not in refused]
    accepted, more = merge([Ev(e.id, e.type, e.occurred_at) for e in stored], incoming)
    refused.update(more)
    by_key = {e.id: e for e in stored}
    for index, event in fresh.items():
        if index not in refused:
            db.session.add(event)
            db.session.flush()
            by_key[event.id] = event
    ordered = [by_key[ev.key] if not ev.new else fresh[ev.key] for ev in accepted]
    shifts.repair(contract, ordered, {e.id for i, e in fresh.items() if i not in refused})
    return refused


def _stored_window(contract_id: str, earliest: datetime) -> list[TimeEvent]:
    """Stored events from the last clock-in before ``earliest`` onwards: a clock-in is always
    accepted from any state (or the shift before it was over 24 h), so the sequence can be
    checked from there without what came before."""
    anchor = (sa.select(sa.func.max(TimeEvent.occurred_at)).where(
        TimeEvent.contract_id == contract_id, TimeEvent.type == "clock_in", TimeEvent.occurred_at < earliest,
    ).scalar_subquery())
    q = sa.select(TimeEvent).where(TimeEvent.contract_id == contract_id,
                                   sa.or_(anchor.is_(None), TimeEvent.occurred_at >= anchor))
    return list(db.session.scalars(q.order_by(TimeEvent.occurred_at)))  # one round trip


def record_one(worker: User, contract_id: str, item: dict, now: datetime) -> TimeEvent:
    """One event: the stored event, or the item's error raised."""
    result = record(worker, contract_id, [item], now)[0]
    if "error" in result:
        raise result["error"]
    return result["event"]


__all__ = ["TYPES", "record", "record_one", "signed_body", "ShiftStatus"]
