"""The OpenAPI document's error side: every error is an RFC 9457 problem (application/problem+json).

flask-smorest documents errors with its own ``ErrorSchema`` as application/json under one catch-all
``default`` response. Ours are problem documents, and a catch-all would let any status pass as
documented, so instead each operation lists the errors it can answer, derived from what it is:

- a request body or query parameters → 400 (invalid JSON or fields); a body → 413 and 415 too
- a bearer token (``security``) → 401; a role guard (``roles_required``) → 403
- path parameters (an object) → 404
- every operation → 503 with Retry-After (the database is away)

Domain errors a view can raise beyond those (409, 422, 429 …) are listed beside the view with
``@blp.alt_response(409, response=CONFLICT)`` (names in app.api.docs: each status has a
problem+json component named after ``http.HTTPStatus``), or for every write of a blueprint with
``Blueprint(..., write_problems=(409, 422))``.
"""

from __future__ import annotations

import http
import re
from decimal import Decimal

import flask_smorest
from flask import Flask
from marshmallow import INCLUDE, Schema, fields

from app.errors import PROBLEM_JSON

_RETRY_AFTER = {"Retry-After": {"description": "Seconds to wait before trying again.",
                                "schema": {"type": "integer", "minimum": 1}}}
_AUTHENTICATE = {"WWW-Authenticate": {"description": "The bearer challenge (RFC 6750).",
                                      "schema": {"type": "string"}}}
_HEADERS = {429: _RETRY_AFTER, 503: _RETRY_AFTER, 401: _AUTHENTICATE}
_RULE_PARAM = re.compile(r"<(?:[^:<>]+:)?([^<>]+)>")


class ProblemSchema(Schema):
    """An RFC 9457 problem document; ``errors`` maps each field to its messages."""

    class Meta:
        unknown = INCLUDE

    type = fields.String(required=True, metadata={"description": "A URI naming the kind of problem."})
    title = fields.String(required=True)
    status = fields.Integer(required=True)
    detail = fields.String()
    errors = fields.Dict(metadata={"description": "Per-field messages (validation and legal problems)."})
    request_id = fields.String()


class Api(flask_smorest.Api):
    ERROR_SCHEMA = ProblemSchema
    DEFAULT_ERROR_RESPONSE_NAME = None  # no catch-all: each operation lists its errors

    def _register_responses(self):
        for status in http.HTTPStatus:
            if status < 400:
                continue
            response = {"description": status.phrase,
                        "content": {PROBLEM_JSON: {"schema": self.spec.components.get_ref("schema", "Problem")}}}
            if status in _HEADERS:
                response["headers"] = _HEADERS[status]
            self.spec.components.response(status.name, response, lazy=True)

    def _init_spec(self, **kwargs):
        super()._init_spec(**kwargs)
        self.spec.components.schema("Problem", schema=ProblemSchema)


def _status_name(code: int) -> str:
    return http.HTTPStatus(code).name


def errors_for(operation: dict, path_params: bool, guarded: bool) -> list[int]:
    """The problems an operation can answer, from what it takes and who may call it."""
    codes = [503]
    query = any(p.get("in") == "query" for p in operation.get("parameters", []))
    if "requestBody" in operation:
        codes += [400, 413, 415]
    elif query:
        codes.append(400)
    if operation.get("security"):
        codes.append(401)
    if guarded:
        codes.append(403)
    if path_params:
        codes.append(404)
    return codes


def _plain_numbers(value):
    """Range bounds of Decimal fields come out of apispec as Decimals, which JSON writes as strings
    ("maximum": "24"): an invalid schema. Bounds are numbers."""
    if isinstance(value, dict):
        for k, v in value.items():
            value[k] = _plain_numbers(v)
    elif isinstance(value, list):
        value[:] = [_plain_numbers(v) for v in value]
    elif isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def document_errors(app: Flask, api: Api) -> None:
    """Add each operation's problem responses (see the module docstring) to the spec."""
    _plain_numbers(api.spec.components.schemas)
    paths = api.spec._paths  # apispec keeps the registered operations here until to_dict()
    for rule in app.url_map.iter_rules():
        path = _RULE_PARAM.sub(r"{\1}", rule.rule)
        view_class = getattr(app.view_functions[rule.endpoint], "view_class", None)
        if path not in paths or view_class is None:
            continue
        blueprint = app.blueprints.get(rule.endpoint.rpartition(".")[0])
        write_problems = getattr(blueprint, "write_problems", ())
        for method, operation in paths[path].items():
            if method not in ("get", "post", "put", "patch", "delete"):
                continue
            guarded = bool(getattr(getattr(view_class, method, None), "roles", None))
            responses = operation.setdefault("responses", {})
            codes = errors_for(operation, bool(rule.arguments), guarded)
            codes += list(write_problems) if method != "get" else []
            for code in codes:
                if str(code) not in responses:
                    responses[str(code)] = api.spec.components.get_ref("response", _status_name(code))
