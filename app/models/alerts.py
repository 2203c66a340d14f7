"""Alerts (경보): the compliance core the feed, case work and webhooks build on.

Every change to an alert takes the next ``seq`` from the single locked ``alert_counter`` row in
the same transaction, so commit order equals seq order and ``seq > cursor`` is a stable feed
cursor. Each change is also recorded as an ``AlertEvent`` (history) and an ``alert_outbox`` row
(for the webhook deliverer). ``dedup_key`` is UNIQUE: one alert per thing, however many
schedulers race.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, new_id

SEVERITIES = ("low", "medium", "high", "critical")
STATUSES = ("open", "acknowledged", "resolved", "dismissed")


class AlertCounter(Base):
    __tablename__ = "alert_counter"

    id: Mapped[int] = mapped_column(primary_key=True)  # always 1
    value: Mapped[int] = mapped_column(sa.BigInteger, default=0)


class Alert(Base):
    __tablename__ = "alerts"

    id: Mapped[str] = mapped_column(sa.String(36), primary_key=True, default=new_id)
    seq: Mapped[int] = mapped_column(sa.BigInteger, unique=True)
    kind: Mapped[str] = mapped_column(sa.String(40), index=True)
    severity: Mapped[str] = mapped_column(sa.String(10))
    status: Mapped[str] = mapped_column(sa.String(14), default="open", index=True)
    dedup_key: Mapped[str] = mapped_column(sa.String(200), unique=True)
    workplace_id: Mapped[str | None] = mapped_column(sa.ForeignKey("workplaces.id"), index=True)
    contract_id: Mapped[str | None] = mapped_column(sa.ForeignKey("contracts.id"), index=True)
    worker_id: Mapped[str | None] = mapped_column(sa.ForeignKey("users.id"), index=True)
    district: Mapped[str | None] = mapped_column(sa.String(40), index=True)
    facts: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    evidence: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    opened_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    resolved_at: Mapped[datetime | None]

    events: Mapped[list[AlertEvent]] = relationship(
        back_populates="alert", order_by="AlertEvent.seq", cascade="all, delete-orphan"
    )


class AlertEvent(Base):
    __tablename__ = "alert_events"

    id: Mapped[str] = mapped_column(sa.String(36), primary_key=True, default=new_id)
    alert_id: Mapped[str] = mapped_column(sa.ForeignKey("alerts.id", ondelete="CASCADE"), index=True)
    seq: Mapped[int] = mapped_column(sa.BigInteger)  # the alert's seq after this change
    at: Mapped[datetime]
    actor: Mapped[str] = mapped_column(sa.String(36))  # "system" or a user id
    action: Mapped[str] = mapped_column(sa.String(20))  # opened | updated | reopened | resolved | …
    data: Mapped[dict] = mapped_column(sa.JSON, default=dict)

    alert: Mapped[Alert] = relationship(back_populates="events")


class AlertOutbox(Base):
    """One row per alert change for the webhook deliverer; ``delivered_at`` set by it."""

    __tablename__ = "alert_outbox"

    id: Mapped[int] = mapped_column(sa.BigInteger().with_variant(sa.Integer, "sqlite"), primary_key=True,
                                    autoincrement=True)
    seq: Mapped[int] = mapped_column(sa.BigInteger, unique=True)
    alert_id: Mapped[str] = mapped_column(sa.ForeignKey("alerts.id", ondelete="CASCADE"), index=True)
    action: Mapped[str] = mapped_column(sa.String(20))
    payload: Mapped[dict] = mapped_column(sa.JSON)
    created_at: Mapped[datetime]
    delivered_at: Mapped[datetime | None] = mapped_column(index=True)
