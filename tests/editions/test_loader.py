"""Edition files: the shipped ones load; mistakes are named precisely."""

from __future__ import annotations

import copy
import tomllib
from pathlib import Path
from typing import Any

import pytest

import lifespin
from lifespin.editions import DATA_DIR, parse_edition
from lifespin.errors import EditionError

CLASSIC = DATA_DIR / "classic" / "edition.toml"


@pytest.fixture(scope="module")
def raw() -> dict[str, Any]:
    with CLASSIC.open("rb") as fh:
        return tomllib.load(fh)


def broken(raw: dict[str, Any]) -> dict[str, Any]:
    return copy.deepcopy(raw)


def error_of(doc: dict[str, Any]) -> EditionError:
    with pytest.raises(EditionError) as info:
        parse_edition(doc, "test.toml")
    return info.value


def space_pos(doc: dict[str, Any], space_id: int | str) -> int:
    return next(i for i, s in enumerate(doc["spaces"]) if s["id"] == space_id)


def test_registry_lists_and_loads_classic() -> None:
    assert "classic" in lifespin.available()
    ed = lifespin.load_edition("classic")
    assert ed.id == "classic" and ed.version.count(".") == 2
    rules = ed.ruleset()
    assert len(rules.spaces) == 149
    assert [rules.spaces[i].id for i in rules.starts] == ["college", "career"]
    assert sum(s.effect == "payday" for s in rules.spaces) == 21
    assert [s.id for s in rules.spaces if s.stop] == ["11", "25", "36", "81", "147"]
    assert len(rules.tile_values) == 25 and sum(rules.tile_values) == 3_250_000


def test_every_conflict_choice_is_recorded_with_its_option() -> None:
    ed = lifespin.load_edition("classic")
    named = {c.option for c in ed.file.metadata.choices if c.option}
    assert named <= set(ed.file.options)
    alternatives = {n for n, o in ed.file.options.items() if o.type != "int"}
    assert alternatives <= named, "each rule alternative is explained in metadata.choices"
    for choice in ed.file.metadata.choices:
        assert choice.why and choice.choice


def test_load_by_path_and_unknown_name() -> None:
    assert lifespin.load_edition(CLASSIC).id == "classic"
    assert lifespin.load_edition(CLASSIC.parent).id == "classic"
    with pytest.raises(EditionError, match=r"unknown edition.*did you mean 'classic'"):
        lifespin.load_edition("clasic")


def test_missing_file_and_bad_toml(tmp_path: Path) -> None:
    with pytest.raises(EditionError, match="no such file"):
        lifespin.load_edition(tmp_path / "nope.toml")
    bad = tmp_path / "bad.toml"
    bad.write_text("[metadata\nid = 1\n")
    with pytest.raises(EditionError, match="not valid TOML") as info:
        lifespin.load_edition(bad)
    assert str(bad) in str(info.value)


def test_unknown_key_names_path_and_suggests(raw: dict[str, Any]) -> None:
    doc = broken(raw)
    doc["spaces"][5]["amuont"] = 5
    err = error_of(doc)
    assert err.path == "spaces[5].amuont"
    assert "unknown key 'amuont'" in err.message and "did you mean 'amount'" in err.message
    assert str(err).startswith("test.toml: spaces[5].amuont = 5:")


def test_negative_price(raw: dict[str, Any]) -> None:
    doc = broken(raw)
    doc["houses"][2]["price"] = -10
    err = error_of(doc)
    assert err.path == "houses[2].price" and err.value == -10


def test_next_naming_no_space(raw: dict[str, Any]) -> None:
    doc = broken(raw)
    i = space_pos(doc, 48)
    doc["spaces"][i]["next"] = [49, 999]
    err = error_of(doc)
    assert err.path == f"spaces[{i}].next[1]" and err.value == "999"
    assert "no space has this id" in err.message


def test_track_that_cannot_retire(raw: dict[str, Any]) -> None:
    doc = broken(raw)
    i = space_pos(doc, 140)
    doc["spaces"][i]["next"] = [130]  # a loop with no way out
    err = error_of(doc)
    assert "never reach a retire space" in err.message


def test_unreachable_space(raw: dict[str, Any]) -> None:
    doc = broken(raw)
    doc["spaces"][space_pos(doc, 48)]["next"] = [49]  # lane B can no longer be reached
    err = error_of(doc)
    assert err.value == "56" and "no start can reach" in err.message


