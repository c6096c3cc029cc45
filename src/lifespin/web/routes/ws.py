"""The game socket: one per tab; a seat's socket (with its token) or a
spectator's. Protocol: docs/web-protocol.md section 3."""

from __future__ import annotations

import asyncio
import contextlib
import logging

from fastapi import APIRouter, WebSocket
from starlette.websockets import WebSocketDisconnect, WebSocketState

from ..deps import ManagerDep, SettingsDep
from ..games import Connection, Game, GameManager
from ..guard import client_key, origin_allowed
from ..protocol import (
    ActionMessage,
    AdviseMessage,
    ProtocolError,
    ack_message,
    advice_message,
    error_message,
    parse_client_message,
    pong_message,
)

router = APIRouter(tags=["websocket"])
log = logging.getLogger("lifespin.web")

CLOSE_BAD_REQUEST = 4400
CLOSE_FORBIDDEN = 4403
CLOSE_NOT_FOUND = 4404
CLOSE_TOO_SLOW = 4408
CLOSE_TOO_MANY = 4429


async def _refuse(websocket: WebSocket, code: str, message: str, close_code: int) -> None:
    await websocket.send_text(error_message(code, message, None))
    await websocket.close(code=close_code)


@router.websocket("/ws/games/{game_id}")
async def game_socket(websocket: WebSocket, game_id: str, manager: ManagerDep,
                      settings: SettingsDep) -> None:
    await websocket.accept()
    if not origin_allowed(websocket.headers.get("origin"), websocket.headers.get("host"),
                          settings.public_url):
        # A page on another site must not use a visitor's link (DNS rebinding,
        # or a link it learnt): only this site's pages open game sockets.
        await _refuse(websocket, "bad_origin", "this socket may be opened only from this "
                      "site's pages (or LIFESPIN_PUBLIC_URL's)", CLOSE_FORBIDDEN)
        return
    params = websocket.query_params
    game = await manager.get(game_id) if len(game_id) <= 64 else None
    if game is None:
        await _refuse(websocket, "not_found", "there is no such game", CLOSE_NOT_FOUND)
        return
    seat: int | None = None
    raw_seat = params.get("seat")
    if raw_seat not in (None, ""):
        # ASCII digits only: "²".isdigit() holds, and int() refuses it.
        if (not (raw_seat.isascii() and raw_seat.isdecimal()) or len(raw_seat) > 4
                or int(raw_seat) >= len(game.seats)):
            await _refuse(websocket, "bad_seat", f"this game has no seat {raw_seat[:8]!r}",
                          CLOSE_BAD_REQUEST)
            return
        seat = int(raw_seat)
        if not game.seat_token_ok(seat, params.get("token")):
            await _refuse(websocket, "bad_token",
                          "the link's token is missing or wrong for this seat", CLOSE_FORBIDDEN)
            return
    raw_since = params.get("since", "")
    if raw_since and not (raw_since.isascii() and raw_since.isdecimal() and len(raw_since) < 10):
        await _refuse(websocket, "bad_message", f"since={raw_since[:12]!r} is not a version "
                      "(a whole number)", CLOSE_BAD_REQUEST)
        return
    since = int(raw_since) if raw_since else None

    conn = Connection(seat, client_key(websocket), websocket.app.state.advice_limiter)
    if seat is not None:
        await manager.join(game, seat, announce=False)  # attach announces it
    try:
        await manager.attach(game, conn, since)
    except ProtocolError as exc:
        await _refuse(websocket, exc.code, exc.message, CLOSE_TOO_MANY)
        return
    sender = asyncio.create_task(_pump(websocket, conn))
    try:
        await _receive(websocket, manager, game, conn, settings.max_message_bytes, sender)
    finally:
        manager.detach(game, conn)
        with contextlib.suppress(BaseException):
            await asyncio.wait_for(sender, timeout=5)


async def _pump(websocket: WebSocket, conn: Connection) -> None:
    """Send the connection's queue in order; a None ends it."""
    try:
        while True:
            text = await conn.queue.get()
            if text is None:
                break
            await websocket.send_text(text)
        if conn.too_slow and websocket.application_state == WebSocketState.CONNECTED:
            await websocket.close(code=CLOSE_TOO_SLOW, reason="too slow; reconnect with since=")
    except (WebSocketDisconnect, RuntimeError, OSError):
        conn.closed = True


async def _receive(websocket: WebSocket, manager: GameManager, game: Game, conn: Connection,
                   limit: int, sender: asyncio.Task[None]) -> None:
    while not conn.closed:
        receive = asyncio.ensure_future(websocket.receive())
        done, _ = await asyncio.wait({receive, sender}, return_when=asyncio.FIRST_COMPLETED)
        if receive not in done:  # the sender ended (client too slow or gone)
            receive.cancel()
            return
        message = receive.result()
        if message["type"] == "websocket.disconnect":
            return
        text = message.get("text")
        if text is None:
            conn.send(error_message("bad_message", "send text frames with JSON",
                                    _version(game)))
            continue
        await _handle(text, manager, game, conn, limit)


def _version(game: Game) -> int | None:
    return game.version if game.started else None


async def _handle(text: str, manager: GameManager, game: Game, conn: Connection,
                  limit: int) -> None:
    client_id: str | None = None
    try:
        msg = parse_client_message(text, limit)
        if isinstance(msg, ActionMessage):
            client_id = msg.id
            if conn.seat is None:
                raise ProtocolError("spectator", "a spectator cannot act; open a seat's link")
            ack = await manager.act(game, conn.seat, msg.action, msg.version, msg.id)
            conn.send(ack_message(ack.client_id, ack.move, ack.version, ack.duplicate))
        elif isinstance(msg, AdviseMessage):
            if conn.seat is None:
                raise ProtocolError("spectator", "advice is for a seat's own decisions")
            if conn.advice_limiter is not None:
                wait = conn.advice_limiter.take(conn.client)
                if wait is not None:
                    raise ProtocolError("rate_limited", "too much advice from your address; "
                                                        f"ask again in {max(1, round(wait))} s")
            version, answer = await manager.advise(game, conn.seat)
            conn.send(advice_message(version, answer))
        else:
            conn.send(pong_message(_version(game)))
    except ProtocolError as exc:
        conn.send(error_message(exc.code, exc.message, _version(game), client_id))
    except Exception as exc:
        # A traceback once per socket; a client repeating the message that
        # breaks the server must not fill the log.
        if not conn.failed:
            log.exception("game %s: a message could not be handled", game.id)
        else:
            log.error("game %s: a message could not be handled again: %r", game.id, exc)
        conn.failed = True
        conn.send(error_message("server_error", "the server failed on this message",
                                _version(game), client_id))
