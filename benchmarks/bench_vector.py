"""The vector env's speed: agent steps per second (one step = one decision of
the agent in one game, every opponent decision and chance outcome in between
included), per opponent set and thread count, against the number of games
stepped at once, and the single-agent door beside it; then the first call's
compile cost (cold, and loaded from numba's disk cache).

    python benchmarks/bench_vector.py [--envs 2048] [--rounds 3] [--seconds 1]
    python benchmarks/bench_vector.py --no-compile

Classic, 4 players, the agent in seat 0. The agent's actions are uniformly
random legal ones: drawn in compiled code (`LifespinVectorEnv.random_actions`)
or, in the numpy column, in numpy from the mask (a random number per action,
argmax over the legal ones), the Python an agent would add. Wall clock;
median of rounds. The machine's load average is printed: on a shared machine
the 2-thread figures suffer first.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable

import numba
import numpy as np

from _common import machine
from lifespin.envs.vector import LifespinVectorEnv


def numpy_sampler(seed: int) -> Callable[[np.ndarray], np.ndarray]:
    rng = np.random.default_rng(seed)

    def sample(mask: np.ndarray) -> np.ndarray:
        return np.asarray(np.where(mask != 0, rng.random(mask.shape, np.float32), -1.0)
                          .argmax(axis=1), np.int64)

    return sample


def vector_rate(envs: int, opponents: str, threads: int, rounds: int, seconds: float,
                sampler: str, copy: bool = True) -> tuple[float, float]:
    """Median agent steps per wall second and per CPU second of this process
    (all its threads) over `rounds` rounds of about `seconds` each."""
    numba.set_num_threads(threads)
    env = LifespinVectorEnv(envs, "classic", 4, seat=0, opponents=opponents, copy=copy)
    env.reset(seed=1)
    draw = numpy_sampler(1)

    def act() -> np.ndarray:
        return env.random_actions() if sampler == "compiled" else draw(env.action_masks())

    for _ in range(3):
        env.step(act())
    walls, cpus = [], []
    for _ in range(rounds):
        steps = 0
        t0, c0 = time.perf_counter(), time.process_time()
        while True:
            env.step(act())
            steps += envs
            elapsed = time.perf_counter() - t0
            if elapsed >= seconds:
                break
        walls.append(steps / elapsed)
        cpus.append(steps / (time.process_time() - c0))
    return statistics.median(walls), statistics.median(cpus)


def single_rate(rounds: int, seconds: float) -> float | None:
    """The single-agent Gymnasium door's steps/s (random legal actions, 3
    knob bots), if it is installed in this tree."""
    try:
        from lifespin.envs.gymnasium import LifespinEnv  # type: ignore[import-not-found]
    except ImportError:
        return None
    env = LifespinEnv("classic", 4, 0, "knob")
    rng = np.random.default_rng(0)
    _, info = env.reset(seed=0)
    rates = []
    for _ in range(rounds):
        steps = 0
        t0 = time.perf_counter()
        while time.perf_counter() - t0 < seconds:
            mask = info["action_mask"]
            _, _, term, trunc, info = env.step(int(rng.choice(np.flatnonzero(mask))))
            steps += 1
            if term or trunc:
                _, info = env.reset()
        rates.append(steps / (time.perf_counter() - t0))
    return statistics.median(rates)


def compile_times() -> tuple[float, float]:
    """Seconds to build a vector env, reset it and take one step in a fresh
    process: with an empty numba cache (compiling everything: the fast engine,
    the encoding, the vector kernels), then with that cache."""
    code = ("import time; t = time.perf_counter(); "
            "from lifespin.envs.vector import LifespinVectorEnv as V; "
            "e = V(64, 'classic', 4, opponents='knob'); e.reset(seed=0); "
            "e.step(e.random_actions()); e.policy_actions('knob'); "
            "print(time.perf_counter() - t)")
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
    ap.add_argument("--envs", type=int, default=2048, help="games stepped at once")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--seconds", type=float, default=1.0, help="seconds a round")
    ap.add_argument("--no-compile", action="store_true", help="skip the compile timing")
    args = ap.parse_args()
    most = min(2, numba.config.NUMBA_NUM_THREADS)  # type: ignore[attr-defined]
    LifespinVectorEnv(4, "classic", 4).reset(seed=0)  # compiled (or loaded) first
    print(f"## Vector env (classic, 4 players)\n\nMachine: {machine()}; load average "
          f"{os.getloadavg()[0]:.1f} at the start. Agent steps per second, median of "
          f"{args.rounds} rounds of {args.seconds:g} s, {args.envs} games stepped at once, the "
          "agent's actions uniformly random legal ones: per wall-clock second, and per CPU "
          "second of this process (all its threads; what a core gives when the machine is "
          "shared).\n")
    print("| opponents | threads | sampling | agent steps/s (wall) | agent steps per CPU s |")
    print("|---|---|---|---|---|")
    for opponents in ("random", "knob"):
        for threads in range(1, most + 1):
            for sampler in ("compiled", "numpy"):
                wall, cpu = vector_rate(args.envs, opponents, threads, args.rounds,
                                        args.seconds, sampler)
                print(f"| {opponents} | {threads} | {sampler} | {wall:,.0f} | {cpu:,.0f} |",
                      flush=True)
    print("\n### Games stepped at once (knob opponents, 1 thread, compiled sampling)\n")
    print("copy=False: every step writes into the same arrays instead of new ones.\n")
    print("| games | agent steps/s (wall) | agent steps per CPU s | copy=False: steps/s (wall) |")
    print("|---|---|---|---|")
    for envs in (1, 16, 256, 4096):
        wall, cpu = vector_rate(envs, "knob", 1, args.rounds, args.seconds, "compiled")
        reuse, _ = vector_rate(envs, "knob", 1, args.rounds, args.seconds, "compiled", False)
        print(f"| {envs:,} | {wall:,.0f} | {cpu:,.0f} | {reuse:,.0f} |", flush=True)
    single = single_rate(args.rounds, args.seconds)
    if single is not None:
        print(f"\nSingle-agent door (`lifespin.envs.gymnasium.LifespinEnv`, one game, 3 knob "
              f"bots, random legal actions picked in Python): {single:,.0f} agent steps/s.")
    numba.set_num_threads(most)
    print(f"\nLoad average at the end: {os.getloadavg()[0]:.1f}.")
    if not args.no_compile:
        cold, warm = compile_times()
        print(f"\nFirst call (build 64 games, reset, step, a knob pick; {most} threads) in a "
              f"fresh process: {cold:.1f} s with an empty numba cache (the fast engine, the "
              f"encoding and the vector kernels compiled), {warm:.1f} s loading the disk "
              "cache. Under 64 games (or on one thread) a step runs serial kernels, compiled "
              "apart on their first use.")


if __name__ == "__main__":
    main()
