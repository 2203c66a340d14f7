"""Shifts (근무): pairing results kept as versioned records, their status and how they read."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.models.contracts import Contract
from app.models.hours import HoursDispute, HoursPeriod, Shift, ShiftStatus, ShiftVersion, TimeEvent
from app.services.hours import common, pairing
from app.services.hours.common import iso, seoul_day

MUTABLE = (ShiftStatus.OPEN, ShiftStatus.LOGGED)


def current(shift: Shift) -> ShiftVersion:
    return [v for v in shift.versions if v.state == "current"][-1]


def pending(shift: Shift) -> ShiftVersion | None:
    return next((v for v in reversed(shift.versions) if v.state == "proposed"), None)


def version_hash(version: ShiftVersion) -> str:
    return common.jcs_hash(version_doc(version))


def version_doc(v: ShiftVersion) -> dict:
    return {"shift_id": v.shift_id, "number": v.number, "kind": v.kind, "start": iso(v.start), "end": iso(v.end),
            "break_minutes": v.break_minutes, "breaks": v.breaks or []}


def worked_minutes(v: ShiftVersion) -> int | None:
    if v.end is None:
        return None
    return int((v.end - v.start).total_seconds() // 60) - v.break_minutes


def events_of(shift_ids: list[str]) -> dict[str, list[TimeEvent]]:
    out: dict[str, list[TimeEvent]] = {s: [] for s in shift_ids}
    if shift_ids:
        q = sa.select(TimeEvent).where(TimeEvent.shift_id.in_(shift_ids)).order_by(TimeEvent.occurred_at)
        for e in db.session.scalars(q):
            out[e.shift_id].append(e)
    return out


def repair(contract: Contract, ordered: list[TimeEvent], fresh: set[str]) -> None:
    """Bring the logged shifts in line with the accepted events (co-signed shifts never change).

    Only shifts that gained an event (``fresh`` ids) or whose events moved are touched."""
    by_id = {e.id: e for e in ordered}
    found = pairing.groups([pairing.Ev(e.id, e.type, e.occurred_at) for e in ordered])
    ins = [g.clock_in.key for g in found]
    q = sa.select(Shift).where(Shift.clock_in_event_id.in_(ins)).options(selectinload(Shift.versions))
    known = {s.clock_in_event_id: s for s in db.session.scalars(q)}
    for group in found:
        shift = known.get(group.clock_in.key)
        moved = shift is None or any(ev.key in fresh or by_id[ev.key].shift_id != shift.id for ev in group.events)
        if not moved:
            continue
        shift = shift or _new_logged(contract, group)
        if shift.status in MUTABLE:
            _fill(current(shift), group)
            shift.status = ShiftStatus.OPEN if group.end is None else ShiftStatus.LOGGED
            shift.day = seoul_day(group.clock_in.at)
        for ev in group.events:
            by_id[ev.key].shift_id = shift.id


def _new_logged(contract: Contract, group: pairing.Group) -> Shift:
    shift = Shift(contract_id=contract.id, day=seoul_day(group.clock_in.at), origin="logged",
                  clock_in_event_id=group.clock_in.key, status=ShiftStatus.OPEN)
    shift.versions.append(ShiftVersion(number=1, kind="logged", state="current", start=group.clock_in.at,
                                       author_id=contract.worker_id, author_party="worker"))
    db.session.add(shift)
    db.session.flush()
    return shift


def _fill(v: ShiftVersion, group: pairing.Group) -> None:
    spans = group.breaks()
    v.start, v.end = group.clock_in.at, group.end
    v.breaks = [{"start": iso(a), "end": iso(b)} for a, b in spans]
    v.break_minutes = sum(int((b - a).total_seconds() // 60) for a, b in spans)


def locked_refusals(contract: Contract, fresh: dict[int, TimeEvent]) -> dict[int, str]:
    """New events falling inside a co-signed shift or a closed period cannot change it."""
    times = [e.occurred_at for e in fresh.values()]
    lo, hi = min(times) - timedelta(hours=25), max(times) + timedelta(hours=1)
    q = sa.select(Shift).where(Shift.contract_id == contract.id, Shift.status.not_in(MUTABLE),
                               Shift.day >= seoul_day(lo), Shift.day <= seoul_day(hi)).options(selectinload(Shift.versions))
    spans = [(v.start, v.end) for s in db.session.scalars(q) for v in [current(s)] if v.end is not None]
    out = {}
    for index, event in fresh.items():
        if locked_day(contract, seoul_day(event.occurred_at)):
            out[index] = "locked: the period of this day is closed (마감); ask for a correction instead."
        elif any(a <= event.occurred_at <= b for a, b in spans):
            out[index] = "locked: this time is inside a co-signed shift; ask for a correction instead."
    return out


def locked_day(contract: Contract, day: date) -> bool:
    q = sa.select(HoursPeriod.id).where(HoursPeriod.contract_id == contract.id, HoursPeriod.closed_at.is_not(None),
                                        HoursPeriod.start <= day, HoursPeriod.end >= day)
    return db.session.scalar(q.limit(1)) is not None


def in_range(contract: Contract, start: date, end: date) -> list[Shift]:
    q = (sa.select(Shift).where(Shift.contract_id == contract.id, Shift.day >= start, Shift.day <= end)
         .order_by(Shift.day, Shift.created_at))
    return sorted(db.session.scalars(q), key=lambda s: current(s).start)


def open_disputes_naming(contract: Contract) -> dict[str, list[HoursDispute]]:
    q = sa.select(HoursDispute).where(HoursDispute.contract_id == contract.id, HoursDispute.status == "open")
    out: dict[str, list[HoursDispute]] = {}
    for d in db.session.scalars(q):
        for claim in d.claims:
            out.setdefault(claim["shift_id"], []).append(d)
    return out


def status_of(shift: Shift, disputed: bool) -> str:
    """The status the shift's records and signatures give it."""
    v = current(shift)
    if disputed:
        return ShiftStatus.DISPUTED
    if v.kind == "correction" and v.acceptance_signature_id:
        return ShiftStatus.CORRECTED
    if shift.confirmation_id or (v.kind == "employer_entered" and v.acceptance_signature_id):
        return ShiftStatus.CONFIRMED
    if v.kind == "employer_entered":
        return ShiftStatus.EMPLOYER_ENTERED
    return ShiftStatus.OPEN if v.end is None else ShiftStatus.LOGGED


