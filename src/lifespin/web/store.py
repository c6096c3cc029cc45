"""Persistence: every game is its record (seed, edition, options, players,
actions) plus seat metadata, in three tables, through SQLAlchemy 2.x Core.

Writes go through one `Writer` thread that commits in groups: each accepted
action is one row, committed before anyone is told about it, and several
games' actions that arrive together share one commit (and one fsync). The
event loop never waits on the database except by awaiting a future. Reads
(start-up loading, finished games) run in the thread pool.

Why a thread and sync SQLAlchemy rather than async SQLAlchemy: one code path
for SQLite and PostgreSQL with only the drivers already installed (async
SQLite needs aiosqlite); SQLite allows one writer at a time anyway, so a
single writer with group commit is what gives it throughput; and the
ordering of a game's rows is the order of its lock, which a queue keeps.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
import os
import queue
import secrets
import socket
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    Connection,
    DateTime,
    Engine,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    create_engine,
    delete,
    event,
    func,
    insert,
    inspect,
    select,
    text,
    update,
)
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]

__all__ = [
    "ActionRow",
    "GameRow",
    "LeaseLost",
    "SeatRow",
    "Store",
    "StoreError",
    "StoredGame",
    "Writer",
    "metadata",
    "utcnow",
]

log = logging.getLogger("lifespin.web.store")
T = TypeVar("T")

metadata = MetaData()

games_table = Table(
    "lifespin_games",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("edition", String(64), nullable=False),
    Column("edition_version", String(32), nullable=False),
    Column("options", JSON, nullable=False),
    Column("seed", BigInteger, nullable=False),
    Column("status", String(16), nullable=False),
    Column("host_token_hash", String(64), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("started_at", DateTime(timezone=True)),
    Column("finished_at", DateTime(timezone=True)),
    # When someone last did something with the game (sockets, moves), written
    # in batches; games untouched for LIFESPIN_IDLE_MINUTES become "abandoned".
    Column("touched_at", DateTime(timezone=True)),
    Index("ix_lifespin_games_status", "status"),
)

seats_table = Table(
    "lifespin_seats",
    metadata,
    Column("game_id", String(32), ForeignKey("lifespin_games.id"), primary_key=True),
    Column("seat", Integer, primary_key=True),
    Column("name", String(64), nullable=False),
    Column("kind", String(8), nullable=False),
    Column("difficulty", String(16)),
    Column("token_hash", String(64)),
    Column("joined_at", DateTime(timezone=True)),
)

# One row per record action. The primary key (game, move) makes an append
# idempotent-or-failing: two writers can never both add move 57.
actions_table = Table(
    "lifespin_actions",
    metadata,
    Column("game_id", String(32), ForeignKey("lifespin_games.id"), primary_key=True),
    Column("move", Integer, primary_key=True),
    Column("action", String(64), nullable=False),
    Column("seat", Integer, nullable=False),  # -1: a chance outcome
    Column("client_id", String(64)),
)


# PostgreSQL only: which process owns each live game, until when (the
# database's clock). An owner renews its leases well before they lapse; a
# game whose lease lapsed (its owner was killed) is taken by another process.
leases_table = Table(
    "lifespin_leases",
    metadata,
    Column("game_id", String(32), primary_key=True),
    Column("owner", String(80), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
)


def utcnow() -> datetime:
    return datetime.now(UTC)


def _aware(value: datetime | None) -> datetime | None:
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=UTC)  # SQLite hands back naive datetimes


class StoreError(RuntimeError):
    """The database cannot be reached or used; the message says which and why."""


class LeaseLost(StoreError):
    """A commit for a game this process no longer owns (its lease lapsed and
    another process took the game): nothing of it was written."""


@dataclass
class GameRow:
    id: str
    edition: str
    edition_version: str
    options: dict[str, Any]
    seed: int
    status: str
    host_token_hash: str
    created_at: datetime
    started_at: datetime | None = None
    finished_at: datetime | None = None


@dataclass
class SeatRow:
    seat: int
    name: str
    kind: str
    difficulty: str | None
    token_hash: str | None
    joined_at: datetime | None = None


@dataclass(frozen=True)
class ActionRow:
    move: int
    action: str
    seat: int
    client_id: str | None = None


@dataclass
class StoredGame:
    game: GameRow
    seats: list[SeatRow]
    actions: list[ActionRow] = field(default_factory=list)


class OwnerLock:
    """One server process per SQLite file: an exclusive lock on a file beside
    the database, held while the server runs and let go by the system when
    the process ends however it ends (a SIGKILL included). It says who holds
    it, for the message the second process stops with."""

    def __init__(self, database: Path) -> None:
        self.database = database
        self.path = database.with_name(database.name + ".owner")
        self._fd: int | None = None

    def acquire(self) -> None:
        """Raises:
            StoreError: another process serves this file (its pid named).
        """
        if self._fd is not None or fcntl is None:  # Windows: no flock; one process by care
            return
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            holder = os.pread(fd, 200, 0).decode("utf-8", "replace").strip() or "unknown"
            os.close(fd)
            raise StoreError(
                f"the database file {self.database} is already served by another lifespin "
                f"process ({holder}); stop it first, or give this one its own "
                "--database-url (several processes share a site through PostgreSQL)") from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"pid {os.getpid()} since {utcnow():%Y-%m-%d %H:%M:%S} UTC".encode(), 0)
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing lets the lock go
            self._fd = None


def _private_file(path: Path) -> None:
    """Create the database file readable by its owner only (it holds the seeds
    of games in progress); SQLite gives its -wal and -shm files the same mode."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    if not path.exists():
        os.close(os.open(path, os.O_RDWR | os.O_CREAT, 0o600))


