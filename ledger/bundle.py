"""nomusa's JSON evidence bundle (증빙 번들) around a C2SP tlog-proof, verified offline.

::

    {"format": "nomusa-ledger-bundle/v1",
     "leaf": {"index": 7, "kind": "contract.signed", "data": "<base64>"},
     "proof": "<c2sp.org/tlog-proof@v1 text>",
     "application": {...}}          # optional, filled by the app

The library checks the leaf, the inclusion proof, the log signature and the witness
cosignatures. ``application`` is checked only by a verifier registered for the leaf's kind
(:func:`register_application_verifier`) or passed to :func:`verify_bundle`.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from ledger import checkpoint as cp
from ledger import proof as tp
from ledger.entry import KIND, entry_hash
from ledger.merkle import verify_inclusion

FORMAT = "nomusa-ledger-bundle/v1"

ApplicationVerifier = Callable[[Mapping[str, Any], bytes], str | None]
"""(application object, leaf data) -> None if it holds, else the reason it does not."""

_APPLICATION_VERIFIERS: dict[str, ApplicationVerifier] = {}


def register_application_verifier(kind: str, verifier: ApplicationVerifier) -> None:
    """Check the ``application`` object of bundles whose leaf has ``kind`` with ``verifier``."""
    _APPLICATION_VERIFIERS[kind] = verifier


def make_bundle(index: int, kind: str, data: bytes, proof_text: str, application: Mapping | None = None) -> dict:
    """The bundle dict for one entry (JSON-serialisable)."""
    bundle: dict[str, Any] = {
        "format": FORMAT,
        "leaf": {"index": index, "kind": kind, "data": base64.b64encode(data).decode()},
        "proof": proof_text,
    }
    if application is not None:
        bundle["application"] = dict(application)
    return bundle


class BundleInvalid(Exception):
    """Why a bundle does not verify."""


def _leaf(bundle: Mapping) -> tuple[int, str, bytes]:
    leaf = bundle.get("leaf")
    if bundle.get("format") != FORMAT or not isinstance(leaf, Mapping):
        raise BundleInvalid(f"not a {FORMAT} bundle")
    index, kind, data = leaf.get("index"), leaf.get("kind"), leaf.get("data")
    if not isinstance(index, int) or isinstance(index, bool) or index < 0:
        raise BundleInvalid("leaf.index must be a non-negative integer")
    if not isinstance(kind, str) or not KIND.fullmatch(kind) or not isinstance(data, str):
        raise BundleInvalid("leaf.kind or leaf.data is malformed")
    try:
        return index, kind, base64.b64decode(data, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise BundleInvalid("leaf.data is not base64") from exc


def _witnesses(body: str, signed: str, witness_vkeys: Iterable[str], quorum: int | None) -> str:
    keys = list(witness_vkeys)
    lines = cp.signature_lines(signed)
    good = [k for k in keys if any(cp.verify_cosignature(body, line, k) is not None for line in lines)]
    needed = len(keys) if quorum is None else quorum
    if len(good) < needed:
        raise BundleInvalid(f"only {len(good)} of the {needed} required witness cosignatures verify")
    return f", {len(good)} witness cosignature(s)" if keys else ""


def _application(bundle: Mapping, kind: str, data: bytes, verifiers: Mapping[str, ApplicationVerifier]) -> str:
    application = bundle.get("application")
    if application is None:
        return ""
    verifier = verifiers.get(kind)
    if verifier is None:
        return "; application fields not verified"
    if not isinstance(application, Mapping):
        raise BundleInvalid("application must be an object")
    problem = verifier(application, data)
    if problem:
        raise BundleInvalid(f"application check failed: {problem}")
    return "; application fields verified"


def _check(bundle: Mapping, vkey: str, witness_vkeys: Iterable[str], quorum: int | None,
           verifiers: Mapping[str, ApplicationVerifier], origin: str | None) -> str:
    if not isinstance(bundle, Mapping):
        raise BundleInvalid("bundle must be a JSON object")
    index, kind, data = _leaf(bundle)
    try:
        proof = tp.parse_proof(bundle.get("proof"))
        head = cp.open_checkpoint(proof.checkpoint, vkey, origin)
    except (tp.ProofFormatError, cp.CheckpointError) as exc:
        raise BundleInvalid(str(exc)) from exc
    if proof.index != index:
        raise BundleInvalid(f"proof is for index {proof.index}, leaf says {index}")
    if not verify_inclusion(entry_hash(kind, data), index, head.size, list(proof.hashes), head.root):
        raise BundleInvalid(f"inclusion proof does not lead from entry {index} to the checkpoint root")
    seen = _witnesses(head.body(), proof.checkpoint, witness_vkeys, quorum)
    app = _application(bundle, kind, data, verifiers)
    return f"entry {index} ({kind}) is in {head.origin} at size {head.size}{seen}{app}"


def verify_bundle(bundle: Mapping, vkey: str, witness_vkeys: Iterable[str] = (), *, quorum: int | None = None,
                  application_verifiers: Mapping[str, ApplicationVerifier] | None = None,
                  origin: str | None = None) -> tuple[bool, str]:
    """Verify a bundle offline: ``(True, "OK ...")`` or ``(False, reason)``; never raises.

    Every key in ``witness_vkeys`` must have cosigned the checkpoint unless ``quorum`` says
    how many suffice. ``application_verifiers`` defaults to the registered ones.
    """
    verifiers = _APPLICATION_VERIFIERS if application_verifiers is None else application_verifiers
    try:
        return True, "OK " + _check(bundle, vkey, witness_vkeys, quorum, verifiers, origin)
    except BundleInvalid as exc:
        return False, str(exc)
    except Exception as exc:  # noqa: BLE001 - a verifier must answer, whatever the input or hook does
        return False, f"malformed bundle: {type(exc).__name__}: {exc}"
