"""Wage arrears (임금체불): a statement unpaid or underpaid after its pay day opens an alert.

The alert (kind ``wage_arrears``, one per statement) shows the amount owed, the days late and
the delay interest (지연이자, 근로기준법 제37조, 시행령 제17조: 20%/year simple, integer won,
truncated). Interest runs from the day after the 14-day final-settlement deadline for money due
on leaving (제36조, severance included), and from 2025-10-23 also for serving workers from the
day after the pay day (제37조① as amended). Severity rises with time; the alert updates as
partial payments come in and resolves itself when paid in full (history kept).
"""

from __future__ import annotations

import logging
from datetime import date, datetime, timedelta
from fractions import Fraction

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.models.alerts import Alert
from app.models.pay import Payment, WageStatement
from app.models.workplaces import Workplace
from app.services import alerts, claims, notifications

log = logging.getLogger("nomusa.jobs")
JOB, KIND = "scan-arrears", "wage_arrears"
INTEREST_RATE = Fraction(20, 100)  # 시행령 제17조
SERVING_INTEREST_FROM = date(2025, 10, 23)  # 제37조① amended: also wages unpaid on the pay day
SEVERITY_STEPS = ((30, "critical"), (14, "high"), (7, "medium"), (0, "low"))
PAGE = 500
BATCH = 100  # statements per transaction: the alert counter row stays locked until it commits


def dedup_key(statement_id: str) -> str:
    return f"{KIND}:{statement_id}"


def severity_for(days_late: int) -> str:
    return next(level for threshold, level in SEVERITY_STEPS if days_late >= threshold)


def counted_payments(statement: WageStatement, day: date) -> list[tuple[date, int]]:
    """Payments made by ``day`` that the worker has not disputed."""
    return sorted((p.paid_on, p.amount) for p in statement.payments
                  if p.paid_on <= day and not (p.confirmation and p.confirmation.status == "disputed"))


def delay_interest(statement: WageStatement, day: date) -> tuple[int, date | None]:
    """Simple 20%/year interest on the balance outstanding each day from the accrual start to ``day``."""
    start = statement.pay_date + timedelta(days=1)
    if not statement.final:
        start = max(start, SERVING_INTEREST_FROM)
    if day < start:
        return 0, None
    balance, total, cursor = statement.net, Fraction(0), start
    for paid_on, amount in counted_payments(statement, day):
        if paid_on >= cursor:
            total += Fraction(max(balance, 0) * (paid_on - cursor).days)
            cursor = paid_on
        balance -= amount
    total += Fraction(max(balance, 0) * ((day - cursor).days + 1))
    return int(total * INTEREST_RATE / 365), start


def assess(statement: WageStatement, day: date) -> dict | None:
    """The alert facts when ``statement`` is late and not fully paid on ``day``, else None."""
    paid = sum(amount for _, amount in counted_payments(statement, day))
    owed = statement.net - paid
    days_late = (day - statement.pay_date).days
    if owed <= 0 or days_late <= 0:
        return None
    interest, since = delay_interest(statement, day)
    article = "근로기준법 제36조·제37조, 퇴직급여법 제9조" if statement.final else "근로기준법 제43조·제37조"
    return {
        "statement_id": statement.id, "period_start": statement.period_start.isoformat(),
        "period_end": statement.period_end.isoformat(), "pay_date": statement.pay_date.isoformat(),
        "amount_due": statement.net, "paid": paid, "amount_owed": owed, "days_late": days_late,
        "severance": statement.severance, "final_settlement": statement.final,
        "delay_interest": interest, "interest_rate": "20%/year",
        "interest_from": since.isoformat() if since else None, "article": article, "as_of": day.isoformat(),
    }


