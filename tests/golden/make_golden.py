"""Regenerate the golden games: ``python tests/golden/make_golden.py``.

Each golden game is a seeded random-bot game of one of the editions (with its
default house rules, with a few non-default ones, or picked for a tie in the
final count), stored as
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
from typing import Any, NamedTuple

import lifespin
from lifespin.engine.events import event_to_dict
from lifespin.record import replay_states


class Game(NamedTuple):
    edition: str
    seed: int
    players: int
    options: dict[str, Any] | None = None  # house rules; None: the edition's defaults
    tag: str = ""  # added to the file name: what the game is there for


# Games with house rules: seeds picked (by a search over the first 30) so that the
# options change what happens, as the comment on each says.
HOUSE_RULE_GAMES: list[Game] = [
    # the consultant collects from the bank on their own misspin; the police fine
    # of $5,000 is paid; other misspins pay the consultant
    Game("classic", 19, 3, {"wheel_misspins": True, "consultant_own_spin": True,
                            "police_fine": "5000"}, "misspins"),
    # one-fifth LIFE tiles, a pension of $20,000 times a spin, cars sharing spaces (a
    # car lands on a spin-again-unless-leading space tied for the lead: no spin again)
    Game("classic", 1, 3, {"life_tile_values": "ported", "pension": "per_spin",
                           "occupied_space_rule": False}, "ported-shared"),
    # the police officer's $10,000 fine is paid; the Countryside takes the tile; the
    # OCaml port's space amounts
    Game("2005", 2, 3, {"police_ability": True, "retirement_tiles": "gen2",
                        "space_values": "ocaml"}, "police"),
    # 1960 amounts (a $10,000 lucky-number fine is paid); no Tycoon gamble
    Game("1960", 1, 3, {"money_scale": "1960", "tycoon": False}, "money1960"),
]

# Games whose final count has a tie (found by a search over seeds 0-1499).
TIE_GAMES: list[Game] = [
    Game("classic", 648, 3, tag="tie"),  # seats 0 and 1 share rank 1, seat 2 is 3rd
    Game("2005", 22, 3, tag="tie"),  # two seats share rank 2
]

GAMES: list[Game] = [
    Game("classic", 1, 2), Game("classic", 2, 3), Game("classic", 3, 4),
    Game("classic", 42, 5), Game("classic", 2024, 6),
    Game("2005", 7, 3), Game("2005", 8, 5),
    Game("1960", 9, 3), Game("1960", 10, 5),
    *HOUSE_RULE_GAMES,
    *TIE_GAMES,
]
HERE = Path(__file__).resolve().parent


def filename(edition: str, seed: int, players: int, options: dict[str, Any] | None = None,
             tag: str = "") -> str:
    return f"{edition}-seed{seed}-{players}p{'-' + tag if tag else ''}.json"


def build(edition: str, seed: int, players: int, options: dict[str, Any] | None = None,
          tag: str = "") -> dict[str, Any]:
    """Play the game and gather what the golden file holds."""
    record = lifespin.sim.play_game(edition, players, seed=seed, options=options)
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
    for game in GAMES:
        path = HERE / filename(*game)
        text = dumps(build(*game))
        assert json.loads(text)  # valid JSON
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path} ({len(text) // 1024} KiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
