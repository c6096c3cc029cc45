"""The Gymnasium door: Gymnasium's own checker on every edition, games
reproducible from their seed, illegal actions refused clearly, and the
stream contract: an agent playing as a bot plays the simulator's game."""

from __future__ import annotations

import re
import warnings

import gymnasium
import numpy as np
import pytest
from gymnasium.utils.env_checker import check_env
from tests.envs.games import EDITIONS, ROOT

from lifespin.bots import make_bot
from lifespin.envs.gymnasium import ENV_ID, LegalDiscrete, LifespinEnv
from lifespin.errors import GameOverError, IllegalActionError
from lifespin.record import replay
from lifespin.sim import play_game
from lifespin.sim.driver import bot_action

TABLES = [("classic", 4), ("2005", 3), ("1960", 4), ("weekend", 2)]


@pytest.mark.parametrize(("edition", "players"), TABLES, ids=[e for e, _ in TABLES])
def test_gymnasium_check_env_passes(edition: str, players: int) -> None:
    with warnings.catch_warnings():
        # check_env steps with an action sampled before a reset: illegal
        # there, so the episode ends with a warning (the default).
        warnings.simplefilter("ignore", UserWarning)
        check_env(LifespinEnv(EDITIONS[edition], players, opponents="random"))
        made = gymnasium.make(ENV_ID, edition=EDITIONS[edition], players=players,
                              seat=players - 1, opponents="random")
        check_env(made.unwrapped)  # with a spec: the render modes are checked too


def _play(env: LifespinEnv, seed: int, pick: str = "random") -> tuple[list[np.ndarray], float]:
    """Play a game: the agent picks at random from an rng seeded `seed`."""
    rng = np.random.default_rng(seed)
    obs, info = env.reset(seed=seed)
    seen = [obs]
    total = 0.0
    terminated = False
    while not terminated:
        assert np.array_equal(env.action_masks(), info["action_mask"].astype(bool))
        assert env.observation_space.contains(obs)
        action = int(rng.choice(np.flatnonzero(info["action_mask"])))
        obs, reward, terminated, truncated, info = env.step(action)
        assert not truncated
        total += float(reward)
        seen.append(obs)
    return seen, total


def test_a_game_is_reproducible_from_its_seed() -> None:
    a = LifespinEnv("2005", 3, seat=1, opponents=["heuristic", "random"])
    b = LifespinEnv("2005", 3, seat=1, opponents=["heuristic", "random"])
    obs_a, total_a = _play(a, 21)
    obs_b, total_b = _play(b, 21)
    assert len(obs_a) == len(obs_b) > 10
    assert all(np.array_equal(x, y) for x, y in zip(obs_a, obs_b, strict=True))
    assert total_a == total_b == a.game.shares()[1]
    assert a.record() == b.record()
    assert replay(a.record()).history == a.game.state.history
    other, _ = _play(a, 22)
    assert len(other) != len(obs_a) or not all(
        np.array_equal(x, y) for x, y in zip(other, obs_a, strict=True))


@pytest.mark.parametrize("edition", ["classic", "2005", "1960"])
def test_an_agent_playing_as_the_knob_bot_plays_the_simulators_game(edition: str) -> None:
    """The contract the compiled vector env keeps: chance from Stream(seed),
    each bot decision from its own per-seat, per-move stream."""
    players = 3
    knob = make_bot("knob")
    for seat, seed in ((0, 3), (2, 8)):
        env = LifespinEnv(edition, players, seat=seat, opponents="knob")
        _, info = env.reset(seed=seed)
        terminated = False
        while not terminated:
            s = env.game.state
            assert s.current_player == seat
            i = env.game.space.index(bot_action(knob, s, seed), s)
            assert info["action_mask"][i] == 1
            _, reward, terminated, _, info = env.step(i)
        want = play_game(edition, players, seed=seed, bots=["knob"] * players)
        assert env.record().to_json() == want.to_json()
        final = env.game.state.results()
        assert reward == (1 / sum(r["winner"] for r in final)
                          if any(r["winner"] and r["seat"] == seat for r in final) else 0.0)


