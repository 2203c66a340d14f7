"""scan-compliance: missing contracts and insurance reports, minimum wage, 52 h, minors, headcount."""

from __future__ import annotations

from datetime import date

from app import clock
from app.services import compliance


def run(day: date) -> dict:
    return compliance.scan_compliance(day, clock.now())
