"""Contract terms (근로조건) as stored and signed, their legal review and their pay-rule view.

Terms are a JSON object (dates as ISO strings, money as int won) covering 근로기준법 제17조 and
기간제법 제17조 in the layout of 고용노동부 표준근로계약서(단시간근로자). ``review`` refuses
unlawful terms with a LegalViolation naming the field and the article, and returns warnings for
what is lawful but notable. The legal checks of ``app.labor.validate_contract`` are reused.
"""

from __future__ import annotations

from datetime import date
from fractions import Fraction

from app.errors import LegalViolation, ValidationFailed
from app.labor import Contract as LaborContract
from app.labor import is_minor, minimum_wage, required_break_minutes, validate_contract, weekly_holiday_hours
from app.labor.calendar import age_on
from app.labor.parameters import value

DAY = 24 * 60
NIGHT_START, NIGHT_END = 22 * 60, 6 * 60
MONTH_WEEKS = Fraction(365, 7 * 12)  # weeks in an average month (≈ 4.345, 고용노동부 월 소정근로시간 산정)
ISSUE_FIELDS = {
    "hourly_wage": "wage.amount",
    "weekly_scheduled_hours": "schedule",
    "daily_scheduled_hours": "schedule",
    "scheduled_days": "schedule",
    "worker_birth_date": "worker_birth_date",
    "probation": "probation",
}


def _minutes(hhmm: str) -> int:
    hours, minutes = hhmm.split(":")
    return int(hours) * 60 + int(minutes)


def span(entry: dict) -> tuple[int, int]:
    """(start, end) minutes from the day's midnight; an end at or before the start is the next day."""
    start, end = _minutes(entry["start"]), _minutes(entry["end"])
    return start, end + DAY if end <= start else end


def work_minutes(entry: dict) -> int:
    start, end = span(entry)
    return end - start - int(entry.get("break_minutes") or 0)


def daily_hours(terms: dict) -> dict[str, Fraction]:
    return {e["day"]: Fraction(work_minutes(e), 60) for e in terms["schedule"]}


def weekly_hours(terms: dict) -> Fraction:
    return sum(daily_hours(terms).values(), Fraction(0))


def hourly_equivalent(terms: dict, day: date) -> Fraction:
    """The wage as an hourly rate for the minimum-wage check (최저임금법 시행령 제5조①):
    a daily wage over the longest scheduled day; a monthly wage over the monthly paid hours
    (weekly hours plus 주휴시간, times 365/7/12 weeks)."""
    wage = terms["wage"]
    amount = Fraction(int(wage["amount"]))
    if wage["type"] == "daily":
        return amount / max(daily_hours(terms).values())
    if wage["type"] == "monthly":
        weekly = weekly_hours(terms)
        return amount / ((weekly + weekly_holiday_hours(weekly, day)) * MONTH_WEEKS)
    return amount


def birth_date(terms: dict) -> date | None:
    raw = terms.get("worker_birth_date")
    return date.fromisoformat(raw) if raw else None


def to_labor_contract(terms: dict, day: date | None = None) -> LaborContract:
    """The pure rules' view of the terms (hourly wage, scheduled hours and days, minors' flags)."""
    start = date.fromisoformat(terms["start_date"])
    end = date.fromisoformat(terms["end_date"]) if terms.get("end_date") else None
    return LaborContract(
        hourly_wage=hourly_equivalent(terms, day or start),
        weekly_scheduled_hours=weekly_hours(terms),
        scheduled_days=frozenset(e["day"] for e in terms["schedule"]),
        start_date=start,
        end_date=end,
        worker_birth_date=birth_date(terms),
        daily_scheduled_hours=daily_hours(terms),
        minor_extension_agreement=bool(terms.get("minor_extension_agreement")),
        night_holiday_authorization=bool(terms.get("night_holiday_authorization")),
        weekly_holiday=terms.get("weekly_holiday", "SUN"),
        probation=bool(terms.get("probation")),
        simple_labor=bool(terms.get("simple_labor")),
    )


def check_shape(terms: dict) -> None:
    """Malformed schedules (400): a day twice, a break as long as the shift."""
    errors: dict[str, list[str]] = {}
    seen = set()
    for i, entry in enumerate(terms["schedule"]):
        if entry["day"] in seen:
            errors.setdefault(f"schedule.{i}.day", []).append("Each weekday may appear once.")
        seen.add(entry["day"])
        if entry["start"] == entry["end"] or work_minutes(entry) <= 0:
            errors.setdefault(f"schedule.{i}.break_minutes", []).append(
                "No working time left after the break."
            )
    if terms.get("end_date") and terms["end_date"] < terms["start_date"]:
        errors["end_date"] = ["The end date is before the start date."]
    if errors:
        raise ValidationFailed(errors=errors)


def _break_errors(terms: dict, day: date) -> dict[str, list[str]]:
    errors = {}
    for i, entry in enumerate(terms["schedule"]):
        needed = required_break_minutes(work_minutes(entry), day)
        if int(entry.get("break_minutes") or 0) < needed:
            errors[f"schedule.{i}.break_minutes"] = [
                f"{entry['day']}: {work_minutes(entry)} minutes of work need a break of at least "
                f"{needed} minutes (근로기준법 제54조①)"
            ]
    return errors


