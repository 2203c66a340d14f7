"""The SQL store on SQLite and PostgreSQL: stored tree == in-memory reference; audit finds tampering."""

from __future__ import annotations

import random

import pytest
import sqlalchemy as sa

from ledger import merkle, store
from ledger.audit import audit
from ledger.entry import leaf_data
from tests.ledger.conftest import LOG_VKEY, NOW, ORIGIN


def _fill(engine, log, count: int, seed: int = 7) -> list[bytes]:
    rng, leaves = random.Random(seed), []
    while len(leaves) < count:
        batch = [("contract.signed", rng.randbytes(rng.randint(0, 40))) for _ in range(rng.randint(1, 6))]
        batch = batch[: count - len(leaves)]
        with engine.begin() as conn:
            assert log.append(conn, batch, NOW) == list(range(len(leaves), len(leaves) + len(batch)))
            leaves += [leaf_data(k, d) for k, d in batch]
            assert store.SqlStore().head(conn) == (len(leaves), merkle.root_hash(leaves))
    return leaves


def test_stored_proofs_equal_the_reference_for_every_size(engine, log):
    leaves = _fill(engine, log, 45)
    with engine.connect() as conn:
        for size in range(1, len(leaves) + 1):
            for index in range(size):
                assert log.inclusion_proof(conn, index, size) == merkle.inclusion_proof(leaves, index, size)
            for size1 in range(size + 1):
                assert log.consistency_proof(conn, size1, size) == merkle.consistency_proof(leaves, size1, size)
        with pytest.raises(ValueError):
            log.inclusion_proof(conn, 0, len(leaves) + 1)


def test_append_reads_only_the_compact_range(engine, log):
    _fill(engine, log, 37)
    statements = []
    sa.event.listen(engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
    with engine.begin() as conn:
        log.append(conn, [("a", b"1"), ("a", b"2")], NOW)
    selects = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
    assert len(selects) <= 2 and not any("ledger_entries.data" in s for s in selects)


def test_rolled_back_append_leaves_no_trace_and_its_index_is_reused(engine, log):
    _fill(engine, log, 3)
    with engine.connect() as conn:
        with conn.begin() as tx:
            assert log.append(conn, [("a", b"gone")], NOW) == [3]
            tx.rollback()
        with conn.begin():
            assert log.append(conn, [("a", b"kept")], NOW) == [3]
        assert [e.data for e in log.entries(conn, 3, 10)] == [b"kept"]


def test_audit_passes_on_a_healthy_log(engine, log):
    _fill(engine, log, 30)
    with engine.begin() as conn:
        log.publish_checkpoint(conn, NOW)
    _fill_more(engine, log)
    report = _audit(engine, vkey=LOG_VKEY, origin=ORIGIN)
    assert report.ok and report.entries_checked == 33 and report.checkpoints_checked == 2, str(report)


def _fill_more(engine, log):
    with engine.begin() as conn:
        log.append(conn, [("b", b"x"), ("b", b"y"), ("b", b"z")], NOW)
        log.publish_checkpoint(conn, NOW)


def _audit(engine, **kwargs):
    with engine.connect() as conn:
        return audit(conn, **kwargs)


def _tamper(engine, statement, **params):
    with engine.begin() as conn:
        conn.execute(statement, params)


def test_audit_reports_a_one_byte_change_to_one_entry(engine, log):
    leaves = _fill(engine, log, 30)
    data = leaves[17].split(b"\n", 1)[1]
    altered = bytes([data[0] ^ 1]) + data[1:] if data else b"\x00"
    _tamper(engine, sa.update(store.entries).where(store.entries.c.idx == 17).values(data=altered))
    with engine.connect() as conn:
        report = audit(conn, vkey=LOG_VKEY)
    assert not report.ok and report.index == 17 and report.problem.startswith("entry 17:"), str(report)


def test_audit_reports_a_changed_node(engine, log):
    _fill(engine, log, 30)
    _tamper(engine, sa.update(store.nodes).where(store.nodes.c.level == 2, store.nodes.c.idx == 3)
            .values(hash=bytes(32)))
    report = _audit(engine)
    assert not report.ok and report.problem.startswith("node level 2 index 3 (leaves 12..15)"), str(report)
    assert report.index == 15


def test_audit_reports_a_changed_checkpoint(engine, log):
    _fill(engine, log, 20)
    with engine.begin() as conn:
        signed = log.publish_checkpoint(conn, NOW)
    _fill_more(engine, log)
    forged = signed.replace(ORIGIN + "\n20\n", ORIGIN + "\n19\n")
    _tamper(engine, sa.update(store.checkpoints).where(store.checkpoints.c.size == 20).values(note=forged))
    report = _audit(engine, vkey=LOG_VKEY, origin=ORIGIN)
    assert not report.ok and report.checkpoint_size == 20 and "not signed" in report.problem, str(report)
    _tamper(engine, sa.update(store.checkpoints).where(store.checkpoints.c.size == 20)
            .values(note=signed, root=bytes(32)))
    report = _audit(engine, vkey=LOG_VKEY)
    assert not report.ok and report.problem.startswith("checkpoint 20: stored root"), str(report)


def test_audit_reports_a_missing_entry_and_a_stray_node(engine, log):
    _fill(engine, log, 10)
    _tamper(engine, sa.insert(store.nodes).values(level=5, idx=9, hash=bytes(32)))
    assert "beyond the complete subtrees" in _audit(engine).problem
    _tamper(engine, sa.delete(store.entries).where(store.entries.c.idx == 4))
    report = _audit(engine)
    assert report.index == 4 and "missing" in report.problem
