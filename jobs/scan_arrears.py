"""scan-arrears: open, update or resolve wage_arrears alerts for statements past their pay day."""

from __future__ import annotations

from datetime import date

from app import clock
from app.services import arrears


def run(day: date) -> dict:
    return arrears.scan_arrears(day, clock.now())
