"""What children bring and cost, in money, from the same games replayed in the
reference engine.

The fast engine keeps each seat's final worth by part (cash, LIFE tiles, ...),
not where the cash came from. The reference engine plays game i of a seed
exactly as the fast engine does (tests/fast/test_differential.py), and its
events carry every transfer with a reason, so a sample of the observed games
replayed there gives, per seat, the baby gifts received, the per-child
payments made (a `pay` on a space that charges per child) and the per-child
collections (a retirement or Day of Reckoning gift per child).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from ..editions import new_game
from ..engine import State
from ..engine.events import Transfer
from ..sim.driver import batch_seed, play_state

__all__ = ["CHILD_FLOWS", "child_ledger"]

CHILD_FLOWS = ("baby_gifts", "per_child_payments", "child_gifts")


def child_ledger(edition: str, options: Mapping[str, Any], players: int, seed: int,
                 games: int) -> dict[str, np.ndarray]:
    """Per game and seat (games x players), for the first `games` games of
    `seed` with the default knob policy in every seat: the children at the
    end and each of `CHILD_FLOWS` (money in +, out -)."""
    out = {k: np.zeros((games, players), np.int64) for k in ("children", *CHILD_FLOWS)}
    start = new_game(edition, players, options)
    per_child = [sp.per_child for sp in start.rules.spaces]
    for i in range(games):

        def book(state: State, i: int = i) -> None:
            for e in state.events:
                if type(e) is not Transfer:
                    continue
                if e.reason == "baby_gift" and e.payee >= 0:
                    out["baby_gifts"][i, e.payee] += e.amount
                elif e.reason == "child_gift" and e.payee >= 0:
                    out["child_gifts"][i, e.payee] += e.amount
                elif (e.reason == "pay" and e.payer >= 0
                      and per_child[state.players[e.payer].space]):
                    out["per_child_payments"][i, e.payer] -= e.amount

        final = play_state(start, batch_seed(seed, i), ["knob"] * players, None, book)
        for s, p in enumerate(final.players):
            out["children"][i, s] = p.children
    return out
