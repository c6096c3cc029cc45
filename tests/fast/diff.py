"""Playing the same games in the reference engine and the fast engine, and
saying where they part.

The tests in this folder use these helpers; none of them is a test itself.
A game is named by a `Case` (edition, seats, house rules), a policy and a
seed. On a mismatch the helpers name all of that and the first action where
the two engines part (its move number, the reference's action and the fast
engine's), so that the game can be replayed by hand:

    import lifespin, lifespin.fast
    from lifespin.sim.driver import batch_seed, play_state
    state = lifespin.new_game(EDITION, PLAYERS, OPTIONS)
    play_state(state, batch_seed(SEED, GAME)).history          # the reference
    lifespin.fast.play_state(state, batch_seed(SEED, GAME), trace=2000)  # the fast engine

How many games run: `LIFESPIN_DIFF_SEEDS` (seeds per edition in the bulk
check; the mid-game and step-by-step checks scale with it) and
`LIFESPIN_DIFF_SEED` (the base seed, for other games than the default run's).
"""

from __future__ import annotations

import dataclasses
import functools
import os
import zlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

import lifespin
import lifespin.fast
from lifespin.editions import load_edition
from lifespin.engine import CHANCE, Action, State
from lifespin.engine.ruleset import Ruleset
from lifespin.fast import codes, lower
from lifespin.fast import kernel as K
from lifespin.rng import derive_seed
from lifespin.sim.driver import play_state

ROOT = Path(__file__).resolve().parents[2]
WEEKEND = str(ROOT / "docs" / "examples" / "weekend.toml")

# The editions checked, by a short name for test ids.
EDITIONS: dict[str, str] = {
    "classic": "classic",
    "2005": "2005",
    "1960": "1960",
    "weekend": WEEKEND,
}

# Policies compared: each name is both `lifespin.fast.simulate`'s `policy` and
# the reference bot (`lifespin.bots.make_bot`) that plays it in the reference
# driver: the random bot and the knob policy (the default knob set); every
# check below runs for each.
POLICIES: tuple[str, ...] = ("random", "knob")

# Seeds per edition in the bulk check (split over the edition's cases). The
# weekend edition's games are short, so it gets more for the same time.
DEFAULT_SEEDS = {"classic": 2400, "2005": 2000, "1960": 2400, "weekend": 3000}
_override = int(os.environ.get("LIFESPIN_DIFF_SEEDS", "0") or 0)
BASE_SEED = int(os.environ.get("LIFESPIN_DIFF_SEED", "0") or 0)


def seeds_for(edition: str) -> int:
    """Seeds in the bulk check for an edition (LIFESPIN_DIFF_SEEDS overrides)."""
    return _override or DEFAULT_SEEDS[edition]


# House rules played together, beyond each house rule on its own (`cases`):
# settings that change play, mixed so that their interactions are played too.
COMBOS: dict[str, list[dict[str, Any]]] = {
    "classic": [
        {"loans": "when_short", "house_deeds": "free_choice", "night_school": "port",
         "occupied_space_rule": False, "shared_lead": False},
        {"wheel_misspins": True, "consultant_own_spin": True, "entertainer_spins": "game",
         "pension": "per_spin", "college_loan_cash": True},
        {"bonus_tile_from_players": False, "countryside_tile": False,
         "space_values": "csharp_port", "house_deeds": "draw_two", "start_cash": 0},
        {"life_tile_values": "ported", "police_fine": "5000", "auto_insurance": "10000",
         "loans": "when_short", "wheel_misspins": True},
    ],
    "2005": [
        {"shared_bet_numbers": True, "police_ability": True, "occupied_space_rule": False,
         "house_deeds": "free_choice"},
        {"retirement_tiles": "gen2", "bonus_tile_from_players": False,
         "life_tile_values": "gen2", "college_draw": "2", "college_loan_cash": True},
        {"space_values": "ocaml", "start_cash": 0, "shared_bet_numbers": True},
    ],
    "1960": [
        {"auto_insurance_offer": "every_turn", "money_scale": "1960",
         "occupied_space_rule": False},
        {"tycoon": False, "auto_insurance_offer": "every_turn", "start_cash": 0},
    ],
    "weekend": [
        {"stall_price": "6000", "start_cash": 0},
    ],
}


