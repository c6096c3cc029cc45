"""Running the `lifespin` command line in tests."""

from __future__ import annotations

from typing import Any

from typer.testing import CliRunner

from lifespin.cli import app
from lifespin.editions import DATA_DIR

CLASSIC = DATA_DIR / "classic" / "edition.toml"

runner = CliRunner()


def run(*args: str, input: str | None = None) -> Any:
    return runner.invoke(app, list(args), input=input)
