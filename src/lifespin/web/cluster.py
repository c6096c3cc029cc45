"""Several server processes on one PostgreSQL database, serving one site.

Any process accepts any client. Each live game has one owner process at a
time, the holder of its lease (a row in ``lifespin_leases``, renewed every
third of `LIFESPIN_LEASE_SECONDS` and inside every commit of the game): only
the owner draws chance, runs bots and commits moves, and a commit without
the lease is refused by the database. Every other process that has sockets
on the game keeps a follower copy:

- after each commit the owner notifies ``<channel>_moves`` (PostgreSQL
  NOTIFY, delivered at commit); a follower reads the new record rows and
  plays them forward on its copy, then tells its sockets;
- a follower's client action (or the host's start) goes to the owner as a
  ``<channel>_requests`` notification; the owner applies it as its own and
  answers on ``<channel>_replies``; the follower catches up to the answer's
  version before it acks, so its sockets see the states first;
- a process whose owner does not answer, or that finds a live game with a
  lapsed lease (its owner was killed), takes the lease and rebuilds the game
  from its record: the chance stream is a pure function of the seed and the
  record, so the new owner draws exactly what the old one would have.

Nothing is acknowledged before its commit, and a commit needs the lease, so
two processes can never both apply a move (the record's primary key would
refuse the second anyway).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import secrets
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from starlette.concurrency import run_in_threadpool

from ..engine import Action
from ..errors import LifespinError
from .protocol import ProtocolError
from .store import Store, Writer

if TYPE_CHECKING:
    from .games import Ack, Game, GameManager

__all__ = ["Cluster"]

log = logging.getLogger("lifespin.web.cluster")

_ORPHANS_PER_SCAN = 50


class Cluster:
    """This process's part in a site of several: leases, notifications,
    forwarding. Created by the `GameManager` when the store is shared."""

    def __init__(self, manager: GameManager, store: Store, writer: Writer) -> None:
        self.manager = manager
        self.store = store
        self.writer = writer
        self.me = store.owner_id
        self._replies: dict[str, asyncio.Future[dict[str, Any]]] = {}
        self._catching_up: dict[str, asyncio.Task[None]] = {}
        self._again: set[str] = set()
        self._tasks: set[asyncio.Task[Any]] = set()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stop = threading.Event()
        self._listener: threading.Thread | None = None
        self._listening = threading.Event()
        self._lease_task: asyncio.Task[None] | None = None

    # ------------------------------------------------------------ life

    async def start(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._listener = threading.Thread(target=self._listen, name="lifespin-listen",
                                          daemon=True)
        self._listener.start()
        # Listen before serving: a notification sent meanwhile would be missed.
        await run_in_threadpool(self._listening.wait, 10.0)
        self._lease_task = asyncio.get_running_loop().create_task(self._lease_loop())

    async def stop(self) -> None:
        if self._lease_task is not None:
            self._lease_task.cancel()
            with contextlib.suppress(BaseException):
                await self._lease_task
        for task in list(self._tasks):
            task.cancel()
        try:  # let the others take over at once rather than after the lease
            await self.writer.run(self.store.release_leases)
        except Exception as exc:
            log.warning("could not give the leases back: %s", exc)
        self._stop.set()
        if self._listener is not None:
            await run_in_threadpool(self._listener.join, 5.0)

    def _spawn(self, coro: Any) -> None:
        task = asyncio.get_running_loop().create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    # ------------------------------------------------------------ leases

    async def adopt(self, game: Game, *, rebuild: bool) -> bool:
        """Take the game's lease if it is free; as its owner, rebuild it from
        the record first when `rebuild` (a follower copy has no chance stream).
        Whether this process owns it now."""
        got = await self.writer.run(lambda conn: self.store.take_lease(conn, game.id))
        if not got:
            game.owned = False
            # Moves committed between reading the record and now: fetch them
            # (their notifications may have come while the copy looked owned).
            self.follow_soon(game.id)
            return False
        if rebuild or not game.owned:
            async with game.lock:
                await self.manager.reload(game)
                game.owned = True
        else:
            game.owned = True
        log.info("game %s: owned by this process", game.id)
        self.manager.kick_bots(game)
        return True

    def lost(self, game: Game) -> None:
        """Another process owns the game now: stop acting for it."""
        if game.owned:
            log.warning("game %s: its lease passed to another process", game.id)
        game.owned = False
        if game.bot_task is not None:
            game.bot_task.cancel()

    async def _lease_loop(self) -> None:
        period = self.store.lease_seconds / 3
        while True:
            try:
                await self._renew_and_adopt()
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                log.error("lease upkeep failed: %s", exc)
            await asyncio.sleep(period)

    async def _renew_and_adopt(self) -> None:
        owned = [g.id for g in self.manager.games.values() if g.owned]
        held = await self.writer.run(lambda conn: self.store.renew_leases(conn, owned))
        for game_id in set(owned) - held:
            game = self.manager.games.get(game_id)
            if game is not None:
                self.lost(game)
        for game_id in await run_in_threadpool(self.store.orphans, _ORPHANS_PER_SCAN):
            game = self.manager.games.get(game_id)
            if game is None:
                await self.manager.get(game_id)  # loads it and takes the lease
            elif not game.owned:
                await self.adopt(game, rebuild=True)

    # ------------------------------------------------------------ following

    def follow_soon(self, game_id: str) -> None:
        """Catch the follower copy of `game_id` up, now or after the current catch-up."""
        game = self.manager.games.get(game_id) or self.manager.finished.get(game_id)
        if game is None or game.owned:
            return
        if game_id in self._catching_up:
            self._again.add(game_id)
            return
        task = asyncio.get_running_loop().create_task(self._catch_up_loop(game))
        self._catching_up[game_id] = task

    async def _catch_up_loop(self, game: Game) -> None:
        try:
            while True:
                self._again.discard(game.id)
                await self.catch_up(game)
                if game.id not in self._again:
                    return
        except Exception as exc:
            log.error("game %s: could not follow its owner: %s", game.id, exc)
        finally:
            self._catching_up.pop(game.id, None)

    async def catch_up(self, game: Game) -> None:
        """Play the record rows the owner committed since our version forward
        on the follower copy, and tell this process's sockets."""
        async with game.lock:
            if game.owned:
                return
            row, rows = await run_in_threadpool(self.store.actions_after, game.id, game.version)
            if row is None:
                return
            state = game.state
            states = []
            try:
                for r in rows:
                    if r.move != state.move_number:
                        raise LifespinError(f"move {r.move} follows version {state.move_number}")
                    state = state.apply(Action.parse(r.action))
                    states.append(state)
            except (LifespinError, ValueError) as exc:
                log.warning("game %s: rebuilt from its record (%s)", game.id, exc)
                await self.manager.reload(game)
                game.owned = False
                return
            started = not game.started and row.status != "lobby"
            game.row.status = row.status
            game.row.started_at = row.started_at
            game.row.finished_at = row.finished_at
            self.manager.follow(game, rows, states, started=started)

    # ------------------------------------------------------------ forwarding

    async def forward(self, game: Game, op: str, **fields: Any) -> dict[str, Any]:
        """Have the game's owner do `op` ("act" or "start"); its answer. When no
        owner answers in time, take the game over and do it here.

        Raises:
            ProtocolError: as the owner refused it, or server_error.
        """
        req = secrets.token_hex(8)
        fut: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self._replies[req] = fut
        payload = json.dumps({"req": req, "from": self.me, "game": game.id, "op": op, **fields})
        try:
            await self.writer.run(lambda conn: self.store.notify(conn, "requests", payload))
            try:
                answer = await asyncio.wait_for(fut, timeout=self.store.lease_seconds + 1.0)
            except TimeoutError:
                if await self.adopt(game, rebuild=True):
                    return {"local": True}
                raise ProtocolError("server_error", "the game's server did not answer; "
                                                    "try again") from None
        finally:
            self._replies.pop(req, None)
        if "code" in answer:
            raise ProtocolError(answer["code"], answer["message"])
        if answer.get("version", 0) > game.version:
            await self.catch_up(game)
        return answer

    async def _serve_request(self, data: dict[str, Any]) -> None:
        game = self.manager.games.get(data.get("game", ""))
        if game is None or not game.owned or data.get("from") == self.me:
            return  # the owner answers; the others stay silent
        answer: dict[str, Any]
        try:
            if data["op"] == "act":
                ack: Ack = await self.manager.act(game, int(data["seat"]), str(data["action"]),
                                                  int(data["version"]), data.get("id"))
                answer = {"move": ack.move, "version": ack.version, "duplicate": ack.duplicate}
            elif data["op"] == "start":
                await self.manager.start(game)
                answer = {"version": game.version}
            else:
                return
        except ProtocolError as exc:
            answer = {"code": exc.code, "message": exc.message}
        except LifespinError as exc:  # AlreadyStarted
            answer = {"already": str(exc)}
        reply = json.dumps({"req": data["req"], "to": data["from"], **answer})
        await self.writer.run(lambda conn: self.store.notify(conn, "replies", reply))

    def _replied(self, data: dict[str, Any]) -> None:
        if data.get("to") != self.me:
            return
        fut = self._replies.get(data.get("req", ""))
        if fut is not None and not fut.done():
            fut.set_result(data)

    # ------------------------------------------------------------ listening

    def _dispatch(self, kind: str, payload: str) -> None:
        try:
            if kind == "moves":
                self.follow_soon(payload)
                return
            data = json.loads(payload)
            if kind == "requests":
                self._spawn(self._serve_request(data))
            elif kind == "replies":
                self._replied(data)
        except Exception as exc:
            log.error("a %s notification could not be handled: %s", kind, exc)

    def _listen(self) -> None:
        """The listening thread: one plain connection, LISTEN on our channels,
        each notification handed to the event loop; reconnects when dropped."""
        import psycopg

        kinds = {f"{self.store.channel}_{k}": k for k in ("moves", "requests", "replies")}
        wait = 0.5
        while not self._stop.is_set():
            try:
                with psycopg.connect(self.store.listen_url(), autocommit=True) as conn:
                    for channel in kinds:
                        conn.execute(f'LISTEN "{channel}"')
                    self._listening.set()
                    wait = 0.5
                    while not self._stop.is_set():
                        for note in conn.notifies(timeout=0.5):
                            self._hand_over(kinds[note.channel], note.payload)
            except Exception as exc:
                if self._stop.is_set():
                    return
                log.error("listening for other processes failed (%s); again in %.1f s",
                          exc, wait)
                self._stop.wait(wait)
                wait = min(wait * 2, 10.0)
                # Moves made meanwhile are read at the next notification of
                # each game, or by the sockets' own reconnects.

    def _hand_over(self, kind: str, payload: str) -> None:
        loop = self._loop
        if loop is not None:
            call: Callable[[], None] = lambda: self._dispatch(kind, payload)  # noqa: E731
            with contextlib.suppress(RuntimeError):
                loop.call_soon_threadsafe(call)
