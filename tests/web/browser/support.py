"""What the browser tests need before they start: Playwright's sync API.

Outside CI a machine without Playwright skips the browser tests, saying why;
under CI=true a missing browser or Playwright is a failure, never a skip.
"""

from __future__ import annotations

import os
from types import ModuleType

import pytest

IN_CI = os.environ.get("CI", "").strip().lower() == "true"


def playwright_sync_api() -> ModuleType:
    """``playwright.sync_api``; skipped without it, except under CI=true."""
    if IN_CI:
        import playwright.sync_api as api  # under CI: an ImportError fails the run

        return api
    return pytest.importorskip("playwright.sync_api")
