"""The rules engine: a pure state machine (no I/O, no clock, no global RNG)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from .actions import Action
from .ruleset import Ruleset
from .state import CHANCE, TERMINAL, Player, State

__all__ = ["CHANCE", "TERMINAL", "Action", "Player", "Ruleset", "State", "new_game"]


def new_game(
    edition: str | Path | Any = "classic",
    players: int | Sequence[str] = 4,
    options: Mapping[str, Any] | None = None,
) -> State:
    """A new game: the edition (name, path or Edition), the players (a count or
    their names) and house rules (unknown names or bad values are EditionError).

    >>> import lifespin
    >>> s = lifespin.new_game("classic", players=["Ana", "Bo"])
    >>> s.current_player == lifespin.CHANCE   # the estates' tiles are dealt first
    True
    """
    from ..editions import load_edition

    ed = load_edition(edition)
    rules = ed.ruleset(options)
    if isinstance(players, int):
        if isinstance(players, bool):
            raise TypeError("players is a count or a list of names")
        names = tuple(f"Player {i + 1}" for i in range(players))
    else:
        names = tuple(str(n) for n in players)
    return State.initial(rules, names)
