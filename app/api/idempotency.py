"""``@idempotent``: the Idempotency-Key header on a create view (see app.services.idempotency).

Put it under ``@roles_required`` and above ``@blp.arguments``/``@blp.response``. The view's
answer (success or a 4xx problem) is stored per user and key and replayed byte-for-byte in
status and JSON body; the same key with a different body is a 409 problem.
"""

from __future__ import annotations

from functools import wraps

from flask import Response, json, request

from app.clock import now
from app.errors import PROBLEM_JSON, DomainError, handle_domain
from app.extensions import db
from app.security import current_user
from app.services import idempotency

HEADER = "Idempotency-Key"
# For @blp.doc(parameters=[IDEMPOTENCY_KEY]) on the views it guards.
IDEMPOTENCY_KEY = {"in": "header", "name": HEADER, "required": True,
                   "schema": {"type": "string", "minLength": 1, "maxLength": idempotency.MAX_KEY}}


def idempotent(view):
    @wraps(view)
    def wrapper(*args, **kwargs):
        body = request.get_json(silent=True)
        scope = f"{request.method} {request.path}"

        def create():
            try:
                resp = view(*args, **kwargs)
            except DomainError as exc:
                db.session.rollback()  # nothing half-done is kept with the stored answer
                resp = handle_domain(exc)
            return resp.status_code, resp.get_json()

        status, payload = idempotency.run(current_user().id, request.headers.get(HEADER), scope, body, create, now())
        mimetype = PROBLEM_JSON if status >= 400 else "application/json"
        return Response(json.dumps(payload, ensure_ascii=False), status=status, mimetype=mimetype)

    return wrapper
