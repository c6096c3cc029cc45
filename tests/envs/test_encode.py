"""The observation encoding: its layout, that it leaks nothing a seat may
not see (re-dealing everything hidden from the seat leaves its observation
unchanged, and a planted leak is caught), that it is not blind (it follows
the public game), that the reference and the compiled engine give the same
numbers, and that docs/envs.md shows the current tables."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
from tests.envs.games import CASE_IDS, CASES, ROOT, playthrough, rules

from lifespin.engine import State
from lifespin.envs import encode as E
from lifespin.envs.encode import encode, obs_size, observer
from lifespin.envs.spaces import action_space
from lifespin.fast import codes as c
from lifespin.fast import kernel as K
from lifespin.fast import lower as L
from lifespin.rng import Stream

Observe = Callable[[State, int], np.ndarray]


def redeal_changes(observe: Observe, state: State, seat: int, draws: int = 3) -> bool:
    """Whether re-dealing what `seat` cannot see changes its observation."""
    x = observe(state, seat)
    return any(not np.array_equal(observe(state.resample(seat, Stream(k)), seat), x)
               for k in range(draws))


def mid_game(edition: str, players: int, options: dict[str, Any], seeds: range,
             per_game: int = 40) -> list[State]:
    """About `per_game` states spread over each game."""
    out: list[State] = []
    for seed in seeds:
        game = playthrough(edition, players, seed, options)
        out.extend(game[3::max(1, len(game) // per_game)])
    return out


@pytest.mark.parametrize(("name", "edition", "players", "options"), CASES, ids=CASE_IDS)
def test_the_layout_is_what_encode_writes(name: str, edition: str, players: int,
                                          options: dict[str, Any]) -> None:
    r = rules(edition, options)
    obs = observer(r, players)
    assert observer(r, players) is obs
    assert obs_size(L.lower_rules(r), players) == obs.size == len(obs.slots)
    names = [s.name for s in obs.slots]
    assert len(set(names)) == len(names)
    assert all(s.scale > 0 and s.meaning for s in obs.slots)
    for s in playthrough(edition, players, 1, options)[::40]:
        for seat in range(players):
            out = np.full(obs.size + 7, np.nan, np.float32)
            assert encode(obs.R, L.lower_state(s), seat, out) == obs.size
            assert not np.isnan(out[: obs.size]).any() and np.isnan(out[obs.size:]).all()
            assert np.abs(out[: obs.size]).max() < 20  # scaled: no raw dollars
    assert obs.index("p0.cash") < obs.index("p1.cash")
    with pytest.raises(KeyError, match="no slot"):
        obs.index("p0.tile_values")


@pytest.mark.parametrize(("name", "edition", "players", "options"), CASES, ids=CASE_IDS)
def test_redealing_what_a_seat_cannot_see_changes_nothing(
        name: str, edition: str, players: int, options: dict[str, Any]) -> None:
    obs = observer(rules(edition, options), players)
    states = mid_game(edition, players, options, range(1, 4))
    assert len(states) > 90
    for s in states:
        for seat in range(players):
            assert not redeal_changes(obs.observe, s, seat), (name, s.move_number, seat)


def _leaky_tiles(obs: E.Observer) -> Observe:
    """A planted leak: the observation plus the values of the seat's own LIFE tiles."""
    values = obs.rules.tile_values

    def observe(s: State, seat: int) -> np.ndarray:
        own = sorted(values[t] for t in s.players[seat].tiles)
        return np.concatenate([obs.observe(s, seat), np.array(own, np.float32) / 1e6])

    return observe


def _leaky_hands(obs: E.Observer) -> Observe:
    """A planted leak: the observation plus the next seat's Share the Wealth hand."""
    def observe(s: State, seat: int) -> np.ndarray:
        other = s.players[(seat + 1) % len(s.players)].hand
        return np.concatenate([obs.observe(s, seat), np.array(sorted(other), np.float32)])

    return observe


@pytest.mark.parametrize(("edition", "leak"), [("classic", _leaky_tiles), ("2005", _leaky_tiles),
                                               ("2005", _leaky_hands)])
def test_a_planted_leak_is_caught(edition: str, leak: Callable[[E.Observer], Observe]) -> None:
    obs = observer(edition, 4)
    leaky = leak(obs)
    caught = sum(redeal_changes(leaky, s, seat)
                 for s in mid_game(edition, 4, {}, range(1, 3), per_game=15) for seat in range(4))
    assert caught > 3


