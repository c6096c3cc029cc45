"""Engine speed: full 4-player games per second per core with random bots, and
actions per second, for each edition. One process (one core); several timed
rounds per edition, the median reported.

    python benchmarks/bench_engine.py [--rounds 7] [--seconds 3] [--edition NAME ...]
"""

from __future__ import annotations

import argparse
import time

import lifespin
from _common import machine, median
from lifespin.sim.driver import batch_seed, play_state


def one_round(
    edition: str, players: int, seconds: float, first_seed: int
) -> tuple[int, int, float]:
    start = lifespin.new_game(edition, players)
    games = actions = 0
    t0 = time.perf_counter()
    while True:
        final = play_state(start, batch_seed(first_seed, games))
        games += 1
        actions += final.move_number
        elapsed = time.perf_counter() - t0
        if elapsed >= seconds:
            return games, actions, elapsed


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=7)
    ap.add_argument("--seconds", type=float, default=3.0)
    ap.add_argument("--edition", nargs="*", default=None, help="default: every edition")
    ap.add_argument("--players", type=int, default=4)
    args = ap.parse_args()
    editions = args.edition or lifespin.available()
    print(f"## Engine speed ({args.players} players, random bots)\n")
    print(f"Machine: {machine()}; one process. {args.rounds} rounds of {args.seconds:g} s "
          "per edition; target: 500 games/s per core (classic).\n")
    print("| edition | games/s per core (median) | min | max | actions/s (median) "
          "| actions per game |")
    print("|---|---|---|---|---|---|")
    for edition in editions:
        one_round(edition, args.players, 0.5, 999)  # warm caches and imports
        gps, aps, apg = [], [], []
        for r in range(args.rounds):
            g, a, dt = one_round(edition, args.players, args.seconds, r)
            gps.append(g / dt)
            aps.append(a / dt)
            apg.append(a / g)
        print(f"| {edition} | {median(gps):,.0f} | {min(gps):,.0f} | {max(gps):,.0f} | "
              f"{median(aps):,.0f} | {median(apg):,.1f} |")


if __name__ == "__main__":
    main()
