"""The transparency log (투명성 로그): sequencing, checkpoints, proofs, cosignatures, bundles.

A :class:`Log` has no server and no clock: the caller passes the connection (and so the
transaction), the time and the signer key. The HTTP layer of the app is a thin personality
over these methods.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta

import sqlalchemy as sa

from ledger import checkpoint as cp
from ledger import note
from ledger.audit import AuditReport, audit
from ledger.bundle import make_bundle
from ledger.entry import Entry
from ledger.proof import TlogProof
from ledger.store import SqlStore
from ledger.tree import build_proof, consistency_plan, inclusion_plan

RECENT_CHECKPOINTS = 8


class CosignatureRejected(ValueError):
    """A cosignature that is not a valid one by a registered witness on a checkpoint of this log."""


class Log:
    """One log identity (``origin``) signing checkpoints with ``skey`` over a :class:`SqlStore`."""

    def __init__(self, origin: str, skey: str, store: SqlStore | None = None,
                 max_clock_skew: timedelta = timedelta(minutes=10)):
        public, signing = note.parse_skey(skey)
        self.origin, self._skey = origin, skey
        self.vkey = note.encode_keys(public.name, signing)[1]
        self.store = store or SqlStore()
        self.max_clock_skew = max_clock_skew

    def append(self, conn: sa.Connection, items: Sequence[tuple[str, bytes]], now: datetime) -> list[int]:
        """Append ``(kind, data)`` entries in the caller's transaction; return their indices."""
        return self.store.append(conn, items, now)

    def publish_checkpoint(self, conn: sa.Connection, now: datetime) -> str:
        """Sign and store a checkpoint if the tree grew (or none exists); return the latest note."""
        size, root = self.store.lock_head(conn)
        latest = self.store.checkpoints(conn, 1)
        if not latest or latest[0].size < size:
            body = cp.Checkpoint(self.origin, size, root).body()
            self.store.add_checkpoint(conn, size, root, note.sign(body, self._skey), now)
        return self.latest_checkpoint(conn) or ""

    def latest_checkpoint(self, conn: sa.Connection) -> str | None:
        """The newest signed checkpoint with every valid registered-witness cosignature appended."""
        latest = self.store.checkpoints(conn, 1)
        if not latest:
            return None
        row, witnesses = latest[0], self.store.witnesses(conn)
        body = row.note[: row.note.rfind("\n\n") + 1]
        lines = [
            c.line for c in self.store.cosignatures(conn, row.size)
            if cp.verify_cosignature(body, c.line, witnesses.get(c.witness, "")) is not None
        ]
        return row.note + "".join(lines)

    def inclusion_proof(self, conn: sa.Connection, index: int, size: int) -> list[bytes]:
        """PATH(index, D[0:size]) from O(log n) stored subtree hashes."""
        self._check_size(conn, size)
        return build_proof(inclusion_plan(index, size), lambda n: self.store.fetch_nodes(conn, n))

    def consistency_proof(self, conn: sa.Connection, size1: int, size2: int) -> list[bytes]:
        """PROOF(size1, D[0:size2]) from O(log n) stored subtree hashes."""
        self._check_size(conn, size2)
        return build_proof(consistency_plan(size1, size2), lambda n: self.store.fetch_nodes(conn, n))

    def _check_size(self, conn: sa.Connection, size: int) -> None:
        current, _ = self.store.head(conn)
        if size > current:
            raise ValueError(f"the log has {current} entries, not {size}")

    def entries(self, conn: sa.Connection, start: int, end: int) -> list[Entry]:
        """Entries ``start <= index < end``."""
        return self.store.entries(conn, start, end)

    def register_witness(self, conn: sa.Connection, vkey: str, now: datetime) -> str:
        """Accept cosignatures from the witness key ``vkey``; return its name."""
        name = cp.witness_key(vkey).name
        self.store.add_witness(conn, name, vkey, now)
        return name

    def add_cosignature(self, conn: sa.Connection, text: str, now: datetime) -> tuple[str, int]:
        """Store a witness cosignature (a bare line, or a cosigned checkpoint note).

        Returns (witness name, checkpoint size). Raises :class:`CosignatureRejected` unless a
        registered witness validly cosigned a checkpoint this log signed, at a time not in
        the future (beyond ``max_clock_skew``).
        """
        candidates, lines = self._cosigned(conn, text)
        witnesses = self.store.witnesses(conn)
        for line in lines:
            for row in candidates:
                body = row.note[: row.note.rfind("\n\n") + 1]
                for name, vkey in witnesses.items():
                    stamp = cp.verify_cosignature(body, line, vkey)
                    if stamp is None:
                        continue
                    if stamp > now.timestamp() + self.max_clock_skew.total_seconds():
                        raise CosignatureRejected(f"cosignature by {name} is dated in the future")
                    self.store.put_cosignature(conn, int(row.size), name, line, stamp)
                    return name, int(row.size)
        raise CosignatureRejected("no valid cosignature by a registered witness on a checkpoint of this log")

    def _cosigned(self, conn: sa.Connection, text: str) -> tuple[list[sa.Row], list[str]]:
        if not isinstance(text, str) or not text.strip():
            raise CosignatureRejected("empty cosignature")
        if "\n\n" not in text:
            return self.store.checkpoints(conn, RECENT_CHECKPOINTS), [text.strip("\n") + "\n"]
        try:
            head = cp.parse_body(note.parse(text).text)
        except (note.NoteError, cp.CheckpointError) as exc:
            raise CosignatureRejected(f"not a checkpoint note: {exc}") from exc
        rows = [r for r in self.store.checkpoints(conn) if r.size == head.size]
        if not rows or not rows[0].note.startswith(head.body()):
            raise CosignatureRejected(f"this log never signed that checkpoint (size {head.size})")
        return rows, cp.signature_lines(text)

    def audit(self, conn: sa.Connection) -> AuditReport:
        """Recompute the whole log and check every checkpoint against this log's key."""
        return audit(conn, self.store, self.vkey, self.origin)

    def bundle_for(self, conn: sa.Connection, index: int, application: Mapping | None = None,
                   extra: bytes | None = None) -> dict:
        """The offline-verifiable bundle of entry ``index`` against the latest checkpoint."""
        signed = self.latest_checkpoint(conn)
        head = cp.parse_body(note.parse(signed).text) if signed else None
        if head is None or index >= head.size:
            raise LookupError(f"entry {index} is not covered by a published checkpoint yet")
        entry = self.store.entries(conn, index, index + 1)[0]
        hashes = self.inclusion_proof(conn, index, head.size)
        proof = TlogProof(index, tuple(hashes), signed, extra)
        return make_bundle(index, entry.kind, entry.data, proof.text(), application)