# Rules no shipped edition plays (more stocks, a small car, one note a turn,
# misspins on another wheel, ...): the edition's ruleset with these fields
# replaced, as a user-written edition might set them. The fast engine must
# read every rule from the data, not from what the shipped editions happen to use.
TWEAKS: dict[str, list[dict[str, Any]]] = {
    "classic": [
        {"max_stocks": 3, "car_capacity": 3, "borrow_limit": 1, "estates_tiles": 1},
        {"house_draw": 3, "loan_amount": 50000, "loan_payback": 55000,
         "stock_payout": 100000, "countryside_tiles": 3, "estates_retire_tiles": 1},
    ],
    "2005": [
        {"max_stocks": 2, "estates_tiles": 0, "wealth_hand": 1, "wealth_threshold": 1},
        {"car_capacity": 2, "borrow_limit": 0, "house_draw": 1, "misspin_weight": 1},
    ],
    "1960": [
        {"auto_insurance_offer": "every_turn", "max_stocks": 2, "misspin_weight": 2,
         "car_capacity": 2},
    ],
    "weekend": [
        {"misspin_weight": 1, "car_capacity": 2, "max_stocks": 3, "house_draw": 0},
    ],
}


@functools.cache
def _ruleset(edition: str, options: tuple[tuple[str, Any], ...],
             tweaks: tuple[tuple[str, Any], ...]) -> Ruleset:
    # One object per case: both engines keep their tables on the ruleset.
    rules = load_edition(edition).ruleset(dict(options))
    return dataclasses.replace(rules, cache={}, **dict(tweaks)) if tweaks else rules


@dataclass(frozen=True)
class Case:
    """One edition, seat count and set of house rules (and perhaps rules
    changed beyond any house rule: `TWEAKS`)."""

    name: str  # the edition's short name (EDITIONS)
    players: int
    options: tuple[tuple[str, Any], ...] = ()
    tweaks: tuple[tuple[str, Any], ...] = ()

    @property
    def edition(self) -> str:
        return EDITIONS[self.name]

    @property
    def opts(self) -> dict[str, Any]:
        return dict(self.options)

    @property
    def rules(self) -> Ruleset:
        return _ruleset(self.edition, self.options, self.tweaks)

    def simulate_args(self) -> tuple[str | Ruleset, dict[str, Any] | None]:
        """What `lifespin.fast.simulate` is given: the edition and its house
        rules, or the changed ruleset itself."""
        return (self.rules, None) if self.tweaks else (self.edition, self.opts)

    def __str__(self) -> str:
        rules = ",".join(f"{k}={v}" for k, v in self.options) or "default"
        tweaks = ",".join(f"{k}={v}" for k, v in self.tweaks)
        return f"{self.name}-{self.players}p-{rules}" + (f"-ruleset:{tweaks}" if tweaks else "")

    def describe(self) -> str:
        out = f"edition {self.edition!r}, {self.players} players, options {self.opts}"
        if self.tweaks:
            out += f", ruleset fields replaced: {dict(self.tweaks)}"
        return out

    def seed(self, policy: str, salt: int = 0) -> int:
        """The batch seed of this case: stable across runs, different per case."""
        return derive_seed(BASE_SEED, zlib.crc32(f"{self}|{policy}".encode()), salt)

    def new_game(self) -> State:
        return State.initial(self.rules, tuple(f"Player {i + 1}" for i in range(self.players)))


