"""The one place the service reads the wall clock; rules and ledger get the day as an argument."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

SEOUL = ZoneInfo("Asia/Seoul")


def now() -> datetime:
    return datetime.now(UTC)


def today_seoul() -> date:
    return datetime.now(SEOUL).date()
