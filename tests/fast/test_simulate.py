"""`lifespin.fast.simulate` and `lifespin.fast.play_state`: the shapes of what
they return, figures that agree with each other, results that do not depend on
the thread count or on how a batch is split, and clear errors."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from tests.fast.diff import EDITIONS, WEEKEND, reference_row, row_differences

import lifespin
import lifespin.fast
from lifespin.errors import EditionError
from lifespin.fast import codes
from lifespin.fast.lower import UnsupportedRule
from lifespin.sim.driver import batch_seed, play_state

GAMES = 40

PER_SEAT = ("worth", "wins", "turns", "retired", "children", "married", "start", "paydays",
            "missed")


def _arrays(r: lifespin.fast.Results) -> dict[str, np.ndarray]:
    out = {k: getattr(r, k) for k in (*PER_SEAT, "winner", "actions")}
    out |= {f"parts.{k}": v for k, v in r.parts.items()}
    if r.choices is not None:
        out["choices"] = r.choices
    return out


@pytest.mark.parametrize("name", EDITIONS)
def test_shapes_and_figures_that_agree(name: str) -> None:
    players = 3
    r = lifespin.fast.simulate(EDITIONS[name], players, games=GAMES, seed=3, jobs=1,
                               choices=True)
    assert r.games == GAMES and r.players == players and r.seed == 3
    for key in PER_SEAT:
        assert getattr(r, key).shape == (GAMES, players), key
    assert r.winner.shape == r.actions.shape == (GAMES,)
    assert r.choices is not None
    assert r.choices.shape == (GAMES, players, codes.N_DECISION_KINDS)
    assert set(r.parts) == {"cash", "house_sale", "loans", "life_tiles", "estates_bonus"}
    # the parts add up to the worth
    assert np.array_equal(np.sum(list(r.parts.values()), axis=0), r.worth)
    # the winner is the lowest seat that wins; every game has one unless all
    # went to the poor farm (1960's random players often do); the poor farm
    # never wins
    for i in range(GAMES):
        winners = np.flatnonzero(r.wins[i])
        assert r.winner[i] == (winners[0] if winners.size else -1)
        if winners.size == 0:
            assert (r.retired[i] == codes.POOR_FARM).all()
        assert not (r.wins[i] & (r.retired[i] == codes.POOR_FARM)).any()
    # fewer decisions than actions (chance outcomes are actions too); every
    # game starts each seat on a start space
    assert (r.choices.sum(axis=(1, 2)) < r.actions).all()
    rules = lifespin.load_edition(EDITIONS[name]).ruleset()
    assert set(r.start.ravel().tolist()) <= set(rules.starts)
    assert r.start_ids[rules.starts[0]] == rules.spaces[rules.starts[0]].id
    assert np.array_equal(r.win_rate(), r.wins.mean(axis=0))


def test_results_do_not_depend_on_threads_or_how_a_batch_is_split() -> None:
    one = lifespin.fast.simulate("2005", 4, games=GAMES, seed=9, jobs=1, choices=True)
    two = lifespin.fast.simulate("2005", 4, games=GAMES, seed=9, jobs=2, choices=True)
    tail = lifespin.fast.simulate("2005", 4, games=GAMES - 15, seed=9, jobs=2, choices=True,
                                  first=15)
    for key, arr in _arrays(one).items():
        assert np.array_equal(arr, _arrays(two)[key]), key
        assert np.array_equal(arr[15:], _arrays(tail)[key]), key


def test_seats_may_name_their_policies_one_by_one() -> None:
    together = lifespin.fast.simulate("classic", 3, games=10, seed=4, policy="random")
    apart = lifespin.fast.simulate("classic", 3, games=10, seed=4,
                                   policy=["random", "random", "random"])
    assert np.array_equal(together.worth, apart.worth)


@pytest.mark.parametrize("seed", [-1, 2**63, 2**64 - 1, 2**64 + 5])
def test_any_int_seed_is_the_reference_seed(seed: int) -> None:
    """Seeds are taken mod 2**64 in both engines (negative and huge ones too)."""
    r = lifespin.fast.simulate(WEEKEND, 3, games=3, seed=seed, jobs=1)
    for i in range(3):
        final = play_state(lifespin.new_game(WEEKEND, 3), batch_seed(seed, i))
        got = {"worth": r.worth[i].tolist(), "actions": [int(r.actions[i])]}
        want = reference_row(final)
        assert row_differences({k: want[k] for k in got}, got) == []


def test_an_empty_batch() -> None:
    r = lifespin.fast.simulate("classic", 2, games=0)
    assert r.worth.shape == (0, 2) and r.actions.shape == (0,)


def test_play_state_from_a_reference_state() -> None:
    state = lifespin.new_game("1960", 2)
    for _ in range(30):  # somewhere in the first turns
        state = state.apply((state.chance_outcomes() or state.legal_actions())[0])
    final = play_state(state, 77)
    fs, trace = lifespin.fast.play_state(state, 77, trace=5)
    assert trace.shape == (5, 3)
    assert [codes.to_action(state.rules, *map(int, row)) for row in trace] == list(
        final.history[30:35])
    assert int(fs[lifespin.fast.lower.G_MOVES]) == final.move_number
    assert int(fs[lifespin.fast.lower.G_SP]) == 0  # played to the end
    _, none = lifespin.fast.play_state(state, 77)
    assert none.shape == (0, 3)
    # a finished game plays nothing
    _, after = lifespin.fast.play_state(final, 77, trace=4)
    assert after.shape == (0, 3)


def test_bad_arguments_are_named() -> None:
    with pytest.raises(ValueError, match="games must be >= 0, not -1"):
        lifespin.fast.simulate("classic", 2, games=-1)
    with pytest.raises(ValueError, match="classic is for 2 to 6 players, not 7"):
        lifespin.fast.simulate("classic", 7, games=1)
    with pytest.raises(ValueError, match="unknown policy 'greedy' for seat 1"):
        lifespin.fast.simulate("classic", 2, games=1, policy=["random", "greedy"])
    with pytest.raises(ValueError, match="1 policies for 2 seats"):
        lifespin.fast.simulate("classic", 2, games=1, policy=["random"])
    with pytest.raises(EditionError, match="unknown edition"):
        lifespin.fast.simulate("no-such-edition", 2, games=1)
    with pytest.raises(EditionError, match="no such house rule"):
        lifespin.fast.simulate("classic", 2, games=1, options={"no_such_rule": True})
    rules = lifespin.load_edition("classic").ruleset()
    with pytest.raises(ValueError, match="options go with an edition, not a ruleset"):
        lifespin.fast.simulate(rules, 2, games=1, options={"loans": "when_short"})


def test_a_ruleset_with_an_effect_the_fast_engine_lacks_is_refused() -> None:
    rules = lifespin.load_edition("classic").ruleset()
    spaces = tuple(dataclasses.replace(sp, effect="warp") if sp.effect == "stock_crash" else sp
                   for sp in rules.spaces)
    odd = dataclasses.replace(rules, spaces=spaces, cache={})
    with pytest.raises(UnsupportedRule, match="effect 'warp', which the fast engine"):
        lifespin.fast.simulate(odd, 2, games=1)


def test_a_ruleset_plays_as_its_edition() -> None:
    rules = lifespin.load_edition("classic").ruleset({"loans": "when_short"})
    by_rules = lifespin.fast.simulate(rules, 2, games=8, seed=2)
    by_name = lifespin.fast.simulate("classic", 2, games=8, seed=2,
                                     options={"loans": "when_short"})
    assert np.array_equal(by_rules.worth, by_name.worth)
