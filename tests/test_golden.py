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
    on_disk = sorted(p.name for p in GOLDEN.glob("*.json") if p.name != "seeds.json")
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

SPECIAL = {MAKE.filename(*MAKE._special_game(sp, MAKE._seeds()[sp.key])): sp
           for sp in MAKE.SPECIAL}


@pytest.mark.parametrize("name", sorted(SPECIAL))
def test_special_golden_still_shows_what_it_is_for(name: str) -> None:
    sp = SPECIAL[name]
    stored = _load(name)
    assert MAKE.purpose_problem(sp, stored) is None, (
        f"{name}: {MAKE.purpose_problem(sp, stored)}: the game no longer shows what it is "
        "for; make_golden.py searches a new seed when regenerating"
    )
    if sp.options:
        defaults = lifespin.load_edition(sp.edition).default_options()
        assert len(sp.options) >= 2
        for key, value in sp.options.items():
            assert value != defaults[key], f"{name}: {key}={value!r} is the default"
            assert stored["record"]["options"][key] == value, f"{name}: option {key}"


@pytest.mark.parametrize("name", [n for n, sp in SPECIAL.items() if sp.check == "tie"])
def test_tie_golden_names_every_tied_winner(name: str) -> None:
    stored = _load(name)
    rows = stored["results"]
    winners = [row["seat"] for row in rows if row["winner"]]
    assert winners == [row["seat"] for row in rows if row["rank"] == 1]
    over = [e for step in stored["events"] for e in step if e["type"] == "game_over"]
    assert [sorted(e["winners"]) for e in over] == [sorted(winners)]


def test_shared_spaces_golden_lands_tied_for_the_lead_without_spinning_again() -> None:
    """The shared-spaces game has a car land on a spin-again-unless-leading space that
    another car occupies, nobody ahead: tied for the lead, it does not spin again."""
    name = next(n for n, sp in SPECIAL.items() if sp.check == "lead_tie")
    ties, spun = MAKE.lead_ties(Record.from_json(_load(name)["record"], source=name))
    assert ties, f"{name}: no car lands tied for the lead on a spin-again space any more"
    assert spun == 0, f"{name}: {spun} of {ties} cars tied for the lead spun again"


def test_the_purpose_checks_can_fail() -> None:
    """A plain game (no house rules) shows none of the special games' events."""
    plain = _load(FILES[0])
    misspins = next(sp for sp in MAKE.SPECIAL if sp.tag == "misspins")
    assert MAKE.purpose_problem(misspins, plain) is not None
    untied = {**plain, "results": [{**row, "rank": i + 1} for i, row in
                                   enumerate(plain["results"])]}
    assert MAKE.tie_problem(untied) is not None
