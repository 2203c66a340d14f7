"""A small world for the job tests: rows built directly, hours and terms through the two seams."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from fractions import Fraction

import pytest

from app.labor import Contract as LaborContract
from app.labor import Shift
from app.labor.model import SEOUL

DEFAULT_WAGE = Fraction(12000)


@dataclass
class FakePayShifts:
    shifts: list
    basis: str = "co-signed"
    shift_ids: list = field(default_factory=list)


def weekday_shifts(start: date, end: date, hours: int = 4, first_hour: int = 10) -> list[Shift]:
    """``hours`` a day Mon–Fri from ``first_hour`` (Seoul), no break needed under 4 h."""
    out, day = [], start
    while day <= end:
        if day.weekday() < 5:
            begin = datetime(day.year, day.month, day.day, first_hour, tzinfo=SEOUL)
            out.append(Shift(begin, begin + timedelta(hours=hours), 30 if hours >= 4 else 0))
        day += timedelta(days=1)
    return out


class World:
    """Users, a workplace and contracts; ``hours[contract_id]`` feeds the shifts seam."""

    def __init__(self, app):
        self.app = app
        self.hours: dict[str, callable] = {}
        self.wage: dict[str, Fraction] = {}
        self.weekly: dict[str, Fraction] = {}

    def setup(self, *, workers: int = 1, start=date(2026, 3, 1), employees: int = 3, status="active",
              pay_period="monthly", end_date=None, pay_day="10", wage=DEFAULT_WAGE, weekly=Fraction(20),
              hours_per_day=4):
        from app.extensions import db
        from app.models.accounts import User
        from app.models.contracts import Contract, ContractVersion
        from app.models.workplaces import EmployeeCount, Workplace

        with self.app.app_context():
            employer = User(role="employer", email=None, password_hash="x", name="사장")
            db.session.add(employer)
            db.session.flush()
            wp = Workplace(employer_id=employer.id, name="카페 노무사", business_number="2208162517",
                           address="서울 마포구", district="마포구")
            wp.employee_counts.append(EmployeeCount(count=employees, since=date(2020, 1, 1)))
            db.session.add(wp)
            db.session.flush()
            ids = []
            for n in range(workers):
                worker = User(role="worker", password_hash="x", name=f"근로자{n}", birth_date=date(1999, 4, 1))
                db.session.add(worker)
                db.session.flush()
                c = Contract(workplace_id=wp.id, employer_id=employer.id, worker_id=worker.id, status=status,
                             start_date=start, end_date=end_date, pay_period=pay_period)
                signed = datetime(2026, 1, 1, tzinfo=SEOUL) if status != "draft" else None
                c.versions.append(ContractVersion(number=1, effective_from=start, created_by=employer.id,
                                                  terms={"pay_day": pay_day}, signed_at=signed,
                                                  status="signed" if signed else "draft"))
                db.session.add(c)
                db.session.flush()
                ids.append(c.id)
                self.wage[c.id], self.weekly[c.id] = wage, weekly
                self.hours[c.id] = lambda s, e, h=hours_per_day: weekday_shifts(s, e, h)
            db.session.commit()
            self.employer_id, self.workplace_id = employer.id, wp.id
            self.worker_ids = [db.session.get(Contract, i).worker_id for i in ids]
        return ids

    def terms(self, contract, day):
        return LaborContract(hourly_wage=self.wage[contract.id], weekly_scheduled_hours=self.weekly[contract.id],
                             scheduled_days=frozenset({"MON", "TUE", "WED", "THU", "FRI"}),
                             start_date=contract.start_date, end_date=contract.end_date,
                             worker_birth_date=date(1999, 4, 1))

    def shifts(self, contract, start, end, pay_day):
        return FakePayShifts(list(self.hours[contract.id](start, end)))


@pytest.fixture
def world(app, monkeypatch):
    from app.services import statements

    w = World(app)
    monkeypatch.setattr(statements, "pay_terms", w.terms)
    monkeypatch.setattr(statements, "shifts_for_pay", w.shifts)
    return w


def run_job(app, job: str, day: date) -> dict:
    """What `python -m jobs run JOB --date DAY` does, on the test app."""
    from app.services import jobruns
    from jobs import registry

    with app.app_context():
        return dict(jobruns.record(job, day, lambda: registry.get(job).run(day)).counts)


def seoul(*args) -> datetime:
    return datetime(*args, tzinfo=SEOUL)
