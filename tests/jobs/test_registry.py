"""The scheduler's job list: stable ids, idempotent registration, quiet frequent jobs."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models.jobs import JobRun
from app.services import jobruns
from jobs import registry, scheduler


def test_ids_are_unique_and_registration_is_idempotent(app):
    ids = [spec.id for spec in registry.jobs()]
    assert len(ids) == len(set(ids))
    sched = scheduler.build(app.config["SETTINGS"].database_url, blocking=False)
    sched.start(paused=True)  # jobs go to the persistent store, nothing runs
    try:
        assert scheduler.register(sched) == ids
        assert scheduler.register(sched) == ids  # re-registering replaces, never duplicates
        assert sorted(j.id for j in sched.get_jobs()) == sorted(ids)
    finally:
        sched.shutdown(wait=False)
        sched._jobstores["default"].engine.dispose()  # the job store's own pool


def _runs(app) -> list[JobRun]:
    with app.app_context():
        return list(db.session.scalars(sa.select(JobRun)))


def test_quiet_job_is_recorded_only_when_it_works_or_fails(app):
    day = date(2026, 11, 21)
    with app.app_context():
        assert jobruns.record("idle", day, lambda: {"published": 0, "tree_size": 9}, quiet=True) is None
        assert jobruns.record("busy", day, lambda: {"published": 1, "tree_size": 10}, quiet=True) is not None

        def boom() -> dict:
            raise RuntimeError("disk full")

        with pytest.raises(RuntimeError):
            jobruns.record("broken", day, boom, quiet=True)
    runs = {r.job: r for r in _runs(app)}
    assert set(runs) == {"busy", "broken"}
    assert runs["broken"].status == "failed" and "disk full" in runs["broken"].error
    assert runs["busy"].status == "ok" and runs["busy"].counts["published"] == 1


def test_loud_job_keeps_a_row_even_when_idle(app):
    with app.app_context():
        run = jobruns.record("daily", date(2026, 11, 21), lambda: {"statements": 0})
    assert run is not None and [r.status for r in _runs(app)] == ["ok"]
