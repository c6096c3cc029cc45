"""Factories and clients for the web tests (through FastAPI's TestClient)."""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable, Sequence
from typing import Any

import anyio
from fastapi.testclient import TestClient
from starlette.testclient import WebSocketTestSession
from starlette.websockets import WebSocketDisconnect

from lifespin.rng import Stream

_IDS = itertools.count(1)

__all__ = ["SeatClient", "auth", "create_game", "drive", "recv_text", "start_game"]


def auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def create_game(client: TestClient, humans: Sequence[str] = ("Ana", "Bo"),
                bots: Sequence[str] = (), *, seed: int | None = 1234,
                options: dict[str, Any] | None = None) -> dict[str, Any]:
    seats: list[dict[str, Any]] = [{"name": n, "kind": "human"} for n in humans]
    seats += [{"name": f"Bot {i}", "kind": "bot", "difficulty": d} for i, d in enumerate(bots)]
    body: dict[str, Any] = {"edition": "classic", "seats": seats, "options": options or {}}
    if seed is not None:
        body["seed"] = seed
    r = client.post("/games", json=body)
    assert r.status_code == 201, r.text
    created: dict[str, Any] = r.json()
    return created


def start_game(client: TestClient, created: dict[str, Any]) -> dict[str, Any]:
    r = client.post(f"/games/{created['id']}/start", headers=auth(created["host_token"]))
    assert r.status_code == 200, r.text
    out: dict[str, Any] = r.json()
    return out


def recv_text(ws: WebSocketTestSession, timeout: float = 10.0) -> str:
    """The next message, failing the test instead of hanging when none comes."""

    async def get() -> Any:
        with anyio.fail_after(timeout):
            return await ws._send_rx.receive()

    message = ws.portal.call(get)
    if message["type"] == "websocket.close":
        raise WebSocketDisconnect(code=message.get("code", 1000), reason=message.get("reason"))
    return str(message["text"])


class SeatClient:
    """One socket: every message text it got, and the latest state."""

    def __init__(self, ws: WebSocketTestSession, seat: int | None) -> None:
        self.ws = ws
        self.seat = seat
        self.texts: list[str] = []
        self.state: dict[str, Any] | None = None
        self.sent = 0

    def read(self, timeout: float = 10.0) -> dict[str, Any]:
        text = recv_text(self.ws, timeout)
        self.texts.append(text)
        msg: dict[str, Any] = json.loads(text)
        if msg["type"] == "state":
            assert self.state is None or msg["version"] > self.state["version"], "out of order"
            self.state = msg
        return msg

    def until(self, pred: Callable[[dict[str, Any]], bool], limit: int = 5000) -> dict[str, Any]:
        for _ in range(limit):
            msg = self.read()
            if pred(msg):
                return msg
        raise AssertionError("the awaited message never came")

    def sync(self, version: int) -> dict[str, Any]:
        if self.state is None or self.state["version"] < version:
            self.until(lambda m: m["type"] == "state" and m["version"] >= version)
        assert self.state is not None
        return self.state

    @property
    def version(self) -> int:
        assert self.state is not None
        return int(self.state["version"])

    def actions(self) -> list[str]:
        assert self.state is not None
        decision = self.state["view"]["decision"] or {}
        return list(decision.get("actions") or [])

    def act(self, action: str, version: int | None = None,
            client_id: str | None = None) -> dict[str, Any]:
        """Send an action; the ack or the error that answers it."""
        self.sent += 1
        msg: dict[str, Any] = {"type": "action", "action": action,
                               "version": self.version if version is None else version}
        # Unique across clients and restarts: a reused id with another action
        # is refused (id_reused).
        msg["id"] = client_id if client_id is not None else f"s{self.seat}-{next(_IDS)}"
        self.ws.send_json(msg)
        return self.until(lambda m: m["type"] in ("ack", "error"))


def _decider(state: dict[str, Any]) -> int | None:
    decision = state["view"]["decision"]
    if decision is None or decision["chance"]:
        return None
    return int(decision["seat"])


def drive(clients: dict[int, SeatClient], rng: Stream, *, max_actions: int = 5000,
          stop: Callable[[dict[str, Any]], bool] | None = None) -> dict[str, Any]:
    """Play the human seats (random legal choices from `rng`) until the game is
    over (or `stop(state)`); bots play themselves. The last state."""
    lead = next(iter(clients.values()))
    for _ in range(max_actions):
        while True:
            st = lead.state
            if st is not None and (st["status"] == "over" or (stop is not None and stop(st))):
                for c in clients.values():
                    c.sync(st["version"])
                return st
            if st is not None and _decider(st) in clients:
                break
            lead.read()
        seat = _decider(st)
        assert seat is not None
        actor = clients[seat]
        actor.sync(st["version"])
        options = actor.actions()
        assert options, actor.state
        answer = actor.act(options[rng.next_u64() % len(options)])
        assert answer["type"] == "ack", answer
        for c in clients.values():
            c.sync(answer["version"])
    raise AssertionError("the game did not end")
