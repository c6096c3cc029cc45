"""The OpenSpiel door (`lifespin.envs.openspiel`): registration, OpenSpiel's own
random simulation checks on every edition, the same checks written out
(serialization, clones, chance odds, legal actions, returns), agreement with
`lifespin.sim.play_game`, and that what a seat observes never changes when
what it cannot see is dealt again."""

from __future__ import annotations

import importlib.util
import json
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np
import pyspiel
import pytest

import lifespin
import lifespin.envs.openspiel as los
from lifespin.record import replay
from lifespin.rng import Stream, derive_seed
from lifespin.sim.stats import win_shares

ROOT = Path(__file__).resolve().parents[2]
WEEKEND = str(ROOT / "docs" / "examples" / "weekend.toml")

# (edition, players, OpenSpiel random simulations): few for the big editions.
EDITIONS = [(WEEKEND, 2, 6), (WEEKEND, 4, 2), ("classic", 4, 1), ("2005", 4, 1),
            ("1960", 2, 2)]


def random_game(game: Any, seed: int) -> list[Any]:
    """Every state of one random game (chance from its exact odds)."""
    rng = np.random.default_rng(seed)
    state = game.new_initial_state()
    states = [state]
    while not state.is_terminal():
        if state.is_chance_node():
            actions, probs = zip(*state.chance_outcomes(), strict=True)
            action = int(rng.choice(actions, p=probs))
        else:
            action = int(rng.choice(state.legal_actions()))
        state = state.child(action)
        states.append(state)
    return states


def test_registered_with_its_type() -> None:
    assert los.GAME_NAME in pyspiel.registered_names()
    game = pyspiel.load_game("python_lifespin")
    t = game.get_type()
    assert t.short_name == "python_lifespin"
    assert t.chance_mode == pyspiel.GameType.ChanceMode.EXPLICIT_STOCHASTIC
    assert t.information == pyspiel.GameType.Information.IMPERFECT_INFORMATION
    assert t.dynamics == pyspiel.GameType.Dynamics.SEQUENTIAL
    assert t.reward_model == pyspiel.GameType.RewardModel.TERMINAL
    assert t.provides_information_state_tensor and t.provides_observation_tensor
    assert game.num_players() == 4
    space = game.action_space
    assert game.num_distinct_actions() == space.n
    assert game.max_chance_outcomes() == space.n_chance
    assert game.max_game_length() == los.game_length_bound(space.rules, 4)
    assert game.observation_tensor_size() == game.observer.size
    assert game.information_state_tensor_size() == game.observer.size
    assert (game.min_utility(), game.max_utility()) == (0.0, 1.0)


@pytest.mark.parametrize(("edition", "players", "sims"), EDITIONS)
def test_openspiel_random_sim_test(edition: str, players: int, sims: int) -> None:
    """OpenSpiel's own checks: legal actions sorted and in range, chance odds
    summing to 1, tensors of the declared shapes, serialization round trips."""
    game = los.load(edition, players)
    pyspiel.random_sim_test(game, num_sims=sims, serialize=True, verbose=False)


@pytest.mark.parametrize(("edition", "players", "options"), [
    (WEEKEND, 2, None), ("classic", 4, None), ("2005", 3, None), ("1960", 2, None),
    ("classic", 2, {"wheel_misspins": True})])
