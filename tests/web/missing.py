"""A part the tests need and the machine lacks (a browser, Playwright,
PostgreSQL): skipped with the reason on a developer's machine, a failure
under CI=true, so that CI can never pass green without running them."""

from __future__ import annotations

import importlib
import os
from types import ModuleType
from typing import NoReturn

import pytest

__all__ = ["import_or_missing", "in_ci", "missing"]


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("true", "1", "yes")


def missing(reason: str) -> NoReturn:
    """Skip the test for `reason`, or fail it under CI=true."""
    if in_ci():
        pytest.fail(f"CI=true, and {reason}", pytrace=False)
    pytest.skip(reason)


def import_or_missing(name: str) -> ModuleType:
    """The module, or `missing` when it cannot be imported (and why)."""
    try:
        return importlib.import_module(name)
    except ImportError as exc:
        missing(f"{name} cannot be imported: {exc}")
