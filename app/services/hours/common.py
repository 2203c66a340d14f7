"""Shared pieces of the hours area: times, hashes, the terms in force, device-key signatures, errors."""

from __future__ import annotations

import hashlib
from datetime import date, datetime, time, timedelta

import rfc8785

from app import i18n, signing
from app.clock import SEOUL
from app.errors import DomainError
from app.extensions import db
from app.models.accounts import User
from app.models.contracts import Contract, ContractStatus
from app.models.devices import DeviceKey
from app.models.hours import HoursSignature
from app.services.contracts import version_in_force

i18n.MESSAGES.update(
    {
        "invalid-time-event": ("받을 수 없는 출퇴근 기록입니다.", "This time event cannot be accepted."),
        "invalid-signature": ("서명이 올바르지 않습니다.", "The signature does not verify."),
        "invalid-device-key": ("등록되지 않았거나 폐기된 기기 키입니다.", "Unknown or revoked device key."),
        "contract-not-active": ("그날 유효한 근로계약이 없습니다.", "The contract is not in force on that day."),
        "period-locked": ("마감된 기간은 정정할 수 없습니다.", "A closed period cannot be corrected."),
    }
)


class EventRejected(DomainError):
    status, type = 422, "invalid-time-event"


class SignatureRejected(DomainError):
    status, type = 400, "invalid-signature"


class KeyRejected(DomainError):
    status, type = 422, "invalid-device-key"


class NotActive(DomainError):
    status, type = 422, "contract-not-active"


class PeriodLocked(DomainError):
    status, type = 409, "period-locked"


def iso(moment: datetime | None) -> str | None:
    """The canonical text of a time in signed bodies: Asia/Seoul, seconds, with offset."""
    return None if moment is None else moment.astimezone(SEOUL).isoformat(timespec="seconds")


def seoul_day(moment: datetime) -> date:
    return moment.astimezone(SEOUL).date()


def day_bounds(start: date, end: date) -> tuple[datetime, datetime]:
    """[start 00:00, end+1 00:00) in Asia/Seoul, as aware datetimes."""
    return (datetime.combine(start, time(), SEOUL), datetime.combine(end + timedelta(days=1), time(), SEOUL))


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def jcs_hash(obj) -> str:
    return sha256_hex(rfc8785.dumps(obj))


def terms_in_force(contract: Contract, day: date) -> dict | None:
    """The terms of the latest co-signed version effective on ``day`` (None if none)."""
    version = version_in_force(contract, day)
    return version.terms if version is not None else None


def require_active(contract: Contract, day: date) -> dict:
    """The terms in force on ``day``; 422 unless the contract was in force then."""
    terms = terms_in_force(contract, day) if contract.status in (ContractStatus.ACTIVE, ContractStatus.TERMINATED) else None
    ended = contract.end_date is not None and day > contract.end_date
    if terms is None or ended:
        raise NotActive(f"no contract in force on {day.isoformat()}")
    return terms


def scheduled_span(terms: dict | None, day: date) -> tuple[datetime, datetime, int] | None:
    """(start, end, break minutes) the contract schedules on ``day`` (소정근로시간), if any."""
    weekday = ("MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN")[day.weekday()]
    for entry in (terms or {}).get("schedule") or []:
        if entry.get("day") == weekday:
            start = datetime.combine(day, time.fromisoformat(entry["start"]), SEOUL)
            end = datetime.combine(day, time.fromisoformat(entry["end"]), SEOUL)
            if end <= start:
                end += timedelta(days=1)
            return start, end, int(entry.get("break_minutes") or 0)
    return None


def device_key(user: User, key_id: str, at: datetime) -> DeviceKey:
    """The user's key if active at ``at``; 422 for an unknown, foreign or revoked key."""
    key = db.session.get(DeviceKey, key_id) if key_id else None
    if key is None or key.user_id != user.id:
        raise KeyRejected(errors={"device_key_id": ["Unknown device key."]})
    if not signing.key_active_at(key.created_at, key.revoked_at, at):
        raise KeyRejected(errors={"device_key_id": ["This device key is revoked or not yet active."]})
    return key


def verify(user: User, key_id: str, purpose: str, body: dict, signature: str, at: datetime) -> DeviceKey:
    key = device_key(user, key_id, at)
    try:
        signing.verify(key.public_key, purpose, body, signature)
    except signing.SignatureInvalid as exc:
        raise SignatureRejected(errors={"signature": [str(exc)]}) from exc
    return key


def signed(contract: Contract, user: User, party: str, purpose: str, body: dict, data: dict,
           now: datetime) -> HoursSignature:
    """Verify ``data['signature']`` by ``data['device_key_id']`` over ``body`` and keep it (no commit)."""
    key = verify(user, data.get("device_key_id", ""), purpose, body, data.get("signature", ""), now)
    row = HoursSignature(
        contract_id=contract.id, purpose=purpose, party=party, user_id=user.id, device_key_id=key.id,
        signature=data["signature"], body=body, signed_at=now,
    )
    db.session.add(row)
    return row
