"""What the wage statement pays on (임금 산정 근거): the co-signed record, else the worker's record."""

from __future__ import annotations

from collections.abc import Iterable
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


@dataclass(slots=True)
class VersionRecord:
    """The columns of a ``ShiftVersion`` that pay reads (a plain row: no ORM identity to build)."""

    shift_id: str
    number: int
    kind: str
    state: str
    start: datetime
    end: datetime | None
    break_minutes: int
    breaks: list | None
    author_party: str
    acceptance_signature_id: str | None


@dataclass(slots=True)
class ShiftRecord:
    """The columns of a ``Shift`` that pay reads, with its versions in order."""

    id: str
    contract_id: str
    day: date
    origin: str
    confirmation_id: str | None
    versions: list[VersionRecord] = field(default_factory=list)


@dataclass
class PayRecords:
    """The hours records of several contracts over days ``start``..``end``, read in four queries
    (shifts joined with their versions, the signatures they cite, closed periods, disputes) so a
    page of contracts is priced without a query per contract or per shift."""

    start: date
    end: date
    shifts: dict[str, list[ShiftRecord]]
    signed_at: dict[str, datetime]  # HoursSignature id -> signed_at
    periods: dict[str, list[HoursPeriod]]
    disputes: dict[str, list[HoursDispute]]


_VERSION_COLUMNS = (ShiftVersion.number, ShiftVersion.kind, ShiftVersion.state, ShiftVersion.start, ShiftVersion.end,
                    ShiftVersion.break_minutes, ShiftVersion.breaks, ShiftVersion.author_party,
                    ShiftVersion.acceptance_signature_id)


def load_for_pay(contract_ids: Iterable[str], start: date, end: date) -> PayRecords:
    ids = sorted(set(contract_ids))
    shifts: dict[str, list[ShiftRecord]] = {i: [] for i in ids}
    periods: dict[str, list[HoursPeriod]] = {i: [] for i in ids}
    disputes: dict[str, list[HoursDispute]] = {i: [] for i in ids}
    if not ids:
        return PayRecords(start, end, shifts, {}, periods, disputes)
    q = (sa.select(Shift.id, Shift.contract_id, Shift.day, Shift.origin, Shift.confirmation_id, *_VERSION_COLUMNS)
         .join(ShiftVersion, ShiftVersion.shift_id == Shift.id)
         .where(Shift.contract_id.in_(ids), Shift.contract_id.between(ids[0], ids[-1]),  # a range scan on
                Shift.day >= start, Shift.day <= end)  # (contract_id, day), not an IN filter over the table
         .order_by(Shift.contract_id, Shift.day, Shift.created_at, Shift.id, ShiftVersion.number))
    last = None
    for sid, cid, day, origin, confirmation_id, *version in db.session.execute(q):
        if last is None or last.id != sid:
            last = ShiftRecord(sid, cid, day, origin, confirmation_id)
            shifts[cid].append(last)
        last.versions.append(VersionRecord(sid, *version))
    for rows in shifts.values():
        rows.sort(key=lambda s: shift_records.current(s).start)
    cited = {sid for rows in shifts.values() for s in rows
             for sid in [s.confirmation_id, *(v.acceptance_signature_id for v in s.versions)] if sid}
    signed_at = {}
    if cited:
        q = sa.select(HoursSignature.id, HoursSignature.signed_at).where(HoursSignature.id.in_(cited))
        signed_at = {sig_id: at for sig_id, at in db.session.execute(q)}
    q = sa.select(HoursPeriod).where(HoursPeriod.contract_id.in_(ids), HoursPeriod.closed_at.is_not(None))
    for p in db.session.scalars(q):
        periods[p.contract_id].append(p)
    for d in db.session.scalars(sa.select(HoursDispute).where(HoursDispute.contract_id.in_(ids))):
        disputes[d.contract_id].append(d)
    return PayRecords(start, end, shifts, signed_at, periods, disputes)


