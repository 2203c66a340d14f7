"""Wage statements (임금명세서, 근로기준법 제48조②), payments against them and the worker's
confirmation or dispute of each payment."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, new_id, utcnow


class WageStatement(Base):
    """One closed pay period of one contract. ``document`` holds every 제48조② item; ``total``
    is what the employer owes on ``pay_date`` (net of deductions, severance included on a final
    statement). The ledger holds SHA-256(salt ‖ JCS(document)) at ``ledger_index``."""

    __tablename__ = "wage_statements"
    __table_args__ = (sa.UniqueConstraint("contract_id", "period_start", "period_end"),)

    id: Mapped[str] = mapped_column(sa.String(36), primary_key=True, default=new_id)
    contract_id: Mapped[str] = mapped_column(sa.ForeignKey("contracts.id"), index=True)
    workplace_id: Mapped[str] = mapped_column(sa.ForeignKey("workplaces.id"), index=True)
    worker_id: Mapped[str | None] = mapped_column(sa.ForeignKey("users.id"), index=True)
    employer_id: Mapped[str] = mapped_column(sa.ForeignKey("users.id"), index=True)
    period_start: Mapped[date]
    period_end: Mapped[date]
    pay_date: Mapped[date] = mapped_column(index=True)
    final: Mapped[bool] = mapped_column(default=False)  # the 제36조 final settlement
    gross: Mapped[int] = mapped_column(sa.BigInteger)
    deductions_total: Mapped[int] = mapped_column(sa.BigInteger)
    severance: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    net: Mapped[int] = mapped_column(sa.BigInteger)  # amount due = net wages + severance
    paid: Mapped[int] = mapped_column(sa.BigInteger, default=0)  # sum of recorded payments
    basis: Mapped[str] = mapped_column(sa.String(16))  # co-signed | worker-record | mixed
    document: Mapped[dict | None] = mapped_column(sa.JSON)  # None after crypto-shredding
    salt: Mapped[bytes | None] = mapped_column(sa.LargeBinary)
    commitment: Mapped[bytes] = mapped_column(sa.LargeBinary)
    ledger_index: Mapped[int | None] = mapped_column(sa.BigInteger)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    payments: Mapped[list[Payment]] = relationship(
        back_populates="statement", order_by="Payment.paid_on", cascade="all, delete-orphan"
    )

    @property
    def outstanding(self) -> int:
        return max(self.net - self.paid, 0)


class Payment(Base):
    __tablename__ = "payments"
    __table_args__ = (sa.UniqueConstraint("statement_id", "idempotency_key"),)

    id: Mapped[str] = mapped_column(sa.String(36), primary_key=True, default=new_id)
    statement_id: Mapped[str] = mapped_column(sa.ForeignKey("wage_statements.id", ondelete="CASCADE"), index=True)
    amount: Mapped[int] = mapped_column(sa.BigInteger)
    paid_on: Mapped[date]
    method: Mapped[str] = mapped_column(sa.String(20))  # bank_transfer | cash | other
    reference: Mapped[str | None] = mapped_column(sa.String(200))
    idempotency_key: Mapped[str | None] = mapped_column(sa.String(200))
    recorded_by: Mapped[str] = mapped_column(sa.ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)

    statement: Mapped[WageStatement] = relationship(back_populates="payments")
    confirmation: Mapped[PaymentConfirmation | None] = relationship(
        back_populates="payment", cascade="all, delete-orphan", uselist=False
    )


class PaymentConfirmation(Base):
    """The worker's answer to a payment: received, or disputed with a reason (latest wins)."""

    __tablename__ = "payment_confirmations"

    id: Mapped[str] = mapped_column(sa.String(36), primary_key=True, default=new_id)
    payment_id: Mapped[str] = mapped_column(
        sa.ForeignKey("payments.id", ondelete="CASCADE"), unique=True
    )
    status: Mapped[str] = mapped_column(sa.String(12))  # confirmed | disputed
    reason: Mapped[str | None] = mapped_column(sa.Text)
    user_id: Mapped[str] = mapped_column(sa.ForeignKey("users.id"))
    at: Mapped[datetime]

    payment: Mapped[Payment] = relationship(back_populates="confirmation")
