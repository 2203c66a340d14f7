"""Offline check of a contract receipt's ``application`` part (no Flask, no database).

``python -m app.contract_verify BUNDLE --key VKEY`` runs the ledger checks (leaf, inclusion
proof, signed checkpoint, witnesses) and then this one: the signed message is the canonical
bytes of the body, both parties' Ed25519 signatures verify over it (the employer's alone for a
unilateral termination), and SHA-256(salt ‖ message) is the ledger entry's data.
"""

from __future__ import annotations

import argparse
import base64
import binascii
import hashlib
import hmac
import json
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import nacl.exceptions
import nacl.signing

from app.signing import message
from ledger.bundle import verify_bundle

KIND = "contract"
FORMAT = "nomusa-contract/v1"


def commitment(salt: bytes, signed_message: bytes) -> bytes:
    """The ledger entry of a signed version: SHA-256(salt ‖ signed message)."""
    return hashlib.sha256(salt + signed_message).digest()


def required_parties(body: Mapping[str, Any]) -> set[str]:
    termination = (body.get("terms") or {}).get("termination") or {}
    if body.get("kind") == "termination" and termination.get("unilateral") is True:
        return {"employer"}
    return {"worker", "employer"}


def _b64(application: Mapping, name: str) -> bytes:
    try:
        return base64.b64decode(application[name], validate=True)
    except (KeyError, TypeError, binascii.Error, ValueError) as exc:
        raise ValueError(f"{name} is missing or not base64") from exc


def _signature_problem(sig: Any, signed: bytes) -> str | None:
    if not isinstance(sig, Mapping):
        return "a signature entry is not an object"
    try:
        key = nacl.signing.VerifyKey(_b64(sig, "public_key"))
        key.verify(signed, _b64(sig, "signature"))
    except (ValueError, TypeError, nacl.exceptions.BadSignatureError, nacl.exceptions.ValueError):
        return f"the {sig.get('party')} signature does not verify"
    fingerprint = hashlib.sha256(_b64(sig, "public_key")).hexdigest()
    if sig.get("fingerprint", fingerprint) != fingerprint:
        return f"the {sig.get('party')} key fingerprint does not match its public key"
    return None


def verify_application(application: Mapping[str, Any], leaf_data: bytes) -> str | None:
    """None if the contract part holds, else the reason (``ledger.bundle.ApplicationVerifier``)."""
    if application.get("format") != FORMAT or not isinstance(application.get("body"), Mapping):
        return f"application is not a {FORMAT} object"
    body = dict(application["body"])
    try:
        signed, salt = _b64(application, "message"), _b64(application, "salt")
        canonical = message("contract", body)
    except (ValueError, TypeError) as exc:
        return str(exc)
    if not hmac.compare_digest(signed, canonical):
        return "the signed message is not the canonical bytes of the body"
    if not hmac.compare_digest(commitment(salt, signed), leaf_data):
        return "SHA-256(salt ‖ message) is not the ledger entry (terms or salt altered)"
    signatures = application.get("signatures")
    if not isinstance(signatures, list):
        return "signatures must be a list"
    for sig in signatures:
        if problem := _signature_problem(sig, signed):
            return problem
    missing = required_parties(body) - {s.get("party") for s in signatures}
    if missing:
        return f"missing signature of the {', '.join(sorted(missing))}"
    return None


def verify_contract_bundle(
    bundle: Mapping, vkey: str, witness_vkeys: Sequence[str] = (), quorum: int | None = None
) -> tuple[bool, str]:
    """The ledger checks plus :func:`verify_application`; a contract bundle must carry its application."""
    if not isinstance(bundle, Mapping) or not isinstance(bundle.get("application"), Mapping):
        return False, "no contract application part in the bundle"
    if (bundle.get("leaf") or {}).get("kind") != KIND:
        return False, f"the leaf is not a {KIND!r} entry"
    return verify_bundle(
        bundle, vkey, witness_vkeys, quorum=quorum, application_verifiers={KIND: verify_application}
    )


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m app.contract_verify", description=__doc__)
    p.add_argument("bundle")
    p.add_argument("--key", required=True, help="log verifier key")
    p.add_argument("--witness-key", action="append", default=[], help="witness vkey (repeatable)")
    p.add_argument("--quorum", type=int)
    args = p.parse_args(argv)
    try:
        bundle = json.loads(Path(args.bundle).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        print(f"FAIL cannot read bundle: {exc}", file=sys.stderr)
        return 2
    ok, reason = verify_contract_bundle(bundle, args.key, args.witness_key, args.quorum)
    print(reason if ok else f"FAIL {reason}", file=sys.stdout if ok else sys.stderr)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
