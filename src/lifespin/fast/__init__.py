"""The fast engine: the reference rules compiled with numba, bit-exact.

An edition is lowered to arrays (`lower.py`) and one compiled interpreter
(`kernel.py`) runs the closed vocabulary of effects, abilities, decisions and
chance nodes; whole games run with no Python per action (`play.py`), many per
call, on every core. For the same edition, house rules, seed and policy, game
i of `simulate` is the game `lifespin.sim.play_many` plays as its game i:
every action and every final worth (tests/fast/test_differential.py).

>>> import lifespin.fast
>>> r = lifespin.fast.simulate("classic", players=4, games=8, seed=1)
>>> r.worth.shape, int(r.wins.sum(axis=1).min()) >= 1
((8, 4), True)
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numba
import numpy as np

from ..editions import Edition, load_edition
from ..engine import State
from ..engine.ruleset import Ruleset
from ..errors import LifespinError
from . import codes, lower
from . import play as _play
from .knob import knob_values
from .knob_kernel import n_features
from .lower import FastRules, FastState, UnsupportedRule, lower_rules, lower_state

__all__ = [
    "FastError",
    "FastRules",
    "FastState",
    "Results",
    "UnsupportedRule",
    "lower_rules",
    "lower_state",
    "play_state",
    "policies_for",
    "simulate",
    "warm",
]

RANDOM = 0
KNOB = 1
POLICIES = {"random": RANDOM, "knob": KNOB}


class FastError(LifespinError):
    """A compiled game ended in an error (a rule that never ends, a stack overflow)."""


@dataclass
class Results:
    """Per-game arrays of a batch. Seats are columns; `parts` add up to `worth`."""

    edition: str
    players: int
    seed: int
    worth: np.ndarray  # (games, seats): the final count, as `State.results()`
    wins: np.ndarray  # (games, seats) bool: a winner (ties share)
    winner: np.ndarray  # (games,): the lowest winning seat, -1 if none
    actions: np.ndarray  # (games,): actions played (decisions and chance outcomes)
    turns: np.ndarray  # (games, seats): turns each seat took
    retired: np.ndarray  # (games, seats): 1 estates, 2 countryside, 3 poor farm, 4 acres
    children: np.ndarray  # (games, seats)
    married: np.ndarray  # (games, seats) bool
    start: np.ndarray  # (games, seats): index of the start space taken
    paydays: np.ndarray  # (games, seats)
    missed: np.ndarray  # (games, seats): turns missed
    parts: dict[str, np.ndarray]  # cash, house_sale, loans, life_tiles, estates_bonus
    choices: np.ndarray | None = None  # (games, seats, decision kinds) counts
    start_ids: tuple[str, ...] = field(default=())  # space id by space index (starts)

    @property
    def games(self) -> int:
        return int(self.worth.shape[0])

    def win_rate(self) -> np.ndarray:
        """Each seat's share of games won (a shared win counts for each)."""
        return np.asarray(self.wins.mean(axis=0))


def _ruleset(edition: str | Path | Edition | Ruleset, options: Mapping[str, Any] | None
             ) -> tuple[str, Ruleset]:
    if isinstance(edition, Ruleset):
        if options:
            raise ValueError("options go with an edition, not a ruleset")
        return edition.id, edition
    ed = load_edition(edition)
    return str(edition), ed.ruleset(options)


def policies_for(policy: str | Sequence[str], players: int, rules: Ruleset
                 ) -> tuple[np.ndarray, np.ndarray]:
    """Policy codes per seat and each seat's knob values."""
    names = [policy] * players if isinstance(policy, str) else list(policy)
    if len(names) != players:
        raise ValueError(f"{len(names)} policies for {players} seats")
    codes_ = np.zeros(players, np.int64)
    rows: list[np.ndarray | None] = []
    for i, name in enumerate(names):
        kind, _, arg = name.partition(":")
        if kind not in POLICIES:
            raise ValueError(f"unknown policy {name!r} for seat {i}; "
                             f"known: random, knob, knob:FILE")
        codes_[i] = POLICIES[kind]
        rows.append(knob_values(arg or "default", rules) if kind == "knob" else None)
    # Random seats get a row of zeros as long as the knob rows (one 2-D array).
    width = max((len(r) for r in rows if r is not None), default=1)
    out = np.zeros((players, width), np.float64)
    for i, row in enumerate(rows):
        if row is not None:
            out[i] = row
    return codes_, out


def _threads(jobs: int | None) -> int:
    limit: int = numba.config.NUMBA_NUM_THREADS  # type: ignore[attr-defined]
    return max(1, min(jobs or os.cpu_count() or 1, limit))


