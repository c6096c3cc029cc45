"""The rules engine: a pure state machine (no I/O, no clock, no global RNG)."""

from __future__ import annotations

# The rule modules register themselves (registry.py) on import; state.py
# dispatches through the registry and imports none of them.
from . import abilities, chance, decisions, effects, turn  # noqa: F401
from .actions import Action
from .player import Player
from .ruleset import Ruleset
from .state import CHANCE, TERMINAL, State

__all__ = ["CHANCE", "TERMINAL", "Action", "Player", "Ruleset", "State"]
