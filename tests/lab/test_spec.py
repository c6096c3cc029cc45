"""Experiments as data: the built-in ones load for every edition they name,
and a bad file's error names the file, the path inside it and the value."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from lifespin.editions import load_edition
from lifespin.fast.knob import KNOBS, N_GENERIC, knob_values
from lifespin.lab import Arm, LabError, arm_vector, builtin_names, load_experiment

GOOD = """
name = "mine"
title = "Stock or not?"
kinds = ["buy_stock"]
[editions.classic]
players = 3
[[editions.classic.arms]]
name = "buy"
label = "buying"
[[editions.classic.arms]]
name = "never"
label = "never buying"
knobs = { "stock.cash" = 1e18 }
"""


def write(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "exp.toml"
    p.write_text(text, encoding="utf-8")
    return p


def test_every_builtin_loads_and_names_the_issue_questions() -> None:
    names = builtin_names()
    for n in ("children", "college", "insurance", "stock", "loans", "house", "house_sale",
              "night_school", "trade_salary", "retirement", "risky_road", "spin_to_win",
              "tycoon", "seat_order"):
        assert n in names
    for n in names:
        e = load_experiment(n)
        assert e.name == n and e.editions
        for ed, setup in e.editions.items():
            rules = load_edition(ed).ruleset(setup.options)
            vecs = [arm_vector(a, rules) for a in setup.arms]
            # Arms differ from each other (else the experiment asks nothing).
            for i in range(1, len(vecs)):
                assert not np.array_equal(vecs[i], vecs[0]), (n, ed, setup.arms[i].name)


def test_family_lane_is_the_first_forks_first_branch() -> None:
    rules = load_edition("classic").ruleset(None)
    setup = load_experiment("children").setup("classic")
    idx = rules.space_index["48"]
    fam = arm_vector(setup.arms[1], rules)
    money = arm_vector(setup.arms[0], rules)
    assert fam[N_GENERIC + 2 * idx] == 0 and money[N_GENERIC + 2 * idx] == 1
    # The lane taken at branch 0 is the one labelled the family lane.
    first = rules.spaces[rules.spaces[idx].next[0]]
    assert "family" in (first.branch or "").lower()
    # Only that knob differs.
    assert np.flatnonzero(fam != money).tolist() == [N_GENERIC + 2 * idx]


def test_generic_knob_diff() -> None:
    rules = load_edition("classic").ruleset(None)
    v = arm_vector(Arm(name="x", label="x", knobs={"stock.cash": 123.0}), rules)
    d = knob_values("default", rules)
    assert np.flatnonzero(v != d).tolist() == [KNOBS.index("stock.cash")]


def test_custom_file_loads(tmp_path: Path) -> None:
    e = load_experiment(write(tmp_path, GOOD))
    assert e.setup("classic").players == 3 and [a.name for a in e.setup("classic").arms] == [
        "buy", "never"]


@pytest.mark.parametrize(("change", "where", "said"), [
    (('"stock.cash" = 1e18', '"stock.cashh" = 1e18'), "editions.classic.arms[1].knobs",
     "stock.cashh"),
    (("players = 3", "players = 9"), "editions.classic.players", "9"),
    (("[editions.classic]", "[editions.classic]\noptions = { police_fine = \"7\" }"),
     "editions.classic.options", "police_fine"),
    (('kinds = ["buy_stock"]', 'kinds = ["buy_stocks"]'), "kinds", "buy_stocks"),
    (('name = "never"', 'name = "buy"'), "editions.classic.arms", "two arms"),
    (("[editions.classic]", "colour = 1\n[editions.classic]"), "colour", "1"),
    (("[editions.classic]\n", "[editions.nosuch]\n"), "editions.nosuch", "nosuch"),
])
def test_errors_name_file_path_and_value(tmp_path: Path, change: tuple[str, str], where: str,
                                         said: str) -> None:
    text = GOOD.replace(*change)
    if "nosuch" in change[1]:
        text = text.replace("editions.classic.", "editions.nosuch.")
    p = write(tmp_path, text)
    with pytest.raises(LabError) as info:
        load_experiment(p)
    msg = str(info.value)
    assert msg.startswith(str(p)), msg
    assert where in msg and said in msg, msg


def test_fork_that_does_not_exist(tmp_path: Path) -> None:
    p = write(tmp_path, GOOD.replace('"stock.cash" = 1e18', '"fork.47.branch" = 1'))
    with pytest.raises(LabError, match=r"arms\[1\]\.knobs.*no fork at space '47'.*48"):
        load_experiment(p)


def test_unknown_name_bad_toml_and_edition(tmp_path: Path) -> None:
    with pytest.raises(LabError, match="unknown experiment; built in: children"):
        load_experiment("kids")
    with pytest.raises(LabError, match="not valid TOML"):
        load_experiment(write(tmp_path, "name = ["))
    with pytest.raises(LabError, match="cannot read"):
        load_experiment(tmp_path / "missing.toml")
    with pytest.raises(LabError, match="does not apply to this edition; it has 2005"):
        load_experiment("risky_road").setup("classic")


def test_readme_example_is_a_valid_experiment(tmp_path: Path) -> None:
    import re

    readme = Path(__file__).resolve().parents[2] / "README.md"
    block = re.findall(r"```toml\n(.*?)```", readme.read_text(encoding="utf-8"), re.S)[0]
    e = load_experiment(write(tmp_path, block))
    assert [a.name for a in e.setup("classic").arms] == ["buy", "never"]
