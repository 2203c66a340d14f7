"""scan-compliance: each finding its own alert kind, raised once (UNIQUE dedup key).

- ``missing_contract``: hours logged without a co-signed contract after a grace period
  (근로기준법 제17조, 기간제법 제17조);
- ``missing_insurance``: an enrollment report missing after its deadline (고용·산재·국민연금: the
  15th of the month after hire; 건강: 14 days), for workers who must be covered (§9);
- ``minimum_wage_below``: an active contract whose hourly wage is below the minimum in force
  (checked from each 1 January; one alert per contract and year; 최저임금법 제6조);
- ``weekly_52h`` (5+ workplaces, 제53조) and ``minor_hours`` (제69조·제70조) in the week that ended;
- ``headcount_mismatch``: a workplace declaring under 5 regular employees while nomusa sees 5 or
  more active contracts there (one alert per declaration).
"""

from __future__ import annotations

import logging
from datetime import date, datetime, timedelta
from fractions import Fraction

import sqlalchemy as sa

from app.errors import DomainError
from app.extensions import db
from app.labor import PayRequest, compute_pay, minimum_rate
from app.labor.calendar import add_months
from app.models.contracts import Contract, ContractStatus
from app.models.insurance import InsuranceReport
from app.models.workplaces import Workplace
from app.services import alerts, claims, notifications, statements
from app.services.workplaces import declaration_on, employee_count_on

log = logging.getLogger("nomusa.jobs")
JOB = "scan-compliance"
PAGE = 200
GRACE_DAYS = 3
MIN_MONTHLY_HOURS = 60  # 국민연금·건강보험 시행령: under 60 h a month is excluded
EMPLOYMENT_MIN_WEEKLY = 15  # 고용보험법 시행령 제3조①
SIZE_THRESHOLD = 5
SKIPPABLE = (DomainError, LookupError, ValueError)


def monthly_hours(weekly: Fraction) -> Fraction:
    return Fraction(weekly) * 365 / 7 / 12


def insurance_deadlines(first_day: date, weekly: Fraction) -> dict[str, date]:
    """The enrollment reports owed for this worker and their deadlines (§9, 자격취득신고)."""
    next_15th = add_months(first_day.replace(day=1), 1).replace(day=15)
    owed = {"industrial_accident": next_15th}  # 산재: every worker from day one
    if weekly >= EMPLOYMENT_MIN_WEEKLY:
        owed["employment"] = next_15th
    if monthly_hours(weekly) >= MIN_MONTHLY_HOURS:
        owed["pension"] = next_15th
        owed["health"] = first_day + timedelta(days=14)
    return owed


def _raise(kind: str, key: str, contract: Contract | None, workplace: Workplace, severity: str,
           facts: dict, now: datetime, evidence: dict | None = None) -> str:
    before = alerts.get(key)
    alert = alerts.raise_or_update(
        kind, key, severity=severity, now=now, facts=facts, evidence=evidence,
        workplace_id=workplace.id, contract_id=contract.id if contract else None,
        worker_id=contract.worker_id if contract else None, district=workplace.district)
    if before is None:
        data = {"alert_id": alert.id, "kind": kind}
        for user_id in {workplace.employer_id, contract.worker_id if contract else None} - {None}:
            notifications.notify(user_id, kind, "노동법 준수 알림", facts.get("summary", kind), now,
                                 data=data, dedup_key=key)
        return "raised"
    return "none"


def check_contract(contract: Contract, day: date, now: datetime) -> list[str]:
    workplace = db.session.get(Workplace, contract.workplace_id)
    if contract.status == ContractStatus.DRAFT:
        return [_missing_contract(contract, workplace, day, now)]
    out = [_missing_insurance(contract, workplace, day, now), _minimum_wage(contract, workplace, day, now)]
    return out + _week(contract, workplace, day, now)


def _missing_contract(contract, workplace, day, now) -> str:
    until = day - timedelta(days=GRACE_DAYS)
    if until < contract.start_date:
        return "none"
    worked = statements.shifts_for_pay(contract, contract.start_date, until, day)
    if not worked.shifts:
        return "none"
    facts = {"first_shift": min(s.start for s in worked.shifts).isoformat(), "grace_days": GRACE_DAYS,
             "article": "근로기준법 제17조, 기간제법 제17조",
             "summary": "서명된 근로계약서 없이 근무가 기록되었습니다."}
    return _raise("missing_contract", f"missing_contract:{contract.id}", contract, workplace, "high", facts, now)


def _missing_insurance(contract, workplace, day, now) -> str:
    terms = statements.pay_terms(contract, day)
    first = statements.first_day(contract)
    reports = {r.insurance: r.reported_on for r in db.session.scalars(
        sa.select(InsuranceReport).where(InsuranceReport.contract_id == contract.id))}
    result = "none"
    for insurance, deadline in insurance_deadlines(first, terms.weekly_scheduled_hours).items():
        reported = reports.get(insurance)
        if day <= deadline or (reported is not None and reported <= deadline):
            continue
        facts = {"insurance": insurance, "hired_on": first.isoformat(), "deadline": deadline.isoformat(),
                 "reported_on": reported.isoformat() if reported else None, "audience": ["insurer", "center"],
                 "article": "고용보험법 제15조, 국민건강보험법 제8조, 국민연금법 제21조",
                 "summary": f"{insurance} 자격취득신고 기한({deadline}) 경과"}
        key = f"missing_insurance:{contract.id}:{insurance}"
        result = _raise("missing_insurance", key, contract, workplace, "medium", facts, now)
    return result


