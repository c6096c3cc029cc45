"""lifespin as a single-agent Gymnasium environment: one seat learns, lifespin
bots play the others.

``LifespinEnv(edition="classic", players=4, seat=0, opponents="heuristic",
options=None, render_mode=None)``; importing this module registers it as
``"lifespin/Life-v0"`` (``gymnasium.make("lifespin/Life-v0", edition="2005")``).
It passes `gymnasium.utils.env_checker.check_env` for every edition
(tests/envs/test_gymnasium.py).

- `opponents`: a bot name for every other seat (``"random"``,
  ``"heuristic"``, ``"knob"``, ``"expert"``, ...: `lifespin.bots.make_bot`),
  or a list of names, one per other seat in seat order.
- Observation: ``Box(float32, (Observer.size,))``, the encoding of
  `lifespin.envs.encode` for the agent's seat (docs/envs.md).
- Action: ``Discrete(ActionSpace.n)``, the numbering of `lifespin.envs.spaces`;
  ``info["action_mask"]`` (int8) and `action_masks()` (bool, the sb3-contrib
  MaskablePPO convention) give the legal ones. The space is a `LegalDiscrete`:
  a `Discrete` whose ``sample()`` without a mask draws among the actions
  legal now, so a random agent plays legal games.
- An action that is not legal now (`illegal`):

  - ``"terminate"`` (the default): the episode ends there, the agent gets
    -1 (PettingZoo's `TerminateIllegalWrapper` convention), ``info["illegal"]``
    holds lifespin's `IllegalActionError` message (the index, its action,
    the situation and the legal ones) and a warning says it too. The
    default because `check_env` steps with an action sampled before a reset,
    without a mask, and because an agent without masks learns from it.
  - ``"raise"``: `step` raises that `IllegalActionError`, changing nothing
    (for debugging, and for agents that always mask).

- `step` plays the agent's action, then chance and the opponents until the
  agent must decide again or the game ends. Reward: 0 until the end, then
  the agent's share of the win (1 alone, 1/k in a k-way tie, 0 otherwise);
  ``terminated`` then. Nothing is truncated (every game ends).

The random streams (the contract the compiled vector env keeps): a game
seeded ``seed`` (``reset(seed=seed)``; ``reset()`` without one goes on from
the last seed, ``derive_seed(seed, 3)``, or picks a fresh one) draws

- chance from ``Stream(seed)``: at each chance node with n equally likely
  outcomes, ``outcomes[next_u64() % n]`` (`lifespin.table.draw_chance`), one
  draw per node, the agent's and the opponents' turns alike;
- seat k's bot decision at move m (`State.move_number` when it decides) from
  its own fresh ``Stream(derive_seed(seed, 1, k, m))``
  (`lifespin.sim.driver.bot_action`, `bot_stream`), so the agent's choices
  never shift an opponent's stream.

These are `lifespin.sim.play_game`'s streams: an agent that plays seat
``seat`` as bot B does (``bot_action(B, state, seed)``) plays the game
``play_game(edition, players, seed, bots)`` plays with B in that seat.

>>> from lifespin.envs.gymnasium import LifespinEnv
>>> env = LifespinEnv("classic", players=3, opponents="random")
>>> obs, info = env.reset(seed=1)
>>> obs.shape == env.observation_space.shape, info["action_mask"].sum()
(True, np.int64(2))
>>> obs, reward, terminated, truncated, info = env.step(0)
>>> reward, terminated
(0.0, False)
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, SupportsFloat

import gymnasium
import numpy as np
from gymnasium import spaces

from ..bots import Bot, make_bot
from ..editions import Edition
from ..errors import GameOverError, IllegalActionError
from ..record import Record
from ..rng import derive_seed
from ..sim.driver import bot_action
from ..table import random_seed
from .game import Game

__all__ = ["ENV_ID", "OBS_BOUND", "LegalDiscrete", "LifespinEnv"]

ENV_ID = "lifespin/Life-v0"
OBS_BOUND = 1000.0
"""The observation Box's bounds (+-): far beyond any scaled value."""


class LegalDiscrete(spaces.Discrete):
    """``Discrete(n)`` whose ``sample()`` with no mask (and no probabilities)
    samples among the actions `legal()` says are legal now, when there are
    any. A pickled copy (another process) samples from all n again."""

    def __init__(self, n: int, legal: Callable[[], np.ndarray] | None = None,
                 seed: int | np.random.Generator | None = None) -> None:
        super().__init__(n, seed=seed)
        self.legal = legal

    def sample(self, mask: Any = None, probability: Any = None) -> np.int64:
        if mask is None and probability is None and self.legal is not None:
            now = self.legal()
            if now.any():
                mask = now
        return super().sample(mask=mask, probability=probability)

    def __deepcopy__(self, memo: dict[int, Any]) -> LegalDiscrete:
        out = LegalDiscrete(int(self.n), self.legal)
        out._np_random = copy.deepcopy(self._np_random, memo)
        return out

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state["legal"] = None
        return state


