"""The fixed action numbering of an edition at a table size.

Every door (PettingZoo, Gymnasium, OpenSpiel, the compiled vector env) numbers
actions the same way: `action_space(edition, players)` lists every decision
the edition can ever offer at that table size, derived from its data (start
spaces, fork targets, careers, salary cards, houses, stocks, seats, bet
numbers and stakes, insurance spaces, ...), in the fast engine's action kinds
(`lifespin.fast.codes`, ``A_*``) order and then by argument, and numbers them
0..n-1. Chance outcomes (``C_*``: spin values, including the misspin 0 where
the wheel has one, LIFE tiles, careers, salary cards, houses and Share the
Wealth cards dealt) have a numbering of their own, 0..n_chance-1.

The numbering depends only on the ruleset (edition and house rules) and the
number of players, never on a game's state, so an agent's output layer is
fixed; `mask(state)` says which numbers are legal now.

>>> import lifespin
>>> space = action_space("classic", 4)
>>> s = lifespin.new_game("classic", 4)
>>> while s.current_player < 0:
...     s = s.apply(s.chance_outcomes()[0])
>>> [space.action(i) for i in map(int, space.mask(s).nonzero()[0])] == s.legal_actions()
True
>>> space.index(s.legal_actions()[0]), str(space.action(0))
(0, 'start:college')

Compiled (numba, usable from other kernels):

- ``index_of(lookup, kind, a, b)``: the decision index (or chance index, for
  a ``C_*`` kind) of the compiled action ``(kind, a, b)``, -1 when it is not
  in the space. O(1): `lookup` holds, per kind, a base, the lowest `a` and
  how many, the lowest ``b // b_div`` and how many and ``b_div``, then a dense
  table of indices.
- ``fill_mask(R, S, lookup, la, out)``: the legal actions of S (`la` is
  scratch room, ``(R[R_MAX_LEGAL], 3)`` int64) as 0/1 in `out` (int8, at
  least `n` long); returns how many legal actions (0 at a chance node or at
  the end; -1 if a legal action is not in the space, which a test rules out).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import reduce
from math import gcd
from pathlib import Path

import numpy as np

from ..editions import Edition, load_edition
from ..engine import Action, State
from ..engine import tasks as tk
from ..engine.ruleset import Ruleset
from ..fast import codes as c
from ..fast.kernel import current, kernel, legal

__all__ = ["ActionSpace", "action_space", "fill_mask", "index_of", "ruleset_of"]

# Header of `lookup`: one row per kind (decision and chance kinds alike).
H_BASE, H_A_LO, H_NA, H_B_LO, H_NB, H_B_DIV = range(6)
H_WIDTH = 6


@kernel
def index_of(lookup, kind, a, b):  # type: ignore[no-untyped-def]
    """The index of ``(kind, a, b)`` in the space whose table is `lookup`, -1 if none."""
    if kind < 0 or kind >= c.N_KINDS:
        return -1
    h = kind * H_WIDTH
    na = lookup[h + H_NA]
    ia = a - lookup[h + H_A_LO]
    if na == 0 or ia < 0 or ia >= na:
        return -1
    div = lookup[h + H_B_DIV]
    if b % div != 0:
        return -1
    ib = b // div - lookup[h + H_B_LO]
    nb = lookup[h + H_NB]
    if ib < 0 or ib >= nb:
        return -1
    return lookup[lookup[h + H_BASE] + ia * nb + ib]


@kernel
def fill_mask(R, S, lookup, la, out):  # type: ignore[no-untyped-def]
    """The legal actions of S as 0/1 in `out`; how many (-1: one is not in the space)."""
    for i in range(out.shape[0]):
        out[i] = 0
    if current(S) < 0:
        return 0
    n = legal(R, S, la)
    bad = False
    for k in range(n):
        i = index_of(lookup, la[k, 0], la[k, 1], la[k, 2])
        if i < 0:
            bad = True
        else:
            out[i] = 1
    return -1 if bad else n


def ruleset_of(edition: str | Path | Edition | Ruleset) -> Ruleset:
    """The ruleset of an edition (by name, path or Edition: its default house
    rules) or the ruleset itself."""
    if isinstance(edition, Ruleset):
        return edition
    return load_edition(edition).ruleset(None)


def _decisions(r: Ruleset, players: int) -> list[tuple[int, int, int]]:
    """Every decision the ruleset can offer at this table size, in kind order."""
    effects = {sp.effect for sp in r.spaces}
    triggers = {ab.trigger for car in r.careers for ab in car.abilities}
    wealth = {w.kind for w in r.wealth_cards}
    seats = range(players)
    ncar, nsal, nh, nst = len(r.careers), len(r.salary_amounts), len(r.houses), len(r.stock_ids)
    numbers = range(1, r.spinner + 1)
    out: list[tuple[int, int, int]] = []

    def add(kind: int, args: Iterable[tuple[int, int]] = ((0, 0),), when: bool = True
            ) -> None:
        if when:
            out.extend((kind, a, b) for a, b in sorted(set(args)))

    def one(values: Iterable[int]) -> list[tuple[int, int]]:
        return [(int(v), 0) for v in values]

    forks = {t for sp in r.spaces if len(sp.next) > 1 for t in sp.next}
    bets = {(x, stake) for sp in r.spaces if sp.effect == "spin_to_win" and sp.bet_step > 0
            for x in numbers for stake in range(sp.bet_step, sp.max_bet + 1, sp.bet_step)}
    night = [sp for sp in r.spaces if sp.effect == "night_school"]
    retire = [sp for sp in r.spaces if sp.effect == "retire"]
    gambles = [sp for sp in r.spaces if sp.effect == "gamble"]
    add(c.A_START, one(r.starts))
    add(c.A_SPIN)
    add(c.A_BUY_STOCK, one(range(nst)))
    add(c.A_BUY_AUTO, when=r.auto_insurance_price > 0)
    add(c.A_BUY_HOME, when=any(h.insurance > 0 for h in r.houses))
    add(c.A_REPAY, when=r.loan_payback > 0)
    add(c.A_BORROW, when=r.borrow_limit > 0)
    add(c.A_TRADE_TILES, when="tiles_for_salary" in triggers)
    add(c.A_SECOND_CAREER, when="second_career" in triggers)
    add(c.A_BRANCH, one(forks))
    add(c.A_TAKE_FROM, one(seats), when=bool(r.tile_values))
    add(c.A_CHOOSE_CAREER, one(range(ncar)),  # the effects that deal careers to choose from
        when=bool(effects & {"career_choice", "lose_job", "graduate", "night_school"}))
    add(c.A_KEEP_CAREER, when=any(sp.pay_first for sp in night))
    add(c.A_TAKE_RAISE, when="graduate" in effects)
    add(c.A_CHOOSE_SALARY, one(range(nsal)))
    add(c.A_NIGHT_SCHOOL, when=any(sp.pay_first for sp in night))
    add(c.A_NIGHT_JOB, [(car, sal) for car in range(ncar) for sal in range(-1, nsal)],
        when=any(not sp.pay_first for sp in night))
    add(c.A_SKIP)
    add(c.A_TRADE_SALARY, one(seats), when="trade_salary" in effects)
    add(c.A_BUY_HOUSE, one(range(nh)))
    add(c.A_SELL_HOUSE, when="sell_buy_house" in effects)
    add(c.A_FREE_STOCK, one(range(nst)), when="stock_soars" in effects)
    add(c.A_RETURN_STOCK, one(range(nst)), when="stock_crash" in effects)
    add(c.A_RETIRE, one((0, 1)), when=any(sp.choose_place for sp in retire))
    add(c.A_BET, bets)
    add(c.A_PLAY_BOOST, when=bool(bets) and "boost" in wealth)
    add(c.A_TOKEN, one(numbers), when=bool(bets) and "boost" in wealth)
    add(c.A_SUE, one(seats), when="lawsuit" in effects)
    add(c.A_PLAY_EXEMPTION, when="exemption" in wealth)
    add(c.A_PLAY_COLLECT, when="collect" in wealth)
    add(c.A_PAY_CARD, one(seats), when="pay" in wealth)
    add(c.A_BUY_POLICY, one(sp.index for sp in r.spaces if sp.effect == "offer_insurance"))
    add(c.A_KEEP, when=any(sp.sure for sp in gambles))
    add(c.A_GAMBLE, when=bool(gambles))
    add(c.A_TAKE_MONEY, one(seats), when="revenge" in effects)
    add(c.A_SEND_BACK, one(seats), when="revenge" in effects)
    tycoon = any(sp.tycoon for sp in r.spaces if sp.effect == "reckoning")
    add(c.A_ACRES, when=tycoon)
    add(c.A_TYCOON, one(numbers), when=tycoon)
    add(c.A_LUCKY, one(numbers),
        when=any(sp.lucky_fine and not sp.choose_place for sp in retire))
    return out


def _chances(r: Ruleset) -> list[tuple[int, int, int]]:
    """Every chance outcome of the ruleset, in kind order."""
    spun = range(0 if r.misspin_weight else 1, r.spinner + 1)
    nt, ncar, nsal = len(r.tile_values), len(r.careers), len(r.salary_amounts)
    rows = [(c.C_SPUN, v) for v in spun]
    rows += [(c.C_DRAW_TILE, t) for t in range(nt)] + [(c.C_TAKE_TILE, t) for t in range(nt)]
    rows += [(c.C_DEAL_CAREER, i) for i in range(ncar)]
    rows += [(c.C_DEAL_SALARY, i) for i in range(nsal)]
    rows += [(c.C_DEAL_HOUSE, i) for i in range(len(r.houses))]
    rows += [(c.C_DRAW_WEALTH, i) for i in range(len(r.wealth_cards))]
    return [(k, a, 0) for k, a in rows]


def _lookup(decisions: np.ndarray, chances: np.ndarray) -> np.ndarray:
    head = np.zeros((c.N_KINDS, H_WIDTH), np.int64)
    head[:, H_B_DIV] = 1
    tables: list[np.ndarray] = []
    at = c.N_KINDS * H_WIDTH
    for codes_ in (decisions, chances):
        for kind in np.unique(codes_[:, 0]) if len(codes_) else ():
            rows = np.nonzero(codes_[:, 0] == kind)[0]
            a = codes_[rows, 1]
            b = codes_[rows, 2]
            div = reduce(gcd, (int(x) for x in b if x), 0) or 1
            bq = b // div
            a_lo, b_lo = int(a.min()), int(bq.min())
            na, nb = int(a.max()) - a_lo + 1, int(bq.max()) - b_lo + 1
            table = np.full(na * nb, -1, np.int64)
            table[(a - a_lo) * nb + (bq - b_lo)] = rows
            head[kind] = (at, a_lo, na, b_lo, nb, div)
            tables.append(table)
            at += table.size
    return np.concatenate([head.ravel(), *tables]).astype(np.int64)


def _seat_words(r: Ruleset, kind: int, a: int, b: int) -> str:
    sp = r.spaces
    if kind == c.A_START:
        return f"start on {sp[a].label!r} (space {sp[a].id})"
    if kind == c.A_BRANCH:
        return f"at a fork, go to {sp[a].label!r} (space {sp[a].id})"
    if kind in (c.A_CHOOSE_CAREER, c.C_DEAL_CAREER):
        verb = "choose" if kind == c.A_CHOOSE_CAREER else "dealt"
        return f"{verb} the career {r.careers[a].name}"
    if kind in (c.A_CHOOSE_SALARY, c.C_DEAL_SALARY):
        verb = "choose" if kind == c.A_CHOOSE_SALARY else "dealt"
        return f"{verb} the salary card {r.salary_ids[a]} (${r.salary_amounts[a]:,})"
    if kind == c.A_NIGHT_JOB:
        card = f" with salary card {r.salary_ids[b]}" if b >= 0 else " (no salary card)"
        return f"night school: take the career {r.careers[a].name}{card}"
    if kind in (c.A_BUY_STOCK, c.A_FREE_STOCK, c.A_RETURN_STOCK):
        what = {c.A_BUY_STOCK: "buy", c.A_FREE_STOCK: "take free", c.A_RETURN_STOCK: "return"}
        return f"{what[kind]} stock {r.stock_ids[a]} (number {r.stock_numbers[a]})"
    if kind in (c.A_BUY_HOUSE, c.C_DEAL_HOUSE):
        verb = "buy" if kind == c.A_BUY_HOUSE else "dealt"
        return f"{verb} the house {r.houses[a].name} (${r.houses[a].price:,})"
    if kind == c.A_BET:
        return f"Spin to Win: bet ${b:,} on {a}"
    if kind == c.A_RETIRE:
        return "retire to Countryside Acres" if a else "retire to Millionaire Estates"
    if kind == c.A_BUY_POLICY:
        return f"buy the {sp[a].kind} policy offered on space {sp[a].id}"
    if kind == c.C_SPUN:
        return "the wheel falls between numbers (spin again)" if a == 0 else f"spun {a}"
    if kind in (c.C_DRAW_TILE, c.C_TAKE_TILE):
        return f"LIFE tile #{a} ({'drawn' if kind == c.C_DRAW_TILE else 'taken'})"
    if kind == c.C_DRAW_WEALTH:
        w = r.wealth_cards[a]
        return f"Share the Wealth card {w.id} ({w.kind})"
    seat_kinds = {c.A_TAKE_FROM: "take a LIFE tile from seat", c.A_TRADE_SALARY:
                  "trade salaries with seat", c.A_SUE: "sue seat", c.A_PAY_CARD:
                  "pass the payment to seat", c.A_TAKE_MONEY: "take money from seat",
                  c.A_SEND_BACK: "send back seat"}
    if kind in seat_kinds:
        return f"{seat_kinds[kind]} {a}"
    numbered = {c.A_TOKEN: "place a token on", c.A_TYCOON: "gamble for Tycoon on",
                c.A_LUCKY: "choose the lucky number"}
    if kind in numbered:
        return f"{numbered[kind]} {a}"
    return c.KIND_NAMES[kind].replace("_", " ").replace(":", ": ")


@dataclass(eq=False)
class ActionSpace:
    """The fixed numbering of decisions and chance outcomes of one ruleset at
    one table size. Build it with `action_space` (cached)."""

    rules: Ruleset
    players: int
    codes: np.ndarray = field(repr=False)  # (n, 3) int64: (kind, a, b) per index
    chance_codes: np.ndarray = field(repr=False)  # (n_chance, 3) int64
    lookup: np.ndarray = field(repr=False)  # int64 table for index_of

    @property
    def n(self) -> int:
        """Decision actions, numbered 0..n-1."""
        return int(self.codes.shape[0])

    @property
    def n_chance(self) -> int:
        """Chance outcomes, numbered 0..n_chance-1."""
        return int(self.chance_codes.shape[0])

    def code_index(self, kind: int, a: int, b: int = 0) -> int:
        """The index of a compiled action (decision or chance); -1 if none."""
        return int(index_of(self.lookup, kind, a, b))

    def _code(self, action: Action, state: State | None) -> tuple[int, int, int]:
        r = self.rules
        space = -1
        if action.kind == "buy_policy":
            if state is not None and state.tasks and isinstance(state.tasks[-1], tk.Offer):
                space = state.tasks[-1].space
            else:
                where = [int(a) for k, a, _ in self.codes if k == c.A_BUY_POLICY
                         and r.spaces[int(a)].kind == action.arg]
                if len(where) != 1:
                    raise ValueError(f"{action}: offered on {len(where)} spaces of {r.id}; "
                                     f"pass the state that offers it")
                space = where[0]
        try:
            return c.from_action(r, action, space)
        except (KeyError, ValueError, IndexError, StopIteration) as err:
            raise ValueError(f"{action} is not an action of {r.id}: {err}") from None

    def index(self, action: Action, state: State | None = None) -> int:
        """The decision index of `action`. `state` (the one offering it) is
        needed only for ``buy_policy`` when several spaces offer that kind.

        Raises:
            ValueError: the action is not a decision of this space.
        """
        kind, a, b = self._code(action, state)
        i = self.code_index(kind, a, b) if kind < c.N_DECISION_KINDS else -1
        if i < 0:
            raise ValueError(f"{action} is not a decision of {self.rules.id} "
                             f"for {self.players} players")
        return i

    def action(self, index: int, state: State | None = None) -> Action:
        """The reference action numbered `index` (`state` is not needed: the
        numbering is fixed; it is accepted for symmetry with `index`).

        Raises:
            ValueError: no such index.
        """
        if not 0 <= index < self.n:
            raise ValueError(f"no action {index} in {self.rules.id} "
                             f"(actions are numbered 0..{self.n - 1})")
        kind, a, b = (int(x) for x in self.codes[index])
        return c.to_action(self.rules, kind, a, b)

    def chance_index(self, action: Action) -> int:
        """The chance index of a chance outcome.

        Raises:
            ValueError: not a chance outcome of this space.
        """
        kind, a, b = self._code(action, None)
        i = self.code_index(kind, a, b) if kind >= c.N_DECISION_KINDS else -1
        if i < 0:
            raise ValueError(f"{action} is not a chance outcome of {self.rules.id}")
        return i

    def chance_action(self, index: int) -> Action:
        """The chance outcome numbered `index`.

        Raises:
            ValueError: no such index.
        """
        if not 0 <= index < self.n_chance:
            raise ValueError(f"no chance outcome {index} in {self.rules.id} "
                             f"(numbered 0..{self.n_chance - 1})")
        kind, a, b = (int(x) for x in self.chance_codes[index])
        return c.to_action(self.rules, kind, a, b)

    def labels(self) -> tuple[str, ...]:
        """One short unique label per decision index: the action's notation
        (a ``buy_policy`` adds ``@`` and the offering space's id)."""
        out = []
        for i, (kind, a, _) in enumerate(self.codes):
            text = str(self.action(i))
            if kind == c.A_BUY_POLICY:
                text += f"@{self.rules.spaces[int(a)].id}"
            out.append(text)
        return tuple(out)

    def mask(self, state: State) -> np.ndarray:
        """int8 (n,): 1 where the decision is legal now (all 0 at a chance
        node or at the end)."""
        out = np.zeros(self.n, np.int8)
        if state.current_player >= 0:
            for a in state.legal_actions():
                out[self.index(a, state)] = 1
        return out

    def chance_mask(self, state: State) -> np.ndarray:
        """int64 (n_chance,): how many of the chance node's equally likely
        outcomes each chance index is (a misspin may weigh several)."""
        out = np.zeros(self.n_chance, np.int64)
        if state.current_player == -1:
            for a in state.chance_outcomes():
                out[self.chance_index(a)] += 1
        return out

    def describe(self) -> str:
        """Markdown tables: index, notation and meaning of every decision and
        of every chance outcome."""
        r = self.rules
        lines = [f"Decisions of `{r.id}` for {self.players} players: {self.n}.", "",
                 "| index | notation | meaning |", "|---:|---|---|"]
        for i, label in enumerate(self.labels()):
            kind, a, b = (int(x) for x in self.codes[i])
            lines.append(f"| {i} | `{label}` | {_seat_words(r, kind, a, b)} |")
        lines += ["", f"Chance outcomes: {self.n_chance}.", "",
                  "| index | notation | meaning |", "|---:|---|---|"]
        for i in range(self.n_chance):
            kind, a, b = (int(x) for x in self.chance_codes[i])
            lines.append(f"| {i} | `{self.chance_action(i)}` | {_seat_words(r, kind, a, b)} |")
        return "\n".join(lines) + "\n"


def action_space(edition: str | Path | Edition | Ruleset, players: int) -> ActionSpace:
    """The action numbering of an edition (its default house rules; pass a
    `Ruleset` for others) at a table size; built once per ruleset and size.

    Raises:
        ValueError: the edition does not seat that many players.
    """
    r = ruleset_of(edition)
    r.check_players(players)
    key = f"envs.action_space.{players}"
    cached = r.cache.get(key)
    if cached is None:
        dec = np.array(_decisions(r, players), np.int64).reshape(-1, 3)
        ch = np.array(_chances(r), np.int64).reshape(-1, 3)
        cached = r.cache[key] = ActionSpace(r, players, dec, ch, _lookup(dec, ch))
    assert isinstance(cached, ActionSpace)
    return cached