@pytest.mark.parametrize(("name", "edition", "players", "options"), CASES, ids=CASE_IDS)
def test_the_observation_follows_the_public_game(name: str, edition: str, players: int,
                                                 options: dict[str, Any]) -> None:
    r = rules(edition, options)
    obs = observer(r, players)
    states = playthrough(edition, players, 2, options)
    changed = 0
    for before, after in itertools.pairwise(states):
        changed += not np.array_equal(obs.observe(before, 0), obs.observe(after, 0))
    assert changed >= 0.9 * (len(states) - 1), (changed, len(states))
    # What the view shows, the observation says, seat-relative.
    for s in states[::17]:
        for seat in range(players):
            x = obs.observe(s, seat)
            view = s.view(seat)
            for j in range(players):
                pv = view["players"][(seat + j) % players]
                assert x[obs.index(f"p{j}.cash")] == pytest.approx(pv["cash"] / 1e6, rel=1e-6)
                assert x[obs.index(f"p{j}.life_tiles")] == pytest.approx(pv["life_tiles"] / 10)
                on = x[obs.index(f"p{j}.space.{r.spaces[0].id}"):][: len(r.spaces)]
                where = [r.spaces[k].id for k in np.nonzero(on)[0]]
                assert where == ([] if pv["space"] is None else [pv["space"]])
                assert x[obs.index(f"p{j}.start")] == (pv["space"] is None)
                assert x[obs.index(f"p{j}.spouse")] == pv["spouse"]
                if pv["career"] is not None:
                    assert x[obs.index(f"p{j}.career.{pv['career']}")] == 1
            cp = s.current_player
            if cp >= 0:
                assert x[obs.index(f"to_act.p{(cp - seat) % players}")] == 1
                assert x[obs.index(f"task.{c.TASK_NAMES[type_code(s)]}")] == 1
            else:
                assert x[obs.index("to_act.chance" if cp == -1 else "to_act.over")] == 1


def type_code(s: State) -> int:
    return c.TASK_NAMES.index(type(s.tasks[-1]).__name__)


def test_cards_dealt_for_a_choice_are_seen_by_the_chooser_only() -> None:
    obs = observer("classic", 4)
    space = action_space("classic", 4)
    seen = 0
    for seed in range(1, 6):
        for s in playthrough("classic", 4, seed):
            cp = s.current_player
            if cp < 0 or s.legal_actions()[0].kind != "choose_career":
                continue
            offered = {a.arg for a in s.legal_actions() if a.kind == "choose_career"}
            for seat in range(4):
                x = obs.observe(s, seat)
                shown = {car.id for car in obs.rules.careers
                         if x[obs.index(f"offer.career.{car.id}")]}
                assert shown == (offered if seat == cp else set())
            assert space.mask(s).sum() == len(s.legal_actions())
            seen += 1
    assert seen > 3


def test_a_seat_sees_its_own_share_the_wealth_hand_only() -> None:
    obs = observer("2005", 4)
    r = obs.rules
    held = 0
    for s in mid_game("2005", 4, {}, range(1, 4), per_game=60):
        for seat in range(4):
            x = obs.observe(s, seat)
            ids = sorted({w.id for w in r.wealth_cards})
            mine = [x[obs.index(f"own.wealth.{i}")] for i in ids]
            hand = [r.wealth_cards[k].id for k in s.players[seat].hand]
            want = [hand.count(i) for i in ids]
            assert mine == want
            held += sum(want)
            # Everyone sees how many cards each seat holds.
            for j in range(4):
                n = len(s.players[(seat + j) % 4].hand)
                assert x[obs.index(f"p{j}.wealth_cards")] == pytest.approx(n / 10)
    assert held > 0


@pytest.mark.parametrize(("name", "edition", "players", "options"), CASES, ids=CASE_IDS)
def test_the_fast_engine_state_gives_the_same_observation(
        name: str, edition: str, players: int, options: dict[str, Any]) -> None:
    r = rules(edition, options)
    obs = observer(r, players)
    fr = L.lower_rules(r)
    states = playthrough(edition, players, 3, options)
    fs = L.lower_state(states[0])
    top = np.empty(6, np.int64)
    for before, after in itertools.pairwise(states):
        action = after.history[-1] if after.history else None
        assert action is not None
        space = before.tasks[-1].space if action.kind == "buy_policy" else -1
        kind, a, b = c.from_action(r, action, space)
        if before.current_player == -1:
            K.apply_chance(fr, fs, top, a)
        else:
            K.apply_decision(fr, fs, top, kind, a, b)
        for seat in range(players):
            assert np.array_equal(obs.observe_fast(fs, seat), obs.observe(after, seat)), (
                name, after.move_number, seat)


def test_docs_show_the_current_tables() -> None:
    text = (ROOT / "docs" / "envs.md").read_text()
    for block in E.doc_tables():
        assert block in text, ("docs/envs.md is out of date: run "
                               "`python -m lifespin.envs.encode docs/envs.md`")
