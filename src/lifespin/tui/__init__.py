"""The terminal game (Textual): `run(...)` opens it.

>>> from lifespin.tui import parse_players
>>> [s.name for s in parse_players(["Ana", "bot:hard", "Bo=bot:easy"])]
['Ana', 'Ada (hard)', 'Bo (easy)']
"""

from __future__ import annotations

from .app import (
    SPEEDS,
    AdviceRow,
    Controller,
    GameScreen,
    LifespinApp,
    SeatSpec,
    known_bots,
    parse_players,
    parse_speed,
    run,
)

__all__ = [
    "SPEEDS",
    "AdviceRow",
    "Controller",
    "GameScreen",
    "LifespinApp",
    "SeatSpec",
    "known_bots",
    "parse_players",
    "parse_speed",
    "run",
]
