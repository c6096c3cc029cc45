"""The game socket: every refusal leaves the game unchanged and tells only the
client that caused it; reconnecting misses nothing; two tabs on one seat work."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import ExitStack
from typing import Any

import pytest
from fastapi.testclient import TestClient
from starlette.websockets import WebSocketDisconnect
from tests.web.helpers import SeatClient, create_game, drive, recv_text, start_game

import lifespin.bots
from lifespin.rng import Stream

Table = tuple[dict[str, Any], dict[int, SeatClient], ExitStack]


def seat_url(created: dict[str, Any], seat: int, since: int | None = None) -> str:
    token = created["seats"][seat]["token"]
    url = f"/ws/games/{created['id']}?seat={seat}&token={token}"
    return url if since is None else f"{url}&since={since}"


def open_seat(client: TestClient, stack: ExitStack, created: dict[str, Any], seat: int,
              since: int | None = None) -> SeatClient:
    ws = stack.enter_context(client.websocket_connect(seat_url(created, seat, since)))
    return SeatClient(ws, seat)


@pytest.fixture
def table(client: TestClient) -> Iterator[Table]:
    """A started two-person game, both seats connected, seat 0 to decide."""
    created = create_game(client, ("Ana", "Bo"))
    with ExitStack() as stack:
        seats = {k: open_seat(client, stack, created, k) for k in (0, 1)}
        version = start_game(client, created)["version"]
        for c in seats.values():
            c.sync(version)
        assert seats[0].actions(), "seat 0 decides first"
        yield created, seats, stack


def version_of(client: TestClient, created: dict[str, Any]) -> int:
    return int(client.get(f"/games/{created['id']}").json()["version"])


def expect_error(c: SeatClient, code: str) -> dict[str, Any]:
    msg = c.until(lambda m: m["type"] == "error")
    assert msg["code"] == code, msg
    assert msg["message"]
    return msg


# ---------------------------------------------------------------- opening

def test_unknown_game_is_refused(client: TestClient) -> None:
    with client.websocket_connect("/ws/games/nope") as ws:
        msg = json.loads(recv_text(ws))
        assert msg["type"] == "error" and msg["code"] == "not_found"
        with pytest.raises(WebSocketDisconnect) as exc:
            recv_text(ws)
        assert exc.value.code == 4404


@pytest.mark.parametrize("token", ["forged-token-0123456789abcdefABCDEF", ""])
def test_forged_or_missing_token_is_refused(client: TestClient, token: str) -> None:
    created = create_game(client)
    url = f"/ws/games/{created['id']}?seat=0" + (f"&token={token}" if token else "")
    with client.websocket_connect(url) as ws:
        msg = json.loads(recv_text(ws))
        assert msg["code"] == "bad_token"
        with pytest.raises(WebSocketDisconnect) as exc:
            recv_text(ws)
        assert exc.value.code == 4403
    # Another seat's token does not open this one either.
    other = created["seats"][1]["token"]
    with client.websocket_connect(f"/ws/games/{created['id']}?seat=0&token={other}") as ws:
        assert json.loads(recv_text(ws))["code"] == "bad_token"
    assert client.get(f"/games/{created['id']}").json()["seats"][0]["joined"] is False


@pytest.mark.parametrize("seat", ["7", "-1", "x"])
def test_bad_seat_is_refused(client: TestClient, seat: str) -> None:
    created = create_game(client)
    with client.websocket_connect(f"/ws/games/{created['id']}?seat={seat}&token=t") as ws:
        assert json.loads(recv_text(ws))["code"] == "bad_seat"
        with pytest.raises(WebSocketDisconnect) as exc:
            recv_text(ws)
        assert exc.value.code == 4400


def test_bot_seat_cannot_be_opened(client: TestClient) -> None:
    created = create_game(client, ("Ana",), ("random",))
    with client.websocket_connect(f"/ws/games/{created['id']}?seat=1&token=anything") as ws:
        assert json.loads(recv_text(ws))["code"] == "bad_token"


def test_lobby_then_start(client: TestClient) -> None:
    created = create_game(client)
    with ExitStack() as stack:
        ana = open_seat(client, stack, created, 0)
        first = ana.read()
        assert first["type"] == "lobby"
        assert first["game"]["seats"][0]["joined"] is True
        assert first["game"]["seats"][1]["joined"] is False
        bo = open_seat(client, stack, created, 1)
        lobby = ana.until(lambda m: m["type"] == "lobby" and m["game"]["seats"][1]["joined"])
        assert lobby["game"]["status"] == "lobby"
        assert ana.act("spin", version=0)["code"] == "not_started"
        start_game(client, created)
        state = ana.until(lambda m: m["type"] == "state" and m["view"]["decision"]["seat"] == 0
                          and not m["view"]["decision"]["chance"])
        assert state["status"] == "playing"
        assert bo.sync(state["version"])["view"]["seat"] == 1


# ---------------------------------------------------------------- actions

def test_action_is_acknowledged_and_broadcast(client: TestClient, table: Table) -> None:
    created, seats, _ = table
    ana, bo = seats[0], seats[1]
    before = ana.version
    ack = ana.act(ana.actions()[0], client_id="first")
    assert ack == {"type": "ack", "id": "first", "move": before, "version": ack["version"],
                   "duplicate": False}
    assert ack["version"] > before
    assert ana.state is not None and ana.state["version"] == ack["version"]
    bo.sync(ack["version"])
    assert bo.state is not None and bo.state["view"]["seat"] == 1
    # Every version in between reached the other seat, in order.
    versions = [json.loads(t)["version"] for t in bo.texts if '"type":"state"' in t]
    assert versions[-(ack["version"] - before):] == list(range(before + 1, ack["version"] + 1))
    assert version_of(client, created) == ack["version"]


def test_stale_version_is_refused(client: TestClient, table: Table) -> None:
    created, seats, _ = table
    ana = seats[0]
    v = ana.version
    for stale in (v - 1, v + 1, 0):
        msg = ana.act(ana.actions()[0], version=stale)
        assert msg["code"] == "stale_version" and msg["version"] == v
    assert version_of(client, created) == v


def test_out_of_turn_is_refused(client: TestClient, table: Table) -> None:
    created, seats, _ = table
    bo = seats[1]
    v = bo.version
    msg = bo.act("start:career", client_id="bo-1")
    assert msg["code"] == "not_your_turn" and msg["id"] == "bo-1"
    assert version_of(client, created) == v
    # The refused id was not used up: it is only remembered once applied.
    assert seats[0].act(seats[0].actions()[0])["type"] == "ack"


@pytest.mark.parametrize("text, code", [
    ("{nope", "bad_json"),
    ("", "bad_json"),
    ("[1, 2]", "bad_message"),
    ('"spin"', "bad_message"),
    ('{"type": "dance"}', "bad_message"),
    ('{"action": "spin", "version": 4}', "bad_message"),
    ('{"type": "action", "action": "spin"}', "bad_message"),
    ('{"type": "action", "action": "spin", "version": "4"}', "bad_message"),
    ('{"type": "action", "action": "spin", "version": true}', "bad_message"),
    ('{"type": "action", "action": "spin", "version": 4, "token": "x"}', "bad_message"),
    ('{"type": "action", "action": "", "version": 4}', "bad_message"),
    ('{"type": "action", "action": "spin", "version": 4, "id": ""}', "bad_message"),
])
def test_malformed_messages_are_refused(client: TestClient, table: Table, text: str,
                                        code: str) -> None:
    created, seats, _ = table
    ana = seats[0]
    v = ana.version
    ana.ws.send_text(text)
    msg = expect_error(ana, code)
    assert msg["version"] == v
    assert version_of(client, created) == v
    ana.ws.send_json({"type": "ping"})
    assert ana.until(lambda m: m["type"] in ("pong", "error")) == {"type": "pong", "version": v}


def test_binary_frames_are_refused(client: TestClient, table: Table) -> None:
    _, seats, _ = table
    seats[0].ws.send_bytes(b'{"type": "ping"}')
    expect_error(seats[0], "bad_message")


def test_oversized_message_is_refused(client: TestClient, table: Table,
                                      settings: Any) -> None:
    created, seats, _ = table
    ana = seats[0]
    v = ana.version
    ana.ws.send_json({"type": "action", "action": ana.actions()[0], "version": v,
                      "id": "big", "pad": "x" * settings.max_message_bytes})
    expect_error(ana, "too_large")
    ana.ws.send_text("é" * (settings.max_message_bytes // 2 + 1))  # few characters, many bytes
    expect_error(ana, "too_large")
    assert version_of(client, created) == v
    assert ana.act(ana.actions()[0], client_id="big")["type"] == "ack"


@pytest.mark.parametrize("action, code", [
    ("fly:away", "illegal_action"),
    ("retire:estates", "illegal_action"),
    ("spin!", "invalid_action"),
    ("spin:a b", "invalid_action"),
    ("SPIN", "invalid_action"),
])
def test_unknown_actions_are_refused(client: TestClient, table: Table, action: str,
                                     code: str) -> None:
    created, seats, _ = table
    v = seats[0].version
    msg = seats[0].act(action)
    assert msg["code"] == code, msg
    assert version_of(client, created) == v
    if code == "illegal_action":
        assert "start:college" in msg["message"]  # it names the legal choices


def test_spectator_sees_the_public_view_and_cannot_act(client: TestClient,
                                                       table: Table) -> None:
    created, seats, stack = table
    watcher = SeatClient(stack.enter_context(
        client.websocket_connect(f"/ws/games/{created['id']}")), None)
    state = watcher.until(lambda m: m["type"] == "state")
    assert state["view"]["seat"] is None
    assert "actions" not in state["view"]["decision"]
    assert watcher.act("start:college", version=state["version"])["code"] == "spectator"
    watcher.ws.send_json({"type": "advise"})
    expect_error(watcher, "spectator")
    ack = seats[0].act(seats[0].actions()[0])
    assert watcher.sync(ack["version"])["view"]["seat"] is None


def test_resent_action_is_applied_once(client: TestClient, table: Table) -> None:
    created, seats, _ = table
    ana, bo = seats[0], seats[1]
    v = ana.version
    action = ana.actions()[0]
    first = ana.act(action, version=v, client_id="only-once")
    again = ana.act(action, version=v, client_id="only-once")
    assert again == {**first, "duplicate": True}
    assert version_of(client, created) == first["version"]
    # The same id from another seat is that seat's own id: play on to seat 1's
    # decision, where "only-once" is new and applied.
    bo.sync(first["version"])
    st = drive(seats, Stream(2), stop=lambda s: s["view"]["decision"]["seat"] == 1
               and not s["view"]["decision"]["chance"])
    bo.sync(st["version"])
    assert bo.actions(), bo.state
    ack = bo.act(bo.actions()[0], client_id="only-once")
    assert ack["type"] == "ack" and ack["duplicate"] is False and ack["move"] == st["version"]
    assert version_of(client, created) == ack["version"] > st["version"]


def test_game_over_refuses_actions(client: TestClient) -> None:
    created = create_game(client, ("Ana",), ("random",), seed=99)
    with ExitStack() as stack:
        ana = open_seat(client, stack, created, 0)
        start_game(client, created)
        final = drive({0: ana}, Stream(5))
        assert final["status"] == "over" and final["view"]["results"]
        msg = ana.act("spin", version=final["version"])
        assert msg["code"] == "game_over"
        assert version_of(client, created) == final["version"]
    # Coming back to a finished game shows the final count.
    with ExitStack() as stack:
        again = open_seat(client, stack, created, 0)
        assert again.until(lambda m: m["type"] == "state") == final


# ---------------------------------------------------------------- reconnecting

def test_reconnect_gets_the_current_view(client: TestClient, table: Table) -> None:
    created, seats, _ = table
    ana, bo = seats[0], seats[1]
    with ExitStack() as stack:
        drop = open_seat(client, stack, created, 1)
        drop.sync(ana.version)
    # Seat 1's extra tab is gone; play on without it.
    ack = ana.act(ana.actions()[0])
    bo.sync(ack["version"])
    with ExitStack() as stack:
        back = open_seat(client, stack, created, 1)
        state = back.until(lambda m: m["type"] == "state")
        assert state == bo.state
        rest = client.get(f"/games/{created['id']}/seats/1/view",
                          headers={"Authorization": f"Bearer {created['seats'][1]['token']}"})
        assert rest.json()["view"] == state["view"]


def test_reconnect_with_since_misses_nothing(client: TestClient, table: Table) -> None:
    created, seats, _ = table
    bo = seats[1]
    seen = bo.version
    drive(seats, Stream(3), stop=lambda st: st["version"] >= seen + 12)
    with ExitStack() as inner:
        back = open_seat(client, inner, created, 1, since=seen)
        got = [back.until(lambda m: m["type"] == "state") for _ in range(bo.version - seen)]
    assert [m["version"] for m in got] == list(range(seen + 1, bo.version + 1))
    by_version = {json.loads(t)["version"]: json.loads(t) for t in bo.texts
                  if '"type":"state"' in t}
    assert all(m == by_version[m["version"]] for m in got)


def test_two_tabs_on_one_seat(client: TestClient, table: Table) -> None:
    created, seats, stack = table
    ana, bo = seats[0], seats[1]
    tab = open_seat(client, stack, created, 0)
    tab.sync(ana.version)
    ack = ana.act(ana.actions()[0], client_id="tab-a")
    assert tab.sync(ack["version"]) == ana.state
    # The second tab got the states, not the ack.
    assert not any('"type":"ack"' in t for t in tab.texts)
    bo.sync(ack["version"])
    st = drive({0: tab, 1: bo}, Stream(8), stop=lambda s: s["version"] > ack["version"]
               and s["view"]["decision"]["seat"] == 0)
    ana.sync(st["version"])
    assert ana.state == tab.state
    info = client.get(f"/games/{created['id']}").json()
    assert info["seats"][0]["connected"] == 2


# ---------------------------------------------------------------- the rest

def test_ping(client: TestClient, table: Table) -> None:
    _, seats, _ = table
    seats[1].ws.send_json({"type": "ping"})
    assert seats[1].until(lambda m: m["type"] == "pong")["version"] == seats[1].version


def test_advice_unavailable(client: TestClient, table: Table,
                            monkeypatch: pytest.MonkeyPatch) -> None:
    manager = client.app.state.manager  # type: ignore[attr-defined]
    monkeypatch.setattr(manager, "settings", manager.settings.model_copy(update={"advice": False}))
    _, seats, _ = table
    seats[0].ws.send_json({"type": "advise"})
    expect_error(seats[0], "advice_unavailable")


def test_advice_for_own_decision_only(client: TestClient, table: Table,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    given: list[Any] = []

    def advise(state: Any, seat: int) -> dict[str, Any]:
        given.append(state)
        return {"best": state.legal_actions()[0], "scores": [(a, 0.5) for a in
                                                             state.legal_actions()]}

    monkeypatch.setattr(lifespin.bots, "advise", advise, raising=False)
    _, seats, _ = table
    seats[0].ws.send_json({"type": "advise"})
    msg = seats[0].until(lambda m: m["type"] in ("advice", "error"))
    assert msg["type"] == "advice"
    assert msg["advice"]["best"] == seats[0].actions()[0]
    assert msg["advice"]["scores"][0] == [seats[0].actions()[0], 0.5]
    assert given[0].history == ()  # a re-dealt copy, not the true state
    seats[1].ws.send_json({"type": "advise"})
    expect_error(seats[1], "not_your_turn")
