"""Property-based tests: random legal and illegal input through the checked door.

Hypothesis picks the edition, house rules, player count and a point inside a
game: a seeded random game is played to its end, and the example starts after a
prefix of it strictly shorter than the whole game, so (almost) no example
starts at the final state with nothing left to try but junk (the seeded
fast-forward this replaced started 28-36% of examples there). It then plays
legal actions and chance outcomes of its own choosing, mixed with illegal
actions (real kinds with wrong arguments, made-up kinds), garbage text and
garbage JSON. `play` must refuse what is not legal with an IllegalActionError
or InvalidActionError (both ValueErrors) and leave the state exactly as it
was; what it accepts must be a legal action, give the state `apply` gives, and
keep the game replayable.

Arguments that are bools or floats are left out of the strategies: they compare
equal to ints, and test_conformance.py (test_play_refuses_or_canonicalises_
lookalike_actions) checks that play() refuses such look-alikes.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
)

import lifespin
from lifespin import (
    CHANCE,
    Action,
    EditionError,
    GameOverError,
    IllegalActionError,
    InvalidActionError,
    Record,
    State,
    Stream,
    new_game,
)
from lifespin.rng import derive_seed


def _loads(name: str) -> bool:
    # An edition that does not load fails the conformance suite, by name; here
    # it is left out so that these properties still run on the others.
    try:
        lifespin.load_edition(name)
    except EditionError:
        return False
    return True


CONFIGS: list[tuple[str, dict[str, Any]]] = [
    (name, {}) for name in lifespin.available() if _loads(name)
]
if "classic" in lifespin.available():
    CONFIGS += [
        ("classic", {"wheel_misspins": True, "consultant_own_spin": True}),
        ("classic", {"occupied_space_rule": False}),
        ("classic", {"life_tile_values": "ported", "pension": "per_spin",
                     "space_values": "csharp_port"}),
    ]


def seeded_game(state: State, seed: int) -> list[State]:
    """Every state of one random game from `state` to its end: chance from
    Stream(seed), seat k's choices from Stream(derive_seed(seed, 1, k))."""
    chance = Stream(seed)
    mine = [Stream(derive_seed(seed, 1, k)) for k in range(len(state.players))]
    states = [state]
    while not state.is_terminal:
        if state.current_player == CHANCE:
            outs = state.chance_outcomes()
            state = state.apply(outs[chance.below(len(outs))])
        else:
            legal = state.legal_actions()
            state = state.apply(legal[mine[state.current_player].below(len(legal))])
        states.append(state)
    return states


def mid_game(data: st.DataObject, edition: str, options: dict[str, Any], n: int,
             seed: int) -> State:
    """A state of a seeded game after a hypothesis-chosen number of steps, fewer
    than the game's length: never the final state."""
    states = seeded_game(new_game(edition, n, options), seed)
    start = states[data.draw(st.integers(0, len(states) - 2), label="prefix")]
    event(f"starts terminal: {start.is_terminal}")
    return start


def _vocabulary() -> tuple[list[str], list[str]]:
    """Every action kind and text argument offered in a few seeded games of each
    configuration, plus a few made up: the raw material for illegal actions."""
    kinds = {"bogus", "spin_again", "pass", "night_school", "keep_career"}
    args = {"nowhere", "moon", "life"}
    for name, options in CONFIGS:
        for seed in range(2):
            for state in seeded_game(new_game(name, 4, options), seed):
                for a in state.legal_actions() + state.chance_outcomes():
                    kinds.add(a.kind)
                    if isinstance(a.arg, str):
                        args.add(a.arg)
    return sorted(kinds), sorted(args)