class Store:
    """The tables and the statements on them. Methods block: call them from a
    thread (the `Writer` for writes, the thread pool for reads)."""

    def __init__(self, url: str, *, sqlite_synchronous: str = "NORMAL") -> None:
        parsed = make_url(url)
        self.url = url
        self.backend = parsed.get_backend_name()
        self.owner_lock: OwnerLock | None = None
        # This process, as a lease owner, and the channels it talks on (one set
        # per database and schema: tests share a database, each in a schema).
        self.owner_id = f"{socket.gethostname()[:40]}:{os.getpid()}:{secrets.token_hex(4)}"
        digest = hashlib.sha1(parsed.render_as_string(hide_password=True).encode()).hexdigest()
        self.channel = f"lifespin_{digest[:12]}"
        self.lease_seconds = 5.0
        if self.backend == "sqlite":
            if parsed.database:
                database = Path(parsed.database).expanduser()
                _private_file(database)
                self.owner_lock = OwnerLock(database.resolve())
            self.engine: Engine = create_engine(
                url, connect_args={"check_same_thread": False, "timeout": 30}
            )
            sync = sqlite_synchronous

            @event.listens_for(self.engine, "connect")
            def _pragmas(dbapi_conn: Any, _record: Any) -> None:
                cur = dbapi_conn.cursor()
                cur.execute("PRAGMA journal_mode=WAL")
                cur.execute(f"PRAGMA synchronous={sync}")
                cur.execute("PRAGMA foreign_keys=ON")
                cur.execute("PRAGMA busy_timeout=30000")
                cur.close()
        else:
            self.engine = create_engine(url, pool_pre_ping=True, pool_size=4, max_overflow=4)

    def describe(self) -> str:
        """The URL without a password, for messages."""
        return make_url(self.url).render_as_string(hide_password=True)

    def open(self) -> None:
        """Check the database answers and create the tables if missing.

        Raises:
            StoreError: naming the database and the reason.
        """
        try:
            metadata.create_all(self.engine)
            self._add_missing_columns()
        except SQLAlchemyError as exc:
            reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
            raise StoreError(f"cannot use the database {self.describe()}: {reason}") from None

    def _add_missing_columns(self) -> None:
        """Columns added since a database was created (create_all adds tables only)."""
        with self.engine.begin() as conn:
            have = {c["name"] for c in inspect(conn).get_columns("lifespin_games")}
            if "touched_at" not in have:
                kind = "TIMESTAMP WITH TIME ZONE" if self.shared else "TIMESTAMP"
                conn.execute(text(f"ALTER TABLE lifespin_games ADD COLUMN touched_at {kind}"))

    def claim(self) -> None:
        """Become the one process serving this SQLite file (PostgreSQL: a no-op;
        there each game has its own lease).

        Raises:
            StoreError: another process serves it, saying which.
        """
        if self.owner_lock is not None:
            self.owner_lock.acquire()

    def close(self) -> None:
        self.engine.dispose()
        if self.owner_lock is not None:
            self.owner_lock.release()

    # ------------------------------------------------------------------ writes

    @staticmethod
    def insert_game(conn: Connection, game: GameRow, seats: Sequence[SeatRow]) -> None:
        conn.execute(insert(games_table).values(
            id=game.id, edition=game.edition, edition_version=game.edition_version,
            options=game.options, seed=game.seed, status=game.status,
            host_token_hash=game.host_token_hash, created_at=game.created_at,
            started_at=game.started_at, finished_at=game.finished_at,
        ))
        if seats:
            conn.execute(insert(seats_table), [
                {"game_id": game.id, "seat": s.seat, "name": s.name, "kind": s.kind,
                 "difficulty": s.difficulty, "token_hash": s.token_hash,
                 "joined_at": s.joined_at}
                for s in seats
            ])

    @property
    def shared(self) -> bool:
        """Whether several processes may serve this database (PostgreSQL)."""
        return self.backend == "postgresql"

    # ------------------------------------------------------------------ leases

    def take_lease(self, conn: Connection, game_id: str) -> bool:
        """Own `game_id` if nobody does (or the owner's lease lapsed, or it is
        ours already); whether this process owns it now."""
        ttl = timedelta(seconds=self.lease_seconds)
        new = pg_insert(leases_table).values(game_id=game_id, owner=self.owner_id,
                                             expires_at=func.now() + ttl)
        take = new.on_conflict_do_update(
            index_elements=[leases_table.c.game_id],
            set_={"owner": new.excluded.owner, "expires_at": new.excluded.expires_at},
            where=(leases_table.c.expires_at < func.now())
            | (leases_table.c.owner == new.excluded.owner),
        ).returning(leases_table.c.owner)
        return conn.execute(take).first() is not None

    def check_lease(self, conn: Connection, game_id: str) -> None:
        """Renew the lease inside a commit, or refuse the commit.

        Raises:
            LeaseLost: another process owns the game now.
        """
        ttl = timedelta(seconds=self.lease_seconds)
        done = conn.execute(update(leases_table)
                            .where(leases_table.c.game_id == game_id,
                                   leases_table.c.owner == self.owner_id)
                            .values(expires_at=func.now() + ttl))
        if done.rowcount != 1:
            raise LeaseLost(f"game {game_id} is owned by another process now")

    def renew_leases(self, conn: Connection, game_ids: Sequence[str]) -> set[str]:
        """Renew this process's leases on `game_ids`; the ones it still holds."""
        if not game_ids:
            return set()
        ttl = timedelta(seconds=self.lease_seconds)
        rows = conn.execute(update(leases_table)
                            .where(leases_table.c.owner == self.owner_id,
                                   leases_table.c.game_id.in_(list(game_ids)))
                            .values(expires_at=func.now() + ttl)
                            .returning(leases_table.c.game_id)).all()
        return {r[0] for r in rows}

    def release_leases(self, conn: Connection) -> None:
        conn.execute(delete(leases_table).where(leases_table.c.owner == self.owner_id))

    def orphans(self, limit: int) -> list[str]:
        """Games in play with a bot seat that nobody owns (never owned, or the
        owner's lease lapsed): their bots must play on. Games of people only
        wait for someone to open them (any process then takes the lease)."""
        with_bots = select(seats_table.c.game_id).where(seats_table.c.kind == "bot")
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(games_table.c.id)
                .select_from(games_table.outerjoin(
                    leases_table, leases_table.c.game_id == games_table.c.id))
                .where(games_table.c.status == "playing",
                       games_table.c.id.in_(with_bots),
                       (leases_table.c.game_id.is_(None))
                       | (leases_table.c.expires_at < func.now()))
                .order_by(games_table.c.created_at).limit(limit)).all()
        return [r[0] for r in rows]

    def notify(self, conn: Connection, kind: str, payload: str) -> None:
        """Tell every process on this database (delivered at commit)."""
        conn.execute(select(func.pg_notify(f"{self.channel}_{kind}", payload)))

    def listen_url(self) -> str:
        """A libpq URL for a plain psycopg connection (LISTEN)."""
        url = make_url(self.url).set(drivername="postgresql")
        return url.render_as_string(hide_password=False)

    def actions_after(self, game_id: str, move: int) -> tuple[GameRow | None, list[ActionRow]]:
        """The game's row and its record actions from `move` on."""
        with self.engine.connect() as conn:
            row = conn.execute(select(games_table).where(games_table.c.id == game_id)).first()
            if row is None:
                return None, []
            acts = conn.execute(select(actions_table)
                                .where(actions_table.c.game_id == game_id,
                                       actions_table.c.move >= move)
                                .order_by(actions_table.c.move)).all()
        return _game_row(row._mapping), [
            ActionRow(m["move"], m["action"], m["seat"], m["client_id"])
            for m in (a._mapping for a in acts)]

    @staticmethod
    def touch(conn: Connection, game_ids: Sequence[str], at: datetime) -> None:
        if game_ids:
            conn.execute(update(games_table).where(games_table.c.id.in_(list(game_ids)))
                         .values(touched_at=at))

    @staticmethod
    def abandon(conn: Connection, game_id: str) -> None:
        conn.execute(update(games_table)
                     .where(games_table.c.id == game_id,
                            games_table.c.status.in_(["lobby", "playing"]))
                     .values(status="abandoned"))

    def expire_untouched(self, before: datetime) -> int:
        """Mark live games nobody touched since `before` abandoned; how many."""
        last = func.coalesce(games_table.c.touched_at, games_table.c.started_at,
                             games_table.c.created_at)
        with self.engine.begin() as conn:
            done = conn.execute(update(games_table)
                                .where(games_table.c.status.in_(["lobby", "playing"]),
                                       last < before)
                                .values(status="abandoned"))
        return int(done.rowcount or 0)

    def games_with_bots(self) -> list[str]:
        """Games in play with a bot seat: the ones that must resume at start-up."""
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(games_table.c.id).distinct()
                .select_from(games_table.join(seats_table,
                                              seats_table.c.game_id == games_table.c.id))
                .where(games_table.c.status == "playing", seats_table.c.kind == "bot")).all()
        return [r[0] for r in rows]

    @staticmethod
    def mark_joined(conn: Connection, game_id: str, seat: int, at: datetime) -> None:
        conn.execute(update(seats_table)
                     .where(seats_table.c.game_id == game_id, seats_table.c.seat == seat,
                            seats_table.c.joined_at.is_(None))
                     .values(joined_at=at))

    @staticmethod
    def append(conn: Connection, game_id: str, rows: Iterable[ActionRow], *,
               started_at: datetime | None = None, finished_at: datetime | None = None) -> None:
        """Append record actions; with `started_at`/`finished_at` also move the status."""
        values = [{"game_id": game_id, "move": r.move, "action": r.action, "seat": r.seat,
                   "client_id": r.client_id} for r in rows]
        if values:
            conn.execute(insert(actions_table), values)
        if started_at is not None:
            conn.execute(update(games_table).where(games_table.c.id == game_id)
                         .values(status="playing", started_at=started_at))
        if finished_at is not None:
            conn.execute(update(games_table).where(games_table.c.id == game_id)
                         .values(status="over", finished_at=finished_at))

    # ------------------------------------------------------------------ reads

    def load_game(self, game_id: str) -> StoredGame | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(games_table).where(games_table.c.id == game_id)).first()
            if row is None:
                return None
            return self._complete(conn, [_game_row(row._mapping)])[0]

    def load_games(self, statuses: Sequence[str]) -> list[StoredGame]:
        """Every game in one of `statuses`, with seats and actions."""
        with self.engine.connect() as conn:
            rows = conn.execute(select(games_table)
                                .where(games_table.c.status.in_(list(statuses)))
                                .order_by(games_table.c.created_at)).all()
            return self._complete(conn, [_game_row(r._mapping) for r in rows])

    def list_games(self, status: str | None, limit: int) -> list[StoredGame]:
        """The newest games (seats only, no actions)."""
        with self.engine.connect() as conn:
            q = select(games_table).order_by(games_table.c.created_at.desc()).limit(limit)
            if status is not None:
                q = q.where(games_table.c.status == status)
            else:  # the lobby list leaves out games nobody plays any more
                q = q.where(games_table.c.status != "abandoned")
            games = [_game_row(r._mapping) for r in conn.execute(q).all()]
            return self._complete(conn, games, with_actions=False)

    def _complete(self, conn: Connection, games: list[GameRow], *,
                  with_actions: bool = True) -> list[StoredGame]:
        out = {g.id: StoredGame(g, []) for g in games}
        ids = list(out)
        for chunk in (ids[i:i + 500] for i in range(0, len(ids), 500)):
            for r in conn.execute(select(seats_table)
                                  .where(seats_table.c.game_id.in_(chunk))
                                  .order_by(seats_table.c.game_id, seats_table.c.seat)):
                m = r._mapping
                out[m["game_id"]].seats.append(SeatRow(
                    m["seat"], m["name"], m["kind"], m["difficulty"], m["token_hash"],
                    _aware(m["joined_at"])))
            if not with_actions:
                continue
            for r in conn.execute(select(actions_table)
                                  .where(actions_table.c.game_id.in_(chunk))
                                  .order_by(actions_table.c.game_id, actions_table.c.move)):
                m = r._mapping
                out[m["game_id"]].actions.append(
                    ActionRow(m["move"], m["action"], m["seat"], m["client_id"]))
        return list(out.values())


