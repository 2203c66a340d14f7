"""Claiming units of scheduled work so several scheduler processes never do one unit twice.

``claim(job, unit, now)`` runs inside the unit's transaction:

- on PostgreSQL it first takes ``pg_try_advisory_xact_lock`` on the unit, so a second scheduler
  working at the same moment skips the unit at once instead of waiting;
- on both backends it inserts a ``work_claims`` row (primary key (job, unit)) in a savepoint. The
  row commits with the unit's result, so it marks the unit done; a unit whose transaction died
  has no row and is redone on the next run (SQLite serializes writers with BEGIN IMMEDIATE).

``claimable(job, units)`` and ``mark_claimed(job, units, now)`` do the same for a batch of units
in one transaction (one lock query, one lookup, one insert).

``durable=False`` only takes the advisory lock (for idempotent scans that run daily over the
same units and rely on UNIQUE keys of their results).
"""

from __future__ import annotations

import hashlib
import socket
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.models.claims import WorkClaim

HOST = socket.gethostname()[:120]


def _lock_key(job: str, unit: str) -> int:
    digest = hashlib.sha256(f"{job}\x00{unit}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


def advisory_lock(job: str, unit: str) -> bool:
    """Try the transaction-scoped PostgreSQL advisory lock (always True on SQLite)."""
    conn = db.session.connection()
    if conn.dialect.name != "postgresql":
        return True
    return bool(conn.execute(sa.select(sa.func.pg_try_advisory_xact_lock(_lock_key(job, unit)))).scalar())


def claim(job: str, unit: str, now: datetime, *, durable: bool = True) -> bool:
    """True when this transaction owns ``unit`` of ``job``; False when another has or had it."""
    if not advisory_lock(job, unit):
        return False
    if not durable:
        return True
    if db.session.get(WorkClaim, (job, unit)) is not None:
        return False
    try:
        with db.session.begin_nested():
            db.session.add(WorkClaim(job=job, unit=unit, host=HOST, claimed_at=now))
    except IntegrityError:
        return False
    return True


def advisory_locks(job: str, units: list[str]) -> set[str]:
    """The units whose transaction-scoped advisory lock this transaction holds or just took
    (one query; all of them on SQLite, where the write lock serializes)."""
    conn = db.session.connection()
    if conn.dialect.name != "postgresql":
        return set(units)
    keys = {_lock_key(job, u): u for u in units}
    q = sa.text("SELECT k FROM unnest(CAST(:keys AS bigint[])) AS k WHERE pg_try_advisory_xact_lock(k)")
    return {keys[k] for k in conn.execute(q, {"keys": list(keys)}).scalars()}


def claimable(job: str, units: list[str]) -> set[str]:
    """The units of ``units`` this transaction may do: advisory-locked here (PostgreSQL) and not
    claimed before. Mark the ones done with :func:`mark_claimed` in the same transaction."""
    if not units:
        return set()
    locked = advisory_locks(job, units)
    done = set(db.session.scalars(sa.select(WorkClaim.unit).where(WorkClaim.job == job, WorkClaim.unit.in_(locked))))
    return locked - done


def mark_claimed(job: str, units: list[str], now: datetime) -> None:
    """Claim rows for ``units`` (from :func:`claimable`), committed with their results."""
    if units:
        db.session.execute(sa.insert(WorkClaim), [{"job": job, "unit": u, "host": HOST, "claimed_at": now}
                                                  for u in units])
