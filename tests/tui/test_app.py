"""The terminal game, driven through Textual's pilot: keys in, engine state out.

Bots play at instant speed and the wheel does not animate, so a whole game
takes a few seconds. pytest-asyncio is not a dependency: each test drives its
coroutine with `asyncio.run`.
"""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from rich.style import Style
from textual.pilot import Pilot
from textual.widgets import Input

import lifespin
from lifespin.errors import RecordError
from lifespin.record import Record, replay_states
from lifespin.rng import Stream
from lifespin.tui import Controller, LifespinApp, SeatSpec, parse_players, parse_speed, run
from lifespin.tui.app import AdvisorScreen, FinalScreen, GameScreen, HelpScreen, SetupScreen
from lifespin.tui.widgets import BoardLayout, BoardView, ChoiceMenu, track_sections

AppPilot = Pilot[Record | None]
Scenario = Callable[[LifespinApp, AppPilot], Awaitable[None]]


def drive(app: LifespinApp, scenario: Scenario, size: tuple[int, int] = (80, 24)) -> None:
    """Run `scenario` against `app` in a headless terminal of `size`."""

    async def main() -> None:
        async with app.run_test(size=size) as pilot:
            await settle(app, pilot)
            await scenario(app, pilot)

    asyncio.run(main())


async def settle(app: LifespinApp, pilot: AppPilot) -> None:
    """Wait until chance and the bots have played up to a person's choice."""
    for _ in range(200):
        await pilot.pause(0)  # the screen's messages (keys, choices) handled
        await app.workers.wait_for_complete()
        await pilot.pause(0)
        game = app.game
        if game is None or not game.busy:
            return
    raise AssertionError("the game never settled")


def game_app(seats: list[str], seed: int) -> LifespinApp:
    ctl = Controller.new("classic", parse_players(seats), seed=seed)
    return LifespinApp(ctl, bot_delay=0, spin_animation=False)


def controller(app: LifespinApp) -> Controller:
    assert app.ctl is not None
    return app.ctl


async def play_to_end(app: LifespinApp, pilot: AppPilot, limit: int = 400) -> int:
    """Press digits for the person until the final screen; how many presses."""
    ctl = controller(app)
    presses = 0
    while not ctl.state.is_terminal:
        assert presses < limit, "the game did not end"
        assert ctl.human_to_move
        n = len(ctl.state.legal_actions())
        # Mostly the first choice; now and then the second, to see more of the board.
        await pilot.press("2" if n > 1 and presses % 5 == 3 else "1")
        await settle(app, pilot)
        presses += 1
    await settle(app, pilot)
    return presses


# ---------------------------------------------------------------- seats and options


def test_players_are_parsed_into_seats() -> None:
    seats = parse_players(["Ana", "bot", "bot:hard", "Bo=bot:easy", "Cy (random)"])
    assert seats == [
        SeatSpec("Ana"),
        SeatSpec("Ada (normal)", "normal"),
        SeatSpec("Dee (hard)", "hard"),  # bots nobody named get names nobody has
        SeatSpec("Bo (easy)", "easy"),
        SeatSpec("Cy (random)", "random"),
    ]
    assert [s.bot for s in parse_players(3)] == [None, "normal", "normal"]
    assert SeatSpec.from_name("Dee (hard)").bot == "hard"
    assert SeatSpec.from_name("Eve (my friend)").bot is None
    with pytest.raises(ValueError):
        parse_players(["Ana=robot"])
    assert parse_speed("instant") == 0 and parse_speed(0.25) == 0.25
    with pytest.raises(ValueError):
        parse_speed("warp")


