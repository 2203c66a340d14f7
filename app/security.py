"""Passwords (argon2), JWT wiring and the role guard used by every protected view."""

from __future__ import annotations

from functools import wraps

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app, g, request
from flask_jwt_extended import get_jwt, jwt_required, verify_jwt_in_request

from app.errors import Forbidden, Unauthorized, problem
from app.extensions import db, jwt
from app.models.accounts import AuthSession, User

_HASHERS: dict[tuple[int, int], tuple[PasswordHasher, str]] = {}


def _hasher() -> tuple[PasswordHasher, str]:
    """The argon2id hasher for the configured cost, and a fixed hash of the same cost to verify
    against when the account does not exist, so timing does not reveal which accounts exist."""
    settings = current_app.config["SETTINGS"]
    cost = (settings.argon2_time_cost, settings.argon2_memory_kib)
    if cost not in _HASHERS:
        hasher = PasswordHasher(time_cost=cost[0], memory_cost=cost[1])
        _HASHERS[cost] = (hasher, hasher.hash("nomusa-no-such-account"))
    return _HASHERS[cost]


def hash_password(password: str) -> str:
    return _hasher()[0].hash(password)


def check_password(stored: str | None, password: str) -> bool:
    try:
        hasher, dummy = _hasher()
        return hasher.verify(stored or dummy, password) and stored is not None
    except (VerificationError, InvalidHashError):
        return False


def current_user() -> User:
    """The authenticated, enabled user of this request (after @jwt_required)."""
    user = g.get("current_user")
    if user is None:
        user = db.session.get(User, get_jwt()["sub"])
        if user is None or user.disabled_at is not None:
            raise Unauthorized()
        g.current_user, g.user_id = user, user.id
    return user


def roles_required(*roles: str):
    """Require a valid access token of one of ``roles`` (403 for another role)."""

    def decorator(fn):
        @wraps(fn)
        def wrapper(*args, **kwargs):
            verify_jwt_in_request()
            if current_user().role not in roles:
                raise Forbidden()
            return fn(*args, **kwargs)

        wrapper.roles = roles  # app.openapi documents 403 for guarded views
        return wrapper

    return decorator


login_required = jwt_required()


@jwt.token_in_blocklist_loader
def _session_revoked(_header, payload) -> bool:
    sid = payload.get("sid")
    if not sid:
        return True
    session = db.session.get(AuthSession, sid)
    return session is None or session.revoked_at is not None


@jwt.unauthorized_loader
def _missing(_reason):
    return problem(401, "unauthorized", headers={"WWW-Authenticate": "Bearer"})


@jwt.invalid_token_loader
def _invalid(_reason):
    return problem(401, "invalid-token", headers={"WWW-Authenticate": 'Bearer error="invalid_token"'})


@jwt.expired_token_loader
def _expired(_header, _payload):
    return problem(401, "token-expired", headers={"WWW-Authenticate": 'Bearer error="invalid_token"'})


@jwt.revoked_token_loader
def _revoked(_header, _payload):
    return problem(401, "token-revoked", headers={"WWW-Authenticate": 'Bearer error="invalid_token"'})


@jwt.user_lookup_error_loader
def _no_user(_header, _payload):
    return problem(401, "invalid-token")


@jwt.needs_fresh_token_loader
def _needs_fresh(_header, _payload):
    return problem(401, "invalid-token")


@jwt.token_verification_failed_loader
def _claims_failed(_header, _payload):
    return problem(401, "invalid-token")


def rate_limited(bucket: str, setting: str, window_seconds: int = 60):
    """Limit a public endpoint per client address to Settings.<setting> requests per window."""

    def decorator(fn):
        @wraps(fn)
        def wrapper(*args, **kwargs):
            from app import clock
            from app.services import ratelimit

            limit = getattr(current_app.config["SETTINGS"], setting)
            key = f"{bucket}:{request.remote_addr or 'unknown'}"
            ratelimit.enforce(key, limit, window_seconds, clock.now())
            return fn(*args, **kwargs)

        return wrapper

    return decorator
