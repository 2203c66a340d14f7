"""One typed Settings object, built from NOMUSA_* environment variables with safe defaults.

Secrets are never constants: when NOMUSA_SECRET_KEY is unset a random key is generated once and
kept under the instance folder (git-ignored), so tokens survive restarts and all workers agree.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field, replace
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LEGAL_TIMEZONE = "Asia/Seoul"


@dataclass(frozen=True)
class Settings:
    instance_dir: Path
    database_url: str
    secret_key: str
    ledger_key_file: Path
    ledger_origin: str = "nomusa.seoul.go.kr/ledger"
    access_token_ttl: timedelta = timedelta(minutes=15)
    refresh_token_ttl: timedelta = timedelta(days=30)
    max_content_length: int = 1024 * 1024
    login_failures_per_account: int = 5
    login_attempts_per_address: int = 30
    login_window_seconds: int = 900
    preview_requests_per_minute: int = 60
    late_event_seconds: int = 6 * 3600
    timezone: str = LEGAL_TIMEZONE
    # argon2id cost (RFC 9106 second recommended option: t=3, m=64 MiB); tests lower it.
    argon2_time_cost: int = 3
    argon2_memory_kib: int = 65536
    testing: bool = False
    extra: dict = field(default_factory=dict)

    def with_(self, **changes) -> Settings:
        return replace(self, **changes)


def _read_or_create_secret(path: Path) -> str:
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    value = secrets.token_urlsafe(64)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(value)
    return value


def normalize_database_url(url: str) -> str:
    """postgresql:// means psycopg 3, the driver we ship."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def from_env(env: dict[str, str] | None = None) -> Settings:
    env = dict(os.environ if env is None else env)
    instance = Path(env.get("NOMUSA_INSTANCE_DIR") or ROOT / "instance").resolve()
    instance.mkdir(parents=True, exist_ok=True)
    db_url = env.get("NOMUSA_DATABASE_URL") or f"sqlite:///{instance / 'nomusa.db'}"
    secret = env.get("NOMUSA_SECRET_KEY") or _read_or_create_secret(instance / "secret_key")
    key_file = Path(env.get("NOMUSA_LEDGER_KEY_FILE") or instance / "ledger.key")
    settings = Settings(
        instance_dir=instance,
        database_url=normalize_database_url(db_url),
        secret_key=secret,
        ledger_key_file=key_file,
    )
    if env.get("NOMUSA_LEDGER_ORIGIN"):
        settings = settings.with_(ledger_origin=env["NOMUSA_LEDGER_ORIGIN"])
    return settings