def refresh(statement: WageStatement, day: date, now: datetime) -> str:
    """Open, update or resolve the statement's alert (caller commits): the action taken."""
    facts = assess(statement, day)
    key = dedup_key(statement.id)
    if facts is None:
        if statement.net - sum(a for _, a in counted_payments(statement, day)) <= 0:
            return "resolved" if alerts.resolve(key, now=now, data={"reason": "paid in full"}) else "none"
        return "none"
    workplace = db.session.get(Workplace, statement.workplace_id)
    before = alerts.get(key)
    old = (before.seq, before.severity) if before else None
    alert = alerts.raise_or_update(
        KIND, key, severity=severity_for(facts["days_late"]), now=now, facts=facts,
        evidence={"statement": statement.ledger_index}, workplace_id=statement.workplace_id,
        contract_id=statement.contract_id, worker_id=statement.worker_id,
        district=workplace.district if workplace else None)
    if old is None or old[1] != alert.severity:
        _notify(statement, alert, facts, now)
    return "opened" if old is None else ("updated" if old[0] != alert.seq else "none")


def _notify(statement: WageStatement, alert: Alert, facts: dict, now: datetime) -> None:
    text = (f"{facts['pay_date']} 지급일 임금 {facts['amount_owed']:,}원이 {facts['days_late']}일째 "
            f"미지급입니다 (지연이자 {facts['delay_interest']:,}원).")
    data = {"contract_id": statement.contract_id, "statement_id": statement.id, "alert_id": alert.id}
    for user_id in (statement.worker_id, statement.employer_id):
        notifications.notify(user_id, KIND, "임금 체불 알림", text, now, data=data,
                             dedup_key=f"{alert.dedup_key}:{alert.severity}")


def scan_arrears(day: date, now: datetime, *, progress_every: int = 1000, batch: int = BATCH) -> dict:
    """Every statement past its pay day and not fully paid, then every open arrears alert; in
    batches of ``batch`` statements, each batch one transaction (statements, payments and
    workplaces read in three queries)."""
    counts = {"statements": 0, "opened": 0, "updated": 0, "resolved": 0, "none": 0}
    unpaid = sa.and_(WageStatement.pay_date < day, WageStatement.net > WageStatement.paid)
    open_ids = sa.select(sa.func.substr(Alert.dedup_key, len(KIND) + 2)).where(
        Alert.kind == KIND, Alert.status.in_(("open", "acknowledged")))
    after = ""
    while True:
        q = (sa.select(WageStatement.id).where(sa.or_(unpaid, WageStatement.id.in_(open_ids)),
                                              WageStatement.id > after)
             .order_by(WageStatement.id).limit(PAGE))
        ids = list(db.session.scalars(q))
        db.session.rollback()
        if not ids:
            return counts
        for at in range(0, len(ids), batch):
            part = ids[at:at + batch]
            for action in _batch(part, day, now):
                counts[action] += 1
            before, counts["statements"] = counts["statements"], counts["statements"] + len(part)
            if before // progress_every != counts["statements"] // progress_every:
                log.info("scan-arrears progress", extra={"fields": dict(counts)})
        after = ids[-1]


def _batch(statement_ids: list[str], day: date, now: datetime) -> list[str]:
    """Refresh the alerts of a batch of statements in one transaction: one action per statement."""
    try:
        mine = claims.advisory_locks(JOB, statement_ids)
        q = (sa.select(WageStatement).where(WageStatement.id.in_(mine))
             .options(selectinload(WageStatement.payments).selectinload(Payment.confirmation)))
        statements = {s.id: s for s in db.session.scalars(q)}
        _held = list(db.session.scalars(sa.select(Workplace).where(  # kept alive: refresh() finds them by get()
            Workplace.id.in_({s.workplace_id for s in statements.values()}))))
        actions = [refresh(statements[i], day, now) if i in statements else "none" for i in statement_ids]
        db.session.commit()
    except BaseException:
        db.session.rollback()
        notifications.discard_push()
        raise
    notifications.flush_push()
    db.session.expunge_all()
    return actions
