"""Schemas for labor contracts: the terms of 표준근로계약서(단시간근로자) and the signing flow."""

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

WEEKDAYS = ("MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN")
HHMM = validate.Regexp(r"^([01]\d|2[0-3]):[0-5]\d$", error="Use HH:MM (24 h).")


class ContractScheduleDaySchema(Schema):
    """근로일 및 근로일별 근로시간: one weekday with its start, end and break (휴게)."""

    day = fields.String(required=True, validate=validate.OneOf(WEEKDAYS))
    start = fields.String(required=True, validate=HHMM)
    end = fields.String(required=True, validate=HHMM)
    break_minutes = fields.Integer(load_default=0, validate=validate.Range(0, 24 * 60))


class ContractWageSchema(Schema):
    type = fields.String(required=True, validate=validate.OneOf(("hourly", "daily", "monthly")))
    amount = fields.Integer(required=True, validate=validate.Range(1, 100_000_000))


class ContractBonusSchema(Schema):
    paid = fields.Boolean(required=True)
    amount = fields.Integer(allow_none=True, validate=validate.Range(0, 100_000_000))


class ContractAllowanceSchema(Schema):
    name = fields.String(required=True, validate=validate.Length(1, 100))
    amount = fields.Integer(required=True, validate=validate.Range(0, 100_000_000))


class SocialInsuranceSchema(Schema):
    employment = fields.Boolean(required=True)
    industrial_accident = fields.Boolean(required=True)
    pension = fields.Boolean(required=True)
    health = fields.Boolean(required=True)


class ContractTermsSchema(Schema):
    """Every item of 근로기준법 제17조 and 기간제법 제17조; omitted optional items take the defaults."""

    start_date = fields.Date(required=True)
    end_date = fields.Date(allow_none=True)
    place_of_work = fields.String(validate=validate.Length(1, 300))
    job_description = fields.String(required=True, validate=validate.Length(1, 500))
    schedule = fields.List(
        fields.Nested(ContractScheduleDaySchema), required=True, validate=validate.Length(1, 7)
    )
    weekly_holiday = fields.String(validate=validate.OneOf(WEEKDAYS))
    wage = fields.Nested(ContractWageSchema, required=True)
    bonus = fields.Nested(ContractBonusSchema)
    other_allowances = fields.List(fields.Nested(ContractAllowanceSchema), validate=validate.Length(max=20))
    overtime_premium_rate = fields.Integer(validate=validate.Range(0, 500))
    pay_period = fields.String(validate=validate.OneOf(("monthly", "weekly")))
    pay_day = fields.String(required=True, validate=validate.Length(1, 10))
    payment_method = fields.String(validate=validate.OneOf(("bank_transfer", "cash")))
    annual_leave = fields.String(validate=validate.Length(1, 500))
    social_insurance = fields.Nested(SocialInsuranceSchema)
    copy_delivery = fields.String(validate=validate.OneOf(("electronic", "paper")))
    probation = fields.Boolean()
    simple_labor = fields.Boolean()
    minor_extension_agreement = fields.Boolean()
    night_holiday_authorization = fields.Boolean()
    worker_birth_date = fields.Date(allow_none=True)

    @validates_schema
    def _pay_day(self, data, **_kwargs):
        """pay_day: a day of the month (1–31 or "last") for monthly pay, a weekday for weekly pay."""
        if "pay_day" not in data:
            return
        day, period = data["pay_day"], data.get("pay_period", "monthly")
        ok = (
            day in WEEKDAYS
            if period == "weekly"
            else (day == "last" or (day.isdigit() and 1 <= int(day) <= 31))
        )
        if not ok:
            raise ValidationError(
                "A day of the month (1-31 or last) or, for weekly pay, a weekday.", "pay_day"
            )


