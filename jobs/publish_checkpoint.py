"""publish-checkpoint: sign a new ledger checkpoint when the tree has grown (every few seconds)."""

from __future__ import annotations

from datetime import date

from app import clock
from app.services import ledger


def run(_day: date) -> dict:
    text = ledger.publish_checkpoint(clock.now())
    size = int(text.splitlines()[1]) if text else 0
    return {"tree_size": size}
