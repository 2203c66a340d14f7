"""nomusa: the backend of the 스마트 노무사 app."""

from __future__ import annotations

from flask import Flask

from app.config import Settings, from_env


def create_app(settings: Settings | None = None) -> Flask:
    """Build the service. Tests hand their own Settings; production reads NOMUSA_* variables."""
    from app import api as api_pkg
    from app import cli, errors, http, models  # noqa: F401  (models registers every table)
    from app.database import MIGRATIONS, configure_engine
    from app.extensions import api, db, jwt, migrate

    settings = settings or from_env()
    app = Flask(__name__, instance_path=str(settings.instance_dir), static_folder=None)
    app.config.update(
        SETTINGS=settings,
        SECRET_KEY=settings.secret_key,
        JWT_SECRET_KEY=settings.secret_key,
        JWT_ACCESS_TOKEN_EXPIRES=settings.access_token_ttl,
        JWT_REFRESH_TOKEN_EXPIRES=settings.refresh_token_ttl,
        JWT_TOKEN_LOCATION=["headers"],
        JWT_ALGORITHM="HS256",
        SQLALCHEMY_DATABASE_URI=settings.database_url,
        SQLALCHEMY_ENGINE_OPTIONS={"pool_pre_ping": True},
        MAX_CONTENT_LENGTH=settings.max_content_length,
        TESTING=settings.testing,
        API_TITLE="nomusa",
        API_VERSION="v1",
        OPENAPI_VERSION="3.1.0",
        OPENAPI_URL_PREFIX="/api/v1",
        OPENAPI_JSON_PATH="openapi.json",
        OPENAPI_SWAGGER_UI_PATH="docs",
        OPENAPI_SWAGGER_UI_URL="https://cdn.jsdelivr.net/npm/swagger-ui-dist/",
        API_SPEC_OPTIONS={
            "components": {"securitySchemes": {"bearerAuth": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}}},
            "info": {"description": "스마트 노무사: contracts, hours, wages and the labor rights alert feed."},
        },
    )
    http.configure_logging()
    db.init_app(app)
    migrate.init_app(app, db, directory=str(MIGRATIONS))
    jwt.init_app(app)
    api.init_app(app)
    with app.app_context():
        configure_engine(db.engine)
    api_pkg.register(app)
    errors.init_app(app)
    http.init_app(app)
    cli.init_app(app)
    return app
