"""Persistence: a game survives the server, on SQLite and on PostgreSQL."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from contextlib import ExitStack
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Connection, text
from tests.web.helpers import SeatClient, auth, create_game, drive, start_game

import lifespin
from lifespin.rng import Stream
from lifespin.web import Settings, create_app
from lifespin.web.store import ActionRow, GameRow, SeatRow, Store, Writer, utcnow


def seat_client(client: TestClient, stack: ExitStack, created: dict[str, Any],
                seat: int, since: int | None = None) -> SeatClient:
    token = created["seats"][seat]["token"]
    url = f"/ws/games/{created['id']}?seat={seat}&token={token}"
    if since is not None:
        url += f"&since={since}"
    return SeatClient(stack.enter_context(client.websocket_connect(url)), seat)


def test_round_trip(make_settings: Callable[..., Settings]) -> None:
    """Play part of a game, stop the server, start another: same game, same
    views; it plays on to the end and its record replays to the same results."""
    settings = make_settings()
    with TestClient(create_app(settings)) as client, ExitStack() as stack:
        created = create_game(client, ("Ana", "Bo"), ("random",), seed=77)
        seats = {k: seat_client(client, stack, created, k) for k in (0, 1)}
        start_game(client, created)
        mid = drive(seats, Stream(11), stop=lambda st: st["version"] >= 60
                    and st["view"]["decision"]["seat"] in (0, 1)
                    and not st["view"]["decision"]["chance"])
        views = {k: c.state for k, c in seats.items()}
        listed = client.get(f"/games/{created['id']}").json()
    with TestClient(create_app(settings)) as client, ExitStack() as stack:
        again = client.get(f"/games/{created['id']}").json()
        assert again["version"] == mid["version"]
        assert again["status"] == "playing"
        assert [s["joined"] for s in again["seats"]] == [s["joined"] for s in listed["seats"]]
        seats = {k: seat_client(client, stack, created, k) for k in (0, 1)}
        for k, c in seats.items():
            assert c.until(lambda m: m["type"] == "state") == views[k]
        final = drive(seats, Stream(12))
    with TestClient(create_app(settings)) as client:
        record = client.get(f"/games/{created['id']}/record").json()
        assert lifespin.replay(record).results() == final["view"]["results"]
        assert client.get("/healthz").json()["games"] == 0  # finished games are not resumed


def test_bots_resume_after_restart(make_settings: Callable[..., Settings]) -> None:
    slow = make_settings(bot_pace=30.0)
    with TestClient(create_app(slow)) as client:
        r = client.post("/games", json={"seats": [
            {"name": "Robo", "kind": "bot"}, {"name": "Ana"}], "seed": 3})
        created = r.json()
        game = start_game(client, created)
        assert game["version"] == 4  # the estates' tiles; the bot waits its pace
    with TestClient(create_app(make_settings(bot_pace=0.0))) as client, ExitStack() as stack:
        ana = seat_client(client, stack, created, 1)
        state = ana.until(lambda m: m["type"] == "state"
                          and m["view"]["decision"]["seat"] == 1)
        assert state["version"] > 4  # the bot moved once the server was back


def test_action_ids_survive_a_restart(make_settings: Callable[..., Settings]) -> None:
    settings = make_settings()
    with TestClient(create_app(settings)) as client, ExitStack() as stack:
        created = create_game(client)
        ana = seat_client(client, stack, created, 0)
        start_game(client, created)
        ana.until(lambda m: m["type"] == "state" and bool(m["view"]["decision"].get("actions")))
        v = ana.version
        first = ana.act(ana.actions()[0], client_id="persisted-1")
    with TestClient(create_app(settings)) as client, ExitStack() as stack:
        ana = seat_client(client, stack, created, 0)
        ana.until(lambda m: m["type"] == "state")
        again = ana.act("start:college", version=v, client_id="persisted-1")
        assert again == {**first, "duplicate": True}
        assert client.get(f"/games/{created['id']}").json()["version"] == first["version"]


def test_lobby_survives_a_restart(make_settings: Callable[..., Settings]) -> None:
    settings = make_settings()
    with TestClient(create_app(settings)) as client:
        created = create_game(client)
        client.post(f"/games/{created['id']}/seats/0/join",
                    headers=auth(created["seats"][0]["token"]))
    with TestClient(create_app(settings)) as client:
        game = client.get(f"/games/{created['id']}").json()
        assert game["status"] == "lobby"
        assert [s["joined"] for s in game["seats"]] == [True, False]
        assert start_game(client, created)["status"] == "playing"


def test_a_failing_write_fails_alone(database_url: str) -> None:
    store = Store(database_url)
    store.open()
    writer = Writer(store)
    writer.start()
    game = GameRow(id="g1", edition="classic", edition_version="1.0.0", options={}, seed=1,
                   status="lobby", host_token_hash="h", created_at=utcnow())

    def bad(conn: Connection) -> None:
        conn.execute(text("select * from no_such_table"))

    async def main() -> list[Any]:
        await writer.run(lambda c: Store.insert_game(c, game, [SeatRow(0, "A", "human", None,
                                                                       "t")]))
        jobs = [
            writer.run(lambda c: Store.append(c, "g1", [ActionRow(0, "draw_tile:1", -1)])),
            writer.run(bad),
            writer.run(lambda c: Store.append(c, "g1", [ActionRow(1, "draw_tile:2", -1)])),
            # A second move 1 is refused by the primary key.
            writer.run(lambda c: Store.append(c, "g1", [ActionRow(1, "draw_tile:3", -1)])),
        ]
        return list(await asyncio.gather(*jobs, return_exceptions=True))

    try:
        results = asyncio.run(main())
        assert results[0] is None and results[2] is None
        assert isinstance(results[1], Exception) and isinstance(results[3], Exception)
        stored = store.load_game("g1")
        assert stored is not None
        assert [a.action for a in stored.actions] == ["draw_tile:1", "draw_tile:2"]
        assert stored.seats[0].token_hash == "t"
    finally:
        writer.stop()
        store.close()


def test_sqlite_pragmas(tmp_path: Any) -> None:
    store = Store(f"sqlite:///{tmp_path / 'x.db'}", sqlite_synchronous="FULL")
    store.open()
    with store.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
    store.close()


def test_unreachable_database_fails_clearly() -> None:
    from lifespin.web.store import StoreError

    store = Store("postgresql+psycopg://nobody:secret@127.0.0.1:1/none?connect_timeout=2")
    with pytest.raises(StoreError, match=r"cannot use the database .*127\.0\.0\.1:1") as exc:
        store.open()
    assert "secret" not in str(exc.value)
