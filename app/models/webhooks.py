"""Webhook endpoints (센터·공단 수신 주소) and the delivery state of every alert change to each.

A ``WebhookDelivery`` is one outbox row (one alert change) owed to one endpoint. It lives in the
database from fan-out to success, so a crash loses nothing: ``attempts``, ``next_attempt_at``
(also the lease while an attempt is in flight) and ``last_status`` say where it stands. Events of
one alert reach one endpoint in ``seq`` order: only the oldest undelivered one of a chain is due.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, new_id


class WebhookEndpoint(Base):
    __tablename__ = "webhook_endpoints"

    id: Mapped[str] = mapped_column(sa.String(36), primary_key=True, default=new_id)
    owner_id: Mapped[str] = mapped_column(sa.ForeignKey("users.id"), index=True)
    audience: Mapped[str] = mapped_column(sa.String(16))  # center | insurer: which kinds it receives
    url: Mapped[str] = mapped_column(sa.String(2000))
    secret: Mapped[str] = mapped_column(sa.String(200))  # HMAC key; shown once at registration
    description: Mapped[str | None] = mapped_column(sa.String(200))
    created_at: Mapped[datetime]
    deleted_at: Mapped[datetime | None] = mapped_column(index=True)


class WebhookDelivery(Base):
    __tablename__ = "webhook_deliveries"
    __table_args__ = (
        sa.UniqueConstraint("endpoint_id", "outbox_id"),
        sa.Index("ix_webhook_deliveries_due", "status", "next_attempt_at"),
        sa.Index("ix_webhook_deliveries_chain", "endpoint_id", "alert_id", "seq"),
    )

    id: Mapped[int] = mapped_column(sa.BigInteger().with_variant(sa.Integer, "sqlite"), primary_key=True,
                                    autoincrement=True)
    endpoint_id: Mapped[str] = mapped_column(sa.ForeignKey("webhook_endpoints.id", ondelete="CASCADE"))
    outbox_id: Mapped[int] = mapped_column(sa.ForeignKey("alert_outbox.id", ondelete="CASCADE"))
    alert_id: Mapped[str] = mapped_column(sa.String(36))
    seq: Mapped[int] = mapped_column(sa.BigInteger)
    status: Mapped[str] = mapped_column(sa.String(10), default="pending")  # pending | delivered | failed
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime]
    last_attempt_at: Mapped[datetime | None]
    last_status: Mapped[int | None]  # HTTP status of the last attempt (None: no response)
    last_error: Mapped[str | None] = mapped_column(sa.String(500))
    delivered_at: Mapped[datetime | None]
    created_at: Mapped[datetime]
