"""Workplaces (사업장) and the dated history of their declared regular headcount (상시근로자수)."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, new_id, utcnow


class Workplace(Base):
    __tablename__ = "workplaces"

    id: Mapped[str] = mapped_column(sa.String(36), primary_key=True, default=new_id)
    employer_id: Mapped[str] = mapped_column(sa.ForeignKey("users.id"), index=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    business_number: Mapped[str] = mapped_column(sa.String(12), index=True)
    address: Mapped[str] = mapped_column(sa.String(300))
    district: Mapped[str] = mapped_column(sa.String(40), index=True)
    latitude: Mapped[float | None]
    longitude: Mapped[float | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    employee_counts: Mapped[list[EmployeeCount]] = relationship(
        back_populates="workplace", order_by="EmployeeCount.since", cascade="all, delete-orphan"
    )


class EmployeeCount(Base):
    """A declared 상시근로자수 holding from ``since``; rows are never edited, only added."""

    __tablename__ = "workplace_employee_counts"
    __table_args__ = (sa.UniqueConstraint("workplace_id", "since", "declared_at"),)

    id: Mapped[str] = mapped_column(sa.String(36), primary_key=True, default=new_id)
    workplace_id: Mapped[str] = mapped_column(sa.ForeignKey("workplaces.id", ondelete="CASCADE"), index=True)
    count: Mapped[int]
    since: Mapped[date]
    declared_at: Mapped[datetime] = mapped_column(default=utcnow)

    workplace: Mapped[Workplace] = relationship(back_populates="employee_counts")
