"""Schemas for hours: clock events, shifts and their versions, signatures, disputes, periods."""

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from app.clock import SEOUL

TYPES = ("clock_in", "clock_out", "break_start", "break_end")


class DeviceSignedSchema(Schema):
    device_key_id = fields.String(required=True, validate=validate.Length(max=36))
    signature = fields.String(required=True, validate=validate.Length(max=100))


class GeoLocationSchema(Schema):
    lat = fields.Float(required=True, validate=validate.Range(-90, 90))
    lon = fields.Float(required=True, validate=validate.Range(-180, 180))
    accuracy = fields.Float(validate=validate.Range(min=0, max=100_000))


class TimeEventSchema(DeviceSignedSchema):
    type = fields.String(required=True, validate=validate.OneOf(TYPES))
    occurred_at = fields.String(required=True, validate=validate.Length(min=10, max=40),
                                metadata={"description": "phone time, ISO-8601; without offset = Asia/Seoul"})
    event_id = fields.String(required=True, validate=validate.Length(min=1, max=64),
                             metadata={"description": "the phone's nonce for this event (signed)"})
    location = fields.Nested(GeoLocationSchema, allow_none=True)


class TimeEventBatchSchema(Schema):
    events = fields.List(fields.Nested(TimeEventSchema), required=True, validate=validate.Length(min=1, max=500))


class TimeEventOutSchema(Schema):
    id = fields.String()
    event_id = fields.String()
    type = fields.String()
    occurred_at = fields.AwareDateTime()
    received_at = fields.AwareDateTime()
    device_key_id = fields.String()
    shift_id = fields.String(allow_none=True)
    message_hash = fields.String()
    flags = fields.List(fields.String())
    location = fields.Nested(GeoLocationSchema, allow_none=True)
    distance_m = fields.Integer(allow_none=True)


class ItemProblemSchema(Schema):
    type = fields.String()
    title = fields.String()
    status = fields.Integer()
    detail = fields.String(allow_none=True)
    errors = fields.Dict()


class TimeEventResultSchema(Schema):
    index = fields.Integer()
    status = fields.Integer()
    event = fields.Nested(TimeEventOutSchema)
    problem = fields.Nested(ItemProblemSchema)


class TimeEventBatchResultSchema(Schema):
    accepted = fields.Integer()
    rejected = fields.Integer()
    results = fields.List(fields.Nested(TimeEventResultSchema))


class HoursRangeArgsSchema(Schema):
    start = fields.Date(required=True, data_key="from")
    end = fields.Date(required=True, data_key="to")

    @validates_schema
    def _span(self, data, **_kwargs):
        if data["end"] < data["start"] or (data["end"] - data["start"]).days > 366:
            raise ValidationError("'to' must be on or after 'from', at most 366 days later.", field_name="to")


class ScheduledSpanSchema(Schema):
    start = fields.AwareDateTime()
    end = fields.AwareDateTime()
    break_minutes = fields.Integer()


class BreakSpanSchema(Schema):
    start = fields.String()
    end = fields.String()


class ShiftVersionSchema(Schema):
    id = fields.String()
    number = fields.Integer()
    kind = fields.String()
    state = fields.String()
    start = fields.AwareDateTime()
    end = fields.AwareDateTime(allow_none=True)
    break_minutes = fields.Integer()
    breaks = fields.List(fields.Nested(BreakSpanSchema))
    worked_minutes = fields.Integer(allow_none=True)
    reason = fields.String(allow_none=True)
    author_id = fields.String()
    author_party = fields.String()
    supersedes_id = fields.String(allow_none=True)
    created_at = fields.AwareDateTime()
    decided_at = fields.AwareDateTime(allow_none=True)
    version_hash = fields.String()


class ShiftOutSchema(Schema):
    id = fields.String()
    day = fields.Date()
    status = fields.String(metadata={"description": "open, logged, confirmed, corrected, disputed, employer_entered"})
    origin = fields.String()
    start = fields.AwareDateTime()
    end = fields.AwareDateTime(allow_none=True)
    breaks = fields.List(fields.Nested(BreakSpanSchema))
    break_minutes = fields.Integer()
    worked_minutes = fields.Integer(allow_none=True)
    scheduled = fields.Nested(ScheduledSpanSchema, allow_none=True)
    version_id = fields.String()
    version_hash = fields.String()
    event_hashes = fields.List(fields.String())
    flags = fields.List(fields.String())
    pending_correction = fields.Nested(ShiftVersionSchema, allow_none=True)
    versions = fields.List(fields.Nested(ShiftVersionSchema))


class ShiftRecordSchema(DeviceSignedSchema):
    start = fields.AwareDateTime(required=True, default_timezone=SEOUL)
    end = fields.AwareDateTime(required=True, default_timezone=SEOUL)
    break_minutes = fields.Integer(load_default=0, validate=validate.Range(min=0, max=24 * 60))
    reason = fields.String(required=True, validate=validate.Length(min=1, max=2000))


class ShiftEntrySchema(ShiftRecordSchema):
    entry_id = fields.String(required=True, validate=validate.Length(min=1, max=64))


class ShiftConfirmSchema(DeviceSignedSchema):
    shift_ids = fields.List(fields.String(), required=True, validate=validate.Length(min=1, max=62))


class HoursClaimSchema(Schema):
    shift_id = fields.String(required=True)
    claimed_minutes = fields.Integer(required=True, validate=validate.Range(min=0, max=24 * 60))


class HoursPeriodSchema(Schema):
    start = fields.Date(required=True)
    end = fields.Date(required=True)


class HoursDisputeInSchema(DeviceSignedSchema):
    claims = fields.List(fields.Nested(HoursClaimSchema), required=True, validate=validate.Length(min=1, max=62))
    reason = fields.String(required=True, validate=validate.Length(min=1, max=2000))
    period = fields.Nested(HoursPeriodSchema, allow_none=True)


class HoursDisputeSchema(Schema):
    id = fields.String()
    party = fields.String()
    opened_by = fields.String()
    claims = fields.List(fields.Nested(HoursClaimSchema))
    reason = fields.String()
    status = fields.String()
    created_at = fields.AwareDateTime()
    resolved_at = fields.AwareDateTime(allow_none=True)
    resolution = fields.String(allow_none=True)


class HoursPeriodCloseSchema(DeviceSignedSchema, HoursPeriodSchema):
    pass


class HoursPeriodOutSchema(Schema):
    id = fields.String()
    start = fields.Date()
    end = fields.Date()
    body = fields.Dict()
    worker_signed = fields.Boolean()
    employer_signed = fields.Boolean()
    closed_at = fields.AwareDateTime(allow_none=True)


class HoursPeriodBodySchema(Schema):
    start = fields.Date()
    end = fields.Date()
    body = fields.Dict()


class LocationConsentInSchema(Schema):
    granted = fields.Boolean(required=True)


class LocationConsentChangeSchema(Schema):
    granted = fields.Boolean()
    at = fields.AwareDateTime()


class LocationConsentSchema(Schema):
    granted = fields.Boolean()
    granted_at = fields.AwareDateTime(allow_none=True)
    withdrawn_at = fields.AwareDateTime(allow_none=True)
    history = fields.List(fields.Nested(LocationConsentChangeSchema))


class HoursReceiptSchema(Schema):
    format = fields.String()
    leaf = fields.Dict()
    proof = fields.String()
    application = fields.Dict()