def test_unknown_effect_suggests(raw: dict[str, Any]) -> None:
    doc = broken(raw)
    doc["spaces"][3]["effect"] = "colect"
    err = error_of(doc)
    assert err.path == "spaces[3].effect" and "did you mean 'collect'" in err.message


def test_effect_parameter_checks(raw: dict[str, Any]) -> None:
    doc = broken(raw)
    i = space_pos(doc, 3)  # a LIFE space
    doc["spaces"][i]["amount"] = 10
    assert "takes no parameter 'amount'" in error_of(doc).message
    doc = broken(raw)
    i = space_pos(doc, 1)  # a collect space
    del doc["spaces"][i]["amount"]
    err = error_of(doc)
    assert err.path == f"spaces[{i}].amount" and "needs 'amount'" in err.message


def test_card_referenced_but_not_defined(raw: dict[str, Any]) -> None:
    doc = broken(raw)
    i = space_pos(doc, 19)
    doc["spaces"][i]["payee"] = "docter"
    err = error_of(doc)
    assert err.path == f"spaces[{i}].payee" and "did you mean 'doctor'" in err.message


def test_duplicate_ids_and_deck_too_small(raw: dict[str, Any]) -> None:
    doc = broken(raw)
    doc["careers"][1]["id"] = doc["careers"][0]["id"]
    assert "duplicate id" in error_of(doc).message
    doc = broken(raw)
    doc["salaries"] = doc["salaries"][-4:]
    assert "too few salary cards" in error_of(doc).message


def test_resale_table_must_cover_the_spinner(raw: dict[str, Any]) -> None:
    doc = broken(raw)
    doc["houses"][0]["resale"] = [1, 2, 3]
    assert error_of(doc).path == "houses[0].resale"


def test_bad_house_rule_definitions(raw: dict[str, Any]) -> None:
    doc = broken(raw)
    doc["options"]["police_fine"]["default"] = "7000"
    assert error_of(doc).path == "options.police_fine.default"
    doc = broken(raw)
    doc["options"]["start_cash"]["target"] = "rules.start_csh"
    assert "did you mean 'start_cash'" in error_of(doc).message
    doc = broken(raw)
    # A patch that would make the edition invalid is caught at load time.
    doc["options"]["pension"]["patches"]["per_spin"]["spaces"]["146"]["effect"] = "colect_spin"
    err = error_of(doc)
    assert "unknown effect" in err.message and "house rules" in err.source


def test_house_rule_values_are_checked_at_new_game() -> None:
    with pytest.raises(EditionError, match=r"no such house rule.*did you mean 'police_fine'"):
        lifespin.new_game("classic", 2, {"polce_fine": "5000"})
    with pytest.raises(EditionError, match="choose one of 10000, 5000"):
        lifespin.new_game("classic", 2, {"police_fine": "7000"})
    with pytest.raises(EditionError, match="true or false"):
        lifespin.new_game("classic", 2, {"wheel_misspins": 3})
    with pytest.raises(EditionError, match="largest allowed"):
        lifespin.new_game("classic", 2, {"start_cash": 10**9})


def test_house_rules_change_the_compiled_rules() -> None:
    ed = lifespin.load_edition("classic")
    base = ed.ruleset()
    alt = ed.ruleset({"police_fine": "5000", "auto_insurance": "10000",
                      "life_tile_values": "ported", "space_values": "csharp_port",
                      "countryside_tile": False, "start_cash": 0})
    police = alt.career("police").abilities[0]
    assert police.amount == 5000 and base.career("police").abilities[0].amount == 10000
    assert alt.auto_insurance_price == 10000 and alt.countryside_tiles == 0
    assert sum(alt.tile_values) == 650_000
    assert alt.space(54).amount == 1500 and base.space(54).amount == 15000
    assert alt.space(124).per_child is False and base.space(124).per_child is True
    assert alt.start_cash == 0
    assert ed.ruleset({"police_fine": "5000"}) is ed.ruleset({"police_fine": "5000"})


def test_player_count_bounds() -> None:
    with pytest.raises(ValueError, match="2 to 6 players"):
        lifespin.new_game("classic", 7)
    assert len(lifespin.new_game("classic", 1).players) == 1  # allowed for analysis
