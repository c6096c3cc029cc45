"""Records: refused until the game is over, then the full record and replay."""

from __future__ import annotations

from contextlib import ExitStack

from fastapi.testclient import TestClient
from tests.web.helpers import SeatClient, create_game, drive, start_game

import lifespin
from lifespin.rng import Stream


def test_record_only_after_the_end(client: TestClient) -> None:
    created = create_game(client, ("Ana",), ("random",), seed=4242)
    gid = created["id"]
    assert client.get(f"/games/{gid}/record").status_code == 409
    assert client.get(f"/games/{gid}/replay").status_code == 409
    with ExitStack() as stack:
        token = created["seats"][0]["token"]
        ana = SeatClient(stack.enter_context(
            client.websocket_connect(f"/ws/games/{gid}?seat=0&token={token}")), 0)
        start_game(client, created)
        assert client.get(f"/games/{gid}/record").status_code == 409
        final = drive({0: ana}, Stream(1))
    record = client.get(f"/games/{gid}/record").json()
    assert record["format"] == "lifespin-record/1"
    assert record["seed"] == 4242 and record["players"] == ["Ana", "Bot 0"]
    assert len(record["actions"]) == final["version"]
    replayed = lifespin.replay(record)
    assert replayed.results() == final["view"]["results"]
    game = client.get(f"/games/{gid}").json()
    assert game["status"] == "over" and game["results"] == final["view"]["results"]

    page = client.get(f"/games/{gid}/replay", params={"start": 0, "limit": 3}).json()
    assert page["total"] == final["version"] + 1
    assert [s["version"] for s in page["steps"]] == [0, 1, 2]
    assert page["steps"][0]["action"] is None
    assert page["steps"][1]["action"] == record["actions"][0]
    last = client.get(f"/games/{gid}/replay",
                      params={"start": final["version"], "seat": 0}).json()
    assert last["steps"] == [{"version": final["version"], "action": record["actions"][-1],
                              "view": final["view"]}]
    assert client.get(f"/games/{gid}/replay", params={"seat": 5}).status_code == 404
