"""The knob policy, Python side: knob names and knob sets (TOML files).

A knob set is a TOML file of numbers, one per knob, each a rule's threshold
or weight ("buy a stock when the cash left after it is at least X"). The
compiled side (`knob_kernel.knob_choose`) reads them as one float64 vector
per seat; `knob_values` builds that vector for one ruleset:

* the generic knobs, in the order of `KNOBS`;
* then two slots per space of the ruleset, used at forks:
  ``branch`` (the index of the next space to take) and ``behind`` (take the
  next one after it instead when the estimated deficit to the leader is at
  least this);
* then one per career: a bonus added to the career's value (its pay) when
  careers are compared (what its abilities are worth, say); 0 by default.

A file may override any generic knob for one edition in an
``[edition.<ruleset id>]`` table, set its forks in
``[edition.<ruleset id>.fork.<space id>]`` and its careers' bonuses in
``[edition.<ruleset id>.career]``. Knobs a file leaves out take the
value of the shipped ``default`` set (src/lifespin/fast/knobs/default.toml,
which documents every knob). Precedence, lowest first: the default's generic
value, the default's edition value, the file's generic value, the file's
edition value.

>>> from lifespin.editions import load_edition
>>> rules = load_edition("classic").ruleset(None)
>>> v = knob_values("default", rules)
>>> v.shape == (N_GENERIC + 2 * len(rules.spaces) + len(rules.careers),)
True
"""

from __future__ import annotations

import math
import tomllib
from pathlib import Path
from typing import Any

import numpy as np

from ..engine.ruleset import Ruleset
from ..errors import LifespinError

__all__ = ["KNOBS", "KNOB_DIR", "N_GENERIC", "KnobError", "knob_names", "knob_values",
           "load_knob_file"]

KNOB_DIR = Path(__file__).with_name("knobs")

# The generic knobs, in the order of the vector (knob_kernel.K_* are their
# indices; tests/fast/test_knob.py checks the two agree). What each does is
# documented in knobs/default.toml, next to its value.
KNOBS: tuple[str, ...] = (
    "est.tile_weight",
    "est.salary_weight",
    "start.college",
    "stock.cash",
    "stock.to_retire",
    "auto.cash",
    "home.cash",
    "loan.repay_cash",
    "loan.borrow_below",
    "tiles.trade_to_retire",
    "career2.to_retire",
    "career.switch_gain",
    "salary.tax_weight",
    "night.to_retire",
    "night.cash",
    "night.gain",
    "trade_salary.gain",
    "house.buy_gain",
    "house.cash",
    "house.sell_gain",
    "retire.estates_lead",
    "bet.cash",
    "bet.stake_share",
    "bet.boost",
    "cards.exempt",
    "cards.collect",
    "cards.pay",
    "target.tile_weight",
    "offer.cash",
    "offer.to_retire",
    "gamble.margin",
    "gamble.behind_weight",
    "revenge.send_back",
    "tycoon.deficit",
)
N_GENERIC = len(KNOBS)
_INDEX = {name: i for i, name in enumerate(KNOBS)}
FORK_FIELDS = ("branch", "behind")
NEVER = 1e18  # `behind` of a fork no knob names: never turn off


class KnobError(LifespinError, ValueError):
    """A knob set names an unknown knob, gives a bad value, or cannot be read."""


def knob_names() -> tuple[str, ...]:
    """The generic knob names, in vector order."""
    return KNOBS


def _flatten(table: dict[str, Any], prefix: str, out: dict[str, Any]) -> None:
    for key, value in table.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            _flatten(value, f"{name}.", out)
        else:
            out[name] = value


def _path(name_or_path: str | Path) -> Path:
    text = str(name_or_path)
    if isinstance(name_or_path, Path) or "/" in text or text.endswith(".toml"):
        return Path(name_or_path)
    return KNOB_DIR / f"{text}.toml"


