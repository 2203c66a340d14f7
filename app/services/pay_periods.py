"""Pay periods, pay dates and severance (퇴직급여) of a contract: small date arithmetic, no I/O."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from fractions import Fraction

from app.labor.calendar import add_months

DEFAULT_PAY_DAY = 10  # of the following month, when the terms name none
FINAL_SETTLEMENT_DAYS = 14  # 근로기준법 제36조, 퇴직급여법 제9조
SEVERANCE_MIN_WEEKLY_HOURS = 15  # 퇴직급여법 제4조①
SEVERANCE_DAYS_PER_YEAR = 30  # 퇴직급여법 제8조①


def period_containing(day: date, pay_period: str) -> tuple[date, date]:
    """Calendar month (monthly) or Monday–Sunday week (weekly) holding ``day``."""
    if pay_period == "weekly":
        monday = day - timedelta(days=day.weekday())
        return monday, monday + timedelta(days=6)
    first = day.replace(day=1)
    return first, add_months(first, 1) - timedelta(days=1)


def closed_periods(start: date, end: date | None, pay_period: str, before: date,
                   after: date | None = None) -> Iterator[tuple[date, date, bool]]:
    """(period_start, period_end, final) of every pay period of an employment from ``start`` to
    ``end`` that ended before ``before`` (and after ``after``), clipped to the employment; the
    last one of a terminated employment ends on its last day and is ``final``."""
    day = start if after is None else max(start, after + timedelta(days=1))
    while True:
        p_start, p_end = period_containing(day, pay_period)
        p_start = max(p_start, start)
        final = end is not None and end <= p_end
        if final:
            p_end = end
        if p_end >= before:
            return
        yield p_start, p_end, final
        if final:
            return
        day = p_end + timedelta(days=1)


def pay_day_of(terms: dict | None) -> int | str:
    raw = (terms or {}).get("pay_day", DEFAULT_PAY_DAY)
    if isinstance(raw, dict):
        raw = raw.get("day", DEFAULT_PAY_DAY)
    return raw


def pay_date(period_end: date, pay_period: str, terms: dict | None, final: bool,
             employment_end: date | None) -> date:
    """임금지급일: the contract's pay day in the month after a monthly period (clamped to the
    month's end), the weekday named for weekly pay (default Friday after the week); a final
    settlement is due no later than 14 days after leaving (제36조)."""
    raw = pay_day_of(terms)
    if pay_period == "weekly":
        codes = ("MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN")
        weekday = codes.index(raw.upper()) if isinstance(raw, str) and raw.upper() in codes else 4
        due = period_end + timedelta(days=(weekday - period_end.weekday()) % 7 or 7)
    else:
        month = add_months(period_end.replace(day=1), 1)
        month_end = add_months(month, 1) - timedelta(days=1)
        day = month_end.day if raw == "last" else int(raw) if str(raw).isdigit() else DEFAULT_PAY_DAY
        due = month.replace(day=max(1, min(day, month_end.day)))
    if final and employment_end is not None:
        due = min(due, employment_end + timedelta(days=FINAL_SETTLEMENT_DAYS))
    return due


def severance(first_day: date, last_day: date, weekly_hours: Fraction,
              wages_last_3_months: int, days_last_3_months: int) -> dict | None:
    """퇴직급여 (퇴직급여법 제4조①·제8조①): for 1+ year of service at 15+ h/week, 30 days of
    average wage (근로기준법 제2조①6호: last 3 months' pay ÷ their calendar days) per year of
    service, prorated by days; truncated to the won. None when not owed."""
    if last_day < add_months(first_day, 12) - timedelta(days=1) or weekly_hours < SEVERANCE_MIN_WEEKLY_HOURS:
        return None
    if days_last_3_months <= 0:
        return None
    average_daily = Fraction(wages_last_3_months, days_last_3_months)
    service_days = (last_day - first_day).days + 1
    amount = int(average_daily * SEVERANCE_DAYS_PER_YEAR * service_days / 365)
    return {
        "amount": amount,
        "average_daily_wage": int(average_daily),
        "service_days": service_days,
        "method": (f"평균임금 {int(average_daily):,}원 × 30일 × 재직일수 {service_days}일 ÷ 365 "
                   "(퇴직급여법 제8조①, 근로기준법 제2조①6호)"),
    }


def last_three_months(last_day: date) -> tuple[date, date]:
    return add_months(last_day + timedelta(days=1), -3), last_day
