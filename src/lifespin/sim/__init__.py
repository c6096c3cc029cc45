"""Drivers: play one game, play many."""

from __future__ import annotations

from .driver import GameSummary, play_game, play_many, play_state, summarize

__all__ = ["GameSummary", "play_game", "play_many", "play_state", "summarize"]