def _cutoff(pay_day: date | None) -> datetime | None:
    """Signatures made after the pay day do not change that pay day's basis."""
    return None if pay_day is None else datetime.combine(pay_day + timedelta(days=1), time(), SEOUL)


def _closed_days(periods: list[HoursPeriod], cutoff: datetime | None) -> list[tuple[date, date]]:
    return [(p.start, p.end) for p in periods if cutoff is None or p.closed_at < cutoff]


def _open_disputes(rows: list[HoursDispute], cutoff: datetime | None) -> dict[str, list[HoursDispute]]:
    """Disputes open as of the cutoff, by shift id."""
    out: dict[str, list[HoursDispute]] = {}
    for d in rows:
        opened_before = cutoff is None or d.created_at < cutoff
        still_open = d.status == "open" or (cutoff is not None and d.resolved_at and d.resolved_at >= cutoff)
        if opened_before and still_open:
            for claim in d.claims:
                out.setdefault(claim["shift_id"], []).append(d)
    return out


def _co_signed(shift: ShiftRecord, cutoff: datetime | None, signed_at: dict[str, datetime]) -> VersionRecord | None:
    """The latest version both sides signed (as of the cutoff), if any."""

    def signed(sig_id: str | None) -> bool:
        at = signed_at.get(sig_id) if sig_id else None
        return at is not None and (cutoff is None or at < cutoff)

    for v in reversed(shift.versions):
        if v.kind == "correction" and v.acceptance_signature_id and signed(v.acceptance_signature_id):
            return v
        if v.kind == "employer_entered" and signed(v.acceptance_signature_id):
            return v
        if v.kind == "logged" and signed(shift.confirmation_id):
            return v
    return None


def _worker_record(shift: ShiftRecord) -> VersionRecord | None:
    """The worker's own record: their log, or a version they signed or proposed."""
    for v in reversed(shift.versions):
        if v.kind == "logged" or v.author_party == "worker" or v.acceptance_signature_id:
            return v
    return None


def _labor_shift(v: VersionRecord) -> LaborShift:
    breaks = tuple(Break(datetime.fromisoformat(b["start"]), datetime.fromisoformat(b["end"])) for b in v.breaks or [])
    return LaborShift(start=v.start.astimezone(SEOUL), end=v.end.astimezone(SEOUL),
                      break_minutes=v.break_minutes, breaks=breaks)


def shifts_for_pay(contract: Contract, start: date, end: date, pay_day: date | None = None,
                   records: PayRecords | None = None) -> PayShifts:
    """Shifts of days ``start``..``end`` (Asia/Seoul, inclusive) to compute pay on.

    A shift co-signed (employer confirmation, accepted correction, accepted employer entry, or a
    period both sides closed) and not disputed is paid on that record; otherwise, i.e. disputed
    or still unconfirmed on the pay day, on the worker's record. An employer entry the worker
    disputes with 0 claimed minutes is excluded; an undisputed one is paid (the employer signed it).
    ``records`` (from :func:`load_for_pay`, covering these days) saves the queries.
    """
    if records is None or not (records.start <= start and end <= records.end) or contract.id not in records.shifts:
        records = load_for_pay([contract.id], start, end)
    cutoff = _cutoff(pay_day)
    closed = _closed_days(records.periods[contract.id], cutoff)
    disputes = _open_disputes(records.disputes[contract.id], cutoff)
    out, ids, sources, open_ids, excluded = [], [], [], [], []
    for shift in records.shifts[contract.id]:
        if not start <= shift.day <= end:
            continue
        version, source = _choose(shift, cutoff, closed, disputes.get(shift.id, []), records.signed_at)
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


def _choose(shift: ShiftRecord, cutoff, closed, disputes, signed_at) -> tuple[VersionRecord | None, str]:
    if not disputes:
        signed = _co_signed(shift, cutoff, signed_at)
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
