"""A minimal witness (증인) for a nomusa log, speaking its HTTP personality with urllib.

One run: fetch the log's latest checkpoint, verify the log signature, check it is consistent
with the last checkpoint this witness saw (kept in a JSON state file), cosign it, post the
cosignature line, and remember the new checkpoint. The time is an argument.
"""

from __future__ import annotations

import base64
import json
import os
import urllib.request
from pathlib import Path

from ledger import checkpoint as cp
from ledger.merkle import verify_consistency

TIMEOUT = 30


class WitnessRefused(RuntimeError):
    """The log showed something a witness must not cosign."""


def _get(url: str) -> bytes:
    if not url.startswith(("http://", "https://")):
        raise WitnessRefused(f"not an http(s) URL: {url}")
    with urllib.request.urlopen(url, timeout=TIMEOUT) as response:  # noqa: S310 - scheme checked above
        return response.read()


def _post(url: str, text: str) -> None:
    request = urllib.request.Request(url, data=text.encode(), method="POST",  # noqa: S310
                                     headers={"Content-Type": "text/plain; charset=utf-8"})
    with urllib.request.urlopen(request, timeout=TIMEOUT):  # noqa: S310 - scheme checked by _get first
        pass


def load_state(path: Path) -> dict:
    """The witness's memory of the log, or {} on first contact."""
    return json.loads(path.read_text()) if path.exists() else {}


def save_state(path: Path, state: dict) -> None:
    """Write the state atomically (temp file + rename)."""
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(json.dumps(state, indent=2, sort_keys=True))
    os.replace(tmp, path)


def check_consistent(old: dict, new: cp.Checkpoint, fetch_proof) -> None:
    """Refuse ``new`` unless it extends the remembered checkpoint ``old``."""
    if not old:
        return
    if old["origin"] != new.origin:
        raise WitnessRefused(f"origin changed from {old['origin']!r} to {new.origin!r}")
    old_root = base64.b64decode(old["root"])
    if new.size < old["size"]:
        raise WitnessRefused(f"log went back from size {old['size']} to {new.size}")
    if new.size == old["size"]:
        if new.root != old_root:
            raise WitnessRefused(f"two different roots for size {new.size}: split view")
        return
    proof = fetch_proof(old["size"], new.size)
    if not verify_consistency(old["size"], new.size, proof, old_root, new.root):
        raise WitnessRefused(f"size {new.size} is not consistent with size {old['size']}")


def run_once(base_url: str, skey: str, state_path: Path, log_vkey: str | None, now: int) -> str:
    """Witness the log at ``base_url`` once at POSIX time ``now``; return what was cosigned."""
    api = base_url.rstrip("/") + "/api/v1/ledger"
    state = load_state(state_path)
    log_vkey = log_vkey or state.get("log_vkey")
    if not log_vkey:
        raise WitnessRefused("no log key: pass --log-vkey on first contact")
    signed = _get(api + "/checkpoint").decode()
    try:
        head = cp.open_checkpoint(signed, log_vkey, state.get("origin"))
    except cp.CheckpointError as exc:
        raise WitnessRefused(str(exc)) from exc

    def fetch_proof(m: int, n: int) -> list[bytes]:
        body = json.loads(_get(f"{api}/proof/consistency?from={m}&to={n}"))
        if body.get("from") != m or body.get("to") != n:
            raise WitnessRefused("consistency proof is for other sizes")
        return [bytes.fromhex(h) for h in body["proof"]]

    check_consistent(state, head, fetch_proof)
    line = cp.cosign(head.body(), skey, now)
    _post(api + "/cosignatures", line)
    save_state(state_path, {"log_vkey": log_vkey, "origin": head.origin, "size": head.size,
                            "root": base64.b64encode(head.root).decode(), "checkpoint": signed})
    return f"cosigned {head.origin} at size {head.size}"
