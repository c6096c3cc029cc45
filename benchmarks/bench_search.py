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
import json
import math
import statistics
import time
import zlib
from concurrent.futures import ProcessPoolExecutor
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np

import lifespin
from _common import machine
from bot_strength import DEALS, dealt_shares
from lifespin.bots import ExpertBot, advise, make_bot
from lifespin.engine import CHANCE, State
from lifespin.rng import Stream, derive_seed
from lifespin.sim.driver import batch_seed, play_state, worker_context

HERE = Path(__file__).resolve().parent


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


def play_keyed(state: State, seed: int, bots: list[Any]) -> State:
    """Play `state` to the end as `play_state` does, with the luck keyed
    instead of in one sequence: the n-th chance node of a kind (spin, tile
    draw, career deal, ...) on seat k's task draws from its own stream
    (seed, kind, k, n), and seat k's n-th decision from (seed, k, n).

    Every draw is still a fresh uniform number, so each game is an ordinary
    random game; but when the expert's seat chooses differently from the
    heuristic's, everybody's later spins and draws stay the same in the two
    games of a pair instead of shifting along one stream: common random
    numbers kept in step, so the paired difference measures the choices
    with far less of the luck (a variance reduction; the expectation is the
    same)."""
    seat_bots = [make_bot(b) if isinstance(b, str) else b for b in bots]
    counts: dict[tuple[int, int], int] = {}
    decided = [0] * len(seat_bots)
    while state.tasks:
        cp = state.current_player
        if cp == CHANCE:
            outcomes = state.chance_outcomes()
            kind = zlib.crc32(outcomes[0].kind.encode())
            owner = getattr(state.tasks[-1], "seat", -1)
            key = (kind, owner)
            n = counts.get(key, 0)
            counts[key] = n + 1
            action = Stream(derive_seed(seed, 7, kind, owner + 1, n)).pick(outcomes)
        else:
            bot = seat_bots[cp]
            legal = state.legal_actions()
            view = state.view(cp) if bot.needs_view else None
            rng = Stream(derive_seed(seed, 8, cp, decided[cp]))
            decided[cp] += 1
            if getattr(bot, "wants_resample", False):
                action = bot.act(view, legal, rng, partial(state.resample, cp), rules=state.rules)
            else:
                action = bot.act(view, legal, rng, rules=state.rules)
        state = state.apply(action)
    return state


def _pair(item: tuple[str, int, int, int, str]) -> dict[str, object]:
    """The expert's share minus a heuristic's in its seat, on one seed: as the
    game ended, and averaged over re-deals of the face-down tiles' values
    (`bot_strength.dealt_shares`: the same expectation, less of the tiles'
    luck, since nothing in play depends on a tile's value). `luck`: "stream"
    (`play_state`, the simulator's one chance stream) or "keyed"
    (`play_keyed`)."""
    edition, work, seed, index, luck = item
    seat = index % 4
    gseed = batch_seed(seed, index)
    raw, dealt = [], []
    seconds, searched = 0.0, 0
    for bot in (ExpertBot(fast_work=work), "heuristic"):
        bots: list[Any] = ["heuristic"] * 4
        bots[seat] = bot
        start = lifespin.new_game(edition, 4)
        final = (play_keyed(start, gseed, bots) if luck == "keyed"
                 else play_state(start, gseed, bots))
        rows = final.results()
        winners = [r["seat"] for r in rows if r["winner"]]
        raw.append(1 / len(winners) if seat in winners else 0.0)
        dealt.append(dealt_shares(final, DEALS, gseed)[seat])
        if isinstance(bot, ExpertBot):
            seconds, searched = sum(bot.decision_seconds), len(bot.decision_seconds)
    return {"work": work, "i": index, "seed": gseed, "luck": luck, "raw": raw[0] - raw[1],
            "dealt": round(dealt[0] - dealt[1], 6), "searched": searched,
            "seconds": round(seconds, 3)}


