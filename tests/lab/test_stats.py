"""Intervals: paired over games, Wilson for shares."""

from __future__ import annotations

import math

import numpy as np

from lifespin.lab.stats import Z95, mean_ci, paired, wilson


def test_mean_ci_is_over_games_not_seats() -> None:
    # Two seats that always split the win: every game's mean is 0.5, so the
    # interval has no width, however the seats vary.
    a = np.array([[1.0, 0.0], [0.0, 1.0]] * 50)
    e = mean_ci(a)
    assert e.mean == 0.5 and e.half == 0.0 and e.n == 100


def test_paired_difference_cancels_shared_luck() -> None:
    rng = np.random.default_rng(1)
    luck = rng.normal(0, 100, size=(4000, 1))
    a, b = luck + 1.0 + rng.normal(0, 1, (4000, 1)), luck + rng.normal(0, 1, (4000, 1))
    d = paired(a, b)
    assert d.low < 1.0 < d.high
    assert d.half < 0.1  # the unpaired interval would be ~100 times wider
    assert mean_ci(a).half > 3


def test_normal_half_width() -> None:
    x = np.array([[0.0], [1.0]] * 500)
    e = mean_ci(x)
    assert math.isclose(e.half, Z95 * float(x.std(ddof=1)) / math.sqrt(1000))


def test_wilson_stays_inside_zero_one() -> None:
    e = wilson(0, 20)
    assert e.mean == 0 and e.low >= 0 and e.high > 0
    e = wilson(20, 20)
    assert e.high <= 1 and e.low < 1
    e = wilson(250, 1000)
    assert e.low < 0.25 < e.high and math.isclose(e.half, 0.0268, abs_tol=0.001)
    assert math.isnan(wilson(0, 0).mean)
