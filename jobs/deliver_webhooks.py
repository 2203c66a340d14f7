"""deliver-webhooks: fan alert changes out to endpoints and send what is due (every few seconds)."""

from __future__ import annotations

from datetime import date

from app import clock
from app.services import webhooks


def run(_day: date) -> dict:
    return webhooks.deliver(clock.now)
