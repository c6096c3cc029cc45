"""The `lifespin` app itself: --version, --help."""

from __future__ import annotations

from tests.cli.helpers import run

import lifespin


def test_version() -> None:
    result = run("--version")
    assert result.exit_code == 0
    assert result.stdout.strip() == f"lifespin {lifespin.__version__}"
