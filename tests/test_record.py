"""Saved games: the record format, its round trips, and every way a record can be
corrupt, foreign or unplayable -- each a RecordError that says what is wrong."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import lifespin
from lifespin import LifespinError, Record, RecordError
from lifespin.record import FORMAT, replay_states

FIELDS = ["format", "edition", "edition_version", "options", "players", "seed", "actions"]


@pytest.fixture(scope="module")
def record() -> Record:
    return lifespin.sim.play_game("classic", players=3, seed=11)


@pytest.fixture
def data(record: Record) -> dict[str, Any]:
    return record.to_json()


def _same_game(a: lifespin.State, b: lifespin.State) -> None:
    assert a.history == b.history
    assert a.results() == b.results()
    assert a.view(None) == b.view(None)


def test_shape(record: Record, data: dict[str, Any]) -> None:
    assert list(data) == FIELDS
    assert data["format"] == FORMAT == "lifespin-record/1"
    assert data["edition"] == "classic"
    assert data["edition_version"] == lifespin.load_edition("classic").version
    assert data["seed"] == 11
    assert data["players"] == ["Player 1", "Player 2", "Player 3"]
    assert data["options"] == lifespin.load_edition("classic").default_options()
    assert all(isinstance(a, str) for a in data["actions"])
    assert len(data["actions"]) > 50
    json.dumps(data, allow_nan=False)


def test_json_round_trips(record: Record) -> None:
    assert Record.from_json(record.to_json()) == record
    assert Record.loads(record.dumps()) == record
    assert Record.from_json(json.loads(json.dumps(record.to_json()))) == record


def test_save_and_load(tmp_path: Path, record: Record) -> None:
    path = tmp_path / "game.json"
    record.save(path)
    assert Record.load(path) == record
    assert Record.load(str(path)) == record
    assert json.loads(path.read_text(encoding="utf-8"))["format"] == FORMAT
    assert [p.name for p in tmp_path.iterdir()] == ["game.json"]  # no temporary left
    record.with_actions(record.actions[:10]).save(path)  # overwrite in place
    assert Record.load(path).actions == record.actions[:10]


def test_replay_accepts_record_dict_and_path(tmp_path: Path, record: Record) -> None:
    path = tmp_path / "g.json"
    record.save(path)
    final = lifespin.replay(record)
    assert final.is_terminal
    assert final.history == tuple(lifespin.Action.parse(a) for a in record.actions)
    for other in (record.to_json(), path, str(path)):
        _same_game(lifespin.replay(other), final)
    assert Record.from_state(final, record.seed) == record


def test_replay_a_prefix_and_every_state(record: Record) -> None:
    states = list(replay_states(record))
    assert len(states) == len(record.actions) + 1
    assert [s.move_number for s in states] == list(range(len(states)))
    part = lifespin.replay(record.with_actions(record.actions[:40]))
    assert not part.is_terminal
    assert part.view(None) == states[40].view(None)
    assert part.history == states[40].history


def test_optional_fields(data: dict[str, Any]) -> None:
    """seed and options may be left out: no seed, the default house rules."""
    del data["seed"], data["options"]
    r = Record.from_json(data)
    assert r.seed is None and dict(r.options) == {}
    assert lifespin.replay(r).is_terminal  # the game used the default rules


def test_a_record_of_house_rules_replays_only_with_them() -> None:
    opts = {"occupied_space_rule": False, "start_cash": 0}
    rec = lifespin.sim.play_game("classic", 2, seed=5, options=opts)
    assert rec.options["occupied_space_rule"] is False and rec.options["start_cash"] == 0
    assert lifespin.replay(rec).is_terminal
    # the same actions under other rules do not (or give another game)
    other = rec.to_json() | {"options": {}}
    try:
        final = lifespin.replay(other)
    except RecordError:
        return
    assert final.results() != lifespin.replay(rec).results()


# ---------------------------------------------------------------- corrupt records


def _fails(target: Any, *needles: str) -> RecordError:
    with pytest.raises(RecordError) as info:
        lifespin.replay(target)
    err = info.value
    assert isinstance(err, ValueError) and isinstance(err, LifespinError)
    for needle in needles:
        assert needle in str(err), f"{needle!r} not in the message: {err}"
    return err


@pytest.mark.parametrize("text", ["{not json", "", "{\"format\": ", "nul", "\x00"])
def test_not_json(tmp_path: Path, text: str) -> None:
    with pytest.raises(RecordError, match="not JSON"):
        Record.loads(text)
    path = tmp_path / "bad.json"
    path.write_text(text, encoding="utf-8")
    _fails(path, "not JSON", str(path))


@pytest.mark.parametrize("doc", [[1, 2], "a string", 3, None])
def test_not_an_object(doc: Any) -> None:
    with pytest.raises(RecordError, match="JSON object"):
        Record.loads(json.dumps(doc))


def test_missing_file(tmp_path: Path) -> None:
    _fails(tmp_path / "nope.json", "nope.json", "cannot read")
    _fails(tmp_path, "cannot read")  # a folder


@pytest.mark.parametrize("fmt", ["lifespin-record/2", "lifespin-record", "", None, 1])
def test_wrong_format(data: dict[str, Any], fmt: Any) -> None:
    data["format"] = fmt
    _fails(data, "format", FORMAT)


def test_missing_format(data: dict[str, Any]) -> None:
    del data["format"]
    _fails(data, "format", FORMAT)


@pytest.mark.parametrize("key", ["edition", "edition_version", "players", "actions"])
def test_missing_field(data: dict[str, Any], key: str) -> None:
    del data[key]
    _fails(data, "missing field", repr(key))


@pytest.mark.parametrize(("key", "value"), [
    ("edition", 5), ("edition", None), ("edition_version", 1.0), ("players", "Ana,Bo"),
    ("players", {"0": "Ana"}), ("actions", "spin"), ("actions", None), ("seed", "11"),
    ("seed", 1.5), ("seed", True), ("seed", [11]), ("options", []), ("options", "default"),
])
def test_wrong_type(data: dict[str, Any], key: str, value: Any) -> None:
    data[key] = value
    _fails(data, "wrong type", repr(key))


def test_wrong_item_type(data: dict[str, Any]) -> None:
    data["players"] = ["Ana", 7]
    _fails(data, "players[1]", "7")
    data["players"] = ["Ana", "Bo", "Cy"]
    data["actions"] = [*data["actions"][:4], {"kind": "spin"}]
    _fails(data, "actions[4]")


def test_unknown_field(data: dict[str, Any]) -> None:
    data["winner"] = 1
    _fails(data, "unknown field", "winner")


def test_action_that_does_not_parse(data: dict[str, Any]) -> None:
    data["actions"][3] = "spin the wheel!"
    _fails(data, "actions[3]", "spin the wheel!", "not an action")


@pytest.mark.parametrize("where", [0, 1, 37, -1])
def test_illegal_action_in_the_middle(record: Record, data: dict[str, Any], where: int) -> None:
    i = where % len(data["actions"])
    states = list(replay_states(record))
    before = states[i]
    legal = {str(a) for a in before.legal_actions() + before.chance_outcomes()}
    bad = next(t for t in ["retire:moon", "spun:11", "spin", "skip"] if t not in legal)
    data["actions"][i] = bad
    err = _fails(data, f"actions[{i}]", repr(bad), "illegal")
    assert f"move {i}" in str(err)


def test_actions_after_the_end(data: dict[str, Any]) -> None:
    n = len(data["actions"])
    data["actions"].append("spin")
    _fails(data, f"actions[{n}]", "over")


def test_edition_version_mismatch(data: dict[str, Any]) -> None:
    data["edition_version"] = "0.0.1-old"
    version = lifespin.load_edition("classic").version
    _fails(data, "0.0.1-old", version)


@pytest.mark.parametrize("name", ["monopoly", "clasic", "CLASSIC"])
def test_unknown_edition(data: dict[str, Any], name: str) -> None:
    data["edition"] = name
    _fails(data, "edition", name)


def test_replay_with_another_edition(record: Record, tmp_path: Path) -> None:
    """replay(record, edition=...) uses that edition, which must be the record's."""
    _same_game(lifespin.replay(record, edition="classic"), lifespin.replay(record))
    src = Path(lifespin.editions.DATA_DIR) / "classic" / "edition.toml"
    text = src.read_text(encoding="utf-8")
    old = lifespin.load_edition("classic").version
    path = tmp_path / "edition.toml"
    path.write_text(text.replace(f'version = "{old}"', 'version = "9.9.9"', 1),
                    encoding="utf-8")
    assert lifespin.load_edition(path).version == "9.9.9"
    with pytest.raises(RecordError, match=r"9\.9\.9"):
        lifespin.replay(record, edition=path)


@pytest.mark.parametrize("players", [[], ["Ana"] * 7])
def test_bad_player_count(data: dict[str, Any], players: list[str]) -> None:
    data["players"] = players
    _fails(data, "set-up is not valid")


@pytest.mark.parametrize("options", [{"no_such_rule": True}, {"start_cash": "lots"},
                                     {"pension": "weekly"}])
def test_bad_house_rules(data: dict[str, Any], options: dict[str, Any]) -> None:
    data["options"] = options
    _fails(data, "set-up is not valid", next(iter(options)))


def test_loads_names_its_source() -> None:
    with pytest.raises(RecordError, match=r"upload\.json"):
        Record.loads("[]", source="upload.json")


# ---------------------------------------------------------------- known bugs


def test_a_binary_file_is_a_record_error(tmp_path: Path) -> None:
    path = tmp_path / "game.json"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\xff\xfe\x00")
    _fails(path, str(path))


def test_deeply_nested_json_is_a_record_error() -> None:
    with pytest.raises(RecordError):
        Record.loads("[" * 100_000)


def test_option_names_must_be_strings(data: dict[str, Any]) -> None:
    data["options"] = {1: 2}
    _fails(data, "options")
