"""SplitMix64 in compiled code: the same numbers as `lifespin.rng`.

Everything is unsigned 64-bit (numba wraps on overflow, as the reference's
`& MASK` does); mixing signed and unsigned would turn into floats.
"""

from __future__ import annotations

import numpy as np
from numba import njit

GAMMA = np.uint64(0x9E3779B97F4A7C15)
M1 = np.uint64(0xBF58476D1CE4E5B9)
M2 = np.uint64(0x94D049BB133111EB)
S30 = np.uint64(30)
S27 = np.uint64(27)
S31 = np.uint64(31)
ONE = np.uint64(1)


@njit(cache=True, error_model="numpy")
def mix(z):
    z = (z ^ (z >> S30)) * M1
    z = (z ^ (z >> S27)) * M2
    return z ^ (z >> S31)


@njit(cache=True, error_model="numpy")
def derive(seed, key):
    """One step of `rng.derive_seed`: mix(seed + GAMMA * (key + 1))."""
    return mix(seed + GAMMA * (np.uint64(key) + ONE))


@njit(cache=True, error_model="numpy")
def game_seed(seed, index):
    """`sim.batch_seed`: derive_seed(seed, 2, index)."""
    return derive(derive(seed, 2), index)


@njit(cache=True, error_model="numpy")
def bot_draw(base, move):
    """The first draw of `sub_stream(base, move)`: what a bot picks with."""
    return mix(derive(base, move) + GAMMA)


@njit(cache=True, error_model="numpy")
def below(u, n):
    """`next_u64() % n` as an int."""
    return np.int64(u % np.uint64(n))
