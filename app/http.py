"""Request plumbing: request ids, structured JSON logs, body checks and security headers."""

from __future__ import annotations

import json as stdjson
import logging
import re
import sys
import time
import uuid

from flask import Flask, g, request
from flask.json.provider import DefaultJSONProvider

from app.errors import problem

log = logging.getLogger("nomusa.request")
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
_BODY_METHODS = {"POST", "PUT", "PATCH"}
_TEXT_BODY_PATHS = ("/api/v1/ledger/cosignatures",)
MAX_JSON_DEPTH = 64


class JSONProvider(DefaultJSONProvider):
    """JSON that keeps Korean readable and turns hostile nesting into a clean 400."""

    ensure_ascii = False

    def loads(self, s, **kwargs):
        try:
            value = stdjson.loads(s, **kwargs)
        except RecursionError as exc:
            raise ValueError("JSON nested too deeply") from exc
        if json_depth(value) > MAX_JSON_DEPTH:
            raise ValueError("JSON nested too deeply")
        return value


def json_depth(value, limit: int = MAX_JSON_DEPTH + 1) -> int:
    depth, level = 0, [value]
    while level and depth <= limit:
        nxt = []
        for v in level:
            if isinstance(v, dict):
                nxt.extend(v.values())
            elif isinstance(v, list):
                nxt.extend(v)
        if not nxt:
            break
        depth, level = depth + 1, nxt
    return depth


def contains_nul(value) -> bool:
    """Text no database column can hold anywhere in a JSON value (keys included): a NUL character
    (PostgreSQL refuses it) or a lone UTF-16 surrogate such as "\\ud800" (not encodable as UTF-8)."""
    stack = [value]
    while stack:
        v = stack.pop()
        if isinstance(v, str):
            if "\x00" in v or not v.isascii() and _SURROGATE.search(v):
                return True
        elif isinstance(v, dict):
            stack.extend(v.keys())
            stack.extend(v.values())
        elif isinstance(v, list):
            stack.extend(v)
    return False


NUL_REFUSED = "NUL characters and lone surrogates are not allowed."
_SURROGATE = re.compile("[\ud800-\udfff]")


class JSONLogFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {"ts": self.formatTime(record), "level": record.levelname, "logger": record.name}
        entry["msg"] = record.getMessage()
        entry.update(getattr(record, "fields", {}))
        if record.exc_info:
            entry["exc"] = self.formatException(record.exc_info)
        return stdjson.dumps(entry, ensure_ascii=False)


def configure_logging(level: int = logging.INFO) -> None:
    root = logging.getLogger("nomusa")
    if any(isinstance(h.formatter, JSONLogFormatter) for h in root.handlers):
        return
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JSONLogFormatter())
    root.addHandler(handler)
    root.setLevel(level)
    root.propagate = False


def _before():
    g.started = time.perf_counter()
    incoming = request.headers.get("X-Request-ID", "")
    g.request_id = incoming if _REQUEST_ID.match(incoming) else uuid.uuid4().hex
    if "\x00" in request.path:
        return problem(400, "validation-error", errors={"path": [NUL_REFUSED]})
    if any(contains_nul([k, v]) for k, v in request.args.items(multi=True)):
        return problem(400, "validation-error", errors={"query": [NUL_REFUSED]})
    if request.method in _BODY_METHODS and request.content_length and not request.is_json:
        if not request.path.startswith(_TEXT_BODY_PATHS):
            return problem(415, "unsupported-media-type")
    return None


def _after(response):
    response.headers["X-Request-ID"] = g.get("request_id", "")
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Referrer-Policy", "no-referrer")
    response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
    if not request.path.endswith("/docs") and "/docs/" not in request.path:
        response.headers.setdefault("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'")
    if request.headers.get("Authorization"):
        response.headers.setdefault("Cache-Control", "no-store")
    elapsed = (time.perf_counter() - g.get("started", time.perf_counter())) * 1000
    log.info(
        "request",
        extra={
            "fields": {
                "request_id": g.get("request_id"),
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "ms": round(elapsed, 2),
                "user": g.get("user_id"),
            }
        },
    )
    return response


def init_app(app: Flask) -> None:
    app.json = JSONProvider(app)
    app.before_request(_before)
    app.after_request(_after)
