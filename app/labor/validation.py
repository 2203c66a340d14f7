"""Checks on a contract before any work is done (근로계약 검토): minimum wage, minors, 52 h, probation."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app.labor.calendar import age_on
from app.labor.classify import is_minor
from app.labor.model import WEEKDAYS, Contract
from app.labor.parameters import value
from app.labor.wages import minimum_rate, probation_allowed


@dataclass(frozen=True, slots=True)
class ContractIssue:
    code: str
    field: str
    message: str
    basis: str


def _minor_issues(contract: Contract, day: date) -> list[ContractIssue]:
    if not is_minor(contract, day):
        return []
    agreed = contract.minor_extension_agreement
    weekly = value("minors.weekly_limit", day) + (value("minors.extension_weekly", day) if agreed else 0)
    daily = value("minors.daily_limit", day) + (value("minors.extension_daily", day) if agreed else 0)
    issues = []
    if contract.weekly_scheduled_hours > weekly:
        issues.append(ContractIssue("minor_hours", "weekly_scheduled_hours",
                                    f"minors may be scheduled at most {weekly} h a week", "근로기준법 제69조"))
    if any(h > daily for h in (contract.daily_scheduled_hours or {}).values()):
        issues.append(ContractIssue("minor_hours", "daily_scheduled_hours",
                                    f"minors may be scheduled at most {daily} h a day", "근로기준법 제69조"))
    if contract.worker_birth_date and age_on(contract.worker_birth_date, day) < value("minors.min_age", day):
        issues.append(ContractIssue("worker_under_15", "worker_birth_date",
                                    "employing a child under 15 needs a 취직인허증", "근로기준법 제64조①"))
    return issues


def validate_contract(contract: Contract, day: date | None = None) -> list[ContractIssue]:
    """Issues with the contract's terms as of ``day`` (default: its start date)."""
    day = day or contract.start_date
    issues = []
    if contract.hourly_wage < minimum_rate(contract, day):
        issues.append(ContractIssue("minimum_wage", "hourly_wage",
                                    f"below the minimum of {minimum_rate(contract, day)} won", "최저임금법 제6조"))
    if contract.weekly_scheduled_hours > value("hours.weekly_limit", day):
        issues.append(ContractIssue("weekly_hours", "weekly_scheduled_hours",
                                    "contracted hours above 40 a week", "근로기준법 제50조①"))
    if not contract.scheduled_days or not contract.scheduled_days <= set(WEEKDAYS):
        issues.append(ContractIssue("scheduled_days", "scheduled_days", "unknown or empty weekdays",
                                    "기간제법 제17조6호"))
    daily = contract.daily_scheduled_hours
    if daily and sum(daily.values()) != contract.weekly_scheduled_hours:
        issues.append(ContractIssue("daily_hours_mismatch", "daily_scheduled_hours",
                                    "daily hours do not add up to the weekly hours", "기간제법 제17조6호"))
    if contract.probation and not probation_allowed(contract):
        issues.append(ContractIssue("probation_not_allowed", "probation",
                                    "probation pay needs a contract of 1 year+ and no 단순노무",
                                    "최저임금법 제5조②, 시행령 제3조"))
    return issues + _minor_issues(contract, day)
