"""Nothing hidden leaves the server before its time.

Seeded games are played to the end with a socket per seat and a spectator.
Every message text is checked: no seed, no position of the chance stream,
no chance outcome (``draw_tile:7`` names a tile), no LIFE tile label; and
every view sent before the final count is exactly the engine's view for that
seat and version, which stays the same when every face-down tile is dealt
again (so it cannot carry a tile's identity or value).
"""

from __future__ import annotations

import json
import re
from contextlib import ExitStack
from typing import Any

import pytest
from fastapi.testclient import TestClient
from tests.web.helpers import SeatClient, auth, create_game, drive, start_game

import lifespin
from lifespin.record import Record, replay_states
from lifespin.rng import Stream

CHANCE_NOTATION = re.compile(r"\b(draw_tile|take_tile|deal_career|deal_salary):")
SEED = 0x5EED_1234_ABCD_0F0F & (2**63 - 1)


def stream_secrets(record: dict[str, Any]) -> set[str]:
    """The seed and every state and output of the chance stream over the game,
    as decimal and hex text."""
    out: set[str] = set()
    stream = Stream(record["seed"])
    values = [record["seed"]]
    states = list(replay_states(Record.from_json(record)))
    for st in states[:-1]:
        if st.is_chance_node:
            values.append(stream.next_u64())
            values.append(stream.state)
    for v in values:
        out |= {str(v), f"{v:x}", f"{v:#x}"}
    return {s for s in out if len(s) >= 9}  # short numbers are money, not secrets


def check_rest_during_play(client: TestClient, created: dict[str, Any]) -> list[str]:
    gid = created["id"]
    assert client.get(f"/games/{gid}/record").status_code == 409
    assert client.get(f"/games/{gid}/replay").status_code == 409
    texts = [client.get(f"/games/{gid}").text, client.get(f"/games/{gid}/seats").text,
             client.get("/games").text, client.get("/editions/classic").text]
    for s in created["seats"]:
        if s["token"]:
            texts.append(client.get(f"/games/{gid}/seats/{s['seat']}/view",
                                    headers=auth(s["token"])).text)
    return texts


@pytest.mark.parametrize("humans, bots, options", [
    (("Ana", "Bo", "Cy"), ("random",), {}),
    (("Ana", "Bo"), (), {"life_tile_values": "ported", "countryside_tile": True}),
])
def test_no_message_leaks(client: TestClient, humans: tuple[str, ...], bots: tuple[str, ...],
                          options: dict[str, Any]) -> None:
    created = create_game(client, humans, bots, seed=SEED, options=options)
    gid = created["id"]
    with ExitStack() as stack:
        clients: dict[int, SeatClient] = {}
        for k in range(len(humans)):
            token = created["seats"][k]["token"]
            clients[k] = SeatClient(stack.enter_context(
                client.websocket_connect(f"/ws/games/{gid}?seat={k}&token={token}")), k)
        watcher = SeatClient(stack.enter_context(
            client.websocket_connect(f"/ws/games/{gid}")), None)
        start_game(client, created)
        rest: list[str] = []
        half = drive(clients, Stream(21), stop=lambda st: st["version"] >= 60
                     and st["view"]["decision"]["seat"] in clients
                     and not st["view"]["decision"]["chance"])
        rest += check_rest_during_play(client, created)
        # Refusals are messages too: a stale, an out-of-turn and an illegal action.
        actor = clients[half["view"]["decision"]["seat"]]
        actor.act("spin", version=0)
        actor.act("fly:away")
        other = next(c for k, c in clients.items() if k != actor.seat)
        other.act("spin")
        final = drive(clients, Stream(22))
        watcher.sync(final["version"])

    record = client.get(f"/games/{gid}/record").json()
    assert record["seed"] == SEED
    states = list(replay_states(Record.from_json(record)))
    assert states[-1].results() == final["view"]["results"]
    secrets = stream_secrets(record)
    rules = states[-1].rules
    space_labels = {s.label for s in rules.spaces}
    tile_labels = [t for t in set(rules.tile_labels) if t not in space_labels and len(t) > 3]
    hidden_words = [*secrets, *tile_labels]

    checked = 0
    for c in [*clients.values(), watcher]:
        for text in c.texts:
            msg = json.loads(text)
            assert not CHANCE_NOTATION.search(text), text[:200]
            if msg["type"] == "state" and msg["status"] == "over":
                continue  # the final count: tile values are shown now
            for word in hidden_words:
                assert word not in text, (word, text[:200])
            if msg["type"] != "state":
                continue
            state = states[msg["version"]]
            assert msg["view"] == state.view(c.seat), "a view that is not the engine's"
            redealt = state.resample(c.seat, Stream(msg["version"]))
            assert redealt.view(c.seat) == msg["view"], "a view that depends on hidden tiles"
            assert msg["view"]["results"] is None
            for p in msg["view"]["players"]:
                assert isinstance(p["life_tiles"], int)
            checked += 1
    assert checked > 4 * 100
    for text in rest:
        assert not CHANCE_NOTATION.search(text)
        for word in hidden_words:
            assert word not in text
    # After the end the final count is public, and so is the record.
    assert lifespin.replay(record).is_terminal
