"""Idempotency keys (재시도 안전): a create retried with the same key and body replays its first answer.

Reusable by any area: call :func:`run` with the user, the client's key, a scope (method and
path), the request body and a function producing ``(status, body)``. A different body under the
same key is a 409. The HTTP decorator is ``app.api.idempotency.idempotent``.

The change and its stored answer commit together (one transaction, one commit): while
``create()`` runs, the service's ``db.session.commit()`` only flushes, and :func:`remember`
commits both. A crash in between keeps neither, so a retry redoes the create.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime

import rfc8785
import sqlalchemy as sa
import sqlalchemy.exc as sa_exc

from app import i18n
from app.errors import Conflict, ValidationFailed
from app.extensions import db
from app.models.hours import IdempotencyKey
from app.services.hours.common import sha256_hex

MAX_KEY = 255


class IdempotencyConflict(Conflict):
    type = "idempotency-conflict"


def request_hash(scope: str, body) -> str:
    return sha256_hex(scope.encode() + b"\n" + rfc8785.dumps(body))


def check_key(key: str | None) -> str:
    if not key or len(key) > MAX_KEY or not key.isprintable():
        raise ValidationFailed(errors={"Idempotency-Key": [f"A printable key of 1 to {MAX_KEY} characters is required."]})
    return key


def stored(user_id: str, key: str, scope: str, body) -> IdempotencyKey | None:
    """The first answer under ``key``; 409 if it was for a different request."""
    row = db.session.scalar(sa.select(IdempotencyKey).where(IdempotencyKey.user_id == user_id, IdempotencyKey.key == key))
    if row is not None and row.request_hash != request_hash(scope, body):
        raise IdempotencyConflict(i18n.message("idempotency-conflict"))
    return row


def remember(user_id: str, key: str, scope: str, body, status: int, response,
             now: datetime) -> tuple[int, object]:
    """Keep the answer and commit; the answer to give: this one, or the one a concurrent retry
    stored first (this transaction is then rolled back)."""
    row = IdempotencyKey(user_id=user_id, key=key, scope=scope, request_hash=request_hash(scope, body),
                         response_status=status, response_body=response, created_at=now)
    db.session.add(row)
    try:
        db.session.commit()
    except sa_exc.IntegrityError:
        db.session.rollback()
        first = stored(user_id, key, scope, body)
        return first.response_status, first.response_body
    return status, response  # as committed, without reading the expired row back


@contextmanager
def commit_deferred() -> Iterator[None]:
    """Inside, ``db.session.commit()`` flushes and expires (as a commit would, so what is read
    next comes from the database) instead of committing: the caller commits once afterwards."""
    session = db.session()

    def flush_and_expire() -> None:
        session.flush()
        session.expire_all()

    session.commit = flush_and_expire  # an instance attribute shadowing Session.commit
    try:
        yield
    finally:
        del session.commit


def run(user_id: str, key: str, scope: str, body, create: Callable[[], tuple[int, object]],
        now: datetime) -> tuple[int, object]:
    """``create()`` once per (user, key); later calls with the same body get the same answer.
    The change and the stored answer commit together (see the module docstring)."""
    key = check_key(key)
    first = stored(user_id, key, scope, body)
    if first is None:
        try:
            with commit_deferred():
                status, response = create()
        except BaseException:
            db.session.rollback()
            raise
        return remember(user_id, key, scope, body, status, response, now)
    return first.response_status, first.response_body
