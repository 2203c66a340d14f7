"""Records of scheduled job runs (job_runs), visible to admins."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, new_id


class JobRun(Base):
    __tablename__ = "job_runs"

    id: Mapped[str] = mapped_column(sa.String(36), primary_key=True, default=new_id)
    job: Mapped[str] = mapped_column(sa.String(60), index=True)
    for_date: Mapped[date | None]
    host: Mapped[str] = mapped_column(sa.String(120))
    started_at: Mapped[datetime] = mapped_column(index=True)
    finished_at: Mapped[datetime | None]
    status: Mapped[str] = mapped_column(sa.String(16), default="running")  # running|ok|failed
    counts: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    error: Mapped[str | None] = mapped_column(sa.Text)
