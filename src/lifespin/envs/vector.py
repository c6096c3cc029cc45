"""Many games at once for one agent: a Gymnasium `VectorEnv` over the fast engine.

`LifespinVectorEnv(num_envs, edition, players, seat, opponents, options)`
holds `num_envs` games of the compiled engine (`lifespin.fast`) and steps all
of them in ONE compiled call: the agent's action in each game, then the game
played on (chance from the game's stream, the other seats by fast-engine bots)
until the agent's seat must decide again or the game ends, then the agent's
observation and its legal actions. A step is one decision of the agent in
every game; games that end start again at once (same step autoreset, the
default) or on the next step (next step autoreset); the mode is
``metadata["autoreset_mode"]``.

* Observations: float32 rows of the shared encoding (`envs.encode.Observer`
  of the edition and table size, from the agent's seat), batched
  ``(num_envs, size)``.
* Actions: one index of the shared numbering (`envs.spaces.ActionSpace`) per
  game (``MultiDiscrete``); ``infos["action_mask"]`` and `action_masks()`
  give the legal ones, int8 ``(num_envs, n)``. An illegal index raises
  `ValueError` before any game is stepped.
* Reward: 0 until a game ends, then the agent's share of the win (1, or 1/k
  in a k-way tie, 0 for a loss): its expected win rate is the mean reward per
  game. ``terminated`` marks the game's end; nothing is truncated.
* Same step autoreset: the returned row is already the next game's first
  observation; ``infos["final_obs"]`` (object array, None where the game goes
  on) holds the last observation of the game that ended and
  ``infos["final_info"]`` its ``win_share``, ``worth`` (the agent's final
  count) and ``moves`` (the game's actions, chance outcomes included), each
  with its ``_key`` mask, as `gymnasium.vector.SyncVectorEnv` does.
  Next step autoreset: the step that ends a game returns its last observation
  (every action marked legal: the next step ignores it and starts the next
  game), with ``infos["win_share"]``, ``infos["worth"]`` and ``infos["moves"]``.
* Seeds: ``reset(seed=S)`` starts slot i at game i of the batch seeded S, then
  slot i plays the batch's games i + N, i + 2N, ... (N = num_envs). The
  batch's game g is seeded ``lifespin.sim.batch_seed(S, g)``, chance and bots
  drawing exactly as in `lifespin.fast.simulate` and `lifespin.sim.play_many`:
  if the agent plays the knob policy (`policy_actions("knob")`), slot i's
  first game is ``fast.simulate(..., seed=S, policy="knob")``'s game i, action
  for action. ``reset(options={"first": k})`` starts slot i at game k + i.
  ``reset()`` with no seed goes on with each slot's next game.
* ``copy=False``: every step writes into the same arrays (observations,
  masks, final observations), saving the allocation of new ones (the
  observations of 4096 games are 16 MB a step); what a step returned is then
  overwritten by the next step, as with `gymnasium.vector.SyncVectorEnv`'s
  ``copy=False``. ``threads``: numba threads for this env's steps (default:
  numba's setting; under 64 games a step runs in the calling thread).
* The agent's seat: ``seat=k`` for every game, or ``"rotate"``: slot i's agent
  is seat ``i % players``. Opponents: ``"knob"`` (the default knob set, about
  as strong as the heuristic bot; the fast engine plays no other bot),
  ``"random"``, ``"knob:FILE"``, or a list of such names: one per other seat
  in seat order (as `lifespin.envs.gymnasium.LifespinEnv` takes them), or one
  per seat (the agent's own entry is used only where, rotating, that seat is
  an opponent; with ``seat="rotate"`` a list must name every seat).

Usage (needs the `envs` extra; the first call compiles, or loads numba's
disk cache)::

    env = LifespinVectorEnv(1024, "classic", players=4, opponents="random")
    obs, infos = env.reset(seed=7)
    for _ in range(100):
        actions = env.random_actions()          # or a policy over obs and the mask
        obs, reward, terminated, truncated, infos = env.step(actions)

Speed (benchmarks/bench_vector.py): agent steps per second, one step = one
decision of the agent in one game, all the opponents' decisions and chance
outcomes in between included.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numba
import numpy as np
from gymnasium import spaces as gspaces
from gymnasium.vector import AutoresetMode, VectorEnv
from gymnasium.vector.utils import batch_space

from ..editions import Edition, load_edition
from ..engine.ruleset import Ruleset
from ..fast import FastError, lower_rules, policies_for
from ..fast import codes as c
from ..fast.knob import knob_values
from ..fast.lower import new_state
from . import _vector_kernel as K
from .encode import observer
from .spaces import ActionSpace, action_space

__all__ = ["LifespinVectorEnv", "relative_actions"]

Seat = int | np.integer[Any] | str
_RANDOM, _KNOB = 0, 1
_PARALLEL = 64  # fewer games than this step in one thread


def _ruleset(edition: str | Path | Edition | Ruleset, options: Mapping[str, Any] | None
             ) -> Ruleset:
    if isinstance(edition, Ruleset):
        if options:
            raise ValueError("options go with an edition, not a ruleset")
        return edition
    ed = edition if isinstance(edition, Edition) else load_edition(edition)
    return ed.ruleset(options)


# Decision kinds whose first argument is a seat (fast/codes.py).
_SEAT_KINDS = (c.A_TAKE_FROM, c.A_TRADE_SALARY, c.A_SUE, c.A_PAY_CARD, c.A_TAKE_MONEY,
               c.A_SEND_BACK)


def relative_actions(space: ActionSpace) -> np.ndarray:
    """(players, n) int64: row s maps each decision index to the index of the
    same decision with its seat argument counted from seat s ((a - s) mod
    players; 0 is s itself, 1 the next seat in turn order), the way the
    observation names seats. Decisions that name no seat map to themselves.
    A policy that reads seat-relative observations and writes seat-relative
    logits ``z`` plays seat s with ``z[relative_actions(space)[s]]``."""
    codes = np.asarray(space.codes)
    index = {tuple(int(v) for v in row): i for i, row in enumerate(codes)}
    out = np.tile(np.arange(space.n, dtype=np.int64), (space.players, 1))
    for i, (kind, a, b) in enumerate(codes):
        if int(kind) in _SEAT_KINDS:
            for s in range(space.players):
                out[s, i] = index[(int(kind), (int(a) - s) % space.players, int(b))]
    return out


class LifespinVectorEnv(VectorEnv[np.ndarray, np.ndarray, np.ndarray]):
    """`num_envs` lifespin games stepped together for one agent (see the module)."""

    def __init__(
        self,
        num_envs: int,
        edition: str | Path | Edition | Ruleset = "classic",
        players: int = 4,
        seat: Seat = 0,
        opponents: str | Sequence[str] = "knob",
        options: Mapping[str, Any] | None = None,
        *,
        autoreset_mode: AutoresetMode | str = AutoresetMode.SAME_STEP,
        threads: int | None = None,
        copy: bool = True,
    ) -> None:
        if num_envs < 1:
            raise ValueError(f"num_envs must be at least 1, not {num_envs}")
        rules = _ruleset(edition, options)
        rules.check_players(players, solo=False)
        mode = AutoresetMode(autoreset_mode)
        if mode is AutoresetMode.DISABLED:
            raise ValueError("autoreset_mode must be SAME_STEP or NEXT_STEP (games restart "
                             "on their own)")
        if seat == "rotate":
            seats = np.arange(num_envs, dtype=np.int64) % players
        elif isinstance(seat, int | np.integer) and 0 <= seat < players:
            seats = np.full(num_envs, seat, np.int64)
        else:
            raise ValueError(f"seat must be a seat 0..{players - 1} or 'rotate', not {seat!r}")
        self.rules = rules
        self.players = players
        self.num_envs = num_envs
        self.seats = seats
        self.autoreset_mode = mode
        self.metadata = {"autoreset_mode": mode, "render_modes": []}
        self.threads = threads
        self.copy = copy
        self.space = action_space(rules, players)
        self.observer = observer(rules, players)
        self._R = lower_rules(rules)
        self._S0 = new_state(rules, players)
        self._S = np.tile(self._S0, (num_envs, 1))
        self._meta = np.zeros((num_envs, K.N_META), np.int64)
        self._meta[:, K.M_SEAT] = seats
        if not isinstance(opponents, str):
            names = list(opponents)
            if len(names) == players - 1 and seat != "rotate":
                names.insert(int(seat), "random")  # the agent's seat: never played by it
            opponents = names
        self._policies, self._knobs = policies_for(opponents, players, rules)
        self._codes = np.ascontiguousarray(self.space.codes, np.int64)
        self._lookup = self.space.lookup
        self._batch = np.uint64(0)
        self._seeded = False
        self._draw = np.uint64(0)
        n, size = self.space.n, self.observer.size
        self._obs = np.zeros((num_envs, size), np.float32)
        self._mask = np.zeros((num_envs, n), np.int8)
        self.single_observation_space = gspaces.Box(-np.inf, np.inf, (size,), np.float32)
        self.single_action_space = gspaces.Discrete(n)
        self.observation_space = batch_space(self.single_observation_space, num_envs)
        self.action_space = batch_space(self.single_action_space, num_envs)
        self._knob_rows: dict[str, np.ndarray] = {}
        self._final: np.ndarray | None = None
        self._rows = np.arange(num_envs)

    # ------------------------------------------------------------------ helpers
    def _call(self, parallel: Any, serial: Any, *args: Any) -> None:
        """Run a batch kernel: `parallel` (chunks over the threads) when more
        than one thread and at least `_PARALLEL` games, else `serial` over
        every game in this thread (a parallel region costs a wake-up of every
        thread, which on a busy machine can wait a whole time slice)."""
        threads = min(self.threads or numba.get_num_threads(),
                      numba.config.NUMBA_NUM_THREADS)  # type: ignore[attr-defined]
        chunk = max(1, min(256, self.num_envs // (threads * 8) or 1))
        if threads <= 1 or self.num_envs < _PARALLEL:
            serial(*args, 0, self.num_envs)
            return
        before = numba.get_num_threads()
        if threads != before:
            numba.set_num_threads(threads)
        try:
            parallel(*args, chunk)
        finally:
            if threads != before:
                numba.set_num_threads(before)

    def _buffers(self) -> tuple[np.ndarray, np.ndarray]:
        """Where a step writes the observations and masks: new arrays, or
        (copy=False) the same ones every step."""
        if self.copy:
            return np.empty_like(self._obs), np.empty_like(self._mask)
        return self._obs, self._mask

    def _check(self, errors: np.ndarray, actions: np.ndarray | None) -> None:
        bad = np.nonzero(errors)[0]
        if not bad.size:
            return
        i = int(bad[0])
        err = int(errors[i])
        if err in (K.ERR_ILLEGAL, K.ERR_RANGE) and actions is not None:
            a = int(actions[i])
            what = (f"{a} is not an action index (0..{self.space.n - 1})" if err == K.ERR_RANGE
                    else f"{a} ({self.space.labels()[a]}) is not legal now")
            raise ValueError(f"game slot {i}: action {what}; no game was stepped "
                             f"({bad.size} slots had an illegal action)")
        g = int(self._meta[i, K.M_GAME])
        raise FastError(f"{self.rules.id}: game {g} of batch seed {int(self._batch)} (slot {i}) "
                        f"ended in error {err} (see fast/play.py ERR_*)")

    # ------------------------------------------------------------------ the API
    def reset(
        self, *, seed: int | None = None, options: dict[str, Any] | None = None
    ) -> tuple[np.ndarray, dict[str, Any]]:
        """Start a new game in every slot (see the module for the seeds)."""
        super().reset(seed=seed)
        first = None if options is None else options.get("first")
        if seed is not None:
            self._batch = np.uint64(seed & 0xFFFFFFFFFFFFFFFF)
            self._seeded = True
            first = first or 0
        elif not self._seeded:
            self._batch = np.uint64(int(self.np_random.integers(0, 2**63)))
            self._seeded = True
            first = first or 0
        if first is not None:
            self._meta[:, K.M_GAME] = first + np.arange(self.num_envs) - self.num_envs
        self._draw = np.uint64((int(self._batch) * 0x9E3779B97F4A7C15 + 1) & (2**64 - 1))
        obs, mask = self._buffers()
        errors = np.zeros(self.num_envs, np.int64)
        self._call(K.reset_batch, K.reset_range, self._R, self._S, self._S0, self._meta,
                   self._batch, self._lookup, self._policies, self._knobs, obs, mask, errors)
        self._check(errors, None)
        self._obs, self._mask = obs, mask
        return obs, {"action_mask": mask.copy() if self.copy else mask}

    def step(
        self, actions: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, dict[str, Any]]:
        """One decision of the agent in every game (see the module)."""
        if not self._seeded:
            raise RuntimeError("call reset() before step()")
        acts = np.asarray(actions)
        if acts.shape != (self.num_envs,):
            raise ValueError(f"actions must have shape ({self.num_envs},), not {acts.shape}")
        if acts.dtype != np.int64:
            acts = acts.astype(np.int64)
        n = self.num_envs
        if (acts < 0).any() or (acts >= self.space.n).any():
            self._check(np.where((acts < 0) | (acts >= self.space.n), K.ERR_RANGE, 0), acts)
        ok = self._mask[self._rows, acts]
        if not ok.all():
            self._check(np.where(ok == 0, K.ERR_ILLEGAL, 0), acts)
        same = self.autoreset_mode is AutoresetMode.SAME_STEP
        obs, mask = self._buffers()
        out = np.zeros((n, K.N_OUT), np.float64)
        if not same:
            final = obs
        elif self.copy:
            final = np.empty_like(self._obs)
        else:
            if self._final is None:
                self._final = np.empty_like(self._obs)
            final = self._final
        errors = np.zeros(n, np.int64)
        self._call(K.step_batch, K.step_range, self._R, self._S, self._S0, self._meta,
                   self._batch, same, acts, self._codes, self._lookup, self._policies,
                   self._knobs, obs, mask, out, final, errors)
        self._check(errors, None)
        self._obs, self._mask = obs, mask
        reward = out[:, K.O_REWARD]
        done = out[:, K.O_DONE] != 0
        infos: dict[str, Any] = {"action_mask": mask.copy() if self.copy else mask}
        if done.any():
            share = np.where(done, reward, 0.0)
            worth = np.where(done, out[:, K.O_WORTH], 0.0).astype(np.int64)
            moves = np.where(done, out[:, K.O_MOVES], 0.0).astype(np.int64)
            if same:
                fo = np.full(n, None, dtype=object)
                for i in np.nonzero(done)[0]:
                    fo[i] = final[i]
                infos["final_obs"] = fo
                infos["_final_obs"] = done
                infos["final_info"] = {"win_share": share, "_win_share": done,
                                       "worth": worth, "_worth": done,
                                       "moves": moves, "_moves": done}
                infos["_final_info"] = done
            else:
                infos["win_share"] = share
                infos["_win_share"] = done
                infos["worth"] = worth
                infos["_worth"] = done
                infos["moves"] = moves
                infos["_moves"] = done
        return obs, reward, done, np.zeros(n, bool), infos

    def action_masks(self) -> np.ndarray:
        """The legal actions of every game now, int8 (num_envs, n) (a copy
        unless copy=False)."""
        return self._mask.copy() if self.copy else self._mask

    def random_actions(self) -> np.ndarray:
        """A uniformly random legal action per game (compiled; from a stream
        seeded by the batch seed, so a seeded run repeats)."""
        out = np.empty(self.num_envs, np.int64)
        self._draw = np.uint64(K.sample_masks(self._mask, self._draw, out))
        return out

    def policy_actions(self, policy: str = "knob") -> np.ndarray:
        """The action each game's agent seat would take under a fast-engine
        policy: ``"random"`` (the random bot, drawing from that seat's own
        stream as `sim.play_state` does), ``"knob"`` or ``"knob:FILE"``."""
        kind, _, arg = policy.partition(":")
        row: np.ndarray
        if kind == "random":
            code, row = _RANDOM, np.zeros(1, np.float64)
        elif kind == "knob":
            if policy not in self._knob_rows:
                self._knob_rows[policy] = knob_values(arg or "default", self.rules)
            code, row = _KNOB, self._knob_rows[policy]
        else:
            raise ValueError(f"unknown policy {policy!r}; known: random, knob, knob:FILE")
        out = np.zeros(self.num_envs, np.int64)
        self._call(K.policy_batch, K.policy_range, self._R, self._S, self._meta, code, row,
                   self._lookup, out)
        return out

    def game_seeds(self) -> np.ndarray:
        """Each slot's current game: its index in the batch and its seed
        (``sim.batch_seed(batch seed, index)``), shape (num_envs, 2) uint64."""
        return np.stack([self._meta[:, K.M_GAME].astype(np.uint64),
                         self._meta[:, K.M_SEED].view(np.uint64)], axis=1)

    def fast_states(self) -> np.ndarray:
        """The games' compiled states, one `FastState` row per slot (a copy)."""
        return self._S.copy()

    def __repr__(self) -> str:
        return (f"LifespinVectorEnv({self.rules.id}, players={self.players}, "
                f"num_envs={self.num_envs}, autoreset={self.autoreset_mode.value})")
