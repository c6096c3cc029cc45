"""The advisor: chances of winning after each legal action, with intervals,
from the seat's own information."""

from __future__ import annotations

from typing import Any

import pytest

import lifespin
from lifespin import Action
from lifespin.bots import Advice, advise
from lifespin.bots.advisor import wilson
from lifespin.engine import State
from lifespin.rng import Stream
from lifespin.sim.driver import play_state


def decision(kind: str, seed: int = 0, players: int = 3) -> State:
    found: list[State] = []

    def spot(state: State, action: Action) -> None:
        if not found and any(a.kind == kind for a in state.legal_actions()):
            found.append(state)

    play_state(lifespin.new_game("classic", players), seed, ["heuristic"] * players,
               on_decision=spot)
    assert found
    return found[0]


class SeatOnly:
    """What the advisor may touch of the true state, and nothing more."""

    def __init__(self, state: State) -> None:
        self._state = state
        self.touched: set[str] = set()

    def view(self, seat: int) -> dict[str, Any]:
        self.touched.add("view")
        return self._state.view(seat)

    def legal_actions(self) -> list[Action]:
        self.touched.add("legal_actions")
        return self._state.legal_actions()

    def resample(self, seat: int, rng: Stream) -> State:
        self.touched.add("resample")
        return self._state.resample(seat, rng)


def test_probabilities_with_intervals_for_every_legal_action() -> None:
    state = decision("retire")
    seat = state.current_player
    out = advise(state, seat, rollouts=12, seed=1)
    assert sorted(str(a.action) for a in out) == sorted(str(a) for a in state.legal_actions())
    for adv in out:
        assert isinstance(adv, Advice)
        assert 0.0 <= adv.low <= adv.win <= adv.high <= 1.0
        assert adv.rollouts == 12
    assert [a.win for a in out] == sorted((a.win for a in out), reverse=True)


def test_reads_only_the_seats_information() -> None:
    state = decision("branch", seed=2)
    seat = state.current_player
    proxy = SeatOnly(state)
    out = advise(proxy, seat, rollouts=4, seed=0)  # type: ignore[arg-type]
    assert proxy.touched == {"view", "legal_actions", "resample"}
    assert out == advise(state, seat, rollouts=4, seed=0)


def test_symmetric_stock_numbers_share_their_figures() -> None:
    state = decision("buy_stock", seed=0)
    seat = state.current_player
    out = advise(state, seat, rollouts=3, seed=2)
    stocks = {(a.win, a.low, a.high) for a in out if a.action.kind == "buy_stock"}
    assert len(stocks) == 1


def test_same_seed_same_advice_and_errors() -> None:
    state = decision("retire", seed=1)
    seat = state.current_player
    assert advise(state, seat, rollouts=5, seed=3) == advise(state, seat, rollouts=5, seed=3)
    with pytest.raises(ValueError, match="no decision"):
        advise(state, (seat + 1) % 3, rollouts=5)
    with pytest.raises(ValueError, match="rollouts"):
        advise(state, seat, rollouts=0)


def test_wilson_contains_the_estimate() -> None:
    for wins, n in [(0, 5), (5, 5), (2.5, 7), (1, 100)]:
        lo, hi = wilson(wins, n)
        assert 0.0 <= lo <= wins / n <= hi <= 1.0
    assert wilson(0, 0) == (0.0, 1.0)


def test_exported() -> None:
    import lifespin.bots

    assert lifespin.bots.advise is advise
