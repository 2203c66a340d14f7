"""Wage statements (임금명세서): closing pay periods and reading the statements.

``close_pay_periods(day, now)`` streams the contracts (keyset pages, never all in memory) and,
for each pay period that ended before ``day`` and has no statement yet, computes the pay with the
rules (``app.labor.compute_pay``) on the period's hours, stores the statement with every
근로기준법 제48조② item, appends a salted commitment to the ledger (kind "statement") and
notifies both parties.

Work goes by batches of up to ``PAGE`` periods: the contracts with their signed versions,
workplaces, workers and the period's hours are read in a handful of queries, and the batch's
statements, claims, notifications and ledger entries (ONE group append) commit in one
transaction. A run that dies part-way resumes on the next run without duplicates (UNIQUE
(contract, period) and a ``work_claims`` row per period, committed with its statement) or gaps
(every unclosed period before ``day`` is closed). A period whose rules fail is logged and left
for the next run; the rest of its batch commits.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import os
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date, datetime

import rfc8785
import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from app.errors import DomainError, NotFound
from app.extensions import db
from app.labor import PayRequest, compute_pay
from app.models.accounts import User
from app.models.base import new_id
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
_batch_hours: ContextVar = ContextVar("nomusa_batch_hours", default=None)


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
    """The period's hours, from the batch's preloaded records when there are some."""
    from app.services import hours

    return hours.shifts_for_pay(contract, start, end, pay_day, records=_batch_hours.get())


def hours_for_pay(contract_ids: list[str], start: date, end: date):
    from app.services import hours

    return hours.load_for_pay(contract_ids, start, end)


@dataclass(frozen=True)
class Unit:
    """One pay period of one contract to close."""

    contract_id: str
    start: date
    end: date
    final: bool

    @property
    def key(self) -> str:
        return f"{self.contract_id}:{self.start.isoformat()}:{self.end.isoformat()}"


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
        db.session.rollback()  # end the read transaction: batches commit on their own
        if not rows:
            return
        yield rows
        after = rows[-1][0]


def due_units(day: date, page: list, batch: int = PAGE) -> Iterator[list[Unit]]:
    """The page's unclosed periods ending before ``day``, in batches of at most ``batch``."""
    units: list[Unit] = []
    for contract_id, start, end, pay_period, closed_until in page:
        for p_start, p_end, final in closed_periods(start, end, pay_period, day, closed_until):
            units.append(Unit(contract_id, p_start, p_end, final))
            if len(units) == batch:
                yield units
                units = []
    if units:
        yield units


def close_pay_periods(day: date, now: datetime, *, progress_every: int = 500, page: int = PAGE) -> dict:
    counts = {"contracts": 0, "statements": 0, "skipped": 0, "errors": 0}
    for rows in contract_pages(page):
        for units in due_units(day, rows, page):
            for outcome in close_batch(units, now):
                counts[outcome] += 1
        before, counts["contracts"] = counts["contracts"], counts["contracts"] + len(rows)
        if before // progress_every != counts["contracts"] // progress_every:
            log.info("close-pay-periods progress", extra={"fields": dict(counts)})
    return counts


def close_batch(units: list[Unit], now: datetime) -> list[str]:
    """Close a batch of periods in one transaction: per unit 'statements', 'skipped' or 'errors'.

    An unexpected exception (not a rule failure) still commits the statements built before it,
    then propagates: they are complete, and the next run resumes after them."""
    outcomes = {u.key: "skipped" for u in units}
    built: list[WageStatement] = []
    try:
        free = claims.claimable(JOB, [u.key for u in units])
        mine = _not_closed([u for u in units if u.key in free])
        contracts, _held = _load_contracts({u.contract_id for u in mine})
        failure = None
        token = _batch_hours.set(_preload_hours(mine))
        try:
            for unit in mine:
                try:
                    built.append(build_statement(contracts[unit.contract_id], unit.start, unit.end, unit.final, now))
                    outcomes[unit.key] = "statements"
                except SKIPPABLE:
                    outcomes[unit.key] = "errors"
                    log.exception("statement not closed", extra={"fields": {"unit": unit.key}})
        except BaseException as exc:  # noqa: BLE001 - stored below, then re-raised
            failure = exc
        finally:
            _batch_hours.reset(token)
        _store(built, now)
        db.session.commit()
    except BaseException:
        db.session.rollback()
        notifications.discard_push()
        raise
    notifications.flush_push()
    db.session.expunge_all()  # the batch's rows are committed: keep memory flat across batches
    if failure is not None:
        raise failure
    return list(outcomes.values())


