"""The advisor and the expert on the fast engine: how precise and how fast.

    python benchmarks/bench_search.py advisor [--decisions 12] [--budget 1.0]
    python benchmarks/bench_search.py expert-time [--decisions 30] [--work 1500000 ...]
    python benchmarks/bench_search.py expert-edge --games 200 [--work 1500000 ...]

`advisor`: typical classic decisions (the first real choice a seat faces
after move 60 of heuristic games, 4 players) answered with the default
budget; per decision the seconds taken, the rollouts per action and the
widest 95% half-interval of an action's difference from the best.

`expert-time`: seconds per searched decision of the expert (median, 95th
percentile) at each `fast_work` budget, on the same kind of decisions.

`expert-edge`: the expert against three heuristic bots, paired with the same
games where a heuristic bot sits in the expert's seat (same seeds, seats
rotated every game): the expert's edge in points of win share, with a 95%
interval, per budget. Each game takes seconds; thousands are needed for a
sharp figure.
"""

from __future__ import annotations

import argparse
import math
import statistics
import time
from concurrent.futures import ProcessPoolExecutor

import numpy as np

import lifespin
from _common import machine
from lifespin.bots import ExpertBot, advise
from lifespin.engine import State
from lifespin.rng import Stream
from lifespin.sim.driver import batch_seed, play_state, worker_context


def decisions(count: int, edition: str = "classic", players: int = 4) -> list[State]:
    """The first state after move 60 of each heuristic game where the seat to
    move has more than one legal action."""
    out: list[State] = []
    seed = 0
    while len(out) < count:
        found = _first_choice(edition, players, seed)
        if found is not None:
            out.append(found)
        seed += 1
    return out


def _first_choice(edition: str, players: int, seed: int) -> State | None:
    found: list[State] = []

    def spot(state: State, action: object) -> None:
        if not found and state.move_number > 60 and len(state.legal_actions()) > 1:
            found.append(state)

    play_state(lifespin.new_game(edition, players), seed, ["heuristic"] * players,
               on_decision=spot)
    return found[0] if found else None


def cmd_advisor(args: argparse.Namespace) -> None:
    states = decisions(args.decisions)
    advise(states[0], states[0].current_player, rollouts=8)  # compiled
    rows = []
    for i, state in enumerate(states):
        seat = state.current_player
        t = time.perf_counter()
        adv = advise(state, seat, seed=i, budget=args.budget)
        dt = time.perf_counter() - t
        half = max((a.diff_high - a.diff_low) / 2 for a in adv)
        rows.append((dt, adv[0].rollouts, half, len(adv), type(state.tasks[-1]).__name__))
    print(f"## The advisor (classic, 4 players; fast engine, knob policy)\n\nMachine: "
          f"{machine()}. {len(rows)} decisions, budget {args.budget:g} s, precision asked "
          "1 point.\n")
    print("| decision | actions | seconds | rollouts per action | widest ± of a difference |")
    print("|---|---|---|---|---|")
    for dt, n, half, k, kind in rows:
        print(f"| {kind} | {k} | {dt:.2f} | {n:,} | {100 * half:.2f} pts |")
    dts = [r[0] for r in rows]
    halves = [r[2] for r in rows]
    print(f"\nMedian {statistics.median(dts):.2f} s; widest difference interval: median "
          f"±{100 * statistics.median(halves):.2f} points, worst ±{100 * max(halves):.2f}; "
          f"{sum(h <= 0.01 + 1e-9 for h in halves)} of {len(rows)} within ±1 point.")


def cmd_expert_time(args: argparse.Namespace) -> None:
    states = decisions(args.decisions)
    print(f"## Expert decision time (classic, 4 players)\n\nMachine: {machine()}. "
          f"{len(states)} decisions; seconds per searched decision.\n")
    print("| fast_work (actions) | median s | p95 s | samples per candidate (median) |")
    print("|---|---|---|---|")
    for work in args.work:
        bot = ExpertBot(fast_work=work)
        samples = []
        for i, state in enumerate(states):
            seat = state.current_player
            bot.act(state.view(seat), state.legal_actions(), Stream(i),
                    lambda rng, s=state, k=seat: s.resample(k, rng), rules=state.rules)
            if bot.last is not None:
                samples.append(bot.last.rounds)
        d = sorted(bot.decision_seconds)
        if not d:
            continue
        p95 = d[min(len(d) - 1, int(0.95 * len(d)))]
        print(f"| {work:,} | {statistics.median(d):.3f} | {p95:.3f} | "
              f"{statistics.median(samples) if samples else 0:,.0f} |")


def _pair(item: tuple[str, int, int, int]) -> float:
    """The expert's share minus a heuristic's in its seat, on one seed."""
    edition, work, seed, index = item
    seat = index % 4
    gseed = batch_seed(seed, index)
    shares = []
    for bot in (ExpertBot(fast_work=work), "heuristic"):
        bots = ["heuristic"] * 4
        bots[seat] = bot  # type: ignore[call-overload]
        final = play_state(lifespin.new_game(edition, 4), gseed, bots)
        rows = final.results()
        winners = [r["seat"] for r in rows if r["winner"]]
        shares.append(1 / len(winners) if seat in winners else 0.0)
    return shares[0] - shares[1]


def cmd_expert_edge(args: argparse.Namespace) -> None:
    print(f"## Expert edge over the heuristic, by budget ({args.edition}, 4 players)\n\n"
          f"Machine: {machine()}. {args.games} paired games per budget (the expert in one "
          "seat, rotated; the same games with a heuristic bot in its seat).\n")
    print("| fast_work (actions) | games | edge (points of win share) | 95% interval |")
    print("|---|---|---|---|")
    for work in args.work:
        items = [(args.edition, work, args.seed, i) for i in range(args.games)]
        with ProcessPoolExecutor(max_workers=args.jobs, mp_context=worker_context()) as pool:
            diffs = list(pool.map(_pair, items))
        d = np.array(diffs)
        mean = float(d.mean())
        half = 1.96 * float(d.std(ddof=1)) / math.sqrt(len(d)) if len(d) > 1 else math.inf
        print(f"| {work:,} | {len(d)} | {100 * mean:+.1f} | "
              f"[{100 * (mean - half):+.1f}, {100 * (mean + half):+.1f}] |", flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    a = sub.add_parser("advisor")
    a.add_argument("--decisions", type=int, default=12)
    a.add_argument("--budget", type=float, default=1.0)
    t = sub.add_parser("expert-time")
    t.add_argument("--decisions", type=int, default=30)
    t.add_argument("--work", type=int, nargs="+", default=[250_000, 1_500_000, 6_000_000])
    e = sub.add_parser("expert-edge")
    e.add_argument("--edition", default="classic")
    e.add_argument("--games", type=int, default=200)
    e.add_argument("--seed", type=int, default=1)
    e.add_argument("--jobs", type=int, default=2)
    e.add_argument("--work", type=int, nargs="+", default=[250_000, 1_500_000])
    args = ap.parse_args()
    {"advisor": cmd_advisor, "expert-time": cmd_expert_time,
     "expert-edge": cmd_expert_edge}[args.cmd](args)


if __name__ == "__main__":
    main()
