"""Working hours (근로시간): signed clock events, the shifts they pair into, co-signatures,
corrections, disputes, period closes, daily ledger anchors, location consent and idempotency keys.

Nothing here is overwritten: a correction is a new ``ShiftVersion`` superseding the previous one,
every signature keeps the exact body it signed, and events are append-only.
"""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, new_id, utcnow


class ShiftStatus:
    OPEN = "open"  # clocked in, no clock-out yet
    LOGGED = "logged"  # the worker's record, not yet co-signed
    CONFIRMED = "confirmed"  # the employer signed the worker's record (or the worker an employer entry)
    CORRECTED = "corrected"  # a correction signed by both sides is in force
    DISPUTED = "disputed"  # an open dispute names the shift
    EMPLOYER_ENTERED = "employer_entered"  # recorded and signed by the employer only


class LocationConsent(Base):
    """위치정보 이용 동의: one row per grant or withdrawal; the latest row holds."""

    __tablename__ = "location_consents"

    id: Mapped[str] = mapped_column(sa.String(36), primary_key=True, default=new_id)
    user_id: Mapped[str] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    granted: Mapped[bool]
    changed_at: Mapped[datetime] = mapped_column(default=utcnow)


class IdempotencyKey(Base):
    """The first answer to a create, replayed for a retry carrying the same key and body."""

    __tablename__ = "idempotency_keys"
    __table_args__ = (sa.UniqueConstraint("user_id", "key"),)

    id: Mapped[str] = mapped_column(sa.String(36), primary_key=True, default=new_id)
    user_id: Mapped[str] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(sa.String(255))
    scope: Mapped[str] = mapped_column(sa.String(300))  # method and path of the first request
    request_hash: Mapped[str] = mapped_column(sa.String(64))  # hex SHA-256 of scope + JCS(body)
    response_status: Mapped[int]
    response_body: Mapped[dict | list | None] = mapped_column(sa.JSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class HoursSignature(Base):
    """A device signature over ``app.signing.message(purpose, body)``; the body is kept verbatim."""

    __tablename__ = "hours_signatures"

    id: Mapped[str] = mapped_column(sa.String(36), primary_key=True, default=new_id)
    contract_id: Mapped[str] = mapped_column(sa.ForeignKey("contracts.id", ondelete="CASCADE"), index=True)
    purpose: Mapped[str] = mapped_column(sa.String(20))
    party: Mapped[str] = mapped_column(sa.String(10))  # worker | employer
    user_id: Mapped[str] = mapped_column(sa.ForeignKey("users.id"))
    device_key_id: Mapped[str] = mapped_column(sa.ForeignKey("device_keys.id"))
    signature: Mapped[str] = mapped_column(sa.String(100))
    body: Mapped[dict] = mapped_column(sa.JSON)
    signed_at: Mapped[datetime]


class Shift(Base):
    """One worked shift of a contract; its times live in its versions (the latest current one)."""

    __tablename__ = "shifts"
    __table_args__ = (sa.Index("ix_shifts_contract_day", "contract_id", "day"),)  # a contract's days, a pay period

    id: Mapped[str] = mapped_column(sa.String(36), primary_key=True, default=new_id)
    contract_id: Mapped[str] = mapped_column(sa.ForeignKey("contracts.id", ondelete="CASCADE"), index=True)
    day: Mapped[date] = mapped_column(sa.Date, index=True)  # Asia/Seoul date of the start
    origin: Mapped[str] = mapped_column(sa.String(20), default="logged")  # logged | employer_entered
    status: Mapped[str] = mapped_column(sa.String(20), default=ShiftStatus.OPEN, index=True)
    clock_in_event_id: Mapped[str | None] = mapped_column(sa.String(36), unique=True)  # a time_events id
    confirmation_id: Mapped[str | None] = mapped_column(sa.ForeignKey("hours_signatures.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    versions: Mapped[list[ShiftVersion]] = relationship(
        back_populates="shift", order_by="ShiftVersion.number", cascade="all, delete-orphan"
    )


class ShiftVersion(Base):
    """A record of a shift's times: the worker's log, an employer entry, or a correction.

    ``state``: current (in force), proposed (a correction awaiting the worker), superseded,
    rejected (the worker disputed the proposal)."""

    __tablename__ = "shift_versions"
    __table_args__ = (sa.UniqueConstraint("shift_id", "number"),)

    id: Mapped[str] = mapped_column(sa.String(36), primary_key=True, default=new_id)
    shift_id: Mapped[str] = mapped_column(sa.ForeignKey("shifts.id", ondelete="CASCADE"), index=True)
    number: Mapped[int]
    kind: Mapped[str] = mapped_column(sa.String(20))  # logged | employer_entered | correction
    state: Mapped[str] = mapped_column(sa.String(12), default="current")
    start: Mapped[datetime]
    end: Mapped[datetime | None]
    break_minutes: Mapped[int] = mapped_column(default=0)
    breaks: Mapped[list] = mapped_column(sa.JSON, default=list)  # [{"start": iso, "end": iso}]
    reason: Mapped[str | None] = mapped_column(sa.Text)
    author_id: Mapped[str] = mapped_column(sa.ForeignKey("users.id"))
    author_party: Mapped[str] = mapped_column(sa.String(10))
    supersedes_id: Mapped[str | None] = mapped_column(sa.ForeignKey("shift_versions.id"))
    proposal_signature_id: Mapped[str | None] = mapped_column(sa.ForeignKey("hours_signatures.id"))
    acceptance_signature_id: Mapped[str | None] = mapped_column(sa.ForeignKey("hours_signatures.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    decided_at: Mapped[datetime | None]

    shift: Mapped[Shift] = relationship(back_populates="versions")


class TimeEvent(Base):
    """A clock-in/out or break event signed on the worker's phone (append-only)."""

    __tablename__ = "time_events"
    __table_args__ = (
        sa.UniqueConstraint("contract_id", "event_id"),
        sa.Index("ix_time_events_contract_occurred", "contract_id", "occurred_at"),  # pairing window
        sa.Index("ix_time_events_contract_received", "contract_id", "received_at"),  # daily anchors
    )

    id: Mapped[str] = mapped_column(sa.String(36), primary_key=True, default=new_id)
    contract_id: Mapped[str] = mapped_column(sa.ForeignKey("contracts.id", ondelete="CASCADE"), index=True)
    event_id: Mapped[str] = mapped_column(sa.String(64))  # the phone's nonce, part of the signed body
    type: Mapped[str] = mapped_column(sa.String(12))  # clock_in | clock_out | break_start | break_end
    occurred_at: Mapped[datetime] = mapped_column(index=True)  # phone time
    received_at: Mapped[datetime] = mapped_column(index=True)  # server time
    device_key_id: Mapped[str] = mapped_column(sa.ForeignKey("device_keys.id"))
    signature: Mapped[str] = mapped_column(sa.String(100))
    message_hash: Mapped[str] = mapped_column(sa.String(64))  # hex SHA-256 of the signed message
    latitude: Mapped[float | None]
    longitude: Mapped[float | None]
    accuracy: Mapped[float | None]
    distance_m: Mapped[int | None]
    flags: Mapped[list] = mapped_column(sa.JSON, default=list)  # late | far | location_discarded
    shift_id: Mapped[str | None] = mapped_column(sa.ForeignKey("shifts.id"), index=True)


class HoursPeriod(Base):
    """마감: a week's or pay period's totals, signed by both sides; then the period is locked."""

    __tablename__ = "hours_periods"
    __table_args__ = (sa.UniqueConstraint("contract_id", "start", "end"),)

    id: Mapped[str] = mapped_column(sa.String(36), primary_key=True, default=new_id)
    contract_id: Mapped[str] = mapped_column(sa.ForeignKey("contracts.id", ondelete="CASCADE"), index=True)
    start: Mapped[date] = mapped_column(sa.Date)
    end: Mapped[date] = mapped_column(sa.Date)
    body: Mapped[dict] = mapped_column(sa.JSON)  # what both sides sign
    worker_signature_id: Mapped[str | None] = mapped_column(sa.ForeignKey("hours_signatures.id"))
    employer_signature_id: Mapped[str | None] = mapped_column(sa.ForeignKey("hours_signatures.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    closed_at: Mapped[datetime | None]


class HoursDispute(Base):
    """A signed dispute naming shifts and the minutes its party claims; open until resolved."""

    __tablename__ = "hours_disputes"

    id: Mapped[str] = mapped_column(sa.String(36), primary_key=True, default=new_id)
    contract_id: Mapped[str] = mapped_column(sa.ForeignKey("contracts.id", ondelete="CASCADE"), index=True)
    party: Mapped[str] = mapped_column(sa.String(10))
    opened_by: Mapped[str] = mapped_column(sa.ForeignKey("users.id"))
    claims: Mapped[list] = mapped_column(sa.JSON)  # [{"shift_id", "claimed_minutes"}]
    reason: Mapped[str] = mapped_column(sa.Text)
    signature_id: Mapped[str] = mapped_column(sa.ForeignKey("hours_signatures.id"))
    status: Mapped[str] = mapped_column(sa.String(10), default="open", index=True)  # open | resolved
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    resolved_at: Mapped[datetime | None]
    resolution: Mapped[str | None] = mapped_column(sa.Text)


class HoursAnchor(Base):
    """The day's ledger commitment of one contract's received events (nothing personal in clear)."""

    __tablename__ = "hours_anchors"
    __table_args__ = (sa.UniqueConstraint("contract_id", "day"),)

    id: Mapped[str] = mapped_column(sa.String(36), primary_key=True, default=new_id)
    contract_id: Mapped[str] = mapped_column(sa.ForeignKey("contracts.id", ondelete="CASCADE"), index=True)
    day: Mapped[date] = mapped_column(sa.Date)  # Asia/Seoul day the events were received
    salt: Mapped[bytes] = mapped_column(sa.LargeBinary)
    commitment: Mapped[bytes] = mapped_column(sa.LargeBinary)  # SHA-256(salt ‖ JCS(events))
    event_ids: Mapped[list] = mapped_column(sa.JSON)
    ledger_index: Mapped[int] = mapped_column(sa.BigInteger)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
