"""APScheduler in its own process, with a persistent job store in the service's database."""

from __future__ import annotations

import logging

from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.blocking import BlockingScheduler

from app import clock
from jobs import registry

log = logging.getLogger("nomusa.jobs")
JOBSTORE_TABLE = "apscheduler_jobs"
_APP = None


def app():
    """One Flask app per scheduler process, made on first use."""
    global _APP
    if _APP is None:
        from app import create_app

        _APP = create_app()
    return _APP


def run_job(job_id: str, for_date=None) -> dict:
    """Entry point the job store refers to by name; also used by `python -m jobs run`."""
    from app.services import jobruns

    spec = registry.get(job_id)
    day = for_date or clock.today_seoul()
    with app().app_context():
        counts: dict = {}

        def body() -> dict:
            counts.update(spec.run(day) or {})
            return counts

        jobruns.record(job_id, day, body, quiet=spec.quiet)
        return counts


def register(scheduler) -> list[str]:
    """Add every declared job under its stable id; re-registering replaces, never duplicates."""
    ids = []
    for spec in registry.jobs():
        scheduler.add_job(
            "jobs.scheduler:run_job",
            spec.trigger,
            id=spec.id,
            name=spec.description or spec.id,
            args=[spec.id],
            replace_existing=True,
            coalesce=True,
            max_instances=1,
            misfire_grace_time=300,
            **spec.trigger_args,
        )
        ids.append(spec.id)
    return ids


def build(database_url: str, blocking: bool = True):
    from apscheduler.schedulers.background import BackgroundScheduler

    cls = BlockingScheduler if blocking else BackgroundScheduler
    store = SQLAlchemyJobStore(url=database_url, tablename=JOBSTORE_TABLE)
    return cls(jobstores={"default": store}, timezone="Asia/Seoul")


def serve() -> None:
    settings = app().config["SETTINGS"]
    scheduler = build(settings.database_url)
    ids = register(scheduler)
    log.info("scheduler started", extra={"fields": {"jobs": ids}})
    scheduler.start()
