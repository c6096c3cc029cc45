"""Paired runs: the same games for every arm, chunks that do not change the
answer, the stopping rule, the observed tables."""

from __future__ import annotations

import numpy as np
import pytest

from lifespin.editions import load_edition
from lifespin.fast import simulate
from lifespin.fast.knob import knob_values
from lifespin.lab import LabResult, arm_vector, load_experiment, parse_experiment, run_experiment
from lifespin.lab.run import FIELDS, _next_chunk, _pieces

# An arm whose knob differs from the default's but never changes a decision
# (repaying a note needs $1e17 left over): it must play exactly the
# reference's games, seat by seat.
SAME = {
    "name": "same", "title": "t",
    "editions": {"classic": {"players": 3, "arms": [
        {"name": "ref", "label": "the default"},
        {"name": "twin", "label": "a twin", "knobs": {"loan.repay_cash": 1e17}},
        {"name": "nostock", "label": "no stock", "knobs": {"stock.cash": 1e18}},
    ]}},
}


@pytest.fixture(scope="module")
def children() -> LabResult:
    return run_experiment(load_experiment("children"), "classic", precision=0.001, games=600,
                          step=300, seed=5, ledger=20)


def test_arms_share_their_games() -> None:
    exp = parse_experiment(SAME, "test")
    r = run_experiment(exp, "classic", precision=0.0001, games=400, step=400, seed=3)
    ref, twin, nostock = r.arms
    assert ref.default and not twin.default
    for f in FIELDS:
        assert np.array_equal(ref.data[f], twin.data[f]), f
    assert twin.diff_win is not None and twin.diff_win.mean == 0 and twin.diff_win.half == 0
    # The reference is the all-default game, seat by seat.
    sim = simulate("classic", 3, 400, 3, policy="knob")
    assert np.array_equal(ref.data["worth"], sim.worth)
    # A real intervention changes the subject's games (not every one).
    assert not np.array_equal(ref.data["worth"], nostock.data["worth"])
    assert (ref.data["worth"] == nostock.data["worth"]).any()


def test_subject_is_rotated_and_the_others_play_default() -> None:
    exp = parse_experiment(SAME, "test")
    r = run_experiment(exp, "classic", precision=0.0001, games=200, step=200, seed=4)
    rules = load_edition("classic").ruleset(None)
    v = arm_vector(exp.setup("classic").arms[2], rules)
    for s in range(3):
        knobs = np.tile(knob_values("default", rules), (3, 1))
        knobs[s] = v
        one = simulate("classic", 3, 200, 4, policy="knob", knobs=knobs)
        assert np.array_equal(r.arms[2].data["worth"][:, s], one.worth[:, s])


def test_the_family_lane_brings_children(children: LabResult) -> None:
    money, family = children.arms
    assert family.data["children"].mean() > money.data["children"].mean() + 0.2
    assert children.sentence().startswith(
        "Taking the family lane instead of the money lane changes your chance of winning by")
    assert children.sentence().endswith("in 4-player classic.")


def test_budget_ends_the_run(children: LabResult) -> None:
    assert children.games == 600 and children.chunks[0] == 300
    assert not children.reached
    assert children.games_played() == 600 * (4 + 1)  # money: 4 subject runs; family: default


def test_chunks_do_not_change_the_games(children: LabResult) -> None:
    one = run_experiment(load_experiment("children"), "classic", precision=0.001, games=600,
                         step=600, seed=5, ledger=0)
    assert one.chunks == [600]
    for a, b in zip(one.arms, children.arms, strict=True):
        for f in FIELDS:
            assert np.array_equal(a.data[f], b.data[f]), f
    assert one.to_json()["arms"] == children.to_json()["arms"]


def test_precision_stops_early() -> None:
    r = run_experiment(load_experiment("children"), "classic", precision=0.2, games=10_000,
                       step=200, seed=1, ledger=0)
    assert r.games == 200 and r.reached


def test_observed_children_table(children: LabResult) -> None:
    rows = children.children_table()
    assert abs(sum(r["share"] for r in rows) - 1) < 1e-9
    assert sum(r["seats"] for r in rows) == 600 * 4
    pc = children.per_child()
    assert set(pc) >= {"win", "worth", "life_tiles", "cash"}
    j = children.to_json()
    assert j["children"] and "per_child" in j and j["games"] == 600


def test_seat_order_has_one_arm_and_a_row_per_seat() -> None:
    r = run_experiment(load_experiment("seat_order"), "2005", players=3, precision=0.001,
                       games=300, step=300)
    assert len(r.arms) == 1 and len(r.seats()) == 3
    assert r.sentence().startswith("Going first wins")
    assert r.games_played() == 300
    assert len(r.to_json()["seats"]) == 3


def test_observed_only_children_sentence_for_1960() -> None:
    r = run_experiment(load_experiment("children"), "1960", precision=0.001, games=200,
                       step=200, ledger=0)
    assert r.sentence().startswith("Observed, not chosen: each child")


def test_sensitivity_runs_each_setting() -> None:
    exp = load_experiment("risky_road")
    r = run_experiment(exp, "2005", precision=0.05, games=200, step=200, sensitivity=True)
    labels = [v.label for v, _ in r.sensitivity]
    assert labels == [v.label for v in exp.setup("2005").sensitivity]
    two = dict((v.label, s) for v, s in r.sensitivity)["2 players"]
    assert two.players == 2 and two.arms[0].data["win"].shape == (200, 2)
    assert len(r.to_json()["sensitivity"]) == len(labels)


def test_chunk_plan() -> None:
    assert _next_chunk(0, float("inf"), 0.005, 1000, 50_000) == 1000
    # Needs (0.01/0.005)^2 * 1.1 = 4.4x the games: 3400 more, in whole steps.
    assert _next_chunk(1000, 0.01, 0.005, 1000, 50_000) == 4000
    assert _next_chunk(1000, 0.01, 0.005, 1000, 2500) == 1500
    assert _next_chunk(1000, 0.1, 0.005, 1000, 50_000) == 4000  # at most 4n
    assert _pieces(10, 100, 3, 10) == [(10, 33), (43, 33), (76, 34)]
    assert _pieces(0, 5, 4, 10) == [(0, 5)]


def test_child_rules_read_the_board(children: LabResult) -> None:
    from lifespin.lab.run import child_rules

    rules = load_edition("classic").ruleset(None)
    lines = child_rules(rules, 4)
    babies = [sp for sp in rules.spaces if sp.effect == "baby"]
    assert lines[0].startswith(f"{len(babies)} baby spaces")
    assert any("$50,000 per child" in x for x in lines)  # university fees
    assert "a gift of $5,000 from each other player" in child_rules(
        load_edition("2005").ruleset(None), 4)[0]
    assert children.to_json()["child_rules"] == lines


def test_ledger_replays_the_same_games_in_the_reference_engine() -> None:
    from lifespin.lab.ledger import child_ledger

    r = run_experiment(load_experiment("children"), "2005", players=3, precision=0.001,
                       games=100, step=100, seed=6, ledger=30)
    assert r.ledger is not None and r.observed is not None
    assert np.array_equal(r.ledger["children"], r.observed["children"][:30])
    # 2005: $5,000 from each other player per baby space, $10,000 per child at retirement.
    pc = r.per_child()
    assert pc["baby_gifts"] > 0 and abs(pc["child_gifts"] - 10_000) < 1
    rows = r.children_table()
    assert all("baby_gifts" in row for row in rows)
    classic = child_ledger("classic", {}, 2, 1, 20)
    assert (classic["per_child_payments"] <= 0).all() and (classic["baby_gifts"] == 0).all()
