"""The alert feed (경보 피드): who sees which alerts, filters, the stable cursor, one alert's view.

Visibility
    center   every alert;
    insurer  insurance kinds only (``missing_insurance``);
    employer alerts about its own workplaces (so it can fix them), except a worker's own report;
    worker   alerts about their own contracts.
    Inspector notes and assignments are shown to center users only.

Cursor
    ``after`` is an opaque string encoding an alert ``seq``. Every alert change takes the next
    ``seq`` from one locked counter row in its own transaction, so seq order is commit order:
    when a reader sees seq N, every smaller seq is already committed (or was rolled back and is
    skipped for ever). ``?after=C`` returns the alerts whose *current* seq is greater than C, in
    seq order, and ``next`` to pass as the following ``after``. A follower therefore misses no
    change and never sees the same (alert, seq) twice. An alert that changes again reappears
    with its new seq: that is a change event (its new state), not a repeat. A follower that was
    behind sees only the alert's latest state; every intermediate change is in its history and
    in the webhook stream.
"""

from __future__ import annotations

import base64
import binascii
from datetime import datetime, time, timedelta

import sqlalchemy as sa

from app.clock import SEOUL
from app.errors import NotFound, ValidationFailed
from app.extensions import db
from app.models.accounts import User
from app.models.alerts import Alert, AlertEvent
from app.models.workplaces import Workplace
from app.services import access_audit, evidence

INSURANCE_KINDS = ("missing_insurance",)
CENTER_ONLY_ACTIONS = ("noted", "assigned")
CENTER_ONLY_DATA = ("note", "assignee")
HIDDEN_FROM_EMPLOYER = ("worker_report",)
CURSOR_PREFIX = "nomusa-alerts:v1:"
MAX_LIMIT = 200