def _night(entry: dict) -> bool:
    start, end = span(entry)
    return start < NIGHT_END or end > NIGHT_START


def _minor_errors(terms: dict, contract: LaborContract, day: date) -> dict[str, list[str]]:
    if not is_minor(contract, day) or contract.night_holiday_authorization:
        return {}
    errors = {}
    for i, entry in enumerate(terms["schedule"]):
        if _night(entry):
            errors[f"schedule.{i}.start"] = [
                f"{entry['day']}: a worker under 18 may not work between 22:00 and 06:00 without consent "
                "and the Minister's authorization (근로기준법 제70조②)"
            ]
    if terms.get("weekly_holiday") in contract.scheduled_days:
        errors["weekly_holiday"] = [
            "a worker under 18 may not work on a holiday without authorization (근로기준법 제70조②)"
        ]
    return errors


def _issue_errors(contract: LaborContract, day: date, size: int | None) -> dict[str, list[str]]:
    """Refusals from the pure rules. The 40 h / 52 h limits (제50조, 제53조) bind only workplaces of
    5+ regular employees (제11조②, 시행령 별표1); an unknown size is treated as 5+."""
    errors: dict[str, list[str]] = {}
    weekly = contract.weekly_scheduled_hours
    cap = value("hours.weekly_cap", day)
    if weekly > cap and _five_plus(size, day):
        errors["schedule"] = [
            f"{float(weekly):g} scheduled hours a week exceed {cap} (근로기준법 제50조·제53조①)"
        ]
    for issue in validate_contract(contract, day):
        if issue.code == "weekly_hours":
            continue  # 40 < h ≤ 52 is lawful with an overtime agreement: a warning, not a refusal
        message = issue.message
        if issue.code == "minimum_wage":
            message = f"hourly wage {float(contract.hourly_wage):.0f} won is {message}"
        errors.setdefault(ISSUE_FIELDS.get(issue.field, issue.field), []).append(f"{message} ({issue.basis})")
    return errors


def _five_plus(size: int | None, day: date) -> bool:
    return size is None or size >= value("hours.premium_min_employees", day)


def _warnings(terms: dict, contract: LaborContract, day: date, size: int | None) -> list[dict]:
    warnings = []
    if contract.weekly_scheduled_hours > value("hours.weekly_limit", day):
        limit = "a written overtime agreement and +50% pay (근로기준법 제53조①·제56조①)"
        if not _five_plus(size, day):
            limit = "no 40/52 h limit below 5 regular employees (근로기준법 제11조②)"
        warnings.append(
            {
                "code": "over_40_hours",
                "field": "schedule",
                "message": f"more than 40 scheduled hours a week: {limit}",
            }
        )
    if contract.weekly_scheduled_hours < value("weekly_holiday.min_weekly_hours", day):
        warnings.append(
            {
                "code": "under_15_hours",
                "field": "schedule",
                "message": "under 15 hours a week: no 주휴일/주휴수당 and no 연차 (근로기준법 제18조③)",
            }
        )
    end = contract.end_date
    last_year = end.year if end else day.year + 1
    for year in range(day.year + 1, last_year + 1):
        jan1 = date(year, 1, 1)
        new, old = minimum_wage(jan1), minimum_wage(date(year - 1, 12, 31))
        if new > old and hourly_equivalent(terms, jan1) < new:
            warnings.append(
                {
                    "code": "minimum_wage_rise",
                    "field": "wage.amount",
                    "message": f"from {jan1.isoformat()} the minimum wage is {new} won an hour; "
                    "the wage must be raised then (최저임금법 제6조)",
                }
            )
    return warnings


def review(terms: dict, day: date | None = None, workplace_size: int | None = None) -> list[dict]:
    """Refuse unlawful terms (LegalViolation, 422) as of ``day`` (default: the start date); return warnings.

    ``workplace_size`` is the declared 상시근로자수 on that day (None: unknown, judged as 5+).
    """
    check_shape(terms)
    day = day or date.fromisoformat(terms["start_date"])
    contract = to_labor_contract(terms, day)
    errors = _issue_errors(contract, day, workplace_size)
    errors.update(_break_errors(terms, day))
    errors.update(_minor_errors(terms, contract, day))
    born = contract.worker_birth_date
    if born and age_on(born, day) < value("minors.min_age", day) and "worker_birth_date" not in errors:
        errors["worker_birth_date"] = [
            "a child under 15 may not be employed without a permit (근로기준법 제64조①)"
        ]
    if terms.get("weekly_holiday") in contract.scheduled_days and "weekly_holiday" not in errors:
        errors["weekly_holiday"] = [
            "the weekly paid holiday (주휴일) cannot be a scheduled working day (근로기준법 제55조①)"
        ]
    if int(terms.get("overtime_premium_rate", 50)) < 50 and _five_plus(workplace_size, day):
        errors["overtime_premium_rate"] = [
            "extra hours of a part-timer are paid at least 50% more (기간제법 제6조③)"
        ]
    if errors:
        raise LegalViolation("The contract terms break the law.", errors=errors)
    return _warnings(terms, contract, day, workplace_size)
