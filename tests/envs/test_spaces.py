"""The fixed action numbering: every legal action of many random states of
every edition has one index, which gives the same action back; the masks
(the reference's and the compiled one) are the legal set; the same for
chance outcomes."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from tests.envs.games import CASE_IDS, CASES, EDITIONS, playthrough, rules

from lifespin.engine import Action
from lifespin.envs.spaces import action_space, fill_mask, index_of
from lifespin.fast import codes as c
from lifespin.fast import lower as L


@pytest.mark.parametrize(("name", "edition", "players", "options"), CASES, ids=CASE_IDS)
def test_every_legal_action_has_one_index_and_back(name: str, edition: str, players: int,
                                                   options: dict[str, Any]) -> None:
    r = rules(edition, options)
    space = action_space(r, players)
    la = np.empty((int(L.lower_rules(r)[L.R_MAX_LEGAL]), 3), np.int64)
    out = np.empty(space.n, np.int8)
    decisions = chances = 0
    seen: set[int] = set()
    for seed in (1, 2, 3):
        for s in playthrough(edition, players, seed, options):
            cp = s.current_player
            if cp >= 0:
                legal = s.legal_actions()
                idx = [space.index(a, s) for a in legal]
                assert len(set(idx)) == len(idx), (name, s.move_number, legal)
                assert [space.action(i, s) for i in idx] == legal
                mask = space.mask(s)
                assert set(np.nonzero(mask)[0]) == set(idx)
                assert mask.dtype == np.int8 and mask.shape == (space.n,)
                got = fill_mask(L.lower_rules(r), L.lower_state(s), space.lookup, la, out)
                assert got == len(legal)
                assert np.array_equal(out, mask), (name, s.move_number)
                for a, i in zip(legal, idx, strict=True):
                    kind, x, y = space.codes[i]
                    assert kind < c.N_DECISION_KINDS
                    space_ = s.tasks[-1].space if a.kind == "buy_policy" else -1
                    assert c.from_action(r, a, space_) == (kind, x, y)
                seen.update(idx)
                decisions += 1
            elif cp == -1:
                outcomes = s.chance_outcomes()
                for a in outcomes:
                    i = space.chance_index(a)
                    assert space.chance_action(i) == a
                    assert space.chance_codes[i, 0] >= c.N_DECISION_KINDS
                counts = space.chance_mask(s)
                assert counts.sum() == len(outcomes)
                assert set(np.nonzero(counts)[0]) == {space.chance_index(a) for a in outcomes}
                chances += 1
            else:
                assert not space.mask(s).any()
                assert fill_mask(L.lower_rules(r), L.lower_state(s), space.lookup, la, out) == 0
                assert not out.any()
    assert decisions > 50 and chances > 50
    # The numbering is not padded with much that never comes up.
    assert len(seen) > space.n // 5, (len(seen), space.n)


@pytest.mark.parametrize(("name", "edition", "players", "options"), CASES, ids=CASE_IDS)
def test_the_numbering_is_fixed_and_labelled(name: str, edition: str, players: int,
                                             options: dict[str, Any]) -> None:
    r = rules(edition, options)
    space = action_space(r, players)
    assert action_space(r, players) is space
    # Kind order, then arguments, every code once.
    keys = [tuple(int(x) for x in row) for row in space.codes]
    assert keys == sorted(keys) and len(set(keys)) == len(keys)
    ckeys = [tuple(int(x) for x in row) for row in space.chance_codes]
    assert ckeys == sorted(ckeys) and len(set(ckeys)) == len(ckeys)
    assert (space.codes[:, 0] < c.N_DECISION_KINDS).all()
    assert (space.chance_codes[:, 0] >= c.N_DECISION_KINDS).all()
    for i, (kind, a, b) in enumerate(space.codes):
        assert index_of(space.lookup, kind, a, b) == i
    for i, (kind, a, b) in enumerate(space.chance_codes):
        assert index_of(space.lookup, kind, a, b) == i
    labels = space.labels()
    assert len(labels) == space.n and len(set(labels)) == space.n
    text = space.describe()
    assert text.count("\n| ") == space.n + space.n_chance + 2
    assert "`spin`" in text


def test_what_is_not_in_the_space_is_refused() -> None:
    space = action_space("classic", 4)
    assert index_of(space.lookup, c.N_KINDS, 0, 0) == -1
    assert index_of(space.lookup, -1, 0, 0) == -1
    assert index_of(space.lookup, c.A_START, 10_000, 0) == -1
    assert index_of(space.lookup, c.A_BET, 1, 5000) == -1  # no Spin to Win in classic
    assert index_of(space.lookup, c.A_TYCOON, 3, 0) == -1
    with pytest.raises(ValueError, match="fly"):
        space.index(Action("fly"))
    with pytest.raises(ValueError, match="not a decision"):
        space.index(Action("spun", 3))
    with pytest.raises(ValueError, match="not a chance outcome"):
        space.chance_index(Action("spin"))
    with pytest.raises(ValueError, match="numbered 0"):
        space.action(space.n)
    with pytest.raises(ValueError, match="numbered 0"):
        space.chance_action(-1)
    with pytest.raises(ValueError, match="2 to 6 players"):
        action_space("classic", 9)


def test_a_spin_to_win_bet_and_the_misspin_are_numbered() -> None:
    space = action_space("2005", 4)
    sp = next(s for s in rules("2005").spaces if s.effect == "spin_to_win")
    i = space.index(Action("bet", f"3-{sp.bet_step}"))
    assert space.action(i) == Action("bet", f"3-{sp.bet_step}")
    assert index_of(space.lookup, c.A_BET, 3, sp.bet_step + 1) == -1  # not a stake
    spins = action_space(rules("classic", {"wheel_misspins": True}), 2)
    assert spins.chance_action(0) == Action("spun", 0)
    assert action_space("classic", 2).chance_action(0) == Action("spun", 1)


def test_buy_policy_is_numbered_by_its_offering_space() -> None:
    r = rules("1960")
    space = action_space(r, 4)
    offers = [sp for sp in r.spaces if sp.effect == "offer_insurance"]
    assert offers
    for sp in offers:
        a = Action("buy_policy", sp.kind)
        if sum(o.kind == sp.kind for o in offers) == 1:
            assert space.codes[space.index(a)][1] == sp.index
        else:  # a kind offered on several spaces needs the state
            with pytest.raises(ValueError, match="pass the state"):
                space.index(a)
    # Reached in play: the state names the space (also for a kind offered twice).
    reached = 0
    for seed in range(1, 8):
        for s in playthrough("1960", 4, seed):
            if s.current_player >= 0 and s.legal_actions()[0].kind == "buy_policy":
                a = s.legal_actions()[0]
                i = space.index(a, s)
                assert space.codes[i, 1] == s.tasks[-1].space
                assert space.labels()[i].endswith("@" + r.spaces[s.tasks[-1].space].id)
                reached += 1
    assert reached > 0


def test_editions_by_name_path_and_ruleset_agree() -> None:
    by_path = action_space(EDITIONS["weekend"], 3)
    by_rules = action_space(rules("weekend"), 3)
    assert np.array_equal(by_path.codes, by_rules.codes)
