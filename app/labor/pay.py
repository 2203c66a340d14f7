"""``compute_pay``: one pay period of one contract, from shifts to a wage statement (임금명세서)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from fractions import Fraction

from app.labor.calendar import is_paid_public_holiday, weekday_code
from app.labor.classify import Piece, WorkUnit, classify, work_units
from app.labor.deductions import insurance_deductions
from app.labor.model import PayRequest, PayResult
from app.labor.parameters import value
from app.labor.premiums import Ledger, add_worked
from app.labor.violations import find_violations, under_minimum_age
from app.labor.wages import below_minimum, probation_allowed, rate_owed
from app.labor.weekly_holiday import PaidDay, public_holiday_days, weekly_holidays


def premiums_apply(request: PayRequest) -> Callable[[date], bool]:
    """제56조 and 기간제법 apply only at 5+ regular employees on that day (제11조②, 기간제법 제3조①)."""
    return lambda day: request.size_on(day) >= value("hours.premium_min_employees", day)


def paid_holiday(request: PayRequest) -> Callable[[date], bool]:
    """Paid public holiday for this worker: none under 15 h/week (제18조③)."""
    contract = request.contract

    def check(day: date) -> bool:
        if contract.weekly_scheduled_hours < value("weekly_holiday.min_weekly_hours", day):
            return False
        return is_paid_public_holiday(day, request.size_on(day))

    return check


def holiday_work(request: PayRequest, paid: Callable[[date], bool]) -> Callable[[date], bool]:
    """휴일 for 제56조②: the 주휴일 and paid public holidays (none for 초단시간근로자)."""
    contract = request.contract

    def check(day: date) -> bool:
        if contract.weekly_scheduled_hours < value("weekly_holiday.min_weekly_hours", day):
            return False
        return weekday_code(day) == contract.weekly_holiday or paid(day)

    return check


def _ledger(request: PayRequest, pieces: list[Piece], paid_days: list[PaidDay],
            rate_on: Callable[[date], Fraction]) -> Ledger:
    ledger = Ledger()
    add_worked(ledger, pieces, rate_on, premiums_apply(request))
    for paid_day in paid_days:
        ledger.add(paid_day.item, rate_on(paid_day.day), Fraction(1), paid_day.minutes, paid_day.basis)
        key = "weekly_holiday" if paid_day.item == "weekly_holiday_allowance" else "public_holiday_paid"
        ledger.hours[key] += paid_day.minutes
    return ledger


def _flags(request: PayRequest, units: list[WorkUnit], pieces: list[Piece], paid: Callable[[date], bool]) -> set[str]:
    contract, flags = request.contract, set()
    if contract.weekly_scheduled_hours < value("weekly_holiday.min_weekly_hours", request.period_end):
        flags.add("under_15")
    if contract.probation and not probation_allowed(contract):
        flags.add("probation_not_allowed")
    if contract.weekly_holiday in contract.scheduled_days and "under_15" not in flags:
        flags.add("weekly_holiday_on_scheduled_day")
    if under_minimum_age(contract, {p.day for p in pieces}):
        flags.add("worker_under_15")
    if any(u.break_minutes > sum(int((e - s).total_seconds() // 60) for s, e in u.breaks) for u in units) and \
            any(p.night or p.holiday for p in pieces):
        flags.add("break_position_assumed")
    if any(paid(p.day) and weekday_code(p.day) not in contract.scheduled_days for p in pieces):
        flags.add("holiday_work_on_unscheduled_day")
    return flags


def compute_pay(request: PayRequest) -> PayResult:
    """Pay owed for the period (integer won), hours breakdown, violations, flags and deductions."""
    if request.period_end < request.period_start:
        raise ValueError("period ends before it starts")
    contract, paid = request.contract, paid_holiday(request)
    units = work_units(request.shifts)
    pieces = classify(units, contract, holiday_work(request, paid))
    attended = {p.day for p in pieces} | {p.workday for p in pieces}
    weekly, flags = weekly_holidays(request, attended, paid)
    paid_days = weekly + public_holiday_days(request, paid)
    ledger = _ledger(request, pieces, paid_days, lambda day: rate_owed(contract, day))
    totals = ledger.totals()
    violations = find_violations(units, pieces, contract, request.size_on, [d.day for d in paid_days],
                                 lambda day: below_minimum(contract, day))
    arrears = None
    if "minimum_wage" in violations:
        at_contract = _ledger(request, pieces, paid_days, lambda day: contract.hourly_wage).totals()
        arrears = sum(totals.values()) - sum(at_contract.values())
    deductions = insurance_deductions(sum(totals.values()), contract, request.period_start, request.period_end)
    return PayResult(
        **totals, violations=frozenset(violations), hours=dict(ledger.hours), lines=ledger.lines(),
        deductions=deductions, flags=tuple(sorted(flags | _flags(request, units, pieces, paid))),
        arrears_if_paid_at_contract_rate=arrears, period_start=request.period_start,
        period_end=request.period_end,
    )
