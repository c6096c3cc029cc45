"""`lifespin play --plain`: the line game (the terminal app is tested in tests/tui)."""

from __future__ import annotations

import builtins
from pathlib import Path

import pytest
from tests.cli.helpers import run

import lifespin
from lifespin.narrate import describe_action, describe_events, money
from lifespin.record import Record
from lifespin.sim import play_game


def test_play_with_piped_input(tmp_path: Path) -> None:
    path = tmp_path / "game.json"
    result = run("play", "--players", "Ana,bot", "--seed", "3", "--record", str(path),
                 input="xyz\n0\n" + "1\n" * 3000)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Seed 3" in out
    # Bad input re-prompts with the reason, then the game goes on.
    assert "illegal action 'xyz'" in out
    assert "there is no choice 0" in out
    assert out.count("Ana> xyz") == 1
    assert "Ana, your move" in out and "1) spin" in out
    assert "Players: Ana, Ada (normal)." in out  # a bare `bot` is a normal bot, named for you
    assert "Ada (normal)" in out and "Ana spins" in out
    assert "Final standings" in out and "The game is over" in out
    record = Record.load(path)
    assert record.players == ("Ana", "Ada (normal)") and record.seed == 3
    final = lifespin.replay(record)
    assert final.is_terminal
    for row in final.results():
        assert money(row["worth"]) in out


@pytest.mark.parametrize("kind", ["random", "heuristic"])
def test_play_all_bots_is_the_simulator_game(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "bots.json"
    result = run("play", "--players", f"bot:random,bot:{kind}", "--seed", "11", "--record",
                 str(path))
    assert result.exit_code == 0, result.output
    names = ["Ada (random)", f"Bo ({kind})"]
    expected = play_game("classic", names, seed=11, bots=["random", kind])
    assert Record.load(path) == expected
    assert Record.load(path).actions == expected.actions
    # A bare `bot` is the default level, the same in every shell.
    result = run("play", "--players", f"bot,bot:{kind}", "--seed", "11", "--record", str(path))
    assert result.exit_code == 0, result.output
    expected = play_game("classic", ["Ada (normal)", f"Bo ({kind})"], seed=11,
                         bots=["normal", kind])
    assert Record.load(path) == expected


def test_play_accepts_action_notation_and_stops_at_end_of_input(tmp_path: Path) -> None:
    path = tmp_path / "part.json"
    result = run("play", "--players", "Ana,Bo", "--seed", "4", "--record", str(path),
                 input="start:career\n")
    assert result.exit_code == 0, result.output
    assert "Ana starts: Start working right away." in result.stdout
    assert "Input ended" in result.stdout
    record = Record.load(path)
    assert "start:career" in record.actions
    assert not lifespin.replay(record).is_terminal


def test_play_ctrl_c_offers_to_save(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "interrupted.json"
    answers = iter(["1", "1"])
    prompts: list[str] = []

    def fake_input(prompt: str = "") -> str:
        prompts.append(prompt)
        try:
            return next(answers)
        except StopIteration:
            if "save the game record" in prompt:
                return str(path)
            raise KeyboardInterrupt from None

    monkeypatch.setattr(builtins, "input", fake_input)
    result = run("play", "--players", "Ana,bot", "--seed", "8")
    assert result.exit_code == 130
    assert "save the game record to a file? [path/empty]" in prompts[-1]
    record = Record.load(path)
    assert record.actions[record.actions.index("start:college") + 1] == "spin"


@pytest.mark.parametrize(
    ("players", "needle"),
    [("Ana,,bot", "player 2 has no name"), ("Ana,Ana", "two players are named 'Ana'"),
     ("Ana,bot:genius", "unknown bot 'bot:genius'"), ("a,b,c,d,e,f,g", "not 7"),
     ("Ana=robot", "player 1 'Ana=robot': after '=' write a bot")],
)
def test_play_bad_players(players: str, needle: str) -> None:
    result = run("play", "--players", players, "--seed", "1", input="")
    assert result.exit_code == 2
    assert needle in result.stderr


def test_narration_of_choices() -> None:
    state = lifespin.new_game("classic", ["Ana", "Bo"])
    stream = lifespin.Stream(1)
    while state.current_player == lifespin.CHANCE:
        state = state.apply(stream.pick(state.chance_outcomes()))
    texts = [describe_action(state, a) for a in state.legal_actions()]
    assert texts == ["start: Go to college (borrow $100,000)", "start: Start working right away"]
    state = state.play("start:college")
    assert describe_events(state) == [
        "Ana starts: Go to college (borrow $100,000).", "Ana borrows $100,000 (5 loans).",
        "Ana pays $100,000 to the bank for tuition.",
    ]
    by_action = {str(a): describe_action(state, a) for a in state.legal_actions()}
    assert by_action["spin"] == "spin"
    # The loans paid the tuition: with $10,000 left, stock is on offer on
    # credit and a repayment is not.
    assert by_action["buy_stock:stock3"] == "buy stock 3 for $50,000"
    assert "repay_loan" not in by_action
    assert describe_action(state, lifespin.Action("repay_loan")) == "repay a loan for $25,000"
    rules = state.rules
    fork = next(sp for sp in rules.spaces if len(sp.next) > 1)
    lane = rules.spaces[fork.next[0]]
    assert describe_action(state, lifespin.Action("branch", int(lane.id))).startswith(
        f"take the {lane.branch}"
    )
