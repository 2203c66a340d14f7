"""Engine setup: SQLite in WAL mode with foreign keys and serialized writers; migration status."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from ledger.store import sqlite_begin_immediate

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def configure_engine(engine: sa.Engine) -> None:
    """On SQLite: WAL, foreign keys, a busy timeout, and BEGIN IMMEDIATE so writers queue
    instead of failing when two transactions that read first both try to write."""
    if engine.dialect.name == "sqlite":
        sqlite_begin_immediate(engine)


def alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(conn: sa.Connection) -> str | None:
    return MigrationContext.configure(conn).get_current_revision()


def metadatas() -> list[sa.MetaData]:
    """Every table the service owns: its models and the ledger library's tables."""
    from app.extensions import db
    from ledger.store import metadata as ledger_metadata

    return [db.metadata, ledger_metadata]
