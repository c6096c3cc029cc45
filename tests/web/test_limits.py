"""Limits, so that no one client can hurt everyone: caps on live and
bots-only games, rate limits on advice and replays, idle games abandoned,
start-up loads only what must run, heavy thinking in worker processes."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from contextlib import ExitStack
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, update
from tests.web.helpers import SeatClient, auth, create_game, start_game
from tests.web.routes.test_ws import open_seat

import lifespin.bots
from lifespin.web import Settings, create_app
from lifespin.web.store import games_table, utcnow
from lifespin.web.thinking import Thinking

BOTS3 = {"seats": [{"name": f"B{i}", "kind": "bot", "difficulty": "random"} for i in range(3)]}


def test_live_games_are_capped(make_settings: Callable[..., Settings]) -> None:
    with TestClient(create_app(make_settings(max_live_games=2))) as client:
        create_game(client)
        create_game(client)
        r = client.post("/games", json={"seats": [{"name": "A"}, {"name": "B"}]})
        assert r.status_code == 503 and r.headers["retry-after"]
        assert "LIFESPIN_MAX_LIVE_GAMES" in r.json()["detail"]


def test_bots_only_games_are_capped(make_settings: Callable[..., Settings]) -> None:
    with TestClient(create_app(make_settings(max_bot_games=1, bot_pace=30.0))) as client:
        first = client.post("/games", json=BOTS3).json()
        second = client.post("/games", json=BOTS3).json()
        start_game(client, first)
        r = client.post(f"/games/{second['id']}/start", headers=auth(second["host_token"]))
        assert r.status_code == 503 and "LIFESPIN_MAX_BOT_GAMES" in r.json()["detail"]
        assert client.get(f"/games/{second['id']}").json()["status"] == "lobby"
        start_game(client, create_game(client, ("Ana",), ("random",)))  # people: not capped


def quick_advice(state: Any, seat: int) -> dict[str, Any]:
    return {"best": str(state.legal_actions()[0])}


def test_advice_is_rate_limited(make_settings: Callable[..., Settings],
                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(lifespin.bots, "advise", quick_advice, raising=False)
    with TestClient(create_app(make_settings(advice_per_minute=4))) as client, \
            ExitStack() as stack:
        created = create_game(client)
        ana = open_seat(client, stack, created, 0)
        start_game(client, created)
        ana.until(lambda m: m["type"] == "state")
        url = f"/games/{created['id']}/seats/0/advice"
        token = auth(created["seats"][0]["token"])
        assert client.post(url, headers=token).status_code == 200
        r = client.post(url, headers=token)
        assert r.status_code == 429 and int(r.headers["retry-after"]) >= 1
        ana.ws.send_json({"type": "advise"})
        msg = ana.until(lambda m: m["type"] in ("advice", "error"))
        assert msg["type"] == "error" and msg["code"] == "rate_limited", msg


def test_records_are_rate_limited(make_settings: Callable[..., Settings]) -> None:
    with TestClient(create_app(make_settings(replay_per_minute=4))) as client, \
            ExitStack() as stack:
        created = client.post("/games", json={**BOTS3, "seed": 4}).json()
        watcher = SeatClient(stack.enter_context(
            client.websocket_connect(f"/ws/games/{created['id']}")), None)
        start_game(client, created)
        watcher.until(lambda m: m["type"] == "state" and m["status"] == "over")
        assert client.get(f"/games/{created['id']}/record").status_code == 200
        r = client.get(f"/games/{created['id']}/replay")
        assert r.status_code == 429 and r.headers["retry-after"]


def test_idle_games_are_abandoned(make_settings: Callable[..., Settings]) -> None:
    settings = make_settings(idle_minutes=0.002)  # 0.12 s
    with TestClient(create_app(settings)) as client, ExitStack() as stack:
        manager = client.app.state.manager  # type: ignore[attr-defined]
        idle = create_game(client)
        start_game(client, idle)
        watched = create_game(client)
        watcher = open_seat(client, stack, watched, 0)
        time.sleep(0.3)  # the server sweeps every idle_minutes / 4
        client.portal.call(manager.sweep)  # type: ignore[union-attr]
        assert idle["id"] not in manager.games
        assert watched["id"] in manager.games  # an open socket keeps a game alive
        listed = {g["id"] for g in client.get("/games").json()["data"]}
        assert idle["id"] not in listed and watched["id"] in listed
        assert client.get(f"/games/{idle['id']}").json()["status"] == "abandoned"
        assert [g["id"] for g in client.get("/games", params={"status": "abandoned"})
                .json()["data"]] == [idle["id"]]
        record = client.get(f"/games/{idle['id']}/record")
        assert record.status_code == 200 and record.json()["seed"] == 1234  # replayable
        ana = open_seat(client, stack, idle, 0)
        state = ana.until(lambda m: m["type"] == "state")
        msg = ana.act("spin", version=state["version"])
        assert msg["code"] == "game_over" and "abandoned" in msg["message"]
        assert watcher.read()["type"] == "lobby"


def test_start_up_loads_only_games_with_bots_to_run(
        make_settings: Callable[..., Settings]) -> None:
    settings = make_settings(bot_pace=30.0)
    with TestClient(create_app(settings)) as client:
        lobby = create_game(client)
        people = create_game(client)
        start_game(client, people)
        bots = create_game(client, ("Ana",), ("random",))
        start_game(client, bots)
        old = create_game(client, ("Ana",), ("random",))
        start_game(client, old)
    engine = create_engine(settings.database_url)
    with engine.begin() as conn:  # a game nobody touched for two days
        conn.execute(update(games_table).where(games_table.c.id == old["id"])
                     .values(touched_at=utcnow().replace(year=2000)))
    engine.dispose()
    with TestClient(create_app(settings)) as client:
        manager = client.app.state.manager  # type: ignore[attr-defined]
        if manager.cluster is None:  # PostgreSQL loads none; leases share them out
            assert set(manager.games) == {bots["id"]}
        assert client.get(f"/games/{old['id']}").json()["status"] == "abandoned"
        for created in (lobby, people):  # loaded when opened
            assert client.get(f"/games/{created['id']}").json()["status"] in ("lobby",
                                                                              "playing")
        assert {lobby["id"], people["id"]} <= set(manager.games)


def test_heavy_thinking_runs_in_a_worker_process_in_turn() -> None:
    import os

    async def main() -> list[Any]:
        thinking = Thinking(1)
        try:
            done: list[int] = []

            async def one(i: int) -> int:
                pid = await thinking.run(os.getpid)
                done.append(i)
                return pid

            pids = await asyncio.gather(*(one(i) for i in range(4)))
            return [pids, done]
        finally:
            thinking.close()

    pids, done = asyncio.run(main())
    assert os.getpid() not in pids and len(set(pids)) == 1
    assert done == [0, 1, 2, 3]  # first come, first served


def test_a_hard_bot_plays_from_a_worker(make_settings: Callable[..., Settings]) -> None:
    with TestClient(create_app(make_settings(bot_workers=1))) as client, ExitStack() as stack:
        created = client.post("/games", json={"seed": 5, "seats": [
            {"name": "Robo", "kind": "bot", "difficulty": "hard"}, {"name": "Ana"}]}).json()
        ana = open_seat(client, stack, created, 1)
        start_game(client, created)
        state = ana.until(lambda m: m["type"] == "state" and m["view"]["decision"] is not None
                          and m["view"]["decision"]["seat"] == 1, limit=500)
        assert any(e["seat"] == 0 for e in state["view"]["events"] if "seat" in e) or \
            state["version"] > 4