def _settings(name: str) -> list[dict[str, Any]]:
    """Each house rule of the edition on its own, at every value other than
    its default (an int rule at its minimum), then the combinations."""
    out: list[dict[str, Any]] = []
    for opt_name, opt in load_edition(EDITIONS[name]).file.options.items():
        if opt.type == "choice":
            values: list[Any] = [v for v in opt.choices if v != opt.default]
        elif opt.type == "bool":
            values = [not opt.default]
        else:
            values = [opt.min] if opt.min is not None and opt.min != opt.default else []
        out.extend({opt_name: v} for v in values)
    return out + COMBOS[name]


def cases(name: str) -> list[Case]:
    """The edition's cases: default rules at every seat count (and solo), then
    each house rule setting at seat counts taken in turn."""
    rules = load_edition(EDITIONS[name]).ruleset()
    counts = list(range(rules.min_players, rules.max_players + 1))
    # A solo game too: both engines seat one player (nobody to sue, to trade
    # salaries with or to take a tile from).
    out = [Case(name, n) for n in (1, *counts)]
    for i, opts in enumerate(_settings(name)):
        out.append(Case(name, counts[i % len(counts)], tuple(sorted(opts.items()))))
    for i, tweaks in enumerate(TWEAKS[name]):
        out.append(Case(name, counts[-1 - i % len(counts)], (), tuple(sorted(tweaks.items()))))
    return out


def all_cases() -> list[Case]:
    return [c for name in EDITIONS for c in cases(name)]


def bots_for(policy: str, players: int) -> list[str]:
    return [policy] * players


# ---------------------------------------------------------------- reference games


@dataclass
class RefGame:
    start: State
    final: State
    choices: np.ndarray  # (seats, decision kinds): decisions taken, by kind
    states: list[State]  # every state after `start`, when kept

    @property
    def actions(self) -> tuple[Action, ...]:
        """The actions played from `start` (a resampled start keeps no history)."""
        return self.final.history[len(self.start.history):]


def play_reference(case: Case, seed: int, policy: str, keep_states: bool = False,
                   start: State | None = None) -> RefGame:
    """The reference driver's game (`sim.play_state`), counting each seat's
    decisions by compiled kind."""
    s0 = start if start is not None else case.new_game()
    rules = s0.rules
    choices = np.zeros((case.players, codes.N_DECISION_KINDS), np.int64)

    def count(state: State, action: Action) -> None:
        choices[state.current_player, codes.from_action(rules, action)[0]] += 1

    states: list[State] = []
    final = play_state(s0, seed, bots_for(policy, case.players), count,
                       states.append if keep_states else None)
    return RefGame(s0, final, choices, states)


def reference_row(final: State) -> dict[str, list[int]]:
    """What `lifespin.fast.Results` holds of one game, read from the reference."""
    res = sorted(final.results(), key=lambda row: row["seat"])
    ps = final.players
    out: dict[str, list[int]] = {
        "actions": [final.move_number],
        "worth": [row["worth"] for row in res],
        "wins": [int(row["winner"]) for row in res],
        "winner": [next((row["seat"] for row in res if row["winner"]), -1)],
        "turns": [p.turns for p in ps],
        "retired": [int(p.retired) for p in ps],
        "children": [p.children for p in ps],
        "married": [int(p.spouse) for p in ps],
        "start": [p.path for p in ps],
        "paydays": [p.paydays for p in ps],
        "missed": [p.missed for p in ps],
    }
    for part in ("cash", "house_sale", "loans", "life_tiles", "estates_bonus"):
        out[f"parts.{part}"] = [row["breakdown"][part] for row in res]
    return out


def fast_row(r: lifespin.fast.Results, i: int) -> dict[str, list[int]]:
    out: dict[str, list[int]] = {
        "actions": [int(r.actions[i])],
        "worth": r.worth[i].tolist(),
        "wins": r.wins[i].astype(int).tolist(),
        "winner": [int(r.winner[i])],
        "turns": r.turns[i].tolist(),
        "retired": r.retired[i].tolist(),
        "children": r.children[i].tolist(),
        "married": r.married[i].astype(int).tolist(),
        "start": r.start[i].tolist(),
        "paydays": r.paydays[i].tolist(),
        "missed": r.missed[i].tolist(),
    }
    for part, arr in r.parts.items():
        out[f"parts.{part}"] = arr[i].tolist()
    return out


