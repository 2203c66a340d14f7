"""Webhooks (웹훅): every alert change delivered to center and insurer systems, signed, in order.

Receiving and verifying an event
    POST <url> with a JSON body ``{"id", "type": "alert.<action>", "seq", "created_at", "alert"}``
    and the headers ``Nomusa-Event-Id`` (the change's seq: deduplicate on it; delivery is at least
    once) and ``Nomusa-Signature: t=<unix seconds>,v1=<hex>`` where
    ``v1 = HMAC-SHA256(secret, f"{t}.{raw body}")``. The receiver recomputes v1 over the raw body
    bytes, compares in constant time, and refuses ``t`` more than 5 minutes from its clock
    (a replay). Any 2xx answers the event; anything else (or no answer in 10 s) is retried.

Delivery
    ``fan_out`` turns each outbox row (one alert change) into a ``WebhookDelivery`` per endpoint
    that may receive it (insurer endpoints: insurance kinds only). ``deliver`` claims due rows
    (``FOR UPDATE SKIP LOCKED`` on PostgreSQL), leases them, sends, and records the answer. A row
    is due only when it heads its chain: no earlier change of the same alert is still owed to the
    same endpoint. So a failing event blocks later events of that alert for that endpoint, never
    other alerts. Failures back off exponentially (2 s, 4 s, 8 s … capped at an hour); after
    ``MAX_ATTEMPTS`` a row is ``failed`` and its chain stays blocked for an operator to look at.
    All state is in the database: a process killed mid-send leaves a leased row that is retried.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import json
import secrets
import socket
import urllib.error
import urllib.request
from datetime import datetime, timedelta
from urllib.parse import urlsplit

import sqlalchemy as sa
from flask import current_app

from app.errors import NotFound, ValidationFailed
from app.extensions import db
from app.models.accounts import User
from app.models.alerts import AlertOutbox
from app.models.webhooks import WebhookDelivery, WebhookEndpoint
from app.services.feed import INSURANCE_KINDS

BACKOFF_BASE = timedelta(seconds=2)
BACKOFF_CAP = timedelta(hours=1)
LEASE = timedelta(seconds=60)
MAX_ATTEMPTS = 20
TIMEOUT_SECONDS = 10
SIGNATURE_HEADER = "Nomusa-Signature"
REPLAY_WINDOW_SECONDS = 300


# --- registration ---------------------------------------------------------------------------

def allow_loopback() -> bool:
    """Only tests (and the demo) set this: loopback receivers are otherwise SSRF targets."""
    settings = current_app.config["SETTINGS"]
    return bool(current_app.config.get("WEBHOOK_ALLOW_LOOPBACK") or settings.extra.get("webhook_allow_loopback"))


def refused_address(url: str, loopback_ok: bool) -> str | None:
    """Why ``url`` may not receive webhooks (private, loopback, link-local …), or None."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return "Must be an http(s) URL with a host."
    if parts.username or parts.password:
        return "Credentials in the URL are not allowed; use the signing secret."
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or (443 if parts.scheme == "https" else 80),
                                   type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError, ValueError):
        return "The host name does not resolve."
    for info in infos:
        address = ipaddress.ip_address(info[4][0].split("%")[0])
        if address.is_loopback and loopback_ok:
            continue
        if (address.is_private or address.is_loopback or address.is_link_local or address.is_multicast
                or address.is_reserved or address.is_unspecified or not address.is_global):
            return f"The host resolves to a non-public address ({address}); refused."
    return None


def register(user: User, data: dict, now: datetime) -> tuple[WebhookEndpoint, str]:
    problem = refused_address(data["url"], allow_loopback())
    if problem:
        raise ValidationFailed(errors={"url": [problem]})
    secret = data.get("secret") or secrets.token_urlsafe(32)
    endpoint = WebhookEndpoint(owner_id=user.id, audience=user.role, url=data["url"], secret=secret,
                               description=data.get("description"), created_at=now)
    db.session.add(endpoint)
    db.session.commit()
    return endpoint, secret


