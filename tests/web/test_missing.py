"""Under CI=true a missing browser, Playwright or PostgreSQL fails the run."""

from __future__ import annotations

import pytest
from tests.web import conftest
from tests.web.missing import import_or_missing, missing


@pytest.mark.parametrize("ci", ["true", "1"])
def test_missing_parts_fail_under_ci(monkeypatch: pytest.MonkeyPatch, ci: str) -> None:
    monkeypatch.setenv("CI", ci)
    with pytest.raises(pytest.fail.Exception, match="CI=true, and PostgreSQL is down"):
        missing("PostgreSQL is down")
    with pytest.raises(pytest.fail.Exception, match="no_such_module_xyz"):
        import_or_missing("no_such_module_xyz")


def test_missing_parts_skip_elsewhere(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="PostgreSQL is down"):
        missing("PostgreSQL is down")
    assert import_or_missing("json").dumps([]) == "[]"


def test_unreachable_postgres_fails_under_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    monkeypatch.setattr(conftest, "_postgres_problem", ["PostgreSQL at x unreachable: test"])
    with pytest.raises(pytest.fail.Exception, match="unreachable"):
        next(conftest.database_url.__wrapped__(  # type: ignore[attr-defined]
            type("Request", (), {"param": "postgres"})(), None))
