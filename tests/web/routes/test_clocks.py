"""Turn clocks: the default choice on timeout, a bot for an away seat until its
player takes it back; a new link for a lost one."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient
from tests.web.helpers import auth, start_game

from lifespin.web import clocks


def _create(client: TestClient, clock: str | None) -> dict[str, Any]:
    body = {"edition": "classic", "seed": 5, "clock": clock,
            "seats": [{"name": "Ana"}, {"name": "Bo"}]}
    r = client.post("/games", json=body)
    assert r.status_code == 201, r.text
    created: dict[str, Any] = r.json()
    return created


def _wait(pred: Callable[[], bool], seconds: float = 20.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if pred():
            return
        time.sleep(0.05)
    raise AssertionError("waited in vain")


def test_timeouts_play_the_default_then_a_bot_until_taken_back(
        client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(clocks.CLOCKS, "fast", 0.3)
    created = _create(client, "fast")
    gid = created["id"]
    assert client.get(f"/games/{gid}/clock").json()["clock"] == "fast"
    start_game(client, created)
    start = client.get(f"/games/{gid}").json()["version"]
    # Nobody moves: each decision is made for them when its time is up; after
    # AWAY_AFTER timeouts in a row a seat is away and a bot plays it at once.
    _wait(lambda: set(client.get(f"/games/{gid}/clock").json()["away"]) == {0, 1})
    moved = client.get(f"/games/{gid}").json()["version"]
    assert moved >= start + 2 * clocks.AWAY_AFTER
    # Ana takes her seat back; her decisions wait for her (and the clock) again.
    back = client.post(f"/games/{gid}/seats/0/back", headers=auth(created["seats"][0]["token"]))
    assert back.status_code == 200 and 0 not in back.json()["away"]
    wrong = client.post(f"/games/{gid}/seats/0/back", headers=auth(created["seats"][1]["token"]))
    assert wrong.status_code == 403


def test_no_clock_no_timeouts(client: TestClient) -> None:
    created = _create(client, None)
    start_game(client, created)
    v = client.get(f"/games/{created['id']}").json()["version"]
    time.sleep(1.0)
    assert client.get(f"/games/{created['id']}").json()["version"] == v
    assert client.get(f"/games/{created['id']}/clock").json() == {
        "clock": "off", "limit": None, "left": None, "away": []}
    assert client.post("/games", json={"seats": [{"name": "A"}, {"name": "B"}],
                                       "clock": "blitz"}).status_code == 422


def test_host_gives_a_lost_seat_a_new_link(client: TestClient) -> None:
    created = _create(client, None)
    gid, host = created["id"], created["host_token"]
    old = created["seats"][1]["token"]
    r = client.post(f"/games/{gid}/relink/1", headers=auth(host))
    assert r.status_code == 200, r.text
    new = r.json()
    assert new["link"] == f"/play/{gid}?seat=1&token={new['token']}" and new["token"] != old
    assert client.post(f"/games/{gid}/seats/1/join", headers=auth(old)).status_code == 403
    assert client.post(f"/games/{gid}/seats/1/join",
                       headers=auth(new["token"])).status_code == 200
    assert client.post(f"/games/{gid}/relink/1", headers=auth(old)).status_code == 403
    assert client.post(f"/games/{gid}/relink/9", headers=auth(host)).status_code == 404


def test_host_hands_an_absent_seat_to_a_bot(client: TestClient) -> None:
    created = _create(client, None)
    gid, host = created["id"], created["host_token"]
    assert client.post(f"/games/{gid}/away/1", headers=auth(host)).status_code == 409  # lobby
    start_game(client, created)
    assert client.post(f"/games/{gid}/away/1", headers=auth("wrong")).status_code == 403
    for seat in (0, 1):
        r = client.post(f"/games/{gid}/away/{seat}", headers=auth(host))
        assert r.status_code == 200, r.text
    assert r.json() == {"clock": "off", "limit": None, "left": None, "away": [0, 1]}
    # Both seats played by bots: the game runs to its end by itself.
    _wait(lambda: client.get(f"/games/{gid}").json()["status"] == "over", 60)
    assert client.get(f"/games/{gid}/record").status_code == 200


def test_a_rematch_keeps_the_clock(client: TestClient) -> None:
    created = _create(client, "relaxed")
    game = client.app.state.manager.games[created["id"]]  # type: ignore[attr-defined]
    game.row.status = "over"  # as if played out (the rematch only asks that it is over)
    r = client.post(f"/games/{created['id']}/rematch", headers=auth(created["host_token"]))
    assert r.status_code == 200, r.text
    clock = client.get(f"/games/{r.json()['id']}/clock").json()
    assert clock["clock"] == "relaxed" and clock["limit"] == clocks.CLOCKS["relaxed"]