def load_knob_file(name_or_path: str | Path) -> tuple[Path, dict[str, Any]]:
    """A knob set's keys, flattened to dotted names (``stock.cash``,
    ``edition.classic.fork.48.branch``), with its path.

    Raises:
        KnobError: no such file (naming the shipped sets), or not TOML.
    """
    path = _path(name_or_path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as e:
        shipped = ", ".join(sorted(p.stem for p in KNOB_DIR.glob("*.toml")))
        raise KnobError(f"knob set {str(name_or_path)!r}: cannot read {path} ({e.strerror}); "
                        f"shipped sets: {shipped}") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise KnobError(f"{path}: not valid TOML: {e}") from None
    flat: dict[str, Any] = {}
    _flatten(data, "", flat)
    return path, flat


def _number(path: Path, key: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise KnobError(f"{path}: {key} = {value!r} is not a number")
    x = float(value)
    if math.isnan(x):
        raise KnobError(f"{path}: {key} is NaN")
    return x


def _apply(path: Path, flat: dict[str, Any], rules: Ruleset, out: np.ndarray) -> None:
    """Set `out` from one file: generic knobs first, then this ruleset's
    edition table (so that it wins whatever order the file lists them in)."""
    mine: list[tuple[str, str, Any]] = []
    for key, value in flat.items():
        if key in _INDEX:
            out[_INDEX[key]] = _number(path, key, value)
            continue
        head, _, rest = key.partition(".")
        if head == "edition" and rest:
            edition, _, knob = rest.partition(".")
            if not knob:
                raise KnobError(f"{path}: {key}: an edition table holds knobs "
                                f"([edition.<id>] then knob = value)")
            mine.append((edition, knob, value))
            continue
        raise KnobError(f"{path}: unknown knob {key!r}; known: {', '.join(KNOBS)}, "
                        f"and edition.<id>.<knob>, edition.<id>.fork.<space>.branch|behind")
    for edition, knob, value in mine:
        key = f"edition.{edition}.{knob}"
        if knob in _INDEX:
            x = _number(path, key, value)
            if edition == rules.id:
                out[_INDEX[knob]] = x
            continue
        parts = knob.split(".")
        if len(parts) == 2 and parts[0] == "career":
            x = _number(path, key, value)
            if edition != rules.id:
                continue  # another edition's career: checked when that edition loads it
            if parts[1] not in rules.career_index:
                raise KnobError(f"{path}: {key}: {rules.id} has no career {parts[1]!r}; its "
                                f"careers: {', '.join(c.id for c in rules.careers) or 'none'}")
            out[N_GENERIC + 2 * len(rules.spaces) + rules.career_index[parts[1]]] = x
            continue
        if len(parts) != 3 or parts[0] != "fork" or parts[2] not in FORK_FIELDS:
            raise KnobError(f"{path}: unknown knob {key!r}; an edition table takes the "
                            f"generic knobs, fork.<space id>.branch|behind and "
                            f"career.<career id>")
        x = _number(path, key, value)
        if edition != rules.id:
            continue  # another edition's fork: checked when that edition loads it
        sid = parts[1]
        idx = rules.space_index.get(sid)
        if idx is None or len(rules.spaces[idx].next) < 2:
            forks = [sp.id for sp in rules.spaces if len(sp.next) > 1]
            raise KnobError(f"{path}: {key}: {rules.id} has no fork at space {sid!r}; "
                            f"its forks: {', '.join(forks) or 'none'}")
        if parts[2] == "branch":
            nxt = len(rules.spaces[idx].next)
            if x != int(x) or not 0 <= x < nxt:
                raise KnobError(f"{path}: {key} = {value!r}: a branch is an index from 0 "
                                f"to {nxt - 1} (the fork's next spaces, in order)")
            out[N_GENERIC + 2 * idx] = x
        else:
            out[N_GENERIC + 2 * idx + 1] = x


def knob_values(name_or_path: str | Path, rules: Ruleset) -> np.ndarray:
    """The knob vector of a knob set (a shipped name such as ``"default"``,
    or a path to a TOML file) for one ruleset: `N_GENERIC` generic values,
    then (branch, behind) for each space, then a bonus for each career.

    Raises:
        KnobError: the file cannot be read, names an unknown knob or a fork the
            ruleset lacks, or gives a value that is not a number (the message
            names the file and the key).
    """
    nsp = len(rules.spaces)
    out = np.zeros(N_GENERIC + 2 * nsp + len(rules.careers), np.float64)
    out[N_GENERIC + 1: N_GENERIC + 2 * nsp: 2] = NEVER
    base_path, base = load_knob_file("default")
    missing = [k for k in KNOBS if k not in base]
    if missing:
        raise KnobError(f"{base_path}: the default knob set lacks {', '.join(missing)}")
    _apply(base_path, base, rules, out)
    path = _path(name_or_path)
    if path.resolve() != base_path.resolve():
        path, flat = load_knob_file(name_or_path)
        _apply(path, flat, rules, out)
    return out
