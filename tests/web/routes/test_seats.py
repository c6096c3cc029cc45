"""Seats: joining, a seat's view over REST, the advisor."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from tests.web.helpers import auth, create_game, start_game

import lifespin.bots


def test_seats_and_join(client: TestClient) -> None:
    created = create_game(client, ("Ana", "Bo"), ("random",))
    gid = created["id"]
    seats = client.get(f"/games/{gid}/seats").json()
    assert [(s["name"], s["kind"], s["joined"]) for s in seats] == [
        ("Ana", "human", False), ("Bo", "human", False), ("Bot 0", "bot", True)]
    token = created["seats"][1]["token"]
    assert client.post(f"/games/{gid}/seats/1/join").status_code == 401
    assert client.post(f"/games/{gid}/seats/1/join", headers=auth("x" * 32)).status_code == 403
    assert client.post(f"/games/{gid}/seats/0/join", headers=auth(token)).status_code == 403
    assert client.post(f"/games/{gid}/seats/9/join", headers=auth(token)).status_code == 404
    r = client.post(f"/games/{gid}/seats/1/join", headers=auth(token))
    assert r.status_code == 200 and r.json()["joined"] is True
    assert client.get(f"/games/{gid}").json()["seats"][1]["joined"] is True


def test_view_is_the_seats_own(client: TestClient) -> None:
    created = create_game(client)
    gid = created["id"]
    token = created["seats"][0]["token"]
    assert client.get(f"/games/{gid}/seats/0/view", headers=auth(token)).status_code == 409
    start_game(client, created)
    mine = client.get(f"/games/{gid}/seats/0/view", headers=auth(token)).json()
    assert mine["status"] == "playing" and mine["view"]["seat"] == 0
    assert mine["view"]["decision"]["actions"] == ["start:college", "start:career"]
    other = client.get(f"/games/{gid}/seats/1/view", headers=auth(created["seats"][1]["token"]))
    assert "actions" not in other.json()["view"]["decision"]


def test_advice_over_rest(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    created = create_game(client)
    gid = created["id"]
    start_game(client, created)
    url0 = f"/games/{gid}/seats/0/advice"
    manager = client.app.state.manager  # type: ignore[attr-defined]
    on = manager.settings
    monkeypatch.setattr(manager, "settings", on.model_copy(update={"advice": False}))
    assert client.post(url0, headers=auth(created["seats"][0]["token"])).status_code == 501
    monkeypatch.setattr(manager, "settings", on)

    def advise(state: Any, seat: int) -> str:
        return str(state.legal_actions()[-1])

    monkeypatch.setattr(lifespin.bots, "advise", advise, raising=False)
    r = client.post(url0, headers=auth(created["seats"][0]["token"]))
    assert r.status_code == 200 and r.json()["advice"] == "start:career"
    assert client.post(url0, headers=auth(created["seats"][1]["token"])).status_code == 403
    url1 = f"/games/{gid}/seats/1/advice"
    assert client.post(url1, headers=auth(created["seats"][1]["token"])).status_code == 409


def test_advice_can_be_switched_off(make_settings: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from lifespin.web import create_app

    monkeypatch.setattr(lifespin.bots, "advise", lambda s, k: "spin", raising=False)
    with TestClient(create_app(make_settings(advice=False))) as client:
        created = create_game(client)
        start_game(client, created)
        r = client.post(f"/games/{created['id']}/seats/0/advice",
                        headers=auth(created["seats"][0]["token"]))
        assert r.status_code == 501
