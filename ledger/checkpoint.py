"""C2SP ``tlog-checkpoint`` bodies and ``tlog-cosignature`` (cosignature/v1) lines (체크포인트).

A checkpoint body is ``origin\\nsize\\nbase64(root)\\n`` plus optional extension lines. A
witness cosignature is a note signature line by an Ed25519 key of type 0x04 whose signature is
``u64 big-endian timestamp ‖ Ed25519("cosignature/v1\\ntime <t>\\n" ‖ body)``.
"""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass

import nacl.signing

from ledger import note
from ledger.merkle import HASH_SIZE

_SIZE = re.compile(r"0|[1-9][0-9]{0,18}")
_COSIGNER_KEYS = (note.COSIGNATURE_V1, note.ED25519)


class CheckpointError(ValueError):
    """A checkpoint body or cosignature that does not follow the C2SP format."""


@dataclass(frozen=True)
class Checkpoint:
    """A log's tree head: origin, tree size and root hash (plus opaque extension lines)."""

    origin: str
    size: int
    root: bytes
    extensions: tuple[str, ...] = ()

    def body(self) -> str:
        """The note text of this checkpoint, final newline included."""
        lines = [self.origin, str(self.size), base64.b64encode(self.root).decode(), *self.extensions]
        return "\n".join(lines) + "\n"


def parse_body(text: str) -> Checkpoint:
    """Parse a checkpoint body (note text, no signatures); :class:`CheckpointError` if malformed."""
    if not isinstance(text, str) or not text.endswith("\n"):
        raise CheckpointError("checkpoint body must end in a newline")
    lines = text[:-1].split("\n")
    if len(lines) < 3 or any(not line for line in lines):
        raise CheckpointError("checkpoint needs origin, size and root lines, none empty")
    origin, size, root = lines[:3]
    if not _SIZE.fullmatch(size) or int(size) >= 1 << 63:
        raise CheckpointError(f"bad tree size {size!r}")
    try:
        raw = note.b64decode(root)
    except note.NoteError as exc:
        raise CheckpointError("root hash is not base64") from exc
    if len(raw) != HASH_SIZE:
        raise CheckpointError("root hash is not 32 bytes")
    return Checkpoint(origin, int(size), raw, tuple(lines[3:]))


def open_checkpoint(signed: str, vkey: str, origin: str | None = None) -> Checkpoint:
    """The checkpoint of a note signed by ``vkey`` (and of ``origin``, if given)."""
    try:
        text = note.open_text(signed, vkey)
    except note.NoteError as exc:
        raise CheckpointError("checkpoint is not signed by the log key") from exc
    checkpoint = parse_body(text)
    if origin is not None and checkpoint.origin != origin:
        raise CheckpointError(f"checkpoint origin {checkpoint.origin!r} is not {origin!r}")
    return checkpoint


def generate_witness(name: str) -> tuple[str, str]:
    """A fresh witness key pair (skey, vkey) of signature type 0x04."""
    return note.encode_keys(name, nacl.signing.SigningKey.generate(), note.COSIGNATURE_V1)


def witness_key(vkey: str) -> note.PublicKey:
    """A witness verifier key, returned with its cosignature/v1 (type 0x04) key id.

    Type-0x04 vkeys are used as they are; a plain Ed25519 (0x01) vkey is accepted too, as
    Go's ``formats/note`` does, and re-identified with the 0x04 key id.
    """
    public = note.parse_vkey(vkey, _COSIGNER_KEYS)
    kid = note.key_id(public.name, note.COSIGNATURE_V1, public.key)
    return note.PublicKey(public.name, kid, note.COSIGNATURE_V1, public.key)


def cosigned_message(body: str, timestamp: int) -> bytes:
    """``cosignature/v1\\ntime <timestamp>\\n`` followed by the checkpoint body."""
    return f"cosignature/v1\ntime {timestamp}\n{body}".encode()


def cosign(body: str, skey: str, timestamp: int) -> str:
    """A witness's cosignature line (with newline) on checkpoint ``body`` at POSIX ``timestamp``."""
    parse_body(body)
    if not 0 <= timestamp < 1 << 63:
        raise CheckpointError("timestamp out of range")
    public, signing = note.parse_skey(skey, _COSIGNER_KEYS)
    kid = note.key_id(public.name, note.COSIGNATURE_V1, public.key)
    sig = signing.sign(cosigned_message(body, timestamp)).signature
    return note.signature_line(public.name, kid, timestamp.to_bytes(8, "big") + sig)


def verify_cosignature(body: str, line: str, vkey: str) -> int | None:
    """The timestamp of a valid cosignature ``line`` by ``vkey`` on ``body``; None otherwise."""
    try:
        public = witness_key(vkey)
        sig = note.parse_signature_line(line.rstrip("\n"))
    except (note.NoteError, AttributeError):
        return None
    if sig.name != public.name or sig.key_id != public.key_id or len(sig.sig) != 72:
        return None
    timestamp = int.from_bytes(sig.sig[:8], "big")
    if timestamp >= 1 << 63:
        return None
    if not note.verify_ed25519(public.key, cosigned_message(body, timestamp), sig.sig[8:]):
        return None
    return timestamp


def signature_lines(signed: str) -> list[str]:
    """The signature lines of a note (each with its newline); empty if it does not parse."""
    try:
        parsed = note.parse(signed)
    except note.NoteError:
        return []
    return signed[len(parsed.text) + 1 :].splitlines(keepends=True)
