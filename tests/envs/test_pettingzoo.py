"""The PettingZoo door: PettingZoo's own API and seed tests on every edition,
and a game through it that is the simulator's game for the same seed."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from pettingzoo.test import api_test, seed_test
from tests.envs.games import EDITIONS

from lifespin.bots import make_bot
from lifespin.envs.pettingzoo import env, raw_env
from lifespin.errors import GameOverError, IllegalActionError, InvalidActionError
from lifespin.record import replay
from lifespin.sim import play_game
from lifespin.sim.driver import bot_action

TABLES = [("classic", 4), ("classic", 2), ("2005", 4), ("1960", 5), ("weekend", 3)]


@pytest.mark.parametrize(("edition", "players"), TABLES, ids=[f"{e}-{n}" for e, n in TABLES])
def test_pettingzoo_api_test_passes(edition: str, players: int) -> None:
    with warnings.catch_warnings():
        # PettingZoo warns that a dict observation (observation + action
        # mask, its own convention) is not a plain array.
        warnings.simplefilter("ignore", UserWarning)
        api_test(env(EDITIONS[edition], players), num_cycles=400)  # to the end of a game


@pytest.mark.parametrize(("edition", "players"), TABLES, ids=[f"{e}-{n}" for e, n in TABLES])
def test_pettingzoo_seed_test_passes(edition: str, players: int) -> None:
    seed_test(lambda: env(EDITIONS[edition], players), num_cycles=60)


def _random_game(e: raw_env, seed: int) -> None:
    """Every seat plays the simulator's random bot, from its own stream."""
    bot = make_bot("random")
    e.reset(seed=seed)
    g = e.game
    for agent in e.agent_iter():
        obs, _, terminated, truncated, _ = e.last()
        if terminated or truncated:
            e.step(None)
            continue
        assert agent == f"seat_{g.state.current_player}"
        action = bot_action(bot, g.state, seed)
        i = g.space.index(action, g.state)
        assert obs["action_mask"][i] == 1
        e.step(i)


@pytest.mark.parametrize("edition", ["classic", "2005", "1960", "weekend"])
def test_a_game_through_the_env_is_the_simulators_game(edition: str) -> None:
    players = 3
    for seed in (5, 11):
        e = raw_env(EDITIONS[edition], players)
        _random_game(e, seed)
        assert e.agents == []  # every agent finished and was removed
        want = play_game(EDITIONS[edition], players, seed=seed)
        assert e.record().to_json() == want.to_json()
        assert replay(e.record(), EDITIONS[edition]).history == e.game.state.history


def test_rewards_are_the_win_shares_at_the_end() -> None:
    e = raw_env("classic", 2)
    e.reset(seed=3)
    total = {a: 0.0 for a in e.possible_agents}
    rng = np.random.default_rng(0)
    for agent in e.agent_iter():
        obs, reward, terminated, truncated, _ = e.last()
        total[agent] += reward
        if terminated or truncated:
            e.step(None)
            continue
        assert reward == 0.0
        e.step(int(rng.choice(np.flatnonzero(obs["action_mask"]))))
    results = e.game.state.results()
    winners = {r["seat"] for r in results if r["winner"]}
    assert sum(total.values()) == pytest.approx(1.0)
    for seat in range(2):
        assert total[f"seat_{seat}"] == (1.0 / len(winners) if seat in winners else 0.0)


def test_observations_are_the_shared_encoding_and_only_the_decider_has_a_mask() -> None:
    e = raw_env("2005", 4)
    e.reset(seed=1)
    g = e.game
    for _ in range(30):
        cp = g.state.current_player
        for seat, agent in enumerate(e.possible_agents):
            o = e.observe(agent)
            assert np.array_equal(o["observation"], g.observer.observe(g.state, seat))
            want = g.space.mask(g.state) if seat == cp else np.zeros(g.space.n, np.int8)
            assert np.array_equal(o["action_mask"], want)
            assert e.observation_space(agent).contains(o)
        e.step(int(np.flatnonzero(e.observe(e.agent_selection)["action_mask"])[-1]))


def test_an_illegal_action_raises_and_changes_nothing() -> None:
    e = env("classic", 4)
    e.reset(seed=2)
    raw = e.unwrapped
    before = raw.game.state
    legal = set(np.flatnonzero(raw.game.mask()))
    bad = next(i for i in range(raw.game.space.n) if i not in legal)
    with pytest.raises(IllegalActionError, match=rf"action {bad} \(.*\) is not legal now: "
                                                 r"seat 0 .* legal: 0 \(start:college\)"):
        e.step(bad)
    with pytest.raises(IllegalActionError, match=r"numbered 0\.\.168"):
        e.step(10_000)
    with pytest.raises(InvalidActionError):
        e.step("spin")
    assert raw.game.state is before and e.agent_selection == "seat_0"
    e.step(0)
    assert raw.game.state is not before


def test_a_finished_game_refuses_actions_until_reset() -> None:
    e = raw_env(EDITIONS["weekend"], 2)
    _random_game(e, 4)
    with pytest.raises(GameOverError, match="reset"):
        e.game.check(0)
    e.reset(seed=4)
    assert e.agents == e.possible_agents and not any(e.terminations.values())


def test_reset_without_a_seed_goes_on_from_the_last_seed() -> None:
    a, b = raw_env("classic", 3), raw_env("classic", 3)
    a.reset(seed=9)
    b.reset(seed=9)
    a.reset()
    b.reset()
    assert a.game.seed == b.game.seed != 9
    fresh = raw_env("classic", 3)
    fresh.reset()
    assert isinstance(fresh.game.seed, int)


def test_render_describes_the_game_in_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    e = raw_env("classic", 2, render_mode="ansi")
    e.reset(seed=1)
    e.step(0)
    text = e.render()
    assert text is not None and "\n" not in text
    assert text.startswith("move ") and "Player 1: start" in text and "cash $" in text
    h = raw_env("classic", 2, render_mode="human")
    h.reset(seed=1)
    h.step(1)
    assert "Player 1: start" in capsys.readouterr().out
    with pytest.raises(ValueError, match="render_mode"):
        raw_env("classic", 2, render_mode="rgb_array")