class LifespinEnv(gymnasium.Env[np.ndarray, np.int64]):
    """One seat of a lifespin game against bots (see the module's docstring)."""

    metadata = {"render_modes": ["human", "ansi"], "render_fps": 4}  # noqa: RUF012

    def __init__(self, edition: str | Path | Edition = "classic", players: int = 4,
                 seat: int = 0, opponents: str | Sequence[str] = "heuristic",
                 options: Mapping[str, Any] | None = None,
                 render_mode: str | None = None, illegal: str = "terminate") -> None:
        if illegal not in ("terminate", "raise"):
            raise ValueError(f"illegal={illegal!r}: use 'terminate' or 'raise'")
        self.illegal = illegal
        self._ended = False
        if render_mode is not None and render_mode not in self.metadata["render_modes"]:
            raise ValueError(f"render_mode {render_mode!r}: use one of "
                             f"{self.metadata['render_modes']} or None")
        self.render_mode = render_mode
        self.game = Game(edition, players, options)
        if not 0 <= seat < players:
            raise ValueError(f"seat {seat}: a {players}-player game has seats 0..{players - 1}")
        self.seat = seat
        others = [opponents] * (players - 1) if isinstance(opponents, str) else list(opponents)
        if len(others) != players - 1:
            raise ValueError(f"{len(others)} opponents for the {players - 1} other seats")
        names = iter(others)
        self.opponents: list[str | None] = [None if k == seat else next(names)
                                            for k in range(players)]
        self.bots: list[Bot | None] = [None if name is None else make_bot(name)
                                       for name in self.opponents]
        self._seeded = False
        self.observation_space = spaces.Box(-OBS_BOUND, OBS_BOUND, (self.game.observer.size,),
                                            np.float32)
        self.action_space = LegalDiscrete(self.game.space.n, self.game.mask)

    # ------------------------------------------------------------ gymnasium

    def reset(self, *, seed: int | None = None, options: dict[str, Any] | None = None
              ) -> tuple[np.ndarray, dict[str, Any]]:
        """A new game (`options` is ignored: house rules are fixed at construction)."""
        super().reset(seed=seed)
        if seed is None:
            seed = derive_seed(self.game.seed, 3) if self._seeded else random_seed()
        self._seeded = True
        self.game.reset(int(seed))
        self._ended = False
        self._play_others()
        return self._obs(), self._info()

    def step(self, action: Any) -> tuple[np.ndarray, SupportsFloat, bool, bool, dict[str, Any]]:
        if self._ended:
            raise GameOverError("the episode ended on an illegal action; reset it")
        try:
            chosen = self.game.check(action)  # raises, changing nothing, if not legal
        except IllegalActionError as err:
            if self.illegal == "raise" or isinstance(err, GameOverError):
                raise
            self._ended = True
            gymnasium.logger.warn(f"illegal action, the episode ends (reward -1): {err}")
            return self._obs(), -1.0, True, False, {**self._info(), "illegal": str(err)}
        self.game.apply(chosen)
        self._play_others()
        over = self.game.over
        reward = self.game.shares()[self.seat] if over else 0.0
        if self.render_mode == "human":
            self.render()
        return self._obs(), reward, over, False, self._info()

    def render(self) -> str | None:
        return self.game.render(self.render_mode, gymnasium.logger.warn)

    # ------------------------------------------------------------ the rest

    def action_masks(self) -> np.ndarray:
        """bool (n,): the legal actions now (sb3-contrib's MaskablePPO reads this)."""
        return self.game.mask_for(self.seat).astype(bool)

    def record(self) -> Record:
        """The game so far as a lifespin record (seed and actions: it replays)."""
        return self.game.record()

    def _play_others(self) -> None:
        """Opponents' decisions (and chance) until the agent decides or the game ends."""
        g = self.game
        while not g.over and g.state.current_player != self.seat:
            s = g.state
            bot = self.bots[s.current_player]
            assert bot is not None
            g.apply(bot_action(bot, s, g.seed))

    def _obs(self) -> np.ndarray:
        return self.game.observation(self.seat)

    def _info(self) -> dict[str, Any]:
        return {"action_mask": self.game.mask_for(self.seat), "seed": self.game.seed,
                "move": self.game.state.move_number}


if ENV_ID not in gymnasium.registry:
    gymnasium.register(id=ENV_ID, entry_point="lifespin.envs.gymnasium:LifespinEnv")
