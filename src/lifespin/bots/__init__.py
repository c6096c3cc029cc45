"""Bots. A bot sees only its seat's view and the legal actions, and draws its
own choices from its own stream (never the chance stream).

Registered names (`make_bot`):

| name | what it is |
|---|---|
| `random` | uniformly random among the legal actions |
| `heuristic` | a sensible player: expected money, or the chance of winning where they differ |
| `expert` | determinized Monte Carlo over the heuristic (tenths of a second a decision) |
| `easy` | the heuristic, but a third of its real choices (more than one legal action) are random |
| `normal` | the heuristic |
| `hard` | the expert |
| `knob` | the knob policy of the fast engine (`knob:FILE`: another knob set), bit-exact with it |

`easy` errs at random rather than playing a weaker rule: it still makes the
obvious moves most of the time, so it feels like a careless player rather
than a strange one, and its mistakes are spread over every kind of decision.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Protocol

from ..engine import Action, State
from ..engine.ruleset import Ruleset
from ..rng import Stream
from .advisor import Advice, advise
from .expert import ExpertBot
from .heuristic import HeuristicBot, policy
from .knob import KnobBot

__all__ = [
    "BOTS",
    "Advice",
    "Bot",
    "ExpertBot",
    "HeuristicBot",
    "KnobBot",
    "RandomBot",
    "Resampler",
    "advise",
    "make_bot",
    "policy",
]

Resampler = Callable[[Stream], State]
"""Given a stream, a full state the seat cannot tell from the true one
(`State.resample`): what a searching bot simulates from."""


class Bot(Protocol):
    """Chooses one of `legal` for a seat, given that seat's view and the rules.

    `rules`: the `Ruleset` the game is played under (the edition with the
    game's options; `State.rules`), handed to every decision. A bot never
    looks an edition up by the name in a view: an edition loaded from a file
    has no registered name, and a bot that is handed its rules plays any
    edition in any process, and the same bot object can sit at games of
    different editions. The rules are public: they reveal nothing hidden.
    `needs_view`: whether the driver must build the view (random play skips it).
    `resample`: offered to bots that search; never the true state. A bot that
    wants it says so with a true `wants_resample` attribute (optional: the
    driver reads it with a default of False, so older bots need not have it).
    """

    name: str
    needs_view: bool

    def act(
        self,
        view: dict[str, Any] | None,
        legal: Sequence[Action],
        rng: Stream,
        resample: Resampler | None = None,
        *,
        rules: Ruleset,
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
        *,
        rules: Ruleset,
    ) -> Action:
        return rng.pick(legal)


EASY_MISTAKE = 1 / 3
"""How often the `easy` level picks at random at a real choice."""

BOTS: dict[str, Callable[[], Bot]] = {
    "random": RandomBot,
    "heuristic": HeuristicBot,
    "expert": ExpertBot,
    "easy": lambda: HeuristicBot(mistake=EASY_MISTAKE, name="easy"),
    "normal": lambda: HeuristicBot(name="normal"),
    "hard": lambda: ExpertBot(name="hard"),
    "knob": KnobBot,
}


def make_bot(name: str) -> Bot:
    """A bot by name (``"random"``, ``"heuristic"``, ``"expert"``, ``"easy"``,
    ``"normal"``, ``"hard"``, ``"knob"``, ``"knob:FILE"``); ValueError naming
    the known ones otherwise."""
    key = name.removeprefix("bot:")
    kind, sep, arg = key.partition(":")
    if kind == "knob" and sep:
        if not arg:
            raise ValueError(f"bot {name!r}: knob:FILE names a knob set after the colon")
        return KnobBot(arg, name=key)
    try:
        return BOTS[key]()
    except KeyError:
        raise ValueError(f"unknown bot {name!r}; known: {', '.join(BOTS)}") from None
