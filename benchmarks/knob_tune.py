"""Tune the knob policy with the fast engine, and measure it against the heuristic.

    python benchmarks/knob_tune.py tune --edition classic [--games 2000] [--rounds 2]
                                        [--seed 1] [--start default] [--out knobs.toml]
    python benchmarks/knob_tune.py versus --edition classic [--games 400] [--jobs 2]
                                          [--knobs knob] [--other heuristic]

`tune`: coordinate search over the knobs of one edition. For each knob in
turn, each value of its grid (money scaled by the edition's loan, spaces by
its longest road to retirement) is tried in one seat against three copies of
the current best, the candidate rotated through the four seats, over the same
`--games` game seeds for every value (common random numbers). A set played
against three copies of itself wins exactly 1/4 (ties shared), so a value is
kept when it beats 1/4 by more than two standard errors of its per-seed
mean. Each round draws fresh seeds (no tuning to one set of games). Prints
the edition's ``[edition.<id>]`` table (the knobs that differ from the
generic defaults, and the forks) for knobs/default.toml, and writes it to
`--out` if given.

`versus`: the strength that counts, in the reference engine: one knob seat
against three `--other` seats, and one `--other` against three knob seats,
seats rotated every game (`sim.run_tournament`), win rates with 95% Wilson
intervals; a tie for first counts 1/k; the fair share is 25%. `--paired`
also plays the same seeds with one bot in every seat and gives the lone
bot's gain over the bot whose seat it took (mean difference of that seat's
share, 95% normal interval): seat luck, strong in short editions, cancels.
"""

from __future__ import annotations

import argparse
import math
import time
from pathlib import Path

import numba
import numpy as np

from lifespin.editions import load_edition
from lifespin.engine.ruleset import Ruleset
from lifespin.fast import lower
from lifespin.fast import play as _play
from lifespin.fast.knob import FORK_FIELDS, KNOBS, N_GENERIC, NEVER, knob_values

BIG = NEVER


