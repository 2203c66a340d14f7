"""The C2SP ``tlog-proof@v1`` text format (포함 증명): index, inclusion path and checkpoint.

::

    c2sp.org/tlog-proof@v1
    [extra <base64>]
    index <n>
    <base64 hash>            (zero or more, leaf's sibling first)

    <signed checkpoint, verbatim>
"""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass

from ledger import note
from ledger.merkle import HASH_SIZE

HEADER = "c2sp.org/tlog-proof@v1"
_INDEX = re.compile(r"index (0|[1-9][0-9]{0,18})")


class ProofFormatError(ValueError):
    """Text that is not a tlog-proof."""


@dataclass(frozen=True)
class TlogProof:
    """An offline-verifiable proof that entry ``index`` is in the tree of ``checkpoint``."""

    index: int
    hashes: tuple[bytes, ...]
    checkpoint: str
    extra: bytes | None = None

    def text(self) -> str:
        """The proof in its C2SP text form."""
        lines = [HEADER]
        if self.extra is not None:
            lines.append("extra " + base64.b64encode(self.extra).decode())
        lines.append(f"index {self.index}")
        lines += [base64.b64encode(h).decode() for h in self.hashes]
        return "\n".join(lines) + "\n\n" + self.checkpoint


def _hash(line: str) -> bytes:
    try:
        raw = note.b64decode(line)
    except note.NoteError as exc:
        raise ProofFormatError("proof hash is not base64") from exc
    if len(raw) != HASH_SIZE:
        raise ProofFormatError("proof hash is not 32 bytes")
    return raw


def _extra(lines: list[str]) -> bytes | None:
    if not lines or not lines[0].startswith("extra "):
        return None
    try:
        return note.b64decode(lines.pop(0)[len("extra ") :])
    except note.NoteError as exc:
        raise ProofFormatError("extra data is not base64") from exc


def parse_proof(text: str) -> TlogProof:
    """Parse a tlog-proof; :class:`ProofFormatError` if it is not one."""
    if not isinstance(text, str):
        raise ProofFormatError("proof must be text")
    head, sep, checkpoint = text.partition("\n\n")
    lines = head.split("\n")
    if not sep or lines.pop(0) != HEADER:
        raise ProofFormatError(f"proof must start with {HEADER!r} and hold a blank line")
    extra = _extra(lines)
    match = _INDEX.fullmatch(lines.pop(0)) if lines else None
    if match is None or int(match.group(1)) >= 1 << 63:
        raise ProofFormatError("missing or bad index line")
    hashes = tuple(_hash(line) for line in lines)
    if len(hashes) > 64:
        raise ProofFormatError("too many proof hashes")
    return TlogProof(int(match.group(1)), hashes, checkpoint, extra)
