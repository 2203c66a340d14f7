"""Schemas for wage statements, payments, notifications, insurance reports and job runs."""

from marshmallow import Schema, fields, validate

from app.models.insurance import INSURANCES


class ConfirmationSchema(Schema):
    status = fields.String()
    reason = fields.String(allow_none=True)
    at = fields.AwareDateTime()


class PaymentSchema(Schema):
    id = fields.String()
    amount = fields.Integer()
    paid_on = fields.Date()
    method = fields.String()
    reference = fields.String(allow_none=True)
    recorded_at = fields.AwareDateTime()
    confirmation = fields.Nested(ConfirmationSchema, allow_none=True)


class PaymentCreateSchema(Schema):
    amount = fields.Integer(required=True, validate=validate.Range(min=1, max=10**12))
    paid_on = fields.Date(required=True)
    method = fields.String(required=True, validate=validate.OneOf(("bank_transfer", "cash", "other")))
    reference = fields.String(validate=validate.Length(max=200), allow_none=True)


class PaymentAnswerSchema(Schema):
    status = fields.String(required=True, validate=validate.OneOf(("confirmed", "disputed")))
    reason = fields.String(validate=validate.Length(max=2000), allow_none=True)


class StatementSummarySchema(Schema):
    id = fields.String()
    contract_id = fields.String()
    period_start = fields.Date()
    period_end = fields.Date()
    pay_date = fields.Date()
    final = fields.Boolean()
    gross = fields.Integer()
    deductions_total = fields.Integer()
    severance = fields.Integer()
    net = fields.Integer()
    paid = fields.Integer()
    outstanding = fields.Integer()
    basis = fields.String()
    ledger_index = fields.Integer(allow_none=True)
    created_at = fields.AwareDateTime()


class StatementSchema(StatementSummarySchema):
    document = fields.Dict(allow_none=True)
    commitment = fields.Method("_commitment")
    payments = fields.List(fields.Nested(PaymentSchema))

    def _commitment(self, obj):
        return obj.commitment.hex()


class NotificationSchema(Schema):
    id = fields.String()
    kind = fields.String()
    title = fields.String()
    body = fields.String()
    data = fields.Dict()
    created_at = fields.AwareDateTime()
    read_at = fields.AwareDateTime(allow_none=True)


class NotificationQuerySchema(Schema):
    unread = fields.Boolean(load_default=False)
    limit = fields.Integer(load_default=50, validate=validate.Range(1, 200))
    before = fields.AwareDateTime()


class PushTokenSchema(Schema):
    token = fields.String(required=True, validate=validate.Length(1, 4096))
    device_key_id = fields.String(validate=validate.Length(max=36))


class PushTokenDeleteSchema(Schema):
    device_key_id = fields.String(validate=validate.Length(max=36))


class PushTokenResultSchema(Schema):
    device_key_ids = fields.List(fields.String())


class InsuranceReportCreateSchema(Schema):
    insurance = fields.String(required=True, validate=validate.OneOf(INSURANCES))
    reported_on = fields.Date(required=True)


class InsuranceReportSchema(Schema):
    id = fields.String()
    contract_id = fields.String()
    insurance = fields.String()
    reported_on = fields.Date()
    recorded_at = fields.AwareDateTime()


class JobRunSchema(Schema):
    id = fields.String()
    job = fields.String()
    for_date = fields.Date(allow_none=True)
    host = fields.String()
    started_at = fields.AwareDateTime()
    finished_at = fields.AwareDateTime(allow_none=True)
    status = fields.String()
    counts = fields.Dict()
    error = fields.String(allow_none=True)


class JobRunQuerySchema(Schema):
    job = fields.String(validate=validate.Length(max=60))
    limit = fields.Integer(load_default=100, validate=validate.Range(1, 500))
