"""Several OS processes appending at once, and a writer killed with SIGKILL mid-way."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ledger import store
from ledger.audit import audit
from tests.ledger.conftest import make_engine

ROOT = Path(__file__).resolve().parents[2]


def _worker(url: str, name: str, batches: int, size: int) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.ledger.workers", url, name, str(batches), str(size)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


def _acknowledged(output: str) -> dict[int, bytes]:
    pairs = (token.split("=", 1) for line in output.splitlines() if line.strip() for token in line.split())
    return {int(i): payload.encode() for i, payload in pairs}


def _stored(url: str) -> tuple[dict[int, bytes], object]:
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            size, _ = store.SqlStore().head(conn)
            rows = {e.index: e.data for e in store.SqlStore().entries(conn, 0, size + 100)}
            return rows, audit(conn)
    finally:
        engine.dispose()


@pytest.mark.slow
def test_concurrent_appenders_get_dense_unique_indices(db_url):
    procs = [_worker(db_url, f"w{n}", 25, 1 + n) for n in range(4)]
    outputs = [p.communicate(timeout=60) for p in procs]
    assert all(p.returncode == 0 for p in procs), [err for _, err in outputs]
    acked: dict[int, bytes] = {}
    for out, _ in outputs:
        mine = _acknowledged(out)
        assert not acked.keys() & mine.keys(), "an index was handed out twice"
        acked.update(mine)
    rows, report = _stored(db_url)
    assert sorted(rows) == list(range(25 * (1 + 2 + 3 + 4)))
    assert rows == acked
    assert report.ok, str(report)


@pytest.mark.slow
def test_kill_9_mid_append_loses_nothing_acknowledged(db_url):
    proc = _worker(db_url, "crash", 100_000, 7)
    lines: list[str] = []
    deadline = time.monotonic() + 20
    while len(lines) < 40 and time.monotonic() < deadline:
        lines.append(proc.stdout.readline())
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=10)
    proc.stdout.close()
    proc.stderr.close()
    acked = _acknowledged("".join(lines))
    assert len(acked) >= 40 * 7
    rows, report = _stored(db_url)
    assert report.ok, str(report)
    assert all(rows.get(i) == payload for i, payload in acked.items())
    assert sorted(rows) == list(range(len(rows)))
