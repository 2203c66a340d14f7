"""The response shape of ``POST /pay/preview`` (and the wage-statement lines, 제48조②)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any

COMPONENTS = ("base_pay", "overtime_premium", "night_premium", "holiday_premium",
              "weekly_holiday_allowance", "public_holiday_pay")
HOURS_KEYS = ("worked", "overtime", "night", "holiday_within_8", "holiday_over_8",
              "weekly_holiday", "public_holiday_paid")


def number(value: Fraction | int) -> int | float:
    """An int where whole, else a decimal number (2 places) — JSON-friendly, e.g. 3.6."""
    value = Fraction(value)
    if value.denominator == 1:
        return int(value)
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return float(exact.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def hours(minutes: Fraction | int) -> int | float:
    return number(Fraction(minutes) / 60)


def result_to_dict(result: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "period": {"start": result.period_start.isoformat(), "end": result.period_end.isoformat()},
    }
    body.update({name: getattr(result, name) for name in COMPONENTS})
    body["gross"] = result.gross
    body["deductions"] = dict(result.deductions)
    body["net"] = result.net
    body["violations"] = sorted(result.violations)
    body["flags"] = list(result.flags)
    body["hours"] = {key: hours(result.hours[key]) for key in HOURS_KEYS}
    body["lines"] = [
        {"item": line.item, "hours": hours(line.minutes), "rate": number(line.rate),
         "multiplier": number(line.multiplier), "amount": line.amount, "basis": line.basis}
        for line in result.lines
    ]
    if result.arrears_if_paid_at_contract_rate is not None:
        body["arrears_if_paid_at_contract_rate"] = result.arrears_if_paid_at_contract_rate
    return body
