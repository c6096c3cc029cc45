"""The vector env: its games are the simulator's games (the fast engine's and
the reference's, for the same seeds), its observations and masks are the
shared encoding's of the reference state, and Gymnasium's vector API holds."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from gymnasium import spaces as gspaces
from gymnasium.vector import AutoresetMode, VectorEnv

import lifespin
from lifespin.bots import make_bot
from lifespin.engine import CHANCE, State
from lifespin.envs.encode import observer
from lifespin.envs.game import win_shares
from lifespin.envs.spaces import action_space
from lifespin.envs.vector import LifespinVectorEnv
from lifespin.fast import simulate
from lifespin.rng import Stream
from lifespin.sim.driver import batch_seed, bot_action


def _first_games(env: LifespinVectorEnv, policy: str, seed: int) -> dict[str, np.ndarray]:
    """Play every slot's first game with the agent's seat on a fast policy."""
    env.reset(seed=seed)
    n = env.num_envs
    got = {k: np.full(n, -1.0) for k in ("win_share", "worth", "moves")}
    steps = np.zeros(n, np.int64)
    while (got["moves"] < 0).any():
        open_ = got["moves"] < 0
        _, reward, done, trunc, info = env.step(env.policy_actions(policy))
        assert not trunc.any()
        steps += open_
        if done.any():
            fi = info["final_info"]
            assert (fi["_worth"] == done).all() and (info["_final_obs"] == done).all()
            new = done & open_
            for k in got:
                got[k][new] = fi[k][new]
            assert (reward[done] == fi["win_share"][done]).all()
            assert (reward[~done] == 0).all()
    got["steps"] = steps.astype(float)
    return got


@pytest.mark.parametrize(("edition", "policy", "seat"), [
    ("classic", "knob", 0), ("classic", "random", "rotate"), ("classic", "knob", "rotate"),
    ("2005", "knob", "rotate"), ("1960", "random", 2),
])
def test_games_are_the_fast_simulators(edition: str, policy: str, seat: Any) -> None:
    """With the agent's seat played by the same fast policy as the others,
    slot i's first game is `fast.simulate`'s game i: final worth, winners
    and the number of actions."""
    n, seed = 24, 11
    env = LifespinVectorEnv(n, edition, 4, seat=seat, opponents=policy)
    got = _first_games(env, policy, seed)
    ref = simulate(edition, 4, games=n, seed=seed, policy=policy)
    rows = np.arange(n)
    seats = env.seats
    assert (got["worth"] == ref.worth[rows, seats]).all()
    assert (got["moves"] == ref.actions).all()
    shares = np.where(ref.wins[rows, seats], 1.0 / np.maximum(ref.wins.sum(axis=1), 1), 0.0)
    assert np.allclose(got["win_share"], shares)
    assert (got["steps"] > 5).all()  # the agent decided many times in every game


def test_opponents_per_seat_and_knob_file() -> None:
    """Opponents named per seat (a knob file among them) are the simulator's
    policies for those seats."""
    names = ["knob", "random", "knob:default", "random"]
    env = LifespinVectorEnv(16, "classic", 4, seat=0, opponents=names)
    got = _first_games(env, "knob", 5)
    ref = simulate("classic", 4, games=16, seed=5, policy=names)
    assert (got["worth"] == ref.worth[:, 0]).all()
    assert (got["moves"] == ref.actions).all()


def _advance(state: State, agent: int, chance: Stream, bots: list[Any], seed: int) -> State:
    """Play a reference state on as the simulator does until `agent` decides."""
    while state.tasks and state.current_player != agent:
        if state.current_player == CHANCE:
            state = state.apply(chance.pick(state.chance_outcomes()))
        else:
            state = state.apply(bot_action(bots[state.current_player], state, seed))
    return state


@pytest.mark.parametrize(("edition", "opponents"), [("classic", "knob"), ("2005", "random")])
def test_observations_and_masks_are_the_reference_states(edition: str, opponents: str) -> None:
    """Random agent decisions in four games (the agent in every seat): at each
    decision the env's observation and mask are the shared encoding's of the
    reference game played with the same seed and bots, the final observation
    and reward those of the reference's end."""
    n, seed, players = 4, 3, 4
    env = LifespinVectorEnv(n, edition, players, seat="rotate", opponents=opponents)
    space = action_space(env.rules, players)
    obs_of = observer(env.rules, players)
    rng = np.random.default_rng(0)
    obs, info = env.reset(seed=seed)
    refs, chances, seeds = [], [], []
    bots = [make_bot(opponents) for _ in range(players)]
    for i in range(n):
        gseed = batch_seed(seed, i)
        seeds.append(gseed)
        chances.append(Stream(gseed))
        refs.append(_advance(lifespin.new_game(edition, players), int(env.seats[i]), chances[i],
                             bots, gseed))
    assert [int(s) for s in env.game_seeds()[:, 1]] == seeds
    open_ = [True] * n
    checked = 0
    while any(open_):
        mask = info["action_mask"]
        acts = np.zeros(n, np.int64)
        for i in range(n):
            if not open_[i]:
                acts[i] = env.random_actions()[i]
                continue
            seat = int(env.seats[i])
            assert refs[i].current_player == seat
            assert np.array_equal(obs[i], obs_of.observe(refs[i], seat)), f"slot {i}"
            assert np.array_equal(mask[i], space.mask(refs[i])), f"slot {i}"
            acts[i] = rng.choice(np.flatnonzero(mask[i]))
            refs[i] = _advance(refs[i].apply(space.action(int(acts[i]), refs[i])), seat,
                               chances[i], bots, seeds[i])
            checked += 1
        obs, reward, done, _, info = env.step(acts)
        for i in range(n):
            if open_[i] and done[i]:
                assert not refs[i].tasks
                seat = int(env.seats[i])
                assert np.array_equal(info["final_obs"][i], obs_of.observe(refs[i], seat))
                assert reward[i] == win_shares(refs[i])[seat]
                open_[i] = False
            elif open_[i]:
                assert refs[i].tasks
    assert checked > 4 * 20