def test_states_serialize_clone_and_sum(edition: str, players: int,
                                        options: dict[str, Any] | None) -> None:
    game = los.load(edition, players, options)
    states = random_game(game, 1)
    assert len(states) - 1 <= game.max_game_length()
    assert all(s.move_number() == i for i, s in enumerate(states))
    n, nc = game.num_distinct_actions(), game.max_chance_outcomes()
    step = max(1, len(states) // 25)
    uneven = 0  # chance nodes whose outcomes are not equally likely (the misspin)
    for state in [*states[::step], states[-1]]:
        # serialization: the same state back, in a game loaded from its string
        text = pyspiel.serialize_game_and_state(game, state)
        game2, back = pyspiel.deserialize_game_and_state(text)
        assert str(game2) == str(game)
        assert back.history() == state.history()
        assert str(back) == str(state)
        assert back.lifespin_state.history == state.lifespin_state.history
        assert back.public_history() == state.public_history()
        if state.is_terminal():
            assert back.returns() == state.returns()
            continue
        for p in range(players):
            assert back.information_state_string(p) == state.information_state_string(p)
            assert back.observation_tensor(p) == state.observation_tensor(p)
        if state.is_chance_node():
            odds = state.chance_probabilities()
            assert sum(f for _, f in odds) == 1
            uneven += len({f for _, f in odds}) > 1
            outs = state.lifespin_state.chance_outcomes()
            for i, f in odds:
                a = game.action_space.chance_action(i)
                assert Fraction(outs.count(a), len(outs)) == f
            floats = state.chance_outcomes()
            assert [i for i, _ in floats] == sorted(i for i, _ in floats)
            assert all(0 <= i < nc for i, _ in floats)
            assert abs(sum(p for _, p in floats) - 1) < 1e-12
            assert state.legal_actions() == [i for i, _ in floats]
        else:
            legal = state.legal_actions()
            assert legal == sorted(set(legal)) and all(0 <= a < n for a in legal)
            engine = [str(a) for a in state.lifespin_state.legal_actions()]
            assert sorted(state.action_to_string(a) for a in legal) == sorted(engine)
            others = [p for p in range(players) if p != state.current_player()]
            assert all(state.legal_actions(p) == [] for p in others)
            # a clone goes its own way
            clone = state.clone()
            before = (str(state), state.history(), state.information_state_string(0))
            clone.apply_action(legal[-1])
            assert (str(state), state.history(), state.information_state_string(0)) == before
            assert clone.history() == [*state.history(), legal[-1]]
    if options:
        assert uneven > 0  # the misspin weighs 1, each number the edition's misspin weight
    final = states[-1]
    shares = win_shares(final.lifespin_state.results())
    assert final.returns() == [float(shares[i]) for i in range(players)]
    assert all(0.0 <= r <= 1.0 for r in final.returns())
    assert sum(final.returns()) in (0.0, 1.0) or abs(sum(final.returns()) - 1.0) < 1e-12


@pytest.mark.parametrize(("edition", "players", "seed"),
                         [(WEEKEND, 3, 5), ("classic", 4, 7), ("2005", 4, 2), ("1960", 3, 4)])
def test_replays_play_game(edition: str, players: int, seed: int) -> None:
    """The game driven with the chance outcomes and decisions of
    `lifespin.sim.play_game` ends where it ends, with its results."""
    record = lifespin.sim.play_game(edition, players, seed)
    final = replay(record, edition)
    game = los.load(edition, players)
    state = game.new_initial_state()
    for text in record.actions:
        state.apply_action(state.action_index(text))
    assert state.is_terminal()
    assert state.lifespin_state.results() == final.results()
    assert [str(a) for a in state.lifespin_state.history] == list(record.actions)
    shares = win_shares(final.results())
    assert state.returns() == [float(shares[i]) for i in range(players)]
    # chance_from_stream draws what lifespin's drivers draw: a random game
    # played with lifespin's streams is `play_game`'s game
    state = game.new_initial_state()
    chance = Stream(seed)
    while not state.is_terminal():
        if state.is_chance_node():
            state.apply_action(state.chance_from_stream(chance))
        else:
            s = state.lifespin_state
            rng = Stream(derive_seed(seed, 1, s.current_player, s.move_number))
            state.apply_action(state.action_index(rng.pick(s.legal_actions())))
    assert state.lifespin_state.results() == final.results()


@pytest.mark.parametrize(("edition", "players"), [("classic", 4), ("2005", 4), (WEEKEND, 2)])
def test_what_a_seat_sees_survives_a_redeal(edition: str, players: int) -> None:
    """Re-dealing what a seat cannot see (the LIFE tiles, the others' Share the
    Wealth cards) changes neither its observation nor its information state;
    and the re-deal does change hidden things (the check is not empty)."""
    game = los.load(edition, players)
    states = random_game(game, 3)
    sampler = np.random.default_rng(0).random
    changed = 0
    for state in states[:: max(1, len(states) // 40)]:
        if state.is_terminal():
            continue
        for seat in range(players):
            other = state.resample_from_infostate(seat, sampler)
            assert other.information_state_string(seat) == state.information_state_string(seat)
            assert other.information_state_tensor(seat) == state.information_state_tensor(seat)
            assert other.observation_string(seat) == state.observation_string(seat)
            assert other.observation_tensor(seat) == state.observation_tensor(seat)
            assert other.current_player() == state.current_player()
            if other.current_player() >= 0:
                assert other.legal_actions() == state.legal_actions()
            hidden = [p.tiles for p in state.lifespin_state.players]
            changed += hidden != [p.tiles for p in other.lifespin_state.players]
    assert changed > 0


def test_no_face_down_value_in_the_information_state() -> None:
    game = los.load("2005", 4)
    states = random_game(game, 4)
    final = states[-1]
    tokens = final.public_history()
    assert len(tokens) == len(final.history())
    kinds = {t.split(":")[1] for t in tokens if t.startswith("c:")}
    assert {"spun", "draw_tile", "draw_wealth"} <= kinds
    for t in tokens:
        if t.startswith(("c:draw_tile", "c:take_tile", "c:draw_wealth", "c:deal_house")):
            assert t.endswith(":?"), t
    for state in states[:: len(states) // 10]:
        for seat in range(4):
            assert "draw_tile:" not in state.information_state_string(seat).replace(
                "draw_tile:?", "")


def test_parameters_round_trip_through_game_strings() -> None:
    options = {"start_cash": 7000, "stall_price": "6000"}
    game = los.load(WEEKEND, 3, options)
    assert game.action_space.rules.start_cash == 7000
    again = pyspiel.load_game(str(game))
    assert str(again) == str(game)
    assert again.action_space.rules.start_cash == 7000
    same = pyspiel.load_game("python_lifespin", {"edition": WEEKEND, "players": 3,
                                                 "options": json.dumps(options)})
    assert str(same) == str(game)
    for name in ("2005", "1960"):
        g = pyspiel.load_game("python_lifespin", {"edition": name, "players": 2})
        assert f"edition='{name}'" in str(g)
        assert pyspiel.load_game(str(g)).action_space.rules.id == g.action_space.rules.id
    with pytest.raises(Exception, match="cannot hold"):
        los.load(WEEKEND, 2, {"stall_price": "6000,7000"})
    with pytest.raises(Exception, match="JSON object"):
        los.load("classic", 4, "[1]")
    with pytest.raises(Exception, match="unknown"):
        los.load("no-such-edition", 4)


def test_illegal_actions_are_refused() -> None:
    game = los.load(WEEKEND, 2)
    state = game.new_initial_state()
    while state.is_chance_node():
        state.apply_action(state.chance_outcomes()[0][0])
    bad = next(a for a in range(game.num_distinct_actions()) if a not in state.legal_actions())
    with pytest.raises(Exception, match="not legal"):
        state.apply_action(bad)
    with pytest.raises(ValueError, match="observes public"):
        game.make_py_observer(pyspiel.IIGObservationType(
            perfect_recall=False, private_info=pyspiel.PrivateInfoType.ALL_PLAYERS))


def test_ismcts_example_runs() -> None:
    path = ROOT / "examples" / "openspiel_ismcts.py"
    spec = importlib.util.spec_from_file_location("openspiel_ismcts", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    out = module.main(["--games", "2", "--simulations", "8"])
    assert out["games"] == 2
    assert 0.0 <= out["low"] <= out["win_share"] <= out["high"] <= 1.0
    assert out["ms_per_move"] > 0
    out = module.main(["--games", "1", "--simulations", "4", "--opponent", "lifespin",
                       "--players", "3"])
    assert out["games"] == 1
