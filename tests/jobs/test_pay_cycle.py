"""A month of hours → statement the day after the period → alert the day after pay day →
partial payment updates it → full payment resolves it (time driven forward with time-machine)."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
import time_machine

from tests.jobs.conftest import run_job, seoul


def _statements(app):
    from app.extensions import db
    from app.models.pay import WageStatement

    with app.app_context():
        return list(db.session.scalars(sa.select(WageStatement)))


def _alerts(app):
    from app.extensions import db
    from app.models.alerts import Alert

    with app.app_context():
        rows = list(db.session.scalars(sa.select(Alert).order_by(Alert.seq)))
        for a in rows:
            _ = a.events
        return rows


def test_statement_then_arrears_then_payments(app, world):
    from app.extensions import db
    from app.models.accounts import User
    from app.services import payments

    (cid,) = world.setup()
    with time_machine.travel(seoul(2026, 3, 31, 12), tick=False):
        assert run_job(app, "close-pay-periods", date(2026, 3, 31))["statements"] == 0
    with time_machine.travel(seoul(2026, 4, 1, 1, 10), tick=False):
        counts = run_job(app, "close-pay-periods", date(2026, 4, 1))
    assert counts["statements"] == 1
    (st,) = _statements(app)
    assert (st.period_start, st.period_end, st.pay_date) == (date(2026, 3, 1), date(2026, 3, 31), date(2026, 4, 10))
    assert st.basis == "co-signed" and st.ledger_index is not None and len(st.commitment) == 32
    doc = st.document
    assert doc["worker"]["name"] == "근로자0" and doc["worker"]["birth_date"] == "1999-04-01"
    assert doc["pay_date"] == "2026-04-10" and doc["total_due"] == st.net > 0
    assert {c["item"] for c in doc["components"]} >= {"base_pay", "weekly_holiday_allowance"}
    assert all(c["method"] for c in doc["components"]) and "overtime" in doc["hours"]
    assert doc["deductions_total"] == st.deductions_total and st.net == st.gross - st.deductions_total

    with time_machine.travel(seoul(2026, 4, 10, 12), tick=False):  # pay day itself: not late
        run_job(app, "scan-arrears", date(2026, 4, 10))
    assert _alerts(app) == []
    with time_machine.travel(seoul(2026, 4, 11, 2), tick=False):
        assert run_job(app, "scan-arrears", date(2026, 4, 11))["opened"] == 1
        run_job(app, "scan-arrears", date(2026, 4, 11))  # idempotent
    (alert,) = _alerts(app)
    assert alert.kind == "wage_arrears" and alert.severity == "low" and alert.status == "open"
    assert alert.facts["amount_owed"] == st.net and alert.facts["days_late"] == 1
    assert alert.facts["delay_interest"] == st.net * 20 // 100 // 365  # one day at 20%/year, truncated
    assert alert.evidence == {"statement": st.ledger_index} and alert.district == "마포구"
    assert len(alert.events) == 1

    with time_machine.travel(seoul(2026, 4, 18, 2), tick=False):
        run_job(app, "scan-arrears", date(2026, 4, 18))
    (alert,) = _alerts(app)
    assert alert.severity == "medium" and alert.facts["days_late"] == 8

    half = st.net // 2
    with time_machine.travel(seoul(2026, 4, 18, 15), tick=False), app.app_context():
        employer = db.session.get(User, world.employer_id)
        payments.record(employer, cid, st.id, {"amount": half, "paid_on": date(2026, 4, 18),
                                               "method": "bank_transfer"}, "k1", date(2026, 4, 18),
                        seoul(2026, 4, 18, 15))
    (alert,) = _alerts(app)
    assert alert.status == "open" and alert.facts["amount_owed"] == st.net - half and alert.facts["paid"] == half

    with time_machine.travel(seoul(2026, 4, 20, 15), tick=False), app.app_context():
        employer = db.session.get(User, world.employer_id)
        payments.record(employer, cid, st.id, {"amount": st.net - half, "paid_on": date(2026, 4, 20),
                                               "method": "cash"}, None, date(2026, 4, 20), seoul(2026, 4, 20, 15))
    (alert,) = _alerts(app)
    assert alert.status == "resolved" and alert.resolved_at is not None
    assert [e.action for e in alert.events] == ["opened", "updated", "updated", "resolved"]
    seqs = [e.seq for e in alert.events]
    assert seqs == sorted(seqs) and len(set(seqs)) == len(seqs)
    with time_machine.travel(seoul(2026, 4, 21, 2), tick=False):
        run_job(app, "scan-arrears", date(2026, 4, 21))
    assert _alerts(app)[0].status == "resolved"


def test_notifications_for_both_parties(app, world):
    from app.extensions import db
    from app.models.notifications import Notification

    world.setup()
    with time_machine.travel(seoul(2026, 4, 1, 1), tick=False):
        run_job(app, "close-pay-periods", date(2026, 4, 1))
    with app.app_context():
        users = set(db.session.scalars(sa.select(Notification.user_id).where(Notification.kind == "statement_issued")))
    assert users == {world.employer_id, world.worker_ids[0]}


def test_catch_up_closes_every_missed_period_once(app, world):
    world.setup(start=date(2026, 1, 15))
    counts = run_job(app, "close-pay-periods", date(2026, 4, 2))
    assert counts["statements"] == 3  # Jan (from the 15th), Feb, Mar
    assert run_job(app, "close-pay-periods", date(2026, 4, 3))["statements"] == 0
    periods = sorted((s.period_start, s.period_end) for s in _statements(app))
    assert periods[0] == (date(2026, 1, 15), date(2026, 1, 31))


def test_weekly_pay_period_closes_monday_to_sunday(app, world):
    world.setup(start=date(2026, 3, 2), pay_period="weekly", pay_day="FRI")
    run_job(app, "close-pay-periods", date(2026, 3, 9))
    (st,) = _statements(app)
    assert (st.period_start, st.period_end, st.pay_date) == (date(2026, 3, 2), date(2026, 3, 8), date(2026, 3, 13))
