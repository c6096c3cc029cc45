"""The knob policy: knob sets, and the fast engine against the reference bot.

`lifespin.fast.simulate(..., policy="knob")` must play exactly the games
`sim.play_many(..., bots=["knob", ...])` plays: same final worths, same
number of actions, in every edition, under house rules, with mixed seats and
with a knob set from a file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

import lifespin.fast
from lifespin.editions import load_edition
from lifespin.fast import knob_kernel as kk
from lifespin.fast.knob import KNOB_DIR, KNOBS, N_GENERIC, KnobError, knob_values
from lifespin.sim import play_many

ROOT = Path(__file__).resolve().parents[2]
WEEKEND = str(ROOT / "docs" / "examples" / "weekend.toml")
EDITIONS = ["classic", "2005", "1960", WEEKEND]


def rules(edition: str = "classic") -> Any:
    return load_edition(edition).ruleset(None)


def both(edition: str, seats: list[str], games: int, seed: int,
         options: dict[str, Any] | None = None) -> None:
    fast = lifespin.fast.simulate(edition, len(seats), games=games, seed=seed, policy=seats,
                                  options=options, jobs=1)
    ref = list(play_many(edition, len(seats), games=games, seed=seed, bots=seats,
                         options=options, jobs=1))
    for i, g in enumerate(ref):
        worth = [0] * len(seats)
        for row in g.results:
            worth[row["seat"]] = row["worth"]
        assert (list(fast.worth[i]), int(fast.actions[i])) == (worth, g.actions), (
            f"{edition} {seats} {options}: game {i} of seed {seed} differs")


def test_knob_indices_match_names() -> None:
    assert N_GENERIC == kk.N_GENERIC == len(KNOBS)
    consts = {name: getattr(kk, name) for name in dir(kk) if name.startswith("K_")}
    assert sorted(consts.values()) == list(range(N_GENERIC))
    # Spot checks that the two lists are in the same order.
    assert KNOBS[kk.K_STOCK_CASH] == "stock.cash"
    assert KNOBS[kk.K_TYCOON_DEFICIT] == "tycoon.deficit"
    assert KNOBS[kk.K_BET_SHARE] == "bet.stake_share"
    assert KNOBS[kk.K_ESTATES_LEAD] == "retire.estates_lead"


def test_default_documents_every_knob() -> None:
    text = (KNOB_DIR / "default.toml").read_text()
    for name in KNOBS:
        table, _, key = name.partition(".")
        assert f"[{table}]" in text, name
        line = next(ln for ln in text.splitlines() if ln.startswith(f"{key} ="))
        assert "#" in line, f"{name} has no comment"


@pytest.mark.parametrize("edition", EDITIONS)
def test_knob_plays_as_the_reference_bot(edition: str) -> None:
    both(edition, ["knob"] * 4, games=25, seed=11)


@pytest.mark.parametrize(("edition", "options"), [
    ("classic", {"wheel_misspins": True, "house_deeds": "free_choice"}),
    ("classic", {"loans": "when_short", "night_school": "port"}),
    ("2005", {"shared_bet_numbers": True, "college_loan_cash": True,
              "house_deeds": "free_choice"}),
    ("1960", {"tycoon": False, "money_scale": "1960", "auto_insurance_offer": "every_turn"}),
])
def test_knob_under_house_rules(edition: str, options: dict[str, Any]) -> None:
    both(edition, ["knob"] * 3, games=15, seed=5, options=options)


@pytest.mark.parametrize("edition", EDITIONS)
def test_mixed_seats(edition: str) -> None:
    both(edition, ["knob", "random", "knob", "random"], games=20, seed=3)
    both(edition, ["random", "knob"], games=20, seed=4)


def test_knob_file_both_ways(tmp_path: Path) -> None:
    f = tmp_path / "bold.toml"
    f.write_text('[stock]\ncash = -1e18\nto_retire = 0\n[retire]\nestates_lead = -1e18\n'
                 '[edition.classic.fork."48"]\nbranch = 1\n')
    seats = [f"knob:{f}", "knob", f"knob:{f}"]
    both("classic", seats, games=15, seed=9)
    default = lifespin.fast.simulate("classic", 3, games=15, seed=9, policy="knob", jobs=1)
    bold = lifespin.fast.simulate("classic", 3, games=15, seed=9, policy=seats, jobs=1)
    assert not np.array_equal(default.worth, bold.worth)  # the file changes play


def test_missing_knobs_take_the_default(tmp_path: Path) -> None:
    r = rules()
    f = tmp_path / "one.toml"
    f.write_text("[stock]\ncash = 12345\n")
    base = knob_values("default", r)
    mine = knob_values(f, r)
    assert mine[KNOBS.index("stock.cash")] == 12345
    diff = np.nonzero(mine != base)[0]
    assert list(diff) == [KNOBS.index("stock.cash")]


def test_edition_tables_override_generic(tmp_path: Path) -> None:
    r = rules()
    f = tmp_path / "ed.toml"
    f.write_text('[edition.classic]\n"auto.cash" = 7\n[edition.2005]\n"auto.cash" = 9\n'
                 '[auto]\ncash = 5\n[edition.classic.fork."84"]\nbranch = 1\nbehind = 3\n')
    v = knob_values(f, r)
    assert v[KNOBS.index("auto.cash")] == 7
    assert knob_values(f, rules("2005"))[KNOBS.index("auto.cash")] == 9
    at = N_GENERIC + 2 * r.space_index["84"]
    assert (v[at], v[at + 1]) == (1, 3)


@pytest.mark.parametrize(("text", "words"), [
    ("[stock]\ncahs = 1\n", ["stock.cahs", "unknown knob"]),
    ("[stock]\ncash = 'lots'\n", ["stock.cash", "not a number"]),
    ("[stock]\ncash = true\n", ["stock.cash", "not a number"]),
    ("[stock]\ncash = nan\n", ["stock.cash", "NaN"]),
    ('[edition.classic.fork."12"]\nbranch = 0\n', ["fork.12.branch", "no fork", "48"]),
    ('[edition.classic.fork."48"]\nbranch = 2\n', ["fork.48.branch", "0 to 1"]),
    ('[edition.classic.fork."48"]\nside = 1\n', ["fork.48.side", "unknown knob"]),
    ("stock = [1\n", ["not valid TOML"]),
])
def test_bad_knob_files_name_the_file_and_key(tmp_path: Path, text: str,
                                              words: list[str]) -> None:
    f = tmp_path / "bad.toml"
    f.write_text(text)
    with pytest.raises(KnobError) as e:
        knob_values(f, rules())
    msg = str(e.value)
    assert "bad.toml" in msg
    for w in words:
        assert w in msg


def test_no_such_knob_set_names_the_shipped_ones() -> None:
    with pytest.raises(KnobError, match="shipped sets: default"):
        knob_values("nonesuch", rules())
    with pytest.raises(ValueError, match="unknown policy"):
        lifespin.fast.simulate("classic", 2, games=1, policy="knobby")


def test_knob_beats_random_in_the_fast_engine() -> None:
    # A sanity floor, not the tuned strength (benchmarks/knob_tune.py measures
    # that): one knob seat against three random ones wins well over its 1/4.
    for edition in EDITIONS:
        r = lifespin.fast.simulate(edition, 4, games=800, seed=1,
                                   policy=["knob", "random", "random", "random"], jobs=1)
        assert r.win_rate()[0] > 0.35, edition
