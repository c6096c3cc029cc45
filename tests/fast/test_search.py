"""Compiled rollouts for the advisor and the expert: the re-deal matches the
reference's, samples share their luck, and only the seat's information is read."""

from __future__ import annotations

import numpy as np
import pytest

import lifespin
from lifespin import Action
from lifespin.engine import State
from lifespin.fast import lower as L
from lifespin.fast.search import evaluate, redeal_state
from lifespin.rng import Stream
from lifespin.sim.driver import play_state


def states_of(edition: str, seed: int, players: int = 4) -> list[State]:
    seen: list[State] = []
    play_state(lifespin.new_game(edition, players), seed, None, on_step=seen.append)
    return seen


def decision(edition: str = "classic", seed: int = 3, at: int = 150) -> State:
    return next(s for s in states_of(edition, seed)[at:]
                if s.current_player >= 0 and len(s.legal_actions()) > 1)


@pytest.mark.parametrize("edition", ["classic", "2005", "1960"])
def test_compiled_redeal_is_the_reference_resample(edition: str) -> None:
    states = states_of(edition, 11)
    checked = 0
    for state in states[::41]:
        for seat in (None, 0, 3):
            mine = L.canonical(redeal_state(state, seat, 99))
            ref = L.canonical(L.lower_state(state.resample(seat, Stream(99))))
            assert np.array_equal(mine, ref), (edition, state.move_number, seat)
            checked += 1
    assert checked >= 15


def test_the_same_action_on_the_same_sample_scores_the_same() -> None:
    state = decision()
    seat = state.current_player
    legal = state.legal_actions()
    ev = evaluate(state, seat, [legal[0], legal[0], legal[-1]], 40, seed=5, policy="random")
    assert ev.wins.shape == (3, 40) and ev.worths.shape == (3, 40)
    assert np.array_equal(ev.wins[0], ev.wins[1])
    assert np.array_equal(ev.worths[0], ev.worths[1])
    assert ((ev.wins >= 0) & (ev.wins <= 1)).all() and (ev.steps > 0).all()


def test_rounds_add_up_to_one_go() -> None:
    state = decision(seed=4)
    seat = state.current_player
    legal = state.legal_actions()[:3]
    whole = evaluate(state, seat, legal, 30, seed=2, policy="random")
    a = evaluate(state, seat, legal, 10, seed=2, policy="random")
    b = evaluate(state, seat, legal, 20, seed=2, policy="random", first=10)
    assert np.array_equal(whole.wins, np.concatenate([a.wins, b.wins], axis=1))


def test_threads_do_not_change_the_numbers() -> None:
    state = decision(seed=6)
    seat = state.current_player
    legal = state.legal_actions()
    one = evaluate(state, seat, legal, 24, seed=1, policy="random", jobs=1)
    two = evaluate(state, seat, legal, 24, seed=1, policy="random", jobs=2)
    assert np.array_equal(one.worths, two.worths)


def test_reads_nothing_the_seat_cannot_see() -> None:
    """The hidden tile values of the true state do not change the figures."""
    state = decision(seed=8)
    seat = state.current_player
    legal = state.legal_actions()
    other = state.resample(seat, Stream(12345))  # same information, other hidden values
    a = evaluate(state, seat, legal, 20, seed=3, policy="random")
    b = evaluate(other, seat, legal, 20, seed=3, policy="random")
    assert np.array_equal(a.wins, b.wins)


def test_a_finished_rollout_counts_a_tie_as_a_share() -> None:
    state = decision(seed=9)
    seat = state.current_player
    ev = evaluate(state, seat, state.legal_actions()[:1], 200, seed=0, policy="random")
    values = set(np.unique(ev.wins).tolist())
    assert values <= {0.0, 1.0, 0.5, 1 / 3, 0.25}
    assert 1.0 in values and 0.0 in values


def test_actions_must_be_decisions_of_the_seat() -> None:
    state = decision(seed=10)
    with pytest.raises((KeyError, ValueError)):
        evaluate(state, state.current_player, [Action("bet", "nonsense")], 2, policy="random")
