"""Bot strength and speed: heuristic vs 3 random, easy vs 3 heuristic and
expert vs 3 heuristic win rates (95% Wilson intervals, seats rotated), the
expert's time per decision, and heuristic-only games per second.

    python benchmarks/bench_bots.py [--edition classic] [--random-games 2000]
        [--expert-games 600] [--timing-games 3] [--jobs 2] [--seed 1]

Win rates are per seat a bot fills (a tie for first counts 1/k); the fair
share of a 4-player game is 25%. The intervals of a bot type filling m seats
are Wilson's on the games' shares divided by m (see sim/tournament.py).
Timings are taken in this process, one game at a time, before the
tournaments start, so nothing of ours runs beside them.

The expert departs from the heuristic only where its search is confident,
so the two differ in a few games out of a hundred, and side-by-side win
rates need thousands of games to separate. The paired section plays the
same seeds again with a heuristic in the expert's seat: only the games the
expert changed differ, which measures its edge with far fewer games. With
the defaults the whole run takes about 16 minutes on the 2-core machine,
almost all of it the expert's 600 games.
"""

from __future__ import annotations

import argparse
import math
import statistics
import time

import lifespin
from _common import machine
from lifespin.bots import ExpertBot, HeuristicBot
from lifespin.bots.expert import rollout
from lifespin.rng import Stream
from lifespin.sim.driver import batch_seed, play_state
from lifespin.sim.tournament import TournamentResult, run_tournament


def show(title: str, res: TournamentResult, seconds: float) -> None:
    print(f"### {title}\n")
    print(f"{res.games} games, seats {', '.join(res.seats)} (rotated), seed {res.seed}, "
          f"{seconds:,.0f} s\n")
    print("| bot | seats | win rate | 95% interval | mean worth |")
    print("|---|---|---|---|---|")
    for s in res.standings:
        print(f"| {s.bot} | {s.seats} | {s.win_rate:.1%} | {s.low:.1%} - {s.high:.1%} "
              f"| ${s.mean_worth:,.0f} |")
    print()


def expert_timing(edition: str, games: int, seed: int) -> list[float]:
    times: list[float] = []
    for g in range(games):
        bot = ExpertBot()
        play_state(lifespin.new_game(edition, 4), batch_seed(seed + 7, g),
                   [bot, "heuristic", "heuristic", "heuristic"])
        times.extend(bot.decision_seconds)
    return times


def heuristic_speed(edition: str, seconds: float) -> tuple[float, float]:
    """Games per second, 4 heuristic seats: through views (HeuristicBot, the
    driver's door) and straight from the State (the expert's rollouts)."""
    start = lifespin.new_game(edition, 4)
    bots = [HeuristicBot() for _ in range(4)]
    n = 0
    t0 = time.perf_counter()
    while time.perf_counter() - t0 < seconds:
        play_state(start, batch_seed(5, n), bots)
        n += 1
    via_view = n / (time.perf_counter() - t0)
    n = 0
    t0 = time.perf_counter()
    while time.perf_counter() - t0 < seconds:
        rollout(start, Stream(batch_seed(6, n)), 0)
        n += 1
    return via_view, n / (time.perf_counter() - t0)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--edition", default="classic")
    ap.add_argument("--random-games", type=int, default=2000)
    ap.add_argument("--expert-games", type=int, default=600)
    ap.add_argument("--timing-games", type=int, default=3)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--seconds", type=float, default=5.0)
    args = ap.parse_args()

    print(f"## Bots ({args.edition})\n")
    print(f"Machine: {machine()}; tournaments on {args.jobs} processes.\n")

    times = sorted(expert_timing(args.edition, args.timing_games, args.seed))
    gps_view, gps_state = heuristic_speed(args.edition, args.seconds)
    print("### Speed (one process)\n")
    print("| measure | value |")
    print("|---|---|")
    if times:
        p95 = times[min(len(times) - 1, int(0.95 * len(times)))]
        med = statistics.median(times)
        print(f"| expert decision, median (default budget) | {med * 1000:.0f} ms |")
        print(f"| expert decision, p95 | {p95 * 1000:.0f} ms |")
        print(f"| expert decision, max | {times[-1] * 1000:.0f} ms |")
        print(f"| searched decisions timed | {len(times)} in {args.timing_games} games "
              f"({len(times) / args.timing_games:.1f} per game) |")
    print(f"| heuristic-only games/s (4 HeuristicBots, views) | {gps_view:,.0f} |")
    print(f"| heuristic-only games/s (policy on State, rollouts) | {gps_state:,.0f} |")
    print()

    t0 = time.perf_counter()
    res = run_tournament(args.edition, ["heuristic", "random", "random", "random"],
                         games=args.random_games, seed=args.seed, jobs=args.jobs)
    show("heuristic vs 3 random", res, time.perf_counter() - t0)

    t0 = time.perf_counter()
    res = run_tournament(args.edition, ["easy", "heuristic", "heuristic", "heuristic"],
                         games=args.random_games, seed=args.seed, jobs=args.jobs)
    show("easy vs 3 heuristic", res, time.perf_counter() - t0)

    t0 = time.perf_counter()
    res = run_tournament(args.edition, ["expert", "heuristic", "heuristic", "heuristic"],
                         games=args.expert_games, seed=args.seed, jobs=args.jobs)
    show("expert vs 3 heuristic", res, time.perf_counter() - t0)
    paired(res, args)


def paired(res: TournamentResult, args: argparse.Namespace) -> None:
    """The same games with a heuristic in the expert's seat: same seeds, so
    the same spins until the expert first plays differently. The per-game
    difference in that seat's win share isolates what the expert's choices
    changed, with far less noise than comparing win rates across games."""
    base = run_tournament(args.edition, ["heuristic"] * 4, games=res.games, seed=res.seed,
                          jobs=args.jobs)
    diffs = []
    for with_expert, without in zip(res.results, base.results, strict=True):
        k = with_expert.bots.index("expert")
        diffs.append(float(with_expert.shares[k] - without.shares[k]))
    n = len(diffs)
    mean = statistics.fmean(diffs)
    half = 1.959964 * statistics.stdev(diffs) / math.sqrt(n) if n > 1 else math.inf
    changed = sum(1 for d in diffs if d)
    print("### expert vs heuristic in the same seat, same seeds (paired)\n")
    print(f"{n} games; the expert's seat won {mean:+.1%} more often than a heuristic in the "
          f"same seat with the same luck (95% interval {mean - half:+.1%} to {mean + half:+.1%}); "
          f"the result changed in {changed} games.\n")


if __name__ == "__main__":
    main()
