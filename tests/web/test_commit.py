"""Commit before ack: an action is acknowledged, broadcast and counted only
after its rows are committed. A write that fails changes nothing anyone sees;
a commit held open holds the ack back until it is done."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import ExitStack
from typing import Any

import pytest
from fastapi.testclient import TestClient
from tests.web.helpers import SeatClient, create_game, recv_text, start_game
from tests.web.routes.test_ws import open_seat, version_of

from lifespin.web.store import Store

Seats = tuple[dict[str, Any], SeatClient, SeatClient]


@pytest.fixture
def seats(client: TestClient) -> Iterator[Seats]:
    created = create_game(client, ("Ana", "Bo"))
    with ExitStack() as stack:
        ana, bo = open_seat(client, stack, created, 0), open_seat(client, stack, created, 1)
        version = start_game(client, created)["version"]
        ana.sync(version)
        bo.sync(version)
        assert ana.actions()
        yield created, ana, bo


def no_news(c: SeatClient, seconds: float) -> list[str]:
    """The acks and states that reach the socket within `seconds`."""
    got = []
    while True:
        try:
            text = recv_text(c.ws, timeout=seconds)
        except TimeoutError:
            return got
        if '"type":"ack"' in text or '"type":"state"' in text:
            got.append(text)


def nothing_queued(c: SeatClient) -> None:
    """The socket has nothing before the answer to a ping: no state, no ack."""
    c.ws.send_json({"type": "ping"})
    msg = c.until(lambda m: m["type"] not in ("presence", "lobby"))
    assert msg["type"] == "pong", msg


def test_a_failed_write_is_not_acknowledged(client: TestClient, seats: Seats,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    created, ana, bo = seats
    real = Store.append
    failures = []

    def fail_once(*args: Any, **kwargs: Any) -> None:
        if not failures:
            failures.append(args[1])
            raise OSError("disk full (test)")
        real(*args, **kwargs)

    monkeypatch.setattr(Store, "append", staticmethod(fail_once))
    v = ana.version
    action = ana.actions()[0]
    msg = ana.act(action, client_id="try-1")
    assert msg["type"] == "error" and msg["code"] == "server_error" and msg["id"] == "try-1"
    assert msg["version"] == v
    assert failures == [created["id"]]
    assert version_of(client, created) == v
    nothing_queued(ana)
    nothing_queued(bo)
    assert not any('"type":"ack"' in t for t in ana.texts)
    # The same action, the same id: now it is applied, once.
    ack = ana.act(action, version=v, client_id="try-1")
    assert ack["type"] == "ack" and ack["duplicate"] is False and ack["move"] == v
    assert version_of(client, created) == ack["version"] > v
    assert bo.sync(ack["version"])["version"] == ack["version"]


def test_the_ack_waits_for_the_commit(client: TestClient, seats: Seats,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    created, ana, bo = seats
    real = Store.append
    entered = threading.Event()
    release = threading.Event()

    def held(*args: Any, **kwargs: Any) -> None:
        entered.set()
        assert release.wait(timeout=30), "the test never released the commit"
        real(*args, **kwargs)

    monkeypatch.setattr(Store, "append", staticmethod(held))
    v = ana.version
    ana.ws.send_json({"type": "action", "action": ana.actions()[0], "version": v, "id": "held"})
    assert entered.wait(timeout=10), "the action never reached the store"
    for c in (ana, bo):
        assert no_news(c, 0.5) == []  # no ack, no state while the commit is open
    assert version_of(client, created) == v
    release.set()
    ack = ana.until(lambda m: m["type"] in ("ack", "error"))
    assert ack["type"] == "ack" and ack["id"] == "held" and ack["move"] == v
    assert ana.state is not None and ana.state["version"] == ack["version"]  # states first
    assert bo.sync(ack["version"])["version"] == ack["version"]