class ContractTermsChangeSchema(ContractTermsSchema):
    """The terms an amendment changes (omitted items keep their signed value; the start date stays)."""

    class Meta:
        exclude = ("start_date",)

    job_description = fields.String(validate=validate.Length(1, 500))
    schedule = fields.List(fields.Nested(ContractScheduleDaySchema), validate=validate.Length(1, 7))
    wage = fields.Nested(ContractWageSchema)
    pay_day = fields.String(validate=validate.Length(1, 10))


class WorkerInviteSchema(Schema):
    email = fields.Email(validate=validate.Length(max=254))
    phone = fields.String(validate=validate.Length(max=20))

    @validates_schema
    def _one(self, data, **_kwargs):
        if not data.get("email") and not data.get("phone"):
            raise ValidationError("Give the worker's email or phone.", "email")


class ContractCreateSchema(Schema):
    workplace_id = fields.String(required=True, validate=validate.Length(1, 36))
    worker = fields.Nested(WorkerInviteSchema, required=True)
    terms = fields.Nested(ContractTermsSchema, required=True)


class AmendmentCreateSchema(Schema):
    effective_from = fields.Date(required=True)
    reason = fields.String(validate=validate.Length(max=1000))
    terms = fields.Nested(ContractTermsChangeSchema, required=True)


class TerminationCreateSchema(Schema):
    date = fields.Date(required=True, metadata={"description": "last day of employment"})
    reason = fields.String(required=True, validate=validate.Length(1, 1000))
    unilateral = fields.Boolean(load_default=False, metadata={"description": "employer signs alone"})


class ContractReasonSchema(Schema):
    reason = fields.String(required=True, validate=validate.Length(1, 1000))


class SignatureCreateSchema(Schema):
    device_key_id = fields.String(required=True, validate=validate.Length(1, 36))
    signature = fields.String(required=True, validate=validate.Length(1, 100))


class ReceiptQuerySchema(Schema):
    version = fields.Integer(validate=validate.Range(min=1))


class ContractWarningSchema(Schema):
    code = fields.String()
    field = fields.String()
    message = fields.String()


class ContractSignatureSchema(Schema):
    party = fields.String()
    device_key_id = fields.String()
    fingerprint = fields.String()
    public_key = fields.String()
    signature = fields.String()
    signed_at = fields.String()


class ContractVersionSchema(Schema):
    number = fields.Integer()
    kind = fields.String()
    status = fields.String()
    supersedes = fields.Integer(allow_none=True)
    effective_from = fields.Date()
    terms = fields.Dict(allow_none=True)
    reason = fields.String(allow_none=True)
    commitment = fields.String(allow_none=True)
    ledger_index = fields.Integer(allow_none=True)
    created_by = fields.String()
    created_at = fields.AwareDateTime()
    signed_at = fields.AwareDateTime(allow_none=True)
    notified_at = fields.AwareDateTime(allow_none=True)
    disputed_at = fields.AwareDateTime(allow_none=True)
    dispute_reason = fields.String(allow_none=True)
    shredded_at = fields.AwareDateTime(allow_none=True)
    signatures = fields.List(fields.Nested(ContractSignatureSchema))
    warnings = fields.List(fields.Nested(ContractWarningSchema))


class LaborContractSchema(Schema):
    id = fields.String()
    workplace_id = fields.String()
    employer_id = fields.String()
    worker_id = fields.String(allow_none=True)
    invite_email = fields.String(allow_none=True)
    invite_phone = fields.String(allow_none=True)
    status = fields.String()
    start_date = fields.Date()
    end_date = fields.Date(allow_none=True)
    pay_period = fields.String()
    created_at = fields.AwareDateTime()
    updated_at = fields.AwareDateTime()
    activated_at = fields.AwareDateTime(allow_none=True)
    versions = fields.List(fields.Nested(ContractVersionSchema))
    warnings = fields.List(fields.Nested(ContractWarningSchema))


class SigningPayloadSchema(Schema):
    purpose = fields.String()
    body = fields.Dict()
    message = fields.String(metadata={"description": "base64 of the exact bytes to sign"})
    message_hex = fields.String()
    required_parties = fields.List(fields.String())
    signed_by = fields.List(fields.String())
