"""Every lifespin error survives pickling with its message and its fields, so
an error raised in a worker process reaches the caller as itself."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

import lifespin.fast
import lifespin.fast.knob
import lifespin.lab.spec
import lifespin.web.games
import lifespin.web.settings
from lifespin.errors import (
    EditionError,
    GameOverError,
    IllegalActionError,
    InvalidActionError,
    LifespinError,
    RecordError,
)
from lifespin.sim import play_many

# One instance of every lifespin error, with fields where the class has them.
SAMPLES: list[LifespinError] = [
    LifespinError("something went wrong"),
    EditionError("my.toml", "spaces[37].amount", -5, "must not be negative"),
    EditionError("weekend", "", None, "unknown edition; known: classic, 2005, 1960"),
    InvalidActionError("'fly:away' is not an action"),
    IllegalActionError("spin is not legal now: seat 1 chooses a career"),
    GameOverError("the game is over"),
    RecordError("game.json: actions[3] = 'spin': not legal there"),
    lifespin.web.settings.SettingsError("LIFESPIN_PORT = 'x': not a port"),
    lifespin.web.games.SetupError("7 seats; the edition seats 2-6"),
    lifespin.web.games.AlreadyStarted("game abc is not in the lobby"),
    lifespin.web.games.Busy("12 games of bots only are playing here; try again later"),
    lifespin.fast.UnsupportedRule("my: space M3 has effect 'fly', which the fast engine "
                                  "does not run"),
    lifespin.fast.FastError("classic: game 3 of seed 1 ended in error 3"),
    lifespin.fast.knob.KnobError("my.toml: stock.cash = 'lots': not a number"),
    lifespin.lab.spec.LabError("exp.toml", "editions.classic.arms[1].knobs", None,
                               "unknown knob 'stock.cashh'"),
]


def _all_subclasses(cls: type) -> set[type]:
    out = set()
    for sub in cls.__subclasses__():
        out |= {sub, *_all_subclasses(sub)}
    return out


def test_every_error_class_has_a_sample() -> None:
    known = {type(e) for e in SAMPLES}
    missing = {c.__qualname__ for c in _all_subclasses(LifespinError)
               if c.__module__.startswith("lifespin") and c not in known}
    assert not missing, f"add a pickling sample of {sorted(missing)}"


@pytest.mark.parametrize("err", SAMPLES, ids=lambda e: type(e).__name__)
def test_pickle_round_trip_keeps_type_message_and_fields(err: LifespinError) -> None:
    for protocol in range(pickle.HIGHEST_PROTOCOL + 1):
        back = pickle.loads(pickle.dumps(err, protocol))
        assert type(back) is type(err)
        assert str(back) == str(err)
        assert back.args == err.args
        assert vars(back) == vars(err)


def test_edition_error_fields_after_pickling() -> None:
    err = pickle.loads(pickle.dumps(EditionError("my.toml", "rules.start_cash", 1.5,
                                                 "must be a whole number")))
    assert (err.source, err.path, err.value, err.message) == (
        "my.toml", "rules.start_cash", 1.5, "must be a whole number")
    assert str(err) == "my.toml: rules.start_cash = 1.5: must be a whole number"
    assert isinstance(err, ValueError)


def test_extra_attributes_survive() -> None:
    err = RecordError("bad record")
    err.index = 3  # type: ignore[attr-defined]
    assert pickle.loads(pickle.dumps(err)).index == 3


def test_a_workers_edition_error_reaches_the_caller(tmp_path: Path) -> None:
    """play_many checks nothing before its workers start: the edition file is
    read in each worker, and its error must come back as itself (not as a
    BrokenProcessPool)."""
    bad = tmp_path / "bad.toml"
    bad.write_text('[metadata]\nid = "bad"\n', encoding="utf-8")
    with pytest.raises(EditionError) as info:
        list(play_many(bad, 2, games=4, jobs=2))
    assert info.value.source == str(bad) and info.value.path.startswith("metadata")


def test_a_workers_option_error_reaches_the_caller() -> None:
    with pytest.raises(EditionError, match="police_fine") as info:
        list(play_many("classic", 2, games=4, jobs=2, options={"police_fine": "abc"}))
    assert info.value.path == "options.police_fine" and info.value.value == "abc"