def test_next_step_autoreset_matches_same_step() -> None:
    """The two autoreset modes play the same games: next step ends a game on
    its last observation (every action marked legal), then starts the next
    game whatever the action, with the first observation same step gave."""
    n = 8
    same = LifespinVectorEnv(n, "classic", 4, seat="rotate", opponents="knob")
    nxt = LifespinVectorEnv(n, "classic", 4, seat="rotate", opponents="knob",
                            autoreset_mode="NextStep")
    assert same.metadata["autoreset_mode"] is AutoresetMode.SAME_STEP
    assert nxt.metadata["autoreset_mode"] is AutoresetMode.NEXT_STEP
    o1, _ = same.reset(seed=9)
    o2, _ = nxt.reset(seed=9)
    pending = np.zeros(n, bool)
    ends = 0
    for _ in range(200):
        # next step: a pending slot's action is ignored; any index will do
        a2 = nxt.policy_actions("knob")
        a2[pending] = 0
        o2, r2, d2, _, i2 = nxt.step(a2)
        waiting = pending.copy()
        pending = d2.copy()
        # same step takes a step only where next step was not resetting
        live = ~waiting
        a1 = same.policy_actions("knob")
        if live.all():
            o1, r1, d1, _, i1 = same.step(a1)
            assert np.array_equal(r1, r2) and np.array_equal(d1, d2)
            for i in np.flatnonzero(d1):
                assert np.array_equal(i1["final_obs"][i], o2[i])
                assert (i2["action_mask"][i] == 1).all()
                assert i2["worth"][i] == i1["final_info"]["worth"][i]
                ends += 1
            assert np.array_equal(o1[~d1], o2[~d1])
        else:
            # the slots that reset now show the first observation same step showed
            assert not d2[waiting].any() and (r2[waiting] == 0).all()
            assert np.array_equal(o2[waiting], o1[waiting])
            assert (i2["action_mask"][waiting] == same.action_masks()[waiting]).all()
            break
    assert ends > 0


def test_spaces_masks_and_api() -> None:
    env = LifespinVectorEnv(6, "classic", 4, seat=1, opponents="random")
    assert isinstance(env, VectorEnv)
    space = action_space("classic", 4)
    size = observer("classic", 4).size
    assert env.single_action_space == gspaces.Discrete(space.n)
    assert env.action_space.shape == (6,)
    assert env.single_observation_space.shape == (size,)
    assert env.observation_space.shape == (6, size)
    obs, info = env.reset(seed=1)
    assert obs.dtype == np.float32 and obs.shape == (6, size)
    assert env.observation_space.contains(obs)
    mask = info["action_mask"]
    assert mask.dtype == np.int8 and mask.shape == (6, space.n)
    assert np.array_equal(env.action_masks(), mask)
    assert (mask.sum(axis=1) >= 1).all()
    for _ in range(30):
        acts = env.random_actions()
        assert env.action_masks()[np.arange(6), acts].all()
        obs, reward, term, trunc, info = env.step(acts)
        assert reward.shape == term.shape == trunc.shape == (6,)
        assert term.dtype == bool and not trunc.any()
    env.close()
    assert env.closed


def test_an_illegal_action_raises_and_steps_nothing() -> None:
    env = LifespinVectorEnv(3, "classic", 4, seat=0, opponents="random")
    obs, info = env.reset(seed=2)
    mask = info["action_mask"]
    bad = env.random_actions()
    bad[1] = int(np.flatnonzero(mask[1] == 0)[0])
    before = env.fast_states()
    with pytest.raises(ValueError, match="slot 1"):
        env.step(bad)
    with pytest.raises(ValueError, match="not an action index"):
        env.step(np.full(3, env.space.n))
    with pytest.raises(ValueError, match="shape"):
        env.step(np.zeros(4, np.int64))
    assert np.array_equal(env.fast_states(), before)
    o2, *_ = env.step(env.random_actions())  # and it goes on
    assert o2.shape == obs.shape


