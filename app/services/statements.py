"""Wage statements (임금명세서): closing pay periods and reading the statements.

``close_pay_periods(day, now)`` streams the contracts (keyset pages, never all in memory) and,
for each pay period that ended before ``day`` and has no statement yet, computes the pay with the
rules (``app.labor.compute_pay``) on the period's hours, stores the statement with every
근로기준법 제48조② item, appends a salted commitment to the ledger (kind "statement") in the
same transaction, notifies both parties and commits. One transaction per statement: a run that
dies part-way resumes on the next run without duplicates (UNIQUE (contract, period) and a
``work_claims`` row) or gaps (every unclosed period before ``day`` is closed).
"""

from __future__ import annotations

import hashlib
import logging
import os
from datetime import date, datetime

import rfc8785
import sqlalchemy as sa

from app.errors import DomainError, NotFound
from app.extensions import db
from app.labor import PayRequest, compute_pay
from app.models.accounts import User
from app.models.contracts import Contract, ContractStatus
from app.models.pay import WageStatement
from app.models.workplaces import Workplace
from app.services import claims, ledger, notifications
from app.services.access import contract_for
from app.services.pay_periods import closed_periods, last_three_months, pay_date, severance
from app.services.statement_document import build_document
from app.services.workplaces import employee_count_on

log = logging.getLogger("nomusa.jobs")
JOB = "close-pay-periods"
PAGE = 200
SCANNED = (ContractStatus.ACTIVE, ContractStatus.TERMINATED)
SKIPPABLE = (DomainError, LookupError, ValueError)


# Seams onto the contracts and hours areas (written by their engineers); tests may replace them.
def version_in_force(contract: Contract, day: date):
    from app.services import contracts

    return contracts.version_in_force(contract, day)


def pay_terms(contract: Contract, day: date):
    from app.services import contracts

    terms = contracts.pay_terms(contract, day)
    if terms is None:
        raise LookupError(f"no co-signed terms in force on {day}")
    return terms


def shifts_for_pay(contract: Contract, start: date, end: date, pay_day: date):
    from app.services import hours

    return hours.shifts_for_pay(contract, start, end, pay_day)


def contract_pages(page: int = PAGE):
    """Yield pages of (contract id, first day, end date, pay period, last closed period end)."""
    last_closed = (sa.select(sa.func.max(WageStatement.period_end)).where(
        WageStatement.contract_id == Contract.id).scalar_subquery())
    after = ""
    while True:
        q = (sa.select(Contract.id, Contract.start_date, Contract.end_date, Contract.pay_period, last_closed)
             .where(Contract.status.in_(SCANNED), Contract.worker_id.is_not(None), Contract.id > after)
             .order_by(Contract.id).limit(page))
        rows = db.session.execute(q).all()
        db.session.rollback()  # end the read transaction: units commit on their own
        if not rows:
            return
        yield rows
        after = rows[-1][0]


def close_pay_periods(day: date, now: datetime, *, progress_every: int = 500) -> dict:
    counts = {"contracts": 0, "statements": 0, "skipped": 0, "errors": 0}
    for page in contract_pages():
        for contract_id, start, end, pay_period, closed_until in page:
            counts["contracts"] += 1
            for p_start, p_end, final in closed_periods(start, end, pay_period, day, closed_until):
                outcome = close_period(contract_id, p_start, p_end, final, now)
                counts[outcome] += 1
            if counts["contracts"] % progress_every == 0:
                log.info("close-pay-periods progress", extra={"fields": dict(counts)})
    return counts


def close_period(contract_id: str, start: date, end: date, final: bool, now: datetime) -> str:
    """Close one period in its own transaction: 'statements', 'skipped' or 'errors'."""
    unit = f"{contract_id}:{start.isoformat()}:{end.isoformat()}"
    try:
        if not claims.claim(JOB, unit, now) or _existing(contract_id, start, end):
            db.session.rollback()
            return "skipped"
        statement = build_statement(db.session.get(Contract, contract_id), start, end, final, now)
        db.session.commit()
    except SKIPPABLE:
        db.session.rollback()
        notifications.discard_push()
        log.exception("statement not closed", extra={"fields": {"unit": unit}})
        return "errors"
    except BaseException:
        db.session.rollback()
        notifications.discard_push()
        raise
    notifications.flush_push()
    log.debug("statement closed", extra={"fields": {"unit": unit, "statement": statement.id}})
    return "statements"


