"""Several server processes on one PostgreSQL database (web/cluster.py): one
owner per game, updates reach sockets on every process, actions through any
process are applied once, and a killed owner's games are taken over.

Real processes on loopback ports, each test in its own schema of the test
database; a missing PostgreSQL skips (and fails under CI=true)."""

from __future__ import annotations

import json
import random
import time
from collections.abc import Iterator
from contextlib import ExitStack, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
from tests.web.conftest import _postgres_reachable, postgres_schema_url
from tests.web.missing import missing
from tests.web.server_process import ServerProcess
from websockets.exceptions import ConnectionClosed, InvalidHandshake
from websockets.sync.client import ClientConnection, connect

import lifespin
from lifespin.web.store import LeaseLost, Store

LEASE = 2.0


@pytest.fixture
def pg_url() -> Iterator[str]:
    problem = _postgres_reachable()
    if problem:
        missing(problem)
    url, drop = postgres_schema_url()
    try:
        yield url
    finally:
        drop()


def test_a_lease_has_one_holder_and_a_commit_needs_it(pg_url: str) -> None:
    a, b = Store(pg_url), Store(pg_url)
    a.lease_seconds = b.lease_seconds = 0.5
    a.open()
    try:
        with a.engine.begin() as conn:
            assert a.take_lease(conn, "g1")
        with b.engine.begin() as conn:
            assert not b.take_lease(conn, "g1")  # held, and not lapsed
        with a.engine.begin() as conn:
            a.check_lease(conn, "g1")  # the holder may commit
            assert a.take_lease(conn, "g1")  # and take it again
        with pytest.raises(LeaseLost), b.engine.begin() as conn:
            b.check_lease(conn, "g1")
        time.sleep(0.7)  # a's lease lapses: a killed owner renews nothing
        with b.engine.begin() as conn:
            assert b.take_lease(conn, "g1")
        with pytest.raises(LeaseLost), a.engine.begin() as conn:
            a.check_lease(conn, "g1")  # the old owner's commit is refused
        with a.engine.begin() as conn:
            assert a.renew_leases(conn, ["g1"]) == set()
        with b.engine.begin() as conn:
            assert b.renew_leases(conn, ["g1"]) == {"g1"}
    finally:
        a.close()
        b.close()


def start_servers(pg_url: str, tmp_path: Path, count: int) -> list[ServerProcess]:
    servers = [ServerProcess(pg_url, tmp_path / f"server{i}.log", bot_pace=0.02,
                             allow_seed="true", lease_seconds=LEASE, log_level="info")
               for i in range(count)]
    for s in servers:
        s.start()
    return servers


@dataclass
class Seat:
    index: int
    path: str
    server: ServerProcess
    ws: ClientConnection | None = None
    state: dict[str, Any] | None = None
    stack: ExitStack = field(default_factory=ExitStack)
    reconnects: int = 0

    def open(self) -> ClientConnection:
        if self.ws is None:
            self.ws = self.stack.enter_context(
                connect(self.server.ws_base + self.path, open_timeout=3, close_timeout=0.2))
            self.state = None
        return self.ws

    def drop(self) -> None:
        if self.ws is not None:
            self.stack.close()
            self.ws = None
            self.reconnects += 1

    def handle(self, text: str | bytes) -> dict[str, Any]:
        msg: dict[str, Any] = json.loads(text)
        if msg["type"] == "state":
            assert self.state is None or msg["version"] > self.state["version"], "out of order"
            self.state = msg
        return msg


