"""Live games: the authoritative copy of each game the server runs.

A `Game` holds the current engine State, the chance stream (its seed never
leaves the server), the seats and the open sockets. Every change to a game
happens under the game's asyncio lock, in this order: check, compute the new
states (the seat's action through the checked door, then every chance
outcome that follows, drawn from the stream), commit the new record rows,
and only then replace the in-memory state and tell the sockets. A failed
commit changes nothing in memory, and the game is re-read from the database.

The `GameManager` creates, loads (by replaying records), starts and runs
games, including the bot seats, which act as server tasks after a pace. The
game loop's pieces are the table's (`lifespin.table`), as in every shell:
chance is drawn by `resolve_chance`, a bot decides through `choose` (a bot
that fails plays at random from its own stream), a game is resumed from its
record by `Table.resume`, and a seat's difficulty is a bot by `make_seat_bot`.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import re
import secrets
import time
from collections import OrderedDict, deque
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import partial
from typing import Any, TypeVar

from starlette.concurrency import run_in_threadpool

from .. import bots as bots_module
from ..bots import Bot
from ..editions import load_edition, new_game
from ..engine import Action, State
from ..errors import (
    EditionError,
    GameOverError,
    IllegalActionError,
    InvalidActionError,
    LifespinError,
)
from ..record import Record
from ..rng import Stream
from ..table import DEFAULT_LEVEL, SeatSpec, Table, choose, make_seat_bot, resolve_chance
from .cluster import Cluster
from .guard import RateLimiter
from .inputs import public_message
from .protocol import (
    ProtocolError,
    dumps,
    lobby_message,
    presence_message,
    state_message,
)
from .security import hash_token, new_game_id, new_token, token_matches
from .settings import Settings
from .store import ActionRow, GameRow, LeaseLost, SeatRow, Store, StoredGame, Writer, utcnow
from .thinking import HEAVY_BOTS, Thinking

__all__ = [
    "DIFFICULTIES",
    "Ack",
    "AlreadyStarted",
    "Busy",
    "Connection",
    "CreatedGame",
    "Game",
    "GameManager",
    "Seat",
    "SetupError",
]

log = logging.getLogger("lifespin.web")
T = TypeVar("T")

DIFFICULTIES = ("random", "easy", "normal", "hard")
"""Bot difficulties a lobby may ask for (bot levels of `lifespin.table`); a bot
seat that names none plays at `lifespin.table.DEFAULT_LEVEL`."""

_GAME_ID = re.compile(r"^[A-Za-z0-9_-]{1,32}$")
# States kept for ?since= (a reconnect after a drop); further back gets the
# current state. Each costs about 1 KiB, so a game nobody has watched for
# _RECENT_KEPT seconds lets them go (a later since= rebuilds them off the loop).
_MAX_SINCE = 64
_RECENT_KEPT = 120.0
_SLOW_CLIENT = 4096  # queued messages before a socket that does not read is dropped
_FINISHED_CACHE = 64
_RECENT_IDS = 32
PACES = {"instant": 0.0, "quick": 0.3, "relaxed": 1.5}
"""Seconds each bot move waits, by the pace a game was created with."""


class SetupError(LifespinError, ValueError):
    """A game that cannot be created as asked (edition, options, seats, seed)."""


class AlreadyStarted(LifespinError):
    """The host asked to start a game that is not in the lobby."""


class Busy(LifespinError):
    """The server holds as many games of this kind as it is set to
    (LIFESPIN_MAX_LIVE_GAMES, LIFESPIN_MAX_BOT_GAMES); try again later."""


@dataclass
class Seat:
    index: int
    name: str
    kind: str  # "human" or "bot"
    difficulty: str | None
    token_hash: str | None
    joined_at: datetime | None = None
    bot: Bot | None = None

    @property
    def is_bot(self) -> bool:
        return self.kind == "bot"


@dataclass(frozen=True)
class Ack:
    client_id: str | None
    move: int
    version: int
    duplicate: bool


@dataclass(frozen=True)
class CreatedGame:
    game: Game
    host_token: str
    seat_tokens: dict[int, str]


class Connection:
    """One socket's outbound side: a queue that one sender task drains, so the
    messages of a game reach each socket in the order they were decided."""

    def __init__(self, seat: int | None, client: str = "unknown",
                 advice_limiter: RateLimiter | None = None) -> None:
        self.seat = seat
        self.client = client  # its address, for per-client limits
        self.advice_limiter = advice_limiter
        self.queue: asyncio.Queue[str | None] = asyncio.Queue()
        self.closed = False
        self.too_slow = False
        self.failed = False  # a message of this socket broke the server once

    def send(self, text: str) -> None:
        if self.closed:
            return
        if self.queue.qsize() >= _SLOW_CLIENT:
            # It can come back with ?since= and miss nothing.
            self.too_slow = True
            self.close()
            return
        self.queue.put_nowait(text)

    def close(self) -> None:
        if not self.closed:
            self.closed = True
            self.queue.put_nowait(None)


@dataclass(eq=False)
class Game:
    row: GameRow
    seats: list[Seat]
    state: State
    chance: int  # the chance stream's SplitMix64 state (never sent anywhere)
    # The latest action ids: (seat, id) -> (move, version after, action). Only
    # recent ones are kept: an older resend carries an older version, which is
    # refused as stale, so it can never be applied twice either.
    client_ids: OrderedDict[tuple[int, str], tuple[int, int, str]] = field(
        default_factory=OrderedDict)
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    advice_lock: asyncio.Lock = field(default_factory=asyncio.Lock)  # one at a time
    connections: set[Connection] = field(default_factory=set)
    bot_task: asyncio.Task[None] | None = None
    # The pace chosen at creation (PACES); None: the server's bot_pace. Kept in
    # memory only: a game resumed after a restart plays at the server's pace.
    pace: str | None = None
    presence_due: asyncio.TimerHandle | None = None
    # Whether this process owns the game (always, on SQLite); a follower copy
    # only mirrors the owner's moves (web/cluster.py).
    owned: bool = True
    touched: float = field(default_factory=time.monotonic)  # someone did something
    touched_saved: float = 0.0

    def touch(self) -> None:
        self.touched = time.monotonic()

    @property
    def bots_only(self) -> bool:
        return all(s.is_bot for s in self.seats)
    # The latest states, oldest first, for sockets that come back with ?since=
    # (filled as moves are made, and once from the record when first needed).
    recent: deque[State] = field(default_factory=lambda: deque(maxlen=_MAX_SINCE))

    @property
    def id(self) -> str:
        return self.row.id

    @property
    def status(self) -> str:
        return self.row.status

    @property
    def version(self) -> int:
        return self.state.move_number

    @property
    def started(self) -> bool:
        return self.row.status != "lobby"

    def seat_token_ok(self, seat: int, token: str | None) -> bool:
        return 0 <= seat < len(self.seats) and token_matches(token, self.seats[seat].token_hash)

    def host_token_ok(self, token: str | None) -> bool:
        return token_matches(token, self.row.host_token_hash)

    def connected(self, seat: int | None) -> int:
        return sum(1 for c in self.connections if c.seat == seat)

    def results(self) -> list[dict[str, Any]] | None:
        return self.state.results() if self.state.is_terminal else None

    def public(self) -> dict[str, Any]:
        """What anyone may know about the game (GamePublic)."""
        return {
            "id": self.id,
            "edition": self.row.edition,
            "edition_version": self.row.edition_version,
            "options": dict(self.row.options),
            "status": self.status,
            "version": self.version if self.started else 0,
            "seats": [self.seat_public(s.index) for s in self.seats],
            "spectators": self.connected(None),
            "created_at": self.row.created_at,
            "started_at": self.row.started_at,
            "finished_at": self.row.finished_at,
            "results": self.results() if self.status == "over" else None,
            "pace": self.pace,
        }

    def seat_public(self, index: int) -> dict[str, Any]:
        s = self.seats[index]
        return {
            "seat": s.index,
            "name": s.name,
            "kind": s.kind,
            "difficulty": s.difficulty,
            "joined": s.is_bot or s.joined_at is not None,
            "connected": self.connected(s.index),
        }

    def view_message(self, state: State, seat: int | None) -> str:
        status = "over" if state.is_terminal else "playing"
        return state_message(state.move_number, status, dumps(state.view(seat)))

    def broadcast_states(self, states: list[State]) -> None:
        """Each state to every socket, each seat its own view, each view built once."""
        conns = [c for c in self.connections if not c.closed]
        if not conns:
            return
        audience = {c.seat for c in conns}
        for st in states:
            texts = {seat: self.view_message(st, seat) for seat in audience}
            for c in conns:
                c.send(texts[c.seat])

    def broadcast(self, text: str) -> None:
        for c in list(self.connections):
            c.send(text)

    def announce_presence(self, interval: float) -> None:
        """Tell every socket who is here, at most once per `interval` seconds:
        a crowd arriving at once costs one message per socket per interval,
        not one per arrival (which grows with the square of the crowd)."""
        if interval <= 0:
            self.broadcast_presence()
            return
        if self.presence_due is None:
            self.presence_due = asyncio.get_running_loop().call_later(
                interval, self._presence_now)

    def _presence_now(self) -> None:
        self.presence_due = None
        self.broadcast_presence()

    def lobby_text(self) -> str:
        return lobby_message(_jsonable_public(self.public()))

    def broadcast_presence(self) -> None:
        if not self.started:
            self.broadcast(self.lobby_text())
            return
        seats = [{"seat": s.index, "connected": self.connected(s.index)} for s in self.seats]
        self.broadcast(presence_message(seats, self.connected(None)))


def _jsonable_public(data: dict[str, Any]) -> dict[str, Any]:
    out = dict(data)
    for key in ("created_at", "started_at", "finished_at"):
        value = out.get(key)
        if isinstance(value, datetime):
            out[key] = value.isoformat()
    return out


def _stream(state: int) -> Stream:
    s = Stream(0)
    s.state = state
    return s


def _resolve_chance(state: State, chance: int) -> tuple[list[tuple[ActionRow, State]], int]:
    """Every chance outcome from `state` on, drawn by the table's rule from a
    copy of the stream (memory changes only after the commit); the new rows
    and the stream's state after them."""
    stream = _stream(chance)
    steps = [(ActionRow(after.move_number - 1, str(action), -1), after)
             for action, after in resolve_chance(state, stream)]
    return steps, stream.state


