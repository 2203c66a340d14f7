"""Throughput of the pure pay rules (app.labor) on one core: contract-months/s and shifts/s.

Run: python bench/pay_bench.py [--seconds 3]
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.labor import Contract, PayRequest, Shift, compute_pay  # noqa: E402
from app.labor.model import SEOUL  # noqa: E402

WEEKDAYS = frozenset({"MON", "TUE", "WED", "THU", "FRI"})


def month_request(size: int = 10) -> PayRequest:
    """November 2026: 21 weekday shifts 18:00–03:00 (night, overtime on Fridays), 60 min breaks."""
    contract = Contract(hourly_wage=10320, weekly_scheduled_hours=40, scheduled_days=WEEKDAYS,
                        start_date=date(2026, 1, 5), worker_birth_date=date(1990, 1, 1))
    shifts = []
    for offset in range(30):
        day = date(2026, 11, 1) + timedelta(days=offset)
        if day.weekday() < 5:
            start = datetime(day.year, day.month, day.day, 18, tzinfo=SEOUL)
            hours = 10 if day.weekday() == 4 else 9
            shifts.append(Shift(start, start + timedelta(hours=hours), break_minutes=60))
    return PayRequest(size, contract, date(2026, 11, 1), date(2026, 11, 30), tuple(shifts))


def max_request() -> PayRequest:
    """The API's largest input: 500 shifts over 93 days (5–6 short shifts a day)."""
    contract = Contract(hourly_wage=10320, weekly_scheduled_hours=20, scheduled_days=WEEKDAYS,
                        start_date=date(2026, 1, 5), worker_birth_date=date(1990, 1, 1))
    first = datetime(2026, 9, 1, 6, tzinfo=SEOUL)
    shifts = tuple(Shift(first + timedelta(hours=4 * i + 1), first + timedelta(hours=4 * i + 4), 0)
                   for i in range(500))
    return PayRequest(10, contract, date(2026, 9, 1), date(2026, 12, 2), shifts)


def rate(request: PayRequest, seconds: float) -> float:
    compute_pay(request)  # warm the caches (holidays, parameters)
    runs, started = 0, time.perf_counter()
    while (elapsed := time.perf_counter() - started) < seconds:
        compute_pay(request)
        runs += 1
    return runs / elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=3.0)
    args = parser.parse_args()
    month = month_request()
    per_month = rate(month, args.seconds)
    big = max_request()
    per_big = rate(big, args.seconds)
    print(f"contract-months/s: {per_month:,.0f}  ({len(month.shifts)} shifts each → {per_month * len(month.shifts):,.0f} shifts/s)")
    print(f"500-shift requests/s: {per_big:,.1f}  ({per_big * 500:,.0f} shifts/s)")


if __name__ == "__main__":
    main()
