"""The command line: simulate, play, replay, edition; and the figures behind simulate."""

from __future__ import annotations

import builtins
import json
import math
from collections import Counter
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from typer.testing import CliRunner

import lifespin
from lifespin.bots import BOTS
from lifespin.cli import app, path_range
from lifespin.editions import DATA_DIR
from lifespin.narrate import describe_action, describe_events, money
from lifespin.record import Record
from lifespin.sim import play_game, play_many
from lifespin.sim.driver import batch_seed
from lifespin.sim.stats import aggregate, mean_sd, wilson_interval, win_shares

CLASSIC = DATA_DIR / "classic" / "edition.toml"

runner = CliRunner()


def run(*args: str, input: str | None = None) -> Any:
    return runner.invoke(app, list(args), input=input)


# ---------------------------------------------------------------- basics


def test_version() -> None:
    result = run("--version")
    assert result.exit_code == 0
    assert result.stdout.strip() == f"lifespin {lifespin.__version__}"


# ---------------------------------------------------------------- simulate


def test_simulate_table() -> None:
    result = run("simulate", "--games", "4", "--players", "3", "--seed", "1", "--jobs", "1")
    assert result.exit_code == 0, result.output
    out = result.stdout
    for heading in ("Wins and final worth by seat", "95% interval", "Worth by part",
                    "turns per game", "turns per player", "Choices taken"):
        assert heading in out
    assert "4 games, 3 players, seed 1" in out


def test_simulate_json_figures_match_the_games() -> None:
    result = run("simulate", "--games", "6", "--players", "4", "--seed", "2", "--jobs", "1",
                 "--json", "--option", "police_fine=5000")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    for key in ("edition", "edition_version", "options", "players", "games", "seed", "bots",
                "seats", "turns", "choices", "shared_wins"):
        assert key in data
    assert data["games"] == 6 and data["players"] == 4 and len(data["seats"]) == 4
    assert data["options"]["police_fine"] == "5000"
    assert math.isclose(sum(s["win_rate"] for s in data["seats"]), 1.0)
    assert math.isclose(sum(s["wins"] for s in data["seats"]), 6.0)

    # The same games played directly give the same figures.
    games = list(play_many("classic", 4, 6, seed=2, options={"police_fine": "5000"}, jobs=1))
    for seat in data["seats"]:
        worths = [r["worth"] for g in games for r in g.results if r["seat"] == seat["seat"]]
        assert seat["worth"]["min"] == min(worths) and seat["worth"]["max"] == max(worths)
        assert math.isclose(seat["worth"]["mean"], sum(worths) / 6)
        lo, hi = seat["win_rate_ci95"]
        assert 0.0 <= lo <= seat["win_rate"] <= hi <= 1.0
        # The parts of a worth add up to it, so their means do too.
        parts = seat["breakdown"]
        assert set(parts) == {"cash", "house_sale", "loans", "life_tiles", "estates_bonus"}
        assert math.isclose(sum(p["mean"] for p in parts.values()), seat["worth"]["mean"])
    longest = [max(g.turns) for g in games]
    assert data["turns"]["per_game"]["min"] == min(longest)
    assert data["turns"]["per_game"]["max"] == max(longest)
    assert math.isclose(data["turns"]["per_game"]["mean"], sum(longest) / 6)
    counted: Counter[str] = Counter()
    for g in games:
        counted.update(g.choices)
    assert {k: v["count"] for k, v in data["choices"].items()} == dict(counted)
    assert all(math.isclose(v["per_game"], v["count"] / 6) for v in data["choices"].values())


def test_simulate_does_not_depend_on_jobs() -> None:
    args = ("simulate", "--games", "6", "--players", "3", "--seed", "5", "--json")
    one = run(*args, "--jobs", "1")
    two = run(*args, "--jobs", "2")
    assert one.exit_code == 0 and two.exit_code == 0
    assert one.stdout == two.stdout


def test_simulate_writes_replayable_records(tmp_path: Path) -> None:
    out = tmp_path / "games"
    result = run("simulate", "--games", "3", "--players", "2", "--seed", "9", "--jobs", "1",
                 "--records", str(out), "--json")
    assert result.exit_code == 0, result.output
    files = sorted(p.name for p in out.iterdir())
    assert files == ["game-0.json", "game-1.json", "game-2.json"]
    data = json.loads(result.stdout)
    worths: Counter[int] = Counter()
    for i in range(3):
        record = Record.load(out / f"game-{i}.json")
        assert record.seed == batch_seed(9, i)
        final = lifespin.replay(record)
        assert final.is_terminal
        for row in final.results():
            worths[row["seat"]] += row["worth"]
    for seat in data["seats"]:
        assert math.isclose(seat["worth"]["mean"], worths[seat["seat"]] / 3)


