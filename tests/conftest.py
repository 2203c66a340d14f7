"""Shared fixtures. ``backend`` parametrizes storage tests over SQLite and PostgreSQL."""

from __future__ import annotations

import os

import pytest

from tests.support import db as dbsupport


@pytest.fixture(scope="session")
def pg_server():
    url = os.environ.get(dbsupport.PG_ENV)
    if not url:
        yield None
        return
    server = dbsupport.PgServer(url)
    yield server
    server.drop()


@pytest.fixture(params=dbsupport.backends())
def backend(request) -> str:
    """'sqlite' or 'postgresql': a test using it runs once per storage backend."""
    return request.param


@pytest.fixture
def app(backend, tmp_path, pg_server):
    """The service on a fresh database of the current backend (tables created from the models)."""
    from app import create_app
    from app.config import Settings, normalize_database_url
    from app.database import metadatas
    from app.extensions import db

    url = dbsupport.fresh_database(backend, tmp_path, pg_server, metadatas())
    settings = Settings(
        instance_dir=tmp_path / "instance",
        database_url=normalize_database_url(url),
        secret_key="test-secret-for-hs256-at-least-32-bytes-" + tmp_path.name,
        ledger_key_file=tmp_path / "instance" / "ledger.key",
        testing=True,
        argon2_time_cost=1,
        argon2_memory_kib=1024,  # tests only: production keeps the RFC 9106 cost
    )
    settings.instance_dir.mkdir(parents=True, exist_ok=True)
    application = create_app(settings)
    yield application
    with application.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def api(client):
    """A small driver that registers, logs in and calls the API like the apps do."""
    from tests.support.factories import ApiDriver

    return ApiDriver(client)