def simulate(
    edition: str | Path | Edition | Ruleset = "classic",
    players: int = 4,
    games: int = 1000,
    seed: int = 0,
    policy: str | Sequence[str] = "random",
    options: Mapping[str, Any] | None = None,
    jobs: int | None = None,
    *,
    first: int = 0,
    choices: bool = False,
    knobs: np.ndarray | None = None,
) -> Results:
    """Play `games` games in compiled code; game i is `sim.play_many`'s game
    ``first + i`` for the same edition, options, seed and policy.

    `policy`: ``"random"`` (the random bot), ``"knob"`` (the default knob
    set), ``"knob:FILE"``, or one per seat. `jobs`: threads (default all
    cores); the results do not depend on it. `choices`: also count each
    seat's decisions by kind (`codes.KIND_NAMES`). `knobs`: the knob vector
    of every seat (players x `len(knob_values(...))`), for knob seats whose
    values are not in a file (an experiment's arm).

    Raises:
        UnsupportedRule: the edition uses a rule the fast engine lacks.
        FastError: a game ended in an error (names the game and its seed).
    """
    if games < 0:
        raise ValueError(f"games must be >= 0, not {games}")
    name, rules = _ruleset(edition, options)
    rules.check_players(players)
    fr = lower_rules(rules)
    s0 = lower.new_state(rules, players)
    pol, kv = policies_for(policy, players, rules)
    if knobs is not None:
        knobs = np.asarray(knobs, np.float64)
        if knobs.ndim != 2 or knobs.shape[0] != players or (
                (pol == KNOB).any() and knobs.shape[1] != kv.shape[1]):
            raise ValueError(f"knobs must be {players} rows of {kv.shape[1]} values "
                             f"(knob_values for {rules.id}), not shape {knobs.shape}")
        kv = knobs
    seat_out = np.zeros((games, players, _play.N_SEAT_OUT), np.int64)
    game_out = np.zeros((games, _play.N_GAME_OUT), np.int64)
    ch = np.zeros((games if choices else 0, players, codes.N_DECISION_KINDS), np.int32)
    threads = _threads(jobs)
    chunk = max(1, min(256, games // (threads * 8) or 1))
    before = numba.get_num_threads()
    numba.set_num_threads(threads)
    try:
        _play.play_batch(fr, s0, np.uint64(seed & 0xFFFFFFFFFFFFFFFF), first, games, chunk,
                         pol, kv, seat_out, game_out, ch)
    finally:
        numba.set_num_threads(before)
    bad = np.nonzero(game_out[:, _play.GO_ERROR])[0]
    if bad.size:
        i = int(bad[0])
        raise FastError(f"{name}: game {first + i} of seed {seed} ended in error "
                        f"{int(game_out[i, _play.GO_ERROR])} (see fast/play.py ERR_*)")
    o = seat_out
    return Results(
        edition=name, players=players, seed=seed,
        worth=o[:, :, _play.O_WORTH], wins=o[:, :, _play.O_WIN].astype(bool),
        winner=game_out[:, _play.GO_WINNER], actions=game_out[:, _play.GO_ACTIONS],
        turns=o[:, :, _play.O_TURNS], retired=o[:, :, _play.O_RETIRED],
        children=o[:, :, _play.O_CHILDREN], married=o[:, :, _play.O_SPOUSE].astype(bool),
        start=o[:, :, _play.O_START], paydays=o[:, :, _play.O_PAYDAYS],
        missed=o[:, :, _play.O_MISSED],
        parts={"cash": o[:, :, _play.O_CASH], "house_sale": o[:, :, _play.O_HOUSE_SALE],
               "loans": o[:, :, _play.O_LOANS], "life_tiles": o[:, :, _play.O_TILES],
               "estates_bonus": o[:, :, _play.O_BONUS]},
        choices=ch if choices else None,
        start_ids=tuple(sp.id for sp in rules.spaces),
    )


def play_state(state: State, seed: int, policy: str | Sequence[str] = "random",
               trace: int = 0) -> tuple[FastState, np.ndarray]:
    """Play a reference state to the end in compiled code, as
    `sim.play_state(state, seed, bots)` would: the final compiled state and
    the actions taken (up to `trace` rows of kind, a, b)."""
    rules = state.rules
    fr = lower_rules(rules)
    fs = lower_state(state)
    pol, knobs = policies_for(policy, len(state.players), rules)
    la = np.empty((int(fr[lower.R_MAX_LEGAL]), 3), np.int64)
    top = np.empty(6, np.int64)
    tr = np.zeros((trace, 3), np.int64)
    none = np.zeros((0, codes.N_DECISION_KINDS), np.int32)
    feat = np.empty(n_features(len(state.players)), np.float64)
    played = _play.play(fr, fs, np.uint64(seed & 0xFFFFFFFFFFFFFFFF), pol, knobs, la, top,
                        tr, none, feat)
    return fs, tr[: min(played, trace)]


def warm() -> float:
    """Compile (or load from numba's disk cache) the kernels the server uses:
    whole games and the advisor's rollouts; the seconds it took."""
    import time

    from ..editions import new_game
    from .search import evaluate

    t = time.perf_counter()
    simulate("classic", players=2, games=2, seed=0, jobs=1)
    simulate("classic", players=2, games=2, seed=0, policy="knob", jobs=1)
    state = new_game("classic", 2)
    while state.current_player < 0:
        state = state.apply(state.chance_outcomes()[0])
    evaluate(state, state.current_player, state.legal_actions(), 2, jobs=1)
    return time.perf_counter() - t
