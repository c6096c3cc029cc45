"""Editions: the lobby form's data and the board."""

from __future__ import annotations

from fastapi.testclient import TestClient


def test_list(client: TestClient) -> None:
    editions = client.get("/editions").json()
    classic = next(e for e in editions if e["name"] == "classic")
    assert classic["min_players"] == 2 and classic["max_players"] == 6
    options = {o["name"]: o for o in classic["options"]}
    assert options["pension"]["default"] == "flat"
    assert options["pension"]["choices"] == ["flat", "per_spin"]
    assert options["pension"]["description"]
    assert "random" in classic["bots"]


def test_board(client: TestClient) -> None:
    board = client.get("/editions/classic").json()
    spaces = {s["id"]: s for s in board["spaces"]}
    assert spaces["college"]["effect"] == "start" and spaces["college"]["next"] == ["1"]
    assert spaces["college"]["borrow"] == 100_000
    assert any(len(s["next"]) > 1 for s in board["spaces"])  # forks
    assert board["life_tiles"]["count"] == len(board["life_tiles"]["values"])
    assert board["life_tiles"]["values"] == sorted(board["life_tiles"]["values"])
    assert "colours" in board["display"]
    assert board["options"]["pension"] == "flat"


def test_board_with_house_rules(client: TestClient) -> None:
    flat = client.get("/editions/classic").json()
    per_spin = client.get("/editions/classic", params={"pension": "per_spin"}).json()
    changed = [(a["id"], a["effect"], b["effect"]) for a, b in
               zip(flat["spaces"], per_spin["spaces"], strict=True) if a != b]
    assert changed == [("146", "collect", "collect_spin")]
    assert client.get("/editions/classic", params={"pension": "gold"}).status_code == 422
    assert client.get("/editions/classic", params={"nope": "1"}).status_code == 422


def test_unknown_edition(client: TestClient) -> None:
    assert client.get("/editions/monopoly").status_code == 404
