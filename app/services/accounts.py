"""Registration, operator-created accounts, login, token rotation and logout."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa
from flask import current_app
from flask_jwt_extended import create_access_token, create_refresh_token

from app.errors import Conflict, TooManyRequests, Unauthorized, ValidationFailed
from app.extensions import db
from app.models.accounts import SELF_REGISTERED, AuthSession, RefreshToken, Role, User
from app.security import check_password, hash_password
from app.services import ratelimit

_PHONE = re.compile(r"^0\d{8,10}$")


def normalize_phone(raw: str) -> str:
    """'010-1234-5678', '+82 10 1234 5678' → '01012345678'."""
    digits = re.sub(r"[\s\-().]", "", raw)
    if digits.startswith("+82"):
        digits = "0" + digits[3:].lstrip("0")
    if not _PHONE.match(digits):
        raise ValidationFailed(errors={"phone": ["Not a valid Korean phone number."]})
    return digits


def normalize_email(raw: str) -> str:
    return raw.strip().lower()


@dataclass(frozen=True)
class NewAccount:
    role: str
    password: str
    name: str
    email: str | None = None
    phone: str | None = None
    birth_date: date | None = None


def create_user(new: NewAccount, *, operator: bool = False) -> User:
    if new.role not in {r.value for r in Role}:
        raise ValidationFailed(errors={"role": ["Unknown role."]})
    if not operator and new.role not in SELF_REGISTERED:
        raise ValidationFailed(errors={"role": ["Only workers and employers can register."]})
    if new.role == Role.WORKER and new.birth_date is None:
        raise ValidationFailed(errors={"birth_date": ["Missing data for required field."]})
    if not new.email and not new.phone:
        raise ValidationFailed(errors={"email": ["Give an email or a phone number."]})
    email = normalize_email(new.email) if new.email else None
    phone = normalize_phone(new.phone) if new.phone else None
    _refuse_taken(email, phone)
    user = User(
        role=new.role,
        email=email,
        phone=phone,
        password_hash=hash_password(new.password),
        name=new.name.strip(),
        birth_date=new.birth_date,
    )
    db.session.add(user)
    try:
        db.session.commit()
    except sa.exc.IntegrityError as exc:
        db.session.rollback()
        raise Conflict("An account with this email or phone exists.") from exc
    from app.services.contracts import attach_invitations  # contracts build on accounts

    attach_invitations(user)  # a contract drafted before the worker had an account is theirs now
    return user


def _refuse_taken(email: str | None, phone: str | None) -> None:
    clauses = [User.email == email] if email else []
    clauses += [User.phone == phone] if phone else []
    if db.session.scalar(sa.select(sa.func.count()).select_from(User).where(sa.or_(*clauses))):
        raise Conflict("An account with this email or phone exists.")


def _find_login(email: str | None, phone: str | None) -> tuple[str, User | None]:
    if email:
        login = normalize_email(email)
        return "email:" + login, db.session.scalar(sa.select(User).where(User.email == login))
    try:
        login = normalize_phone(phone or "")
    except ValidationFailed:
        return "phone:" + (phone or ""), None
    return "phone:" + login, db.session.scalar(sa.select(User).where(User.phone == login))


def login(email: str | None, phone: str | None, password: str, address: str, now: datetime) -> dict:
    """Tokens for a correct login; 401 otherwise; 429 + Retry-After once an account or address is locked."""
    cfg = current_app.config["SETTINGS"]
    window = cfg.login_window_seconds
    login_key, user = _find_login(email, phone)
    account_key, address_key = "login-fail:" + login_key, "login-addr:" + address
    for key, limit in ((account_key, cfg.login_failures_per_account), (address_key, cfg.login_attempts_per_address)):
        retry = ratelimit.peek(key, limit, window, now)
        if retry:
            raise TooManyRequests(retry)
    ratelimit.hit(address_key, now, window)
    if user is None or user.disabled_at is not None or not check_password(user.password_hash, password):
        ratelimit.hit(account_key, now, window)
        db.session.commit()
        raise _bad_credentials()
    ratelimit.reset(account_key)
    session = AuthSession(user_id=user.id)
    db.session.add(session)
    db.session.flush()
    tokens = _issue(user, session, now)
    db.session.commit()
    return tokens


def _bad_credentials() -> Unauthorized:
    err = Unauthorized()
    err.type = "invalid-credentials"
    return err


def _issue(user: User, session: AuthSession, now: datetime) -> dict:
    cfg = current_app.config["SETTINGS"]
    claims = {"sid": session.id, "role": user.role}
    jti = str(uuid.uuid4())
    refresh = create_refresh_token(identity=user.id, additional_claims={**claims, "jti": jti})
    db.session.add(RefreshToken(jti=jti, session_id=session.id, expires_at=now + cfg.refresh_token_ttl))
    access = create_access_token(identity=user.id, additional_claims=claims)
    return {
        "access_token": access,
        "refresh_token": refresh,
        "token_type": "Bearer",
        "expires_in": int(cfg.access_token_ttl.total_seconds()),
    }


def refresh(jwt_payload: dict, now: datetime) -> dict:
    """Rotate: the presented refresh token is spent; presenting a spent one ends the session."""
    token = db.session.get(RefreshToken, jwt_payload["jti"], with_for_update=True)
    session = db.session.get(AuthSession, jwt_payload.get("sid"))
    if token is None or session is None or session.revoked_at is not None:
        raise _revoked()
    if token.used_at is not None:
        session.revoked_at, session.revoked_reason = now, "refresh-token-reuse"
        db.session.commit()
        raise _revoked()
    token.used_at = now
    user = db.session.get(User, session.user_id)
    tokens = _issue(user, session, now)
    db.session.commit()
    return tokens


def _revoked() -> Unauthorized:
    err = Unauthorized()
    err.type = "token-revoked"
    return err


def logout(jwt_payload: dict, now: datetime) -> None:
    session = db.session.get(AuthSession, jwt_payload.get("sid"))
    if session is not None and session.revoked_at is None:
        session.revoked_at, session.revoked_reason = now, "logout"
        db.session.commit()

