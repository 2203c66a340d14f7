"""A worker's own report (근로자 신고) to the center, sent with explicit consent."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, new_id


class WorkerReport(Base):
    __tablename__ = "worker_reports"

    id: Mapped[str] = mapped_column(sa.String(36), primary_key=True, default=new_id)
    worker_id: Mapped[str] = mapped_column(sa.ForeignKey("users.id"), index=True)
    contract_id: Mapped[str] = mapped_column(sa.ForeignKey("contracts.id"), index=True)
    statement: Mapped[str] = mapped_column(sa.Text)
    include: Mapped[list] = mapped_column(sa.JSON)  # contract | hours | statements | payments
    consented_at: Mapped[datetime]  # the explicit consent (제3자 제공 동의) given with the report
    alert_id: Mapped[str | None] = mapped_column(sa.ForeignKey("alerts.id"))
    created_at: Mapped[datetime]
