"""Games: the lobby form, the public lobby, starting."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient
from tests.web.helpers import auth, create_game, start_game

from lifespin.web import Settings, create_app


def test_create_returns_private_links(client: TestClient) -> None:
    created = create_game(client, ("Ana", "Bo"), ("normal",))
    assert len(created["id"]) >= 8
    assert len(created["host_token"]) >= 32
    tokens = [s["token"] for s in created["seats"]]
    assert tokens[2] is None and created["seats"][2]["link"] is None
    assert created["seats"][2]["difficulty"] == "normal"
    for seat in created["seats"][:2]:
        assert len(seat["token"]) >= 32  # 24 random bytes
        assert seat["link"] == f"/play/{created['id']}?seat={seat['seat']}&token={seat['token']}"
    assert len(set(tokens[:2]) | {created["host_token"]}) == 3


def test_public_game_has_no_secrets(client: TestClient) -> None:
    created = create_game(client, seed=987654321987)
    body = client.get(f"/games/{created['id']}").text
    for secret in [created["host_token"], "987654321987"] + [
            s["token"] for s in created["seats"] if s["token"]]:
        assert secret not in body
    game = client.get(f"/games/{created['id']}").json()
    assert game["status"] == "lobby" and game["version"] == 0
    assert [s["joined"] for s in game["seats"]] == [False, False]


@pytest.mark.parametrize("body, status", [
    ({"seats": []}, 422),
    ({"seats": [{"name": ""}]}, 422),
    ({"seats": [{"name": "x" * 41}]}, 422),
    ({"seats": [{"name": "A", "kind": "alien"}]}, 422),
    ({"seats": [{"name": "A", "difficulty": "hard"}, {"name": "B"}]}, 422),
    ({"seats": [{"name": "A"}, {"name": "B", "kind": "bot", "difficulty": "genius"}]}, 422),
    ({"seats": [{"name": "A"}] * 13}, 422),
    ({"seats": [{"name": "A"}] * 7}, 422),  # classic takes 2 to 6
    ({"edition": "monopoly", "seats": [{"name": "A"}, {"name": "B"}]}, 422),
    ({"seats": [{"name": "A"}, {"name": "B"}], "options": {"pension": "gold"}}, 422),
    ({"seats": [{"name": "A"}, {"name": "B"}], "options": {"no_such_rule": True}}, 422),
    ({"seats": [{"name": "A"}, {"name": "B"}], "seed": -1}, 422),
    ({"seats": [{"name": "A"}, {"name": "B"}], "extra": 1}, 422),
])
def test_create_refuses_bad_forms(client: TestClient, body: dict[str, Any],
                                  status: int) -> None:
    r = client.post("/games", json=body)
    assert r.status_code == status, r.text
    assert r.json()["detail"]


def test_options_are_kept(client: TestClient) -> None:
    created = create_game(client, options={"pension": "per_spin", "countryside_tile": "false"})
    options = client.get(f"/games/{created['id']}").json()["options"]
    assert options["pension"] == "per_spin" and options["countryside_tile"] is False


def test_seed_needs_the_debug_setting(make_settings: Callable[..., Settings]) -> None:
    with TestClient(create_app(make_settings(allow_seed=False))) as client:
        r = client.post("/games", json={"seats": [{"name": "A"}, {"name": "B"}], "seed": 5})
        assert r.status_code == 403
        assert "LIFESPIN_ALLOW_SEED" in r.json()["detail"]
        create_game(client, seed=None)


def test_start_needs_the_host_token(client: TestClient) -> None:
    created = create_game(client)
    url = f"/games/{created['id']}/start"
    assert client.post(url).status_code == 401
    assert client.post(url, headers=auth("not-the-token")).status_code == 403
    assert client.post(url, headers=auth(created["seats"][0]["token"])).status_code == 403
    assert client.post("/games/nope/start", headers=auth(created["host_token"])).status_code == 404
    game = start_game(client, created)
    assert game["status"] == "playing" and game["version"] > 0 and game["started_at"]
    again = client.post(url, headers=auth(created["host_token"]))
    assert again.status_code == 409


def test_unknown_game(client: TestClient) -> None:
    assert client.get("/games/doesnotexist").status_code == 404
    assert client.get("/games/" + "x" * 80).status_code == 422


def test_list_games(client: TestClient) -> None:
    a = create_game(client)
    b = create_game(client)
    start_game(client, b)
    listed = client.get("/games").json()
    assert listed["count"] == 2
    assert {g["id"] for g in listed["data"]} == {a["id"], b["id"]}
    playing = client.get("/games", params={"status": "playing"}).json()
    assert [g["id"] for g in playing["data"]] == [b["id"]]
    assert client.get("/games", params={"status": "bogus"}).status_code == 422
    assert a["host_token"] not in client.get("/games").text
