"""The advisor: the chance of winning after each legal action, with a 95% interval.

`advise(state, seat)` is the expert's estimate laid open for a person: every
legal action is played out the same number of times from determinizations of
the seat's information, with the heuristic playing every seat to the end.
It is handed the true state for convenience but reads only what the seat
may know: `state.view(seat)`, `state.legal_actions()` and
`state.resample(seat, rng)` (which deals every face-down LIFE tile afresh).

Rollout i of every action shares its determinization and its chance stream
(common random numbers), so the *differences* between actions are sharper
than the intervals suggest; each interval is the Wilson score interval of
that action's own rollouts, a tie for first counting 1/k.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..engine import Action, State
from .expert import search, symmetry_key

__all__ = ["Advice", "advise"]

_Z95 = 1.959963984540054


@dataclass(frozen=True)
class Advice:
    """The estimated chance of winning after `action`: `win`, within
    [`low`, `high`] (95%), from `rollouts` played-out games."""

    action: Action
    win: float
    low: float
    high: float
    rollouts: int


def advise(state: State, seat: int, rollouts: int = 100, seed: int = 0) -> list[Advice]:
    """The chance of winning after each legal action of `seat`, best first.

    Actions that differ only by a number on the wheel (a stock's, a bet's at
    one stake, ...) are symmetric: every number is as likely as any other, so
    one of each kind is played out and its figures are given to the others.

    Raises:
        ValueError: `seat` is not the one to decide now, or rollouts < 1.
    """
    if rollouts < 1:
        raise ValueError(f"rollouts must be at least 1, not {rollouts}")
    view = state.view(seat)
    if view["current_player"] != seat:
        raise ValueError(f"seat {seat} has no decision to make now "
                         f"(the game waits for {view['decision']})")
    legal = state.legal_actions()
    keys = [symmetry_key(a) for a in legal]
    reps: dict[str, Action] = {}
    for key, a in zip(keys, legal, strict=True):
        reps.setdefault(key, a)
    actions = list(reps.values())
    res = search(lambda rng: state.resample(seat, rng), seat, actions, seed, rollouts)
    figures = {str(a): _advice(a, s) for a, s in zip(actions, res.scores, strict=True)}
    out = []
    for key, a in zip(keys, legal, strict=True):
        rep = figures[str(reps[key])]
        out.append(Advice(a, rep.win, rep.low, rep.high, rep.rollouts))
    order = {id(adv): i for i, adv in enumerate(out)}
    return sorted(out, key=lambda adv: (-adv.win, order[id(adv)]))


def _advice(action: Action, scores: tuple[float, ...]) -> Advice:
    n = len(scores)
    wins = sum(scores)
    win = wins / n
    low, high = wilson(wins, n)
    return Advice(action, win, min(low, win), max(high, win), n)


def wilson(successes: float, n: int, z: float = _Z95) -> tuple[float, float]:
    """The Wilson score interval of `successes / n` (fractional successes allowed)."""
    if n <= 0:
        return 0.0, 1.0
    p = successes / n
    z2 = z * z
    denom = 1.0 + z2 / n
    centre = (p + z2 / (2 * n)) / denom
    half = z * math.sqrt(max(0.0, p * (1.0 - p) / n + z2 / (4.0 * n * n))) / denom
    return max(0.0, centre - half), min(1.0, centre + half)
