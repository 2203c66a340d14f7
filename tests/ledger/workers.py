"""Subprocess workers for the concurrency and crash tests (``python -m tests.ledger.workers``)."""

from __future__ import annotations

import sys
from datetime import UTC, datetime

from ledger.store import SqlStore
from tests.ledger.conftest import make_engine


def append_batches(url: str, worker: str, batches: int, batch_size: int) -> None:
    """Append ``batches`` batches; print each index only AFTER its transaction committed."""
    engine, store = make_engine(url), SqlStore()
    for b in range(batches):
        items = [("test.worker", f"{worker}:{b}:{i}".encode()) for i in range(batch_size)]
        with engine.begin() as conn:
            indices = store.append(conn, items, datetime.now(UTC))
        print(" ".join(f"{i}={worker}:{b}:{n}" for n, i in enumerate(indices)), flush=True)
    engine.dispose()


if __name__ == "__main__":
    append_batches(sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
