"""Kill the server with SIGKILL at random moments while clients play; restart it.
Every acknowledged action must be in the record, and every game must finish
with the results its record replays to.

A real server process (uvicorn) on a free loopback port, a temporary SQLite
file, three games of two people and a bot, three kills: about 15 seconds.
"""

from __future__ import annotations

import json
import os
import random
import threading
import time
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from tests.web.server_process import ServerProcess
from websockets.exceptions import ConnectionClosed, InvalidHandshake
from websockets.sync.client import ClientConnection, connect

import lifespin

GAMES = 3
KILLS = 3
DEADLINE = 90.0


@dataclass
class Seat:
    url: str
    ws: ClientConnection | None = None
    state: dict[str, Any] | None = None
    stack: ExitStack = field(default_factory=ExitStack)


@dataclass
class Player:
    """Plays one game's human seats over real websockets, surviving restarts."""

    server: ServerProcess
    game: dict[str, Any]
    rng: random.Random
    acked: list[tuple[str, int, str]] = field(default_factory=list)  # (id, move, action)
    final: dict[str, Any] | None = None
    reconnects: int = 0
    error: BaseException | None = None
    pending: dict[str, Any] | None = None
    pending_seat: int = -1
    pending_counted: bool = False
    sent: int = 0
    resent: int = 0
    duplicates: int = 0

    def __post_init__(self) -> None:
        gid = self.game["id"]
        self.seats = {
            s["seat"]: Seat(f"/ws/games/{gid}?seat={s['seat']}&token={s['token']}")
            for s in self.game["seats"] if s["token"]
        }

    def run(self, stop: threading.Event) -> None:
        try:
            while self.final is None and not stop.is_set():
                try:
                    self._step()
                except (ConnectionClosed, OSError, InvalidHandshake, TimeoutError):
                    self._drop()
                    time.sleep(0.05)
        except BaseException as exc:  # reported by the test
            self.error = exc
        finally:
            self._drop()

    def _drop(self) -> None:
        if self.pending is not None and not self.pending_counted:
            self.resent += 1  # its answer was lost with the server: it is sent again
            self.pending_counted = True
        for seat in self.seats.values():
            if seat.ws is not None:
                seat.stack.close()
                seat.ws = None
                self.reconnects += 1

    def _open(self, seat: Seat) -> ClientConnection:
        if seat.ws is None:
            seat.ws = seat.stack.enter_context(
                connect(self.server.ws_base + seat.url, open_timeout=2, close_timeout=0.2))
            seat.state = None
        return seat.ws

    def _handle(self, seat: Seat, text: str | bytes) -> dict[str, Any]:
        msg: dict[str, Any] = json.loads(text)
        if msg["type"] == "state":
            seat.state = msg
            if msg["status"] == "over":
                self.final = msg
        return msg

    def _step(self) -> None:
        for seat in self.seats.values():
            ws = self._open(seat)
            while True:  # drain
                try:
                    self._handle(seat, ws.recv(timeout=0.005))
                except TimeoutError:
                    break
        if self.final is not None:
            return
        states = [s.state for s in self.seats.values() if s.state is not None]
        if not states:
            return
        latest = max(states, key=lambda m: m["version"])
        if self.pending is None:
            decision = latest["view"]["decision"]
            if decision is None or decision["chance"] or decision["seat"] not in self.seats:
                return  # a bot's turn: wait for it
            seat = self.seats[decision["seat"]]
            if seat.state is None or seat.state["version"] != latest["version"]:
                return  # this seat's socket is behind: let it catch up
            actions = seat.state["view"]["decision"]["actions"]
            self.sent += 1
            self.pending_seat = decision["seat"]
            self.pending_counted = False
            self.pending = {"type": "action", "action": self.rng.choice(actions),
                            "version": seat.state["version"],
                            "id": f"{self.game['id']}-{self.sent}"}
        # A resend goes out from the same seat, whatever the game shows now.
        seat = self.seats[self.pending_seat]
        ws = self._open(seat)
        ws.send(json.dumps(self.pending))
        while True:
            msg = self._handle(seat, ws.recv(timeout=5))
            if msg["type"] == "ack" and msg["id"] == self.pending["id"]:
                self.duplicates += msg["duplicate"]
                self.acked.append((msg["id"], msg["move"], self.pending["action"]))
                self.pending = None
                time.sleep(self.rng.uniform(0, 0.02))  # a person thinks
                return
            if msg["type"] == "error":
                raise AssertionError(f"refused after a restart: {msg}")


def test_sigkill_loses_no_acknowledged_action(tmp_path: Path) -> None:
    # A failure replays with the same kills and moves: LIFESPIN_CRASH_SEED=<seed>.
    given = os.environ.get("LIFESPIN_CRASH_SEED")
    seed = int(given) if given else random.SystemRandom().randrange(2**32)
    print(f"crash test seed {seed} (rerun with LIFESPIN_CRASH_SEED={seed})")
    rng = random.Random(seed)
    server = ServerProcess(f"sqlite:///{tmp_path / 'crash.db'}", tmp_path / "server.log",
                           bot_pace=0.02, allow_seed="true")
    server.start()
    try:
        games = []
        for _ in range(GAMES):
            r = httpx.post(f"{server.base}/games", json={
                "seats": [{"name": "Ana"}, {"name": "Bo"}, {"name": "Robo", "kind": "bot"}],
                "seed": rng.randrange(2**62)})
            assert r.status_code == 201, r.text
            created = r.json()
            r = httpx.post(f"{server.base}/games/{created['id']}/start",
                           headers={"Authorization": f"Bearer {created['host_token']}"})
            assert r.status_code == 200
            games.append(created)
        players = [Player(server, g, random.Random(rng.randrange(2**32))) for g in games]
        stop = threading.Event()
        threads = [threading.Thread(target=p.run, args=(stop,), daemon=True) for p in players]
        for t in threads:
            t.start()
        began = time.monotonic()
        kills = 0
        acked_at_kill = []
        for _ in range(KILLS):
            time.sleep(rng.uniform(0.3, 0.9))
            if all(p.final is not None for p in players):
                break
            server.kill()
            kills += 1
            acked_at_kill.append(sum(len(p.acked) for p in players))
            time.sleep(rng.uniform(0.0, 0.3))
            server.start()
        while time.monotonic() - began < DEADLINE and any(t.is_alive() for t in threads):
            time.sleep(0.1)
        stop.set()
        for t in threads:
            t.join(timeout=5)
        for p in players:
            if p.error is not None:
                raise p.error
        assert kills >= 1, "the games ended before the first kill"
        assert all(p.final is not None for p in players), "a game did not finish in time"
        for p in players:
            r = httpx.get(f"{server.base}/games/{p.game['id']}/record")
            assert r.status_code == 200
            record = r.json()
            for client_id, move, action in p.acked:
                assert record["actions"][move] == action, (client_id, move)
            assert p.final is not None
            assert lifespin.replay(record).results() == p.final["view"]["results"]
            assert len(record["actions"]) == p.final["version"]
        print(f"kills {kills}, acks at each kill {acked_at_kill}, "
              f"acks {[len(p.acked) for p in players]}, reconnects "
              f"{[p.reconnects for p in players]}, resent {[p.resent for p in players]}, "
              f"of which already applied {[p.duplicates for p in players]}")
    finally:
        server.stop()