def test_run_rejects_a_bad_record_before_the_screen_opens(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{}", encoding="utf-8")
    with pytest.raises(RecordError):
        run(record=bad)


def test_each_seat_plays_at_its_level_and_an_unknown_level_is_an_error() -> None:
    ctl = Controller.new("classic", [SeatSpec("Ana"), SeatSpec("Zed (hard)", "hard")], seed=1)
    assert ctl.levels == [None, "hard"]
    assert ctl.kind(0) == "person" and ctl.kind(1) == "hard bot"
    assert ctl.bots[0] is None and getattr(ctl.bots[1], "name", None) == "hard"
    with pytest.raises(ValueError, match="unknown bot level 'no_such_level'; known: easy"):
        Controller.new("classic", [SeatSpec("Ana"), SeatSpec("Zed (no_such_level)",
                                                             "no_such_level")], seed=1)
    with pytest.raises(ValueError, match="unknown bot 'bot:no_such_level'"):
        run(players="Ana,bot:no_such_level")


# ---------------------------------------------------------------- the board


def test_the_track_is_cut_into_runs_and_forks() -> None:
    rules = lifespin.new_game("classic", 2).rules
    sections = track_sections(rules)
    covered = [i for sec in sections for lane in sec for i in lane]
    assert sorted(covered) == list(range(len(rules.spaces)))  # every space, once
    forks = [sec for sec in sections if len(sec) > 1]
    assert len(forks) == 3  # the start, and the two forks of the road
    first_lanes = {rules.spaces[lane[0]].id for lane in forks[0]}
    assert first_lanes == {"college", "career"}
    for width in (40, 78, 118, 200):
        layout = BoardLayout(rules, width)
        text = layout.render(lambda i: ("x", Style()))
        assert max(len(line) for line in text.plain.split("\n")) <= width
        assert text.plain.count("x") == len(rules.spaces)


# ---------------------------------------------------------------- playing with keys


def test_start_a_game_and_choose_with_keys() -> None:
    app = game_app(["Ana", "Bo"], seed=3)

    async def scenario(app: LifespinApp, pilot: AppPilot) -> None:
        ctl = controller(app)
        assert isinstance(app.screen, GameScreen)
        assert ctl.human_to_move and ctl.state.current_player == 0
        menu = app.screen.query_one("#menu", ChoiceMenu)
        assert menu.option_count == 2  # college or a career
        # Arrows and Enter: the second choice.
        await pilot.press("down", "enter")
        await settle(app, pilot)
        assert "start:career" in [str(a) for a in ctl.state.history]
        # Ana is on the board, at the before-spin menu: 1 spins; then it is Bo's turn.
        assert ctl.state.current_player == 0 and ctl.state.phase == "turn"
        assert str(ctl.state.legal_actions()[0]) == "spin"
        await pilot.press("1")
        await settle(app, pilot)
        assert ctl.state.history.count(lifespin.Action("spin")) == 1
        assert ctl.state.current_player == 1
        first = ctl.state.legal_actions()[0]
        await pilot.press("1")
        await settle(app, pilot)
        assert first in ctl.state.history
        # + and - change the bots' speed.
        await pilot.press("minus")
        assert app.bot_delay > 0
        await pilot.press("plus")
        assert app.bot_delay == 0
        # Keys for choices that do not exist are ignored.
        before = ctl.state.move_number
        n = len(ctl.state.legal_actions())
        if n < 9:
            await pilot.press(str(n + 1))
            await settle(app, pilot)
            assert ctl.state.move_number == before
        # The help screen lists the keys.
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, GameScreen)

    drive(app, scenario)


def test_setup_screen_starts_a_game() -> None:
    app = LifespinApp(bot_delay=0, spin_animation=False)

    async def scenario(app: LifespinApp, pilot: AppPilot) -> None:
        assert isinstance(app.screen, SetupScreen)
        app.screen.query_one("#seed", Input).value = "42"
        app.screen.query_one("#name0", Input).value = "Ana"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, GameScreen)
        ctl = controller(app)
        assert ctl.seed == 42
        assert ctl.state.names[0] == "Ana" and len(ctl.state.names) == 4
        assert [s.bot is None for s in ctl.seats] == [True, False, False, False]

    drive(app, scenario)


def test_a_seeded_game_with_bots_plays_to_the_final_screen() -> None:
    seats = ["Ana", "bot:random", "bot:random", "bot:random"]
    app = game_app(seats, seed=7)

    async def scenario(app: LifespinApp, pilot: AppPilot) -> None:
        presses = await play_to_end(app, pilot)
        assert presses > 10
        assert isinstance(app.screen, FinalScreen)
        results = controller(app).state.results()
        assert app.screen.results == results
        for row in results:  # the breakdown adds up to the worth
            assert sum(row["breakdown"].values()) == row["worth"]
        # Back to the board, and to the standings again from the menu.
        await pilot.press("escape")
        assert isinstance(app.screen, GameScreen)
        await pilot.press("1")
        await pilot.pause()
        assert isinstance(app.screen, FinalScreen)

    drive(app, scenario)
    ctl = controller(app)
    record = ctl.record()
    # Every chance node was sampled from Stream(seed) exactly as the driver does.
    stream = Stream(7)
    states = list(replay_states(record))
    for state, action in zip(states, record.actions, strict=False):
        if state.is_chance_node:
            outs = state.chance_outcomes()
            assert str(outs[stream.next_u64() % len(outs)]) == action
    # The same seed and the same choices give the same game, screen or not.
    again = Controller.new("classic", parse_players(seats), seed=7)
    presses = 0
    while not again.state.is_terminal:
        if again.human_to_move:
            n = len(again.state.legal_actions())
            pick = 1 if n > 1 and presses % 5 == 3 else 0
            again.play(again.state.legal_actions()[pick])
            presses += 1
        elif again.state.is_chance_node:
            again.step_chance()
        else:
            again.apply_bot(again.state, again.bot_action(again.state))
    assert again.record() == record


