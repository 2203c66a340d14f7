"""OpenAPI bits shared by blueprints."""

BEARER = [{"bearerAuth": []}]
