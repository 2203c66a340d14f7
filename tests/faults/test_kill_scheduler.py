"""kill -9 of `python -m jobs run close-pay-periods` part-way through a payroll run, then the same
run again to completion: one wage statement per contract and period, scan-arrears twice raises each
alert once, and the ledger audit passes."""

from __future__ import annotations

import json
import random
import signal
import subprocess
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from app.clock import SEOUL
from tests.faults import support
from tests.support import db as dbsupport
from tests.support import hours_factories
from tests.support.factories import ApiDriver

CONTRACTS = 6  # with a month of signed clock events each
IDLE = 40  # more contracts without hours, so the run spans several batches (each commits on its own)
CLOSE_ON = date(2026, 11, 1)  # closes every month from the contracts' start (2026-01-01) to October
AFTER_PAY_DAY = date(2026, 11, 11)
LOGS: list[Path] = []  # the instance folder of the current test
PERIODS = (CONTRACTS + IDLE) * 10  # January to October


def _job(env, job: str, day: date) -> subprocess.Popen:
    """The job in a subprocess; its JSON logs go to a file (a full stderr pipe would stall it)."""
    LOGS[:] = [Path(env["NOMUSA_INSTANCE_DIR"])]
    log = open(LOGS[0] / "jobs.log", "ab")  # noqa: SIM115 - the child owns it now
    try:
        return subprocess.Popen([sys.executable, "-m", "jobs", "run", job, "--date", day.isoformat()],
                                cwd=support.ROOT, env=env, stdout=subprocess.PIPE, stderr=log, text=True)
    finally:
        log.close()


def _finish(proc: subprocess.Popen) -> dict:
    out, _ = proc.communicate(timeout=60)
    assert proc.returncode == 0, (out, (LOGS[0] / "jobs.log").read_text()[-3000:])
    return json.loads(out.strip().splitlines()[-1])


def _october(hw) -> list[dict]:
    items, day = [], date(2026, 10, 1)
    while day.month == 10:
        if day.weekday() < 5:
            for kind, hh in (("clock_in", 9), ("clock_out", 18)):
                items.append(hw.event(kind, datetime(day.year, day.month, day.day, hh, tzinfo=SEOUL).isoformat()))
        day += timedelta(days=1)
    return items


def _idle_contracts(app, hw) -> list[str]:
    from app.extensions import db
    from app.models.accounts import User

    with app.app_context():
        workers = [User(role="worker", password_hash="x", name=f"근로자{n}", birth_date=date(1999, 4, 1))
                   for n in range(IDLE)]
        db.session.add_all(workers)
        db.session.commit()
        ids = [w.id for w in workers]
    return [hours_factories.active_contract(app, hw.employer.id, w, hw.workplace["id"]) for w in ids]


def _scalar(app, query):
    from app.extensions import db

    with app.app_context():
        return db.session.scalar(query)


@pytest.mark.slow
def test_kill_9_mid_payroll_then_rerun_one_statement_per_period(backend, pg_server, tmp_path):
    from app import create_app
    from app.database import metadatas
    from app.extensions import db
    from app.models.alerts import Alert, AlertOutbox
    from app.models.jobs import JobRun
    from app.models.pay import WageStatement
    from app.services import ledger

    url = dbsupport.fresh_database(backend, tmp_path, pg_server, metadatas())
    env = support.service_env(url, tmp_path)
    app = create_app(support.settings(url, tmp_path))
    try:
        api = ApiDriver(app.test_client())
        contracts = []
        for _ in range(CONTRACTS):
            hw = hours_factories.world(app, api)
            resp = hw.post_batch(_october(hw))
            assert resp.status_code == 200 and resp.get_json()["accepted"] == 44, resp.get_json()
            contracts.append(hw.contract_id)
        contracts += _idle_contracts(app, hw)

        # kill when a random number of the PERIODS statements is in (0: as soon as the run is recorded)
        target = random.randrange(PERIODS)  # noqa: S311 - a random moment of the run, not a secret
        count = sa.select(sa.func.count()).select_from(WageStatement)
        proc = _job(env, "close-pay-periods", CLOSE_ON)
        watcher = sa.create_engine(dbsupport.sa_url(url))  # plain reads: the app's SQLite sessions BEGIN IMMEDIATE
        try:
            deadline = time.monotonic() + 15
            while proc.poll() is None and time.monotonic() < deadline:
                with watcher.connect() as conn:
                    started = conn.scalar(sa.select(sa.func.count()).select_from(JobRun))
                    if started and conn.scalar(count) >= target:
                        break
                time.sleep(0.02)
        finally:
            watcher.dispose()
        proc.send_signal(signal.SIGKILL)
        proc.communicate(timeout=10)
        killed_at = _scalar(app, sa.select(sa.func.count()).select_from(WageStatement))
        assert _scalar(app, sa.select(JobRun.status)) in ("running", "ok")  # a killed run stays 'running'

        _finish(_job(env, "close-pay-periods", CLOSE_ON))
        assert _finish(_job(env, "close-pay-periods", CLOSE_ON)).get("statements", 0) == 0  # nothing left

        with app.app_context():
            periods = db.session.execute(sa.select(WageStatement.contract_id, WageStatement.period_start,
                                                   WageStatement.period_end)).all()
            assert len(periods) == len(set(periods)), "a period was closed twice"
            october = {(c, s) for c, s, e in periods if (s, e) == (date(2026, 10, 1), date(2026, 10, 31))}
            assert len(october) == CONTRACTS + IDLE
            per_contract = {c: sum(1 for p in periods if p[0] == c) for c in contracts}
            assert set(per_contract.values()) == {per_contract[contracts[0]]}, per_contract  # same periods each
            assert killed_at <= len(periods) == PERIODS

        _finish(_job(env, "scan-arrears", AFTER_PAY_DAY))
        alerts = _scalar(app, sa.select(sa.func.count()).select_from(Alert))
        assert alerts >= CONTRACTS  # October at least is owed on every contract
        assert _finish(_job(env, "scan-arrears", AFTER_PAY_DAY)).get("opened", 0) == 0
        assert _scalar(app, sa.select(sa.func.count()).select_from(Alert)) == alerts
        assert _scalar(app, sa.select(sa.func.count()).select_from(AlertOutbox)) == alerts

        with app.app_context():
            report = ledger.log().audit(ledger.connection())
            assert report.ok, str(report)
            db.session.remove()
    finally:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