def test_save_mid_game_and_load_it_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    app = game_app(["Ana", "Bo (random)", "Cy (random)"], seed=5)
    saved: dict[str, object] = {}

    async def scenario(app: LifespinApp, pilot: AppPilot) -> None:
        ctl = controller(app)
        for _ in range(12):
            await pilot.press("1")
            await settle(app, pilot)
        saved["history"] = ctl.state.history
        saved["view"] = ctl.state.view(0)
        saved["stream"] = ctl.chance.state
        await pilot.press("s")
        await pilot.press("enter")  # the default path, lifespin-<seed>.json
        await settle(app, pilot)
        path = tmp_path / "lifespin-5.json"
        assert path.exists()
        data = json.loads(path.read_text(encoding="utf-8"))
        assert data["format"] == "lifespin-record/1" and data["seed"] == 5
        # Play on, then load the save: back to the saved moment.
        for _ in range(5):
            await pilot.press("1")
            await settle(app, pilot)
        assert controller(app).state.history != saved["history"]
        await pilot.press("l")
        await pilot.press("enter")
        await settle(app, pilot)
        loaded = controller(app)
        assert loaded is not ctl
        assert isinstance(app.screen, GameScreen)
        assert loaded.state.history == saved["history"]
        assert loaded.state.view(0) == saved["view"]
        assert loaded.chance.state == saved["stream"]  # the wheel goes on as it would have
        assert [s.bot for s in loaded.seats] == [None, "random", "random"]
        # A record given at start-up resumes the same way.
        again = Controller.from_record(Record.load(path))
        assert again.state.history == saved["history"]
        assert again.chance.state == saved["stream"]

    drive(app, scenario)


def test_the_advisor_key_shows_advice() -> None:
    app = game_app(["Ana", "Bo (random)"], seed=9)
    app.advisor_rollouts = 8

    async def scenario(app: LifespinApp, pilot: AppPilot) -> None:
        await pilot.press("1")  # start; the next choice is the turn menu
        await settle(app, pilot)
        await pilot.press("a")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, AdvisorScreen)
        await app.workers.wait_for_complete()
        await pilot.pause()
        legal = {str(a) for a in controller(app).state.legal_actions()}
        assert screen.rows, screen.message
        assert {r.action for r in screen.rows} == legal
        assert all(0.0 <= r.low <= r.win <= r.high <= 1.0 for r in screen.rows)
        assert all(r.rollouts == 8 for r in screen.rows)
        assert screen.message.startswith(f"1 {screen.rows[0].text}: ")
        # The best, and every choice within its noise, are named so.
        lines = screen.message.splitlines()
        assert lines[0].endswith("(best)")
        assert all(ln.endswith(("(best)", "(about the same)", "(worse)")) for ln in lines)
        await pilot.press("escape")
        assert isinstance(app.screen, GameScreen)

    drive(app, scenario)


# ---------------------------------------------------------------- how it looks


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_screenshot_fits(size: tuple[int, int], tmp_path: Path) -> None:
    app = game_app(["Ana", "Bo (random)", "Cy (random)", "Dee (random)"], seed=2)

    async def scenario(app: LifespinApp, pilot: AppPilot) -> None:
        for _ in range(20):  # some way into the game, cars on the board
            await pilot.press("1")
            await settle(app, pilot)
        screen = app.screen
        width, height = size
        for selector in ("#status", "#board", "#players", "#log", "#menu", "#spinner"):
            region = screen.query_one(selector).region
            assert region.width > 0 and region.height > 0, selector
            assert region.right <= width and region.bottom <= height, selector
        assert screen.query_one("#menu").region.height >= 4
        board = screen.query_one("#board", BoardView)
        # Without colour the cars still show: each is its seat's digit.
        plain = board.render().plain
        for p in controller(app).view()["players"]:
            if p["space"] is not None and not p["retired"]:
                assert re.search(f"[{p['seat'] + 1}*]", plain)
        name = f"lifespin-{width}x{height}.svg"
        app.save_screenshot(name, str(tmp_path))
        svg = (tmp_path / name).read_text(encoding="utf-8")
        assert "Spin" in svg and "Ana" in svg

    drive(app, scenario, size)