def list_for(user: User) -> list[WebhookEndpoint]:
    q = sa.select(WebhookEndpoint).where(WebhookEndpoint.owner_id == user.id, WebhookEndpoint.deleted_at.is_(None))
    return list(db.session.scalars(q.order_by(WebhookEndpoint.created_at)))


def get_for(user: User, endpoint_id: str) -> WebhookEndpoint:
    endpoint = db.session.get(WebhookEndpoint, endpoint_id)
    if endpoint is None or endpoint.owner_id != user.id or endpoint.deleted_at is not None:
        raise NotFound()
    return endpoint


def delete(user: User, endpoint_id: str, now: datetime) -> None:
    get_for(user, endpoint_id).deleted_at = now
    db.session.commit()


def deliveries(user: User, endpoint_id: str, limit: int = 100) -> list[WebhookDelivery]:
    endpoint = get_for(user, endpoint_id)
    q = (sa.select(WebhookDelivery).where(WebhookDelivery.endpoint_id == endpoint.id)
         .order_by(WebhookDelivery.seq.desc()).limit(limit))
    return list(db.session.scalars(q))


# --- signing --------------------------------------------------------------------------------

def sign(secret: str, timestamp: int, body: bytes) -> str:
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={mac}"


def verify_signature(secret: str, header: str, body: bytes, now_unix: int,
                     window: int = REPLAY_WINDOW_SECONDS) -> bool:
    """What a receiver does: check v1 over ``t.body`` and refuse stale timestamps (replays)."""
    try:
        fields = dict(part.split("=", 1) for part in header.split(","))
        timestamp = int(fields["t"])
    except (KeyError, ValueError):
        return False
    if abs(now_unix - timestamp) > window:
        return False
    expected = sign(secret, timestamp, body).split("v1=", 1)[1]
    return hmac.compare_digest(expected, fields.get("v1", ""))


# --- fan-out and delivery -------------------------------------------------------------------

def _skip_locked(q):
    return q.with_for_update(skip_locked=True) if db.session.get_bind().dialect.name == "postgresql" else q


def _receives(endpoint: WebhookEndpoint, kind: str) -> bool:
    return endpoint.audience == "center" or (endpoint.audience == "insurer" and kind in INSURANCE_KINDS)


def fan_out(now: datetime, limit: int = 500) -> int:
    """One delivery row per (endpoint, pending outbox row); marks the outbox rows handed over."""
    rows = list(db.session.scalars(_skip_locked(
        sa.select(AlertOutbox).where(AlertOutbox.delivered_at.is_(None)).order_by(AlertOutbox.seq).limit(limit))))
    if not rows:
        db.session.rollback()
        return 0
    endpoints = list(db.session.scalars(sa.select(WebhookEndpoint).where(WebhookEndpoint.deleted_at.is_(None))))
    for row in rows:
        for endpoint in endpoints:
            if _receives(endpoint, row.payload.get("kind", "")):
                db.session.add(WebhookDelivery(endpoint_id=endpoint.id, outbox_id=row.id, alert_id=row.alert_id,
                                               seq=row.seq, status="pending", next_attempt_at=now, created_at=now))
        row.delivered_at = now
    db.session.commit()
    return len(rows)


def _due(now: datetime, limit: int):
    earlier = sa.orm.aliased(WebhookDelivery)
    blocked = sa.select(earlier.id).where(earlier.endpoint_id == WebhookDelivery.endpoint_id,
                                          earlier.alert_id == WebhookDelivery.alert_id,
                                          earlier.seq < WebhookDelivery.seq, earlier.status != "delivered")
    unfanned = sa.select(AlertOutbox.id).where(AlertOutbox.alert_id == WebhookDelivery.alert_id,
                                               AlertOutbox.seq < WebhookDelivery.seq,
                                               AlertOutbox.delivered_at.is_(None))
    live = sa.select(WebhookEndpoint.id).where(WebhookEndpoint.deleted_at.is_(None))
    return (sa.select(WebhookDelivery).where(
        WebhookDelivery.status == "pending", WebhookDelivery.next_attempt_at <= now,
        WebhookDelivery.endpoint_id.in_(live), ~sa.exists(blocked), ~sa.exists(unfanned))
        .order_by(WebhookDelivery.seq).limit(limit))


