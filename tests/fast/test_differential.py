"""The fast engine plays the reference engine's games, bit for bit.

For every edition (classic, 2005, 1960 and the worked example), every seat
count, each house rule on its own and several together, and each policy:

- thousands of seeds: game i of `lifespin.fast.simulate` is game i of the
  reference driver (`sim.play_state` from `batch_seed(seed, i)`): the same
  number of actions, worths and their parts, winners, turns, retirements,
  children, paydays, missed turns and every seat's decisions by kind; for the
  first games of each case, every action;
- from the middle of games: a reference game stopped at a random move (and a
  determinization of it, `State.resample`) is lowered and played to the end
  in both engines, which must take the same actions and end in the same state;
- step by step: at each state of a reference game, the kernel offers the same
  legal actions (or chance outcomes) and, applying the same action to the
  lowered state, reaches the lowered next state.

A mismatch names the edition, house rules, seats, policy and seed, and the
first action where the engines part (tests/fast/diff.py). `LIFESPIN_DIFF_SEEDS`
sets the seeds per edition for a longer run, `LIFESPIN_DIFF_SEED` the base seed.
"""

from __future__ import annotations

import random

import pytest
from tests.fast.diff import (
    EDITIONS,
    POLICIES,
    Case,
    all_cases,
    cases,
    choice_differences,
    every_step,
    fast_actions,
    fast_row,
    first_divergence,
    play_reference,
    reference_row,
    report,
    row_differences,
    seeds_for,
    state_difference,
)

import lifespin
import lifespin.fast
from lifespin.engine import CHANCE, Action
from lifespin.rng import Stream, derive_seed
from lifespin.sim.driver import batch_seed

CASES = all_cases()
MIN_GAMES = 20  # per case, however many cases an edition has
TRACED = 8  # games per case compared action by action in the bulk check
# Mid-game and step-by-step checks cost more per game: this many fewer games.
MID_RATIO = 40
STEP_RATIO = 400
HEURISTIC_RATIO = 300  # heuristic games per edition: seeds / this
STOPS = 5  # states taken from each


