"""Schemas for workplaces and their headcount history."""

from marshmallow import Schema, ValidationError, fields, validate, validates_schema


class WorkplaceCreateSchema(Schema):
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    business_number = fields.String(required=True, validate=validate.Length(max=20))
    address = fields.String(required=True, validate=validate.Length(min=1, max=300))
    district = fields.String(required=True, validate=validate.Length(min=1, max=40))
    latitude = fields.Float(validate=validate.Range(-90, 90), allow_none=True)
    longitude = fields.Float(validate=validate.Range(-180, 180), allow_none=True)
    employee_count = fields.Integer(required=True, validate=validate.Range(min=0, max=1_000_000))
    employee_count_since = fields.Date(required=True)


class WorkplacePatchSchema(Schema):
    name = fields.String(validate=validate.Length(min=1, max=200))
    business_number = fields.String(validate=validate.Length(max=20))
    address = fields.String(validate=validate.Length(min=1, max=300))
    district = fields.String(validate=validate.Length(min=1, max=40))
    latitude = fields.Float(validate=validate.Range(-90, 90), allow_none=True)
    longitude = fields.Float(validate=validate.Range(-180, 180), allow_none=True)
    employee_count = fields.Integer(validate=validate.Range(min=0, max=1_000_000))
    employee_count_since = fields.Date()

    @validates_schema
    def _count_needs_date(self, data, **_kwargs):
        if "employee_count" in data and "employee_count_since" not in data:
            raise ValidationError("Missing data for required field.", field_name="employee_count_since")


class EmployeeCountSchema(Schema):
    count = fields.Integer()
    since = fields.Date()
    declared_at = fields.AwareDateTime()


class WorkplaceSchema(Schema):
    id = fields.String()
    name = fields.String()
    business_number = fields.String()
    address = fields.String()
    district = fields.String()
    latitude = fields.Float(allow_none=True)
    longitude = fields.Float(allow_none=True)
    employee_count = fields.Integer(allow_none=True)
    employee_count_since = fields.Date(allow_none=True)
    employee_counts = fields.List(fields.Nested(EmployeeCountSchema))
    created_at = fields.AwareDateTime()
    updated_at = fields.AwareDateTime()
