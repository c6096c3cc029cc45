"""Regenerate the golden games: ``python tests/golden/make_golden.py``.

Each golden game is a seeded random-bot game of one of the editions, stored as
``{"record": ..., "events": [...], "results": [...]}``: the record (seed, edition,
options, players, actions), the events each action caused (``events[i]`` for
``actions[i]``, as ``event_to_dict`` writes them) and the final standings.
``tests/test_golden.py`` plays them again and compares. A change in a golden
file is a rules change (or a change to the driver, the random bot or the
stream): regenerate only when it is intended, and say so in the commit.

The files are JSON written one line per action (and per event list, per result
row), so that a diff shows which action changed.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import lifespin
from lifespin.engine.events import event_to_dict
from lifespin.record import replay_states

GAMES: list[tuple[str, int, int]] = [  # (edition, seed, players)
    ("classic", 1, 2), ("classic", 2, 3), ("classic", 3, 4), ("classic", 42, 5),
    ("classic", 2024, 6),
    ("2005", 7, 3), ("2005", 8, 5),
    ("1960", 9, 3), ("1960", 10, 5),
]
HERE = Path(__file__).resolve().parent


def filename(edition: str, seed: int, players: int) -> str:
    return f"{edition}-seed{seed}-{players}p.json"


def build(edition: str, seed: int, players: int) -> dict[str, Any]:
    """Play the game and gather what the golden file holds."""
    record = lifespin.sim.play_game(edition, players, seed=seed)
    states = list(replay_states(record))
    return {
        "record": record.to_json(),
        "events": [[event_to_dict(e) for e in s.events] for s in states[1:]],
        "results": states[-1].results(),
    }


def _c(obj: Any) -> str:
    return json.dumps(obj, separators=(",", ":"), ensure_ascii=True, allow_nan=False)


def _lines(items: list[Any]) -> str:
    return ",\n".join(_c(x) for x in items)


def dumps(game: dict[str, Any]) -> str:
    """The file text: valid JSON, one line per action, per event list, per result."""
    head = {k: v for k, v in game["record"].items() if k != "actions"}
    record = _c(head)[:-1] + ',"actions":[\n' + _lines(game["record"]["actions"]) + "\n]}"
    return (
        "{\n"
        f'"record": {record},\n'
        f'"events": [\n{_lines(game["events"])}\n],\n'
        f'"results": [\n{_lines(game["results"])}\n]\n'
        "}\n"
    )


def main() -> int:
    for edition, seed, players in GAMES:
        path = HERE / filename(edition, seed, players)
        text = dumps(build(edition, seed, players))
        assert json.loads(text)  # valid JSON
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path} ({len(text) // 1024} KiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
