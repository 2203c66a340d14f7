"""Schemas for registration, login and tokens."""

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from app.models.accounts import SELF_REGISTERED


class RegisterSchema(Schema):
    role = fields.String(required=True, validate=validate.OneOf([r.value for r in SELF_REGISTERED]))
    email = fields.Email(validate=validate.Length(max=254))
    phone = fields.String(validate=validate.Length(min=9, max=20))
    password = fields.String(required=True, load_only=True, validate=validate.Length(min=8, max=128))
    name = fields.String(required=True, validate=validate.Length(min=1, max=100))
    birth_date = fields.Date()

    @validates_schema
    def _login_and_age(self, data, **_kwargs):
        if not data.get("email") and not data.get("phone"):
            raise ValidationError("Give an email or a phone number.", field_name="email")
        if data.get("role") == "worker" and not data.get("birth_date"):
            raise ValidationError("Missing data for required field.", field_name="birth_date")


class CreatedSchema(Schema):
    id = fields.String(required=True)


class LoginSchema(Schema):
    email = fields.String(validate=validate.Length(max=254))
    phone = fields.String(validate=validate.Length(max=20))
    password = fields.String(required=True, load_only=True, validate=validate.Length(max=128))

    @validates_schema
    def _one_login(self, data, **_kwargs):
        if not data.get("email") and not data.get("phone"):
            raise ValidationError("Give an email or a phone number.", field_name="email")


class TokensSchema(Schema):
    access_token = fields.String(required=True)
    refresh_token = fields.String(required=True)
    token_type = fields.String()
    expires_in = fields.Integer()


class UserSchema(Schema):
    id = fields.String()
    role = fields.String()
    email = fields.String(allow_none=True)
    phone = fields.String(allow_none=True)
    name = fields.String()
    birth_date = fields.Date(allow_none=True)
    created_at = fields.AwareDateTime()
