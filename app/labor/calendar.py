"""Calendar rules: public holidays (관공서 공휴일), 노동절, paid holidays by workplace size, weeks, age.

``public_holidays`` wraps ``holidays.KR`` (>= 0.108 has 노동절 and 제헌절 from 2026, elections and
substitute days). Pure: the year or day is always an argument.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache

import holidays

from app.labor.model import WEEKDAYS
from app.labor.parameters import ParameterNotDefined, value

LABOR_DAY = (5, 1)  # 노동절 (구 근로자의 날), 노동절 제정에 관한 법률


@cache
def public_holidays(year: int) -> dict[date, str]:
    """관공서 공휴일 of ``year`` incl. 대체공휴일, 임시공휴일 and election days (Sundays themselves excluded)."""
    return dict(holidays.KR(years=year, language="ko").items())


def is_labor_day(day: date) -> bool:
    """노동절 (5월 1일): a paid holiday at every workplace size (노동절 제정에 관한 법률)."""
    return (day.month, day.day) == LABOR_DAY


def public_holidays_apply(day: date, workplace_size: int) -> bool:
    """Whether 관공서 공휴일 are paid holidays at this size on ``day`` (제55조②, phased in 2020–2022)."""
    try:
        return workplace_size >= value("public_holidays.min_employees", day)
    except ParameterNotDefined:
        return False


def is_paid_public_holiday(day: date, workplace_size: int) -> bool:
    """A paid holiday other than the weekly 주휴일: 노동절 at every size, others at 5+."""
    if is_labor_day(day):
        return workplace_size >= value("labor_day.min_employees", day)
    return day in public_holidays(day.year) and public_holidays_apply(day, workplace_size)


def holiday_name(day: date) -> str | None:
    if is_labor_day(day):
        return "노동절"
    return public_holidays(day.year).get(day)


def weekday_code(day: date) -> str:
    return WEEKDAYS[day.weekday()]


def week_monday(day: date) -> date:
    """The Monday of ``day``'s week (weeks run Monday–Sunday)."""
    return day - timedelta(days=day.weekday())


def days_between(first: date, last: date) -> list[date]:
    """Every day from ``first`` to ``last`` inclusive."""
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def age_on(birth: date, day: date) -> int:
    """만 나이 on ``day``."""
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def add_months(day: date, months: int) -> date:
    """Same day ``months`` later, clamped to the month's end (e.g. 01-31 + 1 → 02-28)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover
