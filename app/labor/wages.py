"""Hourly rates: minimum wage (최저임금법), probation (수습 감액) and the rate owed on a day."""

from __future__ import annotations

from datetime import date, timedelta
from fractions import Fraction

from app.labor.calendar import add_months
from app.labor.model import Contract
from app.labor.parameters import value


def minimum_wage(day: date) -> int:
    """최저임금 시간급 in force on ``day`` (최저임금법 제8조·제10조; raises before 2023)."""
    return int(value("minimum_wage.hourly", day))


def probation_allowed(contract: Contract) -> bool:
    """수습 감액 is lawful only for a contract of 1 year or more, not 단순노무 (제5조②, 시행령 제3조)."""
    if not contract.probation or contract.simple_labor:
        return False
    if contract.end_date is None:
        return True
    months = int(value("minimum_wage.probation_min_contract_months", contract.start_date))
    return contract.end_date >= add_months(contract.start_date, months) - timedelta(days=1)


def in_probation(contract: Contract, day: date) -> bool:
    """Whether ``day`` is within the first 3 months of a lawful probation."""
    if not probation_allowed(contract):
        return False
    months = int(value("minimum_wage.probation_months", day))
    return day < add_months(contract.start_date, months)


def minimum_rate(contract: Contract, day: date) -> Fraction:
    """The lowest lawful hourly rate for this contract on ``day`` (90% during a lawful probation)."""
    floor = Fraction(minimum_wage(day))
    if in_probation(contract, day):
        floor *= Fraction(value("minimum_wage.probation_share", day))
    return floor


def rate_owed(contract: Contract, day: date) -> Fraction:
    """통상시급 owed on ``day``: the contract rate, or the minimum where the contract is below it
    (최저임금법 제6조③: the lower term is void and the minimum is deemed agreed)."""
    return max(contract.hourly_wage, minimum_rate(contract, day))


def below_minimum(contract: Contract, day: date) -> bool:
    """Compare rates, never rounded totals."""
    return contract.hourly_wage < minimum_rate(contract, day)
