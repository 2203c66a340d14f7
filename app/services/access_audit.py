"""Access audit (열람 기록): center and insurer reads of personal data, and the worker's view of them.

개인정보 보호법 제35조 gives the worker the right to know who processed their data: every read
by a ``center`` or ``insurer`` user of an alert naming a worker, its evidence or a contract's
content is logged here with the alert that justified it. Rows are added in the reading request's
transaction (the caller commits) and never edited.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

import sqlalchemy as sa

from app.extensions import db
from app.models.accounts import User
from app.models.alerts import Alert
from app.models.audit import AccessLog

AUDITED_ROLES = ("center", "insurer")


def record(user: User, resource: str, alerts: Iterable[Alert], now: datetime, *,
           contract_id: str | None = None) -> None:
    """Log ``user`` reading ``resource`` about each alert's worker (a no-op for other roles)."""
    if user.role not in AUDITED_ROLES:
        return
    for alert in alerts:
        if alert.worker_id is None:
            continue
        db.session.add(AccessLog(at=now, actor_id=user.id, actor_role=user.role, subject_id=alert.worker_id,
                                 contract_id=contract_id or alert.contract_id, resource=resource,
                                 alert_id=alert.id))
    db.session.flush()


def for_subject(user: User, limit: int = 200) -> list[dict]:
    """Who looked at ``user``'s records, newest first: who (name, role), what, when, why."""
    actor = sa.orm.aliased(User)
    q = (sa.select(AccessLog, actor.name, Alert.kind)
         .join(actor, actor.id == AccessLog.actor_id)
         .outerjoin(Alert, Alert.id == AccessLog.alert_id)
         .where(AccessLog.subject_id == user.id)
         .order_by(AccessLog.at.desc(), AccessLog.id).limit(limit))
    return [{"at": row.at, "actor_name": name, "actor_role": row.actor_role, "resource": row.resource,
             "contract_id": row.contract_id, "alert_id": row.alert_id, "alert_kind": kind}
            for row, name, kind in db.session.execute(q)]
