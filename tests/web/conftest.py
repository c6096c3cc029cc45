"""Fixtures for the web tests: every test that uses a store runs once against
SQLite (a temporary file) and once against PostgreSQL (a fresh schema in the
database at LIFESPIN_TEST_POSTGRES_URL, dropped afterwards; skipped, with the
reason, only when PostgreSQL cannot be reached, and failed then under CI=true)."""

from __future__ import annotations

import os
import secrets
import sys
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from tests.web.missing import missing

from lifespin.web import Settings, create_app

POSTGRES_URL = os.environ.get(
    "LIFESPIN_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
_RUN = secrets.token_hex(3)
_postgres_problem: list[str] = []


def _postgres_reachable() -> str | None:
    """None if PostgreSQL answers, else why not (checked once per run)."""
    if _postgres_problem:
        return _postgres_problem[0] or None
    try:
        engine = create_engine(POSTGRES_URL, connect_args={"connect_timeout": 3})
        with engine.connect() as conn:
            conn.execute(text("select 1"))
        engine.dispose()
        _postgres_problem.append("")
        return None
    except Exception as exc:  # any failure to connect means: skip, and say why
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        message = f"PostgreSQL at {make_url(POSTGRES_URL).render_as_string()} unreachable: {reason}"
        print(f"\n[tests/web] {message}; the postgres cases are skipped (failed under CI=true)",
              file=sys.stderr)
        _postgres_problem.append(message)
        return message


def postgres_schema_url() -> tuple[str, Callable[[], None]]:
    """A URL whose tables live in a fresh schema, and a function that drops it."""
    schema = f"lifespin_t_{_RUN}_{secrets.token_hex(4)}"
    admin = create_engine(POSTGRES_URL)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = make_url(POSTGRES_URL).update_query_dict({"options": f"-csearch_path={schema}"})

    def drop() -> None:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()

    return url.render_as_string(hide_password=False), drop


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request: pytest.FixtureRequest, tmp_path: Any) -> Iterator[str]:
    """A fresh, empty database of each kind."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'lifespin.db'}"
        return
    problem = _postgres_reachable()
    if problem:
        missing(problem)  # a failure under CI=true
    url, drop = postgres_schema_url()
    try:
        yield url
    finally:
        drop()


@pytest.fixture
def make_settings(database_url: str) -> Callable[..., Settings]:
    def make(**changes: Any) -> Settings:
        # Any host name: the test client calls itself "testserver".
        values: dict[str, Any] = {"database_url": database_url, "bot_pace": 0.0,
                                  "allowed_hosts": "*",
                                  "allow_seed": True, "advice": True}
        values.update(changes)
        return Settings(_env_file=None, **values)

    return make


@pytest.fixture
def settings(make_settings: Callable[..., Settings]) -> Settings:
    return make_settings()


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings)) as c:
        yield c


def quote_token(token: str) -> str:
    return quote(token, safe="")
