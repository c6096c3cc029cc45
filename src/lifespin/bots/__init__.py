"""Bots. A bot sees only its seat's view and the legal actions, and draws its
own choices from its own stream (never the chance stream)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Protocol

from ..engine import Action, State
from ..rng import Stream

__all__ = ["BOTS", "Bot", "RandomBot", "Resampler", "make_bot"]

Resampler = Callable[[Stream], State]
"""Given a stream, a full state the seat cannot tell from the true one
(`State.resample`): what a searching bot simulates from."""


class Bot(Protocol):
    """Chooses one of `legal` for a seat, given that seat's view.

    `needs_view`: whether the driver must build the view (random play skips it).
    `resample`: offered to bots that search; never the true state.
    """

    name: str
    needs_view: bool

    def act(
        self,
        view: dict[str, Any] | None,
        legal: Sequence[Action],
        rng: Stream,
        resample: Resampler | None = None,
    ) -> Action:
        ...


class RandomBot:
    """Uniformly random among the legal actions."""

    name = "random"
    needs_view = False

    def act(
        self,
        view: dict[str, Any] | None,
        legal: Sequence[Action],
        rng: Stream,
        resample: Resampler | None = None,
    ) -> Action:
        return legal[rng.next_u64() % len(legal)]


BOTS: dict[str, Callable[[], Bot]] = {"random": RandomBot}


def make_bot(name: str) -> Bot:
    """A bot by name (``"random"``); ValueError naming the known ones otherwise."""
    key = name.removeprefix("bot:")
    try:
        return BOTS[key]()
    except KeyError:
        raise ValueError(f"unknown bot {name!r}; known: {', '.join(BOTS)}") from None