def encode_cursor(seq: int) -> str:
    return base64.urlsafe_b64encode(f"{CURSOR_PREFIX}{seq}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> int:
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        if not text.startswith(CURSOR_PREFIX):
            raise ValueError(text)
        seq = int(text[len(CURSOR_PREFIX):])
        if seq < 0:
            raise ValueError(seq)
        return seq
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise ValidationFailed(errors={"after": ["Not a cursor returned by this feed."]}) from None


def visible_to(user: User) -> sa.ColumnElement[bool]:
    """The alerts ``user`` may see (as a WHERE clause)."""
    if user.role == "center":
        return sa.true()
    if user.role == "insurer":
        return Alert.kind.in_(INSURANCE_KINDS)
    if user.role == "employer":
        own = sa.select(Workplace.id).where(Workplace.employer_id == user.id)
        return sa.and_(Alert.workplace_id.in_(own), Alert.kind.not_in(HIDDEN_FROM_EMPLOYER))
    if user.role == "worker":
        return Alert.worker_id == user.id
    return sa.false()


def _filters(args: dict) -> list[sa.ColumnElement[bool]]:
    out = []
    for name, column in (("kind", Alert.kind), ("status", Alert.status), ("severity", Alert.severity),
                         ("district", Alert.district), ("workplace_id", Alert.workplace_id)):
        if args.get(name):
            out.append(column.in_(args[name]))
    if args.get("from"):
        out.append(Alert.opened_at >= datetime.combine(args["from"], time(), SEOUL))
    if args.get("to"):
        out.append(Alert.opened_at < datetime.combine(args["to"] + timedelta(days=1), time(), SEOUL))
    return out


def listing(user: User, args: dict, now: datetime) -> dict:
    """Newest first, or after a cursor in seq order; ``next`` is the cursor to follow from."""
    limit = min(args.get("limit") or 50, MAX_LIMIT)
    q = sa.select(Alert).where(visible_to(user), *_filters(args))
    if args.get("after") is not None:
        after = decode_cursor(args["after"])
        rows = list(db.session.scalars(q.where(Alert.seq > after).order_by(Alert.seq).limit(limit)))
        last = rows[-1].seq if rows else after
    else:
        rows = list(db.session.scalars(q.order_by(Alert.seq.desc()).limit(limit)))
        last = rows[0].seq if rows else 0
    items = present_many(user, rows)
    access_audit.record(user, "feed", rows, now)
    db.session.commit()
    return {"items": items, "next": encode_cursor(last)}


def get(user: User, alert_id: str) -> Alert:
    """The alert if ``user`` may see it, else 404."""
    alert = db.session.scalars(sa.select(Alert).where(Alert.id == alert_id, visible_to(user))).first()
    if alert is None:
        raise NotFound()
    return alert


def detail(user: User, alert_id: str, now: datetime) -> dict:
    alert = get(user, alert_id)
    out = present_many(user, [alert])[0]
    out["history"] = [_event(user, e) for e in alert.events if _event_visible(user, e)]
    access_audit.record(user, "alert", [alert], now)
    db.session.commit()
    return out


def evidence_for(user: User, alert_id: str, now: datetime) -> dict:
    alert = get(user, alert_id)
    bundles = evidence.bundles(alert, now)
    access_audit.record(user, "alert.evidence", [alert], now)
    db.session.commit()
    from app.services import ledger

    return {"alert_id": alert.id, "log_origin": ledger.log().origin, "log_vkey": ledger.log().vkey,
            "bundles": bundles}


def _event_visible(user: User, event: AlertEvent) -> bool:
    return user.role == "center" or event.action not in CENTER_ONLY_ACTIONS


def _event(user: User, event: AlertEvent) -> dict:
    data = dict(event.data or {})
    actor = event.actor
    if user.role != "center":
        data = {k: v for k, v in data.items() if k not in CENTER_ONLY_DATA}
        if actor != "system":
            who = db.session.get(User, actor)
            actor = who.role if who is not None else "user"
    return {"seq": event.seq, "at": event.at, "action": event.action, "actor": actor, "data": data}


def assignee_of(alert: Alert) -> str | None:
    assigned = [e for e in alert.events if e.action == "assigned"]
    return assigned[-1].data.get("assignee") if assigned else None


def present_many(user: User, rows: list[Alert]) -> list[dict]:
    """Alerts as the API shows them to ``user`` (workplaces and workers loaded once)."""
    wp_ids = {a.workplace_id for a in rows if a.workplace_id}
    worker_ids = {a.worker_id for a in rows if a.worker_id}
    workplaces = {w.id: w for w in db.session.scalars(sa.select(Workplace).where(Workplace.id.in_(wp_ids)))}
    workers = {u.id: u for u in db.session.scalars(sa.select(User).where(User.id.in_(worker_ids)))}
    return [_present(user, a, workplaces.get(a.workplace_id), workers.get(a.worker_id)) for a in rows]


def _present(user: User, alert: Alert, workplace: Workplace | None, worker: User | None) -> dict:
    out = {
        "id": alert.id, "seq": alert.seq, "cursor": encode_cursor(alert.seq), "kind": alert.kind,
        "severity": alert.severity, "status": alert.status, "contract_id": alert.contract_id,
        "district": alert.district, "facts": alert.facts, "opened_at": alert.opened_at,
        "updated_at": alert.updated_at, "resolved_at": alert.resolved_at,
        "workplace": workplace and {"id": workplace.id, "name": workplace.name,
                                    "business_number": workplace.business_number, "district": workplace.district},
        "worker": worker and {"id": worker.id, "name": worker.name},
        "evidence": [{"section": s, "ledger_index": i} for s, idx in evidence.references(alert).items() for i in idx],
    }
    if user.role == "center":
        if worker is not None:
            out["worker"]["contact"] = worker.phone or worker.email
        out["assignee"] = assignee_of(alert)
    return out


def covering(user: User, contract_id: str) -> list[Alert]:
    """The alerts visible to ``user`` about ``contract_id``: what lets center/insurer read it."""
    q = sa.select(Alert).where(visible_to(user), Alert.contract_id == contract_id).order_by(Alert.seq)
    return list(db.session.scalars(q))
