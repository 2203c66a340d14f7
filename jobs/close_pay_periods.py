"""close-pay-periods: a wage statement (임금명세서) for every pay period that ended before the day."""

from __future__ import annotations

from datetime import date

from app import clock
from app.services import statements


def run(day: date) -> dict:
    return statements.close_pay_periods(day, clock.now())
