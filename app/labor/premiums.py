"""Amounts per component and rate segment (가산임금, 근로기준법 제56조; 기간제법 제6조③).

Minutes are summed exactly per (component, rate, multiplier) over the period, multiplied by
rate × multiplier / 60 in exact arithmetic and truncated to whole won ONCE per segment (원 미만 절사).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction

from app.labor.classify import DAILY_OT, EXTRA, REGULAR, WEEKLY_OT, Piece
from app.labor.model import Line
from app.labor.parameters import value
from app.labor.render import COMPONENTS, HOURS_KEYS

BASIS = {
    "base_pay": "근로기준법 제43조①",
    DAILY_OT: "근로기준법 제56조①",
    WEEKLY_OT: "근로기준법 제56조①",
    EXTRA: "기간제법 제6조③",
    "night": "근로기준법 제56조③",
    "holiday_within_8": "근로기준법 제56조②1호",
    "holiday_over_8": "근로기준법 제56조②2호",
    "weekly_holiday": "근로기준법 제55조①, 시행령 제30조①",
    "public_holiday": "근로기준법 제55조②, 시행령 제30조②",
    "labor_day": "노동절 제정에 관한 법률",
}


@dataclass
class Ledger:
    """Accumulates exact minutes per rate segment; amounts are truncated once per segment."""

    minutes: dict[tuple[str, Fraction, Fraction], Fraction] = field(default_factory=lambda: defaultdict(Fraction))
    basis: dict[tuple[str, Fraction, Fraction], set[str]] = field(default_factory=lambda: defaultdict(set))
    hours: dict[str, Fraction] = field(default_factory=lambda: dict.fromkeys(HOURS_KEYS, Fraction(0)))

    def add(self, item: str, rate: Fraction, multiplier: Fraction, minutes: Fraction, basis: str) -> None:
        key = (item, rate, Fraction(multiplier))
        self.minutes[key] += minutes
        self.basis[key].add(basis)

    def lines(self) -> tuple[Line, ...]:
        keys = sorted(self.minutes, key=lambda k: (COMPONENTS.index(k[0]), k[2], k[1]))
        return tuple(Line(item, self.minutes[k], rate, mult, _amount(self.minutes[k], rate, mult),
                          "; ".join(sorted(self.basis[k])))
                     for k in keys for item, rate, mult in [k] if self.minutes[k])

    def totals(self) -> dict[str, int]:
        totals = dict.fromkeys(COMPONENTS, 0)
        for line in self.lines():
            totals[line.item] += line.amount
        return totals


def _amount(minutes: Fraction, rate: Fraction, multiplier: Fraction) -> int:
    return math.floor(minutes * rate * multiplier / 60)


def add_worked(ledger: Ledger, pieces: Iterable[Piece], rate_on: Callable[[date], Fraction],
               premiums_apply: Callable[[date], bool]) -> None:
    """Base pay for every minute; premiums only where 제56조 (5+ employees) applies that day."""
    for piece in pieces:
        day, minutes, rate = piece.day, Fraction(piece.minutes), rate_on(piece.day)
        ledger.add("base_pay", rate, Fraction(1), minutes, BASIS["base_pay"])
        ledger.hours["worked"] += minutes
        if not premiums_apply(day):
            continue
        if piece.kind != REGULAR:
            multiplier = value("premium.part_time_extra" if piece.kind == EXTRA else "premium.overtime", day)
            ledger.add("overtime_premium", rate, multiplier, minutes, BASIS[piece.kind])
            ledger.hours["overtime"] += minutes
        if piece.night:
            ledger.add("night_premium", rate, value("premium.night", day), minutes, BASIS["night"])
            ledger.hours["night"] += minutes
        if piece.holiday:
            kind = "holiday_over_8" if piece.holiday_over_8 else "holiday_within_8"
            ledger.add("holiday_premium", rate, value(f"premium.{kind}", day), minutes, BASIS[kind])
            ledger.hours[kind] += minutes
