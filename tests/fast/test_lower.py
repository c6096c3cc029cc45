"""Lowering: a ruleset to arrays (or a clear refusal naming the rule the fast
engine lacks), a reference state to a compiled state."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from tests.fast.diff import EDITIONS, state_difference

import lifespin
import lifespin.fast
from lifespin.engine import State
from lifespin.engine.ruleset import Ruleset
from lifespin.fast import codes, lower
from lifespin.fast.lower import UnsupportedRule, lower_rules, lower_state
from lifespin.rng import Stream


def _rules(name: str, options: dict[str, object] | None = None) -> Ruleset:
    return lifespin.load_edition(EDITIONS[name]).ruleset(options)


def _fresh(r: Ruleset, **changes: object) -> Ruleset:
    """A copy of a ruleset with its own (empty) cache, so it is lowered again."""
    return dataclasses.replace(r, cache={}, **changes)  # type: ignore[arg-type]


@pytest.mark.parametrize("name", EDITIONS)
def test_every_edition_lowers_once_to_integer_arrays(name: str) -> None:
    r = _rules(name)
    fr = lower_rules(r)
    assert lower_rules(r) is fr  # kept on the ruleset
    assert fr.dtype == np.int64 and fr.ndim == 1  # one array: two words a call
    v = lower.views(fr)
    for field, arr in zip(v._fields, v, strict=True):
        assert arr.dtype == np.int64, field
        assert arr.base is fr or arr.base is fr.base, field  # views, not copies
    rule = v.rule
    assert rule[lower.R_NSPACES] == len(r.spaces) == v.space.shape[0]
    assert rule[lower.R_NCAREERS] == len(r.careers)
    assert rule[lower.R_NTILES] == len(r.tile_values)
    assert rule[lower.R_START_CASH] == r.start_cash
    assert v.starts.tolist() == list(r.starts)
    effects = [lower.EFFECTS[e] for e in v.space[:, lower.S_EFFECT]]
    assert effects == [sp.effect for sp in r.spaces]
    for i, sp in enumerate(r.spaces):
        assert v.nxt[i, : len(sp.next)].tolist() == list(sp.next)


def test_house_rules_reach_the_arrays() -> None:
    base = lower_rules(_rules("classic"))
    short = lower_rules(_rules("classic", {"loans": "when_short", "wheel_misspins": True,
                                           "occupied_space_rule": False}))
    assert base[lower.R_BORROW_LIMIT] > 0 and short[lower.R_BORROW_LIMIT] == 0
    assert base[lower.R_MISSPIN] == 0 < short[lower.R_MISSPIN]
    assert short[lower.R_SPIN_OUTCOMES] > base[lower.R_SPIN_OUTCOMES]
    assert base[lower.R_OCCUPIED] == 1 and short[lower.R_OCCUPIED] == 0


def test_an_unknown_effect_is_refused_naming_the_space_and_effect() -> None:
    r = _rules("weekend")
    sp = r.spaces[3]
    bad = _fresh(r, spaces=(*r.spaces[:3], dataclasses.replace(sp, effect="teleport"),
                            *r.spaces[4:]))
    with pytest.raises(UnsupportedRule, match=rf"space {sp.id} has effect 'teleport'"):
        lower_rules(bad)
    # simulate refuses it up front, before any game is played
    with pytest.raises(UnsupportedRule, match="teleport"):
        lifespin.fast.simulate(bad, players=2, games=1)


def test_an_effect_the_fast_engine_lacks_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    # As if the compiled interpreter did not run 1960's gamble space.
    monkeypatch.setattr(lower, "EFFECTS", tuple(e for e in lower.EFFECTS if e != "gamble"))
    with pytest.raises(UnsupportedRule, match=r"effect 'gamble', which the fast engine"):
        lower_rules(_fresh(_rules("1960")))


def test_an_unknown_ability_or_setting_is_refused() -> None:
    r = _rules("classic")
    car = next(c for c in r.careers if c.abilities)
    ab = car.abilities[0]
    odd = dataclasses.replace(car, abilities=(dataclasses.replace(ab, trigger="hex"),))
    careers = tuple(odd if c is car else c for c in r.careers)
    with pytest.raises(UnsupportedRule, match=rf"career {car.id} has ability 'hex'"):
        lower_rules(_fresh(r, careers=careers))
    odd = dataclasses.replace(car, abilities=(dataclasses.replace(ab, consecutive="moon"),))
    careers = tuple(odd if c is car else c for c in r.careers)
    with pytest.raises(UnsupportedRule, match="consecutive = 'moon'"):
        lower_rules(_fresh(r, careers=careers))
    with pytest.raises(UnsupportedRule, match="auto_insurance_offer = 'never'"):
        lower_rules(_fresh(r, auto_insurance_offer="never"))
    with pytest.raises(UnsupportedRule, match="16 players"):
        lower_rules(_fresh(r, max_players=16))


@pytest.mark.parametrize("name", EDITIONS)
def test_a_new_game_lowers_to_new_state(name: str) -> None:
    r = _rules(name)
    for n in range(1, r.max_players + 1):
        state = State.initial(r, tuple(f"P{i}" for i in range(n)))
        assert state_difference(lower.new_state(r, n), lower_state(state)) is None


@pytest.mark.parametrize("name", EDITIONS)
def test_a_lowered_state_holds_the_game(name: str) -> None:
    """Mid-game states: the scalars, each seat's holdings, the decks and the
    stack of tasks, read back from the arrays."""
    state = lifespin.new_game(EDITIONS[name], 3)
    stream = Stream(5)
    r = state.rules
    for move in range(400):
        if not state.tasks:
            break
        fs = lower.state_views(lower_state(state))
        g = fs.g
        assert g[lower.G_MOVES] == state.move_number == move
        assert g[lower.G_BANK] == state.bank
        assert g[lower.G_TURN] == state.turn
        assert g[lower.G_SP] == len(state.tasks)
        for j, task in enumerate(state.tasks):
            assert codes.TASK_NAMES[fs.stack[j, 0]] == type(task).__name__
            assert fs.stack[j, 1] == task.seat
        for i, p in enumerate(state.players):
            assert fs.pl[i, lower.PF_CASH] == p.cash
            assert fs.pl[i, lower.PF_SPACE] == p.space
            assert fs.tiles[i, : fs.pl[i, lower.PF_NTILES]].tolist() == list(p.tiles)
            assert fs.stocks[i, : fs.pl[i, lower.PF_NSTOCKS]].tolist() == list(p.stocks)
        assert g[lower.G_NTILE_PILE] == len(state.tile_pile) == fs.tile_in.sum()
        assert g[lower.G_NCAREER] == len(state.career_deck) == fs.career_in[: len(r.careers)].sum()
        state = state.apply(stream.pick(state.chance_outcomes() or state.legal_actions()))


def test_canonical_ignores_only_the_unused_slots() -> None:
    state = lifespin.new_game("classic", 2)
    fs = lower_state(state)
    junk = lower.canonical(fs)
    v = lower.state_views(junk)
    v.stack[int(v.g[lower.G_SP]):] = 7  # past the top of the stack
    v.tiles[0, int(v.pl[0, lower.PF_NTILES]):] = 9  # past seat 0's tiles
    assert state_difference(junk, fs) is None
    v.stack[0, 2] += 1  # a task that is there
    assert state_difference(junk, fs) is not None and "stack" in str(state_difference(junk, fs))


def test_seats_pack_four_bits_each() -> None:
    assert lower.pack(()) == 0
    assert lower.pack((1, 2, 3)) == 1 | 2 << 4 | 3 << 8
    with pytest.raises(UnsupportedRule, match="16 seats in one task"):
        lower.pack(tuple(range(16)))
