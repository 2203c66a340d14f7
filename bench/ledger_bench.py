"""Ledger benchmark: appends/s (single and batched) and inclusion-proof time vs log size.

Run: ``python bench/ledger_bench.py [--big 1000000]`` (SQLite files in a temporary directory).
Large logs are built by bulk-inserting entries and subtree nodes directly (one transaction),
then proofs are timed through :class:`ledger.log.Log` exactly as the app calls it.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from ledger import note, store  # noqa: E402
from ledger.entry import entry_hash  # noqa: E402
from ledger.log import Log  # noqa: E402
from ledger.tree import CompactRange  # noqa: E402

NOW = datetime(2025, 1, 1, tzinfo=UTC)
LOG = Log("bench.nomusa/log", note.generate("bench.nomusa/log")[0])


def engine_for(path: Path) -> sa.Engine:
    engine = store.sqlite_begin_immediate(sa.create_engine(f"sqlite:///{path}"))
    store.metadata.create_all(engine)
    return engine


def appends_per_second(engine: sa.Engine, count: int, batch: int) -> float:
    start = time.perf_counter()
    for b in range(count // batch):
        with engine.begin() as conn:
            LOG.append(conn, [("bench", f"{b}:{i}".encode()) for i in range(batch)], NOW)
    return count / (time.perf_counter() - start)


def bulk_build(engine: sa.Engine, size: int, chunk: int = 50_000) -> None:
    tree = CompactRange()
    with engine.begin() as conn:
        for start in range(0, size, chunk):
            rows, nodes = [], []
            for i in range(start, min(size, start + chunk)):
                data = i.to_bytes(8, "big")
                leaf = entry_hash("bench", data)
                rows.append({"idx": i, "kind": "bench", "data": data, "leaf_hash": leaf, "appended_at": NOW})
                nodes += [{"level": lv, "idx": j, "hash": h} for (lv, j), h in tree.append(leaf)]
            conn.execute(sa.insert(store.entries), rows)
            conn.execute(sa.insert(store.nodes), nodes)
        conn.execute(sa.insert(store.head).values(id=1, size=size, root=tree.root()))


def proof_time_ms(engine: sa.Engine, size: int, samples: int = 300) -> float:
    rng = random.Random(size)
    with engine.connect() as conn:
        start = time.perf_counter()
        for _ in range(samples):
            LOG.inclusion_proof(conn, rng.randrange(size), size)
        return (time.perf_counter() - start) / samples * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--big", type=int, default=1_000_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        single = appends_per_second(engine_for(Path(tmp, "a.db")), 500, 1)
        batched = appends_per_second(engine_for(Path(tmp, "b.db")), 20_000, 100)
        print(f"append, 1 entry/transaction:    {single:9.0f} entries/s")
        print(f"append, 100 entries/transaction: {batched:9.0f} entries/s")
        times = {}
        for size in (1_000, 100_000, args.big):
            engine = engine_for(Path(tmp, f"p{size}.db"))
            bulk_build(engine, size)
            times[size] = proof_time_ms(engine, size)
            print(f"inclusion proof at {size:>9,} leaves: {times[size]:.3f} ms")
        print(f"ratio {args.big:,} / 1,000 leaves: {times[args.big] / times[1_000]:.2f}x")


if __name__ == "__main__":
    main()
