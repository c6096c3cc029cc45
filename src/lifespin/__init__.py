"""lifespin: the family spin-and-move game of Life, as a faithful rules engine.

>>> import lifespin
>>> record = lifespin.sim.play_game("classic", players=4, seed=7)
>>> final = lifespin.replay(record)
>>> final.is_terminal
True
"""

from __future__ import annotations

from . import sim
from .bots import advise
from .editions import Edition, available, load_edition, new_game
from .engine import CHANCE, TERMINAL, Action, Player, State
from .errors import (
    EditionError,
    GameOverError,
    IllegalActionError,
    InvalidActionError,
    LifespinError,
    RecordError,
)
from .record import Record, replay
from .rng import Stream

__all__ = [
    "CHANCE",
    "TERMINAL",
    "Action",
    "Edition",
    "EditionError",
    "GameOverError",
    "IllegalActionError",
    "InvalidActionError",
    "LifespinError",
    "Player",
    "Record",
    "RecordError",
    "State",
    "Stream",
    "advise",
    "available",
    "load_edition",
    "new_game",
    "replay",
    "sim",
]

__version__ = "0.1.0"
