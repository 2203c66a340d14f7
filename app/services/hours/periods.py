"""Period close (마감): both sides sign a week's or pay period's totals; the period is then locked."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa

from app.errors import Conflict, ValidationFailed
from app.extensions import db
from app.models.accounts import User
from app.models.contracts import Contract
from app.models.hours import HoursPeriod, ShiftStatus
from app.services.access import contract_for, party_of
from app.services.hours import common, shifts


def close_body(contract: Contract, start: date, end: date) -> dict:
    """Purpose "period-close": every shift's record hash and minutes, and the total."""
    chosen = shifts.in_range(contract, start, end)
    if any(s.status == ShiftStatus.OPEN for s in chosen):
        raise Conflict("A shift of this period is still open: clock out or correct it first.")
    if any(s.status == ShiftStatus.DISPUTED for s in chosen):
        raise Conflict("A shift of this period is disputed: resolve the dispute or sign a dispute instead.")
    rows = [{"shift_id": s.id, "version_hash": shifts.version_hash(v), "worked_minutes": shifts.worked_minutes(v)}
            for s in chosen for v in [shifts.current(s)]]
    return {"contract_id": contract.id, "period": {"start": start.isoformat(), "end": end.isoformat()},
            "shifts": rows, "total_worked_minutes": sum(r["worked_minutes"] for r in rows)}


def sign_close(user: User, contract_id: str, data: dict, now: datetime) -> HoursPeriod:
    """One side's signature over the period's totals; with both, the period closes."""
    contract = contract_for(user, contract_id)
    start, end = data["start"], data["end"]
    if end < start or (end - start).days > 31:
        raise ValidationFailed(errors={"end": ["A period is at most 31 days and ends after it starts."]})
    party = party_of(user, contract)
    period = db.session.scalar(sa.select(HoursPeriod).where(
        HoursPeriod.contract_id == contract.id, HoursPeriod.start == start, HoursPeriod.end == end))
    body = close_body(contract, start, end)
    if period is not None and period.closed_at is not None:
        raise Conflict("This period is already closed.")
    if period is not None and period.body != body:  # the hours changed: earlier signatures no longer count
        period.body, period.worker_signature_id, period.employer_signature_id = body, None, None
    if period is None:
        overlapping = db.session.scalar(sa.select(HoursPeriod.id).where(
            HoursPeriod.contract_id == contract.id, HoursPeriod.start <= end, HoursPeriod.end >= start))
        if overlapping:
            raise Conflict("This period overlaps another period being closed.")
        period = HoursPeriod(contract_id=contract.id, start=start, end=end, body=body, created_at=now)
        db.session.add(period)
    field = f"{party}_signature_id"
    if getattr(period, field):
        raise Conflict("You already signed this period.")
    sig = common.signed(contract, user, party, "period-close", body, data, now)
    db.session.flush()
    setattr(period, field, sig.id)
    if period.worker_signature_id and period.employer_signature_id:
        period.closed_at = now
    db.session.commit()
    return period


def list_periods(user: User, contract_id: str) -> list[HoursPeriod]:
    contract = contract_for(user, contract_id)
    q = sa.select(HoursPeriod).where(HoursPeriod.contract_id == contract.id).order_by(HoursPeriod.start)
    return list(db.session.scalars(q))