def row_differences(want: Mapping[str, list[int]], got: Mapping[str, list[int]]) -> list[str]:
    return [f"{k}: reference {want[k]}, fast {got.get(k)}" for k in want if got.get(k) != want[k]]


# ---------------------------------------------------------------- where two games part


def _action(rules: Any, row: Sequence[int]) -> Action | str:
    """A compiled action as the reference's, or described if it has no
    reference form (a kernel bug can produce one)."""
    kind, a, b = (int(x) for x in row)
    try:
        return codes.to_action(rules, kind, a, b)
    except (IndexError, ValueError, KeyError):
        return f"<compiled action {kind}, {a}, {b}>"


def _show(rules: Any, row: Sequence[int]) -> str:
    return str(_action(rules, row))


def fast_actions(state: State, seed: int, policy: str, limit: int
                 ) -> tuple[lower.FastState, list[Action | str]]:
    """The fast engine's actions from `state` (at most `limit`), as reference
    actions where they have one."""
    fs, trace = lifespin.fast.play_state(state, seed, bots_for(policy, len(state.players)),
                                         trace=limit)
    return fs, [_action(state.rules, row) for row in trace]


def first_divergence(state: State, seed: int, policy: str, expected: Sequence[Action]
                     ) -> str | None:
    """Where the fast engine, playing `state` with `seed`, first parts from the
    reference's actions `expected` (None: it plays exactly those). An action
    that differs often follows a state that already did (an effect applied
    differently draws no different action until later): the report names the
    first step whose compiled state differs too."""
    _, got = fast_actions(state, seed, policy, len(expected) + 1)
    k = next((j for j, (want, have) in enumerate(zip(expected, got, strict=False))
              if want != have), min(len(expected), len(got)))
    if k == len(expected) == len(got):
        return None
    states = [state]
    for action in expected[:k]:
        states.append(states[-1].apply(action))
    at = states[-1]
    if k < len(expected) and k < len(got):
        where = (f"first diverging action at move {at.move_number} "
                 f"(task {at.tasks[-1]!r}): expected {expected[k]}, got {got[k]}"
                 + _options_at(at))
    else:
        fast = "more" if len(got) > len(expected) else str(len(got))
        where = (f"the reference played {len(expected)} actions from move "
                 f"{state.move_number}; the fast engine {fast}")
    for j in range(k):
        diff = step_difference(states[j], expected[j], states[j + 1])
        if diff:
            return (f"{where}; the states first differ at move {states[j].move_number} "
                    f"(task {states[j].tasks[-1]!r}): {diff}")
    return where


def choice_differences(want: np.ndarray, got: np.ndarray) -> list[str]:
    """Decisions by seat and kind where two counts differ."""
    return [f"seat {seat} {codes.KIND_NAMES[kind]}: reference {want[seat, kind]}, "
            f"fast {got[seat, kind]}" for seat, kind in np.argwhere(want != got)]


def _options_at(state: State) -> str:
    """What each engine offers at `state`: the legal actions, or the number of
    chance outcomes (the pick is `outcomes[u % n]`, so a different n or order
    parts the games)."""
    rules = state.rules
    fr = lower.lower_rules(rules)
    fs = lower.lower_state(state)
    if state.current_player == CHANCE:
        n = int(K.chance_count(fr, fs))
        outs = state.chance_outcomes()
        return f"; chance outcomes: reference {len(outs)}, fast {n}"
    la = np.empty((int(fr[lower.R_MAX_LEGAL]), 3), np.int64)
    n = int(K.legal(fr, fs, la))
    mine = [_show(rules, la[i]) for i in range(n)]
    ref = [str(a) for a in state.legal_actions()]
    if mine == ref:
        return f"; both offer {ref}"
    return f"; legal actions: reference {ref}, fast {mine}"


