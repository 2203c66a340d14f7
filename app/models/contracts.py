"""Labor contracts (근로계약) and their co-signed versions.

A ``Contract`` is the relationship between one workplace and one worker. Each set of terms is a
``ContractVersion``; an amendment or a termination is a new version linked to the one it
replaces, so history is never overwritten. A version becomes binding when both parties' device
signatures over its canonical bytes are in (``ContractSignature``); then one ledger entry holds
a salted commitment to it (nothing personal in clear).
"""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, new_id, utcnow


class ContractStatus:
    DRAFT = "draft"  # no version signed by both parties yet
    ACTIVE = "active"  # a co-signed version is in force
    DECLINED = "declined"  # a party declined the first draft
    WITHDRAWN = "withdrawn"  # the employer withdrew the unsigned first draft
    TERMINATED = "terminated"  # a termination version is signed (or notified)


class VersionStatus:
    DRAFT = "draft"
    SIGNED = "signed"  # both signatures in
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"
    SUPERSEDED = "superseded"  # a later signed version replaced it


class Contract(Base):
    __tablename__ = "contracts"

    id: Mapped[str] = mapped_column(sa.String(36), primary_key=True, default=new_id)
    workplace_id: Mapped[str] = mapped_column(sa.ForeignKey("workplaces.id"), index=True)
    employer_id: Mapped[str] = mapped_column(sa.ForeignKey("users.id"), index=True)
    worker_id: Mapped[str | None] = mapped_column(sa.ForeignKey("users.id"), index=True)
    invite_email: Mapped[str | None] = mapped_column(sa.String(254), index=True)
    invite_phone: Mapped[str | None] = mapped_column(sa.String(20), index=True)
    status: Mapped[str] = mapped_column(sa.String(16), default=ContractStatus.DRAFT, index=True)
    start_date: Mapped[date]  # of the current terms (denormalized for scans)
    end_date: Mapped[date | None]  # last day of employment, when known
    pay_period: Mapped[str] = mapped_column(sa.String(10), default="monthly")  # monthly | weekly
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    activated_at: Mapped[datetime | None]

    versions: Mapped[list[ContractVersion]] = relationship(
        back_populates="contract", order_by="ContractVersion.number", cascade="all, delete-orphan"
    )


class ContractVersion(Base):
    __tablename__ = "contract_versions"
    __table_args__ = (sa.UniqueConstraint("contract_id", "number"),)

    id: Mapped[str] = mapped_column(sa.String(36), primary_key=True, default=new_id)
    contract_id: Mapped[str] = mapped_column(sa.ForeignKey("contracts.id", ondelete="CASCADE"), index=True)
    number: Mapped[int]  # 1, 2, … within the contract
    kind: Mapped[str] = mapped_column(sa.String(16), default="original")  # original | amendment | termination
    supersedes_id: Mapped[str | None] = mapped_column(sa.ForeignKey("contract_versions.id"))
    status: Mapped[str] = mapped_column(sa.String(16), default=VersionStatus.DRAFT)
    effective_from: Mapped[date]
    terms: Mapped[dict | None] = mapped_column(sa.JSON)  # None after crypto-shredding
    reason: Mapped[str | None] = mapped_column(sa.Text)  # amendment/termination/decline reason
    salt: Mapped[bytes | None] = mapped_column(sa.LargeBinary)  # None after crypto-shredding
    commitment: Mapped[bytes | None] = mapped_column(sa.LargeBinary)  # SHA-256(salt ‖ signed document)
    ledger_index: Mapped[int | None] = mapped_column(sa.BigInteger)
    created_by: Mapped[str] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    signed_at: Mapped[datetime | None]
    shredded_at: Mapped[datetime | None]
    parties: Mapped[dict | None] = mapped_column(sa.JSON)  # signed parties block, frozen at the first signature
    notified_at: Mapped[datetime | None]  # a termination signed by the employer alone, sent to the worker
    disputed_at: Mapped[datetime | None]  # the worker disputes that termination
    dispute_reason: Mapped[str | None] = mapped_column(sa.Text)

    contract: Mapped[Contract] = relationship(back_populates="versions")
    signatures: Mapped[list[ContractSignature]] = relationship(
        back_populates="version", cascade="all, delete-orphan", order_by="ContractSignature.signed_at"
    )


class ContractSignature(Base):
    __tablename__ = "contract_signatures"
    __table_args__ = (sa.UniqueConstraint("version_id", "party"),)

    id: Mapped[str] = mapped_column(sa.String(36), primary_key=True, default=new_id)
    version_id: Mapped[str] = mapped_column(sa.ForeignKey("contract_versions.id", ondelete="CASCADE"), index=True)
    party: Mapped[str] = mapped_column(sa.String(10))  # worker | employer
    user_id: Mapped[str] = mapped_column(sa.ForeignKey("users.id"))
    device_key_id: Mapped[str] = mapped_column(sa.ForeignKey("device_keys.id"))
    signature: Mapped[str] = mapped_column(sa.String(100))  # base64 Ed25519 signature
    signed_at: Mapped[datetime]

    version: Mapped[ContractVersion] = relationship(back_populates="signatures")
