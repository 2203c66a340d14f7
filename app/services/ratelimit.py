"""Fixed-window rate limits kept in the database, so every worker process and restart agrees."""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from app.errors import TooManyRequests
from app.extensions import db
from app.models.accounts import RateCounter

MAX_KEY = 200  # rate_counters.key is a VARCHAR(200)


def stored_key(key: str) -> str:
    """Keys carry caller-chosen text (an email up to 254 characters): long ones are hashed to fit."""
    if len(key) <= MAX_KEY:
        return key
    return key[:100] + "#" + hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


def _window(row: RateCounter | None, now: datetime, window: timedelta) -> bool:
    return row is not None and row.window_start + window > now


def peek(key: str, limit: int, window_seconds: int, now: datetime) -> int | None:
    """Seconds to wait if ``key`` is already over ``limit`` in its window, else None."""
    key = stored_key(key)
    row = db.session.get(RateCounter, key)
    window = timedelta(seconds=window_seconds)
    if _window(row, now, window) and row.count >= limit:
        return int((row.window_start + window - now).total_seconds()) + 1
    return None


def hit(key: str, now: datetime, window_seconds: int) -> int:
    """Count one event for ``key`` in the caller's transaction; returns the count in the window."""
    key = stored_key(key)
    window = timedelta(seconds=window_seconds)
    for _attempt in range(2):
        row = db.session.execute(
            sa.select(RateCounter).where(RateCounter.key == key).with_for_update()
        ).scalar_one_or_none()
        if row is None:
            try:
                with db.session.begin_nested():
                    db.session.add(RateCounter(key=key, window_start=now, count=1))
                return 1
            except IntegrityError:
                continue  # another process inserted it first; count on its row
        if not _window(row, now, window):
            row.window_start, row.count = now, 0
        row.count += 1
        return row.count
    raise TooManyRequests(1)


def reset(key: str) -> None:
    key = stored_key(key)
    db.session.execute(sa.delete(RateCounter).where(RateCounter.key == key))


def enforce(key: str, limit: int, window_seconds: int, now: datetime) -> None:
    """Count a request and refuse it with 429 + Retry-After once ``limit`` is passed."""
    count = hit(key, now, window_seconds)
    db.session.commit()
    if count > limit:
        retry = peek(key, limit, window_seconds, now) or 1
        raise TooManyRequests(retry)
