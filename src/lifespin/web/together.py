"""Playing together: a rematch at the same table, and a short table chat.

Both live beside the game (`Game` is not changed): what they remember is kept
in memory per live game, so a restarted server forgets the chat and the link
from a game to its rematch, never a game itself.

A rematch is a new game in the lobby with the same edition, house rules,
seats, bot pace, turn clock and *token hashes*: every seat's link works in the new game
with its old token, and the host's token too, so each page can follow the
table into the rematch by itself (the server tells the old game's sockets the
new game's id) and no one needs a new link.

Chat is text only (the pages show it as text, never as markup), capped in
length, limited in rate per seat, and only seats may speak.
"""

from __future__ import annotations

import json
import secrets
import time
import weakref
from collections import deque
from dataclasses import dataclass
from typing import Any

from ..editions import load_edition, new_game
from ..errors import EditionError
from ..rng import Stream
from .clocks import CLOCKS, clock_of, start_clock
from .games import Game, GameManager, Seat, SetupError, _make_bot
from .security import new_game_id
from .store import GameRow, SeatRow, Store, utcnow

__all__ = [
    "CHAT_BURST",
    "CHAT_KEEP",
    "CHAT_MAX_CHARS",
    "CHAT_WINDOW_S",
    "ChatLine",
    "ChatRefused",
    "ChatTooFast",
    "RematchRefused",
    "chat_lines",
    "rematch",
    "rematch_of",
    "say",
]

CHAT_MAX_CHARS = 200
"""The longest chat line."""
CHAT_KEEP = 50
"""Lines a game keeps (a page opened late sees these)."""
CHAT_BURST = 5
CHAT_WINDOW_S = 10.0
"""A seat may send CHAT_BURST lines in any CHAT_WINDOW_S seconds."""


class RematchRefused(ValueError):
    """A rematch that cannot be made now (the game is not over)."""


class ChatRefused(ValueError):
    """A chat line refused: empty, too long, or too many too fast."""


class ChatTooFast(ChatRefused):
    """A seat sent more than CHAT_BURST lines in CHAT_WINDOW_S seconds."""


@dataclass(frozen=True)
class ChatLine:
    seat: int
    name: str
    text: str
    at: str  # ISO time

    def to_json(self) -> dict[str, Any]:
        return {"seat": self.seat, "name": self.name, "text": self.text, "at": self.at}


@dataclass
class _Table:
    rematch_id: str | None = None
    lines: deque[ChatLine] | None = None
    sent: dict[int, deque[float]] | None = None


_tables: weakref.WeakKeyDictionary[Game, _Table] = weakref.WeakKeyDictionary()


def _table(game: Game) -> _Table:
    t = _tables.get(game)
    if t is None:
        t = _Table(lines=deque(maxlen=CHAT_KEEP), sent={})
        _tables[game] = t
    return t


def rematch_of(game: Game) -> str | None:
    """The id of the game's rematch, once one was made."""
    t = _tables.get(game)
    return t.rematch_id if t else None


async def rematch(manager: GameManager, game: Game) -> Game:
    """The same table again: a new game in the lobby (made once; asked again,
    the same one). The old game's sockets are told its id.

    Raises:
        RematchRefused: the game is not over.
        SetupError: the edition cannot be loaded any more.
    """
    if game.status != "over":
        raise RematchRefused("a rematch is offered once the game is over")
    t = _table(game)
    if t.rematch_id is not None:
        again = await manager.get(t.rematch_id)
        if again is not None:
            return again
    try:
        ed = load_edition(game.row.edition)
        options = ed.resolve_options(dict(game.row.options))
        state = new_game(ed, [s.name for s in game.seats], options)
    except (EditionError, ValueError) as exc:
        raise SetupError(f"the rematch cannot be set up: {exc}") from None
    seat_rows = [SeatRow(s.index, s.name, s.kind, s.difficulty, s.token_hash, None)
                 for s in game.seats]
    row = GameRow(id=new_game_id(), edition=ed.id, edition_version=ed.version, options=options,
                  seed=secrets.randbits(63), status="lobby",
                  host_token_hash=game.row.host_token_hash, created_at=utcnow())
    cluster = manager.cluster

    def insert(conn: Any) -> None:
        Store.insert_game(conn, row, seat_rows)
        if cluster is not None:  # the process that makes the rematch owns it
            cluster.store.take_lease(conn, row.id)

    await manager.writer.run(insert)
    seats = [Seat(s.seat, s.name, s.kind, s.difficulty, s.token_hash) for s in seat_rows]
    for seat in seats:
        if seat.is_bot:
            seat.bot = _make_bot(seat.difficulty)
    new = Game(row=row, seats=seats, state=state, chance=Stream(row.seed).state)
    new.pace = game.pace
    manager.games[new.id] = new
    clock = clock_of(game)
    if clock is not None and clock.name in CLOCKS:
        start_clock(manager, new, clock.name, limit=clock.limit)
    t.rematch_id = new.id
    game.broadcast(json.dumps({"type": "rematch", "game": new.id}))
    return new


def chat_lines(game: Game) -> list[dict[str, Any]]:
    """The game's last chat lines, oldest first."""
    t = _tables.get(game)
    return [line.to_json() for line in (t.lines or ())] if t else []


def say(game: Game, seat: int, text: str, now: float | None = None) -> ChatLine:
    """A seat's chat line, kept and sent to every socket of the game.

    Raises:
        ChatRefused: an empty or too long line, or a seat sending too fast.
    """
    clean = " ".join(text.split())  # one line: no newlines or runs of spaces
    if not clean:
        raise ChatRefused("say something: the line is empty")
    if len(clean) > CHAT_MAX_CHARS:
        raise ChatRefused(f"a chat line is at most {CHAT_MAX_CHARS} characters, "
                          f"not {len(clean)}")
    t = _table(game)
    assert t.sent is not None and t.lines is not None
    clock = time.monotonic() if now is None else now
    sent = t.sent.setdefault(seat, deque())
    while sent and clock - sent[0] > CHAT_WINDOW_S:
        sent.popleft()
    if len(sent) >= CHAT_BURST:
        raise ChatTooFast(f"slow down: at most {CHAT_BURST} lines in {CHAT_WINDOW_S:g} seconds")
    sent.append(clock)
    line = ChatLine(seat, game.seats[seat].name, clean, utcnow().isoformat())
    t.lines.append(line)
    game.broadcast(json.dumps({"type": "chat", **line.to_json()}))
    return line
