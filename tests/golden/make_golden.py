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


# Games that are there for something (a house rule seen at work, a tie in the final
# count): their seed is the first that shows it. A rules change can take that away
# from a seed, so `main` checks each game's purpose and searches again from seed 0
# when it is gone; the seeds in use are kept in seeds.json beside this file.
SEARCH_LIMIT = 5000


class Special(NamedTuple):
    key: str  # the game's name in seeds.json
    edition: str
    players: int
    options: dict[str, Any] | None
    tag: str
    shows: tuple[dict[str, Any], ...] = ()  # events the game must hold (fields included)
    check: str = ""  # a further check by name (`CHECKS`)


SPECIAL: list[Special] = [
    # the consultant collects from the bank on their own misspin; the police fine
    # of $5,000 is paid; other misspins pay the consultant
    Special("classic-misspins", "classic", 3,
            {"wheel_misspins": True, "consultant_own_spin": True, "police_fine": "5000"},
            "misspins", (
                {"type": "transfer", "payer": -1, "amount": 50_000, "reason": "misspin"},
                {"type": "transfer", "amount": 5_000, "reason": "spin_fine"},
                {"type": "spun", "value": 0},
            )),
    # one-fifth LIFE tiles, a pension of $20,000 times a spin, cars sharing spaces (a
    # car lands on a spin-again-unless-leading space tied for the lead: no spin again)
    Special("classic-ported-shared", "classic", 3,
            {"life_tile_values": "ported", "pension": "per_spin", "occupied_space_rule": False},
            "ported-shared", ({"type": "transfer", "payer": -1, "reason": "collect_spin"},),
            "lead_tie"),
    # the police officer's $10,000 fine is paid; the Countryside takes the tile; the
    # OCaml port's space amounts
    Special("2005-police", "2005", 3,
            {"police_ability": True, "retirement_tiles": "gen2", "space_values": "ocaml"},
            "police", (
                {"type": "transfer", "amount": 10_000, "reason": "spin_fine"},
                {"type": "retired", "where": "countryside"},
            )),
    # 1960 amounts (a $10,000 lucky-number fine is paid); no Tycoon gamble
    Special("1960-money1960", "1960", 3, {"money_scale": "1960", "tycoon": False},
            "money1960", ({"type": "transfer", "amount": 10_000, "reason": "lucky_number"},)),
    # a tie in the final count
    Special("classic-tie", "classic", 3, None, "tie", check="tie"),
    Special("2005-tie", "2005", 3, None, "tie", check="tie"),
]
SEEDS_FILE = Path(__file__).resolve().parent / "seeds.json"


def _seeds() -> dict[str, int]:
    if not SEEDS_FILE.exists():
        return {}
    data: dict[str, int] = json.loads(SEEDS_FILE.read_text(encoding="utf-8"))
    return data


def _special_game(sp: Special, seed: int) -> Game:
    return Game(sp.edition, seed, sp.players, sp.options, sp.tag)


def tie_problem(game: dict[str, Any]) -> str | None:
    """None when the final count has a shared rank, ranked the competition way."""
    rows = game["results"]
    ranks = [row["rank"] for row in rows]
    shared = {r for r in ranks if ranks.count(r) > 1}
    if not shared:
        return f"no tie in the final count ({rows})"
    for rank in shared:
        tied = [row for row in rows if row["rank"] == rank]
        if len({row["worth"] for row in tied}) != 1:
            return f"rank {rank} is shared by unequal worths"
        below = [row["rank"] for row in rows if row["rank"] > rank]
        if below and min(below) != rank + len(tied):
            return f"the rank after the tie at {rank} is {min(below)}"
    return None


def lead_ties(record: lifespin.Record) -> tuple[int, int]:
    """(cars landing tied for the lead on a spin-again-unless-leading space,
    of those, how many spun again at once)."""
    ties = spun = 0
    for s in replay_states(record):
        for e in s.events:
            if type(e).__name__ != "Moved":
                continue
            here = s.rules.space_index[e.path[-1]]
            if s.rules.spaces[here].effect != "spin_again_unless_leading":
                continue
            mine = s.rules.spaces[here].to_retire
            others = [q for i, q in enumerate(s.players) if i != e.seat and q.space >= 0]
            ahead = [q for q in others
                     if q.retired or s.rules.spaces[q.space].to_retire < mine]
            if ahead or not any(q.space == here for q in others):
                continue
            ties += 1
            spun += s.phase == "spin" and s.turn == e.seat
    return ties, spun


def purpose_problem(sp: Special, game: dict[str, Any]) -> str | None:
    """What the game no longer shows of what it is there for, or None."""
    events = [e for step in game["events"] for e in step]
    for pattern in sp.shows:
        if not any(pattern.items() <= e.items() for e in events):
            return f"no event like {pattern}"
    if sp.check == "tie":
        return tie_problem(game)
    if sp.check == "lead_tie":
        ties, _ = lead_ties(lifespin.Record.from_json(game["record"], source=sp.key))
        if not ties:
            return "no car lands tied for the lead on a spin-again space"
    return None


def special_games() -> list[Game]:
    seeds = _seeds()
    return [_special_game(sp, seeds.get(sp.key, 0)) for sp in SPECIAL]


GAMES: list[Game] = [
    Game("classic", 1, 2), Game("classic", 2, 3), Game("classic", 3, 4),
    Game("classic", 42, 5), Game("classic", 2024, 6),
    Game("2005", 7, 3), Game("2005", 8, 5),
    Game("1960", 9, 3), Game("1960", 10, 5),
    *special_games(),
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


def find_seed(sp: Special, start: int) -> int:
    """The seed in use if it still shows the game's purpose, else the first that does."""
    for seed in [start, *range(SEARCH_LIMIT)]:
        if purpose_problem(sp, build(*_special_game(sp, seed))) is None:
            return seed
    raise SystemExit(f"{sp.key}: no seed below {SEARCH_LIMIT} shows what the game is for")


def main() -> int:
    seeds = _seeds()
    for sp in SPECIAL:
        found = find_seed(sp, seeds.get(sp.key, 0))
        if found != seeds.get(sp.key):
            print(f"{sp.key}: seed {seeds.get(sp.key)} -> {found}")
        seeds[sp.key] = found
    SEEDS_FILE.write_text(json.dumps(seeds, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    games = [g for g in GAMES if not g.tag] + [_special_game(sp, seeds[sp.key]) for sp in SPECIAL]
    for old in HERE.glob("*.json"):
        if old != SEEDS_FILE:
            old.unlink()
    for game in games:
        path = HERE / filename(*game)
        text = dumps(build(*game))
        assert json.loads(text)  # valid JSON
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path} ({len(text) // 1024} KiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
