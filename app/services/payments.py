"""Payments (임금 지급) the employer records against a statement, and the worker's answer.

Recording a payment (Idempotency-Key honoured: the same key on the same statement returns the
first payment) or a dispute updates the statement's arrears alert at once, in the same
transaction: a partial payment updates it, full payment resolves it.
"""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from app.errors import Conflict, NotFound, ValidationFailed
from app.extensions import db
from app.models.accounts import User
from app.models.pay import Payment, PaymentConfirmation, WageStatement
from app.services import arrears, notifications
from app.services.statements import get_for


def _recount(statement: WageStatement) -> None:
    statement.paid = sum(p.amount for p in statement.payments
                         if not (p.confirmation and p.confirmation.status == "disputed"))


def record(user: User, contract_id: str, statement_id: str, data: dict, idempotency_key: str | None,
           today: date, now: datetime) -> tuple[Payment, bool]:
    """(payment, created): the employer's record of a payment against the statement."""
    statement = get_for(user, contract_id, statement_id)
    if statement.employer_id != user.id:
        raise NotFound()
    if idempotency_key:
        found = _by_key(statement.id, idempotency_key)
        if found is not None:
            return _same_or_conflict(found, data), False
    if data["paid_on"] > today:
        raise ValidationFailed(errors={"paid_on": ["Must not be in the future."]})
    payment = Payment(statement=statement, amount=data["amount"], paid_on=data["paid_on"],
                      method=data["method"], reference=data.get("reference"),
                      idempotency_key=idempotency_key, recorded_by=user.id, recorded_at=now)
    db.session.add(payment)
    try:
        db.session.flush()
    except IntegrityError:  # the same key raced in from another request
        db.session.rollback()
        return _same_or_conflict(_by_key(statement_id, idempotency_key), data), False
    _recount(statement)
    arrears.refresh(statement, today, now)
    notifications.notify(statement.worker_id, "payment_recorded", "임금 지급 기록",
                         f"{payment.paid_on} {payment.amount:,}원 지급이 기록되었습니다. 받으셨는지 확인해 주세요.",
                         now, data={"contract_id": contract_id, "statement_id": statement.id,
                                    "payment_id": payment.id}, dedup_key=f"payment:{payment.id}")
    db.session.commit()
    notifications.flush_push()
    return payment, True


def _by_key(statement_id: str, key: str) -> Payment | None:
    q = sa.select(Payment).where(Payment.statement_id == statement_id, Payment.idempotency_key == key)
    return db.session.scalars(q).first()


def _same_or_conflict(payment: Payment, data: dict) -> Payment:
    same = (payment.amount, payment.paid_on, payment.method, payment.reference) == (
        data["amount"], data["paid_on"], data["method"], data.get("reference"))
    if not same:
        raise Conflict("Idempotency-Key reused with a different body.")
    return payment


def answer(user: User, contract_id: str, statement_id: str, payment_id: str, data: dict,
           today: date, now: datetime) -> Payment:
    """The worker confirms receipt of a payment or disputes it with a reason."""
    statement = get_for(user, contract_id, statement_id)
    if statement.worker_id != user.id:
        raise NotFound()
    payment = db.session.get(Payment, payment_id)
    if payment is None or payment.statement_id != statement.id:
        raise NotFound()
    if data["status"] == "disputed" and not (data.get("reason") or "").strip():
        raise ValidationFailed(errors={"reason": ["A dispute needs a reason."]})
    if payment.confirmation is None:
        payment.confirmation = PaymentConfirmation(status=data["status"], user_id=user.id, at=now)
    payment.confirmation.status, payment.confirmation.reason = data["status"], data.get("reason")
    payment.confirmation.at = now
    db.session.flush()
    _recount(statement)
    arrears.refresh(statement, today, now)
    if data["status"] == "disputed":
        notifications.notify(statement.employer_id, "payment_disputed", "지급 이의 제기",
                             f"{payment.paid_on} {payment.amount:,}원 지급에 이의가 있습니다: {data['reason']}",
                             now, data={"contract_id": contract_id, "statement_id": statement.id,
                                        "payment_id": payment.id})
    db.session.commit()
    notifications.flush_push()
    return payment
