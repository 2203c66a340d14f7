"""Access log (열람 기록, 개인정보 보호법 제35조): every read of a worker's personal data by a
center or insurer user, with why (the alert or report that covers it). Rows are never edited."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, new_id


class AccessLog(Base):
    __tablename__ = "access_log"

    id: Mapped[str] = mapped_column(sa.String(36), primary_key=True, default=new_id)
    at: Mapped[datetime] = mapped_column(index=True)
    actor_id: Mapped[str] = mapped_column(sa.ForeignKey("users.id"), index=True)
    actor_role: Mapped[str] = mapped_column(sa.String(16))
    subject_id: Mapped[str | None] = mapped_column(sa.ForeignKey("users.id"), index=True)  # the worker
    contract_id: Mapped[str | None] = mapped_column(sa.String(36))
    resource: Mapped[str] = mapped_column(sa.String(40))  # alert | alert.evidence | feed | contract
    alert_id: Mapped[str | None] = mapped_column(sa.String(36))  # why: the alert (or report) covering it
