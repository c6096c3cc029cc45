"""The game socket against bad input and crowds: every bad message or link is
an error code with a message (the socket stays usable, or closes with a code),
never a server error; caps on sockets; presence coalesced; `since`."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable
from contextlib import ExitStack
from typing import Any

import pytest
from fastapi.testclient import TestClient
from starlette.websockets import WebSocketDisconnect
from tests.web.helpers import SeatClient, auth, create_game, drive, recv_text, start_game
from tests.web.routes.test_ws import Table, expect_error, open_seat, seat_url, table, version_of

from lifespin.rng import Stream
from lifespin.web import Settings, create_app

__all__ = ["table"]  # the fixture, shared with test_ws


def refused(client: TestClient, url: str, **kw: Any) -> tuple[dict[str, Any], int]:
    """The error a socket is refused with, and its close code."""
    with client.websocket_connect(url, **kw) as ws:
        msg = json.loads(recv_text(ws))
        with pytest.raises(WebSocketDisconnect) as exc:
            recv_text(ws)
    return msg, exc.value.code


@pytest.mark.parametrize("text, code", [
    ('{"type": "action", "action": "spin", "version": NaN}', "bad_json"),
    ('{"type": "action", "action": "spin", "version": 1e309}', "bad_json"),
    ('{"type": "action", "action": "spin", "version": Infinity}', "bad_json"),
    ('{"type": "action", "action": "spin", "version": ' + "9" * 1000 + "}", "bad_json"),
    ('{"type": "action", "action": "spin", "version": ' + "9" * 4000 + "}", "bad_json"),
    ('{"type": "action", "action": "spin", "version": 99999999999999999999}', "bad_message"),
    ('{"type": "action", "action": "spin", "version": 4.0}', "bad_message"),
    ('{"type": "action", "action": "\\ud800", "version": 4}', "bad_json"),
    ('{"type": "action", "action": "spin", "version": 4, "id": "\\udc00"}', "bad_json"),
    ('{"type": "ping", "x": ' + "[" * 1500 + "]" * 1500 + "}", "bad_json"),
    ('{"type": "action", "action": "spin\\u0000", "version": 4}', "invalid_action"),
])
def test_bad_messages_get_a_code_not_a_server_error(
        client: TestClient, table: Table, text: str, code: str,
        caplog: pytest.LogCaptureFixture) -> None:
    created, seats, _ = table
    ana = seats[0]
    v = ana.version
    with caplog.at_level(logging.WARNING):
        ana.ws.send_text(text.replace('"version": 4', f'"version": {v}'))
        msg = expect_error(ana, code)
    assert len(msg["message"]) < 300
    assert not [r for r in caplog.records if r.exc_info], "a traceback was logged"
    assert version_of(client, created) == v
    ana.ws.send_json({"type": "ping"})
    assert ana.until(lambda m: m["type"] in ("pong", "error")) == {"type": "pong", "version": v}


@pytest.mark.parametrize("query, code, close", [
    ("seat=%C2%B2&token=t", "bad_seat", 4400),  # "²".isdigit() holds
    ("seat=%D9%A1&token=t", "bad_seat", 4400),  # Arabic-Indic one
    ("seat=" + "0" * 5000 + "&token=t", "bad_seat", 4400),
    ("since=%C2%B2", "bad_message", 4400),
    ("since=" + "9" * 5000, "bad_message", 4400),
    ("since=-1", "bad_message", 4400),
])
def test_odd_digits_in_links_are_refused(client: TestClient, query: str, code: str,
                                         close: int) -> None:
    created = create_game(client)
    msg, got = refused(client, f"/ws/games/{created['id']}?{query}")
    assert msg["code"] == code and msg["message"]
    assert got == close


def test_a_reused_id_with_another_action_is_refused(client: TestClient, table: Table) -> None:
    created, seats, _ = table
    ana = seats[0]
    v = ana.version
    first, other = ana.actions()[0], ana.actions()[1]
    ack = ana.act(first, version=v, client_id="same")
    assert ack["type"] == "ack"
    # The same id again, for another action (or another version): refused.
    msg = ana.act(other, version=v, client_id="same")
    assert msg["code"] == "id_reused" and msg["id"] == "same" and first in msg["message"]
    msg = ana.act(first, version=v + 1, client_id="same")
    assert msg["code"] == "id_reused"
    # The very same resend is still the ack it missed.
    assert ana.act(first, version=v, client_id="same") == {**ack, "duplicate": True}
    assert version_of(client, created) == ack["version"]


def test_foreign_origin_is_refused(client: TestClient) -> None:
    created = create_game(client)
    url = seat_url(created, 0)
    msg, code = refused(client, url, headers={"origin": "https://evil.example"})
    assert msg["code"] == "bad_origin" and code == 4403
    msg, code = refused(client, f"/ws/games/{created['id']}", headers={"origin": "null"})
    assert msg["code"] == "bad_origin"
    assert client.get(f"/games/{created['id']}").json()["seats"][0]["joined"] is False
    with client.websocket_connect(url, headers={"origin": "http://testserver"}) as ws:
        assert json.loads(recv_text(ws))["type"] == "lobby"


def test_sockets_per_seat_and_spectators_are_capped(
        make_settings: Callable[..., Settings]) -> None:
    settings = make_settings(max_sockets_per_seat=2, max_spectators=1, presence_interval=0)
    with TestClient(create_app(settings)) as client, ExitStack() as stack:
        created = create_game(client)
        for _ in range(2):
            open_seat(client, stack, created, 0).read()
        msg, code = refused(client, seat_url(created, 0))
        assert msg["code"] == "too_many" and code == 4429
        stack.enter_context(client.websocket_connect(f"/ws/games/{created['id']}"))
        msg, code = refused(client, f"/ws/games/{created['id']}")
        assert msg["code"] == "too_many" and code == 4429
        # Another seat is not held back by seat 0's tabs.
        assert open_seat(client, stack, created, 1).read()["type"] == "lobby"
        assert client.get(f"/games/{created['id']}").json()["spectators"] == 1


def test_presence_is_coalesced(make_settings: Callable[..., Settings]) -> None:
    settings = make_settings(presence_interval=0.3)
    with TestClient(create_app(settings)) as client, ExitStack() as stack:
        created = create_game(client)
        start_game(client, created)
        first = SeatClient(stack.enter_context(
            client.websocket_connect(f"/ws/games/{created['id']}")), None)
        first.until(lambda m: m["type"] == "state")
        crowd = 20
        for _ in range(crowd):
            stack.enter_context(client.websocket_connect(f"/ws/games/{created['id']}"))
        last = first.until(lambda m: m["type"] == "presence" and m["spectators"] == crowd + 1)
        presences = [t for t in first.texts if '"type":"presence"' in t]
        assert last["spectators"] == crowd + 1
        # One per interval, not one per arrival.
        assert len(presences) <= 4, len(presences)


def test_a_1960_start_sends_the_first_state(client: TestClient) -> None:
    r = client.post("/games", json={"edition": "1960", "seed": 3,
                                    "seats": [{"name": "Ana"}, {"name": "Bo"}]})
    assert r.status_code == 201, r.text
    created = r.json()
    with ExitStack() as stack:
        ana = open_seat(client, stack, created, 0)
        assert ana.read()["type"] == "lobby"
        game = start_game(client, created)
        state = ana.until(lambda m: m["type"] == "state")
        assert state["version"] == game["version"] and state["status"] == "playing"


def test_since_the_current_version_sends_nothing_old(client: TestClient, table: Table) -> None:
    created, seats, _ = table
    target = seats[0].version + 5
    drive(seats, Stream(4), stop=lambda st: st["version"] >= target)
    v = seats[0].version
    with ExitStack() as stack:
        back = open_seat(client, stack, created, 1, since=v)
        back.ws.send_json({"type": "ping"})
        # The pong comes first: no state at or before v was queued.
        assert back.read() == {"type": "pong", "version": v}
        drive(seats, Stream(5), stop=lambda st: st["version"] > v)
        assert back.until(lambda m: m["type"] == "state")["version"] == v + 1


def test_since_after_a_restart_replays_from_the_record(
        make_settings: Callable[..., Settings]) -> None:
    settings = make_settings()
    with TestClient(create_app(settings)) as client, ExitStack() as stack:
        created = create_game(client)
        seats = {k: open_seat(client, stack, created, k) for k in (0, 1)}
        start_game(client, created)
        for c in seats.values():
            c.until(lambda m: m["type"] == "state")
        drive(seats, Stream(6), stop=lambda st: st["version"] >= 20)
        seen = {json.loads(t)["version"]: json.loads(t) for t in seats[1].texts
                if '"type":"state"' in t}
        final = seats[1].version
    with TestClient(create_app(settings)) as client, ExitStack() as stack:
        since = final - 6
        back = open_seat(client, stack, created, 1, since=since)
        got = [back.until(lambda m: m["type"] == "state") for _ in range(6)]
        assert [m["version"] for m in got] == list(range(since + 1, final + 1))
        assert all(m == seen[m["version"]] for m in got)


def test_host_token_does_not_open_a_seat(client: TestClient) -> None:
    created = create_game(client)
    host = created["host_token"]
    gid = created["id"]
    start_game(client, created)
    assert client.get(f"/games/{gid}/seats/0/view", headers=auth(host)).status_code == 403
    assert client.post(f"/games/{gid}/seats/0/join", headers=auth(host)).status_code == 403
    assert client.post(f"/games/{gid}/seats/0/advice", headers=auth(host)).status_code == 403
    msg, code = refused(client, f"/ws/games/{gid}?seat=0&token={host}")
    assert msg["code"] == "bad_token" and code == 4403
    assert client.get(f"/games/{gid}").json()["seats"][0]["joined"] is False


def test_a_slow_crowd_does_not_hold_others(client: TestClient, table: Table) -> None:
    """Spectators arriving with since=0 are served from the recent states
    without replaying the game on the event loop for each of them."""
    created, seats, stack = table
    drive(seats, Stream(9), stop=lambda st: st["version"] >= 40)
    t0 = time.perf_counter()
    for _ in range(30):
        w = SeatClient(stack.enter_context(
            client.websocket_connect(f"/ws/games/{created['id']}?since=0")), None)
        w.until(lambda m: m["type"] == "state" and m["version"] == seats[0].version)
    assert time.perf_counter() - t0 < 30


def test_a_server_failure_is_logged_once_per_socket(
        client: TestClient, table: Table, monkeypatch: pytest.MonkeyPatch,
        caplog: pytest.LogCaptureFixture) -> None:
    manager = client.app.state.manager  # type: ignore[attr-defined]

    async def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("a bug")

    monkeypatch.setattr(manager, "act", broken)
    _, seats, _ = table
    ana = seats[0]
    with caplog.at_level(logging.ERROR, logger="lifespin.web"):
        for _ in range(5):
            assert ana.act(ana.actions()[0])["code"] == "server_error"
    assert len([r for r in caplog.records if r.exc_info]) == 1
    assert len([r for r in caplog.records if "again" in r.getMessage()]) == 4
