"""The alert core (경보): raise, update, resolve and transition alerts, each change sequenced.

API used by the jobs and by the feed (HTTP, case work, webhooks) built on top:

- ``raise_or_update(kind, dedup_key, *, severity, now, facts, evidence=None, workplace_id=None,
  contract_id=None, worker_id=None, district=None, actor="system") -> Alert``
- ``resolve(dedup_key, *, now, actor="system", data=None) -> Alert | None``
- ``transition(alert, status, *, now, actor, data=None) -> Alert`` (acknowledge, dismiss, reopen)
- ``changes_since(seq, limit) -> list[Alert]`` and ``outbox_pending(limit)`` for cursors/webhooks.

None of them commits: they run inside the caller's unit of work (the caller commits once). Each
change allocates ``seq`` from the locked ``alert_counter`` row, so seq order equals commit order.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.models.alerts import SEVERITIES, STATUSES, Alert, AlertCounter, AlertEvent, AlertOutbox

SYSTEM = "system"
CLOSED = ("resolved", "dismissed")


def next_seq() -> int:
    """Take the counter row lock (held until commit) and return the next sequence number."""
    stmt = sa.update(AlertCounter).where(AlertCounter.id == 1).values(value=AlertCounter.value + 1)
    value = db.session.execute(stmt.returning(AlertCounter.value)).scalar()
    if value is not None:
        return int(value)
    try:
        with db.session.begin_nested():
            db.session.add(AlertCounter(id=1, value=1))
        return 1
    except IntegrityError:  # another transaction created it first: now it exists
        return next_seq()


def _find(dedup_key: str, lock: bool = False) -> Alert | None:
    q = sa.select(Alert).where(Alert.dedup_key == dedup_key).execution_options(populate_existing=True)
    if lock:
        q = q.with_for_update()
    return db.session.scalars(q).first()


def _record(alert: Alert, action: str, actor: str, now: datetime, data: dict | None) -> None:
    db.session.add(AlertEvent(alert=alert, seq=alert.seq, at=now, actor=actor, action=action, data=data or {}))
    db.session.add(AlertOutbox(seq=alert.seq, alert_id=alert.id, action=action, payload=payload(alert),
                               created_at=now))
    db.session.flush()


def payload(alert: Alert) -> dict:
    """The JSON an outbox row (and the feed) carries for one alert change."""
    return {
        "id": alert.id, "seq": alert.seq, "kind": alert.kind, "severity": alert.severity,
        "status": alert.status, "dedup_key": alert.dedup_key, "workplace_id": alert.workplace_id,
        "contract_id": alert.contract_id, "worker_id": alert.worker_id, "district": alert.district,
        "facts": alert.facts, "evidence": alert.evidence,
        "opened_at": alert.opened_at.isoformat(), "updated_at": alert.updated_at.isoformat(),
        "resolved_at": alert.resolved_at.isoformat() if alert.resolved_at else None,
    }


def raise_or_update(kind: str, dedup_key: str, *, severity: str, now: datetime, facts: dict,
                    evidence: dict | None = None, workplace_id: str | None = None,
                    contract_id: str | None = None, worker_id: str | None = None,
                    district: str | None = None, actor: str = SYSTEM) -> Alert:
    """Open the alert for ``dedup_key`` or bring it up to date; a no-op when nothing changed.
    A resolved alert whose cause is back is reopened; a dismissed one stays dismissed."""
    if severity not in SEVERITIES:
        raise ValueError(f"unknown severity {severity!r}")
    current = _find(dedup_key)
    if current is not None and (current.status == "dismissed" or (
            current.severity == severity and current.facts == facts and current.status not in CLOSED)):
        return current
    seq = next_seq()  # serializes every alert change: a racing opener is now committed and visible
    alert = _find(dedup_key, lock=True)
    if alert is None:
        alert = Alert(kind=kind, dedup_key=dedup_key, severity=severity, status="open", facts=facts,
                      evidence=evidence or {}, workplace_id=workplace_id, contract_id=contract_id,
                      worker_id=worker_id, district=district, opened_at=now, updated_at=now, seq=seq)
        db.session.add(alert)
        db.session.flush()
        _record(alert, "opened", actor, now, {"severity": severity, "facts": facts})
        return alert
    if alert.status == "dismissed" or (alert.severity == severity and alert.facts == facts
                                        and alert.status not in CLOSED):
        return alert  # the racer already wrote the same change; the seq number is simply skipped
    action = "reopened" if alert.status in CLOSED else "updated"
    before = {"severity": alert.severity, "facts": alert.facts}
    alert.severity, alert.facts, alert.seq, alert.updated_at = severity, facts, seq, now
    if evidence:
        alert.evidence = {**alert.evidence, **evidence}
    if action == "reopened":
        alert.status, alert.resolved_at = "open", None
    _record(alert, action, actor, now, {"before": before, "severity": severity, "facts": facts})
    return alert


def resolve(dedup_key: str, *, now: datetime, actor: str = SYSTEM, data: dict | None = None,
            facts: dict | None = None) -> Alert | None:
    """Resolve the open alert for ``dedup_key`` (history kept); None when there is none open."""
    alert = _find(dedup_key)
    if alert is None or alert.status in CLOSED:
        return None
    return transition(alert, "resolved", now=now, actor=actor, data=data, facts=facts)


def transition(alert: Alert, status: str, *, now: datetime, actor: str, data: dict | None = None,
               facts: dict | None = None) -> Alert:
    """Move an alert to ``status`` (open, acknowledged, resolved, dismissed) and record it."""
    if status not in STATUSES:
        raise ValueError(f"unknown status {status!r}")
    seq = next_seq()
    db.session.refresh(alert, with_for_update=True)
    if alert.status == status:
        return alert
    action = {"open": "reopened", "acknowledged": "acknowledged", "resolved": "resolved",
              "dismissed": "dismissed"}[status]
    alert.status, alert.seq, alert.updated_at = status, seq, now
    alert.resolved_at = now if status in CLOSED else None
    if facts is not None:
        alert.facts = facts
    _record(alert, action, actor, now, data)
    return alert


def changes_since(seq: int, limit: int = 100) -> list[Alert]:
    """Alerts changed after cursor ``seq``, in change order (the feed's stable cursor)."""
    q = sa.select(Alert).where(Alert.seq > seq).order_by(Alert.seq).limit(limit)
    return list(db.session.scalars(q))


def outbox_pending(limit: int = 100) -> list[AlertOutbox]:
    q = sa.select(AlertOutbox).where(AlertOutbox.delivered_at.is_(None)).order_by(AlertOutbox.seq).limit(limit)
    return list(db.session.scalars(q))


def get(dedup_key: str) -> Alert | None:
    return _find(dedup_key)