def shares(rules: Ruleset, rows: np.ndarray, games: int, seed: int, jobs: int) -> np.ndarray:
    """Each seat's win share per game (games x seats), all seats knob, seat i
    playing knob vector rows[i]."""
    players = rows.shape[0]
    fr = lower.lower_rules(rules)
    s0 = lower.new_state(rules, players)
    pol = np.ones(players, np.int64)
    seat_out = np.zeros((games, players, _play.N_SEAT_OUT), np.int64)
    game_out = np.zeros((games, _play.N_GAME_OUT), np.int64)
    ch = np.zeros((0, players, 39), np.int32)
    numba.set_num_threads(jobs)
    chunk = max(1, min(256, games // (jobs * 8) or 1))
    _play.play_batch(fr, s0, np.uint64(seed), 0, games, chunk, pol, rows, seat_out, game_out,
                     ch)
    if game_out[:, _play.GO_ERROR].any():
        raise RuntimeError("a tuning game ended in error")
    wins = seat_out[:, :, _play.O_WIN].astype(np.float64)
    total = wins.sum(axis=1, keepdims=True)
    return np.divide(wins, total, out=np.zeros_like(wins), where=total > 0)


def versus_self(rules: Ruleset, cand: np.ndarray, best: np.ndarray, games: int, seed: int,
                jobs: int, players: int = 4) -> np.ndarray:
    """The candidate's share per game seed, averaged over its four seats."""
    acc = np.zeros(games)
    for seat in range(players):
        rows = np.tile(best, (players, 1))
        rows[seat] = cand
        acc += shares(rules, rows, games, seed, jobs)[:, seat]
    return acc / players


def grids(rules: Ruleset) -> dict[int, list[float]]:
    """Values tried for each knob slot (generic knobs and forks)."""
    money = float(rules.loan_amount or rules.start_cash or 1)
    road = float(max(sp.to_retire for sp in rules.spaces) or 1)
    m = [-BIG, -4 * money, -2 * money, -money, 0.0, money, 2 * money, 4 * money, 8 * money, BIG]
    sp = [0.0, road * 0.1, road * 0.2, road * 0.35, road * 0.5, road * 0.7, BIG]
    w = [0.0, 0.5, 1.0, 1.5, 2.0]
    switch = [0.0, 1.0]
    kinds = {
        "est.tile_weight": w, "est.salary_weight": w, "start.college": switch,
        "stock.cash": m, "stock.to_retire": sp, "auto.cash": m, "home.cash": m,
        "loan.repay_cash": m, "loan.borrow_below": m, "tiles.trade_to_retire": sp,
        "career2.to_retire": sp, "career.switch_gain": m, "salary.tax_weight": w,
        "night.to_retire": sp, "night.cash": m, "night.gain": m, "trade_salary.gain": m,
        "house.buy_gain": m, "house.cash": m, "house.sell_gain": m,
        "retire.estates_lead": m, "bet.cash": m, "bet.stake_share": [0.0, 0.1, 0.25, 0.5, 1.0],
        "bet.boost": switch, "cards.exempt": switch, "cards.collect": switch,
        "cards.pay": switch, "target.tile_weight": w, "offer.cash": m,
        "offer.to_retire": sp, "gamble.margin": m, "gamble.behind_weight": [0.0, 0.1, 0.3, 1.0],
        "revenge.send_back": sp, "tycoon.deficit": m,
    }
    out = {i: kinds[name] for i, name in enumerate(KNOBS)}
    for idx, space in enumerate(rules.spaces):
        if len(space.next) > 1:
            out[N_GENERIC + 2 * idx] = [float(j) for j in range(len(space.next))]
            out[N_GENERIC + 2 * idx + 1] = [-BIG, -money, 0.0, money, 2 * money, 4 * money,
                                            BIG]
    first = N_GENERIC + 2 * len(rules.spaces)
    for j in range(len(rules.careers)):
        out[first + j] = [-2 * money, -money, 0.0, money, 2 * money, 4 * money]
    return out


def slot_name(rules: Ruleset, slot: int) -> str:
    if slot < N_GENERIC:
        return KNOBS[slot]
    if slot >= N_GENERIC + 2 * len(rules.spaces):
        return f"career.{rules.careers[slot - N_GENERIC - 2 * len(rules.spaces)].id}"
    idx, field = divmod(slot - N_GENERIC, 2)
    return f"fork.{rules.spaces[idx].id}.{FORK_FIELDS[field]}"


def relevant(rules: Ruleset, best: np.ndarray, games: int, seed: int, jobs: int) -> set[int]:
    """Slots whose decisions come up in this edition (others need no search):
    a slot is kept when pushing it to an extreme changes some game."""
    base = shares(rules, np.tile(best, (4, 1)), games, seed, jobs)
    keep = set()
    for slot, grid in grids(rules).items():
        for v in (grid[0], grid[-1]):
            cand = best.copy()
            cand[slot] = v
            rows = np.tile(best, (4, 1))
            rows[0] = cand
            if not np.array_equal(shares(rules, rows, games, seed, jobs), base):
                keep.add(slot)
                break
    return keep


def _fmt(x: float) -> str:
    if x >= BIG:
        return "1e18"
    if x <= -BIG:
        return "-1e18"
    return repr(int(x)) if x == int(x) else repr(float(x))


def edition_table(rules: Ruleset, best: np.ndarray, generic: np.ndarray) -> str:
    lines = [f"[edition.{rules.id}]"]
    for i, name in enumerate(KNOBS):
        if best[i] != generic[i]:
            lines.append(f"{name} = {_fmt(best[i])}")
    for idx, space in enumerate(rules.spaces):
        if len(space.next) > 1:
            b, behind = best[N_GENERIC + 2 * idx], best[N_GENERIC + 2 * idx + 1]
            lines.append(f'fork."{space.id}" = {{ branch = {int(b)}, behind = {_fmt(behind)} }}')
    first = N_GENERIC + 2 * len(rules.spaces)
    for j, career in enumerate(rules.careers):
        if best[first + j]:
            lines.append(f"career.{career.id} = {_fmt(best[first + j])}")
    return "\n".join(lines) + "\n"


def cmd_tune(args: argparse.Namespace) -> None:
    rules = load_edition(args.edition).ruleset(None)
    best = knob_values(args.start, rules)
    t0 = time.time()
    grid = grids(rules)
    for rnd in range(args.rounds):
        # Again each round: a knob may matter only once another has moved
        # (stock.cash once stock.to_retire lets a stock be bought).
        slots = sorted(relevant(rules, best, 400, args.seed + 999 + rnd, args.jobs))
        print(f"{rules.id}: {len(slots)} knobs matter: "
              f"{', '.join(slot_name(rules, s) for s in slots)}", flush=True)
        changed = 0
        for slot in slots:
            seed = args.seed * 1000 + rnd * 100 + slot
            results = []
            for v in grid[slot]:
                if v == best[slot]:
                    continue
                cand = best.copy()
                cand[slot] = v
                s = versus_self(rules, cand, best, args.games, seed, args.jobs)
                results.append((float(s.mean()), float(s.std(ddof=1) / math.sqrt(len(s))), v))
            if not results:
                continue
            rate, se, v = max(results)
            if rate - 0.25 > 2 * se:
                print(f"  round {rnd}: {slot_name(rules, slot)} {_fmt(best[slot])} -> "
                      f"{_fmt(v)}: {rate:.2%} (se {se:.2%})", flush=True)
                best[slot] = v
                changed += 1
        print(f"round {rnd}: {changed} changed, {time.time() - t0:.0f}s", flush=True)
        if not changed:
            break
    table = edition_table(rules, best, knob_values("default", _generic_rules(rules)))
    print(table)
    if args.out:
        Path(args.out).write_text(table, encoding="utf-8")


def _generic_rules(rules: Ruleset) -> Ruleset:
    """`rules` under another id, so that no edition table applies: the generic
    values, against which an edition's table lists what differs."""
    import dataclasses

    return dataclasses.replace(rules, id="~generic")


def _seat_shares(res: object, who: str) -> tuple[np.ndarray, np.ndarray]:
    """Per game: the seat `who` sat in (its only seat) and its share there."""
    seats, got = [], []
    for g in res.results:  # type: ignore[attr-defined]
        k = g.bots.index(who)
        seats.append(k)
        got.append(float(g.shares[k]))
    return np.array(seats), np.array(got)


def cmd_versus(args: argparse.Namespace) -> None:
    from lifespin.sim.tournament import run_tournament

    alone: dict[str, object] = {}
    for one, three in ((args.knobs, args.other), (args.other, args.knobs)):
        t = time.time()
        res = run_tournament(args.edition, [one, three, three, three], games=args.games,
                             seed=args.seed, jobs=args.jobs)
        alone[one] = res
        st = res.standing(one)
        ot = res.standing(three)
        print(f"{args.edition}: 1 {one} vs 3 {three}, {args.games} games: "
              f"{one} {st.win_rate:.1%} [{st.low:.1%}-{st.high:.1%}], "
              f"{three} {ot.win_rate:.1%} [{ot.low:.1%}-{ot.high:.1%}] per seat "
              f"({time.time() - t:.0f}s)", flush=True)
    if not args.paired:
        return
    # Paired: the same seeds with the lone bot's seat taken by one of the other
    # three (every seat the same bot), so that the seat's luck cancels out.
    for one, three in ((args.knobs, args.other), (args.other, args.knobs)):
        base = run_tournament(args.edition, [three] * 4, games=args.games, seed=args.seed,
                              jobs=args.jobs)
        seats, got = _seat_shares(alone[one], one)
        ref = np.array([float(g.shares[k]) for g, k in zip(base.results, seats, strict=True)])
        d = got - ref
        half = 1.96 * d.std(ddof=1) / math.sqrt(len(d))
        print(f"{args.edition}: paired, {one} in the seat of a {three} among 3 {three}: "
              f"{d.mean():+.1%} [{d.mean() - half:+.1%} to {d.mean() + half:+.1%}] "
              f"({got.mean():.1%} vs {ref.mean():.1%}; {int((d != 0).sum())} of {len(d)} "
              f"games changed)", flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    t = sub.add_parser("tune")
    t.add_argument("--edition", default="classic")
    t.add_argument("--games", type=int, default=2000)
    t.add_argument("--rounds", type=int, default=2)
    t.add_argument("--seed", type=int, default=1)
    t.add_argument("--start", default="default")
    t.add_argument("--jobs", type=int, default=2)
    t.add_argument("--out")
    v = sub.add_parser("versus")
    v.add_argument("--edition", default="classic")
    v.add_argument("--games", type=int, default=400)
    v.add_argument("--seed", type=int, default=2026)
    v.add_argument("--jobs", type=int, default=2)
    v.add_argument("--knobs", default="knob")
    v.add_argument("--other", default="heuristic")
    v.add_argument("--paired", action="store_true",
                   help="also play every seat with one bot on the same seeds: the lone "
                        "bot's gain over the bot it replaced, seat luck cancelled")
    args = ap.parse_args()
    {"tune": cmd_tune, "versus": cmd_versus}[args.cmd](args)


if __name__ == "__main__":
    main()
