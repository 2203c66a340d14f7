"""One problem+json (RFC 9457) shape for every error; domain errors are mapped here, once."""

from __future__ import annotations

import logging

import sqlalchemy.exc as sa_exc
from flask import Flask, Response, g, json
from werkzeug.exceptions import HTTPException

from app import i18n

log = logging.getLogger("nomusa.errors")
TYPE_BASE = "https://nomusa.kr/problems/"
PROBLEM_JSON = "application/problem+json"

_STATUS_TYPES = {
    400: "bad-request",
    401: "unauthorized",
    403: "forbidden",
    404: "not-found",
    405: "method-not-allowed",
    409: "conflict",
    413: "payload-too-large",
    415: "unsupported-media-type",
    429: "too-many-requests",
    503: "service-unavailable",
}


class DomainError(Exception):
    """Raised by services; carries what the problem document needs."""

    status = 400
    type = "bad-request"

    def __init__(self, detail: str | None = None, *, errors: dict | None = None, headers=None, **extra):
        super().__init__(detail or self.type)
        self.detail = detail
        self.errors = errors
        self.headers = headers or {}
        self.extra = extra


class ValidationFailed(DomainError):
    status, type = 400, "validation-error"


class LegalViolation(DomainError):
    """Terms that break a statute: ``errors`` maps each field to messages naming the article."""

    status, type = 422, "legal-violation"


class NotFound(DomainError):
    status, type = 404, "not-found"


class Forbidden(DomainError):
    status, type = 403, "forbidden"


class Conflict(DomainError):
    status, type = 409, "conflict"


class Unauthorized(DomainError):
    status, type = 401, "unauthorized"


class TooManyRequests(DomainError):
    status, type = 429, "too-many-requests"

    def __init__(self, retry_after: int, detail: str | None = None):
        super().__init__(detail, headers={"Retry-After": str(max(1, int(retry_after)))})


def problem(status: int, type_: str, detail: str | None = None, errors=None, headers=None, **extra) -> Response:
    body = {"type": TYPE_BASE + type_, "title": i18n.message(type_), "status": status}
    if detail:
        body["detail"] = detail
    if errors:
        body["errors"] = _translate(errors)
    if getattr(g, "request_id", None):
        body["request_id"] = g.request_id
    body.update(extra)
    resp = Response(json.dumps(body, ensure_ascii=False), status=status, mimetype=PROBLEM_JSON)
    for k, v in (headers or {}).items():
        resp.headers[k] = v
    return resp


def _translate(errors):
    if isinstance(errors, dict):
        return {str(k): _translate(v) for k, v in errors.items()}
    if isinstance(errors, list):
        return [_translate(e) for e in errors]
    return i18n.field_message(errors) if isinstance(errors, str) else errors


def _webargs_errors(exc: HTTPException) -> dict | None:
    data = getattr(exc, "data", None) or {}
    messages = data.get("messages")
    if not messages:
        return None
    merged: dict = {}
    for location, fields in messages.items():
        if isinstance(fields, dict):
            merged.update(fields)
        else:
            merged[location] = fields
    return merged


def handle_http(exc: HTTPException) -> Response:
    status = exc.code or 500
    errors = _webargs_errors(exc)
    if errors and status in (400, 422):
        if errors.get("json") == ["Invalid JSON body."]:
            return problem(400, "invalid-json")
        return problem(400, "validation-error", errors=errors)
    type_ = _STATUS_TYPES.get(status, "bad-request" if status < 500 else "internal-error")
    headers = {}
    if status == 405 and getattr(exc, "valid_methods", None):
        headers["Allow"] = ", ".join(exc.valid_methods)
    detail = exc.description if status < 500 and type_ == "bad-request" else None
    return problem(status, type_, detail=detail, headers=headers)


def handle_domain(exc: DomainError) -> Response:
    return problem(exc.status, exc.type, exc.detail, exc.errors, exc.headers, **exc.extra)


def handle_db_unavailable(exc: sa_exc.SQLAlchemyError) -> Response:
    orig = getattr(exc, "orig", None)
    log.warning("database unavailable: %s", type(orig or exc).__name__)
    return problem(503, "service-unavailable", headers={"Retry-After": "5"})


def handle_unexpected(exc: Exception) -> Response:
    log.exception("unhandled error")
    return problem(500, "internal-error")


def init_app(app: Flask) -> None:
    app.register_error_handler(HTTPException, handle_http)
    app.register_error_handler(DomainError, handle_domain)
    app.register_error_handler(sa_exc.OperationalError, handle_db_unavailable)
    app.register_error_handler(sa_exc.InterfaceError, handle_db_unavailable)
    app.register_error_handler(sa_exc.DisconnectionError, handle_db_unavailable)
    app.register_error_handler(sa_exc.TimeoutError, handle_db_unavailable)  # the pool had no connection to give
    app.register_error_handler(Exception, handle_unexpected)
