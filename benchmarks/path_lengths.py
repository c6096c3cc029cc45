"""Turns to retire on each path, from the engine, beside the board's own path
lengths: one-player classic games (allowed for analysis), the start and both
forks fixed, every other choice random, chance from the portable stream.

    python benchmarks/path_lengths.py [--games 4000]
"""

from __future__ import annotations

import argparse
import itertools
import statistics
from collections.abc import Sequence
from typing import Any

import lifespin
from _common import machine
from lifespin import Action, Stream
from lifespin.sim.driver import batch_seed, play_state


class PathBot:
    """Takes the given start and branches; random otherwise."""

    name = "path"
    needs_view = False

    def __init__(self, start: str, branches: Sequence[str]) -> None:
        self.start = start
        self.branches = set(branches)

    def act(self, view: dict[str, Any] | None, legal: Sequence[Action], rng: Stream,
            resample: Any = None, *, rules: lifespin.engine.Ruleset) -> Action:
        for a in legal:
            if (a.kind == "start" and a.arg == self.start) or (
                a.kind == "branch" and str(a.arg) in self.branches
            ):
                return a
        return legal[rng.next_u64() % len(legal)]


def board_length(rules: lifespin.engine.Ruleset, start: str, branches: set[str]) -> int:
    """Spaces from the start space to retirement (retire included) on this route."""
    i = rules.space_index[start]
    n = 0
    while rules.spaces[i].next:
        nxt = rules.spaces[i].next
        i = next((j for j in nxt if rules.spaces[j].id in branches), nxt[0])
        n += 1
    return n


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--games", type=int, default=4000)
    ap.add_argument("--seed", type=int, default=2026)
    args = ap.parse_args()
    rules = lifespin.load_edition("classic").ruleset()
    forks = [s for s in rules.spaces if len(s.next) > 1]
    lanes = [[rules.spaces[j].id for j in f.next] for f in forks]
    print("## Turns to retire by path (classic, one player)\n")
    print(f"Machine: {machine()}. {args.games:,} games per row, seed {args.seed}.\n")
    print("| start | lanes | board spaces | turns mean | turns sd | turns incl. missed "
          "| Pay Days mean |")
    print("|---|---|---|---|---|---|---|")
    for start in ("career", "college"):
        for combo in itertools.product(*lanes):
            state = lifespin.new_game("classic", players=["Solo"])
            bot = PathBot(start, combo)
            turns, paydays, missed = [], [], []
            for g in range(args.games):
                final = play_state(state, batch_seed(args.seed, g), [bot])
                p = final.players[0]
                turns.append(p.turns)
                paydays.append(p.paydays)
                missed.append(p.turns + p.missed)
            length = board_length(rules, start, set(combo))
            print(f"| {start} | {'+'.join(combo)} | {length} | {statistics.mean(turns):.2f} | "
                  f"{statistics.stdev(turns):.2f} | {statistics.mean(missed):.2f} | "
                  f"{statistics.mean(paydays):.2f} |")
    print("\nA turn is one of the player's turns (a STOP's extra spin is part of the same turn; "
          "a missed turn is counted only in the 'incl. missed' column). Board spaces count "
          "from the start space to retirement. For comparison, the reference's own solo "
          "estimate (life-rules.md §11.2, which ignores the occupied-space rule) is 21.6 / 22.3 "
          "turns for the short / long career route and 22.8 / 23.5 for college.")


if __name__ == "__main__":
    main()
