"""/healthz and /readyz for load balancers and orchestrators (outside /api/v1)."""

import sqlalchemy as sa
from flask import Blueprint, jsonify

from app.database import current_revision, head_revision
from app.errors import problem
from app.extensions import db

bp = Blueprint("ops", __name__)


@bp.get("/healthz")
def healthz():
    """The process is up."""
    return jsonify(status="ok")


@bp.get("/readyz")
def readyz():
    """The database answers and its schema is at the migration head."""
    try:
        with db.engine.connect() as conn:
            conn.execute(sa.text("SELECT 1"))
            current = current_revision(conn)
    except sa.exc.SQLAlchemyError:
        return problem(503, "service-unavailable", detail="database unreachable", headers={"Retry-After": "5"})
    head = head_revision()
    if current != head:
        return problem(
            503, "service-unavailable", detail=f"migrations not current ({current} != {head})",
            headers={"Retry-After": "5"},
        )
    return jsonify(status="ready", migration=current)
