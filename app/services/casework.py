"""Case work (사건 처리) by a center inspector: acknowledge, assign, note, resolve, dismiss, reopen.

Every action is one alert change: the next ``seq`` from the locked counter, an ``AlertEvent``
(history) and an outbox row (webhooks), so followers of the feed and webhook receivers see it.
Notes and assignments are visible to center users only (see ``app.services.feed``).
"""

from __future__ import annotations

from datetime import datetime

from app.errors import Conflict, ValidationFailed
from app.extensions import db
from app.models.accounts import User
from app.models.alerts import Alert
from app.services import alerts, feed

STATUS_ACTIONS = {"acknowledge": "acknowledged", "resolve": "resolved", "dismiss": "dismissed", "reopen": "open"}
NEEDS_REASON = ("resolve", "dismiss", "reopen")
ACTIONS = (*STATUS_ACTIONS, "assign", "note")


def _require(data: dict, field: str, action: str) -> str:
    value = (data.get(field) or "").strip()
    if not value:
        raise ValidationFailed(errors={field: [f"Required to {action} an alert."]})
    return value


def record_change(alert: Alert, action: str, actor: str, now: datetime, data: dict) -> Alert:
    """A change that is not a status change (note, assignment): new seq, event and outbox row."""
    seq = alerts.next_seq()
    db.session.refresh(alert, with_for_update=True)
    alert.seq, alert.updated_at = seq, now
    alerts._record(alert, action, actor, now, data)  # noqa: SLF001 - the core's one recording path
    return alert


def act(user: User, alert_id: str, data: dict, now: datetime) -> Alert:
    """Apply ``data["action"]`` to the alert as ``user`` (a center user) and commit."""
    alert = feed.get(user, alert_id)
    action = data["action"]
    note = (data.get("note") or "").strip() or None
    if action in STATUS_ACTIONS:
        reason = _require(data, "reason", action) if action in NEEDS_REASON else (data.get("reason") or None)
        target = STATUS_ACTIONS[action]
        if alert.status == target:
            raise Conflict(f"The alert is already {target}.")
        if action == "acknowledge" and alert.status in alerts.CLOSED:
            raise Conflict("Reopen a closed alert before acknowledging it.")
        event = {k: v for k, v in {"reason": reason, "note": note}.items() if v}
        alerts.transition(alert, target, now=now, actor=user.id, data=event)
    elif action == "assign":
        assignee = _require(data, "assignee", action)
        who = db.session.get(User, assignee)
        if who is None or who.role != "center" or who.disabled_at is not None:
            raise ValidationFailed(errors={"assignee": ["Must be an active center user."]})
        record_change(alert, "assigned", user.id, now, {"assignee": who.id, **({"note": note} if note else {})})
    else:
        record_change(alert, "noted", user.id, now, {"note": _require(data, "note", action)})
    db.session.commit()
    return alert
