"""kill -9 of the whole API (gunicorn master and workers) while phones stream signed clock events
and a contract is being co-signed: after a restart and retries with the same Idempotency-Keys,
every acknowledged event is stored exactly once, retries add no duplicates, the co-signature is
whole and the ledger audit passes."""

from __future__ import annotations

import random
import threading
import time
import uuid
from datetime import timedelta

import pytest
import requests
import sqlalchemy as sa

from tests.faults import support
from tests.support import db as dbsupport

EVENTS = 150  # per worker; one a minute back from now, so all fall on days the contract covers


def _stream(worker, contract_id, items, acked, pending, stop):
    for item in items:
        if stop.is_set():
            return
        key = uuid.uuid4().hex
        try:
            resp = worker.call("POST", f"/contracts/{contract_id}/time-events", json=item,
                               headers={"Idempotency-Key": key})
        except requests.RequestException:
            pending.append((key, item))
            return
        if resp.status_code >= 500:
            pending.append((key, item))
            return
        assert resp.status_code == 201, resp.text
        acked.append((key, item, resp.json()))


def _cosign(worker, boss, contract_id, outcome, delay):
    time.sleep(delay)
    for who, person in (("worker", worker), ("employer", boss)):
        try:
            resp = person.sign_version(contract_id)
        except (requests.RequestException, AssertionError):
            outcome[who] = None
            return
        outcome[who] = resp.status_code
        if resp.status_code >= 500:
            return


@pytest.mark.slow
def test_kill_9_api_loses_no_acknowledged_event_and_retries_add_none(backend, pg_server, tmp_path):
    from app import create_app
    from app.database import metadatas
    from app.extensions import db
    from app.models.contracts import Contract, ContractSignature, ContractVersion
    from app.models.hours import TimeEvent
    from app.services import ledger

    url = dbsupport.fresh_database(backend, tmp_path, pg_server, metadatas())
    server = support.Gunicorn(support.service_env(url, tmp_path), tmp_path / "gunicorn.log")
    server.start()
    try:
        boss = support.Phone(server, "employer")
        wp = support.workplace(boss)
        start = support.seoul_now().date() - timedelta(days=1)
        workers, contracts = [], []
        for _ in range(3):
            w = support.Phone(server, "worker")
            cid = support.draft_contract(boss, w, wp, start)
            for person in (w, boss):
                assert person.sign_version(cid).status_code in (200, 201)
            workers.append(w)
            contracts.append(cid)
        cosigner = support.Phone(server, "worker")
        cosigned = support.draft_contract(boss, cosigner, wp, start)

        first = support.since(EVENTS + 5)
        streams = [[w.clock_event(cid, ("clock_in", "clock_out")[n % 2], first + timedelta(minutes=n))
                    for n in range(EVENTS)] for w, cid in zip(workers, contracts, strict=True)]
        acked = [[] for _ in workers]
        pending = [[] for _ in workers]
        outcome: dict = {}
        stop = threading.Event()
        rng = random.Random()
        threads = [threading.Thread(target=_stream, args=(w, cid, items, a, p, stop))
                   for w, cid, items, a, p in zip(workers, contracts, streams, acked, pending, strict=True)]
        threads.append(threading.Thread(target=_cosign, args=(cosigner, boss, cosigned, outcome,
                                                              rng.uniform(0.1, 1.0))))
        for t in threads:
            t.start()
        time.sleep(rng.uniform(0.3, 1.2))
        server.kill9()
        stop.set()
        for t in threads:
            t.join(timeout=30)
        assert sum(map(len, acked)) > 0, "nothing was acknowledged before the kill"

        server.start()
        retried = [[] for _ in workers]
        for n, (w, cid) in enumerate(zip(workers, contracts, strict=True)):
            for key, item in pending[n]:  # the same key and body: stored once whatever the first try did
                resp = w.call("POST", f"/contracts/{cid}/time-events", json=item, headers={"Idempotency-Key": key})
                assert resp.status_code == 201, resp.text
                retried[n].append(item["event_id"])
            for key, item, body in acked[n][-3:]:  # a replay of an acknowledged request answers the same
                resp = w.call("POST", f"/contracts/{cid}/time-events", json=item, headers={"Idempotency-Key": key})
                assert (resp.status_code, resp.json()) == (201, body)
        for who, person in (("worker", cosigner), ("employer", boss)):
            if outcome.get(who) not in (200, 201):  # unacknowledged or never sent: sign (again) now
                assert person.sign_version(cosigned).status_code in (200, 201, 409)
    finally:
        server.stop()

    app = create_app(support.settings(url, tmp_path))
    try:
        with app.app_context():
            for n, cid in enumerate(contracts):
                stored = list(db.session.scalars(sa.select(TimeEvent.event_id).where(TimeEvent.contract_id == cid)))
                assert len(stored) == len(set(stored)), "an event was stored twice"
                want = {item["event_id"] for _, item, _ in acked[n]} | set(retried[n])
                assert set(stored) == want, (len(stored), len(want))
            contract = db.session.get(Contract, cosigned)
            parties = sorted(db.session.scalars(
                sa.select(ContractSignature.party).join(ContractVersion)
                .where(ContractVersion.contract_id == cosigned, ContractVersion.number == 1)))
            assert parties == ["employer", "worker"], parties
            assert contract.status == "active", contract.status
            report = ledger.log().audit(ledger.connection())
            assert report.ok, str(report)
            db.session.remove()
    finally:
        with app.app_context():
            db.engine.dispose()