def _game_row(m: Any) -> GameRow:
    return GameRow(
        id=m["id"], edition=m["edition"], edition_version=m["edition_version"],
        options=dict(m["options"]), seed=int(m["seed"]), status=m["status"],
        host_token_hash=m["host_token_hash"], created_at=_aware(m["created_at"]) or utcnow(),
        started_at=_aware(m["started_at"]), finished_at=_aware(m["finished_at"]),
    )


_Job = tuple[Callable[[Connection], Any], "asyncio.Future[Any]", asyncio.AbstractEventLoop]
_STOP = object()


def _settle(fut: asyncio.Future[Any], result: Any, error: BaseException | None) -> None:
    if fut.done():
        return
    if error is not None:
        fut.set_exception(error)
    else:
        fut.set_result(result)


class Writer:
    """One thread that runs write jobs in order, committing them in groups.

    `await writer.run(job)` returns once `job(conn)` is committed. Jobs that
    are waiting when a commit starts go into the same transaction; if that
    transaction fails, each job is retried alone so one bad job fails alone.
    """

    MAX_GROUP = 256

    def __init__(self, store: Store) -> None:
        self.store = store
        self._q: queue.SimpleQueue[_Job | object] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._loop, name="lifespin-writer", daemon=True)
        self.commits = 0
        self.jobs = 0
        self._conn: Connection | None = None

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        """Finish the queued jobs, then end the thread."""
        if self._thread.is_alive():
            self._q.put(_STOP)
            self._thread.join(timeout=30)

    async def run(self, job: Callable[[Connection], T]) -> T:
        loop = asyncio.get_running_loop()
        fut: asyncio.Future[T] = loop.create_future()
        self._q.put((job, fut, loop))
        return await fut

    def _loop(self) -> None:
        try:
            self._serve()
        finally:
            self._discard_connection()

    def _serve(self) -> None:
        stop = False
        while not stop:
            first = self._q.get()
            if first is _STOP:
                return
            group: list[_Job] = [first]  # type: ignore[list-item]
            while len(group) < self.MAX_GROUP:
                try:
                    more = self._q.get_nowait()
                except queue.Empty:
                    break
                if more is _STOP:
                    stop = True
                    break
                group.append(more)  # type: ignore[arg-type]
            self._commit(group)

    def _connection(self) -> Connection:
        # The writer keeps one connection: no pool checkout (or ping) per commit.
        if self._conn is None:
            self._conn = self.store.engine.connect()
        return self._conn

    def _discard_connection(self) -> None:
        if self._conn is not None:
            try:
                self._conn.close()
            except Exception as exc:
                log.debug("closing a failed connection: %s", exc)
            self._conn = None

    def _commit(self, group: list[_Job]) -> None:
        try:
            conn = self._connection()
            with conn.begin():
                results = [job(conn) for job, _, _ in group]
        except Exception as exc:
            # The connection may be the problem (a restarted PostgreSQL): the
            # next try gets a fresh one.
            self._discard_connection()
            if len(group) == 1:
                _job, fut, loop = group[0]
                log.error("write failed: %s", exc)
                _call_soon(loop, fut, None, exc)
                return
            for one in group:
                self._commit([one])
            return
        self.commits += 1
        self.jobs += len(group)
        for (_, fut, loop), result in zip(group, results, strict=True):
            _call_soon(loop, fut, result, None)


def _call_soon(loop: asyncio.AbstractEventLoop, fut: asyncio.Future[Any], result: Any,
               error: BaseException | None) -> None:
    with contextlib.suppress(RuntimeError):  # a closed loop: nobody waits any more
        loop.call_soon_threadsafe(_settle, fut, result, error)
