"""Notifications (알림): stored per user, then handed to the push interface after commit.

``notify`` adds the row inside the caller's transaction (idempotent per (user, dedup_key)); the
push is sent by ``flush_push()`` once the caller has committed, so a rolled-back unit never
pushes. The default push backend only logs; set ``app.extensions["nomusa_push"]`` to another
``PushBackend`` (FCM/APNs) in deployment.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Protocol

import sqlalchemy as sa
from flask import current_app, g, has_app_context
from sqlalchemy.exc import IntegrityError

from app.errors import NotFound
from app.extensions import db
from app.models.base import new_id
from app.models.devices import DeviceKey
from app.models.notifications import Notification

log = logging.getLogger("nomusa.push")


class PushBackend(Protocol):
    def send(self, tokens: list[str], title: str, body: str, data: dict) -> None: ...


class LoggingPush:
    """The default backend: records what would be pushed, sends nothing."""

    def send(self, tokens: list[str], title: str, body: str, data: dict) -> None:
        log.info("push", extra={"fields": {"tokens": len(tokens), "title": title, "data": data}})


def backend() -> PushBackend:
    return current_app.extensions.setdefault("nomusa_push", LoggingPush())


def notify(user_id: str | None, kind: str, title: str, body: str, now: datetime, *,
           data: dict | None = None, dedup_key: str | None = None) -> Notification | None:
    """Store a notification for ``user_id`` in the current transaction (None when already sent)."""
    if user_id is None:
        return None
    if dedup_key is not None:
        found = db.session.scalars(sa.select(Notification).where(
            Notification.user_id == user_id, Notification.dedup_key == dedup_key)).first()
        if found is not None:
            return None
    row = Notification(user_id=user_id, kind=kind, title=title, body=body, data=data or {},
                       dedup_key=dedup_key, created_at=now)
    try:
        with db.session.begin_nested():
            db.session.add(row)
    except IntegrityError:
        return None
    if has_app_context():
        g.setdefault("nomusa_pending_push", []).append(row.id)
    return row


def notify_many(rows: list[dict], now: datetime) -> None:
    """Store many notifications at once (dicts of ``notify``'s arguments) in the current
    transaction; for dedup keys naming a row made in this transaction, so none exists yet."""
    rows = [{"id": new_id(), "data": {}, "dedup_key": None, "created_at": now, **r} for r in rows
            if r.get("user_id") is not None]
    if not rows:
        return
    db.session.execute(sa.insert(Notification), rows)
    if has_app_context():
        g.setdefault("nomusa_pending_push", []).extend(r["id"] for r in rows)


def flush_push(chunk: int = 500) -> int:
    """Hand the notifications committed in this context to the push backend (two queries per chunk)."""
    ids = g.pop("nomusa_pending_push", []) if has_app_context() else []
    sent = 0
    for at in range(0, len(ids), chunk):
        part = ids[at:at + chunk]
        rows = {r.id: r for r in db.session.scalars(sa.select(Notification).where(Notification.id.in_(part)))}
        tokens = push_tokens_of({r.user_id for r in rows.values()})
        for note_id in part:
            row = rows.get(note_id)
            if row is None:
                continue
            backend().send(tokens.get(row.user_id, []), row.title, row.body, {"kind": row.kind, **row.data})
            sent += 1
    return sent


def discard_push() -> None:
    if has_app_context():
        g.pop("nomusa_pending_push", None)


def push_tokens_of(user_ids: set[str]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    if user_ids:
        q = sa.select(DeviceKey.user_id, DeviceKey.push_token).where(
            DeviceKey.user_id.in_(user_ids), DeviceKey.revoked_at.is_(None), DeviceKey.push_token.is_not(None))
        for user_id, token in db.session.execute(q):
            out.setdefault(user_id, []).append(token)
    return out


def push_tokens(user_id: str) -> list[str]:
    q = sa.select(DeviceKey.push_token).where(
        DeviceKey.user_id == user_id, DeviceKey.revoked_at.is_(None), DeviceKey.push_token.is_not(None))
    return list(db.session.scalars(q))


def list_for(user_id: str, *, unread_only: bool = False, limit: int = 50,
             before: datetime | None = None) -> list[Notification]:
    q = sa.select(Notification).where(Notification.user_id == user_id)
    if unread_only:
        q = q.where(Notification.read_at.is_(None))
    if before is not None:
        q = q.where(Notification.created_at < before)
    return list(db.session.scalars(q.order_by(Notification.created_at.desc(), Notification.id).limit(limit)))


def mark_read(user_id: str, notification_id: str, now: datetime) -> Notification:
    row = db.session.get(Notification, notification_id)
    if row is None or row.user_id != user_id:
        raise NotFound()
    if row.read_at is None:
        row.read_at = now
        db.session.commit()
    return row


def set_push_token(user_id: str, device_key_id: str | None, token: str | None) -> list[DeviceKey]:
    """Set (or clear, token None) the push token on the user's active device key(s)."""
    q = sa.select(DeviceKey).where(DeviceKey.user_id == user_id, DeviceKey.revoked_at.is_(None))
    if device_key_id:
        q = q.where(DeviceKey.id == device_key_id)
    keys = list(db.session.scalars(q))
    if device_key_id and not keys:
        raise NotFound()
    for key in keys:
        key.push_token = token
    db.session.commit()
    return keys
