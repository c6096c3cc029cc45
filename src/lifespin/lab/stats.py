"""Estimates with 95% intervals, paired where the arms share their games.

The unit of an experiment is one game seed: every arm plays game i of the
seed once per subject seat, so an arm's outcome for game i is the mean over
the subject seats, and an arm's difference from the reference is the mean of
the per-game differences (paired: the common random numbers cancel the luck
both arms share). Games are independent, so the intervals are the normal
ones over games (thousands of them), never over seats, which are not.

>>> import numpy as np
>>> a = np.array([[1, 0], [0, 1], [1, 1], [0, 0]], float)
>>> e = mean_ci(a)
>>> round(e.mean, 3), e.n
(0.5, 4)
>>> paired(a, a).half
0.0
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

__all__ = ["Z95", "Estimate", "mean_ci", "paired", "wilson"]

Z95 = 1.959963984540054


@dataclass(frozen=True)
class Estimate:
    """A mean with its 95% interval, over `n` independent games."""

    mean: float
    low: float
    high: float
    n: int

    @property
    def half(self) -> float:
        return (self.high - self.low) / 2

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def _normal(x: np.ndarray) -> Estimate:
    n = int(x.shape[0])
    if n == 0:
        return Estimate(math.nan, math.nan, math.nan, 0)
    m = float(x.mean())
    sd = float(x.std(ddof=1)) if n > 1 else math.inf
    h = Z95 * sd / math.sqrt(n)
    return Estimate(m, m - h, m + h, n)


def mean_ci(a: np.ndarray) -> Estimate:
    """The mean of an arm's per-seat outcomes `a` (games x subject seats),
    its interval over games."""
    return _normal(np.asarray(a, np.float64).mean(axis=1))


def paired(a: np.ndarray, b: np.ndarray) -> Estimate:
    """The mean of ``a - b`` (games x subject seats, the same games), its
    interval over games."""
    return _normal((np.asarray(a, np.float64) - np.asarray(b, np.float64)).mean(axis=1))


def wilson(k: int, n: int) -> Estimate:
    """A share `k/n` with its Wilson interval (good near 0 and 1 too)."""
    if n == 0:
        return Estimate(math.nan, math.nan, math.nan, 0)
    p = k / n
    z2 = Z95 * Z95
    mid = (p + z2 / (2 * n)) / (1 + z2 / n)
    h = Z95 * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / (1 + z2 / n)
    return Estimate(p, mid - h, mid + h, n)
