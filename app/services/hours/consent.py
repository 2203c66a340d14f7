"""위치정보 이용 동의: a worker's location consent, kept as a dated history (grant, withdrawal)."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa

from app.extensions import db
from app.models.accounts import User
from app.models.hours import LocationConsent


def history(user: User) -> list[LocationConsent]:
    q = sa.select(LocationConsent).where(LocationConsent.user_id == user.id).order_by(LocationConsent.changed_at)
    return list(db.session.scalars(q))


def granted(user: User) -> bool:
    rows = history(user)
    return bool(rows) and rows[-1].granted


def set_consent(user: User, granted_: bool, now: datetime) -> dict:
    """Record a grant or a withdrawal (a repeat of the current answer adds nothing)."""
    if granted(user) != granted_ or not history(user):
        db.session.add(LocationConsent(user_id=user.id, granted=granted_, changed_at=now))
        db.session.commit()
    return state(user)


def state(user: User) -> dict:
    rows = history(user)
    grants = [r.changed_at for r in rows if r.granted]
    withdrawals = [r.changed_at for r in rows if not r.granted]
    return {
        "granted": bool(rows) and rows[-1].granted,
        "granted_at": grants[-1] if grants else None,
        "withdrawn_at": withdrawals[-1] if withdrawals and not rows[-1].granted else None,
        "history": [{"granted": r.granted, "at": r.changed_at} for r in rows],
    }
