"""Ledger storage (원장 저장소): SQL tables, the storage Protocol and :class:`SqlStore`.

Every method works inside the CALLER's transaction on the SQLAlchemy ``Connection`` it is
given and never commits: the app appends in the same transaction as its own row change and
commits once. Sequencing uses the single ``ledger_head`` row as the lock: the first ledger
statement of an append is a write to it (``UPDATE … RETURNING``), which on PostgreSQL (READ
COMMITTED) row-locks it until commit and on SQLite (``BEGIN IMMEDIATE``, see
:func:`sqlite_begin_immediate`) runs under the database write lock. Indices are therefore
dense and unique; an index handed out by a transaction that rolls back was never visible and
is handed out again.

Besides entries the store keeps the hash of every complete subtree of level ≥ 1 (level 0 is
``ledger_entries.leaf_hash``), so proofs read O(log n) rows and appends read only the compact
range of the current tree (at most one row per set bit of its size).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Protocol

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from ledger.entry import Entry, entry_hash
from ledger.merkle import EMPTY_ROOT
from ledger.tree import CompactRange, Node, prefix_nodes


def _aware(value: datetime) -> datetime:
    """SQLite hands back the stored UTC time without its zone; PostgreSQL keeps it."""
    return value if value.tzinfo else value.replace(tzinfo=UTC)


metadata = sa.MetaData(
    naming_convention={
        "pk": "pk_%(table_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "ix": "ix_%(table_name)s_%(column_0_name)s",
    }
)
TZ = sa.DateTime(timezone=True)

entries = sa.Table(
    "ledger_entries", metadata,
    sa.Column("idx", sa.BigInteger, primary_key=True, autoincrement=False),
    sa.Column("kind", sa.String(40), nullable=False),
    sa.Column("data", sa.LargeBinary, nullable=False),
    sa.Column("leaf_hash", sa.LargeBinary(32), nullable=False),
    sa.Column("appended_at", TZ, nullable=False),
)
nodes = sa.Table(
    "ledger_nodes", metadata,
    sa.Column("level", sa.SmallInteger, primary_key=True, autoincrement=False),
    sa.Column("idx", sa.BigInteger, primary_key=True, autoincrement=False),
    sa.Column("hash", sa.LargeBinary(32), nullable=False),
)
head = sa.Table(
    "ledger_head", metadata,
    sa.Column("id", sa.SmallInteger, primary_key=True, autoincrement=False),
    sa.Column("size", sa.BigInteger, nullable=False),
    sa.Column("root", sa.LargeBinary(32), nullable=False),
    sa.CheckConstraint("id = 1", name="single_row"),
)
checkpoints = sa.Table(
    "ledger_checkpoints", metadata,
    sa.Column("size", sa.BigInteger, primary_key=True, autoincrement=False),
    sa.Column("root", sa.LargeBinary(32), nullable=False),
    sa.Column("note", sa.Text, nullable=False),
    sa.Column("created_at", TZ, nullable=False),
)
witnesses = sa.Table(
    "ledger_witnesses", metadata,
    sa.Column("name", sa.String(255), primary_key=True),
    sa.Column("vkey", sa.Text, nullable=False),
    sa.Column("created_at", TZ, nullable=False),
)
cosignatures = sa.Table(
    "ledger_cosignatures", metadata,
    sa.Column("checkpoint_size", sa.BigInteger, sa.ForeignKey("ledger_checkpoints.size"), primary_key=True),
    sa.Column("witness", sa.String(255), sa.ForeignKey("ledger_witnesses.name"), primary_key=True),
    sa.Column("line", sa.Text, nullable=False),
    sa.Column("timestamp", sa.BigInteger, nullable=False),
)


class LedgerStorageError(RuntimeError):
    """The stored tree is missing something it must hold."""


class LedgerStore(Protocol):
    """What :class:`ledger.log.Log` needs from storage; ``conn`` is the caller's connection."""

    def append(self, conn: sa.Connection, items: Sequence[tuple[str, bytes]], now: datetime) -> list[int]: ...
    def head(self, conn: sa.Connection) -> tuple[int, bytes]: ...
    def lock_head(self, conn: sa.Connection) -> tuple[int, bytes]: ...
    def fetch_nodes(self, conn: sa.Connection, wanted: Iterable[Node]) -> dict[Node, bytes]: ...
    def entries(self, conn: sa.Connection, start: int, end: int) -> list[Entry]: ...
    def add_checkpoint(self, conn: sa.Connection, size: int, root: bytes, note: str, now: datetime) -> None: ...
    def checkpoints(self, conn: sa.Connection, limit: int | None = None) -> list[sa.Row]: ...
    def add_witness(self, conn: sa.Connection, name: str, vkey: str, now: datetime) -> None: ...
    def witnesses(self, conn: sa.Connection) -> dict[str, str]: ...
    def put_cosignature(self, conn: sa.Connection, size: int, witness: str, line: str, timestamp: int) -> None: ...
    def cosignatures(self, conn: sa.Connection, size: int) -> list[sa.Row]: ...


