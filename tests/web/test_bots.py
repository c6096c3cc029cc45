"""Bot seats: they play as server tasks, at a pace, and fall back to random."""

from __future__ import annotations

import logging
from contextlib import ExitStack

import pytest
from fastapi.testclient import TestClient
from tests.web.helpers import SeatClient, create_game, drive, start_game

import lifespin
from lifespin import bots
from lifespin.rng import Stream


def test_all_bot_game_plays_to_the_end(client: TestClient) -> None:
    r = client.post("/games", json={"seats": [
        {"name": f"Bot {i}", "kind": "bot", "difficulty": "random"} for i in range(3)],
        "seed": 8})
    created = r.json()
    with ExitStack() as stack:
        watcher = SeatClient(stack.enter_context(
            client.websocket_connect(f"/ws/games/{created['id']}")), None)
        assert watcher.read()["type"] == "lobby"
        start_game(client, created)
        final = watcher.until(lambda m: m["type"] == "state" and m["status"] == "over")
    record = client.get(f"/games/{created['id']}/record").json()
    assert len(record["actions"]) == final["version"]
    assert lifespin.replay(record).results() == final["view"]["results"]


def test_missing_difficulty_plays_random(client: TestClient, monkeypatch: pytest.MonkeyPatch,
                                         caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.setattr(bots, "BOTS", {"random": bots.RandomBot})
    monkeypatch.setattr("lifespin.web.games.BOTS", bots.BOTS)
    with caplog.at_level(logging.WARNING, logger="lifespin.web"):
        created = create_game(client, ("Ana",), ("hard",))
    assert "'hard' is not installed yet" in caplog.text
    assert client.get(f"/games/{created['id']}").json()["seats"][1]["difficulty"] == "hard"
    with ExitStack() as stack:
        token = created["seats"][0]["token"]
        ana = SeatClient(stack.enter_context(
            client.websocket_connect(f"/ws/games/{created['id']}?seat=0&token={token}")), 0)
        start_game(client, created)
        # The bot (seat 1) takes its turns by itself, between Ana's.
        drive({0: ana}, Stream(2), stop=lambda st: any(
            e["type"] == "spun" and e["seat"] == 1 for e in st["view"]["events"]))
