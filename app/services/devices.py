"""Device keys (기기 서명키): the Ed25519 public keys of workers' and employers' phones."""

from __future__ import annotations

import base64
from datetime import datetime

import sqlalchemy as sa

from app.errors import Conflict, NotFound, ValidationFailed
from app.extensions import db
from app.models.accounts import User
from app.models.devices import DeviceKey
from app.signing import SignatureInvalid, decode_public_key, fingerprint, key_active_at


def register(user: User, data: dict, now: datetime) -> DeviceKey:
    """Register a phone's public key (base64 of 32 bytes); a key can belong to one device only."""
    try:
        raw = decode_public_key(data["public_key"])
    except SignatureInvalid as exc:
        raise ValidationFailed(errors={"public_key": [str(exc)]}) from exc
    canonical = _b64(raw)
    if db.session.scalar(sa.select(DeviceKey.id).where(DeviceKey.public_key == canonical)):
        raise Conflict("This public key is already registered.")
    key = DeviceKey(
        user_id=user.id,
        name=data["name"],
        public_key=canonical,
        fingerprint=fingerprint(raw),
        push_token=data.get("push_token"),
        created_at=now,
    )
    db.session.add(key)
    db.session.commit()
    return key


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def list_for(user: User) -> list[DeviceKey]:
    q = sa.select(DeviceKey).where(DeviceKey.user_id == user.id).order_by(DeviceKey.created_at)
    return list(db.session.scalars(q))


def get_own(user: User, key_id: str) -> DeviceKey:
    """The user's own key; anyone else's is a 404."""
    key = db.session.get(DeviceKey, key_id)
    if key is None or key.user_id != user.id:
        raise NotFound()
    return key


def revoke(user: User, key_id: str, now: datetime) -> DeviceKey:
    """Revoke a lost phone's key: no new signatures from it; earlier signatures stay valid."""
    key = get_own(user, key_id)
    if key.revoked_at is None:
        key.revoked_at = now
        db.session.commit()
    return key


def active_key(user: User, key_id: str, at: datetime) -> DeviceKey:
    """The user's key if it is active at ``at`` (the server time of the signing request)."""
    key = db.session.get(DeviceKey, key_id)
    if key is None or key.user_id != user.id:
        raise ValidationFailed(errors={"device_key_id": ["Unknown device key."]})
    if not key_active_at(key.created_at, key.revoked_at, at):
        raise ValidationFailed(errors={"device_key_id": ["This device key is revoked or not yet active."]})
    return key
