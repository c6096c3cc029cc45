"""The rules' vocabulary is registered once and every reader follows it: the
schema, the loader, the step loop, the bots and the shells' labels."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

import lifespin
from lifespin.bots import heuristic
from lifespin.editions import schema
from lifespin.engine import registry, tasks
from lifespin.engine.registry import ABILITIES, EFFECTS, TASKS, Kind
from lifespin.tui.widgets import GLYPHS, board_legend, effect_text

EDITIONS = [*lifespin.available(), str(Path(__file__).parents[2] / "docs/examples/weekend.toml")]
STATIC_JS = Path(lifespin.__file__).parent / "web" / "static" / "js"


def _rules(edition: str) -> lifespin.engine.Ruleset:
    return lifespin.load_edition(edition).ruleset()


def test_every_effect_has_a_handler_label_glyph_and_words() -> None:
    assert len(EFFECTS) == 35
    for name, rule in EFFECTS.items():
        assert rule.name == name
        assert callable(rule.handler), name
        assert rule.label and rule.label[0].isupper(), name
        assert len(rule.glyph) == 1 and rule.glyph.isascii(), name
        assert len(rule.icon) == 1, name
        assert rule.doc, f"effect {name!r}: its handler says what it does"
        assert not rule.required & rule.optional, name


@pytest.mark.parametrize("edition", EDITIONS)
def test_every_space_and_ability_is_described_in_words(edition: str) -> None:
    r = _rules(edition)
    for sp in r.spaces:
        text = EFFECTS[sp.effect].describe(sp, r)
        assert text and "?" not in text.replace("spin:", ""), (sp.id, text)
        # The amount a player gains or pays is in the words.
        if sp.amount and sp.effect in ("collect", "pay", "lawsuit", "night_school"):
            assert f"${sp.amount:,}" in text, (sp.id, text)
    for c in r.careers:
        for ab in c.abilities:
            assert ABILITIES[ab.trigger].describe(ab), (c.id, ab.trigger)


def test_the_schema_and_loader_read_the_registry() -> None:
    assert tuple(EFFECTS) == schema.EFFECTS
    assert tuple(ABILITIES) == schema.ABILITY_TRIGGERS
    # A parameter the registry does not list for an effect is refused by the loader.
    with pytest.raises(lifespin.EditionError, match="takes no parameter 'amount'"):
        lifespin.editions.parse_edition(tomllib.loads(_minimal(extra="amount = 5")), "t.toml")


def _minimal(extra: str = "") -> str:
    return f"""
[metadata]
id = "t"
title = "T"
version = "1.0.0"
[[spaces]]
id = "s"
label = "Start"
effect = "start"
[[spaces]]
id = "p"
label = "Pay Day"
effect = "payday"
{extra}
[[spaces]]
id = "r"
label = "End"
effect = "retire"
"""


def test_every_task_type_is_registered_once_with_its_kind() -> None:
    records = {obj for obj in vars(tasks).values()
               if isinstance(obj, type) and issubclass(obj, tuple) and hasattr(obj, "_fields")}
    assert records == set(TASKS)
    for task, rule in TASKS.items():
        assert rule.task is task
        assert rule.label, rule.name
        assert task._fields[0] == "seat", rule.name
        if rule.kind is Kind.STEP:
            assert rule.auto is None
    names = [rule.name for rule in TASKS.values()]
    assert len(names) == len(set(names))


def test_a_name_cannot_be_registered_twice() -> None:
    with pytest.raises(ValueError, match="registered twice"):
        registry.effect("payday", label="X", glyph="x", icon="x",
                        describe=lambda sp, r: "")(lambda *a: None)
    with pytest.raises(ValueError, match="registered twice"):
        registry.ability("spin_fine", label="X", describe=lambda ab: "")(lambda *a: None)


def test_the_terminal_app_labels_every_effect() -> None:
    assert set(GLYPHS) == set(EFFECTS)
    for edition in EDITIONS:
        r = _rules(edition)
        legend = [str(item) for item in board_legend(r, {})]
        on_board = dict.fromkeys(sp.effect for sp in r.spaces)
        assert legend == [f" {GLYPHS[e]}  {EFFECTS[e].label}" for e in on_board]
        for sp in r.spaces:
            assert effect_text(r, sp) == (
                ("STOP: " if sp.stop else "") + EFFECTS[sp.effect].describe(sp, r)
            )


def test_the_web_board_carries_every_label_and_the_pages_keep_no_list_of_their_own(
    tmp_path: Path,
) -> None:
    from fastapi.testclient import TestClient

    from lifespin.web import Settings, create_app

    # The test client calls itself "testserver", which a careful server's
    # allowed hosts (loopback names by default) do not include.
    settings = Settings(_env_file=None, database_url=f"sqlite:///{tmp_path / 'l.db'}",
                        allowed_hosts="*")
    with TestClient(create_app(settings)) as client:
        for edition in lifespin.available():
            answer = client.get(f"/editions/{edition}")
            assert answer.status_code == 200, answer.text
            board = answer.json()
            for space in board["spaces"]:
                rule = EFFECTS[space["effect"]]
                assert space["effect_label"] == rule.label
                assert space["icon"] == rule.icon
                assert space["says"]
    # The scripts take an effect's words from the board; a table keyed by
    # effect names in the JS would be a second list to keep in step. (Keys
    # that are also a decision's name label buttons of that decision.)
    decisions = {rule.name for rule in TASKS.values()}
    names = [name for name in EFFECTS if name not in decisions]
    keyed = re.compile(r"^\s*(" + "|".join(names) + r")\s*:", re.MULTILINE)
    for js in STATIC_JS.glob("*.js"):
        found = keyed.findall(js.read_text(encoding="utf-8"))
        extra = [f for f in found if f not in _NOT_EFFECT_KEYS.get(js.name, ())]
        assert not extra, (js.name, extra)


# narrator.js keys money *reasons* (the Transfer event's vocabulary), some of
# which share an effect's name; rules.js keys Share the Wealth card kinds
# (collect, pay, exemption, boost). Neither are effect labels.
_NOT_EFFECT_KEYS = {"narrator.js": ("payday", "collect_spin", "spin_to_win", "collect", "pay",
                                    "lawsuit", "toll_bridge", "gamble", "revenge", "tax_refund"),
                    "rules.js": ("collect", "pay"), "panels.js": ("collect", "pay"),
                    # The board's pictures and short words, drawn per effect:
                    # kept in step with the registry by the test below.
                    "pictures.js": tuple(EFFECTS)}


def test_the_board_has_a_picture_and_a_short_word_for_every_effect() -> None:
    """pictures.js draws each effect (DRAW) and names it in a word or two
    (SHORT; babies and money spaces are worded from their count and amount
    instead); a new effect in the registry must get both."""
    text = (STATIC_JS / "pictures.js").read_text(encoding="utf-8")
    for table in ("DRAW", "SHORT"):
        body = text.split(f"const {table} = {{", 1)[1].split("\n};", 1)[0]
        keys = set(re.findall(r"(?:^|[\s,{])([a-z_]+)\s*:", body))
        by_amount = {"baby", "collect", "collect_spin", "pay"} if table == "SHORT" else set()
        missing = set(EFFECTS) - keys - by_amount
        assert not missing, (table, sorted(missing))


def test_the_heuristic_weighs_every_registered_effect_once() -> None:
    assert set(EFFECTS) == heuristic.VALUED_EFFECTS | heuristic.UNVALUED_EFFECTS
    assert not heuristic.VALUED_EFFECTS & heuristic.UNVALUED_EFFECTS
