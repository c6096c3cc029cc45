"""The rules engine: a pure state machine (no I/O, no clock, no global RNG)."""

from __future__ import annotations

from .actions import Action
from .ruleset import Ruleset
from .state import CHANCE, TERMINAL, Player, State

__all__ = ["CHANCE", "TERMINAL", "Action", "Player", "Ruleset", "State"]
