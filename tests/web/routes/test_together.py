"""Playing together: a rematch at the same table; the table chat."""

from __future__ import annotations

from contextlib import ExitStack
from typing import Any

from fastapi.testclient import TestClient
from tests.web.helpers import SeatClient, auth, create_game, drive, start_game

from lifespin.rng import Stream
from lifespin.web.together import CHAT_BURST, CHAT_MAX_CHARS


def _finished(client: TestClient, stack: ExitStack) -> tuple[dict[str, Any], SeatClient]:
    """A game of Ana and a random bot, played to the end; Ana's socket still open."""
    created = create_game(client, ("Ana",), ("random",), seed=8)
    start_game(client, created)
    token = created["seats"][0]["token"]
    seat = SeatClient(stack.enter_context(
        client.websocket_connect(f"/ws/games/{created['id']}?seat=0&token={token}")), 0)
    seat.read()
    drive({0: seat}, Stream(3))
    return created, seat


def test_rematch_keeps_the_table_and_its_links(client: TestClient) -> None:
    with ExitStack() as stack:
        created, seat = _finished(client, stack)
        _check_rematch(client, created, seat)


def _check_rematch(client: TestClient, created: dict[str, Any], seat: SeatClient) -> None:
    gid, host = created["id"], created["host_token"]
    assert client.post(f"/games/{gid}/rematch", headers=auth("wrong")).status_code == 403
    r = client.post(f"/games/{gid}/rematch", headers=auth(host))
    assert r.status_code == 200, r.text
    new = r.json()["id"]
    # The old game's sockets hear of it.
    msg = seat.until(lambda m: m["type"] == "rematch")
    assert msg["game"] == new
    # Asked again: the same rematch.
    assert client.post(f"/games/{gid}/rematch", headers=auth(host)).json()["id"] == new
    game = client.get(f"/games/{new}").json()
    old = client.get(f"/games/{gid}").json()
    assert game["status"] == "lobby" and game["options"] == old["options"]
    assert [(s["name"], s["kind"], s["difficulty"]) for s in game["seats"]] == [
        (s["name"], s["kind"], s["difficulty"]) for s in old["seats"]]
    # Without a clock, the rematch has none either.
    assert client.get(f"/games/{new}/clock").json()["clock"] == "off"
    # Every old link and the host token work in the new game.
    token = created["seats"][0]["token"]
    assert client.post(f"/games/{new}/seats/0/join", headers=auth(token)).status_code == 200
    assert client.post(f"/games/{new}/start", headers=auth(host)).status_code == 200


def test_rematch_waits_for_the_end(client: TestClient) -> None:
    created = create_game(client, ("Ana", "Bo"))
    r = client.post(f"/games/{created['id']}/rematch", headers=auth(created["host_token"]))
    assert r.status_code == 409 and "over" in r.text


def test_chat_is_seats_only_capped_and_rate_limited(client: TestClient) -> None:
    created = create_game(client, ("Ana", "Bo"))
    gid = created["id"]
    ana = created["seats"][0]["token"]
    url = f"/games/{gid}/seats/0/chat"
    with client.websocket_connect(f"/ws/games/{gid}") as watcher:
        spectator = SeatClient(watcher, None)
        r = client.post(url, json={"text": "  hello\n<b>there</b>  "}, headers=auth(ana))
        assert r.status_code == 200, r.text
        assert r.json()["text"] == "hello <b>there</b>" and r.json()["name"] == "Ana"
        heard = spectator.until(lambda m: m["type"] == "chat")
        assert heard["text"] == "hello <b>there</b>" and heard["seat"] == 0
    assert client.post(url, json={"text": "hi"}, headers=auth("wrong")).status_code == 403
    long = client.post(url, json={"text": "x" * (CHAT_MAX_CHARS + 1)}, headers=auth(ana))
    assert long.status_code == 422 and str(CHAT_MAX_CHARS) in long.text
    blank = client.post(url, json={"text": "   "}, headers=auth(ana))
    assert blank.status_code == 422
    codes = [client.post(url, json={"text": f"line {i}"}, headers=auth(ana)).status_code
             for i in range(CHAT_BURST)]
    assert codes[-1] == 429 and codes.count(200) == CHAT_BURST - 1
    lines = client.get(f"/games/{gid}/chat").json()
    assert [line["text"] for line in lines] == [
        "hello <b>there</b>", *(f"line {i}" for i in range(CHAT_BURST - 1))]

    assert set(lines[0]) == {"seat", "name", "text", "at"}
