"""Run a job body and record it in job_runs (started, finished, counts, errors)."""

from __future__ import annotations

import logging
import socket
import traceback
from collections.abc import Callable
from datetime import date, datetime

import sqlalchemy as sa

from app import clock
from app.extensions import db
from app.models.jobs import JobRun

log = logging.getLogger("nomusa.jobs")
IDLE_KEYS = frozenset({"tree_size"})  # totals reported by a run, not work it did


def did_work(counts: dict) -> bool:
    return any(v for k, v in counts.items() if k not in IDLE_KEYS and isinstance(v, int | float))


def _new_run(job: str, for_date: date | None, started: datetime) -> JobRun:
    return JobRun(job=job, for_date=for_date, host=socket.gethostname(), started_at=started)


def _finish(run: JobRun, counts: dict | None, exc: BaseException | None) -> None:
    if exc is None:
        run.status, run.counts = "ok", counts or {}
    else:
        run.status = "failed"
        run.error = "".join(traceback.format_exception_only(exc)).strip()[:4000]
    run.finished_at = clock.now()


def record(job: str, for_date: date | None, body: Callable[[], dict], quiet: bool = False) -> JobRun | None:
    """Run ``body`` (which commits its own units of work) and keep a job_runs row for it.

    The row is written before the body runs, so a run killed midway stays visible as 'running'.
    A ``quiet`` job (one that runs every few seconds) is recorded only if it did work or failed.
    """
    started = clock.now()
    run_id = None
    if not quiet:
        run = _new_run(job, for_date, started)
        db.session.add(run)
        db.session.commit()
        run_id = run.id
        log.info("job started", extra={"fields": {"job": job, "run": run_id, "date": str(for_date)}})
    try:
        counts, failure = body() or {}, None
    except Exception as exc:
        db.session.rollback()
        counts, failure = None, exc
    if quiet and failure is None and not did_work(counts):
        return None
    run = db.session.get(JobRun, run_id) if run_id else _new_run(job, for_date, started)
    _finish(run, counts, failure)
    db.session.add(run)
    db.session.commit()
    fields = {"job": job, "run": run.id, "counts": counts}
    if failure is not None:
        log.error("job failed", exc_info=failure, extra={"fields": fields})
        raise failure
    log.info("job finished", extra={"fields": fields})
    return run


def recent(job: str | None = None, limit: int = 100) -> list[JobRun]:
    q = sa.select(JobRun).order_by(JobRun.started_at.desc()).limit(limit)
    if job:
        q = q.where(JobRun.job == job)
    return list(db.session.scalars(q))