def _not_closed(units: list[Unit]) -> list[Unit]:
    """Units without a stored statement (one query for the batch)."""
    if not units:
        return []
    q = sa.select(WageStatement.contract_id, WageStatement.period_start, WageStatement.period_end).where(
        WageStatement.contract_id.in_({u.contract_id for u in units}),
        WageStatement.period_end >= min(u.start for u in units))
    done = {tuple(row) for row in db.session.execute(q)}
    return [u for u in units if (u.contract_id, u.start, u.end) not in done]


def _load_contracts(ids: set[str]) -> tuple[dict[str, Contract], list]:
    """The contracts with their versions, workplaces (with headcounts) and workers, in four queries;
    the second value holds the workplaces and workers for the batch, so ``session.get`` finds them
    in the identity map."""
    if not ids:
        return {}, []
    q = sa.select(Contract).where(Contract.id.in_(ids)).options(selectinload(Contract.versions))
    contracts = {c.id: c for c in db.session.scalars(q)}
    wq = sa.select(Workplace).where(Workplace.id.in_({c.workplace_id for c in contracts.values()})).options(
        selectinload(Workplace.employee_counts))
    workplaces = list(db.session.scalars(wq))
    workers = list(db.session.scalars(sa.select(User).where(User.id.in_(
        {c.worker_id for c in contracts.values() if c.worker_id}))))
    return contracts, workplaces + workers


def _preload_hours(units: list[Unit]):
    if not units:
        return None
    return hours_for_pay([u.contract_id for u in units], min(u.start for u in units), max(u.end for u in units))


def _store(built: list[WageStatement], now: datetime) -> None:
    """Append the batch's commitments (one group append), then insert statements, claims, notices."""
    if not built:
        return
    indices = ledger.append([("statement", s.commitment) for s in built], now)
    for statement, index in zip(built, indices, strict=True):
        statement.ledger_index = index
    columns = [c.key for c in WageStatement.__table__.columns]
    db.session.execute(sa.insert(WageStatement), [{k: getattr(s, k) for k in columns} for s in built])
    claims.mark_claimed(JOB, [f"{s.contract_id}:{s.period_start.isoformat()}:{s.period_end.isoformat()}"
                              for s in built], now)
    notifications.notify_many([row for s in built for row in _issued_notices(s, db.session.get(Workplace, s.workplace_id))],
                              now)
    db.session.flush()


def build_statement(contract: Contract, start: date, end: date, final: bool, now: datetime) -> WageStatement:
    """Compute the statement and its salted commitment (not stored yet: see ``_store``)."""
    workplace = db.session.get(Workplace, contract.workplace_id)
    worker = db.session.get(User, contract.worker_id)
    version = version_in_force(contract, end)
    terms = pay_terms(contract, end)
    due = pay_date(end, contract.pay_period, getattr(version, "terms", None), final, contract.end_date)
    worked = shifts_for_pay(contract, start, end, due)
    headcount = functools.cache(lambda d: employee_count_on(workplace, d) or 0)  # asked ~100× per month
    result = compute_pay(PayRequest(headcount, terms, start, end, tuple(worked.shifts)))
    owed_severance = _severance(contract, terms, end, result.gross) if final else None
    document = build_document(contract, workplace, worker, result, due, worked, owed_severance, final)
    salt = os.urandom(32)
    commitment = hashlib.sha256(salt + rfc8785.dumps(document)).digest()
    statement = WageStatement(
        id=new_id(), contract_id=contract.id, workplace_id=contract.workplace_id, worker_id=contract.worker_id,
        employer_id=contract.employer_id, period_start=start, period_end=end, pay_date=due, final=final,
        gross=result.gross, deductions_total=result.deductions.get("total", 0),
        severance=owed_severance["amount"] if owed_severance else 0, paid=0,
        net=document["total_due"], basis=worked.basis, document=document, salt=salt,
        commitment=commitment, created_at=now,
    )
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


def _issued_notices(statement: WageStatement, workplace: Workplace) -> list[dict]:
    """The 'statement issued' notice to the worker and to the employer."""
    period = f"{statement.period_start:%Y-%m-%d}~{statement.period_end:%Y-%m-%d}"
    data = {"contract_id": statement.contract_id, "statement_id": statement.id}
    key = f"statement:{statement.id}"
    return [
        {"user_id": statement.worker_id, "kind": "statement_issued", "title": "임금명세서가 발행되었습니다",
         "body": f"{workplace.name} {period} 지급액 {statement.net:,}원, 지급일 {statement.pay_date}",
         "data": data, "dedup_key": key},
        {"user_id": statement.employer_id, "kind": "statement_issued", "title": "임금명세서 발행",
         "body": f"{period} 지급할 금액 {statement.net:,}원, 지급일 {statement.pay_date}",
         "data": data, "dedup_key": key},
    ]


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
