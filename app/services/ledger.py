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

from app.errors import ValidationFailed
from app.extensions import db
from ledger import note
from ledger.log import CosignatureRejected, Log


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


def latest_checkpoint() -> str | None:
    return log().latest_checkpoint(connection())


def publish_checkpoint(now: datetime) -> str:
    text = log().publish_checkpoint(connection(), now)
    db.session.commit()
    return text


MAX_PAGE = 1000


def _bad(field: str, message: str) -> ValidationFailed:
    return ValidationFailed(errors={field: [message]})


def checkpoint(now: datetime) -> str:
    """The latest signed checkpoint with its cosignatures (signing the first one on demand)."""
    text = log().latest_checkpoint(connection())
    if text is None:
        return publish_checkpoint(now)
    return text


def tree_size() -> int:
    return log().store.head(connection())[0]


def entries(start: int, end: int | None) -> list:
    size = tree_size()
    end = min(size, start + MAX_PAGE) if end is None else end
    if start < 0 or start > size:
        raise _bad("start", f"must be between 0 and the tree size {size}")
    if end < start or end > size:
        raise _bad("end", f"must be between start and the tree size {size}")
    if end - start > MAX_PAGE:
        raise _bad("end", f"at most {MAX_PAGE} entries per page")
    return log().entries(connection(), start, end)


def inclusion_proof(index: int, size: int) -> list[bytes]:
    if size < 1 or size > tree_size():
        raise _bad("size", f"must be between 1 and the tree size {tree_size()}")
    if index < 0 or index >= size:
        raise _bad("index", "must be at least 0 and less than size")
    return log().inclusion_proof(connection(), index, size)


def consistency_proof(size1: int, size2: int) -> list[bytes]:
    if size2 < 0 or size2 > tree_size():
        raise _bad("to", f"must be between 0 and the tree size {tree_size()}")
    if size1 < 0 or size1 > size2:
        raise _bad("from", "must be between 0 and 'to'")
    return log().consistency_proof(connection(), size1, size2)


def add_cosignature(text: str, now: datetime) -> tuple[str, int]:
    try:
        result = log().add_cosignature(connection(), text, now)
    except CosignatureRejected as exc:
        db.session.rollback()
        raise ValidationFailed(str(exc), errors={"cosignature": [str(exc)]}) from exc
    db.session.commit()
    return result


def register_witness(vkey: str, now: datetime) -> str:
    name = log().register_witness(connection(), vkey, now)
    db.session.commit()
    return name
