"""Paid days off: 주휴수당 (근로기준법 제55조①, 시행령 제30조①) and public-holiday pay (제55조②).

주휴: contracted ≥ 15 h/week (제18조③); every scheduled day of the week attended, paid holidays
excluded from the days judged; employment covering the whole Monday–Sunday week (MOEL
임금근로시간과-1736, 2021-08-04 — owed even without a following week). Hours =
min(weekly, 40) / 40 × 8 ([별표 2]) at the rate in force on the 주휴일 itself (project choice §14.5).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction

from app.labor.calendar import days_between, is_labor_day, week_monday, weekday_code
from app.labor.model import WEEKDAYS, PayRequest
from app.labor.parameters import value


@dataclass(frozen=True, slots=True)
class PaidDay:
    """A paid day off in the period: ``item`` is weekly_holiday_allowance or public_holiday_pay."""

    day: date
    item: str
    minutes: Fraction
    basis: str


def weekly_holiday_hours(weekly_hours: Fraction | int, day: date) -> Fraction:
    """주휴시간 = min(weekly, 40) / 40 × 8, or 0 under 15 h (초단시간근로자)."""
    weekly = Fraction(weekly_hours)
    if weekly < value("weekly_holiday.min_weekly_hours", day):
        return Fraction(0)
    full = Fraction(value("hours.weekly_limit", day))
    return min(weekly, full) / full * value("weekly_holiday.max_hours", day)


def public_holiday_hours(weekly_hours: Fraction | int, day: date) -> Fraction:
    """1일 소정근로시간 for a paid public holiday: weekly ÷ 5, at most 8 ([별표 2]; §14.6)."""
    weekly = Fraction(weekly_hours)
    if weekly < value("weekly_holiday.min_weekly_hours", day):
        return Fraction(0)
    return min(weekly / value("weekly_holiday.days_per_week", day), Fraction(value("weekly_holiday.max_hours", day)))


def weekly_holidays(request: PayRequest, attended: set[date],
                    paid_holiday: Callable[[date], bool]) -> tuple[list[PaidDay], set[str]]:
    """주휴 days earned in the period, and review flags (partial weeks, weeks outside the period)."""
    contract, flags, earned = request.contract, set(), []
    offset = WEEKDAYS.index(contract.weekly_holiday)
    monday = week_monday(request.period_start)
    while monday <= request.period_end:
        rest_day, sunday = monday + timedelta(days=offset), monday + timedelta(days=6)
        hours = weekly_holiday_hours(contract.weekly_scheduled_hours, rest_day)
        week, monday = days_between(monday, sunday), monday + timedelta(days=7)
        if not request.period_start <= rest_day <= request.period_end or not hours:
            continue
        if not (contract.employed_on(week[0]) and contract.employed_on(sunday)):
            if any(contract.employed_on(d) for d in week):
                flags.add("partial_week_no_weekly_holiday")
            continue
        scheduled = [d for d in week if weekday_code(d) in contract.scheduled_days
                     and d != rest_day and not paid_holiday(d)]
        judged = [d for d in scheduled if request.period_start <= d <= request.period_end]
        if len(judged) < len(scheduled):
            flags.add("week_outside_period")
        if all(d in attended for d in judged):
            basis = "근로기준법 제55조①, 시행령 제30조①"
            earned.append(PaidDay(rest_day, "weekly_holiday_allowance", hours * 60, basis))
    return earned, flags


def public_holiday_days(request: PayRequest, paid_holiday: Callable[[date], bool]) -> list[PaidDay]:
    """Paid public holidays on scheduled days, worked or not (제55조②; 노동절 at every size)."""
    contract, earned = request.contract, []
    for day in days_between(request.period_start, request.period_end):
        code = weekday_code(day)
        if code not in contract.scheduled_days or code == contract.weekly_holiday:
            continue
        if not contract.employed_on(day) or not paid_holiday(day):
            continue
        hours = public_holiday_hours(contract.weekly_scheduled_hours, day)
        if hours:
            basis = "노동절 제정에 관한 법률" if is_labor_day(day) else "근로기준법 제55조②, 시행령 제30조②"
            earned.append(PaidDay(day, "public_holiday_pay", hours * 60, basis))
    return earned