def test_mixed_opponents_are_seated_in_order() -> None:
    seed = 5
    env = LifespinEnv("classic", 3, seat=1, opponents=["heuristic", "random"])
    assert env.opponents == ["heuristic", None, "random"]
    rand = make_bot("random")
    env.reset(seed=seed)
    terminated = False
    while not terminated:
        s = env.game.state
        _, _, terminated, _, _ = env.step(env.game.space.index(bot_action(rand, s, seed), s))
    want = play_game("classic", 3, seed=seed, bots=["heuristic", "random", "random"])
    assert env.record().to_json() == want.to_json()


def test_an_illegal_action_raises_or_ends_the_episode_clearly() -> None:
    env = LifespinEnv("classic", 2, opponents="random", illegal="raise")
    env.reset(seed=1)
    before = env.game.state
    with pytest.raises(IllegalActionError, match=r"action 2 \(spin\) is not legal now: seat 0 "
                                                 r".* legal: 0 \(start:college\), 1 "):
        env.step(2)
    with pytest.raises(IllegalActionError, match="no action 999"):
        env.step(999)
    assert env.game.state is before
    env.step(0)
    ended = LifespinEnv("classic", 2, opponents="random")
    ended.reset(seed=1)
    with pytest.warns(UserWarning, match="illegal action"):
        _, reward, terminated, truncated, info = ended.step(2)
    assert (reward, terminated, truncated) == (-1.0, True, False)
    assert "action 2 (spin) is not legal now" in info["illegal"]
    with pytest.raises(GameOverError, match="reset"):
        ended.step(0)
    ended.reset(seed=1)
    ended.step(0)
    with pytest.raises(ValueError, match="illegal="):
        LifespinEnv("classic", 2, illegal="ignore")


def test_the_action_space_samples_legal_actions() -> None:
    env = LifespinEnv("1960", 4, opponents="random")
    assert isinstance(env.action_space, LegalDiscrete)
    env.reset(seed=2)
    env.action_space.seed(0)
    for _ in range(40):
        a = env.action_space.sample()
        assert env.action_masks()[a]
        *_, terminated, _, _ = env.step(a)
        if terminated:
            break
    import copy
    import pickle

    twin = copy.deepcopy(env.action_space)
    assert env.action_masks()[twin.sample()] or env.game.over
    plain = pickle.loads(pickle.dumps(env.action_space))
    assert plain.legal is None and 0 <= plain.sample() < env.action_space.n


def test_settings_are_checked() -> None:
    with pytest.raises(ValueError, match=r"seats 0\.\.1"):
        LifespinEnv("classic", 2, seat=2)
    with pytest.raises(ValueError, match="2 opponents for the 1 other"):
        LifespinEnv("classic", 2, opponents=["random", "random"])
    with pytest.raises(ValueError, match="unknown bot"):
        LifespinEnv("classic", 2, opponents="genius")
    with pytest.raises(ValueError, match="render_mode"):
        LifespinEnv("classic", 2, render_mode="rgb_array")


def test_render_says_the_game_in_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    env = LifespinEnv("classic", 2, opponents="random", render_mode="ansi")
    env.reset(seed=1)
    env.step(1)
    text = env.render()
    assert text is not None and "\n" not in text and "cash $" in text
    human = gymnasium.make(ENV_ID, edition="classic", players=2, render_mode="human")
    human.reset(seed=1)
    human.step(1)
    assert "Player 1: start" in capsys.readouterr().out


@pytest.mark.parametrize("doc", ["README.md", "docs/envs.md"])
def test_the_documented_examples_run(doc: str, capsys: pytest.CaptureFixture[str]) -> None:
    text = (ROOT / doc).read_text(encoding="utf-8")
    blocks = [b for b in re.findall(r"```python\n(.*?)```", text, re.S) if "lifespin.envs" in b]
    assert blocks
    for code in blocks:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            exec(compile(code, doc, "exec"), {})
    assert capsys.readouterr().out.strip()
