"""lifespin as a PettingZoo AEC environment: every seat an agent.

``lifespin.envs.pettingzoo.env(edition="classic", players=4, options=None,
render_mode=None)`` gives the environment wrapped in PettingZoo's
`OrderEnforcingWrapper`; `raw_env` is the bare one. It passes
`pettingzoo.test.api_test` and `seed_test` for every edition
(tests/envs/test_pettingzoo.py).

- Agents: ``"seat_0"`` .. ``"seat_{n-1}"``; `agent_selection` is the seat to
  decide. Chance (spins, draws, deals) is resolved inside the environment
  from ``Stream(seed)`` of ``reset(seed=...)``, one draw per chance node,
  ``outcomes[next_u64() % n]``, exactly as `lifespin.sim` does: the same seed
  and the same decisions give the simulator's game (`record()`).
  ``reset()`` without a seed goes on from the last seed
  (``derive_seed(seed, 3)``), or picks a fresh one if none was ever given.
  `reset`'s ``options`` are ignored: house rules are fixed at construction.
- Observation: ``{"observation": float32 (Observer.size,), "action_mask":
  int8 (ActionSpace.n,)}``, the encoding of `lifespin.envs.encode` (what the
  seat may see; docs/envs.md) and the mask of legal decisions (all 0 for a
  seat that is not deciding).
- Action: ``Discrete(ActionSpace.n)``, the numbering of
  `lifespin.envs.spaces`. An action that is not legal now raises lifespin's
  `IllegalActionError` naming the index, its action, the situation and the
  legal ones (the environment is unchanged); not PettingZoo's
  `TerminateIllegalWrapper` convention: a masked agent never sends one.
- Reward: 0 until the end; then each seat's share of the win (1 for a sole
  winner, 1/k each for k tied winners, 0 for the others). Every agent is
  then terminated; nothing is ever truncated (every game ends).
- ``render_mode``: ``"ansi"`` returns one line of text (the last decision in
  words, what the game waits for, each seat's cash), ``"human"`` prints it.

>>> from lifespin.envs.pettingzoo import env
>>> e = env("classic", players=2)
>>> e.reset(seed=7)
>>> obs, reward, terminated, truncated, info = e.last()
>>> e.agent_selection, obs["action_mask"].sum(), reward
('seat_0', np.int64(2), 0.0)
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any, ClassVar

import numpy as np
from gymnasium import logger, spaces
from pettingzoo import AECEnv
from pettingzoo.utils import wrappers

from ..editions import Edition
from ..record import Record
from ..rng import derive_seed
from ..table import random_seed
from .game import Game

__all__ = ["OBS_BOUND", "env", "raw_env"]

OBS_BOUND = 1000.0
"""The observation Box's bounds (+-): far beyond any scaled value (1000 is
$1,000,000,000 of cash)."""


def env(edition: str | Path | Edition = "classic", players: int = 4,
        options: Mapping[str, Any] | None = None, render_mode: str | None = None) -> AECEnv:
    """The AEC environment, wrapped in PettingZoo's order enforcing wrapper."""
    return wrappers.OrderEnforcingWrapper(raw_env(edition, players, options, render_mode))


class raw_env(AECEnv):  # type: ignore[misc]  # PettingZoo's name; it ships no types
    """The bare AEC environment (see the module's docstring)."""

    metadata: ClassVar[dict[str, Any]] = {"render_modes": ["human", "ansi"],
                                          "name": "lifespin_v0", "is_parallelizable": False}

    def __init__(self, edition: str | Path | Edition = "classic", players: int = 4,
                 options: Mapping[str, Any] | None = None,
                 render_mode: str | None = None) -> None:
        super().__init__()
        if render_mode is not None and render_mode not in self.metadata["render_modes"]:
            raise ValueError(f"render_mode {render_mode!r}: use one of "
                             f"{self.metadata['render_modes']} or None")
        self.render_mode = render_mode
        self.game = Game(edition, players, options)
        self._seeded = False
        n, size = self.game.space.n, self.game.observer.size
        self.possible_agents = [f"seat_{i}" for i in range(players)]
        self.agents = list(self.possible_agents)
        self._action_spaces = {a: spaces.Discrete(n) for a in self.possible_agents}
        self._observation_spaces = {
            a: spaces.Dict({
                "observation": spaces.Box(-OBS_BOUND, OBS_BOUND, (size,), np.float32),
                "action_mask": spaces.MultiBinary(n),
            }) for a in self.possible_agents}
        self._clear()

    def _clear(self) -> None:
        self.agents = list(self.possible_agents)
        self.rewards = {a: 0.0 for a in self.agents}
        self._cumulative_rewards = {a: 0.0 for a in self.agents}
        self.terminations = {a: False for a in self.agents}
        self.truncations = {a: False for a in self.agents}
        self.infos: dict[str, dict[str, Any]] = {a: {} for a in self.agents}
        self.agent_selection = self.agents[0]

    def observation_space(self, agent: str) -> spaces.Space[Any]:
        return self._observation_spaces[agent]

    def action_space(self, agent: str) -> spaces.Space[Any]:
        return self._action_spaces[agent]

    def _seat(self, agent: str) -> int:
        return self.possible_agents.index(agent)

    def observe(self, agent: str) -> dict[str, np.ndarray]:
        seat = self._seat(agent)
        return {"observation": self.game.observation(seat),
                "action_mask": self.game.mask_for(seat)}

    def reset(self, seed: int | None = None, options: dict[str, Any] | None = None) -> None:
        if seed is None:
            seed = derive_seed(self.game.seed, 3) if self._seeded else random_seed()
        self._seeded = True
        self.game.reset(int(seed))
        self._clear()
        self._select()

    def _select(self) -> None:
        cp = self.game.state.current_player
        if cp >= 0:
            self.agent_selection = self.possible_agents[cp]

    def step(self, action: Any) -> None:
        agent = self.agent_selection
        if self.terminations[agent] or self.truncations[agent]:
            self._was_dead_step(action)
            return
        chosen = self.game.check(action)  # raises, changing nothing, if not legal
        self._cumulative_rewards[agent] = 0
        self.game.apply(chosen)
        if self.game.over:
            for a, share in zip(self.agents, self.game.shares(), strict=True):
                self.rewards[a] = share
                self.terminations[a] = True
        else:
            for a in self.agents:
                self.rewards[a] = 0.0
            self._select()
        self._accumulate_rewards()
        if self.render_mode == "human":
            self.render()

    def render(self) -> str | None:
        return self.game.render(self.render_mode, logger.warn)

    def close(self) -> None:
        pass

    def record(self) -> Record:
        """The game so far as a lifespin record (seed and actions: it replays)."""
        return self.game.record()

    def __str__(self) -> str:
        return f"lifespin_v0({self.game.rules.id}, {self.game.players} players)"
