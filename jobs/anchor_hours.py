"""anchor-hours: commit each contract's events received yesterday to the ledger (daily, 00:30 Seoul).

Idempotent: a re-run, or a second scheduler, finds the (contract, day) anchors already there.
"""

from __future__ import annotations

from datetime import date, timedelta

from app import clock
from app.services.hours import anchors


def run(day: date) -> dict:
    """``day`` is the day the job runs for (Asia/Seoul); it anchors the day before, which is complete."""
    return anchors.anchor_day(day - timedelta(days=1), clock.now())
