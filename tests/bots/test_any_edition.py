"""Bots play any edition they are handed, in any process: the worked example
of docs/editions.md, loaded from its file, has no registered name to be
looked up by, so these tests fail if a bot finds its rules any other way
than being handed them."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

import lifespin
from lifespin.bots import HeuristicBot, advise
from lifespin.cli import app
from lifespin.engine import State
from lifespin.sim import play_many
from lifespin.sim.driver import play_state

WEEKEND = Path(__file__).resolve().parents[2] / "docs" / "examples" / "weekend.toml"


def test_the_example_is_not_a_registered_edition() -> None:
    assert lifespin.load_edition(WEEKEND).id not in lifespin.available()


def test_one_bot_object_plays_games_of_different_editions() -> None:
    """The rules come with each decision, so a bot is not tied to one edition."""
    bot = HeuristicBot()
    for edition in ("classic", WEEKEND, "1960", WEEKEND):
        final = play_state(lifespin.new_game(edition, 2), 3, [bot, bot])
        assert final.is_terminal


def test_advisor_on_the_example() -> None:
    found: list[State] = []

    def spot(state: State, action: object) -> None:
        if not found and len(state.legal_actions()) > 1:
            found.append(state)

    play_state(lifespin.new_game(WEEKEND, 3), 1, ["heuristic"] * 3, on_decision=spot)
    assert found
    state = found[0]
    seat = state.current_player
    out = advise(state, seat, rollouts=6, seed=0)
    assert sorted(str(a.action) for a in out) == sorted(str(a) for a in state.legal_actions())
    assert all(0.0 <= a.low <= a.win <= a.high <= 1.0 for a in out)


def test_play_many_from_a_file_on_several_processes() -> None:
    bots = ["heuristic", "expert", "easy"]
    one = [s.results for s in play_many(WEEKEND, 3, games=4, seed=2, bots=bots, jobs=1)]
    two = [s.results for s in play_many(WEEKEND, 3, games=4, seed=2, bots=bots, jobs=2)]
    assert one == two and len(one) == 4


def test_cli_simulate_with_heuristic_bots_on_several_processes() -> None:
    """`lifespin simulate --edition docs/examples/weekend.toml --bots heuristic`:
    the command of issue 10, through the CLI, with two worker processes."""
    args = ["simulate", "--edition", str(WEEKEND), "--bots", "heuristic", "--games", "8",
            "--players", "3", "--seed", "4", "--json"]
    many = CliRunner().invoke(app, [*args, "--jobs", "2"])
    assert many.exit_code == 0, many.output
    one = CliRunner().invoke(app, [*args, "--jobs", "1"])
    assert one.exit_code == 0, one.output
    figures = json.loads(many.stdout)
    assert figures["edition"] == "weekend" and figures["bots"] == ["heuristic"] * 3
    assert figures == json.loads(one.stdout)
