"""Ledger fixtures: an empty ledger database per test, on every backend."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from ledger import note, store
from ledger.log import Log
from tests.support.db import fresh_database, sa_url

NOW = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)
ORIGIN = "nomusa.test/ledger"
LOG_SKEY, LOG_VKEY = note.generate(ORIGIN)


def make_engine(url: str) -> sa.Engine:
    """An engine as the app builds it (BEGIN IMMEDIATE on SQLite)."""
    engine = sa.create_engine(sa_url(url))
    return store.sqlite_begin_immediate(engine) if engine.dialect.name == "sqlite" else engine


@pytest.fixture
def db_url(backend, tmp_path, pg_server) -> str:
    return fresh_database(backend, tmp_path, pg_server, [store.metadata])


@pytest.fixture
def engine(db_url):
    engine = make_engine(db_url)
    yield engine
    engine.dispose()


@pytest.fixture
def log() -> Log:
    return Log(ORIGIN, LOG_SKEY)
