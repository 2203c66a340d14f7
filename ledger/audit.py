"""Full audit of a stored log (원장 감사): recompute everything, report the first divergence.

The audit streams the entries in index order, recomputes each leaf hash from the stored kind
and data, rebuilds every interior subtree hash and compares it with the stored one as soon as
it is complete, and checks every stored checkpoint (root at its size, note body, log
signature, witness cosignatures) the moment the replay reaches its size.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from ledger import checkpoint as cp
from ledger.entry import entry_hash
from ledger.store import SqlStore
from ledger.tree import CompactRange

CHUNK = 4096


@dataclass(frozen=True)
class AuditReport:
    """The outcome of :func:`audit`: ``ok`` or the first divergence found."""

    ok: bool
    size: int
    entries_checked: int
    checkpoints_checked: int
    problem: str | None = None
    index: int | None = None
    checkpoint_size: int | None = None

    def __str__(self) -> str:
        if self.ok:
            return f"OK: {self.entries_checked} entries, {self.checkpoints_checked} checkpoints verified"
        return f"DIVERGENCE: {self.problem}"


class _Divergence(Exception):
    def __init__(self, problem: str, index: int | None = None, checkpoint_size: int | None = None):
        super().__init__(problem)
        self.index, self.checkpoint_size = index, checkpoint_size


def _short(h: bytes) -> str:
    return h.hex()[:16] + "…"


class _Auditor:
    def __init__(self, conn: sa.Connection, store: SqlStore, vkey: str | None, origin: str | None):
        self.conn, self.store, self.vkey, self.origin = conn, store, vkey, origin
        self.tree = CompactRange()
        self.pending = sorted(store.checkpoints(conn), key=lambda r: r.size)
        self.witnesses = store.witnesses(conn)
        self.checked = 0

    def run(self, size: int) -> None:
        self._checkpoints_at(0)
        for start in range(0, size, CHUNK):
            end = min(size, start + CHUNK)
            stored = self._stored_nodes(start, end)
            batch = self.store.entries(self.conn, start, end)
            for expected, entry in zip(range(start, end), batch + [None] * (end - start - len(batch)), strict=True):
                if entry is None or entry.index != expected:
                    raise _Divergence(f"entry {expected} is missing (indices are not dense)", expected)
                self._leaf(entry, stored)
                self._checkpoints_at(self.tree.size)

    def _stored_nodes(self, start: int, end: int) -> dict[tuple[int, int], bytes]:
        found = {}
        for level in range(1, end.bit_length() + 1):
            lo, hi = -(-(start + 1) // (1 << level)) - 1, end >> level
            if lo < hi:
                found.update({(level, i): h for i, h in self.store.level_nodes(self.conn, level, lo, hi).items()})
        return found

    def _leaf(self, entry, stored: dict[tuple[int, int], bytes]) -> None:
        recomputed = entry_hash(entry.kind, entry.data)
        if recomputed != entry.leaf_hash:
            raise _Divergence(
                f"entry {entry.index}: kind/data hash to {_short(recomputed)} but the stored leaf hash is "
                f"{_short(entry.leaf_hash)} (entry altered)", entry.index)
        for (level, i), h in self.tree.append(recomputed):
            got = stored.get((level, i))
            if got != h:
                what = "is missing" if got is None else f"is {_short(got)}, recomputed {_short(h)}"
                leaves = f"leaves {i << level}..{((i + 1) << level) - 1}"
                raise _Divergence(f"node level {level} index {i} ({leaves}) {what}", entry.index)

    def _checkpoints_at(self, size: int) -> None:
        while self.pending and self.pending[0].size == size:
            self._checkpoint(self.pending.pop(0))
            self.checked += 1

    def _checkpoint(self, row: sa.Row) -> None:
        size, root = int(row.size), self.tree.root()
        if bytes(row.root) != root:
            raise _Divergence(f"checkpoint {size}: stored root {_short(bytes(row.root))} but the entries give "
                              f"{_short(root)}", checkpoint_size=size)
        try:
            head = cp.open_checkpoint(row.note, self.vkey, self.origin) if self.vkey else None
            head = head or cp.parse_body(row.note[: row.note.rfind("\n\n") + 1])
        except cp.CheckpointError as exc:
            raise _Divergence(f"checkpoint {size}: {exc}", checkpoint_size=size) from exc
        if head.size != size or head.root != root:
            raise _Divergence(f"checkpoint {size}: signed note says size {head.size} root {_short(head.root)}",
                              checkpoint_size=size)
        for cosig in self.store.cosignatures(self.conn, size):
            vkey = self.witnesses.get(cosig.witness, "")
            if cp.verify_cosignature(head.body(), cosig.line, vkey) is None:
                raise _Divergence(f"checkpoint {size}: cosignature of {cosig.witness} does not verify",
                                  checkpoint_size=size)

    def finish(self, size: int, root: bytes) -> None:
        if self.pending:
            raise _Divergence(f"checkpoint {self.pending[0].size} is beyond the log size {size}",
                              checkpoint_size=int(self.pending[0].size))
        if self.tree.root() != root:
            raise _Divergence(f"head: stored root {_short(root)} but the entries give {_short(self.tree.root())}")
        extra = self.store.node_count(self.conn) - (size - bin(size).count("1"))
        if extra:
            raise _Divergence(f"{extra} stored node row(s) beyond the complete subtrees of a {size}-leaf tree")


def audit(conn: sa.Connection, store: SqlStore | None = None, vkey: str | None = None,
          origin: str | None = None) -> AuditReport:
    """Recompute the whole stored log; ``vkey`` (and ``origin``) also check checkpoint signatures."""
    store = store or SqlStore()
    size, root = store.head(conn)
    auditor = _Auditor(conn, store, vkey, origin)
    try:
        auditor.run(size)
        auditor.finish(size, root)
    except _Divergence as div:
        return AuditReport(False, size, auditor.tree.size, auditor.checked, str(div), div.index,
                           div.checkpoint_size)
    return AuditReport(True, size, auditor.tree.size, auditor.checked)
