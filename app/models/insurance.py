"""Social-insurance enrollment reports (4대보험 자격취득신고) an employer records per contract."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, new_id

INSURANCES = ("employment", "industrial_accident", "pension", "health")


class InsuranceReport(Base):
    __tablename__ = "insurance_reports"
    __table_args__ = (sa.UniqueConstraint("contract_id", "insurance"),)

    id: Mapped[str] = mapped_column(sa.String(36), primary_key=True, default=new_id)
    contract_id: Mapped[str] = mapped_column(sa.ForeignKey("contracts.id", ondelete="CASCADE"), index=True)
    insurance: Mapped[str] = mapped_column(sa.String(24))
    reported_on: Mapped[date]
    recorded_by: Mapped[str] = mapped_column(sa.ForeignKey("users.id"))
    recorded_at: Mapped[datetime]
