"""What the table's pages need from the server: names that differ, the bot
pace chosen at creation, the board's card kinds and rule choices, the rules page."""

from __future__ import annotations

from fastapi.testclient import TestClient

from lifespin.editions import load_edition
from lifespin.web.games import PACES


def _seats(*names: str) -> list[dict[str, str]]:
    return [{"name": n, "kind": "human"} for n in names]


def test_two_players_with_one_name_are_refused(client: TestClient) -> None:
    r = client.post("/games", json={"edition": "classic", "seats": _seats("Ana", " ana ")})
    assert r.status_code == 422
    assert "players 1 and 2 are both called" in r.text
    ok = client.post("/games", json={"edition": "classic", "seats": _seats("Ana", "Bo")})
    assert ok.status_code == 201


def test_pace_is_kept_and_shown(client: TestClient) -> None:
    created = client.post("/games", json={"edition": "classic", "seats": _seats("Ana", "Bo"),
                                          "pace": "relaxed"}).json()
    game = client.get(f"/games/{created['id']}").json()
    assert game["pace"] == "relaxed" and PACES["relaxed"] > PACES["quick"] > PACES["instant"]
    plain = client.post("/games", json={"edition": "classic", "seats": _seats("Ana", "Bo")}).json()
    assert client.get(f"/games/{plain['id']}").json()["pace"] is None
    bad = client.post("/games", json={"edition": "classic", "seats": _seats("Ana", "Bo"),
                                      "pace": "slow"})
    assert bad.status_code == 422


def test_board_names_wealth_card_kinds_and_rule_choices(client: TestClient) -> None:
    board = client.get("/editions/2005").json()
    meta = load_edition("2005").file.metadata
    assert set(board["wealth_kinds"]) == set(board["wealth_cards"])
    assert {k["kind"] for k in board["wealth_kinds"].values()} <= {
        "collect", "pay", "exemption", "boost"}
    assert board["era"] == meta.era and board["summary"] == meta.summary
    assert [c["topic"] for c in board["choices"]] == [c.topic for c in meta.choices]
    assert client.get("/editions/classic").json()["wealth_kinds"] == {}


def test_rules_page_is_served(client: TestClient) -> None:
    r = client.get("/rules/classic")
    assert r.status_code == 200 and "rules.js" in r.text
