"""Server settings: environment variables ``LIFESPIN_*`` (or a ``.env`` file),
read and checked once at start-up so a bad value stops the server with a
message naming the variable, never a failure at first use."""

from __future__ import annotations

import ipaddress
import os
import sys
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from pydantic import Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from ..errors import LifespinError
from .thinking import default_workers

__all__ = [
    "Settings",
    "SettingsError",
    "allowed_host_names",
    "default_database_url",
    "is_loopback",
    "load_settings",
    "user_data_dir",
]


class SettingsError(LifespinError, ValueError):
    """A setting that cannot work; the message names the variable and the value."""


def user_data_dir() -> Path:
    """Where lifespin keeps its database by default (per user, per platform)."""
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "lifespin"


def default_database_url() -> str:
    return f"sqlite:///{user_data_dir() / 'lifespin.db'}"


class Settings(BaseSettings):
    """Everything the server can be told; see docs/web-protocol.md section 5."""

    model_config = SettingsConfigDict(
        env_prefix="LIFESPIN_", env_file=".env", extra="ignore", frozen=True
    )

    database_url: str = Field(default_factory=default_database_url)
    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)
    bot_pace: float = Field(default=0.8, ge=0, le=60)
    allow_seed: bool = False
    advice: bool = True
    max_message_bytes: int = Field(default=4096, ge=256, le=1_048_576)
    sqlite_synchronous: Literal["NORMAL", "FULL"] = "NORMAL"
    public_url: str | None = None
    ws_compression: bool = False
    # Limits, so that no one client can hurt everyone (docs/web-protocol.md section 5).
    max_body_bytes: int = Field(default=65_536, ge=1024, le=16_777_216)
    create_per_minute: float = Field(default=30.0, gt=0, le=100_000)
    create_burst: int = Field(default=10, ge=1, le=100_000)
    max_sockets_per_seat: int = Field(default=8, ge=1, le=1000)
    max_spectators: int = Field(default=200, ge=0, le=100_000)
    presence_interval: float = Field(default=0.25, ge=0, le=60)
    # Host names this server answers to, comma-separated; "*" any. Empty: the
    # loopback names when listening on loopback (no DNS rebinding), else any.
    allowed_hosts: str = ""
    # Bots and the advisor: worker processes for heavy thinking (0: threads),
    # games of bots only playing at once, live games held, minutes before an
    # untouched game is abandoned, advice and replays per client and minute.
    bot_workers: int = Field(default_factory=default_workers, ge=0, le=256)
    max_bot_games: int = Field(default=4, ge=0, le=100_000)
    max_live_games: int = Field(default=2000, ge=1, le=1_000_000)
    idle_minutes: float = Field(default=1440.0, gt=0, le=525_600)
    advice_per_minute: float = Field(default=12.0, gt=0, le=100_000)
    replay_per_minute: float = Field(default=120.0, gt=0, le=100_000)
    # Several processes on PostgreSQL: how long a game's owner may be silent
    # before another process takes the game over.
    lease_seconds: float = Field(default=5.0, ge=0.5, le=300)
    # Seconds a connection may take to send its request headers.
    header_timeout: float = Field(default=10.0, gt=0, le=600)
    # FastAPI's /docs pages load their scripts from a CDN: off unless asked for.
    docs: bool = False
    log_level: Literal["critical", "error", "warning", "info", "debug"] = "info"

    @field_validator("database_url")
    @classmethod
    def _check_url(cls, value: str) -> str:
        try:
            url = make_url(value)
        except ArgumentError:
            raise ValueError(
                "not a database URL; write sqlite:///path/to/lifespin.db or "
                "postgresql+psycopg://user@host:5432/dbname"
            ) from None
        backend = url.get_backend_name()
        if backend == "postgresql" and url.drivername in ("postgresql", "postgres"):
            url = url.set(drivername="postgresql+psycopg")
        elif backend == "postgresql" and url.drivername != "postgresql+psycopg":
            raise ValueError(
                f"use the psycopg driver (postgresql+psycopg://...), not {url.drivername}")
        elif backend == "sqlite":
            if url.database in (None, "", ":memory:"):
                raise ValueError("an in-memory SQLite database would lose every game; give a file")
        elif backend != "postgresql":
            raise ValueError(f"lifespin stores games in sqlite or postgresql, not {backend}")
        return url.render_as_string(hide_password=False)

    @field_validator("sqlite_synchronous", mode="before")
    @classmethod
    def _upper(cls, value: object) -> object:
        return value.upper() if isinstance(value, str) else value

    @field_validator("log_level", mode="before")
    @classmethod
    def _lower(cls, value: object) -> object:
        return value.lower() if isinstance(value, str) else value

    @field_validator("public_url")
    @classmethod
    def _origin(cls, value: str | None) -> str | None:
        if value is None or value == "":
            return None
        if not value.startswith(("http://", "https://")):
            raise ValueError("an origin like https://life.example.org")
        return value.rstrip("/")


def allowed_host_names(settings: Settings) -> frozenset[str] | None:
    """The names the Host header may carry (None: any), public URL's included."""
    given = [h.strip().lower() for h in settings.allowed_hosts.split(",") if h.strip()]
    if "*" in given:
        return None
    if not given:
        if not is_loopback(settings.host):
            return None
        given = ["localhost", "127.0.0.1", "::1"]
    if settings.public_url:
        name = urlsplit(settings.public_url).hostname
        if name:
            given.append(name.lower())
    return frozenset(given)


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def load_settings(**overrides: object) -> Settings:
    """Settings from the environment, with `overrides` (None values ignored) on top.

    Raises:
        SettingsError: naming each bad variable, its value and what is wrong.
    """
    given = {k: v for k, v in overrides.items() if v is not None}
    try:
        return Settings(**given)  # type: ignore[arg-type]
    except ValidationError as exc:
        lines = []
        for err in exc.errors():
            name = "LIFESPIN_" + "_".join(str(p) for p in err["loc"]).upper()
            lines.append(f"{name} = {err.get('input')!r}: {err['msg']}")
        raise SettingsError("bad setting: " + "; ".join(lines)) from None
