"""The advisor: the chance of winning after each legal action, with 95%
intervals, and which actions are within noise of the best.

`advise(state, seat)` is the expert's estimate laid open for a person: every
legal action is played out from determinizations of the seat's information
(`State.resample`: every face-down LIFE tile and the other seats' cards dealt
afresh). It is handed the true state for convenience but reads only what the
seat may know.

Where the fast engine runs the edition (`lifespin.fast`), the rollouts are
compiled and played by the default knob policy in every seat, in rounds
until every action's difference from the best is known to within
`precision` (95% interval) or `budget` seconds are spent; otherwise the
reference engine plays them with the heuristic.

Sample k of every action shares its determinization and its luck (common
random numbers), so the *differences* between actions are far sharper than
each action's own interval: an action whose difference from the best has an
interval that holds 0 is "about the same" as the best (`Advice.same`).
"""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ..engine import Action, State
from .expert import search, symmetry_key

__all__ = ["ABOUT_THE_SAME", "Advice", "advise", "verdicts"]

_Z95 = 1.959963984540054

ABOUT_THE_SAME = "about the same"
"""What a choice is called whose 95% interval reaches the best one's: the
order between them is the advisor's noise, not a ranking."""


@dataclass(frozen=True)
class Advice:
    """The estimated chance of winning after `action`: `win`, within
    [`low`, `high`] (95%), from `rollouts` played-out games; `diff` the
    difference from the best action's chance, within [`diff_low`,
    `diff_high`] (95%, paired); `same`: within noise of the best (the
    paired interval holds 0; None where the rollouts were not paired)."""

    action: Action
    win: float
    low: float
    high: float
    rollouts: int
    diff: float = 0.0
    diff_low: float = 0.0
    diff_high: float = 0.0
    same: bool | None = None


def advise(state: State, seat: int, rollouts: int | None = None, seed: int = 0, *,
           budget: float = 1.0, precision: float = 0.01, policy: str = "knob",
           engine: str = "auto") -> list[Advice]:
    """The chance of winning after each legal action of `seat`, best first.

    `rollouts`: play exactly this many per action (the same figures on
    every machine); otherwise rounds are played until every difference from
    the best is within `precision` or `budget` seconds have passed.
    `engine`: "fast", "reference" or "auto" (fast where the edition runs
    there).

    Actions that differ only by a number on the wheel (a stock's, a bet's at
    one stake, ...) are symmetric: every number is as likely as any other, so
    one of each kind is played out and its figures are given to the others.

    Raises:
        ValueError: `seat` is not the one to decide now, or rollouts < 1.
    """
    if rollouts is not None and rollouts < 1:
        raise ValueError(f"rollouts must be at least 1, not {rollouts}")
    if engine not in ("auto", "fast", "reference"):
        raise ValueError(f"engine must be auto, fast or reference, not {engine!r}")
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
    wins = None
    if engine != "reference":
        from ..fast import UnsupportedRule

        try:
            wins = _fast_rollouts(state, seat, actions, rollouts, seed, budget, precision, policy)
        except UnsupportedRule:
            if engine == "fast":
                raise
    if wins is None:
        res = search(lambda rng: state.resample(seat, rng), seat, actions, seed,
                     rollouts or 100)
        n = min(len(sc) for sc in res.scores)
        wins = np.array([sc[:n] for sc in res.scores], np.float64)
    figures = {str(a): f for a, f in zip(actions, _figures(actions, wins), strict=True)}
    out = []
    for key, a in zip(keys, legal, strict=True):
        rep = figures[str(reps[key])]
        out.append(Advice(a, rep.win, rep.low, rep.high, rep.rollouts, rep.diff,
                          rep.diff_low, rep.diff_high, rep.same))
    order = {id(adv): i for i, adv in enumerate(out)}
    return sorted(out, key=lambda adv: (-adv.win, order[id(adv)]))


def _fast_rollouts(state: State, seat: int, actions: Sequence[Action], rollouts: int | None,
                   seed: int, budget: float, precision: float, policy: str) -> np.ndarray:
    """Rollout shares (actions x samples) from the fast engine, in rounds."""
    from ..fast.search import evaluate

    if rollouts is not None:
        return evaluate(state, seat, actions, rollouts, seed, policy=policy).wins
    t0 = time.perf_counter()
    chunks: list[np.ndarray] = []
    done = 0
    size = 256
    while True:
        chunks.append(evaluate(state, seat, actions, size, seed, policy=policy,
                               first=done).wins)
        done += size
        wins = np.concatenate(chunks, axis=1)
        elapsed = time.perf_counter() - t0
        if _widest_diff(wins) <= precision or elapsed >= budget:
            return wins
        # Enough for the precision asked, if the spread holds; within the time left.
        per_sample = elapsed / done
        left = max(0.0, budget - elapsed)
        need = done * ((_widest_diff(wins) / precision) ** 2 - 1)
        size = int(max(64, min(need, left / per_sample, 4 * done)))


def _widest_diff(wins: np.ndarray) -> float:
    """The widest 95% half-interval of a difference from the best action."""
    best = int(np.argmax(wins.mean(axis=1)))
    d = wins - wins[best]
    n = wins.shape[1]
    if n < 2 or len(wins) < 2:
        return 0.0
    sd = d.std(axis=1, ddof=1)
    return float(_Z95 * sd.max() / math.sqrt(n))


def _figures(actions: Sequence[Action], wins: np.ndarray) -> list[Advice]:
    n = wins.shape[1]
    means = wins.mean(axis=1)
    best = int(np.argmax(means))
    out = []
    for i, a in enumerate(actions):
        total = float(wins[i].sum())
        low, high = wilson(total, n)
        win = float(means[i])
        d = wins[i] - wins[best]
        diff = float(d.mean())
        half = _Z95 * float(d.std(ddof=1)) / math.sqrt(n) if n > 1 else math.inf
        same = i == best or diff + half >= 0.0
        out.append(Advice(a, win, min(low, win), max(high, win), n, diff, diff - half,
                          diff + half, same))
    return out


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


def verdicts(rows: list[Advice]) -> list[str]:
    """Each row against the best (the highest `win`): "best", `ABOUT_THE_SAME`
    or "worse"; in `rows`' order. About the same: the paired difference from
    the best holds 0 (`same`), or, for rows without it, the row's interval
    reaches the best one's low end."""
    if not rows:
        return []
    best = max(rows, key=lambda r: r.win)
    out = []
    for r in rows:
        if r is best:
            out.append("best")
        elif r.same is not None:
            out.append(ABOUT_THE_SAME if r.same else "worse")
        else:
            out.append(ABOUT_THE_SAME if r.high >= best.low else "worse")
    return out
