"""A log entry (원장 항목): a ``kind`` label and opaque ``data``, hashed together as one leaf.

The Merkle leaf of an entry is ``kind ‖ "\\n" ‖ data`` so the kind is covered by the tree and a
verifier cannot be shown the same bytes under another kind.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from ledger.merkle import leaf_hash

KIND = re.compile(r"[a-z0-9][a-z0-9._/-]{0,39}")


def check_kind(kind: str) -> str:
    """``kind`` if it is 1-40 of ``a-z 0-9 . _ / -`` (starting with a letter or digit)."""
    if not isinstance(kind, str) or not KIND.fullmatch(kind):
        raise ValueError(f"invalid entry kind {kind!r}")
    return kind


def leaf_data(kind: str, data: bytes) -> bytes:
    """The bytes hashed as the entry's Merkle leaf."""
    return check_kind(kind).encode() + b"\n" + bytes(data)


def entry_hash(kind: str, data: bytes) -> bytes:
    """The RFC 9162 leaf hash of an entry."""
    return leaf_hash(leaf_data(kind, data))


@dataclass(frozen=True)
class Entry:
    """One stored entry."""

    index: int
    kind: str
    data: bytes
    leaf_hash: bytes
    appended_at: datetime
