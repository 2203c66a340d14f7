"""Classification of worked time (근로시간의 분류) into pieces: night, holiday, overtime, extra hours.

A *work unit* is a run of touching shifts (one continuous stretch of work); it belongs to the date it
starts for the daily 8 h limit (MOEL: a shift crossing midnight is one workday). Each unit is cut at
midnight, 06:00, 22:00 and at positioned breaks into *pieces* of constant (day, night, holiday).
Unpositioned ``break_minutes`` are then removed from non-premium pieces first (project choice, §13).
Overtime, extra hours and holiday-over-8 h are marked on the chronologically last minutes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta

from app.labor.calendar import age_on, week_monday, weekday_code
from app.labor.model import SEOUL, Contract, Shift
from app.labor.parameters import value

REGULAR, DAILY_OT, WEEKLY_OT, EXTRA = "regular", "daily_overtime", "weekly_overtime", "part_time_extra"
MINUTE = timedelta(minutes=1)


@dataclass(frozen=True, slots=True)
class WorkUnit:
    start: datetime
    end: datetime
    break_minutes: int
    breaks: tuple[tuple[datetime, datetime], ...]
    waiver: bool

    @property
    def worked_minutes(self) -> int:
        return _minutes(self.end - self.start) - self.break_minutes


@dataclass(frozen=True, slots=True)
class Piece:
    start: datetime
    minutes: int
    workday: date
    night: bool
    holiday: bool
    kind: str = REGULAR
    holiday_over_8: bool = False

    @property
    def day(self) -> date:
        return self.start.date()


def _minutes(delta: timedelta) -> int:
    return int(delta.total_seconds() // 60)


def shift_break_minutes(shift: Shift) -> int:
    positioned = sum(_minutes(b.end - b.start) for b in shift.breaks)
    return max(shift.break_minutes, positioned)


def work_units(shifts: Iterable[Shift]) -> list[WorkUnit]:
    """Sort shifts, reject overlaps, and merge touching shifts into continuous work units."""
    units: list[WorkUnit] = []
    for shift in sorted(shifts, key=lambda s: (s.start, s.end)):
        if shift.end <= shift.start:
            raise ValueError(f"shift ending {shift.end} does not end after it starts")
        breaks = tuple((b.start, b.end) for b in shift.breaks)
        unit = WorkUnit(shift.start, shift.end, shift_break_minutes(shift), breaks, shift.break_waiver_requested)
        if units and shift.start < units[-1].end:
            raise ValueError(f"shift starting {shift.start} overlaps the previous shift")
        if units and shift.start == units[-1].end:
            last = units.pop()
            unit = WorkUnit(last.start, shift.end, last.break_minutes + unit.break_minutes,
                            last.breaks + breaks, last.waiver or unit.waiver)
        units.append(unit)
    return units


def _cut_points(unit: WorkUnit) -> list[datetime]:
    points = {unit.start, unit.end}
    day = unit.start.astimezone(SEOUL).date()
    while (midnight := datetime.combine(day, time(), SEOUL)) < unit.end:
        hours = (0, value("hours.night_end", day), value("hours.night_start", day))
        points.update(t for h in hours if unit.start < (t := midnight + timedelta(hours=int(h))) < unit.end)
        day += timedelta(days=1)
    for b_start, b_end in unit.breaks:
        points.update(t for t in (b_start, b_end) if unit.start < t < unit.end)
    return sorted(points)


def _is_night(moment: datetime) -> bool:
    day = moment.date()
    return moment.hour >= value("hours.night_start", day) or moment.hour < value("hours.night_end", day)


def cut_unit(unit: WorkUnit, is_holiday: Callable[[date], bool]) -> list[Piece]:
    """Pieces of one work unit, positioned breaks removed, unpositioned breaks deducted."""
    points = _cut_points(unit)
    workday = unit.start.astimezone(SEOUL).date()
    pieces, positioned = [], 0
    for a, b in zip(points, points[1:], strict=False):
        a = a.astimezone(SEOUL)
        if any(bs <= a and b <= be for bs, be in unit.breaks):
            positioned += _minutes(b - a)
            continue
        pieces.append(Piece(a, _minutes(b - a), workday, _is_night(a), is_holiday(a.date())))
    return _deduct_unpositioned(pieces, unit.break_minutes - positioned)


def _deduct_unpositioned(pieces: list[Piece], remaining: int) -> list[Piece]:
    """Take the unpositioned break from non-premium pieces first (assumed outside premium windows)."""
    if remaining <= 0:
        return pieces
    result = list(pieces)
    for index in sorted(range(len(result)), key=lambda i: (result[i].holiday, result[i].night, i)):
        piece = result[index]
        take = min(remaining, piece.minutes)
        result[index] = replace(piece, start=piece.start + take * MINUTE, minutes=piece.minutes - take)
        remaining -= take
        if remaining == 0:
            break
    if remaining:
        raise ValueError("break longer than the shift")
    return [p for p in result if p.minutes > 0]


def _mark_beyond(pieces: list[Piece], limit: int, counts: Callable[[Piece], bool],
                 target: Callable[[Piece], bool], mark: Callable[[Piece], Piece]) -> list[Piece]:
    """Walk chronologically, counting ``counts`` pieces; mark ``target`` minutes beyond ``limit``."""
    out, total = [], 0
    for piece in pieces:
        if not counts(piece):
            out.append(piece)
            continue
        within = max(0, min(piece.minutes, limit - total))
        total += piece.minutes
        if within == piece.minutes or not target(piece):
            out.append(piece)
        elif within == 0:
            out.append(mark(piece))
        else:
            out.append(replace(piece, minutes=within))
            out.append(mark(replace(piece, start=piece.start + within * MINUTE, minutes=piece.minutes - within)))
    return out


def _by_group(pieces: list[Piece], key: Callable[[Piece], object],
              apply: Callable[[object, list[Piece]], list[Piece]]) -> list[Piece]:
    groups: dict[object, list[Piece]] = {}
    for piece in pieces:
        groups.setdefault(key(piece), []).append(piece)
    marked = [p for k, group in groups.items() for p in apply(k, group)]
    return sorted(marked, key=lambda p: p.start)


def is_minor(contract: Contract, day: date) -> bool:
    """연소자 (under 18, 만 나이) on ``day``."""
    birth = contract.worker_birth_date
    return birth is not None and age_on(birth, day) < value("minors.adult_age", day)


def daily_limit_minutes(contract: Contract, day: date) -> int:
    name = "minors.daily_limit" if is_minor(contract, day) else "hours.daily_limit"
    return int(value(name, day)) * 60


def weekly_limit_minutes(contract: Contract, day: date) -> int:
    name = "minors.weekly_limit" if is_minor(contract, day) else "hours.weekly_limit"
    return int(value(name, day)) * 60


def _regular_non_holiday(piece: Piece) -> bool:
    return piece.kind == REGULAR and not piece.holiday


def mark_overtime(pieces: list[Piece], contract: Contract) -> list[Piece]:
    """연장근로 (제50조·제69조): beyond 8 h (7 h) per workday, then beyond 40 h (35 h) per week,
    counting non-holiday minutes only for the week (holiday work earns only 제56조②)."""
    pieces = _by_group(pieces, lambda p: p.workday, lambda day, g: _mark_beyond(
        g, daily_limit_minutes(contract, day), lambda p: True, _regular_non_holiday,
        lambda p: replace(p, kind=DAILY_OT)))
    return _by_group(pieces, lambda p: week_monday(p.day), lambda monday, g: _mark_beyond(
        g, weekly_limit_minutes(contract, monday), _regular_non_holiday, _regular_non_holiday,
        lambda p: replace(p, kind=WEEKLY_OT)))


def is_part_timer(contract: Contract, day: date) -> bool:
    """단시간근로자: contracted below the full-time 40 h week (§14.8: no comparable worker needed)."""
    return contract.weekly_scheduled_hours < value("part_time.full_time_weekly_hours", day)


def mark_part_time_extra(pieces: list[Piece], contract: Contract) -> list[Piece]:
    """초과근로 (기간제법 제6조): minutes beyond that day's 소정근로시간, or on an unscheduled day,
    not already overtime or holiday work."""
    return _by_group(pieces, lambda p: p.workday, lambda day, g: _mark_beyond(
        g, contract.scheduled_minutes(weekday_code(day)), lambda p: True,
        lambda p: _regular_non_holiday(p) and is_part_timer(contract, day),
        lambda p: replace(p, kind=EXTRA)))


def mark_holiday_over_8(pieces: list[Piece]) -> list[Piece]:
    """휴일근로 beyond 8 h of the calendar day (제56조②2호)."""
    return _by_group(pieces, lambda p: p.day, lambda day, g: _mark_beyond(
        g, int(value("premium.holiday_daily_hours", day)) * 60, lambda p: p.holiday,
        lambda p: p.holiday, lambda p: replace(p, holiday_over_8=True)))


def classify(units: list[WorkUnit], contract: Contract, is_holiday: Callable[[date], bool]) -> list[Piece]:
    pieces = [piece for unit in units for piece in cut_unit(unit, is_holiday)]
    pieces = mark_overtime(pieces, contract)
    pieces = mark_part_time_extra(pieces, contract)
    return mark_holiday_over_8(pieces)
