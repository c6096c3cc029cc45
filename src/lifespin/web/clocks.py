"""Turn clocks, a bot for a player who is away, and a new link for a lost one.

A game created with a clock (`relaxed` or `fast`: seconds per decision in
`CLOCKS`) is watched by one task: when a person's decision has waited its
time, the default choice is made for them (the normal bot's: a sensible one,
from the seat's own view), and the game goes on. After `AWAY_AFTER` such
timeouts in a row the seat is *away*: a bot plays it at once, turn after
turn, until its player takes the seat back (`take_back`, from their page) or
plays a move in time themselves. Everything here is kept in memory beside
the game: a game resumed after a restart has no clock.

Without a clock, the host may hand an absent player's seat to a bot
(`hand_to_bot`): the same away state, with no time limit for anyone else.

The host may also give a person's seat a new link (`relink`) when the old one
is lost: a fresh token, stored as its hash; the old link stops working.
"""

from __future__ import annotations

import asyncio
import json
import logging
import math
import time
import weakref
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import update

from .games import Game, GameManager
from .security import hash_token, new_token
from .store import ActionRow, seats_table

__all__ = [
    "AWAY_AFTER",
    "CLOCKS",
    "TICK_S",
    "ClockState",
    "clock_of",
    "hand_to_bot",
    "relink",
    "start_clock",
    "take_back",
]

log = logging.getLogger("lifespin.web")

CLOCKS = {"relaxed": 120.0, "fast": 30.0}
"""Seconds a person has for each decision, by the clock chosen at creation."""
AWAY_AFTER = 2
"""Timeouts in a row after which a seat is played by a bot until its player is back."""
TICK_S = 0.25
"""How often the watcher looks at the game."""


@dataclass
class ClockState:
    """One game's clock: whose decision is timed since when, and who is away."""

    name: str
    limit: float
    version: int = -1
    since: float = 0.0
    seat: int = -1  # whose decision is timed
    timeouts: dict[int, int] = field(default_factory=dict)
    away: set[int] = field(default_factory=set)
    acted: int = -1  # the version after the watcher's own last move

    def public(self) -> dict[str, Any]:
        timed = self.version >= 0 and math.isfinite(self.limit)
        left = max(0.0, self.limit - (time.monotonic() - self.since)) if timed else None
        return {"clock": self.name, "limit": self.limit if math.isfinite(self.limit) else None,
                "left": left, "away": sorted(self.away)}


_clocks: weakref.WeakKeyDictionary[Game, ClockState] = weakref.WeakKeyDictionary()
_tasks: set[asyncio.Task[None]] = set()


def clock_of(game: Game) -> ClockState | None:
    return _clocks.get(game)


def start_clock(manager: GameManager, game: Game, name: str | None, *,
                limit: float | None = None) -> ClockState | None:
    """Watch `game` with the clock `name` (None or "off": no clock). `limit`
    overrides the clock's seconds (tests)."""
    if not name or name == "off":
        return None
    if name not in CLOCKS:
        raise ValueError(f"unknown clock {name!r}; known: off, {', '.join(CLOCKS)}")
    state = ClockState(name, CLOCKS[name] if limit is None else limit)
    _clocks[game] = state
    task = asyncio.get_running_loop().create_task(_watch(manager, game, state))
    _tasks.add(task)
    task.add_done_callback(_tasks.discard)
    return state


def _announce(game: Game, state: ClockState) -> None:
    game.broadcast(json.dumps({"type": "clock", **state.public()}))


async def _watch(manager: GameManager, game: Game, state: ClockState) -> None:
    while not manager.closing and game.status != "over":
        await asyncio.sleep(TICK_S)
        if game.status == "lobby" and manager.games.get(game.id) is not game:
            return  # dropped before it started
        if game.status != "playing":
            continue
        try:
            await _tick(manager, game, state)
        except Exception:  # a failed tick must not stop the clock for good
            log.exception("game %s: the turn clock failed", game.id)
            await asyncio.sleep(1.0)


async def _tick(manager: GameManager, game: Game, state: ClockState) -> None:
    st = game.state
    seat = st.current_player
    if st.move_number != state.version:
        # A new decision. If the person timed last moved by themselves (not
        # us) in time, their run of timeouts is over.
        if state.seat >= 0 and state.acted != st.move_number:
            state.timeouts.pop(state.seat, None)
        state.version = st.move_number
        state.since = time.monotonic()
        state.seat = seat if seat >= 0 and not game.seats[seat].is_bot else -1
    if st.is_terminal or seat < 0 or game.seats[seat].is_bot:
        return
    away = seat in state.away
    if not away and time.monotonic() - state.since < state.limit:
        return
    await _play_for(manager, game, state, seat)
    if not away:
        state.timeouts[seat] = state.timeouts.get(seat, 0) + 1
        if state.timeouts[seat] >= AWAY_AFTER:
            state.away.add(seat)
            _announce(game, state)


async def _play_for(manager: GameManager, game: Game, state: ClockState, seat: int) -> None:
    """The default choice for `seat`, made as its own move (under the game's lock)."""
    async with game.lock:
        st = game.state
        if st.move_number != state.version or st.current_player != seat or st.is_terminal:
            return  # the player moved just now
        action = await manager._bot_choice(game, st, seat)
        new = st.apply(action)
        await manager._commit(game, [(ActionRow(st.move_number, str(action), seat), new)])
        state.acted = game.state.move_number


def hand_to_bot(manager: GameManager, game: Game, seat: int) -> ClockState:
    """The host hands a person's seat to a bot until its player takes it back.

    Raises:
        ValueError: the seat is a bot's already.
    """
    if game.seats[seat].is_bot:
        raise ValueError("this seat is a bot's already")
    state = _clocks.get(game)
    if state is None:
        # No clock: one that never runs out, only to play the away seats.
        state = ClockState("off", math.inf)
        _clocks[game] = state
        task = asyncio.get_running_loop().create_task(_watch(manager, game, state))
        _tasks.add(task)
        task.add_done_callback(_tasks.discard)
    state.away.add(seat)
    _announce(game, state)
    return state


def take_back(game: Game, seat: int) -> ClockState | None:
    """The player of an away seat is back: the bot stops playing it."""
    state = _clocks.get(game)
    if state is None:
        return None
    state.away.discard(seat)
    state.timeouts.pop(seat, None)
    _announce(game, state)
    return state


async def relink(manager: GameManager, game: Game, seat: int) -> str:
    """A new token for a person's seat (the old link stops working).

    Raises:
        ValueError: the seat is a bot's.
    """
    s = game.seats[seat]
    if s.is_bot:
        raise ValueError("a bot's seat has no link")
    token = new_token()
    digest = hash_token(token)
    game_id = game.id
    await manager.writer.run(lambda conn: conn.execute(
        update(seats_table).where(seats_table.c.game_id == game_id, seats_table.c.seat == seat)
        .values(token_hash=digest)))
    s.token_hash = digest
    return token
