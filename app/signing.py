"""Domain-separated Ed25519 signatures from device keys (documented in docs/SIGNING.md).

Every signed message is ``b"nomusa/v1/" + purpose + b"\\n" + JCS(body)``: the fixed prefix names
nomusa and the format version, ``purpose`` names what is being signed ("contract",
"time-event", "shift-confirm", …) and JCS is RFC 8785 canonical JSON. A signature made for one
purpose therefore never verifies as another, and the body names the object (contract id,
version, …) so it cannot be replayed onto a different one.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from datetime import datetime

import nacl.exceptions
import nacl.signing
import rfc8785

PREFIX = b"nomusa/v1/"
PURPOSES = frozenset(
    {
        "contract",  # co-signing a contract version (original, amendment, termination)
        "time-event",  # a clock-in/out or break event from the worker's phone
        "shift-confirm",  # an employer confirming shifts
        "shift-entry",  # an employer recording a shift the worker did not log
        "correction",  # proposing or accepting a correction to a shift
        "period-close",  # both sides signing a week's or pay period's totals
        "dispute",  # a signed dispute naming shifts and claimed hours
        "payment-receipt",  # a worker confirming or disputing a payment
    }
)


class SignatureInvalid(ValueError):
    """The signature, key or message does not verify."""


def message(purpose: str, body: dict) -> bytes:
    """The exact bytes a device signs for ``purpose``."""
    if purpose not in PURPOSES:
        raise ValueError(f"unknown signing purpose {purpose!r}")
    return PREFIX + purpose.encode("ascii") + b"\n" + rfc8785.dumps(body)


def decode_public_key(text: str) -> bytes:
    """A base64 (standard or url-safe) 32-byte Ed25519 public key."""
    try:
        raw = base64.b64decode(text.replace("-", "+").replace("_", "/") + "=" * (-len(text) % 4), validate=True)
    except (binascii.Error, ValueError) as exc:
        raise SignatureInvalid("public key is not base64") from exc
    if len(raw) != 32:
        raise SignatureInvalid("an Ed25519 public key has 32 bytes")
    return raw


def fingerprint(public_key: bytes) -> str:
    return hashlib.sha256(public_key).hexdigest()


def verify(public_key_b64: str, purpose: str, body: dict, signature_b64: str) -> None:
    """Raise SignatureInvalid unless ``signature_b64`` signs message(purpose, body) with the key."""
    key = decode_public_key(public_key_b64)
    try:
        sig = base64.b64decode(signature_b64, validate=True)
        nacl.signing.VerifyKey(key).verify(message(purpose, body), sig)
    except (binascii.Error, ValueError, nacl.exceptions.BadSignatureError, TypeError) as exc:
        raise SignatureInvalid("signature does not verify") from exc


def key_active_at(created_at: datetime, revoked_at: datetime | None, at: datetime) -> bool:
    return created_at <= at and (revoked_at is None or at < revoked_at)
