"""Settings fail at start-up, naming the variable."""

from __future__ import annotations

from pathlib import Path

import pytest

from lifespin.web import SettingsError, load_settings, serve
from lifespin.web.settings import default_database_url


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)  # no .env file
    for name in ("DATABASE_URL", "HOST", "PORT", "BOT_PACE", "ALLOW_SEED", "PUBLIC_URL",
                 "SQLITE_SYNCHRONOUS", "MAX_MESSAGE_BYTES", "ADVICE", "LOG_LEVEL"):
        monkeypatch.delenv(f"LIFESPIN_{name}", raising=False)


def test_defaults(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    s = load_settings()
    assert (s.host, s.port, s.allow_seed, s.sqlite_synchronous) == ("127.0.0.1", 8000, False,
                                                                     "NORMAL")
    assert s.database_url == default_database_url() == f"sqlite:///{tmp_path}/lifespin/lifespin.db"


def test_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LIFESPIN_PORT", "9001")
    monkeypatch.setenv("LIFESPIN_BOT_PACE", "0")
    monkeypatch.setenv("LIFESPIN_DATABASE_URL", "postgresql://u@db/life")
    monkeypatch.setenv("LIFESPIN_SQLITE_SYNCHRONOUS", "full")
    s = load_settings(port=9002)
    assert s.port == 9002 and s.bot_pace == 0
    assert s.database_url == "postgresql+psycopg://u@db/life"
    assert s.sqlite_synchronous == "FULL"


@pytest.mark.parametrize("name, value, words", [
    ("PORT", "eighty", "LIFESPIN_PORT = 'eighty'"),
    ("PORT", "70000", "LIFESPIN_PORT"),
    ("BOT_PACE", "-1", "LIFESPIN_BOT_PACE"),
    ("DATABASE_URL", "mysql://x/y", "sqlite or postgresql"),
    ("DATABASE_URL", "sqlite://", "in-memory"),
    ("DATABASE_URL", "not a url", "not a database URL"),
    ("DATABASE_URL", "postgresql+asyncpg://x/y", "psycopg"),
    ("SQLITE_SYNCHRONOUS", "OFF", "LIFESPIN_SQLITE_SYNCHRONOUS"),
    ("PUBLIC_URL", "life.example.org", "LIFESPIN_PUBLIC_URL"),
])
def test_bad_values_fail_at_start(monkeypatch: pytest.MonkeyPatch, name: str, value: str,
                                  words: str) -> None:
    monkeypatch.setenv(f"LIFESPIN_{name}", value)
    with pytest.raises(SettingsError, match="bad setting") as exc:
        load_settings()
    assert words in str(exc.value)
    with pytest.raises(SystemExit) as stop:
        serve()
    assert words in str(stop.value.code)


def test_serve_refuses_an_unusable_database() -> None:
    with pytest.raises(SystemExit, match="cannot use the database"):
        serve(database_url="postgresql+psycopg://nobody@127.0.0.1:1/x?connect_timeout=2")
