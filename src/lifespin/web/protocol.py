"""The websocket protocol (docs/web-protocol.md section 3): the messages a
client may send, as pydantic models, and the server's messages, as JSON text.

Server messages are composed as text because a state message embeds a view
that is serialised once per seat and sent to every socket of that seat.
"""

from __future__ import annotations

import json
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictInt, TypeAdapter, ValidationError

from .inputs import BadInput, loads_strict

__all__ = [
    "ERROR_CODES",
    "ActionMessage",
    "AdviseMessage",
    "ClientMessage",
    "PingMessage",
    "ProtocolError",
    "ack_message",
    "advice_message",
    "dumps",
    "error_message",
    "lobby_message",
    "parse_client_message",
    "pong_message",
    "presence_message",
    "state_message",
]

MAX_VERSION = 2**31 - 1
"""No game gets near it; a larger version is refused as malformed."""

ERROR_CODES = frozenset({
    "bad_json", "bad_message", "too_large", "not_found", "bad_seat", "bad_token", "spectator",
    "not_started", "game_over", "stale_version", "not_your_turn", "invalid_action",
    "illegal_action", "advice_unavailable", "server_error", "id_reused", "too_many",
    "bad_origin", "rate_limited",
})


class ProtocolError(Exception):
    """A request refused with one of `ERROR_CODES`; the game is unchanged."""

    def __init__(self, code: str, message: str) -> None:
        assert code in ERROR_CODES, code
        super().__init__(message)
        self.code = code
        self.message = message


class _Message(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# An action a seat chose from its view's decision.actions.
class ActionMessage(_Message):
    type: Literal["action"]
    action: Annotated[str, Field(min_length=1, max_length=64)]
    version: Annotated[StrictInt, Field(ge=0, le=MAX_VERSION)]
    id: Annotated[str, Field(min_length=1, max_length=64)] | None = None


# Ask the advisor about the seat's current decision.
class AdviseMessage(_Message):
    type: Literal["advise"]


# Keep-alive; answered with the current version.
class PingMessage(_Message):
    type: Literal["ping"]


ClientMessage = Annotated[
    ActionMessage | AdviseMessage | PingMessage, Field(discriminator="type")
]
_client_adapter: TypeAdapter[ActionMessage | AdviseMessage | PingMessage] = TypeAdapter(
    ClientMessage
)


def parse_client_message(text: str, limit: int) -> ActionMessage | AdviseMessage | PingMessage:
    """The message in `text`.

    Raises:
        ProtocolError: too_large, bad_json or bad_message, saying what is wrong.
    """
    if len(text) > limit or len(text.encode("utf-8", "surrogatepass")) > limit:
        raise ProtocolError("too_large", f"messages are limited to {limit} bytes")
    try:
        data = loads_strict(text)
    except BadInput as exc:
        raise ProtocolError("bad_json", str(exc)) from None
    if not isinstance(data, dict) or not isinstance(data.get("type"), str):
        raise ProtocolError("bad_message", "a message is a JSON object with a string 'type'")
    if data["type"] not in ("action", "advise", "ping"):
        raise ProtocolError(
            "bad_message", f"unknown message type {data['type'][:40]!r}; "
            "send 'action', 'advise' or 'ping'")
    try:
        return _client_adapter.validate_python(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err["loc"][1:]) or "message"
        raise ProtocolError("bad_message", f"{data['type']} message, field {where!r}: "
                                           f"{err['msg']}") from None


def dumps(data: Any) -> str:
    return json.dumps(data, separators=(",", ":"), ensure_ascii=False)


def state_message(version: int, status: str, view_json: str) -> str:
    return f'{{"type":"state","version":{version},"status":"{status}","view":{view_json}}}'


def lobby_message(game: dict[str, Any]) -> str:
    return dumps({"type": "lobby", "game": game})


def presence_message(seats: list[dict[str, int]], spectators: int) -> str:
    return dumps({"type": "presence", "seats": seats, "spectators": spectators})


def ack_message(client_id: str | None, move: int, version: int, duplicate: bool) -> str:
    return dumps({"type": "ack", "id": client_id, "move": move, "version": version,
                  "duplicate": duplicate})


def advice_message(version: int, advice: Any) -> str:
    return dumps({"type": "advice", "version": version, "advice": advice})


def pong_message(version: int | None) -> str:
    return dumps({"type": "pong", "version": version})


def error_message(code: str, message: str, version: int | None,
                  client_id: str | None = None) -> str:
    return dumps({"type": "error", "code": code, "message": message, "version": version,
                  "id": client_id})
