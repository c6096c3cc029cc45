"""The expert bot: determinized Monte Carlo that sees only its seat's view and
the `resample` callable."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import lifespin
from lifespin import Action
from lifespin.bots import BOTS, ExpertBot, HeuristicBot, make_bot
from lifespin.bots.expert import candidates, exact_share, rollout, search, win_share
from lifespin.bots.heuristic import situation_from_view
from lifespin.engine import CHANCE, State
from lifespin.engine.state import Draft
from lifespin.rng import Stream
from lifespin.sim.driver import play_state

FAST = {"work": 400, "max_rollouts": 3, "fast_work": 1}
"""Small budgets: the reference search (`work`, `max_rollouts`) and the fast
engine's (`fast_work` 1: the pilot's samples only)."""
# The worked example of docs/editions.md, loaded from its file (no registered name).
WEEKEND = str(Path(__file__).resolve().parents[2] / "docs" / "examples" / "weekend.toml")
EDITIONS = [*lifespin.available(), pytest.param(WEEKEND, id="weekend")]


def first_decision(edition: str = "classic", players: int = 4, seed: int = 0,
                   kind: str | None = None) -> State:
    """The first state of a heuristic game where a seat has a real choice
    (of the given kind, if any)."""
    found: list[State] = []

    def spot(state: State, action: Action) -> None:
        legal = state.legal_actions()
        if not found and len(legal) > 1 and (kind is None or any(a.kind == kind for a in legal)):
            found.append(state)

    play_state(lifespin.new_game(edition, players), seed, ["heuristic"] * players,
               on_decision=spot)
    assert found, f"no {kind} decision"
    return found[0]


def resampler(state: State, seat: int) -> Callable[[Stream], State]:
    return lambda rng: state.resample(seat, rng)


def test_registry_and_levels() -> None:
    assert {"random", "heuristic", "expert", "easy", "normal", "hard"} <= set(BOTS)
    assert isinstance(make_bot("hard"), ExpertBot)
    assert isinstance(make_bot("expert"), ExpertBot)
    normal = make_bot("normal")
    easy = make_bot("easy")
    assert isinstance(normal, HeuristicBot) and normal.mistake == 0
    assert isinstance(easy, HeuristicBot) and 0 < easy.mistake < 1
    with pytest.raises(ValueError, match="known"):
        make_bot("grandmaster")


def test_skips_the_search_with_one_legal_action() -> None:
    def boom(rng: Stream) -> State:
        raise AssertionError("searched a forced move")

    rules = lifespin.load_edition("classic").ruleset()
    assert ExpertBot().act({"seat": 0}, [Action("spin")], Stream(0), boom,
                           rules=rules) == Action("spin")


def test_chooses_legal_actions_from_resample_only() -> None:
    state = first_decision()
    seat = state.current_player
    calls: list[int] = []

    def spy(rng: Stream) -> State:
        calls.append(1)
        return state.resample(seat, rng)

    bot = ExpertBot(**FAST, engine="reference")
    action = bot.act(state.view(seat), state.legal_actions(), Stream(1), spy, rules=state.rules)
    assert action in state.legal_actions()
    assert calls and bot.last is not None and len(calls) == bot.last.rounds


def test_the_fast_search_determinizes_once_then_redeals_in_compiled_code() -> None:
    state = first_decision()
    seat = state.current_player
    calls: list[int] = []

    def spy(rng: Stream) -> State:
        calls.append(1)
        return state.resample(seat, rng)

    bot = ExpertBot(**FAST, engine="fast")
    action = bot.act(state.view(seat), state.legal_actions(), Stream(1), spy, rules=state.rules)
    assert action in state.legal_actions()
    assert calls == [1]
    assert bot.last is not None and bot.last.rounds == ExpertBot.PILOT
    assert all(len(s) == ExpertBot.PILOT for s in bot.last.scores)


def _canonical(state: State, seat: int) -> Callable[[Stream], State]:
    """A determinization that depends on the seat's information alone: the
    hidden tiles are put in a fixed order before `resample` shuffles them.
    (`State.resample` shuffles them in the order the true state holds them,
    so two states a seat cannot tell apart give different samples for the
    same stream; this test helper removes that so equal information must
    give equal choices.)"""
    s = Draft.of(state)
    hidden = sorted(list(state.tile_pile) + list(state.estates)
                    + [t for p in state.players for t in p.tiles])
    k = len(state.tile_pile)
    s.tile_pile = tuple(hidden[:k])
    s.estates = tuple(hidden[k:k + len(state.estates)])
    k += len(state.estates)
    for i, p in enumerate(state.players):
        q = s.p(i)
        q.tiles = tuple(hidden[k:k + len(p.tiles)])
        q.bonus_tiles = q.tiles[len(q.tiles) - len(p.bonus_tiles):] if p.bonus_tiles else ()
        k += len(p.tiles)
    frozen = s.freeze(None, state.move_number)
    frozen.events = state.events
    return lambda rng: frozen.resample(seat, rng)


def test_same_choice_when_hidden_tiles_are_scrambled() -> None:
    state = first_decision(seed=5, kind="retire")  # late: every seat holds tiles
    seat = state.current_player
    assert all(p.tiles for p in state.players)
    scrambled = state.resample(seat, Stream(12345))
    assert scrambled.view(seat) == state.view(seat)
    legal = state.legal_actions()
    a = ExpertBot(**FAST).act(state.view(seat), legal, Stream(7), _canonical(state, seat),
                              rules=state.rules)
    b = ExpertBot(**FAST).act(scrambled.view(seat), legal, Stream(7),
                              _canonical(scrambled, seat), rules=scrambled.rules)
    assert a == b


def test_deterministic_for_a_seed() -> None:
    state = first_decision(seed=3)
    seat = state.current_player
    picks = {ExpertBot(**FAST).act(state.view(seat), state.legal_actions(), Stream(9),
                                   resampler(state, seat), rules=state.rules) for _ in range(2)}
    assert len(picks) == 1


def test_candidates_merge_stock_numbers_and_drop_dominated() -> None:
    state = first_decision(seed=0)
    seat = state.current_player
    sit = situation_from_view(state.view(seat), state.rules)
    legal = [Action("spin")] + [Action("buy_stock", f"stock{i}") for i in range(1, 10)] + [
        Action("repay_loan")]
    cands = candidates(sit, legal, Action("buy_stock", "stock4"))
    assert cands == [Action("spin"), Action("buy_stock", "stock4")]


def test_search_uses_common_random_numbers() -> None:
    state = first_decision(seed=1)
    seat = state.current_player
    legal = state.legal_actions()
    res = search(resampler(state, seat), seat, [legal[0], legal[0]], seed=4, max_rollouts=6)
    assert res.scores[0] == res.scores[1]  # the same action on the same luck
    assert res.rounds == 6 and all(0.0 <= x <= 1.0 for x in res.scores[0])


def test_rollout_scores() -> None:
    state = lifespin.new_game("classic", 2)
    score, steps = rollout(state, Stream(3), 0, smooth=False)
    assert score in (0.0, 0.5, 1.0) and steps > 100
    smooth, _ = rollout(state, Stream(3), 0)
    assert 0.0 <= smooth <= 1.0


@pytest.mark.parametrize("edition", lifespin.available())
def test_win_share_averages_the_exact_score(edition: str) -> None:
    """Averaged over the hidden tile values, the smoothed shares of all seats
    add up to about 1 and agree, game by game, with the exact winner's
    direction; over many games their mean matches the exact score's."""
    smooth: list[float] = []
    exact: list[float] = []
    for g in range(60):
        final = play_state(lifespin.new_game(edition, 3), g, ["heuristic"] * 3)
        shares = [win_share(final, i) for i in range(3)]
        assert all(0.0 <= x <= 1.0 for x in shares)
        assert 0.9 <= sum(shares) <= 1.2
        smooth.append(shares[0])
        exact.append(exact_share(final, 0))
    assert abs(sum(smooth) - sum(exact)) / 60 < 0.1


