"""Schemas for POST /pay/preview: the request shape of the golden cases and the pay result."""

from __future__ import annotations

from datetime import date, timedelta

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from app.labor.model import WEEKDAYS, to_seoul
from app.labor.parameters import ParameterNotDefined
from app.labor.wages import minimum_wage

MAX_PERIOD_DAYS = 93
MAX_SHIFTS = 500
Weekday = fields.String(validate=validate.OneOf(WEEKDAYS))


class BreakSchema(Schema):
    start = fields.DateTime(required=True)
    end = fields.DateTime(required=True)


class ShiftSchema(Schema):
    start = fields.DateTime(required=True, metadata={"description": "Asia/Seoul if no offset"})
    end = fields.DateTime(required=True)
    break_minutes = fields.Integer(load_default=0, validate=validate.Range(min=0, max=24 * 60))
    breaks = fields.List(fields.Nested(BreakSchema), load_default=list, validate=validate.Length(max=24))
    break_waiver_requested = fields.Boolean(load_default=False)

    @validates_schema
    def _times(self, data, **_kwargs):
        start, end = to_seoul(data["start"]), to_seoul(data["end"])
        if end <= start:
            raise ValidationError("A shift must end after it starts.", field_name="end")
        if end - start > timedelta(hours=24):
            raise ValidationError("A shift may last at most 24 hours.", field_name="end")
        positioned = 0
        for index, brk in enumerate(data.get("breaks") or []):
            b_start, b_end = to_seoul(brk["start"]), to_seoul(brk["end"])
            if not start <= b_start < b_end <= end:
                raise ValidationError({"breaks": {index: {"end": ["A break must lie inside its shift."]}}})
            positioned += int((b_end - b_start).total_seconds() // 60)
        if max(positioned, data.get("break_minutes", 0)) >= (end - start).total_seconds() // 60:
            raise ValidationError("Breaks must be shorter than the shift.", field_name="break_minutes")


class ContractSchema(Schema):
    hourly_wage = fields.Decimal(required=True, validate=validate.Range(min=0, max=10_000_000, min_inclusive=False))
    weekly_scheduled_hours = fields.Decimal(required=True, validate=validate.Range(min=0, max=168))
    scheduled_days = fields.List(Weekday, required=True, validate=validate.Length(min=1, max=7))
    start_date = fields.Date(required=True)
    worker_birth_date = fields.Date(load_default=None)
    daily_scheduled_hours = fields.Dict(keys=Weekday, values=fields.Decimal(validate=validate.Range(min=0, max=24)))
    end_date = fields.Date(load_default=None, metadata={"description": "last day of employment, inclusive"})
    weekly_holiday = fields.String(load_default="SUN", validate=validate.OneOf(WEEKDAYS))
    minor_extension_agreement = fields.Boolean(load_default=False)
    night_holiday_authorization = fields.Boolean(load_default=False)
    probation = fields.Boolean(load_default=False)
    simple_labor = fields.Boolean(load_default=False)
    break_waiver_requested = fields.Boolean(load_default=False)

    @validates_schema
    def _consistent(self, data, **_kwargs):
        if data.get("end_date") and data["end_date"] < data["start_date"]:
            raise ValidationError("end_date is before start_date.", field_name="end_date")
        if len(set(data["scheduled_days"])) != len(data["scheduled_days"]):
            raise ValidationError("Weekdays must not repeat.", field_name="scheduled_days")
        extra = set(data.get("daily_scheduled_hours") or {}) - set(data["scheduled_days"])
        if extra:
            raise ValidationError(f"Not scheduled days: {sorted(extra)}.", field_name="daily_scheduled_hours")


class PeriodSchema(Schema):
    start = fields.Date(required=True)
    end = fields.Date(required=True)

    @validates_schema
    def _span(self, data, **_kwargs):
        if data["end"] < data["start"]:
            raise ValidationError("The period ends before it starts.", field_name="end")
        if (data["end"] - data["start"]).days + 1 > MAX_PERIOD_DAYS:
            raise ValidationError(f"A period may span at most {MAX_PERIOD_DAYS} days.", field_name="end")
        try:
            minimum_wage(data["start"])
        except ParameterNotDefined as exc:
            raise ValidationError(str(exc), field_name="start") from exc


class PayPreviewSchema(Schema):
    workplace_size = fields.Integer(required=True, validate=validate.Range(min=0, max=10_000_000),
                                    metadata={"description": "상시 근로자 수 (regular employees)"})
    contract = fields.Nested(ContractSchema, required=True)
    period = fields.Nested(PeriodSchema, required=True)
    shifts = fields.List(fields.Nested(ShiftSchema), load_default=list, validate=validate.Length(max=MAX_SHIFTS))

    @validates_schema
    def _shifts(self, data, **_kwargs):
        period, errors = data["period"], {}
        ordered = sorted(enumerate(data.get("shifts") or []), key=lambda item: to_seoul(item[1]["start"]))
        for position, (index, shift) in enumerate(ordered):
            start = to_seoul(shift["start"])
            if not _within(start.date(), period["start"], period["end"]):
                errors[index] = {"start": ["The shift starts outside the period."]}
            elif position and start < to_seoul(ordered[position - 1][1]["end"]):
                errors[index] = {"start": ["The shift overlaps another shift."]}
        if errors:
            raise ValidationError({"shifts": errors})


def _within(day: date, first: date, last: date) -> bool:
    return first <= day <= last


class LineSchema(Schema):
    item = fields.String()
    hours = fields.Raw(metadata={"type": "number"})
    rate = fields.Raw(metadata={"type": "number"})
    multiplier = fields.Raw(metadata={"type": "number"})
    amount = fields.Integer()
    basis = fields.String(metadata={"description": "the article, e.g. 근로기준법 제56조③"})


class PeriodOutSchema(Schema):
    start = fields.String()
    end = fields.String()


class PayPreviewResultSchema(Schema):
    period = fields.Nested(PeriodOutSchema)
    base_pay = fields.Integer()
    overtime_premium = fields.Integer()
    night_premium = fields.Integer()
    holiday_premium = fields.Integer()
    weekly_holiday_allowance = fields.Integer()
    public_holiday_pay = fields.Integer()
    gross = fields.Integer()
    deductions = fields.Dict(keys=fields.String(), values=fields.Integer())
    net = fields.Integer()
    violations = fields.List(fields.String())
    flags = fields.List(fields.String())
    hours = fields.Dict(keys=fields.String(), values=fields.Raw(metadata={"type": "number"}))
    lines = fields.List(fields.Nested(LineSchema))
    arrears_if_paid_at_contract_rate = fields.Integer()
