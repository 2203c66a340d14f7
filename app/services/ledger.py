"""The service's ledger: one Log per app, signed with the key in NOMUSA_LEDGER_KEY_FILE.

Appends run in the caller's transaction (the caller commits once), so a contract row and its
ledger entry are durable together or not at all.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from flask import current_app

from app.extensions import db
from ledger import note
from ledger.log import Log


def _key_name(origin: str) -> str:
    return origin.replace("+", "-").replace(" ", "-")


def load_or_create_key(path: Path, origin: str) -> str:
    """The ledger's Ed25519 signing key (Go note format), generated once with mode 0600."""
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    skey, _vkey = note.generate(_key_name(origin))
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another worker won the race: use its key
        return path.read_text().strip()
    with os.fdopen(fd, "w") as fh:
        fh.write(skey)
    return skey


def log() -> Log:
    ext = current_app.extensions
    if "nomusa_ledger" not in ext:
        settings = current_app.config["SETTINGS"]
        skey = load_or_create_key(settings.ledger_key_file, settings.ledger_origin)
        ext["nomusa_ledger"] = Log(settings.ledger_origin, skey)
    return ext["nomusa_ledger"]


def connection():
    """The SQLAlchemy connection of the current session's transaction."""
    return db.session.connection()


def append(items: Sequence[tuple[str, bytes]], now: datetime) -> list[int]:
    """Append entries inside the current transaction; the caller commits."""
    return log().append(connection(), items, now)


def publish_checkpoint(now: datetime) -> str:
    text = log().publish_checkpoint(connection(), now)
    db.session.commit()
    return text
