"""Notifications (알림) stored per user and handed to the push interface.

Push tokens live on ``DeviceKey.push_token`` (one per phone), so no table here for them.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, new_id


class Notification(Base):
    __tablename__ = "notifications"
    __table_args__ = (
        sa.UniqueConstraint("user_id", "dedup_key"),
        sa.Index("ix_notifications_user_created", "user_id", "created_at"),
    )

    id: Mapped[str] = mapped_column(sa.String(36), primary_key=True, default=new_id)
    user_id: Mapped[str] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(sa.String(40))  # statement_issued | wage_arrears | …
    title: Mapped[str] = mapped_column(sa.String(200))
    body: Mapped[str] = mapped_column(sa.Text)
    data: Mapped[dict] = mapped_column(sa.JSON, default=dict)  # ids the app opens
    dedup_key: Mapped[str | None] = mapped_column(sa.String(200))
    created_at: Mapped[datetime]
    read_at: Mapped[datetime | None]