def _read_edges(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        return []
    rows = []
    for no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            rows.append(json.loads(line))
        except ValueError as exc:
            raise ValueError(f"{path}:{no}: not an expert-edge record: {line[:80]!r}") from exc
    return rows


def _interval(values: list[float]) -> tuple[float, float]:
    """Mean and 95% half-width (normal approximation) of paired differences."""
    d = np.array(values, dtype=float)
    half = 1.96 * float(d.std(ddof=1)) / math.sqrt(len(d)) if len(d) > 1 else math.inf
    return float(d.mean()), half


def cmd_expert_edge(args: argparse.Namespace) -> None:
    """Plays the paired games budget by budget, index by index (so that a run
    stopped at any time has about as many games per budget), appending each
    pair to `--out`; a rerun with the same file goes on where it stopped."""
    out = Path(args.out)
    done = {(r["work"], r["i"]) for r in _read_edges(out) if r.get("luck", "stream") == args.luck}
    items = [(args.edition, work, args.seed, i, args.luck) for i in range(args.games)
             for work in args.work if (work, i) not in done]
    with (ProcessPoolExecutor(max_workers=args.jobs, mp_context=worker_context()) as pool,
          out.open("a", encoding="utf-8") as f):
        for row in pool.map(_pair, items):
            f.write(json.dumps(row) + "\n")
            f.flush()
    cmd_edge_report(args)


def cmd_edge_report(args: argparse.Namespace) -> None:
    """The table (and, with --plot, the picture) of the edge by budget."""
    rows = [r for r in _read_edges(Path(args.out)) if r.get("luck", "stream") == args.luck]
    by: dict[int, list[dict[str, Any]]] = {}
    for r in rows:
        by.setdefault(int(r["work"]), []).append(r)
    print(f"## Expert edge over the heuristic, by budget ({args.edition}, 4 players)\n\n"
          f"Machine: {machine()}. Paired games: the expert in one seat (rotated every game) "
          "against three heuristic bots, and the same seed with a heuristic bot in its seat. "
          "The edge is the expert's win share minus the heuristic's, in points, with a 95% "
          f"interval; 'tiles re-dealt' averages each game over {DEALS} deals of the face-down "
          "LIFE tiles' values (the same expectation, less noise). Luck: "
          + ("keyed (`play_keyed`: each seat's n-th spin or draw of a kind from its own "
             "stream, so the two games of a pair keep the same luck after they part)"
             if args.luck == "keyed" else "the simulator's one chance stream (`play_state`)")
          + ".\n")
    print("| fast_work (actions) | games | edge as played | edge, tiles re-dealt | "
          "searched decisions a game | seconds a searched decision |")
    print("|---|---|---|---|---|---|")
    table = []
    for work in sorted(by):
        rs = by[work]
        m_raw, h_raw = _interval([r["raw"] for r in rs])
        m, h = _interval([r["dealt"] for r in rs])
        searched = sum(r["searched"] for r in rs)
        per = sum(r["seconds"] for r in rs) / searched if searched else 0.0
        table.append((work, len(rs), m, h))
        print(f"| {work:,} | {len(rs)} | {100 * m_raw:+.1f} [{100 * (m_raw - h_raw):+.1f}, "
              f"{100 * (m_raw + h_raw):+.1f}] | {100 * m:+.1f} [{100 * (m - h):+.1f}, "
              f"{100 * (m + h):+.1f}] | {searched / len(rs):.1f} | {per:.3f} |")
    if args.plot and table:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        fig, ax = plt.subplots(figsize=(6, 3.6))
        xs = [t[0] for t in table]
        ax.errorbar(xs, [100 * t[2] for t in table], yerr=[100 * t[3] for t in table],
                    fmt="o-", capsize=4)
        ax.axhline(0, color="grey", lw=0.8)
        ax.set_xscale("log")
        ax.set_xlabel("search budget (simulated actions per decision)")
        ax.set_ylabel("edge over heuristic (points)")
        ax.set_title(f"Expert vs heuristic, {args.edition}, 4 players (95% intervals)")
        fig.tight_layout()
        fig.savefig(args.plot, dpi=110)
        print(f"\n![The expert's edge against its budget]({Path(args.plot).name})")


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
    e.add_argument("--work", type=int, nargs="+",
                   default=[100_000, 300_000, 1_000_000, 3_000_000])
    e.add_argument("--out", default=str(HERE / "expert_edge.jsonl"))
    e.add_argument("--luck", choices=("stream", "keyed"), default="keyed")
    e.add_argument("--plot", default=str(HERE / "expert_edge.png"))
    r = sub.add_parser("edge-report")
    r.add_argument("--edition", default="classic")
    r.add_argument("--out", default=str(HERE / "expert_edge.jsonl"))
    r.add_argument("--luck", choices=("stream", "keyed"), default="keyed")
    r.add_argument("--plot", default=str(HERE / "expert_edge.png"))
    args = ap.parse_args()
    {"advisor": cmd_advisor, "expert-time": cmd_expert_time,
     "expert-edge": cmd_expert_edge, "edge-report": cmd_edge_report}[args.cmd](args)


if __name__ == "__main__":
    main()
