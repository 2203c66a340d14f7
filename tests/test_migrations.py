"""One Alembic head, and the migrated schema equals the models on both backends."""

from __future__ import annotations

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from app import create_app
from app.config import Settings, normalize_database_url
from app.database import alembic_config, metadatas
from app.extensions import db


def test_single_head():
    heads = ScriptDirectory.from_config(alembic_config()).get_heads()
    assert len(heads) == 1, heads


def _settings(tmp_path, url):
    return Settings(
        instance_dir=tmp_path, database_url=normalize_database_url(url), secret_key="t",
        ledger_key_file=tmp_path / "ledger.key", testing=True,
    )


def test_migrations_match_models_and_readyz(backend, tmp_path, pg_server):
    if backend == "sqlite":
        url = f"sqlite:///{tmp_path}/migrated.db"
    else:
        pg_server.wipe()
        url = pg_server.url
    app = create_app(_settings(tmp_path, url))
    client = app.test_client()
    assert client.get("/readyz").status_code == 503  # nothing migrated yet
    from flask_migrate import upgrade

    with app.app_context():
        upgrade()
        with db.engine.connect() as conn:
            ctx = MigrationContext.configure(conn, opts={"compare_type": True})
            diff = compare_metadata(ctx, _merged())
        db.engine.dispose()
    assert diff == [], diff
    ready = client.get("/readyz")
    assert ready.status_code == 200 and ready.get_json()["status"] == "ready"
    with app.app_context():
        db.engine.dispose()


def _merged() -> sa.MetaData:
    merged = sa.MetaData()
    for m in metadatas():
        for table in m.tables.values():
            table.to_metadata(merged)
    return merged
