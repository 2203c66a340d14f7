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
    # A frequent job whose idle runs are not worth a job_runs row: recorded only when it did
    # something (a non-zero count other than totals such as tree_size) or failed.
    quiet: bool = False


def _jobs() -> list[JobSpec]:
    from jobs import (
        anchor_hours,
        close_pay_periods,
        deliver_webhooks,
        publish_checkpoint,
        scan_arrears,
        scan_compliance,
    )

    return [
        JobSpec(
            "publish-checkpoint",
            publish_checkpoint.run,
            "interval",
            {"seconds": 5},
            "Sign a new ledger checkpoint when the tree has grown.",
            quiet=True,
        ),
        JobSpec("close-pay-periods", close_pay_periods.run, "cron", {"hour": 1, "minute": 10},
                "Wage statements (임금명세서) for pay periods that ended."),
        JobSpec("scan-arrears", scan_arrears.run, "cron", {"hour": 2, "minute": 10},
                "wage_arrears alerts for statements unpaid after their pay day."),
        JobSpec("scan-compliance", scan_compliance.run, "cron", {"hour": 2, "minute": 40},
                "Compliance alerts: contracts, insurance, minimum wage, 52 h, minors, headcount."),
        JobSpec("anchor-hours", anchor_hours.run, "cron", {"hour": 0, "minute": 30},
                "One salted ledger commitment per contract for yesterday's clock events."),
        JobSpec("deliver-webhooks", deliver_webhooks.run, "interval", {"seconds": 3},
                "Signed alert-change webhooks, in order per alert, retried with backoff.", quiet=True),
    ]


def jobs() -> list[JobSpec]:
    return _jobs()


def get(job_id: str) -> JobSpec:
    for spec in jobs():
        if spec.id == job_id:
            return spec
    raise KeyError(job_id)
