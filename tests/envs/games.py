"""Games the envs tests share: random playthroughs of every edition, kept.

Not a test module: the tests in this folder import it.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import lifespin
from lifespin.engine import State
from lifespin.engine.ruleset import Ruleset
from lifespin.envs.spaces import ruleset_of
from lifespin.rng import Stream

ROOT = Path(__file__).resolve().parents[2]
WEEKEND = str(ROOT / "docs" / "examples" / "weekend.toml")
EDITIONS = {"classic": "classic", "2005": "2005", "1960": "1960", "weekend": WEEKEND}

# (test id, edition key, players, house rules): every edition, small and
# large tables, and a house rule that changes the numbering (the misspin).
CASES: list[tuple[str, str, int, dict[str, Any]]] = [
    ("classic-4", "classic", 4, {}),
    ("classic-2-misspins", "classic", 2, {"wheel_misspins": True}),
    ("2005-4", "2005", 4, {}),
    ("2005-3", "2005", 3, {}),
    ("1960-4", "1960", 4, {}),
    ("1960-6", "1960", 6, {}),
    ("weekend-3", "weekend", 3, {}),
]
CASE_IDS = [c[0] for c in CASES]


def rules(edition: str, options: Mapping[str, Any] | None = None) -> Ruleset:
    if not options:
        return ruleset_of(EDITIONS[edition])
    return lifespin.load_edition(EDITIONS[edition]).ruleset(options)


@functools.lru_cache(maxsize=64)
def _states(edition: str, players: int, seed: int, options: tuple[tuple[str, Any], ...]
            ) -> tuple[State, ...]:
    s = lifespin.new_game(EDITIONS[edition], players, dict(options))
    rng = Stream(seed)
    out = [s]
    while s.tasks:
        moves = s.chance_outcomes() if s.current_player < 0 else s.legal_actions()
        s = s.apply(rng.pick(moves))
        out.append(s)
    return tuple(out)


def playthrough(edition: str, players: int, seed: int,
                options: Mapping[str, Any] | None = None) -> tuple[State, ...]:
    """Every state of one game, chance and decisions picked at random from
    Stream(seed) (kept: several tests walk the same games)."""
    return _states(edition, players, seed, tuple(sorted((options or {}).items())))
