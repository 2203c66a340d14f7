"""What the wage statement pays on (임금 산정 근거): the co-signed record, else the worker's record."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

import sqlalchemy as sa

from app.extensions import db
from app.labor import Shift as LaborShift
from app.labor.model import Break
from app.models.contracts import Contract
from app.models.hours import HoursDispute, HoursPeriod, HoursSignature, Shift, ShiftVersion
from app.services.hours import shifts as shift_records
from app.services.hours.common import SEOUL


@dataclass(frozen=True)
class PayShifts:
    """Shifts to pay and the record they come from. ``sources[i]`` is "co-signed" or
    "worker-record" for ``shift_ids[i]``; ``basis`` sums them up ("mixed" when both occur)."""

    shifts: list[LaborShift]
    basis: str
    shift_ids: list[str]
    sources: list[str] = field(default_factory=list)
    open_shift_ids: list[str] = field(default_factory=list)  # no clock-out yet: not paid, flagged
    excluded_shift_ids: list[str] = field(default_factory=list)  # employer entries the worker denies


def _cutoff(pay_day: date | None) -> datetime | None:
    """Signatures made after the pay day do not change that pay day's basis."""
    return None if pay_day is None else datetime.combine(pay_day + timedelta(days=1), time(), SEOUL)


def _signed_by(sig_id: str | None, cutoff: datetime | None) -> bool:
    if sig_id is None:
        return False
    sig = db.session.get(HoursSignature, sig_id)
    return sig is not None and (cutoff is None or sig.signed_at < cutoff)


def _closed_days(contract: Contract, cutoff: datetime | None) -> list[tuple[date, date]]:
    q = sa.select(HoursPeriod).where(HoursPeriod.contract_id == contract.id, HoursPeriod.closed_at.is_not(None))
    return [(p.start, p.end) for p in db.session.scalars(q) if cutoff is None or p.closed_at < cutoff]


def _disputes(contract: Contract, cutoff: datetime | None) -> dict[str, list[HoursDispute]]:
    """Disputes open as of the cutoff, by shift id."""
    q = sa.select(HoursDispute).where(HoursDispute.contract_id == contract.id)
    out: dict[str, list[HoursDispute]] = {}
    for d in db.session.scalars(q):
        opened_before = cutoff is None or d.created_at < cutoff
        still_open = d.status == "open" or (cutoff is not None and d.resolved_at and d.resolved_at >= cutoff)
        if opened_before and still_open:
            for claim in d.claims:
                out.setdefault(claim["shift_id"], []).append(d)
    return out


def _co_signed(shift: Shift, cutoff: datetime | None) -> ShiftVersion | None:
    """The latest version both sides signed (as of the cutoff), if any."""
    for v in reversed(shift.versions):
        if v.kind == "correction" and v.acceptance_signature_id and _signed_by(v.acceptance_signature_id, cutoff):
            return v
        if v.kind == "employer_entered" and _signed_by(v.acceptance_signature_id, cutoff):
            return v
        if v.kind == "logged" and _signed_by(shift.confirmation_id, cutoff):
            return v
    return None


def _worker_record(shift: Shift) -> ShiftVersion | None:
    """The worker's own record: their log, or a version they signed or proposed."""
    for v in reversed(shift.versions):
        if v.kind == "logged" or v.author_party == "worker" or v.acceptance_signature_id:
            return v
    return None


def _labor_shift(v: ShiftVersion) -> LaborShift:
    breaks = tuple(Break(datetime.fromisoformat(b["start"]), datetime.fromisoformat(b["end"])) for b in v.breaks or [])
    return LaborShift(start=v.start.astimezone(SEOUL), end=v.end.astimezone(SEOUL),
                      break_minutes=v.break_minutes, breaks=breaks)


def shifts_for_pay(contract: Contract, start: date, end: date, pay_day: date | None = None) -> PayShifts:
    """Shifts of days ``start``..``end`` (Asia/Seoul, inclusive) to compute pay on.

    A shift co-signed (employer confirmation, accepted correction, accepted employer entry, or a
    period both sides closed) and not disputed is paid on that record; otherwise, i.e. disputed
    or still unconfirmed on the pay day, on the worker's record. An employer entry the worker
    disputes with 0 claimed minutes is excluded; an undisputed one is paid (the employer signed it).
    """
    cutoff = _cutoff(pay_day)
    closed = _closed_days(contract, cutoff)
    disputes = _disputes(contract, cutoff)
    out, ids, sources, open_ids, excluded = [], [], [], [], []
    for shift in shift_records.in_range(contract, start, end):
        version, source = _choose(shift, cutoff, closed, disputes.get(shift.id, []))
        if version is None:
            excluded.append(shift.id)
        elif version.end is None:
            open_ids.append(shift.id)
        else:
            out.append(_labor_shift(version))
            ids.append(shift.id)
            sources.append(source)
    kinds = set(sources)
    basis = "mixed" if len(kinds) > 1 else (kinds.pop() if kinds else "co-signed")
    return PayShifts(out, basis, ids, sources, open_ids, excluded)


def _choose(shift: Shift, cutoff, closed, disputes) -> tuple[ShiftVersion | None, str]:
    if not disputes:
        signed = _co_signed(shift, cutoff)
        if signed is None and any(a <= shift.day <= b for a, b in closed):
            signed = shift_records.current(shift)
        if signed is not None:
            return signed, "co-signed"
    if shift.origin == "employer_entered":
        denied = any(c["shift_id"] == shift.id and c["claimed_minutes"] == 0 and d.party == "worker"
                     for d in disputes for c in d.claims)
        return (None if denied else shift.versions[0]), "worker-record"
    return _worker_record(shift), "worker-record"


def open_disputes(contract: Contract) -> list[HoursDispute]:
    """Disputes of this contract still open (for the alert feed), oldest first."""
    q = (sa.select(HoursDispute).where(HoursDispute.contract_id == contract.id, HoursDispute.status == "open")
         .order_by(HoursDispute.created_at))
    return list(db.session.scalars(q))
