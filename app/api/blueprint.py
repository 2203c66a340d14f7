"""The Blueprint every resource uses: flask-smorest with a JSON parser that refuses hostile bodies."""

from __future__ import annotations

import json

import flask_smorest
from webargs.flaskparser import FlaskParser

from app.errors import ValidationFailed
from app.http import MAX_JSON_DEPTH, NUL_REFUSED, contains_nul, json_depth


class Parser(FlaskParser):
    """Deep nesting becomes webargs' ordinary 'invalid JSON' error (400), never a RecursionError;
    a NUL character anywhere is a 400 (no text column can store it on PostgreSQL).
    Invalid arguments are 400 (documented so), as app.errors answers them."""

    DEFAULT_VALIDATION_STATUS = 400

    def _raw_load_json(self, req):
        try:
            value = super()._raw_load_json(req)
        except RecursionError as exc:
            raise json.JSONDecodeError("JSON nested too deeply", "", 0) from exc
        if json_depth(value) > MAX_JSON_DEPTH:
            raise json.JSONDecodeError("JSON nested too deeply", "", 0)
        if contains_nul(value):
            raise ValidationFailed(errors={"json": [NUL_REFUSED]})
        return value


class Blueprint(flask_smorest.Blueprint):
    """``write_problems``: statuses every POST/PUT/PATCH/DELETE of this blueprint may answer beyond
    the ones app.openapi derives (e.g. 409 for a state conflict, 422 for a refused key or term)."""

    ARGUMENTS_PARSER = Parser()

    def __init__(self, *args, write_problems: tuple[int, ...] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.write_problems = tuple(write_problems)
