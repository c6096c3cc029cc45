"""Golden games: seeded games whose every event is checked in (tests/golden/).

Each file is replayed action by action and must cause the very same events and
standings; then the game is played again from its seed and must choose the
very same actions. Any difference is a rules change (or a change to the
driver, the random bot or the stream).
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

import lifespin
from lifespin import Record, RecordError
from lifespin.engine import events as ev
from lifespin.engine.events import event_to_dict
from lifespin.record import replay_states

GOLDEN = Path(__file__).resolve().parent / "golden"
REGENERATE = ("a change here is a rules change; if intended, regenerate with "
              "python tests/golden/make_golden.py and say so in the commit")


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_golden", GOLDEN / "make_golden.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


MAKE = _generator()
FILES = [MAKE.filename(*game) for game in MAKE.GAMES]


def _load(name: str) -> dict[str, Any]:
    path = GOLDEN / name
    if not path.exists():
        pytest.fail(f"golden game {name} is missing; generate it with "
                    "python tests/golden/make_golden.py")
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def _changed(name: str, i: int, what: str) -> None:
    pytest.fail(f"golden game {name} changed at action {i}: {what} — {REGENERATE}",
                pytrace=False)


def test_the_golden_set() -> None:
    assert {name.split("-")[0] for name in FILES} == set(lifespin.available())
    on_disk = sorted(p.name for p in GOLDEN.glob("*.json"))
    assert on_disk == sorted(FILES), (
        f"tests/golden holds {on_disk}, the generator makes {sorted(FILES)}"
    )


@pytest.mark.parametrize("name", FILES)
def test_golden_game_replays_with_the_same_events(name: str) -> None:
    stored = _load(name)
    record = Record.from_json(stored["record"], source=name)
    actions = record.actions
    assert len(stored["events"]) == len(actions), f"{name}: one event list per action"
    states = replay_states(record)
    try:
        next(states)
        for i, (text, want) in enumerate(zip(actions, stored["events"], strict=True)):
            state = next(states)
            got = [event_to_dict(e) for e in state.events]
            if got != want:
                _changed(name, i, f"{text!r} now causes\n  {got}\nthe file has\n  {want}")
    except RecordError as exc:
        pytest.fail(f"golden game {name} no longer replays: {exc} — {REGENERATE}",
                    pytrace=False)
    assert state.is_terminal, f"golden game {name} ends before the game is over"
    results = state.results()
    if results != stored["results"]:
        _changed(name, len(actions), f"the final standings are now\n  {results}\n"
                                     f"the file has\n  {stored['results']}")


@pytest.mark.parametrize("name", FILES)
def test_golden_game_is_played_again_from_its_seed(name: str) -> None:
    stored = _load(name)
    rec = stored["record"]
    again = lifespin.sim.play_game(rec["edition"], rec["players"], seed=rec["seed"],
                                   options=rec["options"]).to_json()
    for key in ("edition", "edition_version", "options", "players", "seed"):
        if again[key] != rec[key]:
            _changed(name, 0, f"the record's {key} is now {again[key]!r}, "
                              f"the file has {rec[key]!r}")
    for i, (got, want) in enumerate(zip(again["actions"], rec["actions"], strict=False)):
        if got != want:
            _changed(name, i, f"play_game now chooses {got!r}, the file has {want!r}")
    if len(again["actions"]) != len(rec["actions"]):
        n = min(len(again["actions"]), len(rec["actions"]))
        _changed(name, n, f"the game now has {len(again['actions'])} actions, "
                          f"the file {len(rec['actions'])}")


@pytest.mark.parametrize("name", FILES)
def test_golden_file_is_what_the_generator_writes(name: str) -> None:
    """Byte for byte, so a hand edit or a stale file shows up too."""
    game = MAKE.GAMES[FILES.index(name)]
    text = (GOLDEN / name).read_text(encoding="utf-8")
    fresh = MAKE.dumps(MAKE.build(*game))
    if text != fresh:
        old, new = text.splitlines(), fresh.splitlines()
        line = next((i for i, (a, b) in enumerate(zip(old, new, strict=False)) if a != b),
                    min(len(old), len(new)))
        pytest.fail(f"golden game {name} changed at line {line + 1} of the file: it is not "
                    f"what make_golden.py writes now (if the other golden tests pass, only "
                    f"the format or a stale field changed) — {REGENERATE}", pytrace=False)


# ---------------------------------------------------------------- what some games are for

HOUSE_RULE_FILES = [MAKE.filename(*game) for game in MAKE.HOUSE_RULE_GAMES]
TIE_FILES = [MAKE.filename(*game) for game in MAKE.TIE_GAMES]

# Events each house-rule game must hold (a pattern matches an event whose fields
# include it): what its options change, seen happening.
SHOWS: dict[str, list[dict[str, Any]]] = {
    "classic-seed19-3p-misspins.json": [
        {"type": "transfer", "payer": -1, "amount": 50_000, "reason": "misspin"},
        {"type": "transfer", "amount": 5_000, "reason": "spin_fine"},
        {"type": "spun", "value": 0},
    ],
    "classic-seed1-3p-ported-shared.json": [
        {"type": "transfer", "payer": -1, "reason": "collect_spin"},
    ],
    "2005-seed2-3p-police.json": [
        {"type": "transfer", "amount": 10_000, "reason": "spin_fine"},
        {"type": "retired", "where": "countryside"},
    ],
    "1960-seed1-3p-money1960.json": [
        {"type": "transfer", "amount": 10_000, "reason": "lucky_number"},
    ],
}


def test_every_house_rule_game_says_what_it_shows() -> None:
    assert sorted(SHOWS) == sorted(HOUSE_RULE_FILES)


@pytest.mark.parametrize("game", MAKE.HOUSE_RULE_GAMES, ids=HOUSE_RULE_FILES)
def test_house_rule_golden_plays_its_options(game: Any) -> None:
    name = MAKE.filename(*game)
    stored = _load(name)
    defaults = lifespin.load_edition(game.edition).default_options()
    assert len(game.options) >= 2
    for key, value in game.options.items():
        assert value != defaults[key], f"{name}: {key}={value!r} is the default"
        assert stored["record"]["options"][key] == value, f"{name}: option {key}"
    events = [e for step in stored["events"] for e in step]
    for pattern in SHOWS[name]:
        assert any(pattern.items() <= e.items() for e in events), (
            f"{name}: no event like {pattern}: the game no longer shows what it is for"
        )


@pytest.mark.parametrize("name", TIE_FILES)
def test_tie_golden_has_a_shared_rank(name: str) -> None:
    rows = _load(name)["results"]
    ranks = [row["rank"] for row in rows]
    shared = {r for r in ranks if ranks.count(r) > 1}
    assert shared, f"{name}: no tie in the final count ({rows})"
    for rank in shared:
        tied = [row for row in rows if row["rank"] == rank]
        assert len({row["worth"] for row in tied}) == 1
        # competition ranking: the next rank skips the places the tie took
        below = [row["rank"] for row in rows if row["rank"] > rank]
        assert not below or min(below) == rank + len(tied)
    winners = [row["seat"] for row in rows if row["winner"]]
    assert winners == [row["seat"] for row in rows if row["rank"] == 1]
    over = [e for step in _load(name)["events"] for e in step if e["type"] == "game_over"]
    assert [sorted(e["winners"]) for e in over] == [sorted(winners)]


def test_shared_spaces_golden_lands_tied_for_the_lead_without_spinning_again() -> None:
    """The shared-spaces game has a car land on a spin-again-unless-leading space that
    another car occupies, nobody ahead: tied for the lead, it does not spin again."""
    name = "classic-seed1-3p-ported-shared.json"
    record = Record.from_json(_load(name)["record"], source=name)
    ties = 0
    for s in replay_states(record):
        for e in s.events:
            if not isinstance(e, ev.Moved):
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
            assert not (s.phase == "spin" and s.turn == e.seat), (
                f"{name}: seat {e.seat} tied for the lead on {e.path[-1]} spins again"
            )
    assert ties, f"{name}: no car lands tied for the lead on a spin-again space any more"
