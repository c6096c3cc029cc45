"""Bot seats: they play as server tasks, at a pace, and fall back to random
(`lifespin.table.choose`) when they fail."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from contextlib import ExitStack
from functools import partial
from typing import Any

import pytest
from fastapi.testclient import TestClient
from tests.web.helpers import SeatClient, create_game, drive, start_game

import lifespin
from lifespin.engine import Action
from lifespin.rng import Stream
from lifespin.table import DEFAULT_LEVEL
from lifespin.web.games import SetupError


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


def test_an_unknown_difficulty_is_a_clear_error(client: TestClient) -> None:
    manager = client.app.state.manager  # type: ignore[attr-defined]
    before = set(manager.games)
    with pytest.raises(SetupError, match="unknown bot level 'wizard'; known: easy, normal"):
        client.portal.call(partial(  # type: ignore[union-attr]
            manager.create, edition="classic", seats=[("Ana", "human", None),
                                                      ("Zed", "bot", "wizard")],
            options={}, seed=1))
    assert set(manager.games) == before  # nothing created
    r = client.post("/games", json={"seats": [{"name": "Ana"}, {"name": "Zed", "kind": "bot",
                                                                "difficulty": "wizard"}]})
    assert r.status_code == 422


def test_a_bot_seat_plays_at_the_default_level(client: TestClient) -> None:
    r = client.post("/games", json={"seats": [{"name": "Ana"}, {"name": "Robo", "kind": "bot"}],
                                    "seed": 3})
    assert r.status_code == 201, r.text
    created = r.json()
    assert created["seats"][1]["difficulty"] == DEFAULT_LEVEL == "normal"
    game = client.app.state.manager.games[created["id"]]  # type: ignore[attr-defined]
    assert game.seats[1].bot.name == "normal"


class Broken:
    name = "broken"
    needs_view = False

    def act(self, view: Any, legal: Sequence[Action], rng: Stream,
            resample: Any = None, *, rules: Any = None) -> Action:
        raise RuntimeError("no idea")


def test_a_failing_bot_plays_at_random(client: TestClient,
                                       caplog: pytest.LogCaptureFixture) -> None:
    created = create_game(client, ("Ana",), ("hard",))
    game = client.app.state.manager.games[created["id"]]  # type: ignore[attr-defined]
    game.seats[1].bot = Broken()
    with caplog.at_level(logging.WARNING, logger="lifespin.web"), ExitStack() as stack:
        token = created["seats"][0]["token"]
        ana = SeatClient(stack.enter_context(
            client.websocket_connect(f"/ws/games/{created['id']}?seat=0&token={token}")), 0)
        start_game(client, created)
        # The bot (seat 1) takes its turns by itself, between Ana's.
        drive({0: ana}, Stream(2), stop=lambda st: any(
            e["type"] == "spun" and e["seat"] == 1 for e in st["view"]["events"]))
    assert "the bot failed (RuntimeError('no idea')); it played at random" in caplog.text