def claim(now: datetime, limit: int = 50) -> list[int]:
    """Lease due chain heads so no other deliverer sends them meanwhile; committed before sending."""
    rows = list(db.session.scalars(_skip_locked(_due(now, limit))))
    for row in rows:
        row.attempts += 1
        row.last_attempt_at = now
        row.next_attempt_at = now + LEASE
    db.session.commit()
    return [r.id for r in rows]


def event_body(row: AlertOutbox) -> bytes:
    event = {"id": str(row.seq), "type": f"alert.{row.action}", "seq": row.seq,
             "created_at": row.created_at.isoformat(), "alert": row.payload}
    return json.dumps(event, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # a redirect could point anywhere (SSRF)
        return None


def send(url: str, secret: str, seq: int, body: bytes, now: datetime) -> tuple[int | None, str | None]:
    """POST one signed event; (HTTP status, error) — status None when there was no answer."""
    problem = refused_address(url, allow_loopback())
    if problem:
        return None, problem
    request = urllib.request.Request(url, data=body, method="POST", headers={  # noqa: S310 - http(s) only, checked above
        "Content-Type": "application/json", "User-Agent": "nomusa-webhooks/1", "Nomusa-Event-Id": str(seq),
        SIGNATURE_HEADER: sign(secret, int(now.timestamp()), body)})
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(request, timeout=TIMEOUT_SECONDS) as response:
            return response.status, None
    except urllib.error.HTTPError as exc:
        exc.close()
        return exc.code, f"HTTP {exc.code}"
    except (OSError, ValueError) as exc:
        return None, f"{type(exc).__name__}: {exc}"[:500]


def backoff(attempts: int) -> timedelta:
    return min(BACKOFF_BASE * 2 ** max(attempts - 1, 0), BACKOFF_CAP)


def attempt(delivery_id: int, now: datetime) -> str:
    """Send one leased delivery and record the outcome: delivered | retry | failed."""
    row = db.session.get(WebhookDelivery, delivery_id)
    endpoint = db.session.get(WebhookEndpoint, row.endpoint_id)
    outbox = db.session.get(AlertOutbox, row.outbox_id)
    url, secret, seq, body = endpoint.url, endpoint.secret, row.seq, event_body(outbox)
    db.session.rollback()  # no transaction held open across the network call
    status, error = send(url, secret, seq, body, now)
    row = db.session.get(WebhookDelivery, delivery_id)
    row.last_status, row.last_error = status, error
    if status is not None and 200 <= status < 300:
        row.status, row.delivered_at, outcome = "delivered", now, "delivered"
    elif row.attempts >= MAX_ATTEMPTS:
        row.status, outcome = "failed", "failed"
    else:
        row.next_attempt_at, outcome = now + backoff(row.attempts), "retry"
    db.session.commit()
    return outcome


def deliver(now_fn, *, rounds: int = 20, batch: int = 50) -> dict:
    """Fan out, then send due chain heads until none is due (``now_fn`` reads the clock)."""
    counts = {"fanned_out": fan_out(now_fn()), "delivered": 0, "retry": 0, "failed": 0}
    for _ in range(rounds):
        ids = claim(now_fn(), batch)
        if not ids:
            break
        for delivery_id in ids:
            counts[attempt(delivery_id, now_fn())] += 1
        counts["fanned_out"] += fan_out(now_fn())
    return counts
