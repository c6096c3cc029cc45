"""`lifespin tournament`: bots against each other, seats rotated (the
tournament itself is tested in tests/sim/test_tournament.py)."""

from __future__ import annotations

import json

import typer
from tests.cli.helpers import run
from typer.testing import CliRunner

from lifespin.cli import tournament


def app() -> typer.Typer:
    a = typer.Typer()
    tournament.register(a)

    @a.command("other")
    def other() -> None:  # a second command, so `tournament` is a subcommand
        """Unused."""

    return a


def test_cli_json() -> None:
    out = CliRunner().invoke(app(), ["tournament", "--seats", "heuristic,random", "--games", "4",
                                     "--seed", "2", "--jobs", "1", "--json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.stdout)
    assert data["games"] == 4 and data["seats"] == ["heuristic", "random"]
    assert {s["bot"] for s in data["standings"]} == {"heuristic", "random"}


def test_cli_table_and_errors() -> None:
    runner = CliRunner()
    out = runner.invoke(app(), ["tournament", "--seats", "heuristic,random", "--games", "2",
                                "--jobs", "1"])
    assert out.exit_code == 0, out.output
    assert "heuristic" in out.stdout and "win rate" in out.stdout
    bad = runner.invoke(app(), ["tournament", "--seats", "heuristic,wizard", "--games", "2"])
    assert bad.exit_code != 0 and "wizard" in bad.output
    bad = runner.invoke(app(), ["tournament", "--edition", "nope", "--games", "2"])
    assert bad.exit_code == 2


def test_registered_on_the_main_app() -> None:
    out = run("tournament", "--seats", "random,random", "--games", "2", "--jobs", "1",
              "--json")
    assert out.exit_code == 0, out.output
    assert json.loads(out.stdout)["seats"] == ["random", "random"]


def test_progress_is_shown_on_stderr() -> None:
    """A long tournament is never silent: outside a terminal, a line per tenth."""
    out = CliRunner().invoke(app(), ["tournament", "--seats", "random,random", "--games", "20",
                                     "--seed", "1", "--jobs", "1", "--json"])
    assert out.exit_code == 0, out.output
    lines = [ln for ln in out.stderr.splitlines() if ln.startswith("tournament:")]
    assert lines[-1] == "tournament: 20/20 games (100%)"
    assert len(lines) >= 5, lines
    json.loads(out.stdout)  # stdout is still the JSON alone
