"""`q` in the terminal app asks before quitting a game in play, and offers to
save it; the line game's advisor on a key; the advisor's "about the same"."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.cli.helpers import run
from tests.tui.test_app import AppPilot, controller, drive, game_app, settle

from lifespin.bots.advisor import ABOUT_THE_SAME, Advice, verdicts
from lifespin.engine import Action
from lifespin.tui import LifespinApp
from lifespin.tui.app import GameScreen, PathScreen, QuitScreen


def test_q_asks_and_escape_keeps_playing() -> None:
    app = game_app(["Ana", "Bo (random)"], seed=5)

    async def scenario(app: LifespinApp, pilot: AppPilot) -> None:
        for _ in range(3):
            await pilot.press("1")
            await settle(app, pilot)
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, QuitScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, GameScreen) and app.is_running
        await pilot.press("q")
        await pilot.pause()
        await pilot.press("y")  # quit without saving
        await pilot.pause()
        assert not app.is_running

    drive(app, scenario)
    assert app.return_value is not None and app.return_value.actions


def test_q_then_s_saves_and_quits(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    app = game_app(["Ana", "Bo (random)"], seed=6)
    moves: dict[str, int] = {}

    async def scenario(app: LifespinApp, pilot: AppPilot) -> None:
        for _ in range(4):
            await pilot.press("1")
            await settle(app, pilot)
        moves["n"] = controller(app).state.move_number
        await pilot.press("q")
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, PathScreen)
        await pilot.press("enter")  # the default path, lifespin-<seed>.json
        await pilot.pause()
        assert not app.is_running

    drive(app, scenario)
    data = json.loads((tmp_path / "lifespin-6.json").read_text(encoding="utf-8"))
    assert len(data["actions"]) == moves["n"]


def test_q_before_any_move_quits_at_once() -> None:
    app = game_app(["Ana", "Bo (random)"], seed=7)

    async def scenario(app: LifespinApp, pilot: AppPilot) -> None:
        if controller(app).state.move_number:  # the opening chance was dealt: ask
            await pilot.press("q")
            await pilot.pause()
            assert isinstance(app.screen, QuitScreen)
            await pilot.press("y")
        else:
            await pilot.press("q")
        await pilot.pause()
        assert not app.is_running

    drive(app, scenario)


def test_verdicts_call_overlapping_chances_about_the_same() -> None:
    a, b, c = (Action.parse(x) for x in ("spin", "borrow", "repay_loan"))
    rows = [Advice(a, 0.52, 0.47, 0.57, 100), Advice(b, 0.50, 0.45, 0.55, 100),
            Advice(c, 0.30, 0.25, 0.35, 100)]
    assert verdicts(rows) == ["best", ABOUT_THE_SAME, "worse"]
    assert verdicts([]) == []


def test_plain_game_offers_the_advisor_on_a_key() -> None:
    result = run("play", "--players", "Ana,bot:random", "--seed", "3", "--plain",
                 input="a\n" + "1\n" * 3000)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "'a' asks the advisor" in out or "the advisor plays each choice out" in out
    advice = [ln for ln in out.splitlines() if "to win (" in ln]
    assert advice, out[:2000]
    assert any("best" in ln for ln in advice)
    assert all(ln.rstrip().endswith(("best", ABOUT_THE_SAME, "worse")) for ln in advice)