def test_seeds_repeat_and_threads_do_not_matter() -> None:
    import numba

    def run(threads: int | None) -> list[np.ndarray]:
        env = LifespinVectorEnv(96, "classic", 4, seat="rotate", opponents="knob",
                                threads=threads)
        obs, _ = env.reset(seed=21)
        out = [obs]
        for _ in range(40):
            obs, reward, *_ = env.step(env.random_actions())
            out += [obs, reward]
        return out

    a = run(1)
    b = run(min(2, numba.config.NUMBA_NUM_THREADS))
    assert all(np.array_equal(x, y) for x, y in zip(a, b, strict=True))
    env = LifespinVectorEnv(4, "classic", 4, seat=0, opponents="knob")
    o1, _ = env.reset(seed=4)
    o2, _ = env.reset(seed=4)
    assert np.array_equal(o1, o2)
    games = env.game_seeds()[:, 0]
    env.reset()  # no seed: the next games of the batch
    assert list(env.game_seeds()[:, 0]) == [g + 4 for g in games]
    env.reset(seed=4, options={"first": 2})
    assert list(env.game_seeds()[:, 0]) == [2, 3, 4, 5]
    assert int(env.game_seeds()[0, 1]) == batch_seed(4, 2)


def test_bad_arguments() -> None:
    with pytest.raises(ValueError, match="num_envs"):
        LifespinVectorEnv(0)
    with pytest.raises(ValueError, match="seat"):
        LifespinVectorEnv(2, seat=4)
    with pytest.raises(ValueError, match="players"):
        LifespinVectorEnv(2, players=9)
    with pytest.raises(ValueError, match="unknown policy"):
        LifespinVectorEnv(2, opponents="nobody")
    with pytest.raises(ValueError, match="autoreset"):
        LifespinVectorEnv(2, autoreset_mode=AutoresetMode.DISABLED)
    env = LifespinVectorEnv(2)
    with pytest.raises(RuntimeError, match="reset"):
        env.step(np.zeros(2, np.int64))
    env.reset(seed=0)
    with pytest.raises(ValueError, match="unknown policy"):
        env.policy_actions("heuristic")


@pytest.mark.parametrize(("edition", "players"), [("classic", 4), ("2005", 3)])
def test_relative_actions_count_seats_from_the_agent(edition: str, players: int) -> None:
    from lifespin.envs.vector import relative_actions
    from lifespin.fast import codes as c

    space = action_space(edition, players)
    perm = relative_actions(space)
    assert perm.shape == (players, space.n)
    assert (perm[0] == np.arange(space.n)).all()
    seat_kinds = {c.A_TAKE_FROM, c.A_TRADE_SALARY, c.A_SUE, c.A_PAY_CARD, c.A_TAKE_MONEY,
                  c.A_SEND_BACK}
    moved = 0
    for s in range(players):
        assert sorted(perm[s]) == list(range(space.n))  # a permutation
        for i, (kind, a, b) in enumerate(space.codes):
            j = perm[s, i]
            if kind in seat_kinds:
                assert tuple(space.codes[j]) == (kind, (a - s) % players, b)
                moved += j != i
            else:
                assert j == i
    assert moved > 0


def test_opponents_for_the_other_seats_only() -> None:
    """A list of one name per other seat, as the single-agent door takes it."""
    a = LifespinVectorEnv(8, "classic", 4, seat=2, opponents=["knob", "random", "knob"])
    got_a = _first_games(a, "random", 8)
    with pytest.raises(ValueError, match="unknown policy"):
        LifespinVectorEnv(8, "classic", 4, seat=2, opponents=["knob", "random", "x"])
    ref = simulate("classic", 4, games=8, seed=8, policy=["knob", "random", "random", "knob"])
    assert (got_a["worth"] == ref.worth[:, 2]).all()
    with pytest.raises(ValueError, match="3 policies for 4 seats"):
        LifespinVectorEnv(4, "classic", 4, seat="rotate", opponents=["knob"] * 3)


def test_copy_false_reuses_its_arrays_and_plays_the_same_games() -> None:
    a = LifespinVectorEnv(8, "classic", 4, seat="rotate", opponents="knob")
    b = LifespinVectorEnv(8, "classic", 4, seat="rotate", opponents="knob", copy=False)
    oa, _ = a.reset(seed=6)
    ob, ib = b.reset(seed=6)
    first = ob
    ends = 0
    for _ in range(80):
        oa, ra, da, _, ia = a.step(a.policy_actions("knob"))
        ob, rb, db, _, ib = b.step(b.policy_actions("knob"))
        assert ob is first and ib["action_mask"] is b.action_masks()
        assert np.array_equal(oa, ob) and np.array_equal(ra, rb) and np.array_equal(da, db)
        for i in np.flatnonzero(da):
            assert np.array_equal(ia["final_obs"][i], ib["final_obs"][i])
            ends += 1
    assert ends > 0