def _make_bot(difficulty: str | None) -> Bot:
    """The bot for a seat of this difficulty (none: the default level).

    Raises:
        SetupError: an unknown difficulty, naming it.
    """
    try:
        return make_seat_bot(difficulty or DEFAULT_LEVEL)
    except ValueError as exc:
        raise SetupError(f"bot difficulty: {exc}") from None


def _jsonable(value: Any) -> Any:
    """The advisor's answer, made JSON-ready (Actions become their notation)."""
    if isinstance(value, Action):
        return str(value)
    if isinstance(value, dict):
        return {str(_jsonable(k)): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_jsonable(v) for v in value]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    to_json = getattr(value, "to_json", None)
    if callable(to_json):
        return _jsonable(to_json())
    asdict = getattr(value, "_asdict", None)
    if callable(asdict):
        return _jsonable(asdict())
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    return str(value)


async def _shielded(coro: Coroutine[Any, Any, T]) -> T:
    """Run `coro` as its own task so that a client hanging up half-way (which
    cancels its handler) never interrupts a change between commit and memory."""
    task = asyncio.ensure_future(coro)
    return await asyncio.shield(task)


class GameManager:
    """Every game the server holds, and every change to them."""

    def __init__(self, settings: Settings, store: Store, writer: Writer) -> None:
        self.settings = settings
        self.store = store
        self.writer = writer
        self.games: dict[str, Game] = {}  # lobby and playing games: all of them
        self.finished: OrderedDict[str, Game] = OrderedDict()  # recently finished
        self._loading: dict[str, asyncio.Future[Game | None]] = {}
        self._bot_tasks: set[asyncio.Task[None]] = set()
        self.closing = False
        self.cluster = Cluster(self, store, writer) if store.shared else None
        self.thinking = Thinking(settings.bot_workers)
        # Per seat: the advisor plays hundreds of games out for each answer.
        self.advice_limiter = RateLimiter(settings.advice_per_minute,
                                          max(1, int(settings.advice_per_minute // 4)))
        self._sweeper: asyncio.Task[None] | None = None

    # ------------------------------------------------------------ start-up

    async def load_unfinished(self) -> int:
        """Load every game in the lobby or in play by replaying its record; bots
        resume. Returns how many were loaded. On a shared database (PostgreSQL)
        none: the games are shared out by their leases as they are needed."""
        self._sweeper = asyncio.get_running_loop().create_task(self._sweep_loop())
        idle = timedelta(minutes=self.settings.idle_minutes)
        expired = await run_in_threadpool(self.store.expire_untouched, utcnow() - idle)
        if expired:
            log.info("%d game(s) untouched for %s marked abandoned", expired, idle)
        if self.cluster is not None:
            await self.cluster.start()
            return 0
        # Only games whose bots must play on; the rest load when someone opens them.
        ids = await run_in_threadpool(self.store.games_with_bots)
        stored = [sg for sg in await run_in_threadpool(self.store.load_games, ("playing",))
                  if sg.game.id in set(ids)] if ids else []
        loaded = 0
        for sg in stored:
            try:
                game = self._build(sg)
            except LifespinError as exc:
                log.error("game %s cannot be resumed and is left as it is: %s", sg.game.id, exc)
                continue
            self.games[game.id] = game
            loaded += 1
        for game in list(self.games.values()):
            if game.status == "playing":
                async with game.lock:
                    try:
                        if game.state.is_chance_node:  # not expected: commits include chance
                            await self._commit(game, [])
                    except ProtocolError:
                        log.error("game %s: its opening chance could not be stored", game.id)
                    self.kick_bots(game)
        if loaded:
            log.info("resumed %d unfinished game(s)", loaded)
        return loaded

    async def shutdown(self) -> None:
        self.closing = True
        tasks = list(self._bot_tasks)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        if self._sweeper is not None:
            self._sweeper.cancel()
        if self.cluster is not None:
            await self.cluster.stop()
        self.thinking.close()
        for game in [*self.games.values(), *self.finished.values()]:
            if game.presence_due is not None:
                game.presence_due.cancel()
            for c in list(game.connections):
                c.close()

    def _build(self, sg: StoredGame) -> Game:
        g = sg.game
        seats = [Seat(s.seat, s.name, s.kind, s.difficulty, s.token_hash, s.joined_at)
                 for s in sg.seats]
        for seat in seats:
            if seat.is_bot:
                seat.bot = _make_bot(seat.difficulty)
        names = tuple(s.name for s in seats)
        record = Record(g.edition, g.edition_version, names, g.seed, dict(g.options),
                        tuple(a.action for a in sg.actions))
        table = Table.resume(record, [SeatSpec(s.name, s.difficulty if s.is_bot else None)
                                      for s in seats], bots=[s.bot for s in seats])
        for move in table.drift:
            log.warning("game %s: move %d is %s, the stream says otherwise", g.id, move,
                        record.actions[move])
        client_ids: OrderedDict[tuple[int, str], tuple[int, int, str]] = OrderedDict()
        rows = sg.actions
        for i, row in enumerate(rows):
            if row.client_id is not None and row.seat >= 0:
                j = i + 1
                while j < len(rows) and rows[j].seat < 0:
                    j += 1
                _remember_id(client_ids, (row.seat, row.client_id), (row.move, j, row.action))
        return Game(row=g, seats=seats, state=table.state, chance=table.chance.state,
                    client_ids=client_ids)

    # ------------------------------------------------------------ lookup

    async def get(self, game_id: str) -> Game | None:
        """The game, from memory or (a finished one) from the database."""
        game = self.games.get(game_id) or self.finished.get(game_id)
        if game is not None:
            return game
        if not _GAME_ID.match(game_id):
            return None
        pending = self._loading.get(game_id)
        if pending is not None:
            return await asyncio.shield(pending)
        fut: asyncio.Future[Game | None] = asyncio.get_running_loop().create_future()
        self._loading[game_id] = fut
        try:
            stored = await run_in_threadpool(self.store.load_game, game_id)
            try:
                game = self._build(stored) if stored is not None else None
            except LifespinError as exc:
                log.error("game %s cannot be loaded: %s", game_id, exc)
                game = None
            if game is not None:
                if game.status == "over":
                    self._remember_finished(game)
                else:  # written by another process since we started: adopt it
                    if self.cluster is not None:
                        game.owned = False  # a follower until its lease is ours
                    game = self.games.setdefault(game.id, game)
                    if self.cluster is not None:
                        await self.cluster.adopt(game, rebuild=False)
            fut.set_result(game)
            return game
        except asyncio.CancelledError:
            fut.cancel()
            raise
        except Exception as exc:
            fut.set_exception(exc)
            fut.exception()  # retrieved: nobody else may be waiting
            raise
        finally:
            del self._loading[game_id]

    def _remember_finished(self, game: Game) -> None:
        self.games.pop(game.id, None)
        self.finished[game.id] = game
        self.finished.move_to_end(game.id)
        while len(self.finished) > _FINISHED_CACHE:
            self.finished.popitem(last=False)

    async def list_public(self, status: str | None, limit: int) -> list[dict[str, Any]]:
        stored = await run_in_threadpool(self.store.list_games, status, limit)
        out = []
        for sg in stored:
            live = self.games.get(sg.game.id) or self.finished.get(sg.game.id)
            if live is not None:
                out.append(live.public())
                continue
            g = sg.game
            out.append({
                "id": g.id, "edition": g.edition, "edition_version": g.edition_version,
                "options": dict(g.options), "status": g.status, "version": None,
                "seats": [{"seat": s.seat, "name": s.name, "kind": s.kind,
                           "difficulty": s.difficulty,
                           "joined": s.kind == "bot" or s.joined_at is not None,
                           "connected": 0} for s in sg.seats],
                "spectators": 0, "created_at": g.created_at, "started_at": g.started_at,
                "finished_at": g.finished_at, "results": None,
            })
        return out

    # ------------------------------------------------------------ lobby

    async def create(self, *, edition: str, seats: list[tuple[str, str, str | None]],
                     options: dict[str, Any], seed: int | None) -> CreatedGame:
        """A new game in the lobby. `seats`: (name, kind, difficulty) each.

        Raises:
            SetupError: an unknown edition, a bad house rule, a seat count the
                edition does not allow, an unknown bot difficulty, or a seed
                when seeds are not allowed.
        """
        if seed is not None and not self.settings.allow_seed:
            raise SetupError("this server does not take seeds (LIFESPIN_ALLOW_SEED is off)")
        if len(self.games) >= self.settings.max_live_games:
            raise Busy(f"this server holds {len(self.games)} live games, the most it is set to "
                       "(LIFESPIN_MAX_LIVE_GAMES); try again later")
        try:
            ed = load_edition(edition) if edition in _available() else None
            if ed is None:
                raise SetupError(f"unknown edition {edition!r}; known: {', '.join(_available())}")
            resolved = ed.resolve_options(options)
            state = new_game(ed, [name for name, _, _ in seats], resolved)
        except EditionError as exc:
            raise SetupError(public_message(exc)) from None
        except (ValueError, TypeError) as exc:
            if isinstance(exc, SetupError):
                raise
            raise SetupError(str(exc)) from None
        bots = [_make_bot(difficulty) if kind == "bot" else None
                for _, kind, difficulty in seats]
        now = utcnow()
        host_token = new_token()
        tokens: dict[int, str] = {}
        seat_rows: list[SeatRow] = []
        for i, (name, kind, difficulty) in enumerate(seats):
            token_hash = None
            if kind == "human":
                tokens[i] = new_token()
                token_hash = hash_token(tokens[i])
            seat_rows.append(SeatRow(i, name, kind, difficulty, token_hash, None))
        row = GameRow(
            id=new_game_id(), edition=ed.id, edition_version=ed.version, options=resolved,
            seed=seed if seed is not None else secrets.randbits(63), status="lobby",
            host_token_hash=hash_token(host_token), created_at=now,
        )
        cluster = self.cluster

        def insert(conn: Any) -> None:
            Store.insert_game(conn, row, seat_rows)
            if cluster is not None:  # its creator owns it
                cluster.store.take_lease(conn, row.id)

        await self.writer.run(insert)
        game = Game(
            row=row,
            seats=[Seat(s.seat, s.name, s.kind, s.difficulty, s.token_hash) for s in seat_rows],
            state=state, chance=Stream(row.seed).state,
        )
        for seat, bot in zip(game.seats, bots, strict=True):
            seat.bot = bot
        self.games[game.id] = game
        return CreatedGame(game, host_token, tokens)

    async def join(self, game: Game, seat: int, *, announce: bool = True) -> None:
        """Mark a human seat joined (the first use of its link)."""
        s = game.seats[seat]
        if s.joined_at is not None or s.is_bot:
            return
        at = utcnow()
        await self.writer.run(lambda conn: Store.mark_joined(conn, game.id, seat, at))
        if s.joined_at is None:
            s.joined_at = at
            if announce:
                game.announce_presence(self.settings.presence_interval)

    async def start(self, game: Game) -> None:
        """Start a lobby game: the opening chance is dealt and the bots begin.

        Raises:
            AlreadyStarted: the game is not in the lobby.
            ProtocolError: server_error, when it could not be stored.
        """
        await _shielded(self._start(game))

    async def _start(self, game: Game) -> None:
        game.touch()
        if game.bots_only and game.status == "lobby":
            playing = sum(1 for g in self.games.values()
                          if g.bots_only and g.status == "playing" and g.owned)
            if playing >= self.settings.max_bot_games:
                raise Busy(f"{playing} games of bots only are playing here, the most this "
                           "server runs at once (LIFESPIN_MAX_BOT_GAMES); try again later")
        if self.cluster is not None and not game.owned:
            answer = await self.cluster.forward(game, "start")
            if "already" in answer:
                raise AlreadyStarted(answer["already"])
            if not answer.get("local"):
                return
        async with game.lock:
            if game.status != "lobby":
                raise AlreadyStarted(f"the game has already started (it is {game.status})")
            await self._commit(game, [], started_at=utcnow())

    # ------------------------------------------------------------ play

    async def act(self, game: Game, seat: int, text: str, version: int,
                  client_id: str | None) -> Ack:
        """A seat's action, checked, committed and broadcast.

        Raises:
            ProtocolError: not_started, game_over, stale_version, not_your_turn,
                invalid_action, illegal_action or server_error; nothing changed.
        """
        return await _shielded(self._act(game, seat, text, version, client_id))

    async def _act(self, game: Game, seat: int, text: str, version: int,
                   client_id: str | None) -> Ack:
        game.touch()
        if self.cluster is not None and not game.owned:
            answer = await self.cluster.forward(game, "act", seat=seat, action=text,
                                                version=version, id=client_id)
            if not answer.get("local"):
                return Ack(client_id, int(answer["move"]), int(answer["version"]),
                           bool(answer["duplicate"]))
        async with game.lock:
            if client_id is not None:
                done = game.client_ids.get((seat, client_id))
                if done is not None:
                    move, after, applied = done
                    if version != move or not _same_action(text, applied):
                        raise ProtocolError(
                            "id_reused", f"the id {client_id!r} was already used for "
                            f"{applied!r} at version {move}; give each action its own id")
                    return Ack(client_id, move, after, True)
            if game.status == "lobby":
                raise ProtocolError("not_started", "the host has not started the game yet")
            state = game.state
            if game.status == "abandoned":
                raise ProtocolError("game_over", "the game was abandoned: nobody played it for "
                                    f"{self.settings.idle_minutes:g} minutes")
            if game.status == "over" or state.is_terminal:
                raise ProtocolError("game_over", "the game is over")
            if version != state.move_number:
                raise ProtocolError(
                    "stale_version",
                    f"your action was chosen at version {version}; the game is at version "
                    f"{state.move_number}")
            cp = state.current_player
            if cp != seat:
                whose = "chance" if cp < 0 else f"seat {cp} ({game.seats[cp].name})"
                raise ProtocolError("not_your_turn", f"it is not your turn: {whose} decides now")
            try:
                action = Action.parse(text)
                legal = state.legal_actions()
                if action in legal:  # keep the engine's own (shared) Action object
                    action = legal[legal.index(action)]
                new = state.play(action)
            except InvalidActionError as exc:
                raise ProtocolError("invalid_action", str(exc)) from None
            except GameOverError as exc:
                raise ProtocolError("game_over", str(exc)) from None
            except IllegalActionError as exc:
                raise ProtocolError("illegal_action", str(exc)) from None
            move = state.move_number
            await self._commit(game, [(ActionRow(move, str(action), seat, client_id), new)])
            return Ack(client_id, move, game.version, False)

    async def _commit(self, game: Game, steps: list[tuple[ActionRow, State]], *,
                      started_at: datetime | None = None) -> None:
        """Resolve chance after `steps`, commit every row, then update memory,
        broadcast and wake the bots. Call with the game's lock held.

        Raises:
            ProtocolError: server_error, when the rows could not be stored.
        """
        last = steps[-1][1] if steps else game.state
        chance_steps, chance = _resolve_chance(last, game.chance)
        steps = steps + chance_steps
        final = steps[-1][1] if steps else last
        finished_at = utcnow() if final.is_terminal else None
        rows = [row for row, _ in steps]
        game_id = game.id
        cluster = self.cluster

        def append(conn: Any) -> None:
            if cluster is not None:
                cluster.store.check_lease(conn, game_id)  # no lease, no commit
            Store.append(conn, game_id, rows, started_at=started_at, finished_at=finished_at)
            if cluster is not None:
                cluster.store.notify(conn, "moves", game_id)

        try:
            if cluster is not None and not game.owned:
                raise LeaseLost(f"game {game_id} is owned by another process")
            await self.writer.run(append)
        except LeaseLost as exc:
            log.warning("game %s: not committed: %s", game_id, exc)
            if cluster is not None:
                cluster.lost(game)
                cluster.follow_soon(game_id)  # follow the new owner (once the lock is free)
            raise ProtocolError("server_error", "the game moved to another server process; "
                                                "send it again") from None
        except Exception as exc:
            log.error("game %s: could not store moves %s: %s", game_id,
                      [r.move for r in rows], exc)
            await self._resync(game)
            raise ProtocolError("server_error",
                                "the server could not store the action; try again") from None
        # Committed: now, and only now, the game changes.
        if started_at is not None:
            game.row.status = "playing"
            game.row.started_at = started_at
        game.state = final
        game.chance = chance
        game.recent.extend(st for _, st in steps)
        version = final.move_number
        for row in rows:
            if row.client_id is not None:
                _remember_id(game.client_ids, (row.seat, row.client_id),
                             (row.move, version, row.action))
        # A start with no opening chance (1960) has no new state, but every
        # page in the lobby needs its first one.
        game.broadcast_states([st for _, st in steps] or ([final] if started_at else []))
        if finished_at is not None:
            game.row.status = "over"
            game.row.finished_at = finished_at
            self._remember_finished(game)
        else:
            self.kick_bots(game)

    async def reload(self, game: Game) -> None:
        """Rebuild the game from its record (a follower becoming the owner).
        Call with the game's lock held."""
        stored = await run_in_threadpool(self.store.load_game, game.id)
        if stored is None:
            return
        fresh = self._build(stored)
        moved = fresh.version != game.version
        game.row = fresh.row
        game.seats = fresh.seats
        game.state = fresh.state
        game.chance = fresh.chance
        game.client_ids = fresh.client_ids
        game.recent.clear()
        if moved and game.started:
            game.broadcast_states([fresh.state])

    def follow(self, game: Game, rows: list[ActionRow], states: list[State], *,
               started: bool) -> None:
        """A follower copy takes the owner's committed rows (web/cluster.py)."""
        if states:
            game.state = states[-1]
            game.recent.extend(states)
        for i, row in enumerate(rows):
            if row.client_id is not None and row.seat >= 0:
                after = next((r.move for r in rows[i + 1:] if r.seat >= 0), game.version)
                _remember_id(game.client_ids, (row.seat, row.client_id),
                             (row.move, after, row.action))
        game.broadcast_states(states or ([game.state] if started else []))
        if game.status == "over":
            self._remember_finished(game)

    async def _resync(self, game: Game) -> None:
        """After a failed write, make memory what the database holds."""
        try:
            stored = await run_in_threadpool(self.store.load_game, game.id)
            if stored is None:
                return
            fresh = self._build(stored)
        except Exception as exc:
            log.error("game %s: could not re-read it: %s", game.id, exc)
            return
        if fresh.version != game.version:
            log.warning("game %s: the database holds version %d, memory had %d; using the "
                        "database", game.id, fresh.version, game.version)
            game.state = fresh.state
            game.chance = fresh.chance
            game.client_ids = fresh.client_ids
            game.row = fresh.row
            game.broadcast_states([fresh.state])

    # ------------------------------------------------------------ bots

    def kick_bots(self, game: Game) -> None:
        if self.closing or game.status != "playing" or not game.owned:
            return
        if game.bot_task is not None and not game.bot_task.done():
            return
        cp = game.state.current_player
        if cp >= 0 and game.seats[cp].is_bot:
            task = asyncio.get_running_loop().create_task(self._run_bots(game))
            game.bot_task = task
            self._bot_tasks.add(task)
            task.add_done_callback(self._bot_done)

    def _bot_done(self, task: asyncio.Task[None]) -> None:
        self._bot_tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.error("a bot task ended with an error", exc_info=task.exception())

    async def _run_bots(self, game: Game) -> None:
        while True:
            pace = PACES.get(game.pace or "", self.settings.bot_pace)
            await asyncio.sleep(pace)
            async with game.lock:
                state = game.state
                cp = state.current_player
                if game.status != "playing" or cp < 0 or not game.seats[cp].is_bot:
                    return
                action = await self._bot_choice(game, state, cp)
                new = state.apply(action)
                row = ActionRow(state.move_number, str(action), cp)
                try:
                    await self._commit(game, [(row, new)])
                except ProtocolError:
                    await asyncio.sleep(1.0)  # the database is unwell; try again later

    async def _bot_choice(self, game: Game, state: State, seat: int) -> Action:
        """The seat's bot's choice (`lifespin.table.choose`): its own stream, a
        pure function of the seed, the seat and the move, so a restarted server
        decides the same; a bot that fails plays at random this once."""
        bot = game.seats[seat].bot or _make_bot(game.seats[seat].difficulty)
        name = getattr(bot, "name", "")
        if name == "random":  # instant: no thread hop
            action, why = choose(bot, state, game.row.seed)
        else:
            # A hard bot thinks in a worker process, taking its turn with the
            # other games' bots (web/thinking.py).
            action, why = await self.thinking.run(choose, bot, state, game.row.seed,
                                                  heavy=name in HEAVY_BOTS)
            legal = state.legal_actions()
            if action in legal:  # the engine's own object, not the worker's copy
                action = legal[legal.index(action)]
        if why is not None:
            log.error("game %s: the seat %d bot: %s", game.id, seat, why)
        return action

    # ------------------------------------------------------------ advice

    async def advise(self, game: Game, seat: int) -> tuple[int, Any]:
        """The advisor's answer for the seat's current decision.

        The advisor is given a state the seat cannot tell from the true one
        (every face-down LIFE tile dealt again at random), so nothing it says
        can depend on what the seat may not know.

        Raises:
            ProtocolError: advice_unavailable, not_started, game_over or not_your_turn.
        """
        if not self.settings.advice:
            raise ProtocolError("advice_unavailable", "the advisor is not available here")
        advise: Callable[[State, int], Any] = bots_module.advise
        if game.status == "lobby":
            raise ProtocolError("not_started", "the host has not started the game yet")
        state = game.state
        if state.is_terminal:
            raise ProtocolError("game_over", "the game is over")
        if state.current_player != seat:
            raise ProtocolError("not_your_turn", "advice is for your own decisions")
        wait = self.advice_limiter.take(f"{game.id}:{seat}")
        if wait is not None:
            raise ProtocolError("rate_limited", f"too much advice for this seat; ask again in "
                                                f"{max(1, round(wait))} s")
        masked = state.resample(seat, Stream(secrets.randbits(64)))
        async with game.advice_lock:  # the advisor plays games out: one at a time
            ours = getattr(advise, "__module__", "").startswith("lifespin.")
            answer = await self.thinking.run(advise, masked, seat, heavy=ours)
        return state.move_number, _jsonable(answer)

    # ------------------------------------------------------------ sockets

    async def attach(self, game: Game, conn: Connection, since: int | None) -> None:
        """Register a socket and queue what it must see first: the lobby, or
        every state after `since` (or the current one).

        Raises:
            ProtocolError: too_many, when the seat already has
                `LIFESPIN_MAX_SOCKETS_PER_SEAT` sockets or the game
                `LIFESPIN_MAX_SPECTATORS` spectators.
        """
        if since is not None and game.started and _states_since(game, since) is None:
            await self._recall(game)
        game.touch()
        async with game.lock:
            present = game.connected(conn.seat)
            if conn.seat is None and present >= self.settings.max_spectators:
                raise ProtocolError("too_many", f"this game already has {present} spectators, "
                                                "the most it takes")
            if conn.seat is not None and present >= self.settings.max_sockets_per_seat:
                raise ProtocolError("too_many", f"this seat already has {present} open tabs, "
                                                "the most it takes; close one")
            if game.started:
                states = _states_since(game, since)
                for st in states if states is not None else [game.state]:
                    conn.send(game.view_message(st, conn.seat))
            else:
                conn.send(game.lobby_text())
            game.connections.add(conn)
            game.announce_presence(self.settings.presence_interval)

    # ------------------------------------------------------------ expiry

    async def _sweep_loop(self) -> None:
        idle = self.settings.idle_minutes * 60
        period = min(60.0, max(0.05, idle / 4))
        while True:
            await asyncio.sleep(period)
            try:
                await self.sweep()
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                log.error("the sweep of idle games failed: %s", exc)

    async def sweep(self) -> list[str]:
        """Save when games were last touched, and abandon the live games nobody
        touched for LIFESPIN_IDLE_MINUTES (no socket open): out of memory and
        the lobby list, kept in the database as "abandoned" (their record can
        be read). The ids abandoned."""
        now = time.monotonic()
        touched = [g for g in self.games.values() if g.owned and g.touched > g.touched_saved]
        if touched:
            at = utcnow()
            ids = [g.id for g in touched]
            await self.writer.run(lambda conn: Store.touch(conn, ids, at))
            for g in touched:
                g.touched_saved = now
        for game in self.games.values():
            if not game.connections and now - game.touched > _RECENT_KEPT:
                game.recent.clear()
        idle = self.settings.idle_minutes * 60
        for game in [g for g in self.games.values()
                     if not g.owned and not g.connections and now - g.touched > idle]:
            del self.games[game.id]  # a follower copy nobody watches: its owner keeps it
        gone = []
        for game in [g for g in self.games.values()
                     if g.owned and not g.connections and now - g.touched > idle]:
            async with game.lock:
                if game.connections or game.status not in ("lobby", "playing"):
                    continue
                await self.writer.run(partial(_abandon, game_id=game.id))
                game.row.status = "abandoned"
                if game.bot_task is not None:
                    game.bot_task.cancel()
                self._remember_finished(game)
                gone.append(game.id)
        if gone:
            log.info("abandoned %d idle game(s)", len(gone))
        return gone

    async def _recall(self, game: Game) -> None:
        """Fill the game's recent states from its history (after a restart),
        in a worker thread; kept only if no move was made meanwhile."""
        current = game.state
        tail = await run_in_threadpool(_replay_tail, current, _MAX_SINCE)
        async with game.lock:
            if game.state is current:
                game.recent.clear()
                game.recent.extend(tail[:-1])
                game.recent.append(current)

    def detach(self, game: Game, conn: Connection) -> None:
        game.touch()
        if conn in game.connections:
            game.connections.discard(conn)
            if not self.closing:
                game.announce_presence(self.settings.presence_interval)
        conn.close()


def _abandon(conn: Any, *, game_id: str) -> None:
    Store.abandon(conn, game_id)


def _same_action(text: str, applied: str) -> bool:
    """Whether a resent action's text names the action that was applied."""
    if text == applied:
        return True
    try:
        return str(Action.parse(text)) == applied
    except InvalidActionError:
        return False


def _remember_id(ids: OrderedDict[tuple[int, str], tuple[int, int, str]],
                 key: tuple[int, str], value: tuple[int, int, str]) -> None:
    ids[key] = value
    ids.move_to_end(key)
    while len(ids) > _RECENT_IDS:
        ids.popitem(last=False)


def _states_since(game: Game, since: int | None) -> list[State] | None:
    """What a socket coming back with `since` must be sent: every state after
    it (none if it is current), or the current one when it has none or is too
    far behind; None when the states are within reach but not in memory."""
    current = game.state
    n = current.move_number
    if since is None or since > n or n - since > _MAX_SINCE:
        return [current]
    if since == n:
        return []
    recent = game.recent
    if recent and recent[-1].move_number == n and recent[0].move_number <= since + 1:
        return [st for st in recent if st.move_number > since]
    return None


def _replay_tail(current: State, count: int) -> list[State]:
    """The last `count` states up to `current`, replayed from its history."""
    state = State.initial(current.rules, current.names)
    start = current.move_number - count
    out: list[State] = []
    for action in current.history:
        state = state.apply(action)
        if state.move_number > start:
            out.append(state)
    return out


def _available() -> list[str]:
    from ..editions import available

    return available()
