"""Parameters, calendar, breaks, 주휴 hours, contract validation and the purity boundary."""

import ast
from datetime import date
from fractions import Fraction
from pathlib import Path

import pytest

from app.labor import (
    Contract,
    ParameterError,
    ParameterNotDefined,
    holiday_name,
    is_paid_public_holiday,
    minimum_wage,
    public_holidays,
    required_break_minutes,
    validate_contract,
    weekly_holiday_hours,
)
from app.labor.parameters import all_parameters, parse_parameters, value

GOOD = {"x": {"description": "d", "unit": "u", "values": [
    {"since": date(2026, 1, 1), "value": 1, "confirmed": date(2026, 11, 21),
     "reference": {"act": "a", "article": "b", "source": "c"}}]}}


@pytest.mark.parametrize(("day", "rate"), [(date(2023, 6, 1), 9620), (date(2024, 12, 31), 9860),
                                           (date(2025, 1, 1), 10030), (date(2026, 7, 1), 10320),
                                           (date(2027, 1, 1), 10700)])
def test_minimum_wage_by_day(day, rate):
    assert minimum_wage(day) == rate


def test_lookup_raises_before_first_value():
    with pytest.raises(ParameterNotDefined):
        minimum_wage(date(2022, 12, 31))


def test_every_parameter_cites_an_article():
    for parameter in all_parameters().values():
        assert all(e.reference.article and e.reference.source for e in parameter.entries)


@pytest.mark.parametrize("breakage", [
    lambda d: d["x"].pop("unit"),
    lambda d: d["x"]["values"][0].pop("reference"),
    lambda d: d["x"]["values"][0]["reference"].pop("article"),
    lambda d: d["x"]["values"][0].update(value=0.5),
    lambda d: d["x"]["values"][0].update(since="2026-01-01"),
    lambda d: d["x"]["values"].append(dict(d["x"]["values"][0])),
    lambda d: d["x"]["values"][0].update(extra=1),
])
def test_schema_errors_raise(breakage):
    import copy
    document = copy.deepcopy(GOOD)
    breakage(document)
    with pytest.raises(ParameterError):
        parse_parameters(document)


def test_pension_rates_and_bases():
    assert value("pension.employee_rate", date(2026, 3, 1)) == Fraction("0.0475")
    assert value("pension.employee_rate", date(2027, 3, 1)) == Fraction("0.05")
    assert value("pension.base_cap", date(2026, 6, 30)) == 6370000
    assert value("pension.base_cap", date(2026, 7, 1)) == 6590000


def test_public_holidays_2026_match_labor_law_section_5():
    days = public_holidays(2026)
    for expected in ("2026-03-02", "2026-05-01", "2026-05-25", "2026-06-03", "2026-07-17",
                     "2026-08-17", "2026-10-05", "2026-10-09", "2026-12-25"):
        assert date.fromisoformat(expected) in days
    assert date(2026, 9, 28) not in days  # 추석 on Saturday: no substitute
    assert date(2027, 5, 3) in public_holidays(2027) and date(2027, 12, 27) in public_holidays(2027)


def test_labor_day_paid_at_every_size_other_holidays_at_5_plus():
    assert is_paid_public_holiday(date(2025, 5, 1), 1)  # 근로자의 날 before it became a 관공서 공휴일
    assert is_paid_public_holiday(date(2026, 5, 1), 3)
    assert not is_paid_public_holiday(date(2027, 5, 3), 3)  # substitute for 노동절: 관공서 rule, 5+ only
    assert is_paid_public_holiday(date(2027, 5, 3), 5)
    assert not is_paid_public_holiday(date(2021, 3, 1), 10)  # 5–29 phased in from 2022-01-01
    assert is_paid_public_holiday(date(2021, 3, 1), 30)
    assert holiday_name(date(2026, 5, 1)) == "노동절"


@pytest.mark.parametrize(("minutes", "day", "waiver", "needed"), [
    (239, date(2026, 11, 1), False, 0), (240, date(2026, 11, 1), False, 30),
    (240, date(2026, 11, 1), True, 30), (240, date(2026, 12, 10), True, 0),
    (241, date(2026, 12, 10), True, 30), (479, date(2026, 11, 1), False, 30),
    (480, date(2026, 11, 1), False, 60), (720, date(2026, 11, 1), False, 60)])
def test_required_break(minutes, day, waiver, needed):
    assert required_break_minutes(minutes, day, waiver) == needed


@pytest.mark.parametrize(("weekly", "hours"), [(14, 0), (15, 3), (20, 4), (Fraction("16.5"), Fraction("3.3")),
                                               (40, 8), (52, 8)])
def test_weekly_holiday_hours(weekly, hours):
    assert weekly_holiday_hours(weekly, date(2026, 11, 1)) == hours


def test_validate_contract_flags_minor_and_minimum():
    contract = Contract(hourly_wage=Fraction(10000), weekly_scheduled_hours=Fraction(40),
                        scheduled_days=frozenset({"MON", "TUE", "WED", "THU", "FRI"}),
                        start_date=date(2026, 3, 2), worker_birth_date=date(2010, 1, 1),
                        daily_scheduled_hours={d: Fraction(8) for d in ("MON", "TUE", "WED", "THU", "FRI")})
    codes = {issue.code for issue in validate_contract(contract)}
    assert codes == {"minimum_wage", "minor_hours"}


FORBIDDEN = ("flask", "sqlalchemy", "apscheduler", "os", "requests", "time", "app.models", "app.services")


def test_labor_package_does_no_io():
    paths = sorted((Path(__file__).parents[2] / "app" / "labor").glob("*.py"))
    assert paths
    for path in paths:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            for name in names:
                assert not any(name == f or name.startswith(f + ".") for f in FORBIDDEN), (path, name)
            if isinstance(node, ast.Attribute) and node.attr in ("now", "today", "utcnow"):
                pytest.fail(f"{path} reads the clock")
