"""Following the feed with ?after= while other transactions open and change alerts: every change
is seen, none twice, in seq order; each alert's last sighting is its final state."""

from __future__ import annotations

import threading
import time

import sqlalchemy as sa

from tests.api.alerts_world import NOW


def _writer(app, n, errors, changes=12):
    from app.extensions import db
    from app.services import alerts

    try:
        with app.app_context():
            for i in range(changes):
                alerts.raise_or_update("missing_contract", f"k{n}:{i % 4}", severity="medium", now=NOW,
                                       facts={"i": i})
                db.session.commit()
                if i % 5 == 4:
                    alert = alerts.get(f"k{n}:{i % 4}")
                    alerts.transition(alert, "acknowledged", now=NOW, actor="system")
                    db.session.commit()
                time.sleep(0.002)
    except Exception as exc:  # pragma: no cover - reported by the test
        errors.append(exc)


def test_follow_under_concurrent_inserts_and_updates(app, api):
    from app.extensions import db
    from app.models.alerts import Alert

    center = api.account("center")
    errors, seen = [], []
    threads = [threading.Thread(target=_writer, args=(app, n, errors)) for n in range(3)]
    for t in threads:
        t.start()
    cursor = api.client.get("/api/v1/alerts?limit=1&kind=nothing", headers=center.headers).get_json()["next"]

    def page():
        nonlocal cursor
        body = api.client.get(f"/api/v1/alerts?after={cursor}&limit=3", headers=center.headers).get_json()
        seen.extend((a["id"], a["seq"], a["facts"]["i"], a["status"]) for a in body["items"])
        cursor = body["next"]
        return body["items"]

    while any(t.is_alive() for t in threads):
        page()
    for t in threads:
        t.join()
    while page():
        pass
    assert not errors, errors

    seqs = [s for _, s, _, _ in seen]
    assert seqs == sorted(seqs) and len(set(seqs)) == len(seqs)  # in order, nothing twice
    with app.app_context():
        final = {a.id: (a.seq, a.facts["i"], a.status) for a in db.session.scalars(sa.select(Alert))}
    assert len(final) == 12
    last = {}
    for aid, seq, i, status in seen:
        last[aid] = (seq, i, status)
    assert last == final  # nothing missed: every alert's latest change was delivered
