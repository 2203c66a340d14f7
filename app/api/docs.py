"""OpenAPI bits shared by blueprints."""

BEARER = [{"bearerAuth": []}]

# problem+json responses (app.openapi) for @blp.alt_response(status, response=NAME)
UNAUTHORIZED = "UNAUTHORIZED"
NOT_FOUND = "NOT_FOUND"
CONFLICT = "CONFLICT"
UNPROCESSABLE = "UNPROCESSABLE_ENTITY"
TOO_MANY_REQUESTS = "TOO_MANY_REQUESTS"
