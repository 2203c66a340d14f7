"""Schemas for device keys."""

from marshmallow import Schema, fields, validate


class DeviceCreateSchema(Schema):
    name = fields.String(required=True, validate=validate.Length(min=1, max=100))
    public_key = fields.String(required=True, validate=validate.Length(min=40, max=64))
    push_token = fields.String(validate=validate.Length(max=4096), allow_none=True)


class DeviceSchema(Schema):
    id = fields.String()
    name = fields.String()
    public_key = fields.String()
    fingerprint = fields.String()
    created_at = fields.AwareDateTime()
    revoked_at = fields.AwareDateTime(allow_none=True)
    active = fields.Function(lambda key: key.revoked_at is None)
