"""`lifespin simulate`, and the figures behind it."""

from __future__ import annotations

import json
import math
from collections import Counter
from pathlib import Path

import pytest
from tests.cli.helpers import run

import lifespin
from lifespin.record import Record
from lifespin.sim import play_many
from lifespin.sim.driver import batch_seed
from lifespin.sim.stats import aggregate, mean_sd, wilson_interval, win_shares


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
