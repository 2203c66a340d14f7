"""Frozen inputs and outputs of the pay rules (요청·결과). Amounts are int won; rates are Fraction."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from fractions import Fraction
from typing import Any

from app.labor.render import result_to_dict

# Korea has kept UTC+09:00 without daylight saving since 1988, so a fixed offset is exact here.
SEOUL = timezone(timedelta(hours=9), "Asia/Seoul")
WEEKDAYS = ("MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN")

WorkplaceSize = int | Callable[[date], int] | Sequence[tuple[date, int]]


@dataclass(frozen=True, slots=True)
class Break:
    """A break (휴게) with its position; removed from the night/holiday windows it falls in."""

    start: datetime
    end: datetime


@dataclass(frozen=True, slots=True)
class Shift:
    """One worked shift. ``break_minutes`` is the total break; ``breaks`` optionally positions it."""

    start: datetime
    end: datetime
    break_minutes: int = 0
    breaks: tuple[Break, ...] = ()
    break_waiver_requested: bool = False


@dataclass(frozen=True, slots=True)
class Contract:
    """근로계약 terms that matter for pay. ``scheduled_days`` are codes MON..SUN."""

    hourly_wage: Fraction
    weekly_scheduled_hours: Fraction
    scheduled_days: frozenset[str]
    start_date: date
    worker_birth_date: date | None = None
    daily_scheduled_hours: Mapping[str, Fraction] | None = None
    end_date: date | None = None
    minor_extension_agreement: bool = False
    night_holiday_authorization: bool = False
    weekly_holiday: str = "SUN"
    probation: bool = False
    simple_labor: bool = False
    break_waiver_requested: bool = False

    def scheduled_minutes(self, weekday: str) -> int:
        """소정근로시간 of that weekday in minutes (0 on an unscheduled day)."""
        if weekday not in self.scheduled_days:
            return 0
        if self.daily_scheduled_hours and weekday in self.daily_scheduled_hours:
            return int(self.daily_scheduled_hours[weekday] * 60)
        return int(self.weekly_scheduled_hours * 60 / len(self.scheduled_days))

    def employed_on(self, day: date) -> bool:
        return self.start_date <= day and (self.end_date is None or day <= self.end_date)


@dataclass(frozen=True, slots=True)
class PayRequest:
    """A pay computation for one period (inclusive dates) of one contract."""

    workplace_size: WorkplaceSize
    contract: Contract
    period_start: date
    period_end: date
    shifts: tuple[Shift, ...] = ()

    def size_on(self, day: date) -> int:
        """상시 근로자 수 on ``day`` (an int, a function of the day, or a dated list)."""
        size = self.workplace_size
        if isinstance(size, int):
            return size
        if callable(size):
            return int(size(day))
        known = [count for since, count in sorted(size) if since <= day]
        if not known:
            raise ValueError(f"workplace size unknown on {day}")
        return known[-1]

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> PayRequest:
        """Build from the ``POST /pay/preview`` JSON shape (strings or parsed values)."""
        c = data["contract"]
        daily = c.get("daily_scheduled_hours")
        contract = Contract(
            hourly_wage=_fraction(c["hourly_wage"]),
            weekly_scheduled_hours=_fraction(c["weekly_scheduled_hours"]),
            scheduled_days=frozenset(d.upper() for d in c["scheduled_days"]),
            start_date=_date(c["start_date"]),
            worker_birth_date=_date(c["worker_birth_date"]) if c.get("worker_birth_date") else None,
            daily_scheduled_hours={k.upper(): _fraction(v) for k, v in daily.items()} if daily else None,
            end_date=_date(c["end_date"]) if c.get("end_date") else None,
            minor_extension_agreement=bool(c.get("minor_extension_agreement", False)),
            night_holiday_authorization=bool(c.get("night_holiday_authorization", False)),
            weekly_holiday=str(c.get("weekly_holiday") or "SUN").upper(),
            probation=bool(c.get("probation", False)),
            simple_labor=bool(c.get("simple_labor", False)),
            break_waiver_requested=bool(c.get("break_waiver_requested", False)),
        )
        shifts = tuple(_shift(s) for s in data.get("shifts", ()))
        period = data["period"]
        return cls(data["workplace_size"], contract, _date(period["start"]), _date(period["end"]), shifts)


def _fraction(raw: Any) -> Fraction:
    if isinstance(raw, float):
        raw = Decimal(str(raw))
    return Fraction(raw)


def _date(raw: Any) -> date:
    if isinstance(raw, datetime):
        return raw.date()
    return raw if isinstance(raw, date) else date.fromisoformat(raw)


def to_seoul(raw: Any) -> datetime:
    """Aware datetime in Asia/Seoul; naive values and strings without offset are Seoul wall time."""
    moment = raw if isinstance(raw, datetime) else datetime.fromisoformat(raw)
    if moment.tzinfo is None:
        return moment.replace(tzinfo=SEOUL)
    return moment.astimezone(SEOUL)


def _shift(raw: Mapping[str, Any]) -> Shift:
    breaks = tuple(Break(to_seoul(b["start"]), to_seoul(b["end"])) for b in raw.get("breaks") or ())
    return Shift(
        start=to_seoul(raw["start"]),
        end=to_seoul(raw["end"]),
        break_minutes=int(raw.get("break_minutes") or 0),
        breaks=breaks,
        break_waiver_requested=bool(raw.get("break_waiver_requested", False)),
    )


@dataclass(frozen=True, slots=True)
class Line:
    """One wage-statement line (임금명세서, 근로기준법 제48조②): how the amount was computed."""

    item: str
    minutes: int
    rate: Fraction
    multiplier: Fraction
    amount: int
    basis: str


@dataclass(frozen=True, slots=True)
class PayResult:
    base_pay: int
    overtime_premium: int
    night_premium: int
    holiday_premium: int
    weekly_holiday_allowance: int
    public_holiday_pay: int
    violations: frozenset[str]
    hours: Mapping[str, int]  # minutes per category (to_dict shows hours)
    lines: tuple[Line, ...]
    deductions: Mapping[str, int]
    flags: tuple[str, ...] = ()
    arrears_if_paid_at_contract_rate: int | None = None
    period_start: date | None = None
    period_end: date | None = None
    extra: Mapping[str, Any] = field(default_factory=dict)

    @property
    def gross(self) -> int:
        return (self.base_pay + self.overtime_premium + self.night_premium + self.holiday_premium
                + self.weekly_holiday_allowance + self.public_holiday_pay)

    @property
    def net(self) -> int:
        return self.gross - self.deductions.get("total", 0)

    def to_dict(self) -> dict[str, Any]:
        return result_to_dict(self)
