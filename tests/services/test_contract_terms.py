"""Contract terms → the pure rules' Contract, hourly equivalents for the minimum-wage check."""

from datetime import date
from fractions import Fraction

import pytest

from app.errors import LegalViolation
from app.services import contract_terms
from app.services.contracts import TERM_DEFAULTS


def terms(wage, schedule=None, **extra):
    week = [
        {"day": d, "start": "09:00", "end": "18:00", "break_minutes": 60}
        for d in ("MON", "TUE", "WED", "THU", "FRI")
    ]
    return {
        **TERM_DEFAULTS,
        "start_date": "2026-03-02",
        "job_description": "x",
        "pay_day": "10",
        "schedule": schedule or week,
        "wage": wage,
        **extra,
    }


def test_monthly_wage_is_divided_by_paid_monthly_hours():
    # 40 h + 8 h 주휴 = 48 h a week × 365/7/12 weeks ≈ 208.57 h (고용노동부 rounds to 209)
    t = terms({"type": "monthly", "amount": 2_156_880})
    assert contract_terms.hourly_equivalent(t, date(2026, 3, 2)) == Fraction(2_156_880) / (
        48 * Fraction(365, 84)
    )
    assert [w["code"] for w in contract_terms.review(t)] == ["minimum_wage_rise"]  # open-ended: 2027 rise
    with pytest.raises(LegalViolation) as exc:
        contract_terms.review(terms({"type": "monthly", "amount": 2_100_000}))
    assert "최저임금법 제6조" in exc.value.errors["wage.amount"][0]


def test_daily_wage_uses_the_longest_day():
    schedule = [
        {"day": "MON", "start": "09:00", "end": "13:30", "break_minutes": 30},
        {"day": "SAT", "start": "10:00", "end": "19:00", "break_minutes": 60},
    ]
    t = terms({"type": "daily", "amount": 82_560}, schedule)
    assert contract_terms.hourly_equivalent(t, date(2026, 3, 2)) == 10_320


def test_to_labor_contract_and_overnight_shift():
    schedule = [{"day": "SAT", "start": "20:00", "end": "02:00", "break_minutes": 30}]
    c = contract_terms.to_labor_contract(
        terms(
            {"type": "hourly", "amount": 11_000},
            schedule,
            end_date="2026-12-31",
            worker_birth_date="2000-01-01",
            probation=True,
        )
    )
    assert c.hourly_wage == 11_000 and c.weekly_scheduled_hours == Fraction(11, 2)
    assert c.scheduled_days == {"SAT"} and c.daily_scheduled_hours == {"SAT": Fraction(11, 2)}
    assert c.end_date == date(2026, 12, 31) and c.worker_birth_date == date(2000, 1, 1) and c.probation
