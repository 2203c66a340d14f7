"""Run a job body and record it in job_runs (started, finished, counts, errors)."""

from __future__ import annotations

import logging
import socket
import traceback
from collections.abc import Callable
from datetime import date

import sqlalchemy as sa

from app import clock
from app.extensions import db
from app.models.jobs import JobRun

log = logging.getLogger("nomusa.jobs")


def record(job: str, for_date: date | None, body: Callable[[], dict]) -> JobRun:
    """Run ``body`` (which commits its own units of work) and keep a job_runs row for it."""
    run = JobRun(job=job, for_date=for_date, host=socket.gethostname(), started_at=clock.now())
    db.session.add(run)
    db.session.commit()
    run_id = run.id
    log.info("job started", extra={"fields": {"job": job, "run": run_id, "date": str(for_date)}})
    try:
        counts = body() or {}
    except Exception as exc:
        db.session.rollback()
        run = db.session.get(JobRun, run_id)
        run.status, run.error = "failed", "".join(traceback.format_exception_only(exc)).strip()[:4000]
        run.finished_at = clock.now()
        db.session.commit()
        log.exception("job failed", extra={"fields": {"job": job, "run": run_id}})
        raise
    run = db.session.get(JobRun, run_id)
    run.status, run.counts, run.finished_at = "ok", counts, clock.now()
    db.session.commit()
    log.info("job finished", extra={"fields": {"job": job, "run": run_id, "counts": counts}})
    return run


def recent(job: str | None = None, limit: int = 100) -> list[JobRun]:
    q = sa.select(JobRun).order_by(JobRun.started_at.desc()).limit(limit)
    if job:
        q = q.where(JobRun.job == job)
    return list(db.session.scalars(q))
