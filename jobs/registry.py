"""Every periodic job, declared once as data with a stable id (Redash's schedule.py pattern)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class JobSpec:
    id: str
    run: Callable[[date], dict]  # the job body: takes the day (Asia/Seoul) it runs for
    trigger: str  # "interval" or "cron"
    trigger_args: dict = field(default_factory=dict)
    description: str = ""


def _jobs() -> list[JobSpec]:
    from jobs import publish_checkpoint

    return [
        JobSpec(
            "publish-checkpoint",
            publish_checkpoint.run,
            "interval",
            {"seconds": 5},
            "Sign a new ledger checkpoint when the tree has grown.",
        ),
    ]


def jobs() -> list[JobSpec]:
    return _jobs()


def get(job_id: str) -> JobSpec:
    for spec in jobs():
        if spec.id == job_id:
            return spec
    raise KeyError(job_id)
