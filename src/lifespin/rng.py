"""The one portable random stream: SplitMix64.

Every engine (this one, the compiled one, a distributed simulator) draws from
this stream the same way, so that the same seed and the same decisions give the
same game to the bit on every machine (DESIGN.md, "The engine contract").
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

__all__ = ["GOLDEN_GAMMA", "Stream", "derive_seed", "sub_stream"]

T = TypeVar("T")

_MASK = 0xFFFFFFFFFFFFFFFF
GOLDEN_GAMMA = 0x9E3779B97F4A7C15
"""The increment SplitMix64 adds to its state before each output."""


def _mix(z: int) -> int:
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _MASK
    return z ^ (z >> 31)


class Stream:
    """Standard SplitMix64: the state starts at the seed; each output adds the
    golden gamma to the state and mixes it.

    >>> s = Stream(0)
    >>> hex(s.next_u64())
    '0xe220a8397b1dcdaf'
    """

    __slots__ = ("state",)

    def __init__(self, seed: int) -> None:
        if not isinstance(seed, int) or isinstance(seed, bool):
            raise TypeError(f"seed must be an int, not {type(seed).__name__}: {seed!r}")
        self.state = seed & _MASK

    def next_u64(self) -> int:
        """The next 64-bit output."""
        # `_mix`, written out: this is drawn at every chance node and bot decision.
        z = self.state = (self.state + GOLDEN_GAMMA) & _MASK
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _MASK
        return z ^ (z >> 31)

    def below(self, n: int) -> int:
        """An index in ``range(n)``: ``next_u64() % n``, the drivers' rule."""
        if n <= 0:
            raise ValueError(f"cannot pick from {n} outcomes")
        return self.next_u64() % n

    def pick(self, outcomes: Sequence[T]) -> T:
        """``outcomes[next_u64() % len(outcomes)]``: how a driver samples a chance
        node (and a random bot a legal action). ValueError, drawing nothing, on
        an empty list."""
        n = len(outcomes)
        if not n:
            raise ValueError("cannot pick from an empty list of outcomes")
        # `next_u64`, written out (the simulator's hottest call).
        z = self.state = (self.state + GOLDEN_GAMMA) & _MASK
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _MASK
        return outcomes[(z ^ (z >> 31)) % n]

    def __repr__(self) -> str:
        return f"Stream(state={self.state:#x})"


def sub_stream(base: int, key: int) -> Stream:
    """`Stream(derive_seed(base, key))` for a trusted int `base` and `key >= 0`,
    without the checks: the simulator makes one per bot decision."""
    s = Stream.__new__(Stream)
    s.state = _mix((base + GOLDEN_GAMMA * (key + 1)) & _MASK)
    return s


def derive_seed(seed: int, *keys: int) -> int:
    """A seed for a sub-stream (a bot's own choices, the i-th game of a batch),
    a pure function of the parent seed and the keys, so results never depend
    on which process or in what order the work ran."""
    z = seed & _MASK
    for key in keys:
        z = _mix((z + GOLDEN_GAMMA * ((key & _MASK) + 1)) & _MASK)
    return z
