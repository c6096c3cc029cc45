"""The research doors' speed: steps per second of the PettingZoo AEC env and
the Gymnasium env, classic, 4 players, a random agent (a uniformly random
legal action from the mask). One process (one core); several timed rounds,
the median reported.

- PettingZoo: a step is one seat's decision (chance runs inside it).
- Gymnasium: a step is the agent's decision, then chance and the three
  random-bot opponents up to its next one; also given as decisions per
  second (the agent's and the opponents').

    python benchmarks/bench_envs.py [--rounds 5] [--seconds 2] [--edition classic]
"""

from __future__ import annotations

import argparse
import time
import warnings

import numpy as np

from _common import machine, median
from lifespin.envs.gymnasium import LifespinEnv
from lifespin.envs.pettingzoo import raw_env


def pettingzoo_round(edition: str, players: int, seconds: float, seed: int) -> tuple[int, float]:
    """Agent steps and CPU seconds of one timed round."""
    env = raw_env(edition, players)
    rng = np.random.default_rng(seed)
    steps = 0
    games = 0
    t0 = time.process_time()
    while time.process_time() - t0 < seconds:
        env.reset(seed=seed + games)
        games += 1
        for _agent in env.agent_iter():
            obs, _, terminated, truncated, _ = env.last()
            if terminated or truncated:
                env.step(None)
                continue
            env.step(int(rng.choice(np.flatnonzero(obs["action_mask"]))))
            steps += 1
    return steps, time.process_time() - t0


def gymnasium_round(edition: str, players: int, seconds: float, seed: int
                    ) -> tuple[int, int, float]:
    """Agent steps, all decisions and CPU seconds of one timed round."""
    env = LifespinEnv(edition, players, opponents="random")
    rng = np.random.default_rng(seed)
    steps = decisions = 0
    games = 0
    t0 = time.process_time()
    while time.process_time() - t0 < seconds:
        _, info = env.reset(seed=seed + games)
        games += 1
        terminated = False
        while not terminated:
            _, _, terminated, _, info = env.step(
                int(rng.choice(np.flatnonzero(info["action_mask"]))))
            steps += 1
        decisions += sum(1 for a in env.game.state.history if not _chance(a.kind))
    return steps, decisions, time.process_time() - t0


def _chance(kind: str) -> bool:
    return kind in {"spun", "draw_tile", "take_tile", "deal_career", "deal_salary",
                    "deal_house", "draw_wealth"}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--seconds", type=float, default=2.0)
    ap.add_argument("--edition", default="classic")
    ap.add_argument("--players", type=int, default=4)
    args = ap.parse_args()
    warnings.simplefilter("ignore")
    # Warm up: compile (or load) the encoder and the mask kernels.
    pettingzoo_round(args.edition, args.players, 0.0, 0)
    gymnasium_round(args.edition, args.players, 0.0, 0)
    pz, gy, dec = [], [], []
    for r in range(args.rounds):
        steps, cpu = pettingzoo_round(args.edition, args.players, args.seconds, 1000 * r)
        pz.append(steps / cpu)
        steps, decisions, cpu = gymnasium_round(args.edition, args.players, args.seconds,
                                                1000 * r)
        gy.append(steps / cpu)
        dec.append(decisions / cpu)
    print(f"# research doors: {args.edition}, {args.players} players, random agent "
          f"({machine()}; median of {args.rounds} rounds of {args.seconds:g} s CPU)")
    print(f"pettingzoo AEC env: {median(pz):,.0f} steps/s (one decision a step; "
          f"{1e6 / median(pz):.0f} us a step)")
    print(f"gymnasium env:      {median(gy):,.0f} steps/s (the agent's decisions; with the "
          f"random opponents' {median(dec):,.0f} decisions/s)")


if __name__ == "__main__":
    main()