def _minimum_wage(contract, workplace, day, now) -> str:
    terms = statements.pay_terms(contract, day)
    floor = minimum_rate(terms, day)
    if terms.hourly_wage >= floor:
        return "none"
    facts = {"hourly_wage": int(terms.hourly_wage), "minimum": int(floor), "year": day.year,
             "article": "최저임금법 제6조", "summary": f"계약 시급이 {day.year}년 최저임금({int(floor):,}원)보다 낮습니다."}
    key = f"minimum_wage_below:{contract.id}:{day.year}"
    return _raise("minimum_wage_below", key, contract, workplace, "high", facts, now)


def _week(contract, workplace, day, now) -> list[str]:
    """weekly_52h and minor_hours in the Monday–Sunday week that ended before ``day``."""
    sunday = day - timedelta(days=day.weekday() + 1)
    monday = sunday - timedelta(days=6)
    if sunday < contract.start_date:
        return []
    terms = statements.pay_terms(contract, sunday)
    worked = statements.shifts_for_pay(contract, monday, sunday, day)
    if not worked.shifts:
        return []
    result = compute_pay(PayRequest(lambda d: employee_count_on(workplace, d) or 0, terms, monday, sunday,
                                    tuple(worked.shifts)))
    out = []
    hours = result.to_dict()["hours"]["worked"]
    for kind, violations, article in (("weekly_52h", {"weekly_52h"}, "근로기준법 제53조①"),
                                      ("minor_hours", {"minor_hours", "minor_night"}, "근로기준법 제69조·제70조")):
        found = sorted(violations & result.violations)
        if found:
            facts = {"week": monday.isoformat(), "hours_worked": hours, "violations": found, "article": article,
                     "summary": f"{monday} 주 근로시간 위반 ({', '.join(found)})"}
            severity = "critical" if kind == "minor_hours" else "high"
            out.append(_raise(kind, f"{kind}:{contract.id}:{monday}", contract, workplace, severity, facts, now))
    return out


def check_workplace(workplace: Workplace, day: date, now: datetime) -> str:
    declared = declaration_on(workplace, day)
    if declared is None or declared.count >= SIZE_THRESHOLD:
        return "none"
    seen = db.session.scalar(sa.select(sa.func.count()).select_from(Contract).where(
        Contract.workplace_id == workplace.id, Contract.status == ContractStatus.ACTIVE))
    if seen < SIZE_THRESHOLD:
        return "none"
    facts = {"declared": declared.count, "declared_since": declared.since.isoformat(), "active_contracts": seen,
             "article": "근로기준법 제11조, 시행령 제7조의2",
             "summary": f"신고 상시근로자수 {declared.count}명, 활성 계약 {seen}건"}
    key = f"headcount_mismatch:{workplace.id}:{declared.id}"
    return _raise("headcount_mismatch", key, None, workplace, "medium", facts, now)


def _unit(unit: str, check, day: date, now: datetime) -> list[str]:
    try:
        if not claims.claim(JOB, f"{unit}:{day}", now, durable=False):
            db.session.rollback()
            return ["skipped"]
        out = check()
        db.session.commit()
    except SKIPPABLE:
        db.session.rollback()
        notifications.discard_push()
        log.exception("compliance check failed", extra={"fields": {"unit": unit}})
        return ["errors"]
    except BaseException:
        db.session.rollback()
        notifications.discard_push()
        raise
    notifications.flush_push()
    return out


def _pages(model, where):
    after = ""
    while True:
        ids = list(db.session.scalars(sa.select(model.id).where(where, model.id > after).order_by(model.id).limit(PAGE)))
        db.session.rollback()
        if not ids:
            return
        yield from ids
        after = ids[-1]


def scan_compliance(day: date, now: datetime, *, progress_every: int = 1000) -> dict:
    counts = {"contracts": 0, "workplaces": 0, "raised": 0, "none": 0, "skipped": 0, "errors": 0}
    scanned = Contract.status.in_((ContractStatus.ACTIVE, ContractStatus.DRAFT))
    for cid in _pages(Contract, scanned):
        for outcome in _unit(cid, lambda cid=cid: check_contract(db.session.get(Contract, cid), day, now), day, now):
            counts[outcome] += 1
        counts["contracts"] += 1
        if counts["contracts"] % progress_every == 0:
            log.info("scan-compliance progress", extra={"fields": dict(counts)})
    for wid in _pages(Workplace, sa.true()):
        for outcome in _unit(wid, lambda wid=wid: [check_workplace(db.session.get(Workplace, wid), day, now)], day, now):
            counts[outcome] += 1
        counts["workplaces"] += 1
    return counts


def report_insurance(contract: Contract, insurance: str, reported_on: date, user_id: str, now: datetime) -> InsuranceReport:
    """Record (or correct) an employer's enrollment report; resolves a matching open alert."""
    row = db.session.scalars(sa.select(InsuranceReport).where(
        InsuranceReport.contract_id == contract.id, InsuranceReport.insurance == insurance)).first()
    if row is None:
        row = InsuranceReport(contract_id=contract.id, insurance=insurance, reported_on=reported_on,
                              recorded_by=user_id, recorded_at=now)
        db.session.add(row)
    row.reported_on, row.recorded_by, row.recorded_at = reported_on, user_id, now
    alerts.resolve(f"missing_insurance:{contract.id}:{insurance}", now=now, actor=user_id,
                   data={"reported_on": reported_on.isoformat()})
    db.session.commit()
    return row
