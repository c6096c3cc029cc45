"""The knob policy as a bot of the reference engine (``knob``, ``knob:FILE``).

It plays exactly as the fast engine's knob policy (`lifespin.fast`, policy
``"knob"``): it builds the same feature vector from its seat's view that the
fast engine builds from its compiled state (`knob_kernel.fill_features`),
turns the legal actions into the compiled rows (`codes.from_action`), and
calls the same compiled `knob_choose`. Same features, same rows, same code:
the same choice (tests/fast/test_knob.py plays whole games both ways).

The knob set is a shipped name (``knob`` is ``knob:default``) or a TOML file
(`lifespin.fast.knob`). numba is imported on the first decision, not when
`lifespin.bots` is.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from ..engine import Action
from ..engine.player import RETIRE_NAMES
from ..engine.ruleset import Ruleset
from ..rng import Stream

__all__ = ["KnobBot", "features_from_view"]

_RETIRED = {name: code for code, name in RETIRE_NAMES.items()}


def features_from_view(view: dict[str, Any], rules: Ruleset) -> np.ndarray:
    """The knob policy's features of the seat whose view this is: the same
    numbers `knob_kernel.fill_features` reads from a compiled state."""
    from ..fast import knob_kernel as kk
    from ..fast.lower import _kinds

    players = view["players"]
    feat = np.empty(kk.n_features(len(players)), np.float64)
    feat[kk.F_SEAT] = view["seat"]
    feat[kk.F_N] = len(players)
    feat[kk.F_TILE_PILE] = view["piles"]["life_tiles"]
    feat[kk.F_ESTATES] = view["piles"]["estates_tiles"]
    kinds = _kinds(rules)
    houses = {h.id: i for i, h in enumerate(rules.houses)}
    for i, pv in enumerate(players):
        b = kk.N_HEAD + kk.N_SEAT_FEATURES * i
        bits = 0
        for k in pv["policies"]:
            bits |= 1 << kinds.index(k)
        row = {
            kk.Q_SPACE: rules.space_index[pv["space"]] if pv["space"] is not None else -1,
            kk.Q_CASH: pv["cash"],
            kk.Q_LOANS: pv["loans"],
            kk.Q_SALARY: pv["salary"] or 0,
            kk.Q_TAXES: pv["taxes"] or 0,
            kk.Q_CAREER: rules.career_index[pv["career"]] if pv["career"] else -1,
            kk.Q_CAREER2: (rules.career_index[pv["second_career"]]
                           if pv["second_career"] else -1),
            kk.Q_DEGREE: int(pv["degree"]),
            kk.Q_HOUSE: houses[pv["house"]] if pv["house"] is not None else -1,
            kk.Q_AUTO: int(pv["auto_insurance"]),
            kk.Q_HOME: int(pv["home_insurance"]),
            kk.Q_POLICIES: bits,
            kk.Q_NSTOCKS: len(pv["stocks"]),
            kk.Q_SPOUSE: int(pv["spouse"]),
            kk.Q_CHILDREN: pv["children"],
            kk.Q_TILES: pv["life_tiles"],
            kk.Q_RETIRED: _RETIRED.get(pv["retired"], 0),
            kk.Q_SKIP: int(pv["misses_next_turn"]),
            kk.Q_HAND: pv["wealth_cards"],
        }
        for field, value in row.items():
            feat[b + field] = value
    return feat


class KnobBot:
    """The knob policy (a knob set: ``"default"``, another shipped name, or a
    TOML path), deciding from its seat's view only."""

    needs_view = True

    def __init__(self, knobs: str | Path = "default", name: str | None = None) -> None:
        from ..fast.knob import load_knob_file

        load_knob_file(knobs)  # a missing or broken file fails here, naming it
        self.knobs = knobs
        self.name = name or ("knob" if str(knobs) == "default" else f"knob:{knobs}")

    def values(self, rules: Ruleset) -> np.ndarray:
        """This bot's knob vector for `rules` (kept on the ruleset's cache)."""
        from ..fast.knob import knob_values

        key = f"knob:{self.knobs}"
        cached = rules.cache.get(key)
        if cached is None:
            cached = rules.cache[key] = knob_values(self.knobs, rules)
        return np.asarray(cached)

    def act(
        self,
        view: dict[str, Any] | None,
        legal: Sequence[Action],
        rng: Stream,
        resample: Any = None,
        *,
        rules: Ruleset,
    ) -> Action:
        if len(legal) == 1:
            return legal[0]
        if view is None:
            raise ValueError("the knob bot decides from its seat's view; none was given")
        from ..fast import codes
        from ..fast.knob_kernel import knob_choose
        from ..fast.lower import lower_rules

        knobs = self.values(rules)  # reads the file once: its errors come first
        feat = features_from_view(view, rules)
        me = view["players"][view["seat"]]
        space = rules.space_index[me["space"]] if me["space"] is not None else -1
        la = np.array([codes.from_action(rules, a, space) for a in legal], np.int64)
        k = knob_choose(lower_rules(rules), feat, la, len(legal), knobs)
        return legal[int(k)]
