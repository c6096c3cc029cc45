"""Experiments as data: what to compare, on which edition, and how.

An experiment is a TOML file (the built-in ones are in ``lab/experiments/``,
a custom one is any file in the same format)::

    name = "stock"
    title = "Is a stock worth buying?"
    measure = ["win", "worth"]          # and "children", "seats" (observed tables)
    kinds = ["buy_stock"]               # decisions the arms change (codes.KIND_NAMES)

    [editions.classic]                  # one table per edition where it applies
    players = 4
    options = {}                        # house rules
    [[editions.classic.arms]]           # the first arm is the reference
    name = "buy"
    label = "buying stock when you can"
    knobs = {}                          # knob diffs from the default knob set
    [[editions.classic.arms]]
    name = "never"
    label = "never buying stock"
    doing = "Never buying stock"
    knobs = { "stock.cash" = 1e18 }
    [[editions.classic.sensitivity]]    # the same question under other settings
    label = "2 players"
    players = 2

An arm's knobs are applied to one *subject* seat, rotated over every seat;
every other seat plays the default knob policy. Knob names are the generic
knobs of ``lifespin.fast.knob.KNOBS``, ``fork.<space id>.branch|behind`` and
``career.<career id>`` (see ``fast/knobs/default.toml``).

Errors name the file, the path inside it and the bad value, as edition files'
do (`LabError`, an `EditionError`).
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from ..editions import load_edition
from ..engine.ruleset import Ruleset
from ..errors import EditionError
from ..fast import codes
from ..fast.knob import KNOBS, KnobError, _apply, knob_values

__all__ = [
    "EXPERIMENT_DIR",
    "Arm",
    "EditionSetup",
    "Experiment",
    "LabError",
    "Variant",
    "arm_vector",
    "builtin_names",
    "load_experiment",
    "parse_experiment",
]

EXPERIMENT_DIR = Path(__file__).with_name("experiments")
Measure = Literal["win", "worth", "children", "seats"]


def _win_and_worth() -> list[Measure]:
    return ["win", "worth"]


class LabError(EditionError):
    """An experiment file (or an experiment asked of an edition) is not valid:
    names the file, the path inside it and the bad value."""


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Arm(_Model):
    """One way to play the subject seat: knob diffs from the default set."""

    name: str = Field(min_length=1, pattern=r"^[A-Za-z0-9_.-]+$")
    label: str = Field(min_length=1)  # a noun phrase: "the money lane"
    doing: str = ""  # a gerund phrase for the sentence: "Taking the family lane"
    knobs: dict[str, float] = Field(default_factory=dict)

    def phrase(self) -> str:
        return self.doing or f"Playing {self.label}"


class Variant(_Model):
    """A sensitivity setting: the same arms under other players or house rules."""

    label: str = Field(min_length=1)
    players: int | None = Field(default=None, ge=1, le=6)
    options: dict[str, Any] = Field(default_factory=dict)


class EditionSetup(_Model):
    """Where an experiment applies: an edition, its players, house rules and arms."""

    players: int = Field(default=4, ge=1, le=6)
    options: dict[str, Any] = Field(default_factory=dict)
    arms: list[Arm] = Field(default_factory=lambda: [Arm(name="default",
                                                         label="the default policy")])
    sensitivity: list[Variant] = Field(default_factory=list)

    @field_validator("arms")
    @classmethod
    def _distinct(cls, arms: list[Arm]) -> list[Arm]:
        if not arms:
            raise ValueError("give at least one arm (the first is the reference)")
        seen: set[str] = set()
        for arm in arms:
            if arm.name in seen:
                raise ValueError(f"two arms are named {arm.name!r}")
            seen.add(arm.name)
        return arms


class Experiment(_Model):
    """A question, the arms that answer it for each edition, what to measure."""

    name: str = Field(min_length=1, pattern=r"^[A-Za-z0-9_-]+$")
    title: str = Field(min_length=1)
    about: str = ""
    measure: list[Measure] = Field(default_factory=_win_and_worth)
    kinds: list[str] = Field(default_factory=list)
    editions: dict[str, EditionSetup]
    source: str = Field(default="", exclude=True)

    @field_validator("kinds")
    @classmethod
    def _kinds(cls, kinds: list[str]) -> list[str]:
        for k in kinds:
            if k not in codes.KIND_NAMES[: codes.N_DECISION_KINDS]:
                raise ValueError(f"unknown decision kind {k!r}; known: "
                                 f"{', '.join(codes.KIND_NAMES[: codes.N_DECISION_KINDS])}")
        return kinds

    @field_validator("editions")
    @classmethod
    def _some(cls, editions: dict[str, EditionSetup]) -> dict[str, EditionSetup]:
        if not editions:
            raise ValueError("name at least one edition ([editions.<name>])")
        return editions

    def setup(self, edition: str) -> EditionSetup:
        """The setup for `edition` (a name), or a LabError naming those it has."""
        if edition in self.editions:
            return self.editions[edition]
        raise LabError(self.source or self.name, "editions", edition,
                       f"experiment {self.name!r} does not apply to this edition; it has "
                       f"{', '.join(self.editions)}")

    def kind_codes(self) -> list[int]:
        return [codes.KIND_NAMES.index(k) for k in self.kinds]


def _loc(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else ("." if out else "") + str(part)
    return out


def parse_experiment(raw: dict[str, Any], source: str) -> Experiment:
    """Validate a parsed TOML table; every knob and house rule is checked
    against its edition here, so a run cannot fail on a bad name later.

    Raises:
        LabError: naming `source`, the path inside it and the bad value.
    """
    try:
        exp = Experiment.model_validate({**raw, "source": source})
    except ValidationError as exc:
        err = exc.errors()[0]
        value = err.get("input")
        shown = value if isinstance(value, str | int | float | bool) else None
        raise LabError(source, _loc(tuple(err["loc"])), shown, err["msg"]) from None
    for ed_name, setup in exp.editions.items():
        where = f"editions.{ed_name}"
        try:
            ed = load_edition(ed_name)
        except EditionError as exc:
            raise LabError(source, where, ed_name, exc.message) from None
        for j, variant in enumerate([None, *setup.sensitivity]):
            options = {**setup.options, **(variant.options if variant else {})}
            vwhere = f"{where}.sensitivity[{j - 1}]" if variant else where
            try:
                rules = ed.ruleset(options)
            except EditionError as exc:
                path = exc.path if exc.path.startswith("options") else "options"
                raise LabError(source, f"{vwhere}.{path}", exc.value, exc.message) from None
            players = (variant.players if variant and variant.players else setup.players)
            if not (rules.min_players <= players <= rules.max_players or players == 1):
                raise LabError(source, f"{vwhere}.players", players,
                               f"{ed_name} is for {rules.min_players} to "
                               f"{rules.max_players} players")
            if variant is None:
                for i, arm in enumerate(setup.arms):
                    try:
                        arm_vector(arm, rules)
                    except KnobError as exc:
                        raise LabError(source, f"{where}.arms[{i}].knobs", None,
                                       str(exc).split(": ", 1)[-1]) from None
    return exp


def load_experiment(name_or_path: str | Path) -> Experiment:
    """A built-in experiment by name (``"children"``) or a TOML file.

    Raises:
        LabError: unknown name (naming the built-in ones), unreadable file,
            bad TOML, or an invalid experiment.
    """
    text = str(name_or_path)
    path = Path(text)
    if not (isinstance(name_or_path, Path) or text.endswith(".toml") or "/" in text):
        if text not in builtin_names():
            raise LabError(text, "", None, f"unknown experiment; built in: "
                           f"{', '.join(builtin_names())} (or give a .toml file)")
        path = EXPERIMENT_DIR / f"{text}.toml"
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise LabError(str(path), "", None, f"cannot read the file ({exc.strerror})") from None
    except tomllib.TOMLDecodeError as exc:
        raise LabError(str(path), "", None, f"not valid TOML: {exc}") from None
    return parse_experiment(raw, str(path))


def builtin_names() -> list[str]:
    """The built-in experiments, in the order `lifespin lab list` shows them."""
    order = ["children", "college", "insurance", "stock", "loans", "house", "house_sale",
             "night_school", "trade_salary", "retirement", "risky_road", "spin_to_win",
             "tycoon", "seat_order"]
    found = sorted(p.stem for p in EXPERIMENT_DIR.glob("*.toml"))
    return [n for n in order if n in found] + [n for n in found if n not in order]


def arm_vector(arm: Arm, rules: Ruleset) -> np.ndarray:
    """The subject seat's knob vector: the default set with the arm's diffs.

    Raises:
        KnobError: a knob the ruleset does not have, or a bad value (naming it).
    """
    out = knob_values("default", rules)
    flat: dict[str, Any] = {}
    for key, value in arm.knobs.items():
        # Fork and career knobs belong to one edition in a knob file; an arm is
        # already for one edition, so it names them without the prefix.
        flat[key if key in KNOBS else f"edition.{rules.id}.{key}"] = value
    _apply(Path(f"arm {arm.name!r}"), flat, rules, out)
    return out
