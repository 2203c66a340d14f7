"""Test databases on SQLite and PostgreSQL.

Every test that touches storage runs once per backend: SQLite always, PostgreSQL when
``NOMUSA_TEST_DATABASE_URL`` is set. Each pytest process (and each xdist worker) gets a database
of its own on the PostgreSQL server, so concurrent runs never see each other's rows.
"""

from __future__ import annotations

import os
import uuid

import sqlalchemy as sa

PG_ENV = "NOMUSA_TEST_DATABASE_URL"


def backends() -> list[str]:
    return ["sqlite", "postgresql"] if os.environ.get(PG_ENV) else ["sqlite"]


def sa_url(url: str) -> str:
    """Plain postgresql:// URLs use psycopg 3 (the only driver installed)."""
    if url.startswith("postgresql://"):
        return "postgresql+psycopg://" + url[len("postgresql://") :]
    return url


class PgServer:
    """A throwaway database on the server named by NOMUSA_TEST_DATABASE_URL."""

    def __init__(self, base_url: str):
        self.base_url = sa_url(base_url)
        self.name = f"nomusa_t_{uuid.uuid4().hex[:10]}"
        admin = sa.create_engine(self.base_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(sa.text(f'CREATE DATABASE "{self.name}"'))
        admin.dispose()
        self.url = sa.engine.make_url(self.base_url).set(database=self.name).render_as_string(
            hide_password=False
        )
        self.created_for: tuple | None = None

    def drop(self) -> None:
        admin = sa.create_engine(self.base_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)'))
        admin.dispose()

    def reset(self, metadatas: list[sa.MetaData]) -> None:
        """Leave exactly the tables of ``metadatas``, all empty."""
        key = tuple(id(m) for m in metadatas)
        engine = sa.create_engine(self.url)
        try:
            with engine.begin() as conn:
                if self.created_for == key:
                    names = [t.name for m in metadatas for t in m.sorted_tables]
                    extra = conn.execute(
                        sa.text("SELECT tablename FROM pg_tables WHERE schemaname='public'")
                    ).scalars()
                    names += [n for n in extra if n not in names]
                    if names:
                        conn.execute(
                            sa.text(
                                "TRUNCATE " + ", ".join(f'"{n}"' for n in names) + " RESTART IDENTITY CASCADE"
                            )
                        )
                else:
                    conn.execute(sa.text("DROP SCHEMA public CASCADE"))
                    conn.execute(sa.text("CREATE SCHEMA public"))
                    for m in metadatas:
                        m.create_all(conn)
                    self.created_for = key
        finally:
            engine.dispose()

    def wipe(self) -> None:
        """An empty schema (for tests that run migrations themselves)."""
        engine = sa.create_engine(self.url)
        with engine.begin() as conn:
            conn.execute(sa.text("DROP SCHEMA public CASCADE"))
            conn.execute(sa.text("CREATE SCHEMA public"))
        engine.dispose()
        self.created_for = None


def fresh_database(backend: str, tmp_path, pg: PgServer | None, metadatas: list[sa.MetaData]) -> str:
    """A URL of a database holding exactly the empty tables of ``metadatas``."""
    if backend == "sqlite":
        url = f"sqlite:///{tmp_path}/nomusa-test.db"
        engine = sa.create_engine(url)
        with engine.begin() as conn:
            for m in metadatas:
                m.create_all(conn)
        engine.dispose()
        return url
    assert pg is not None
    pg.reset(metadatas)
    return pg.url
