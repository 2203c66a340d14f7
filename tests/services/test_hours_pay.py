"""shifts_for_pay: the co-signed record where there is one, else the worker's record."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from app.clock import SEOUL
from tests.support.hours_factories import world

MON = date(2026, 3, 2)
NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)


@pytest.fixture
def w(app, api):
    return world(app, api)


def _log(app, w, day: str, start="09:00", end="18:00", breaks=(("12:00", "13:00"),)):
    from app.extensions import db
    from app.models.accounts import User
    from app.services.hours import time_events

    items = [w.event("clock_in", f"{day}T{start}:00+09:00"), w.event("clock_out", f"{day}T{end}:00+09:00")]
    for a, b in breaks:
        items += [w.event("break_start", f"{day}T{a}:00+09:00"), w.event("break_end", f"{day}T{b}:00+09:00")]
    with app.app_context():
        results = time_events.record(db.session.get(User, w.worker.id), w.contract_id, items, NOW)
        assert [r["status"] for r in results] == [201] * len(items), results
        return results[0]["event"].shift_id


def _pay(app, w, pay_day=None):
    from app.extensions import db
    from app.models.contracts import Contract
    from app.services.hours import shifts_for_pay

    with app.app_context():
        return shifts_for_pay(db.session.get(Contract, w.contract_id), MON, date(2026, 3, 8), pay_day)


def _as(app, user_id):
    from app.extensions import db
    from app.models.accounts import User

    return db.session.get(User, user_id)


def test_unconfirmed_shifts_are_paid_on_the_worker_record(app, w):
    shift_id = _log(app, w, "2026-03-02")
    pay = _pay(app, w)
    assert pay.basis == "worker-record" and pay.shift_ids == [shift_id]
    (shift,) = pay.shifts
    assert shift.start == datetime(2026, 3, 2, 9, tzinfo=SEOUL) and shift.end == datetime(2026, 3, 2, 18, tzinfo=SEOUL)
    assert shift.break_minutes == 60 and len(shift.breaks) == 1 and shift.start.tzinfo is not None


def test_confirmed_is_co_signed_and_mixed_when_some_are_not(app, w):
    from app.services.hours import corrections

    first = _log(app, w, "2026-03-02")
    second = _log(app, w, "2026-03-03")
    with app.app_context():
        employer = _as(app, w.employer.id)
        from app.extensions import db
        from app.models.contracts import Contract
        from app.models.hours import Shift

        body = corrections.confirm_body(db.session.get(Contract, w.contract_id), [db.session.get(Shift, first)])
        corrections.confirm(employer, w.contract_id, {"shift_ids": [first], **w.employer_phone.signed("shift-confirm", body)}, NOW)
    pay = _pay(app, w)
    assert pay.basis == "mixed" and dict(zip(pay.shift_ids, pay.sources, strict=True)) == {
        first: "co-signed", second: "worker-record"}
    # a signature made after the pay day does not count for that pay day
    assert _pay(app, w, pay_day=date(2026, 3, 9)).basis == "worker-record"


def test_disputed_correction_pays_the_worker_record_and_accepted_one_is_co_signed(app, w):
    from app.extensions import db
    from app.models.contracts import Contract
    from app.models.hours import ShiftVersion
    from app.services.hours import corrections

    shift_id = _log(app, w, "2026-03-02")
    start, end = datetime(2026, 3, 2, 9, tzinfo=SEOUL), datetime(2026, 3, 2, 17, tzinfo=SEOUL)
    with app.app_context():
        contract = db.session.get(Contract, w.contract_id)
        from app.services.hours import shifts

        supersedes = shifts.version_hash(shifts.current(db.session.get(shifts.Shift, shift_id)))
        data = {"start": start, "end": end, "break_minutes": 60, "reason": "left at 17:00"}
        body = corrections.record_body(contract, shift_id, data, supersedes)
        version = corrections.propose(_as(app, w.employer.id), w.contract_id, shift_id,
                                      {**data, **w.employer_phone.signed("correction", body)}, NOW)
        claim = {"claims": [{"shift_id": shift_id, "claimed_minutes": 480}], "reason": "I stayed until 18:00"}
        dbody = corrections.dispute_body(contract, claim)
        corrections.open_dispute(_as(app, w.worker.id), w.contract_id, {**claim, **w.worker_phone.signed("dispute", dbody)}, NOW)
        assert db.session.get(ShiftVersion, version.id).state == "rejected"
    pay = _pay(app, w)
    assert pay.basis == "worker-record" and pay.shifts[0].end == datetime(2026, 3, 2, 18, tzinfo=SEOUL)
    with app.app_context():
        from app.services.hours import open_disputes

        assert len(open_disputes(db.session.get(Contract, w.contract_id))) == 1
        contract = db.session.get(Contract, w.contract_id)
        supersedes = shifts.version_hash(shifts.current(db.session.get(shifts.Shift, shift_id)))
        data = {"start": start, "end": datetime(2026, 3, 2, 17, 30, tzinfo=SEOUL), "break_minutes": 60, "reason": "compromise"}
        body = corrections.record_body(contract, shift_id, data, supersedes)
        v2 = corrections.propose(_as(app, w.employer.id), w.contract_id, shift_id,
                                 {**data, **w.employer_phone.signed("correction", body)}, NOW)
        accept = corrections.accept_body(contract, v2)
        corrections.accept(_as(app, w.worker.id), w.contract_id, shift_id, v2.id, w.worker_phone.signed("correction", accept), NOW)
        assert open_disputes(db.session.get(Contract, w.contract_id)) == []
    pay = _pay(app, w)
    assert pay.basis == "co-signed" and pay.shifts[0].end == datetime(2026, 3, 2, 17, 30, tzinfo=SEOUL)


def test_open_shift_is_not_paid_but_listed(app, w):
    from app.extensions import db
    from app.services.hours import time_events

    with app.app_context():
        time_events.record(db.session.get(time_events.User, w.worker.id), w.contract_id,
                           [w.event("clock_in", "2026-03-04T09:00:00+09:00")], NOW)
    pay = _pay(app, w)
    assert pay.shifts == [] and len(pay.open_shift_ids) == 1


def test_anchor_hours_job_anchors_yesterday_once_per_contract(app, w):
    from app.extensions import db
    from app.models.accounts import User
    from app.models.hours import HoursAnchor
    from app.services.hours import time_events
    from jobs import anchor_hours, registry

    received = datetime(2026, 3, 2, 20, 0, tzinfo=SEOUL)
    with app.app_context():
        worker = db.session.get(User, w.worker.id)
        time_events.record(worker, w.contract_id, [w.event("clock_in", "2026-03-02T09:00:00+09:00"),
                                                   w.event("clock_out", "2026-03-02T18:00:00+09:00")], received)
        assert anchor_hours.run(date(2026, 3, 3)) == {"day": "2026-03-02", "contracts": 1, "anchored": 1}
        assert anchor_hours.run(date(2026, 3, 3))["anchored"] == 0  # a re-run appends nothing
        (anchor,) = db.session.scalars(db.select(HoursAnchor)).all()
        assert anchor.day == date(2026, 3, 2) and len(anchor.event_ids) == 2 and len(anchor.salt) == 32
    spec = registry.get("anchor-hours")
    assert spec.trigger == "cron" and spec.trigger_args == {"hour": 0, "minute": 30}