def test_wall_clock_cap() -> None:
    state = first_decision(seed=2)
    seat = state.current_player
    bot = ExpertBot(work=10**9, max_rollouts=10**6, time_ms=30)
    assert bot.act(state.view(seat), state.legal_actions(), Stream(0),
                   resampler(state, seat), rules=state.rules) in state.legal_actions()
    assert bot.decision_seconds[-1] < 2.0


def test_without_resample_it_plays_the_heuristic() -> None:
    state = first_decision(seed=2)
    seat = state.current_player
    view, legal = state.view(seat), state.legal_actions()
    rules = state.rules
    assert ExpertBot().act(view, legal, Stream(0), rules=rules) == HeuristicBot().act(
        view, legal, Stream(0), rules=rules)


@pytest.mark.parametrize("edition", EDITIONS)
@pytest.mark.parametrize("players", [2, 3, 4, 5, 6])
def test_finishes_legal_games(edition: str, players: int) -> None:
    """Through the driver (which hands it `resample`), seat 0 the expert."""
    rules = lifespin.load_edition(edition).ruleset()
    if not rules.min_players <= players <= rules.max_players:
        pytest.skip(f"{edition} seats {rules.min_players}-{rules.max_players}")
    bot = ExpertBot(**FAST)
    bots: list[Any] = [bot] + ["heuristic"] * (players - 1)
    seen: list[tuple[State, Action]] = []
    final = play_state(lifespin.new_game(edition, players), players, bots,
                       on_decision=lambda s, a: seen.append((s, a)))
    assert final.is_terminal
    for state, action in seen:
        assert state.current_player != CHANCE
        assert action in state.legal_actions()
    assert bot.decision_seconds  # it did search


def test_bad_budgets() -> None:
    with pytest.raises(ValueError):
        ExpertBot(work=0)
    with pytest.raises(ValueError):
        ExpertBot(confidence=0.2)
