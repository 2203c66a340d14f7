"""Ed25519 device keys held on workers' and employers' phones."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, new_id, utcnow


class DeviceKey(Base):
    """A phone's public key. A signature counts only if made while the key was active
    (created_at ≤ signed_at < revoked_at); revoking never invalidates earlier signatures."""

    __tablename__ = "device_keys"

    id: Mapped[str] = mapped_column(sa.String(36), primary_key=True, default=new_id)
    user_id: Mapped[str] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(sa.String(100))
    public_key: Mapped[str] = mapped_column(sa.String(64), unique=True)  # base64 of 32 bytes
    fingerprint: Mapped[str] = mapped_column(sa.String(64))  # hex SHA-256 of the raw key
    push_token: Mapped[str | None] = mapped_column(sa.String(4096))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    revoked_at: Mapped[datetime | None]