def test_simulate_bots_option() -> None:
    ok = run("simulate", "--games", "2", "--players", "2", "--bots", "random", "--jobs", "1",
             "--json")
    assert ok.exit_code == 0, ok.output
    assert json.loads(ok.stdout)["bots"] == ["random", "random"]
    bad = run("simulate", "--games", "2", "--players", "2", "--bots", "random,genius")
    assert bad.exit_code == 2
    assert "'genius'" in bad.stderr and "random" in bad.stderr
    short = run("simulate", "--games", "2", "--players", "3", "--bots", "random,random")
    assert short.exit_code == 2 and "2 bots for 3 players" in short.stderr


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (("--edition", "clasic"), "did you mean 'classic'"),
        (("--option", "police_fine=7"), "options.police_fine"),
        (("--option", "no_such_rule=1"), "options.no_such_rule"),
        (("--option", "nonsense"), "NAME=VALUE"),
        (("--players", "9"), "not 9"),
    ],
)
def test_simulate_user_errors(args: tuple[str, ...], needle: str) -> None:
    result = run("simulate", "--games", "2", "--jobs", "1", *args)
    assert result.exit_code == 2
    assert needle in result.stderr
    assert "Traceback" not in result.output


# ---------------------------------------------------------------- play


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
    assert "Bot 1" in out and "Ana spins" in out
    assert "Final standings" in out and "The game is over" in out
    record = Record.load(path)
    assert record.players == ("Ana", "Bot 1") and record.seed == 3
    final = lifespin.replay(record)
    assert final.is_terminal
    for row in final.results():
        assert money(row["worth"]) in out


@pytest.mark.parametrize("kind", ["random", "heuristic"])
def test_play_all_bots_is_the_simulator_game(tmp_path: Path, kind: str) -> None:
    if kind not in BOTS:
        pytest.skip(f"no {kind} bot")
    path = tmp_path / "bots.json"
    result = run("play", "--players", f"bot,bot:{kind}", "--seed", "11", "--record", str(path))
    assert result.exit_code == 0, result.output
    expected = play_game("classic", ["Bot 1", "Bot 2"], seed=11, bots=["random", kind])
    assert Record.load(path).actions == expected.actions


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
     ("Ana,bot:genius", "unknown bot 'bot:genius'"), ("a,b,c,d,e,f,g", "not 7")],
)
def test_play_bad_players(players: str, needle: str) -> None:
    result = run("play", "--players", players, "--seed", "1", input="")
    assert result.exit_code == 2
    assert needle in result.stderr


# ---------------------------------------------------------------- replay