def _insert_ignore(conn: sa.Connection, table: sa.Table, row: dict) -> None:
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    conn.execute(dialect.insert(table).values(**row).on_conflict_do_nothing())


class SqlStore:
    """:class:`LedgerStore` on SQLite or PostgreSQL through SQLAlchemy Core."""

    def initialize(self, conn: sa.Connection) -> None:
        """Create the head row of an empty log (idempotent and safe under concurrency)."""
        _insert_ignore(conn, head, {"id": 1, "size": 0, "root": EMPTY_ROOT})

    def lock_head(self, conn: sa.Connection) -> tuple[int, bytes]:
        """Take the sequencing lock (a write to the head row) and return (size, root)."""
        stmt = sa.update(head).where(head.c.id == 1).values(size=head.c.size).returning(head.c.size, head.c.root)
        row = conn.execute(stmt).first()
        if row is None:
            self.initialize(conn)
            row = conn.execute(stmt).one()
        return int(row.size), bytes(row.root)

    def head(self, conn: sa.Connection) -> tuple[int, bytes]:
        """The current (size, root), without locking."""
        row = conn.execute(sa.select(head.c.size, head.c.root).where(head.c.id == 1)).first()
        return (0, EMPTY_ROOT) if row is None else (int(row.size), bytes(row.root))

    def append(self, conn: sa.Connection, items: Sequence[tuple[str, bytes]], now: datetime) -> list[int]:
        """Append entries in order (one group commit); return their indices."""
        if now.tzinfo is None:
            raise ValueError("now must be an aware datetime")
        size, _ = self.lock_head(conn)
        if not items:
            return []
        known = self.fetch_nodes(conn, prefix_nodes(size))
        tree = CompactRange(size, [(n, known[n]) for n in prefix_nodes(size)])
        rows, new_nodes = [], []
        for kind, data in items:
            leaf = entry_hash(kind, data)
            rows.append({"idx": tree.size, "kind": kind, "data": bytes(data), "leaf_hash": leaf, "appended_at": now})
            new_nodes += [{"level": lv, "idx": i, "hash": h} for (lv, i), h in tree.append(leaf)]
        conn.execute(sa.insert(entries), rows)
        if new_nodes:
            conn.execute(sa.insert(nodes), new_nodes)
        conn.execute(sa.update(head).where(head.c.id == 1).values(size=tree.size, root=tree.root()))
        return list(range(size, tree.size))

    def fetch_nodes(self, conn: sa.Connection, wanted: Iterable[Node]) -> dict[Node, bytes]:
        """The hashes of complete subtrees (level 0: leaf hashes); raises if one is missing."""
        wanted = set(wanted)
        leaves = sorted(i for lv, i in wanted if lv == 0)
        found: dict[Node, bytes] = {}
        if leaves:
            rows = conn.execute(sa.select(entries.c.idx, entries.c.leaf_hash).where(entries.c.idx.in_(leaves)))
            found.update({(0, int(r.idx)): bytes(r.leaf_hash) for r in rows})
        inner = [sa.and_(nodes.c.level == lv, nodes.c.idx == i) for lv, i in wanted if lv > 0]
        if inner:
            rows = conn.execute(sa.select(nodes.c.level, nodes.c.idx, nodes.c.hash).where(sa.or_(*inner)))
            found.update({(int(r.level), int(r.idx)): bytes(r.hash) for r in rows})
        missing = wanted - found.keys()
        if missing:
            raise LedgerStorageError(f"stored tree lacks subtrees {sorted(missing)[:5]}")
        return found

    def level_nodes(self, conn: sa.Connection, level: int, lo: int, hi: int) -> dict[int, bytes]:
        """Stored hashes of level ``level`` (≥ 1) with ``lo <= idx < hi``."""
        where = sa.and_(nodes.c.level == level, nodes.c.idx >= lo, nodes.c.idx < hi)
        return {int(r.idx): bytes(r.hash) for r in conn.execute(sa.select(nodes.c.idx, nodes.c.hash).where(where))}

    def node_count(self, conn: sa.Connection) -> int:
        """How many interior subtree hashes are stored."""
        return int(conn.execute(sa.select(sa.func.count()).select_from(nodes)).scalar_one())

    def entries(self, conn: sa.Connection, start: int, end: int) -> list[Entry]:
        """Stored entries with ``start <= index < end``, in order."""
        stmt = sa.select(entries).where(entries.c.idx >= start, entries.c.idx < end).order_by(entries.c.idx)
        return [
            Entry(int(r.idx), r.kind, bytes(r.data), bytes(r.leaf_hash), _aware(r.appended_at))
            for r in conn.execute(stmt)
        ]

    def add_checkpoint(self, conn: sa.Connection, size: int, root: bytes, note: str, now: datetime) -> None:
        """Store a signed checkpoint."""
        conn.execute(sa.insert(checkpoints).values(size=size, root=root, note=note, created_at=now))

    def checkpoints(self, conn: sa.Connection, limit: int | None = None) -> list[sa.Row]:
        """Stored checkpoints, newest first (all, or the latest ``limit``)."""
        stmt = sa.select(checkpoints).order_by(checkpoints.c.size.desc())
        return list(conn.execute(stmt if limit is None else stmt.limit(limit)))

    def add_witness(self, conn: sa.Connection, name: str, vkey: str, now: datetime) -> None:
        """Register (or re-key) a witness."""
        conn.execute(sa.delete(witnesses).where(witnesses.c.name == name))
        conn.execute(sa.insert(witnesses).values(name=name, vkey=vkey, created_at=now))

    def witnesses(self, conn: sa.Connection) -> dict[str, str]:
        """Registered witnesses: name -> vkey."""
        return {r.name: r.vkey for r in conn.execute(sa.select(witnesses.c.name, witnesses.c.vkey))}

    def put_cosignature(self, conn: sa.Connection, size: int, witness: str, line: str, timestamp: int) -> None:
        """Keep a witness's newest cosignature on checkpoint ``size``."""
        key = sa.and_(cosignatures.c.checkpoint_size == size, cosignatures.c.witness == witness)
        old = conn.execute(sa.select(cosignatures.c.timestamp).where(key)).scalar_one_or_none()
        if old is not None and old >= timestamp:
            return
        conn.execute(sa.delete(cosignatures).where(key))
        conn.execute(sa.insert(cosignatures).values(checkpoint_size=size, witness=witness, line=line,
                                                    timestamp=timestamp))

    def cosignatures(self, conn: sa.Connection, size: int) -> list[sa.Row]:
        """Cosignature rows of checkpoint ``size``, by witness name."""
        stmt = sa.select(cosignatures).where(cosignatures.c.checkpoint_size == size)
        return list(conn.execute(stmt.order_by(cosignatures.c.witness)))


def sqlite_begin_immediate(engine: sa.Engine, busy_timeout_ms: int = 30_000) -> sa.Engine:
    """Make every transaction on a pysqlite ``engine`` start with ``BEGIN IMMEDIATE``.

    The SQLAlchemy recipe for pysqlite: the driver's own transaction handling is switched
    off (``isolation_level = None``) and ``BEGIN IMMEDIATE`` is emitted on begin, so a
    transaction holds the write lock from its start and never fails to upgrade later.
    Each connection also gets WAL journaling, a busy timeout and foreign keys.
    """

    @sa.event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @sa.event.listens_for(engine, "begin")
    def _on_begin(conn: sa.Connection) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")

    return engine