def _games(case: Case, ratio: int = 1, least: int = MIN_GAMES) -> int:
    share = -(-seeds_for(case.name) // (ratio * len(cases(case.name))))  # rounded up
    return max(least, share)


def _divergence(case: Case, seed: int, policy: str, index: int) -> str:
    """Where game `index` of the batch seeded `seed` parts from the reference."""
    gseed = batch_seed(seed, index)
    game = play_reference(case, gseed, policy)
    where = first_divergence(game.start, gseed, policy, game.actions)
    return (f"game {index} (game seed {gseed}): "
            + (where or "every action the same (the figures differ, not the play)"))


def _first_parting(case: Case, seed: int, policy: str, n: int) -> str:
    """The first of n games the fast engine plays differently, and where."""
    for i in range(n):
        gseed = batch_seed(seed, i)
        game = play_reference(case, gseed, policy)
        where = first_divergence(game.start, gseed, policy, game.actions)
        if where:
            return f"game {i} (game seed {gseed}): {where}"
    return f"every action of the {n} games is the same"


def test_cases_cover_every_edition_seat_count_and_house_rule() -> None:
    for name, path in EDITIONS.items():
        ed = lifespin.load_edition(path)
        rules = ed.ruleset()
        mine = cases(name)
        assert {c.players for c in mine} == {1, *range(rules.min_players, rules.max_players + 1)}
        assert set(ed.file.options) <= {k for c in mine for k, _ in c.options}, name
        assert sum(_games(c) for c in mine) >= seeds_for(name)
    # Every case has its own seed: no two replay the same streams.
    seeds = [c.seed(p) for c in CASES for p in POLICIES]
    assert len(set(seeds)) == len(seeds)


@pytest.mark.parametrize("policy", POLICIES)
@pytest.mark.parametrize("case", CASES, ids=str)
def test_games_match_the_reference(case: Case, policy: str) -> None:
    n = _games(case)
    seed = case.seed(policy)
    try:
        edition, options = case.simulate_args()
        fast = lifespin.fast.simulate(edition, case.players, games=n, seed=seed,
                                      policy=policy, options=options, jobs=1, choices=True)
    except lifespin.fast.FastError as e:
        pytest.fail(report(case, policy, f"simulate(seed={seed}) failed: {e}",
                           [_first_parting(case, seed, policy, n)]))
    assert fast.choices is not None
    bad: list[str] = []
    first_bad_game = -1
    for i in range(n):
        game = play_reference(case, batch_seed(seed, i), policy)
        diffs = row_differences(reference_row(game.final), fast_row(fast, i))
        choices = choice_differences(game.choices, fast.choices[i])
        if choices:
            diffs.append("decisions by kind: " + ", ".join(choices[:4])
                         + (", ..." if len(choices) > 4 else ""))
        if i < TRACED and not diffs:
            where = first_divergence(game.start, batch_seed(seed, i), policy, game.actions)
            if where:
                diffs.append(where)
        if diffs:
            first_bad_game = i if first_bad_game < 0 else first_bad_game
            bad.append(f"game {i}: " + "; ".join(diffs))
    if bad:
        pytest.fail(report(
            case, policy, f"{len(bad)} of {n} games of batch seed {seed} differ", bad[:3],
            lambda: _divergence(case, seed, policy, first_bad_game)))


@pytest.mark.parametrize("policy", POLICIES)
@pytest.mark.parametrize("case", CASES, ids=str)
def test_mid_game_states_play_on_as_the_reference(case: Case, policy: str) -> None:
    """Reference games stopped at a random move, lowered and played to the
    end in both engines (with a new seed from there): the same actions and the
    same final state. Then the same from a determinization of that state (what
    the expert and the advisor play out)."""
    seed = case.seed(policy, salt=1)
    pick = random.Random(seed)
    bad: list[str] = []
    for i in range(_games(case, MID_RATIO, least=1)):
        whole = play_reference(case, batch_seed(seed, i), policy, keep_states=True)
        stop = pick.randrange(len(whole.states))
        at = whole.states[stop - 1] if stop else whole.start
        starts = {"stopped": at}
        if at.tasks:
            # What the seat to move may know (the expert's and the advisor's
            # determinization). At a chance node, every other game, what
            # nobody knows. Not nobody at a decision: the reference re-deals
            # the deciding seat's own Share the Wealth hand then, while the
            # decision it faces (Exempt, a Bet's boost) offers a card it held,
            # and playing that card fails in the reference (StopIteration in
            # decisions.py).
            seat: int | None = at.current_player
            if seat == CHANCE:
                seat = None if i % 2 else 0
            whose = "nobody" if seat is None else f"seat {seat}"
            starts[f"resampled for {whose}"] = at.resample(
                seat, Stream(derive_seed(seed, i, 2)))
        for label, state in starts.items():
            on = derive_seed(seed, i, 1)
            ref = play_reference(case, on, policy, start=state)
            fs, got = fast_actions(state, on, policy, len(ref.actions) + 1)
            where = f"game {i} {label} at move {state.move_number} (play-on seed {on})"
            if list(ref.actions) != got:
                bad.append(f"{where}: " + (first_divergence(state, on, policy, ref.actions)
                                           or "the same actions on a second try"))
            else:
                diff = state_difference(fs, lifespin.fast.lower_state(ref.final))
                if diff:
                    bad.append(f"{where}: the same actions, final states differ in {diff}")
    if bad:
        pytest.fail(report(case, policy, f"mid-game states of batch seed {seed}", bad[:3]))


@pytest.mark.parametrize("policy", POLICIES)
@pytest.mark.parametrize("case", CASES, ids=str)
def test_every_step_matches_the_reference(case: Case, policy: str) -> None:
    """At every state of a reference game: the kernel's legal actions (or
    chance outcomes) are the reference's, in order, and the same action takes
    the lowered state to the lowered next state."""
    seed = case.seed(policy, salt=2)
    for i in range(_games(case, STEP_RATIO, least=1)):
        game = play_reference(case, batch_seed(seed, i), policy, keep_states=True)
        diff = every_step(game)
        if diff:
            pytest.fail(report(case, policy, "a step differs",
                               [f"game {i} of batch seed {seed} "
                                f"(game seed {batch_seed(seed, i)}): {diff}"]))


def test_a_parting_is_reported_at_its_first_action() -> None:
    """The reports themselves: a game that parts from the reference at move k
    is reported at move k, with both actions."""
    case = Case("weekend", 3)
    gseed = batch_seed(case.seed("random"), 0)
    game = play_reference(case, gseed, "random", keep_states=True)
    assert first_divergence(game.start, gseed, "random", game.actions) is None
    k = len(game.actions) // 2
    wrong = [*game.actions[:k], Action("nonsense"), *game.actions[k + 1:]]
    where = first_divergence(game.start, gseed, "random", wrong)
    assert where is not None
    assert where.startswith(f"first diverging action at move {k} ")
    assert f"expected nonsense, got {game.actions[k]}" in where
    where = first_divergence(game.start, gseed, "random", game.actions[:-1])
    assert where == (f"the reference played {len(game.actions) - 1} actions from move 0; "
                     f"the fast engine more")
    # step by step: a state that is not what the action leads to
    game.states[k] = game.states[k + 1]
    step = every_step(game)
    assert step is not None and step.startswith(f"move {k} ")


@pytest.mark.parametrize("policy", POLICIES)
@pytest.mark.parametrize("name", EDITIONS)
def test_states_a_strong_player_reaches_play_on_as_the_reference(name: str, policy: str
                                                                  ) -> None:
    """Random players seldom reach some states (insured, well-off, a house
    kept to the end): stop games of the heuristic bot at random moves and
    play on from there in both engines."""
    bad: list[str] = []
    rules = lifespin.load_edition(EDITIONS[name]).ruleset()
    for i in range(max(4, seeds_for(name) // HEURISTIC_RATIO)):
        case = Case(name, rules.min_players + i % (rules.max_players - rules.min_players + 1))
        seed = case.seed(policy, salt=3 + i)
        whole = play_reference(case, seed, "heuristic", keep_states=True)
        pick = random.Random(seed)
        for k in range(STOPS):
            at = whole.states[pick.randrange(len(whole.states) - 1)]
            on = derive_seed(seed, k)
            ref = play_reference(case, on, policy, start=at)
            fs, got = fast_actions(at, on, policy, len(ref.actions) + 1)
            where = f"{case} heuristic game seed {seed}, at move {at.move_number} (seed {on})"
            if list(ref.actions) != got:
                bad.append(f"{where}: " + str(first_divergence(at, on, policy, ref.actions)))
            elif diff := state_difference(fs, lifespin.fast.lower_state(ref.final)):
                bad.append(f"{where}: the same actions, final states differ in {diff}")
    assert not bad, "\n".join(bad[:3])