@pytest.fixture(scope="module")
def saved_game(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("replay") / "seven.json"
    play_game("classic", ["Ana", "Bo", "Cy"], seed=7).save(path)
    return path


def test_replay_tells_the_game(saved_game: Path) -> None:
    result = run("replay", str(saved_game))
    assert result.exit_code == 0, result.output
    out = result.stdout
    final = lifespin.replay(saved_game)
    assert "Final standings" in out
    assert "Ana spins" in out and "Bo" in out and "Cy" in out
    # Every event of the last action is told.
    for line in describe_events(final):
        assert line in out
    assert final.results()[0]["name"] in out


def test_replay_step_waits_between_turns(saved_game: Path) -> None:
    stopped = run("replay", str(saved_game), "--step", input="\nq\n")
    assert stopped.exit_code == 0
    assert stopped.stdout.count("-- Enter: next turn") == 2
    assert "Stopped at move" in stopped.stdout
    assert "Final standings" not in stopped.stdout
    # Input ending stops the waiting, not the replay.
    full = run("replay", str(saved_game), "--step", input="")
    assert full.exit_code == 0 and "Final standings" in full.stdout


def test_replay_corrupt_records(tmp_path: Path, saved_game: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text('{"format": "lifespin-record/1", ', encoding="utf-8")
    result = run("replay", str(broken))
    assert result.exit_code == 2
    assert "not JSON" in result.stderr and str(broken) in result.stderr

    data = json.loads(saved_game.read_text(encoding="utf-8"))
    data["actions"][30] = "spun:99"
    bad = tmp_path / "illegal.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    result = run("replay", str(bad))
    assert result.exit_code == 2
    assert "actions[30] = 'spun:99' does not replay" in result.stderr

    missing = run("replay", str(tmp_path / "nothing.json"))
    assert missing.exit_code == 2 and "cannot read" in missing.stderr


# ---------------------------------------------------------------- edition


def test_edition_list() -> None:
    result = run("edition", "list")
    assert result.exit_code == 0
    ed = lifespin.load_edition("classic")
    assert "classic" in result.stdout and ed.title in result.stdout
    assert ed.version in result.stdout


@pytest.mark.parametrize("name", ["classic", str(CLASSIC)])
def test_edition_show(name: str) -> None:
    result = run("edition", "show", name)
    assert result.exit_code == 0, result.output
    out = result.stdout
    ed = lifespin.load_edition("classic")
    assert ed.title in out and ed.version in out
    for heading in ("Sources:", "Rule choices", "Rules", "House rules", "Spaces by effect",
                    "Decks", "From each start to retirement"):
        assert heading in out
    assert "police_fine" in out and "life_tile" in out
    rules = ed.ruleset()
    for start in rules.starts:
        lo, hi = path_range(rules.spaces, start)
        assert lo is not None and hi is not None and lo <= hi
        assert lo == rules.spaces[start].to_retire
        row = next(line for line in out.splitlines() if rules.spaces[start].label in line
                   and str(lo) in line)
        assert str(hi) in row


def test_edition_validate_ok() -> None:
    result = run("edition", "validate", str(CLASSIC))
    assert result.exit_code == 0
    ed = lifespin.load_edition("classic")
    assert result.stdout.strip() == f"ok: {ed.title} {ed.version}"


def test_edition_validate_broken(tmp_path: Path) -> None:
    text = CLASSIC.read_text(encoding="utf-8")
    assert text.count("next = [12]") == 1
    broken = tmp_path / "edition.toml"
    broken.write_text(text.replace("next = [12]", "next = [999]"), encoding="utf-8")
    result = run("edition", "validate", str(broken))
    assert result.exit_code == 2
    assert "spaces[1].next" in result.stderr and "999" in result.stderr
    assert "Traceback" not in result.output
    # The same message wherever an edition is taken.
    sim = run("simulate", "--edition", str(broken), "--games", "1")
    assert sim.exit_code == 2 and "spaces[1].next" in sim.stderr


def test_edition_schema() -> None:
    result = run("edition", "schema")
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert "spaces" in schema["properties"] and "metadata" in schema["required"]


# ---------------------------------------------------------------- pieces


def test_path_range_on_small_tracks() -> None:
    def track(nexts: list[list[int]]) -> list[Any]:
        return [SimpleNamespace(next=tuple(n), effect_name="retire" if not n else "pay")
                for n in nexts]

    # 0 -> 1 -> 3 (retire), or 0 -> 2 -> 4 -> 3
    fork = track([[1, 2], [3], [4], [], [3]])
    assert path_range(fork, 0) == (2, 3)
    # A loop with a way out has no longest path.
    loop = track([[1], [0, 2], []])
    assert path_range(loop, 0) == (2, None)


def test_wilson_interval() -> None:
    lo, hi = wilson_interval(5, 10)
    assert round(lo, 4) == 0.2366 and round(hi, 4) == 0.7634
    assert wilson_interval(0, 0) == (0.0, 1.0)
    lo, hi = wilson_interval(0, 20)
    assert lo == 0.0 and 0.1 < hi < 0.2
    lo, hi = wilson_interval(2.5, 10)  # shared wins count fractionally
    assert lo < 0.25 < hi
    with pytest.raises(ValueError):
        wilson_interval(11, 10)


def test_shares_and_spread() -> None:
    rows = [{"seat": 0, "rank": 1, "winner": True}, {"seat": 1, "rank": 1, "winner": True},
            {"seat": 2, "rank": 3, "winner": False}]
    shares = win_shares(rows)
    assert shares == {0: 0.5, 1: 0.5, 2: 0}
    # Everyone at the 1960 Poor Farm: ranked by worth, but nobody wins.
    farm = [{"seat": 0, "rank": 1, "winner": False}, {"seat": 1, "rank": 2, "winner": False}]
    assert win_shares(farm) == {0: 0, 1: 0}
    assert mean_sd([2, 4, 4, 4, 5, 5, 7, 9]) == {
        "mean": 5.0, "sd": pytest.approx(2.138089935), "min": 2, "max": 9,
    }
    empty = aggregate([])
    assert empty["games"] == 0 and empty["seats"] == []


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
    ]
    by_action = {str(a): describe_action(state, a) for a in state.legal_actions()}
    assert by_action["spin"] == "spin"
    assert by_action["buy_stock:stock3"] == "buy stock 3 for $50,000"
    assert by_action["repay_loan"] == "repay a loan for $25,000"
    rules = state.rules
    fork = next(sp for sp in rules.spaces if len(sp.next) > 1)
    lane = rules.spaces[fork.next[0]]
    assert describe_action(state, lifespin.Action("branch", int(lane.id))).startswith(
        f"take the {lane.branch}"
    )
