"""Schemas for the alert feed, case work, evidence, worker reports, webhooks and the access log."""

from marshmallow import Schema, fields, validate

from app.models.alerts import SEVERITIES, STATUSES
from app.services.casework import ACTIONS
from app.services.reports import INCLUDE


class FeedQuery(Schema):
    kind = fields.List(fields.String(validate=validate.Length(max=40)))
    status = fields.List(fields.String(validate=validate.OneOf(STATUSES)))
    severity = fields.List(fields.String(validate=validate.OneOf(SEVERITIES)))
    district = fields.List(fields.String(validate=validate.Length(max=40)))
    workplace_id = fields.List(fields.String(validate=validate.Length(max=36)))
    from_ = fields.Date(data_key="from", metadata={"description": "opened on or after (Asia/Seoul day)"})
    to = fields.Date(metadata={"description": "opened on or before (Asia/Seoul day)"})
    after = fields.String(validate=validate.Length(max=100),
                          metadata={"description": "cursor: alerts changed after it, in change order"})
    limit = fields.Integer(load_default=50, validate=validate.Range(min=1, max=200))


class WorkplaceRef(Schema):
    id = fields.String()
    name = fields.String()
    business_number = fields.String()
    district = fields.String()


class WorkerRef(Schema):
    id = fields.String()
    name = fields.String()
    contact = fields.String(metadata={"description": "center users only"})


class EvidenceRef(Schema):
    section = fields.String(metadata={"description": "contract | hours | statements"})
    ledger_index = fields.Integer()


class AlertSchema(Schema):
    id = fields.String()
    seq = fields.Integer()
    cursor = fields.String(metadata={"description": "pass as ?after= to follow from this change"})
    kind = fields.String()
    severity = fields.String()
    status = fields.String()
    contract_id = fields.String(allow_none=True)
    district = fields.String(allow_none=True)
    workplace = fields.Nested(WorkplaceRef, allow_none=True)
    worker = fields.Nested(WorkerRef, allow_none=True)
    facts = fields.Dict()
    evidence = fields.List(fields.Nested(EvidenceRef))
    assignee = fields.String(allow_none=True, metadata={"description": "center users only"})
    opened_at = fields.AwareDateTime()
    updated_at = fields.AwareDateTime()
    resolved_at = fields.AwareDateTime(allow_none=True)


class FeedSchema(Schema):
    items = fields.List(fields.Nested(AlertSchema))
    next = fields.String(metadata={"description": "cursor for ?after= (changes after this page)"})


class EventSchema(Schema):
    seq = fields.Integer()
    at = fields.AwareDateTime()
    action = fields.String()
    actor = fields.String()
    data = fields.Dict()


class AlertDetailSchema(AlertSchema):
    history = fields.List(fields.Nested(EventSchema))


class BundleSchema(Schema):
    section = fields.String()
    ledger_index = fields.Integer()
    contract_id = fields.String(allow_none=True)
    shredded = fields.Boolean()
    bundle = fields.Dict(metadata={"description": "nomusa-ledger-bundle/v1: `python -m ledger verify`"})


class EvidenceSchema(Schema):
    alert_id = fields.String()
    log_origin = fields.String()
    log_vkey = fields.String(metadata={"description": "convenience copy; pin the key from /ledger/key"})
    bundles = fields.List(fields.Nested(BundleSchema))


class ActionSchema(Schema):
    action = fields.String(required=True, validate=validate.OneOf(ACTIONS))
    reason = fields.String(validate=validate.Length(max=2000), allow_none=True)
    note = fields.String(validate=validate.Length(max=5000), allow_none=True)
    assignee = fields.String(validate=validate.Length(max=36), allow_none=True)


class CaseContractSchema(Schema):
    id = fields.String()
    status = fields.String()
    start_date = fields.Date()
    end_date = fields.Date(allow_none=True)
    alert_ids = fields.List(fields.String())
    sections = fields.List(fields.String())
    worker = fields.Nested(WorkerRef, allow_none=True)
    workplace = fields.Nested(WorkplaceRef)
    versions = fields.List(fields.Dict())
    statements = fields.List(fields.Dict())


class ReportCreateSchema(Schema):
    contract_id = fields.String(required=True, validate=validate.Length(max=36))
    consent = fields.Boolean(required=True, truthy={True}, falsy={False}, metadata={"description": "must be true: you send these records"})
    statement = fields.String(required=True, validate=validate.Length(min=1, max=10000))
    include = fields.List(fields.String(validate=validate.OneOf(INCLUDE)), validate=validate.Length(min=1))


class ReportSchema(Schema):
    id = fields.String()
    contract_id = fields.String()
    statement = fields.String()
    include = fields.List(fields.String())
    consented_at = fields.AwareDateTime()
    alert_id = fields.String()
    created_at = fields.AwareDateTime()


class WebhookCreateSchema(Schema):
    url = fields.Url(required=True, schemes={"http", "https"}, require_tld=False, validate=validate.Length(max=2000))
    secret = fields.String(validate=validate.Length(min=16, max=200))
    description = fields.String(validate=validate.Length(max=200))


class WebhookSchema(Schema):
    id = fields.String()
    url = fields.String()
    audience = fields.String()
    description = fields.String(allow_none=True)
    created_at = fields.AwareDateTime()


class WebhookCreatedSchema(WebhookSchema):
    secret = fields.String(metadata={"description": "shown once: keep it to verify Nomusa-Signature"})


class DeliverySchema(Schema):
    id = fields.Integer()
    seq = fields.Integer()
    alert_id = fields.String()
    status = fields.String()
    attempts = fields.Integer()
    next_attempt_at = fields.AwareDateTime()
    last_attempt_at = fields.AwareDateTime(allow_none=True)
    last_status = fields.Integer(allow_none=True)
    last_error = fields.String(allow_none=True)
    delivered_at = fields.AwareDateTime(allow_none=True)


class AccessLogSchema(Schema):
    at = fields.AwareDateTime()
    actor_name = fields.String()
    actor_role = fields.String()
    resource = fields.String()
    contract_id = fields.String(allow_none=True)
    alert_id = fields.String(allow_none=True)
    alert_kind = fields.String(allow_none=True)
