"""The knob bot: its features from a view are the fast engine's from the state,
it is reachable by name, and the command line takes it."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from tests.cli.helpers import run

import lifespin
from lifespin.bots import KnobBot, make_bot
from lifespin.bots.knob import features_from_view
from lifespin.fast import knob_kernel as kk
from lifespin.fast.knob import KnobError
from lifespin.fast.lower import lower_rules, lower_state
from lifespin.sim import play_state

ROOT = Path(__file__).resolve().parents[2]
WEEKEND = str(ROOT / "docs" / "examples" / "weekend.toml")


@pytest.mark.parametrize("edition", ["classic", "2005", "1960", WEEKEND])
def test_view_features_are_the_state_features(edition: str) -> None:
    """At every decision of a few games, the features the bot reads from its
    seat's view equal those the fast engine reads from the lowered state."""
    checked = 0

    def check(state: lifespin.State, action: object) -> None:
        nonlocal checked
        seat = state.current_player
        view = features_from_view(state.view(seat), state.rules)
        fs = lower_state(state)
        feat = np.empty(kk.n_features(len(state.players)), np.float64)
        kk.fill_features(lower_rules(state.rules), fs, seat, feat)
        assert np.array_equal(view, feat), f"move {state.move_number}, seat {seat}"
        checked += 1

    for seed in range(2):
        play_state(lifespin.new_game(edition, 3), seed, ["knob", "random", "knob"],
                   on_decision=check)
    assert checked > 50


def test_make_bot_names() -> None:
    assert isinstance(make_bot("knob"), KnobBot)
    assert make_bot("bot:knob").name == "knob"
    bot = make_bot("knob:default")
    assert isinstance(bot, KnobBot) and bot.knobs == "default"
    with pytest.raises(ValueError, match="names a knob set"):
        make_bot("knob:")
    with pytest.raises(KnobError, match="cannot read"):
        make_bot("knob:/no/such/knobs.toml")


def test_simulate_and_tournament_take_knob(tmp_path: Path) -> None:
    f = tmp_path / "k.toml"
    f.write_text("[stock]\ncash = 0\n")
    result = run("simulate", "--games", "4", "--jobs", "1", "--bots", "knob")
    assert result.exit_code == 0, result.output
    result = run("tournament", "--games", "4", "--jobs", "1",
                 "--seats", f"knob,heuristic,knob:{f},random")
    assert result.exit_code == 0, result.output
    assert f"knob:{f}" in result.output
    result = run("tournament", "--games", "2", "--seats", "knob:/no/such.toml,random")
    assert result.exit_code != 0 and "cannot read" in result.output
