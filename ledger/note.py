"""C2SP signed notes, compatible with Go's ``golang.org/x/mod/sumdb/note`` (서명된 노트).

Keys are strings: a signer key ``PRIVATE+KEY+<name>+<hex8 id>+<base64(type ‖ seed)>`` and a
verifier key ``<name>+<hex8 id>+<base64(type ‖ public key)>``; the key id is the first four
bytes of SHA-256(name ‖ "\\n" ‖ type ‖ public key). Type 0x01 is a plain Ed25519 note
signature; type 0x04 (a witness cosignature key) is parsed here and used in
:mod:`ledger.checkpoint`.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from dataclasses import dataclass

import nacl.exceptions
import nacl.signing

ED25519 = 0x01
COSIGNATURE_V1 = 0x04
DASH = "\u2014"
MAX_SIGNATURES = 100
_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f]")


class NoteError(ValueError):
    """A key or note that does not follow the signed-note format."""


@dataclass(frozen=True)
class PublicKey:
    """A parsed verifier key."""

    name: str
    key_id: bytes
    alg: int
    key: bytes


@dataclass(frozen=True)
class Signature:
    """One signature line of a note: who signed and the raw bytes after the key id."""

    name: str
    key_id: bytes
    sig: bytes


@dataclass(frozen=True)
class Note:
    """A note split into its text (ending in a newline) and its signature lines."""

    text: str
    signatures: tuple[Signature, ...]


def valid_name(name: str) -> bool:
    """Key names are non-empty and hold no Unicode space and no '+'."""
    return bool(name) and "+" not in name and not any(c.isspace() for c in name)


def key_id(name: str, alg: int, key: bytes) -> bytes:
    """SHA-256(name ‖ 0x0A ‖ alg ‖ key)[:4]."""
    return hashlib.sha256(name.encode() + b"\n" + bytes([alg]) + key).digest()[:4]


def b64decode(text: str) -> bytes:
    """Strict standard base64 (RFC 4648 §4); :class:`NoteError` on anything else."""
    try:
        raw = base64.b64decode(text.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError, ValueError) as exc:
        raise NoteError("bad base64") from exc
    if base64.b64encode(raw).decode() != text:
        raise NoteError("non-canonical base64")
    return raw


def _split_key(text: str) -> tuple[str, bytes, int, bytes]:
    name, sep, rest = text.partition("+")
    hex_id, sep2, encoded = rest.partition("+")
    if not (sep and sep2 and valid_name(name) and re.fullmatch(r"[0-9a-f]{8}", hex_id)):
        raise NoteError("malformed key")
    raw = b64decode(encoded)
    if len(raw) != 33:
        raise NoteError("malformed key")
    return name, bytes.fromhex(hex_id), raw[0], raw[1:]


def parse_vkey(vkey: str, algs: tuple[int, ...] = (ED25519,)) -> PublicKey:
    """Parse a verifier key of one of ``algs``, checking its key id."""
    if not isinstance(vkey, str):
        raise NoteError("malformed verifier key")
    name, kid, alg, key = _split_key(vkey)
    if alg not in algs or key_id(name, alg, key) != kid:
        raise NoteError("malformed verifier key")
    return PublicKey(name, kid, alg, key)


def parse_skey(skey: str, algs: tuple[int, ...] = (ED25519,)) -> tuple[PublicKey, nacl.signing.SigningKey]:
    """Parse a signer key; return its public half and the Ed25519 signing key."""
    if not isinstance(skey, str) or not skey.startswith("PRIVATE+KEY+"):
        raise NoteError("malformed signer key")
    name, kid, alg, seed = _split_key(skey[len("PRIVATE+KEY+") :])
    if alg not in algs:
        raise NoteError("malformed signer key")
    signing = nacl.signing.SigningKey(seed)
    public = bytes(signing.verify_key)
    if key_id(name, alg, public) != kid:
        raise NoteError("malformed signer key")
    return PublicKey(name, kid, alg, public), signing


def encode_keys(name: str, signing: nacl.signing.SigningKey, alg: int = ED25519) -> tuple[str, str]:
    """The (skey, vkey) strings for an Ed25519 key."""
    if not valid_name(name):
        raise NoteError(f"invalid key name {name!r}")
    public = bytes(signing.verify_key)
    kid = key_id(name, alg, public).hex()
    skey = f"PRIVATE+KEY+{name}+{kid}+" + base64.b64encode(bytes([alg]) + bytes(signing)).decode()
    vkey = f"{name}+{kid}+" + base64.b64encode(bytes([alg]) + public).decode()
    return skey, vkey


def generate(name: str) -> tuple[str, str]:
    """A fresh Ed25519 note key pair (skey, vkey) for ``name``."""
    return encode_keys(name, nacl.signing.SigningKey.generate())


def _check_text(text: str) -> None:
    if not isinstance(text, str) or not text.endswith("\n") or _CONTROL.search(text):
        raise NoteError("malformed note")


def signature_line(name: str, kid: bytes, sig: bytes) -> str:
    """``— <name> <base64(key id ‖ signature)>`` with its newline."""
    return f"{DASH} {name} {base64.b64encode(kid + sig).decode()}\n"


def sign(text: str, skey: str) -> str:
    """The signed note: ``text`` (ending in a newline), a blank line and one Ed25519 signature."""
    _check_text(text)
    public, signing = parse_skey(skey)
    sig = signing.sign(text.encode()).signature
    return text + "\n" + signature_line(public.name, public.key_id, sig)


def parse_signature_line(line: str) -> Signature:
    """One ``— <name> <base64>`` line (no newline) as a :class:`Signature`."""
    if not line.startswith(DASH + " "):
        raise NoteError("malformed note")
    name, sep, encoded = line[2:].partition(" ")
    if not sep or not valid_name(name):
        raise NoteError("malformed note")
    raw = b64decode(encoded)
    if len(raw) < 5:
        raise NoteError("malformed note")
    return Signature(name, raw[:4], raw[4:])


def parse(note: str) -> Note:
    """Split a signed note into text and signatures without verifying anything."""
    if not isinstance(note, str) or _CONTROL.search(note) or not note.endswith("\n"):
        raise NoteError("malformed note")
    cut = note.rfind("\n\n")
    if cut < 0:
        raise NoteError("malformed note")
    lines = note[cut + 2 :].split("\n")[:-1]
    if not lines or len(lines) > MAX_SIGNATURES:
        raise NoteError("malformed note")
    return Note(note[: cut + 1], tuple(parse_signature_line(line) for line in lines))


def verify_ed25519(key: bytes, message: bytes, sig: bytes) -> bool:
    """One Ed25519 verification that answers False instead of raising."""
    try:
        nacl.signing.VerifyKey(key).verify(message, sig)
    except (nacl.exceptions.BadSignatureError, nacl.exceptions.ValueError, TypeError, ValueError):
        return False
    return True


def verify(note: str, vkey: str) -> bool:
    """True only if ``note`` carries a valid signature by ``vkey`` and no invalid one by it."""
    try:
        public = parse_vkey(vkey)
        parsed = parse(note)
    except NoteError:
        return False
    mine = [s for s in parsed.signatures if s.name == public.name and s.key_id == public.key_id]
    message = parsed.text.encode()
    return bool(mine) and all(verify_ed25519(public.key, message, s.sig) for s in mine)


def open_text(note: str, vkey: str) -> str:
    """The text of a note verified by ``vkey``; :class:`NoteError` if it does not verify."""
    if not verify(note, vkey):
        raise NoteError("note is not signed by the expected key")
    return parse(note).text
