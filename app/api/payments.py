"""Payments against a statement, the worker's answer, and insurance enrollment reports."""

from flask import request
from flask.views import MethodView

from app.api.blueprint import Blueprint
from app.api.docs import BEARER
from app.api.statements_schemas import (
    InsuranceReportCreateSchema,
    InsuranceReportSchema,
    PaymentAnswerSchema,
    PaymentCreateSchema,
    PaymentSchema,
)
from app.clock import now, today_seoul
from app.errors import ValidationFailed
from app.security import current_user, roles_required
from app.services import compliance, payments
from app.services.access import contract_for

blp = Blueprint("payments", __name__, url_prefix="/contracts", description="Wage payments (임금 지급)",
                write_problems=(409, 422))


def _idempotency_key() -> str | None:
    key = request.headers.get("Idempotency-Key")
    if key is not None and not (1 <= len(key) <= 200):
        raise ValidationFailed(errors={"Idempotency-Key": ["1 to 200 characters."]})
    return key


@blp.route("/<string:contract_id>/statements/<string:statement_id>/payments")
class Payments(MethodView):
    @roles_required("employer")
    @blp.arguments(PaymentCreateSchema)
    @blp.response(201, PaymentSchema)
    @blp.doc(security=BEARER, parameters=[{"in": "header", "name": "Idempotency-Key", "schema": {"type": "string"}}])
    def post(self, data, contract_id, statement_id):
        """Record a payment; repeating the Idempotency-Key returns the first payment."""
        payment, _created = payments.record(current_user(), contract_id, statement_id, data,
                                            _idempotency_key(), today_seoul(), now())
        return payment


@blp.route("/<string:contract_id>/statements/<string:statement_id>/payments/<string:payment_id>/answer")
class PaymentAnswer(MethodView):
    @roles_required("worker")
    @blp.arguments(PaymentAnswerSchema)
    @blp.response(200, PaymentSchema)
    @blp.doc(security=BEARER)
    def post(self, data, contract_id, statement_id, payment_id):
        """The worker confirms receipt, or disputes the payment with a reason."""
        return payments.answer(current_user(), contract_id, statement_id, payment_id, data, today_seoul(), now())


@blp.route("/<string:contract_id>/insurance-reports")
class InsuranceReports(MethodView):
    @roles_required("employer")
    @blp.arguments(InsuranceReportCreateSchema)
    @blp.response(201, InsuranceReportSchema)
    @blp.doc(security=BEARER)
    def post(self, data, contract_id):
        """Record a social-insurance enrollment report (자격취득신고) and the day it was filed."""
        user = current_user()
        contract = contract_for(user, contract_id, party="employer")
        return compliance.report_insurance(contract, data["insurance"], data["reported_on"], user.id, now())