def _existing(contract_id: str, start: date, end: date) -> bool:
    q = sa.select(WageStatement.id).where(WageStatement.contract_id == contract_id,
                                          WageStatement.period_start == start, WageStatement.period_end == end)
    return db.session.execute(q).first() is not None


def build_statement(contract: Contract, start: date, end: date, final: bool, now: datetime) -> WageStatement:
    """Compute, store and commit-to-ledger the statement (in the caller's transaction)."""
    workplace = db.session.get(Workplace, contract.workplace_id)
    worker = db.session.get(User, contract.worker_id)
    version = version_in_force(contract, end)
    terms = pay_terms(contract, end)
    due = pay_date(end, contract.pay_period, getattr(version, "terms", None), final, contract.end_date)
    worked = shifts_for_pay(contract, start, end, due)
    result = compute_pay(PayRequest(lambda d: employee_count_on(workplace, d) or 0, terms, start, end,
                                    tuple(worked.shifts)))
    owed_severance = _severance(contract, terms, end, result.gross) if final else None
    document = build_document(contract, workplace, worker, result, due, worked, owed_severance, final)
    salt = os.urandom(32)
    commitment = hashlib.sha256(salt + rfc8785.dumps(document)).digest()
    (index,) = ledger.append([("statement", commitment)], now)
    statement = WageStatement(
        contract_id=contract.id, workplace_id=contract.workplace_id, worker_id=contract.worker_id,
        employer_id=contract.employer_id, period_start=start, period_end=end, pay_date=due, final=final,
        gross=result.gross, deductions_total=result.deductions.get("total", 0),
        severance=owed_severance["amount"] if owed_severance else 0,
        net=document["total_due"], basis=worked.basis, document=document, salt=salt,
        commitment=commitment, ledger_index=index, created_at=now,
    )
    db.session.add(statement)
    db.session.flush()
    _notify_issued(statement, workplace, now)
    return statement


def _severance(contract: Contract, terms, last_day: date, this_gross: int) -> dict | None:
    window_start, window_end = last_three_months(last_day)
    q = sa.select(WageStatement.period_start, WageStatement.period_end, WageStatement.gross).where(
        WageStatement.contract_id == contract.id, WageStatement.period_end >= window_start)
    wages = this_gross
    for p_start, p_end, gross in db.session.execute(q):
        overlap = (min(p_end, window_end) - max(p_start, window_start)).days + 1
        wages += gross * overlap // ((p_end - p_start).days + 1)
    days = (window_end - window_start).days + 1
    return severance(first_day(contract), last_day, terms.weekly_scheduled_hours, wages, days)


def first_day(contract: Contract) -> date:
    """The first day of employment: the earliest co-signed version's effective date."""
    signed = [v.effective_from for v in contract.versions if v.signed_at is not None]
    return min(signed, default=contract.start_date)


def _notify_issued(statement: WageStatement, workplace: Workplace, now: datetime) -> None:
    period = f"{statement.period_start:%Y-%m-%d}~{statement.period_end:%Y-%m-%d}"
    data = {"contract_id": statement.contract_id, "statement_id": statement.id}
    key = f"statement:{statement.id}"
    notifications.notify(statement.worker_id, "statement_issued", "임금명세서가 발행되었습니다",
                         f"{workplace.name} {period} 지급액 {statement.net:,}원, 지급일 {statement.pay_date}",
                         now, data=data, dedup_key=key)
    notifications.notify(statement.employer_id, "statement_issued", "임금명세서 발행",
                         f"{period} 지급할 금액 {statement.net:,}원, 지급일 {statement.pay_date}",
                         now, data=data, dedup_key=key)


# Reading -------------------------------------------------------------------------------------

def list_for(user: User, contract_id: str) -> list[WageStatement]:
    contract = contract_for(user, contract_id)
    q = sa.select(WageStatement).where(WageStatement.contract_id == contract.id).order_by(
        WageStatement.period_start.desc())
    return list(db.session.scalars(q))


def get_for(user: User, contract_id: str, statement_id: str) -> WageStatement:
    contract = contract_for(user, contract_id)
    statement = db.session.get(WageStatement, statement_id)
    if statement is None or statement.contract_id != contract.id:
        raise NotFound()
    return statement