KINDS, _ARGS = _vocabulary()
# An argument in the notation's alphabet with a letter, "_" or "." somewhere:
# never all digits, so it stays a str through parse (as the engine's own do).
_NOT_INT = r"[A-Za-z0-9_.-]{0,5}[A-Za-z_.][A-Za-z0-9_.-]{0,5}"
ARGS = st.one_of(
    st.none(),
    st.integers(-3, 160),
    st.sampled_from(_ARGS),
    st.from_regex(_NOT_INT, fullmatch=True),
)
ACTIONS = st.builds(
    Action,
    st.one_of(st.sampled_from(KINDS), st.from_regex(r"[a-z][a-z0-9_]{0,10}", fullmatch=True)),
    ARGS,
)
TEXTS = st.one_of(
    st.text(max_size=24),
    st.sampled_from(["", ":", "spin:", ":7", "spin:7:8", "Spin", "spun:7 8", "a b",
                     "spun:١", "retire:", "draw tile:3", "spun:+7", "spun:0x7", "-spin"]),
    ACTIONS.map(str),
)
JSONISH = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(
        st.sampled_from(["kind", "arg", "type", "x"]), inner, max_size=3),
    max_leaves=6,
) | st.builds(lambda a: a.to_json(), ACTIONS)


def choices(state: State) -> list[Action]:
    return state.chance_outcomes() if state.is_chance_node else state.legal_actions()


def fingerprint(state: State) -> tuple[Any, ...]:
    """What the game is, seen and hidden, through the public API: history, the
    spectator's view, whose move it is and what can happen next, where every
    LIFE tile is, money."""
    return (state.move_number, state.history, json.dumps(state.view(None), sort_keys=True),
            state.current_player, state.phase, state.turn, tuple(state.legal_actions()),
            tuple(state.chance_outcomes()), state.bank, state.tile_pile, state.estates,
            tuple((p.cash, p.loans, p.tiles, p.space) for p in state.players))


def check_invariants(state: State) -> None:
    assert state.bank + sum(p.cash for p in state.players) == 0
    tiles = list(state.tile_pile) + list(state.estates)
    for p in state.players:
        tiles += p.tiles
    assert sorted(tiles) == list(range(len(state.rules.tile_values)))
    if not state.is_terminal:
        assert bool(state.legal_actions()) != bool(state.chance_outcomes())


def try_play(state: State, attempt: Any, via_json: bool = False) -> State:
    """Play anything (through Action.from_json first if `via_json`); a refusal
    must leave the state as it was. Returns the state after (the same object
    when refused)."""
    before = fingerprint(state)
    try:
        after = state.play(Action.from_json(attempt) if via_json else attempt)
    except (IllegalActionError, InvalidActionError) as exc:
        assert isinstance(exc, ValueError)
        if state.is_terminal:
            assert isinstance(exc, GameOverError | InvalidActionError), exc
        assert fingerprint(state) == before, f"refusing {attempt!r} changed the state"
        return state
    # Accepted: it was one of the legal choices, and is the same as apply's.
    action = Action.parse(attempt) if isinstance(attempt, str) else after.history[-1]
    assert action in choices(state), f"play accepted {attempt!r}, not legal here"
    assert Action.parse(str(after.history[-1])) == after.history[-1], (
        "the history holds an action whose notation does not round-trip"
    )
    assert fingerprint(state) == before, f"play({attempt!r}) changed its parent"
    same = state.apply(action)
    assert fingerprint(same) == fingerprint(after)
    return after


_SETTINGS = settings(max_examples=150, deadline=None, derandomize=False,
                     suppress_health_check=[HealthCheck.too_slow,
                                            HealthCheck.data_too_large])


@_SETTINGS
@given(st.data())
def test_random_legal_and_illegal_play(data: st.DataObject) -> None:
    edition, options = data.draw(st.sampled_from(CONFIGS), label="config")
    n = data.draw(st.sampled_from([1, 2, 3, 4, 5, 6]), label="players")
    seed = data.draw(st.integers(0, 2**64 - 1), label="seed")
    state = mid_game(data, edition, options, n, seed)
    for _ in range(data.draw(st.integers(1, 40), label="steps")):
        if state.is_terminal:
            event("reached the end")
            junk = data.draw(st.one_of(ACTIONS, TEXTS), label="after the end")
            before = fingerprint(state)
            with pytest.raises((GameOverError, InvalidActionError)):
                state.play(junk)
            assert fingerprint(state) == before
            break
        how = data.draw(st.integers(0, 9), label="how")
        if how <= 1:
            state = try_play(state, data.draw(ACTIONS, label="action"))
        elif how == 2:
            state = try_play(state, data.draw(TEXTS, label="text"))
        elif how == 3:
            state = try_play(state, data.draw(JSONISH, label="json"), via_json=True)
        else:
            a = data.draw(st.sampled_from(choices(state)), label="legal")
            state = try_play(state, a if how % 2 else str(a))
        check_invariants(state)
    again = lifespin.replay(Record.from_state(state, seed))
    assert again.history == state.history
    assert again.view(None) == state.view(None)


