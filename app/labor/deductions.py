"""Employee-side social insurance (4대보험 근로자 부담분) as an ESTIMATE on a monthly basis.

Method: the period's gross is scaled to a month (an exact calendar month counts as one month,
otherwise days / (365/12)); each premium is computed on that monthly figure with the rates in force
on the period's last day, truncated below ₩10 (10원 미만 절사), then scaled back to the period.
Pension uses the 기준소득월액 (thousands truncated, clamped to the July–June floor and cap).
Coverage: monthly contracted hours (weekly × 365/7/12) of 60 h or more for pension, health and
employment; employment also after 3 months of continuous employment; pension below age 60;
employment not for a worker hired at 65 or over. 산재 is employer-only.
"""

from __future__ import annotations

import math
from calendar import monthrange
from datetime import date
from fractions import Fraction

from app.labor.calendar import add_months, age_on
from app.labor.model import Contract
from app.labor.parameters import value

KEYS = ("national_pension", "health", "long_term_care", "employment")
WEEKS_PER_MONTH = Fraction(365, 7 * 12)


def _trunc10(amount: Fraction) -> int:
    return math.floor(amount / 10) * 10


def months_in_period(start: date, end: date) -> Fraction:
    if start.day == 1 and end == date(start.year, start.month, monthrange(start.year, start.month)[1]):
        return Fraction(1)
    return Fraction((end - start).days + 1) / Fraction(365, 12)


def monthly_contract_hours(weekly_hours: Fraction) -> Fraction:
    return Fraction(weekly_hours) * WEEKS_PER_MONTH


def insurance_deductions(gross: int, contract: Contract, start: date, end: date) -> dict[str, int]:
    """Estimated employee premiums for the period; ``total`` sums them."""
    factor = months_in_period(start, end)
    monthly = Fraction(gross) / factor
    covered = monthly_contract_hours(contract.weekly_scheduled_hours) >= value("insurance.min_monthly_hours", end)
    age = age_on(contract.worker_birth_date, end) if contract.worker_birth_date else 30
    premiums = dict.fromkeys(KEYS, 0)
    if covered and age < 60:
        base = math.floor(monthly / 1000) * 1000
        base = min(max(base, value("pension.base_floor", end)), value("pension.base_cap", end))
        premiums["national_pension"] = _trunc10(base * value("pension.employee_rate", end))
    if covered:
        premiums["health"] = _trunc10(monthly * value("health.employee_rate", end))
        premiums["long_term_care"] = _trunc10(premiums["health"] * value("long_term_care.share_of_health", end))
    long_service = end >= add_months(contract.start_date, int(value("employment.covered_after_months", end)))
    hired_at_65 = contract.worker_birth_date is not None and age_on(contract.worker_birth_date, contract.start_date) >= 65
    if (covered or long_service) and not hired_at_65:
        premiums["employment"] = _trunc10(monthly * value("employment.employee_rate", end))
    result = {k: (v if factor == 1 else _trunc10(v * factor)) for k, v in premiums.items()} if gross else dict.fromkeys(KEYS, 0)
    result["total"] = sum(result.values())
    return result