@dataclass
class Play:
    """Plays a game's human seats, each through its own server process."""

    seats: dict[int, Seat]
    rng: random.Random
    acked: list[tuple[str, int, str]] = field(default_factory=list)
    pending: dict[str, Any] | None = None
    pending_seat: int = -1
    sent: int = 0

    def final(self) -> dict[str, Any] | None:
        for s in self.seats.values():
            if s.state is not None and s.state["status"] == "over":
                return s.state
        return None

    def step(self) -> None:
        for seat in self.seats.values():
            ws = seat.open()
            while True:
                try:
                    seat.handle(ws.recv(timeout=0.005))
                except TimeoutError:
                    break
        states = [s.state for s in self.seats.values() if s.state is not None]
        if not states or self.final() is not None:
            return
        latest = max(states, key=lambda m: m["version"])
        if self.pending is None:
            decision = latest["view"]["decision"]
            if decision is None or decision["chance"] or decision["seat"] not in self.seats:
                return
            seat = self.seats[decision["seat"]]
            if seat.state is None or seat.state["version"] != latest["version"]:
                return
            self.sent += 1
            self.pending_seat = seat.index
            self.pending = {"type": "action", "version": latest["version"],
                            "action": self.rng.choice(seat.state["view"]["decision"]["actions"]),
                            "id": f"c{seat.index}-{self.sent}"}
        seat = self.seats[self.pending_seat]
        ws = seat.open()
        ws.send(json.dumps(self.pending))
        while True:
            msg = seat.handle(ws.recv(timeout=LEASE * 4))
            if msg["type"] == "ack" and msg["id"] == self.pending["id"]:
                self.acked.append((msg["id"], msg["move"], self.pending["action"]))
                self.pending = None
                return
            if msg["type"] == "error" and msg["id"] == self.pending["id"]:
                assert msg["code"] == "server_error", msg  # only "try again" is expected
                time.sleep(0.1)
                return  # sent again next step

    def run(self, deadline: float, on_step: Any = None) -> dict[str, Any]:
        while time.monotonic() < deadline:
            if on_step is not None:
                on_step(self)
            try:
                self.step()
            except (ConnectionClosed, OSError, InvalidHandshake, TimeoutError):
                for s in self.seats.values():
                    s.drop()
                time.sleep(0.05)
            final = self.final()
            if final is not None:
                for s in self.seats.values():
                    s.drop()
                return final
        raise AssertionError(f"the game did not finish; acked {len(self.acked)}")


def create(server: ServerProcess, seed: int) -> dict[str, Any]:
    r = httpx.post(f"{server.base}/games", json={
        "seed": seed,
        "seats": [{"name": "Ana"}, {"name": "Bo"}, {"name": "Robo", "kind": "bot",
                                                    "difficulty": "random"}]})
    assert r.status_code == 201, r.text
    return r.json()  # type: ignore[no-any-return]


def check_record(server: ServerProcess, created: dict[str, Any], play: Play,
                 final: dict[str, Any]) -> None:
    record = httpx.get(f"{server.base}/games/{created['id']}/record").json()
    for client_id, move, action in play.acked:
        assert record["actions"][move] == action, (client_id, move)
    assert len(record["actions"]) == final["version"]  # nothing applied twice
    assert lifespin.replay(record).results() == final["view"]["results"]


def seat_paths(created: dict[str, Any]) -> dict[int, str]:
    return {s["seat"]: f"/ws/games/{created['id']}?seat={s['seat']}&token={s['token']}"
            for s in created["seats"] if s["token"]}


def test_two_processes_play_one_game(pg_url: str, tmp_path: Path) -> None:
    a, b = start_servers(pg_url, tmp_path, 2)
    try:
        created = create(a, seed=11)
        # The host starts it through the other process: forwarded to the owner.
        r = httpx.post(f"{b.base}/games/{created['id']}/start",
                       headers={"Authorization": f"Bearer {created['host_token']}"})
        assert r.status_code == 200, r.text
        again = httpx.post(f"{b.base}/games/{created['id']}/start",
                           headers={"Authorization": f"Bearer {created['host_token']}"})
        assert again.status_code == 409
        paths = seat_paths(created)
        play = Play({0: Seat(0, paths[0], a), 1: Seat(1, paths[1], b)}, random.Random(3))
        final = play.run(time.monotonic() + 120)
        check_record(a, created, play, final)
        check_record(b, created, play, final)
        assert len(play.acked) > 10
        for server in (a, b):
            assert "Traceback" not in server.log_path.read_text(), server.log_path.read_text()
    finally:
        a.stop()
        b.stop()