class PlayMachine(RuleBasedStateMachine):
    """A game driven by hypothesis: legal moves, illegal moves and junk, in any order."""

    state: State

    @initialize(config=st.sampled_from(CONFIGS), n=st.sampled_from([1, 2, 3, 4, 6]),
                seed=st.integers(0, 2**64 - 1), data=st.data())
    def start(self, config: tuple[str, dict[str, Any]], n: int, seed: int,
              data: st.DataObject) -> None:
        edition, options = config
        self.seed = seed
        self.state = mid_game(data, edition, options, n, seed)

    @precondition(lambda self: not self.state.is_terminal)
    @rule(data=st.data())
    def legal_move(self, data: st.DataObject) -> None:
        a = data.draw(st.sampled_from(choices(self.state)))
        self.state = try_play(self.state, a)

    @rule(action=ACTIONS)
    def any_action(self, action: Action) -> None:
        self.state = try_play(self.state, action)

    @rule(text=TEXTS)
    def any_text(self, text: str) -> None:
        self.state = try_play(self.state, text)

    @rule(obj=JSONISH)
    def any_json(self, obj: Any) -> None:
        self.state = try_play(self.state, obj, via_json=True)

    @rule()
    def replays(self) -> None:
        again = lifespin.replay(Record.from_state(self.state, self.seed).to_json())
        assert fingerprint(again) == fingerprint(self.state)

    @invariant()
    def conserved(self) -> None:
        if hasattr(self, "state"):
            check_invariants(self.state)


PlayMachine.TestCase.settings = settings(
    max_examples=60, stateful_step_count=40, deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
test_play_machine = PlayMachine.TestCase


# ---------------------------------------------------------------- notation

VALID_ACTIONS = st.builds(
    Action,
    st.from_regex(r"[a-z][a-z0-9_]{0,12}", fullmatch=True),
    st.one_of(st.none(), st.integers(),
              st.from_regex(_NOT_INT, fullmatch=True)),
)


@settings(max_examples=300, deadline=None)
@given(VALID_ACTIONS)
def test_notation_and_json_round_trip(a: Action) -> None:
    assert Action.parse(str(a)) == a
    assert Action.from_json(str(a)) == a
    assert Action.from_json(json.loads(json.dumps(a.to_json()))) == a


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_parse_accepts_notation_or_says_invalid(text: str) -> None:
    try:
        a = Action.parse(text)
    except InvalidActionError as exc:
        assert isinstance(exc, ValueError)
        assert repr(text) in str(exc)
        return
    assert Action.parse(str(a)) == a
    assert isinstance(a.arg, int | str | type(None)) and not isinstance(a.arg, bool)


@settings(max_examples=300, deadline=None)
@given(JSONISH)
def test_from_json_accepts_actions_or_says_invalid(obj: Any) -> None:
    try:
        a = Action.from_json(obj)
    except InvalidActionError as exc:
        assert isinstance(exc, ValueError)
        return
    assert Action.from_json(a.to_json()) == a
    assert isinstance(a.arg, int | str | type(None)) and not isinstance(a.arg, bool)


def test_notation_rejects_embedded_newlines() -> None:
    with pytest.raises(InvalidActionError):
        Action.parse("spin\n:7")
    with pytest.raises(InvalidActionError):
        Action.from_json({"kind": "spin\n"})
    try:
        a = Action.from_json({"kind": "x", "arg": "ab\n"})
    except InvalidActionError:
        return
    assert Action.parse(str(a)) == a
