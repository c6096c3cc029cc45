"""Engine speed: full 4-player games per second per core with random bots, and
actions per second, for each edition. One process (one core); several timed
rounds per edition, the median reported.

    python benchmarks/bench_engine.py [--rounds 7] [--seconds 3] [--edition NAME ...]
    python benchmarks/bench_engine.py --against REV [--with REV2] [--edition classic]

`--against REV` measures this tree (or revision REV2) and git revision REV
(each checked out in a temporary worktree) in the same run, rounds alternating
between the two in fresh processes, and reports both medians and their ratio:
on a shared, noisy machine only a ratio measured this way says whether a
change made the engine slower. Compare revisions that play the same games (a
rules change makes games longer or shorter, and games/s with them).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import lifespin
from _common import machine, median
from lifespin.sim.driver import batch_seed, play_state


def one_round(
    edition: str, players: int, seconds: float, first_seed: int
) -> tuple[int, int, float]:
    """Games, actions and CPU seconds of one timed round (process CPU time, so
    that time the process waits for a core on a shared machine is not counted)."""
    start = lifespin.new_game(edition, players)
    games = actions = 0
    t0 = time.process_time()
    while True:
        final = play_state(start, batch_seed(first_seed, games))
        games += 1
        actions += final.move_number
        elapsed = time.process_time() - t0
        if elapsed >= seconds:
            return games, actions, elapsed


HERE = Path(__file__).resolve().parent


def _round_in(src: Path, edition: str, players: int, seconds: float, seed: int) -> float:
    """Games per second of one round, run in a fresh process on the code in `src`."""
    env = {**os.environ, "PYTHONPATH": f"{src}{os.pathsep}{HERE}"}
    out = subprocess.run(
        [sys.executable, str(HERE / "bench_engine.py"), "--one-round", edition,
         str(players), str(seconds), str(seed)],
        check=True, capture_output=True, text=True, env=env,
    ).stdout
    return float(json.loads(out)["games_per_second"])


def _git(root: Path, *args: str) -> str:
    return subprocess.run(["git", *args], check=True, capture_output=True, text=True,
                          cwd=root).stdout.strip()


def compare(rev: str, new_rev: str | None, editions: list[str], players: int, rounds: int,
            seconds: float) -> None:
    root = Path(_git(HERE, "rev-parse", "--show-toplevel"))
    short = _git(root, "rev-parse", "--short", rev)
    name = _git(root, "rev-parse", "--short", new_rev) if new_rev else "this tree"
    with tempfile.TemporaryDirectory() as tmp:
        old = Path(tmp) / "old"
        new = Path(tmp) / "new" if new_rev else root
        _git(root, "worktree", "add", "--detach", "-q", str(old), rev)
        if new_rev:
            _git(root, "worktree", "add", "--detach", "-q", str(new), new_rev)
        try:
            print(f"## Engine speed: {name} against {short} ({players} players, random bots)\n")
            print(f"Machine: {machine()}; one process each; {rounds} rounds of {seconds:g} s, "
                  "alternating between the two trees in fresh processes.\n")
            print(f"| edition | {short} games/s (median; best) | {name} games/s (median; best) "
                  f"| {name} / {short}, median of rounds | best / best |")
            print("|---|---|---|---|---|")
            for edition in editions:
                before: list[float] = []
                after: list[float] = []
                for r in range(rounds):
                    before.append(_round_in(old / "src", edition, players, seconds, r))
                    after.append(_round_in(new / "src", edition, players, seconds, r))
                ratios = [a / b for a, b in zip(after, before, strict=True)]
                print(f"| {edition} | {median(before):,.0f}; {max(before):,.0f} | "
                      f"{median(after):,.0f}; {max(after):,.0f} | "
                      f"{median(ratios):.2f} (rounds {min(ratios):.2f}-{max(ratios):.2f}) | "
                      f"{max(after) / max(before):.2f} |")
        finally:
            _git(root, "worktree", "remove", "--force", str(old))
            if new_rev:
                _git(root, "worktree", "remove", "--force", str(new))


def main() -> None:
    if len(sys.argv) == 6 and sys.argv[1] == "--one-round":
        edition, players, seconds, seed = sys.argv[2:]
        one_round(edition, int(players), 0.5, 999)  # warm caches and imports
        g, _, dt = one_round(edition, int(players), float(seconds), int(seed))
        print(json.dumps({"games_per_second": g / dt}))
        return
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=7)
    ap.add_argument("--seconds", type=float, default=3.0)
    ap.add_argument("--edition", nargs="*", default=None, help="default: every edition")
    ap.add_argument("--players", type=int, default=4)
    ap.add_argument("--against", metavar="REV", help="also measure git revision REV, "
                    "alternating rounds, and report the ratio")
    ap.add_argument("--with", dest="new_rev", metavar="REV2",
                    help="with --against: measure revision REV2 instead of this tree")
    args = ap.parse_args()
    editions = args.edition or lifespin.available()
    if args.against:
        compare(args.against, args.new_rev, editions, args.players, args.rounds, args.seconds)
        return
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
