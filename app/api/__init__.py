"""Blueprints, all under /api/v1; the OpenAPI document is generated from their schemas."""

import importlib

from flask import Flask

from app.extensions import api
from app.openapi import document_errors

PREFIX = "/api/v1"

# One module per resource; each exposes ``BLUEPRINTS`` (or a single ``blp``) with its url_prefix.
RESOURCES = ["auth", "workplaces", "pay", "ledger", "devices", "contracts", "hours", "statements", "payments", "notifications", "jobruns", "alerts", "reports", "webhooks", "access_log"]


def register(app: Flask) -> None:
    for name in RESOURCES:
        module = importlib.import_module(f"app.api.{name}")
        for blp in getattr(module, "BLUEPRINTS", None) or [module.blp]:
            api.register_blueprint(blp, url_prefix=PREFIX + blp.url_prefix)
    document_errors(app, api)
    from app.api import ops

    app.register_blueprint(ops.bp)
