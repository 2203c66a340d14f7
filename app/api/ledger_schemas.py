"""Schemas for the public ledger endpoints."""

from marshmallow import Schema, fields, validate


class EntriesQuery(Schema):
    start = fields.Integer(load_default=0, validate=validate.Range(min=0))
    end = fields.Integer(validate=validate.Range(min=0))


class EntrySchema(Schema):
    index = fields.Integer()
    data = fields.String(metadata={"description": "base64 of the Merkle leaf: kind ‖ LF ‖ payload (salted commitments only)"})
    leaf_hash = fields.String(metadata={"description": "hex SHA-256(0x00 ‖ leaf)"})
    kind = fields.String()
    appended_at = fields.AwareDateTime()


class EntriesSchema(Schema):
    entries = fields.List(fields.Nested(EntrySchema))


class InclusionQuery(Schema):
    index = fields.Integer(required=True, validate=validate.Range(min=0))
    size = fields.Integer(required=True, validate=validate.Range(min=1))


class InclusionSchema(Schema):
    index = fields.Integer()
    size = fields.Integer()
    proof = fields.List(fields.String(), metadata={"description": "hex hashes, RFC 9162 §2.1.3"})


class ConsistencyQuery(Schema):
    from_ = fields.Integer(required=True, data_key="from", validate=validate.Range(min=0))
    to = fields.Integer(required=True, validate=validate.Range(min=0))


class ConsistencySchema(Schema):
    from_ = fields.Integer(data_key="from")
    to = fields.Integer()
    proof = fields.List(fields.String(), metadata={"description": "hex hashes, RFC 9162 §2.1.4"})


class CosignatureAccepted(Schema):
    witness = fields.String()
    size = fields.Integer()