def test_the_owner_is_killed_under_load(pg_url: str, tmp_path: Path) -> None:
    a, b = start_servers(pg_url, tmp_path, 2)
    try:
        games = [create(a, seed=s) for s in (21, 22)]
        for created in games:
            r = httpx.post(f"{a.base}/games/{created['id']}/start",
                           headers={"Authorization": f"Bearer {created['host_token']}"})
            assert r.status_code == 200
        plays = []
        for created in games:
            paths = seat_paths(created)
            plays.append(Play({0: Seat(0, paths[0], a), 1: Seat(1, paths[1], b)},
                              random.Random(len(plays))))
        killed_at: list[float] = []
        first_ack_after: list[float] = []

        def kill_a_then_move(play: Play) -> None:
            if not killed_at and len(play.acked) >= 8:
                a.kill()
                killed_at.append(time.monotonic())
                for p in plays:  # the load balancer sends a's clients to b
                    for s in p.seats.values():
                        s.server = b
                        s.drop()
            if killed_at and not first_ack_after and len(play.acked) >= 9:
                first_ack_after.append(time.monotonic())

        finals = [p.run(time.monotonic() + 120, kill_a_then_move) for p in plays]
        assert killed_at, "the games ended before the kill"
        for created, play, final in zip(games, plays, finals, strict=True):
            check_record(b, created, play, final)
        takeover = (first_ack_after or [time.monotonic()])[0] - killed_at[0]
        print(f"takeover after the kill: {takeover:.2f} s (lease {LEASE} s)")
        assert takeover < LEASE * 4
    finally:
        a.kill()
        b.stop()


def test_the_same_move_through_two_processes_at_once_is_applied_once(
        pg_url: str, tmp_path: Path) -> None:
    """One seat open on both processes; each decision is sent through both at
    the same moment (two ids): one is applied, the other refused as stale."""
    a, b = start_servers(pg_url, tmp_path, 2)
    try:
        created = create(a, seed=31)
        httpx.post(f"{a.base}/games/{created['id']}/start",
                   headers={"Authorization": f"Bearer {created['host_token']}"})
        path = seat_paths(created)[0]
        other = seat_paths(created)[1]
        applied = 0
        with ExitStack() as stack:
            ws_a = stack.enter_context(connect(a.ws_base + path, open_timeout=3))
            ws_b = stack.enter_context(connect(b.ws_base + path, open_timeout=3))
            bo = stack.enter_context(connect(b.ws_base + other, open_timeout=3))
            seats = {0: Seat(0, path, a), 1: Seat(1, other, b)}
            seats[0].ws, seats[1].ws = ws_a, bo
            rng = random.Random(5)
            for n in range(40):
                decider = None
                deadline = time.monotonic() + 10
                while decider is None and time.monotonic() < deadline:
                    for seat in seats.values():
                        assert seat.ws is not None
                        with suppress(TimeoutError):
                            seat.handle(seat.ws.recv(timeout=0.01))
                    top = max(s.state["version"] for s in seats.values() if s.state) \
                        if any(s.state for s in seats.values()) else -1
                    for seat in seats.values():
                        st = seat.state
                        if st and st["version"] == top and (
                                st["status"] == "over" or (st["view"]["decision"] or {})
                                .get("actions")):
                            decider = seat
                assert decider is not None and decider.state is not None
                state = decider.state
                if state["status"] == "over":
                    break
                action = rng.choice(state["view"]["decision"]["actions"])
                msg = {"type": "action", "action": action, "version": state["version"]}
                if decider.index == 0:  # through both processes at once
                    ws_a.send(json.dumps({**msg, "id": f"a{n}"}))
                    ws_b.send(json.dumps({**msg, "id": f"b{n}"}))
                    answers = []
                    for ws, cid in ((ws_a, f"a{n}"), (ws_b, f"b{n}")):
                        while True:
                            text = ws.recv(timeout=LEASE * 4)
                            m = seats[0].handle(text) if ws is ws_a else json.loads(text)
                            if m["type"] in ("ack", "error") and m["id"] == cid:
                                answers.append(m)
                                break
                    assert sorted(m["type"] for m in answers) == ["ack", "error"], answers
                    refused = next(m for m in answers if m["type"] == "error")
                    assert refused["code"] == "stale_version", refused
                    applied += 1
                else:
                    bo.send(json.dumps({**msg, "id": f"o{n}"}))
                    while True:
                        m = seats[1].handle(bo.recv(timeout=LEASE * 4))
                        if m["type"] in ("ack", "error") and m.get("id") == f"o{n}":
                            assert m["type"] == "ack", m
                            break
        assert applied >= 5
        # Both processes hold the same game (the follower caught up).
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            versions = {httpx.get(f"{x.base}/games/{created['id']}").json()["version"]
                        for x in (a, b)}
            if len(versions) == 1:
                break
            time.sleep(0.1)
        assert len(versions) == 1, versions
    finally:
        a.stop()
        b.stop()
