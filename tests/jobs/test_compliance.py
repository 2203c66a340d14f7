"""Each compliance alert kind appears once and only once."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

import sqlalchemy as sa

from tests.jobs.conftest import run_job, weekday_shifts


def _alerts(app, kind=None):
    from app.extensions import db
    from app.models.alerts import Alert

    with app.app_context():
        q = sa.select(Alert)
        if kind:
            q = q.where(Alert.kind == kind)
        return list(db.session.scalars(q))


def _twice(app, day):
    run_job(app, "scan-compliance", day)
    run_job(app, "scan-compliance", day)


def test_missing_insurance_after_deadline_only_and_resolved_by_report(app, world):
    from app import clock
    from app.extensions import db
    from app.models.contracts import Contract
    from app.services import compliance

    (cid,) = world.setup(start=date(2026, 3, 2), weekly=Fraction(20))
    _twice(app, date(2026, 4, 15))  # deadline day for employment/pension; health (14 days) is past
    assert {a.facts["insurance"] for a in _alerts(app, "missing_insurance")} == {"health"}
    _twice(app, date(2026, 4, 16))
    found = _alerts(app, "missing_insurance")
    assert sorted(a.facts["insurance"] for a in found) == ["employment", "health", "industrial_accident", "pension"]
    assert all(a.facts["audience"] == ["insurer", "center"] for a in found)
    with app.app_context():
        compliance.report_insurance(db.session.get(Contract, cid), "employment", date(2026, 4, 20),
                                    world.employer_id, clock.now())
    statuses = {a.facts["insurance"]: a.status for a in _alerts(app, "missing_insurance")}
    assert statuses["employment"] == "resolved"
    _twice(app, date(2026, 4, 21))  # a late report stays reported: not raised again
    assert len(_alerts(app, "missing_insurance")) == 4


def test_minimum_wage_below_once_a_year(app, world):
    world.setup(start=date(2026, 3, 2), wage=Fraction(10320))
    _twice(app, date(2026, 12, 31))
    assert _alerts(app, "minimum_wage_below") == []
    _twice(app, date(2027, 1, 1))
    _twice(app, date(2027, 1, 2))
    (alert,) = _alerts(app, "minimum_wage_below")
    assert alert.facts["minimum"] == 10700 and alert.facts["year"] == 2027


def test_weekly_52h_at_five_plus_workplace(app, world):
    (cid,) = world.setup(start=date(2026, 3, 2), employees=7)
    world.hours[cid] = lambda s, e: weekday_shifts(s, e, hours=12, first_hour=8)  # 5 × 11 h = 55 h
    _twice(app, date(2026, 3, 9))
    _twice(app, date(2026, 3, 10))
    (alert,) = _alerts(app, "weekly_52h")
    assert alert.facts["week"] == "2026-03-02" and alert.severity == "high"


def test_minor_hours(app, world, monkeypatch):
    from app.labor import Contract as LaborContract

    (cid,) = world.setup(start=date(2026, 3, 2))
    base = world.terms

    def minor_terms(contract, day):
        t = base(contract, day)
        return LaborContract(**{**{f: getattr(t, f) for f in t.__slots__}, "worker_birth_date": date(2010, 1, 1)})

    from app.services import statements

    monkeypatch.setattr(statements, "pay_terms", minor_terms)
    world.hours[cid] = lambda s, e: weekday_shifts(s, e, hours=9, first_hour=9)  # 8 h a day > 7
    _twice(app, date(2026, 3, 9))
    (alert,) = _alerts(app, "minor_hours")
    assert alert.severity == "critical" and "minor_hours" in alert.facts["violations"]


def test_missing_contract_after_grace(app, world):
    world.setup(start=date(2026, 3, 2), status="draft")
    _twice(app, date(2026, 3, 4))  # worked the 2nd, grace of 3 days not over
    assert _alerts(app, "missing_contract") == []
    _twice(app, date(2026, 3, 6))
    _twice(app, date(2026, 3, 20))
    assert len(_alerts(app, "missing_contract")) == 1


def test_headcount_mismatch_once(app, world):
    world.setup(workers=5, employees=3, start=date(2026, 3, 2))
    _twice(app, date(2026, 3, 3))
    _twice(app, date(2026, 3, 4))
    (alert,) = _alerts(app, "headcount_mismatch")
    assert alert.facts["declared"] == 3 and alert.facts["active_contracts"] == 5