def refresh_status(contract: Contract, shifts: list[Shift]) -> None:
    disputes = open_disputes_naming(contract)
    for s in shifts:
        s.status = status_of(s, s.id in disputes)


def present(shift: Shift, events: list[TimeEvent], terms: dict | None, now: datetime) -> dict:
    """How both parties see a shift: scheduled vs actual, breaks, minutes, status, flags, history."""
    v = current(shift)
    scheduled = common.scheduled_span(terms, shift.day)
    flags = sorted({f for e in events for f in (e.flags or [])})
    if v.end is None and now - v.start > pairing.MAX_SHIFT:
        flags.append("open_over_24h")
    proposal = pending(shift)
    return {
        "id": shift.id, "day": shift.day, "status": shift.status, "origin": shift.origin,
        "start": v.start, "end": v.end, "breaks": v.breaks or [], "break_minutes": v.break_minutes,
        "worked_minutes": worked_minutes(v),
        "scheduled": None if scheduled is None else
        {"start": scheduled[0], "end": scheduled[1], "break_minutes": scheduled[2]},
        "version_id": v.id, "version_hash": version_hash(v),
        "event_hashes": [e.message_hash for e in events], "flags": flags,
        "pending_correction": None if proposal is None else present_version(proposal),
        "versions": [present_version(x) for x in shift.versions],
    }


def present_version(v: ShiftVersion) -> dict:
    return {"id": v.id, "number": v.number, "kind": v.kind, "state": v.state, "start": v.start, "end": v.end,
            "break_minutes": v.break_minutes, "breaks": v.breaks or [], "worked_minutes": worked_minutes(v),
            "reason": v.reason, "author_id": v.author_id, "author_party": v.author_party,
            "supersedes_id": v.supersedes_id, "created_at": v.created_at, "decided_at": v.decided_at,
            "version_hash": version_hash(v)}
