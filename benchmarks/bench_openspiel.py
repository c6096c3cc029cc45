"""The OpenSpiel door's speed: steps (``apply_action``, decisions and chance
outcomes alike) per second of random play through pyspiel, and, in the same
run, the engine's own actions per second on the same games (lifespin's
driver with random bots), with their ratio: what the door costs.

Each step asks the state what OpenSpiel code asks (``is_chance_node``, then
``chance_outcomes`` or ``legal_actions``), picks uniformly (chance by its
exact odds) with Python's `random`, and applies it. One process (one core);
several timed rounds of process CPU time, the median reported.

    python benchmarks/bench_openspiel.py [--edition classic] [--players 4]
        [--rounds 3] [--seconds 3]
"""

from __future__ import annotations

import argparse
import random
import time

import lifespin
import lifespin.envs.openspiel as los
from _common import machine, median
from lifespin.sim.driver import batch_seed, play_state


def door_round(game: los.LifespinGame, seconds: float, seed: int) -> tuple[int, int, float]:
    """Games, steps and CPU seconds of random play through pyspiel."""
    rng = random.Random(seed)
    games = steps = 0
    t0 = time.process_time()
    while True:
        state = game.new_initial_state()
        while not state.is_terminal():
            if state.is_chance_node():
                outcomes = state.chance_outcomes()
                action = rng.choices([a for a, _ in outcomes], [p for _, p in outcomes])[0]
            else:
                legal = state.legal_actions()
                action = legal[rng.randrange(len(legal))]
            state.apply_action(action)
            steps += 1
        games += 1
        elapsed = time.process_time() - t0
        if elapsed >= seconds:
            return games, steps, elapsed


def engine_round(edition: str, players: int, seconds: float, seed: int) -> tuple[int, int, float]:
    """Games, actions and CPU seconds of lifespin's own random play."""
    start = lifespin.new_game(edition, players)
    games = actions = 0
    t0 = time.process_time()
    while True:
        final = play_state(start, batch_seed(seed, games))
        games += 1
        actions += final.move_number
        elapsed = time.process_time() - t0
        if elapsed >= seconds:
            return games, actions, elapsed


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--edition", default="classic")
    ap.add_argument("--players", type=int, default=4)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--seconds", type=float, default=3.0)
    args = ap.parse_args()

    game = los.load(args.edition, args.players)
    door_round(game, 0.2, 99)  # warm up: the numbering's and the encoding's compiled parts
    door, engine, games = [], [], []
    for r in range(args.rounds):  # alternate, so that a noisy neighbour hits both
        g, steps, dt = door_round(game, args.seconds, r)
        door.append(steps / dt)
        games.append(g / dt)
        _, actions, dt = engine_round(args.edition, args.players, args.seconds, r)
        engine.append(actions / dt)
    d, e = median(door), median(engine)
    print(f"## OpenSpiel door speed ({args.edition}, {args.players} players, random play)\n")
    print(f"Machine: {machine()}; one process; {args.rounds} rounds of {args.seconds:g} s "
          "CPU time each, medians.\n")
    print("| door | steps/s | games/s |")
    print("|---|---:|---:|")
    print(f"| OpenSpiel (pyspiel `apply_action`, incl. chance) | {d:,.0f} | "
          f"{median(games):,.1f} |")
    print(f"| engine (`play_state`, random bots) | {e:,.0f} | |")
    print(f"\nThe door runs at {d / e:.2f} x the engine's own speed.")


if __name__ == "__main__":
    main()
