"""Two schedulers racing on the same day, and a run killed part-way then re-run: no duplicates."""

from __future__ import annotations

import threading
from datetime import date

import pytest
import sqlalchemy as sa

from tests.jobs.conftest import run_job


def _count(app, model) -> int:
    from app.extensions import db

    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def _second_app(app):
    from app import create_app

    return create_app(app.config["SETTINGS"])


def _race(apps, job, day):
    barrier, errors, results = threading.Barrier(len(apps)), [], []

    def go(a):
        try:
            barrier.wait()
            results.append(run_job(a, job, day))
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=go, args=(a,)) for a in apps]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    return results


def _dispose(other):
    from app.extensions import db

    with other.app_context():
        db.session.remove()
        db.engine.dispose()


def test_two_schedulers_one_statement_and_one_alert_each(app, world, backend):
    from app.models.alerts import Alert, AlertOutbox
    from app.models.pay import WageStatement

    world.setup(workers=6, employees=3)
    other = _second_app(app)
    try:
        results = _race([app, other], "close-pay-periods", date(2026, 4, 1))
        assert sum(r["statements"] for r in results) == 6
        assert _count(app, WageStatement) == 6
        _race([app, other], "scan-arrears", date(2026, 4, 12))
        assert _count(app, Alert) == 6
        _race([app, other], "scan-compliance", date(2026, 4, 20))
        _race([app, other], "scan-compliance", date(2026, 4, 20))
        alerts = _count(app, Alert)
        assert alerts == 6 + 1 + 6 * 4  # arrears, one headcount_mismatch, 4 missing insurance reports each
        assert _count(app, AlertOutbox) == alerts
    finally:
        _dispose(other)


def test_killed_run_resumes_without_duplicates_or_gaps(app, world, monkeypatch):
    from app.models.claims import WorkClaim
    from app.models.pay import WageStatement
    from app.services import statements

    world.setup(workers=5)
    real, done = statements.build_statement, []

    def dies_after_three(*args, **kwargs):
        if len(done) == 3:
            raise RuntimeError("killed")
        done.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(statements, "build_statement", dies_after_three)
    with pytest.raises(RuntimeError):
        run_job(app, "close-pay-periods", date(2026, 4, 1))
    assert _count(app, WageStatement) == 3
    monkeypatch.setattr(statements, "build_statement", real)
    assert run_job(app, "close-pay-periods", date(2026, 4, 1))["statements"] == 2
    assert _count(app, WageStatement) == 5 == _count(app, WorkClaim)

    from app.extensions import db
    from app.services import jobruns

    with app.app_context():
        runs = jobruns.recent("close-pay-periods")
        assert [r.status for r in runs] == ["ok", "failed"] and "killed" in runs[1].error
        db.session.remove()
