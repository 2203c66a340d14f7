"""Violations (위반) found in the worked time. Vocabulary: minimum_wage, break, weekly_52h,
minor_hours, minor_night, no_contract. Review items that are not violations go to flags."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import date

from app.labor.calendar import age_on, week_monday
from app.labor.classify import Piece, WorkUnit, is_minor
from app.labor.model import SEOUL, Contract
from app.labor.parameters import value

MINIMUM_WAGE, BREAK, WEEKLY_52H = "minimum_wage", "break", "weekly_52h"
MINOR_HOURS, MINOR_NIGHT, NO_CONTRACT = "minor_hours", "minor_night", "no_contract"


def required_break_minutes(work_minutes: int, day: date, waiver: bool = False) -> int:
    """휴게 required by 제54조①: 30 min from 4 h of work, 1 h from 8 h. From 2026-12-10 exactly
    4 h of work needs none when the worker explicitly asked (제54조① 단서, 법률 제21784호)."""
    if work_minutes >= value("breaks.long_work_minutes", day):
        return int(value("breaks.long_break_minutes", day))
    short = int(value("breaks.short_work_minutes", day))
    if work_minutes < short:
        return 0
    if waiver and work_minutes == short and value("breaks.four_hour_waiver", day):
        return 0
    return int(value("breaks.short_break_minutes", day))


def break_violation(units: Iterable[WorkUnit], contract: Contract) -> bool:
    for unit in units:
        day = unit.start.astimezone(SEOUL).date()
        waiver = unit.waiver or contract.break_waiver_requested
        if unit.break_minutes < required_break_minutes(unit.worked_minutes, day, waiver):
            return True
    return False


def _totals(pieces: Iterable[Piece], key: Callable[[Piece], date]) -> dict[date, int]:
    totals: dict[date, int] = defaultdict(int)
    for piece in pieces:
        totals[key(piece)] += piece.minutes
    return totals


def weekly_cap_exceeded(pieces: list[Piece], size_on: Callable[[date], int]) -> bool:
    """제53조①: at most 52 h in any 7-day week, holiday work included (5+ workplaces)."""
    for monday, minutes in _totals(pieces, lambda p: week_monday(p.day)).items():
        if size_on(monday) >= value("hours.premium_min_employees", monday) and \
                minutes > int(value("hours.weekly_cap", monday)) * 60:
            return True
    return False


def minor_hours_exceeded(pieces: list[Piece], contract: Contract) -> bool:
    """제69조: 7 h a day / 35 h a week for ages 15–17, +1 h / +5 h with the parties' agreement."""
    agreed = contract.minor_extension_agreement
    for day, minutes in _totals(pieces, lambda p: p.workday).items():
        limit = value("minors.daily_limit", day) + (value("minors.extension_daily", day) if agreed else 0)
        if is_minor(contract, day) and minutes > limit * 60:
            return True
    for monday, minutes in _totals(pieces, lambda p: week_monday(p.day)).items():
        limit = value("minors.weekly_limit", monday) + (value("minors.extension_weekly", monday) if agreed else 0)
        if is_minor(contract, monday) and minutes > limit * 60:
            return True
    return False


def minor_night_or_holiday(pieces: list[Piece], contract: Contract) -> bool:
    """제70조②③: night (22–06) or holiday work by a minor needs consent and the Minister's 인가."""
    if contract.night_holiday_authorization:
        return False
    return any((p.night or p.holiday) and is_minor(contract, p.day) for p in pieces)


def find_violations(units: list[WorkUnit], pieces: list[Piece], contract: Contract,
                    size_on: Callable[[date], int], paid_days: Iterable[date],
                    below_minimum: Callable[[date], bool]) -> set[str]:
    found = set()
    days = {p.day for p in pieces} | set(paid_days)
    if any(below_minimum(d) for d in days):
        found.add(MINIMUM_WAGE)
    if break_violation(units, contract):
        found.add(BREAK)
    if weekly_cap_exceeded(pieces, size_on):
        found.add(WEEKLY_52H)
    if minor_hours_exceeded(pieces, contract):
        found.add(MINOR_HOURS)
    if minor_night_or_holiday(pieces, contract):
        found.add(MINOR_NIGHT)
    if any(not contract.employed_on(d) for d in {p.workday for p in pieces} | {p.day for p in pieces}):
        found.add(NO_CONTRACT)
    return found


def under_minimum_age(contract: Contract, days: Iterable[date]) -> bool:
    """제64조①: employing a child under 15 is banned (flagged: needs a 취직인허증 check)."""
    birth = contract.worker_birth_date
    return birth is not None and any(age_on(birth, d) < value("minors.min_age", d) for d in days)
