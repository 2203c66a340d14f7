"""Work-unit claims (작업 단위 점유): one row per unit of scheduled work that has been done.

A job inserts the claim row in the same transaction as the unit's result, so the row exists
exactly when the result does: a second scheduler (or a re-run after a crash) that reaches the
same unit hits the primary key and skips it; a unit whose transaction died leaves no row and is
redone on the next run.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base


class WorkClaim(Base):
    __tablename__ = "work_claims"

    job: Mapped[str] = mapped_column(sa.String(60), primary_key=True)
    unit: Mapped[str] = mapped_column(sa.String(200), primary_key=True)  # e.g. "<contract>:<start>:<end>"
    host: Mapped[str] = mapped_column(sa.String(120))
    claimed_at: Mapped[datetime]
