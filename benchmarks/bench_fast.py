"""The fast engine against the reference: games per CPU second in one run,
per edition and policy (4 players), actions per second, scaling from 1 to 2
threads, and compile time (cold, and loaded from numba's disk cache).

    python benchmarks/bench_fast.py [--rounds 5] [--edition classic ...] [--policy random ...]
    python benchmarks/bench_fast.py --compile-only

Both engines play the same games (the fast engine's game i is the reference's
game i for the same seed; tests/fast/test_differential.py checks it). CPU
time of this process is measured, so time spent waiting for a core on a
shared machine is not counted; rounds alternate between the two engines and
the median ratio of paired rounds is reported.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import lifespin.fast as fast
from _common import machine
from lifespin import new_game
from lifespin.sim.driver import batch_seed, play_state

HERE = Path(__file__).resolve().parent


def reference_round(edition: str, players: int, policy: str, seconds: float,
                    first: int) -> tuple[int, int, float]:
    """Games, actions and CPU seconds of reference games in `seconds`."""
    start = new_game(edition, players)
    bots = [policy] * players
    games = actions = 0
    t0 = time.process_time()
    while True:
        final = play_state(start, batch_seed(0, first + games), bots)
        games += 1
        actions += final.move_number
        elapsed = time.process_time() - t0
        if elapsed >= seconds:
            return games, actions, elapsed


def fast_round(edition: str, players: int, policy: str, games: int, first: int,
               jobs: int = 1) -> tuple[int, int, float, float]:
    """Games, actions, CPU seconds and wall seconds of one fast batch."""
    c0, w0 = time.process_time(), time.perf_counter()
    r = fast.simulate(edition, players, games, seed=0, policy=policy, jobs=jobs, first=first)
    return games, int(r.actions.sum()), time.process_time() - c0, time.perf_counter() - w0


def compile_times() -> tuple[float, float]:
    """Seconds of the first simulate() in a fresh process with an empty numba
    cache (compiling), then in another fresh process with that cache (loading)."""
    code = ("import time; t = time.perf_counter(); import lifespin.fast as f; "
            "f.simulate('classic', 4, 2, seed=0, jobs=1); print(time.perf_counter() - t)")
    with tempfile.TemporaryDirectory() as cache:
        env = {**os.environ, "NUMBA_CACHE_DIR": cache}
        out = []
        for _ in range(2):
            res = subprocess.run([sys.executable, "-c", code], env=env, check=True,
                                 capture_output=True, text=True)
            out.append(float(res.stdout.strip().splitlines()[-1]))
    return out[0], out[1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--edition", action="append")
    ap.add_argument("--policy", action="append")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--seconds", type=float, default=2.0, help="reference seconds a round")
    ap.add_argument("--fast-games", type=int, default=20_000, help="fast games a round")
    ap.add_argument("--compile-only", action="store_true")
    args = ap.parse_args()
    editions = args.edition or ["classic", "2005", "1960"]
    policies = args.policy or ["random", "knob"]
    print(f"## Fast engine against the reference (4 players)\n\nMachine: {machine()}. "
          f"{args.rounds} rounds per row, alternating: the reference for {args.seconds:g} s "
          f"of CPU, then {args.fast_games:,} fast games on one thread. Games per CPU "
          "second (process time); the ratio is the median over rounds of fast/reference.\n")
    if not args.compile_only:
        print("| edition | policy | reference games/s | fast games/s | fast/reference | "
              "fast actions/s | ns per action | actions per game |")
        print("|---|---|---|---|---|---|---|---|")
        for edition in editions:
            for policy in policies:
                fast.simulate(edition, 4, 8, seed=0, policy=policy, jobs=1)  # compiled
                ref, fst, ratios, act, per = [], [], [], [], []
                for k in range(args.rounds):
                    g, _, cpu = reference_round(edition, 4, policy, args.seconds, k * 10_000)
                    ref.append(g / cpu)
                    g2, a2, cpu2, _ = fast_round(edition, 4, policy, args.fast_games,
                                                 k * args.fast_games)
                    fst.append(g2 / cpu2)
                    act.append(a2 / cpu2)
                    per.append(a2 / g2)
                    ratios.append(fst[-1] / ref[-1])
                med = statistics.median
                print(f"| {edition} | {policy} | {med(ref):,.0f} | {med(fst):,.0f} | "
                      f"{med(ratios):.0f}x | {med(act):,.0f} | {1e9 / med(act):.0f} | "
                      f"{med(per):.0f} |")
        print("\n### Threads (classic, random, wall clock)\n")
        print("| threads | games/s (median of rounds) |\n|---|---|")
        for jobs in (1, 2):
            rates = []
            for k in range(args.rounds):
                g, _, _, wall = fast_round("classic", 4, "random", args.fast_games * 2,
                                           k * 100_000, jobs=jobs)
                rates.append(g / wall)
            print(f"| {jobs} | {statistics.median(rates):,.0f} |")
    cold, warm = compile_times()
    print(f"\nCompile time (first `simulate` in a fresh process, classic): {cold:.1f} s with "
          f"an empty numba cache, {warm:.1f} s loading the disk cache.")


if __name__ == "__main__":
    main()