# ---------------------------------------------------------------- state by state


def _names(prefix: str) -> dict[int, str]:
    return {v: k for k, v in vars(lower).items()
            if k.startswith(prefix) and isinstance(v, int) and not k.startswith("N_")}


# The game scalars and player columns by name, for reports.
_G_NAMES = _names("G_")
_PF_NAMES = _names("PF_")


def _place(field: str, at: Sequence[int]) -> str:
    if field == "g":
        return _G_NAMES.get(at[0], str(at[0]))
    if field == "pl":
        return f"seat {at[0]} {_PF_NAMES.get(at[1], str(at[1]))}"
    return f"{field}{list(at)}"


def state_difference(got: lower.FastState, want: lower.FastState) -> str | None:
    """The first field where two compiled states holding a game differ, with
    the places that differ (up to five): fast value, reference value."""
    a = lower.state_views(lower.canonical(got))
    b = lower.state_views(lower.canonical(want))
    for f in a._fields:
        x, y = getattr(a, f), getattr(b, f)
        if x.shape != y.shape:
            return f"{f}: shape {x.shape}, reference {y.shape}"
        if f == "stack" and not np.array_equal(x, y):
            row = int(np.argwhere((x != y).any(axis=1))[0][0])
            return (f"stack row {row}: fast {codes.describe_task(x[row])}, "
                    f"reference {codes.describe_task(y[row])}")
        if not np.array_equal(x, y):
            places = [f"{_place(f, at)} fast {x[tuple(at)]} reference {y[tuple(at)]}"
                      for at in np.argwhere(x != y).tolist()[:5]]
            return f"{f}: " + ", ".join(places)
    return None


def step_difference(prev: State, action: Action, nxt: State) -> str | None:
    """Apply `action` to the lowered `prev` in the compiled kernel and compare
    with the lowered `nxt`: the same legal actions (or chance outcomes), the
    same compiled action, the same state after. None when all agree."""
    rules = prev.rules
    fr = lower.lower_rules(rules)
    fs = lower.lower_state(prev)
    top = np.empty(6, np.int64)
    if prev.current_player == CHANCE:
        outs = prev.chance_outcomes()
        n = int(K.chance_count(fr, fs))
        if n != len(outs):
            return f"chance outcomes: reference {len(outs)}, fast {n}"
        kind, value = K.chance_outcome(fr, fs, outs.index(action))
        mine = codes.to_action(rules, int(kind), int(value), 0)
        if mine != action:
            return f"chance outcome {outs.index(action)}: reference {action}, fast {mine}"
        K.apply_chance(fr, fs, top, value)
    else:
        legal = prev.legal_actions()
        la = np.empty((int(fr[lower.R_MAX_LEGAL]), 3), np.int64)
        n = int(K.legal(fr, fs, la))
        mine_legal = [_show(rules, la[i]) for i in range(n)]
        if mine_legal != [str(a) for a in legal]:
            return f"legal actions: reference {[str(a) for a in legal]}, fast {mine_legal}"
        k = legal.index(action)
        K.apply_decision(fr, fs, top, la[k, 0], la[k, 1], la[k, 2])
    diff = state_difference(fs, lower.lower_state(nxt))
    return f"after {action}: {diff}" if diff else None


def every_step(game: RefGame) -> str | None:
    """The first step of a reference game the kernel does differently."""
    prev = game.start
    for action, nxt in zip(game.actions, game.states, strict=True):
        diff = step_difference(prev, action, nxt)
        if diff:
            return f"move {prev.move_number} (task {prev.tasks[-1]!r}): {diff}"
        prev = nxt
    return None


def report(case: Case, policy: str, what: str, lines: Sequence[str],
           more: Callable[[], str] | None = None) -> str:
    head = f"{what}: {case.describe()}, policy {policy!r}"
    body = "\n  ".join(lines)
    return f"{head}\n  {body}" + (f"\n  {more()}" if more else "")
