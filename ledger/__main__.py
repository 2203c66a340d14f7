"""``python -m ledger``: audit, verify, keygen, witness.

This is the library's only edge: it reads files, the command line and (for ``witness``)
the clock, and passes them to the pure functions as arguments.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import sqlalchemy as sa

from ledger import checkpoint as cp
from ledger import note
from ledger.audit import audit
from ledger.bundle import verify_bundle
from ledger.witness import WitnessRefused, run_once


def _engine_url(url: str) -> str:
    return "postgresql+psycopg://" + url[len("postgresql://") :] if url.startswith("postgresql://") else url


def cmd_audit(args: argparse.Namespace) -> int:
    """Recompute a stored log; exit 1 with the first divergence."""
    engine = sa.create_engine(_engine_url(args.database_url))
    try:
        with engine.connect() as conn:
            report = audit(conn, vkey=args.vkey, origin=args.origin)
    finally:
        engine.dispose()
    print(report)
    return 0 if report.ok else 1


def cmd_verify(args: argparse.Namespace) -> int:
    """Verify a bundle offline."""
    try:
        bundle = json.loads(Path(args.bundle).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        print(f"FAIL cannot read bundle: {exc}", file=sys.stderr)
        return 2
    ok, reason = verify_bundle(bundle, args.key, args.witness_key, quorum=args.quorum, origin=args.origin)
    print(reason if ok else f"FAIL {reason}", file=sys.stdout if ok else sys.stderr)
    return 0 if ok else 1


def cmd_keygen(args: argparse.Namespace) -> int:
    """Print a new signer key then its verifier key."""
    skey, vkey = cp.generate_witness(args.name) if args.witness else note.generate(args.name)
    print(skey)
    print(vkey)
    return 0


def cmd_witness(args: argparse.Namespace) -> int:
    """Cosign the log's latest checkpoint once."""
    skey = Path(args.key_file).read_text().strip()
    try:
        print(run_once(args.url, skey, Path(args.state_file), args.log_vkey, int(time.time())))
    except (WitnessRefused, OSError, ValueError) as exc:
        print(f"FAIL {exc}", file=sys.stderr)
        return 1
    return 0


def parser() -> argparse.ArgumentParser:
    """The argument parser (sub-commands register here; the app may add verify-contract)."""
    p = argparse.ArgumentParser(prog="python -m ledger", description=__doc__)
    sub = p.add_subparsers(dest="command", required=True)
    a = sub.add_parser("audit", help="recompute a stored log")
    a.add_argument("--database-url", required=True)
    a.add_argument("--vkey", help="log verifier key: also check checkpoint signatures")
    a.add_argument("--origin")
    a.set_defaults(func=cmd_audit)
    v = sub.add_parser("verify", help="verify a bundle offline")
    v.add_argument("bundle")
    v.add_argument("--key", required=True, help="log verifier key")
    v.add_argument("--witness-key", action="append", default=[], help="witness vkey (repeatable)")
    v.add_argument("--quorum", type=int, help="witness cosignatures required (default: all)")
    v.add_argument("--origin")
    v.set_defaults(func=cmd_verify)
    k = sub.add_parser("keygen", help="generate a key pair")
    k.add_argument("name")
    k.add_argument("--witness", action="store_true", help="a cosignature/v1 (type 0x04) witness key")
    k.set_defaults(func=cmd_keygen)
    w = sub.add_parser("witness", help="cosign a log's latest checkpoint")
    w.add_argument("--url", required=True)
    w.add_argument("--key-file", required=True)
    w.add_argument("--state-file", required=True)
    w.add_argument("--log-vkey")
    w.set_defaults(func=cmd_witness)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; return the exit status."""
    args = parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
