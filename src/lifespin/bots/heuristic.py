"""The heuristic bot: the choices a sensible player makes, from the rules' arithmetic.

Every choice is an expected-money comparison worked out from the edition's
data, never a constant tuned to a seed or to one board:

* `Model` walks the board once per ruleset. For every space it computes, by
  dynamic programming over the spinner, the expected *features* of the rest of
  the road from there: Pay Days passed, spins, LIFE tiles drawn, money
  collected or paid, losses that car or home insurance would cancel, taxes
  and per-child bills, money paid to each career's holder, trade-salary and
  lose-your-job spaces, stock crashes... Forks count each lane with equal
  weight; STOP spaces end a move. A landing probability is therefore exact
  for the spinner (about 1/5.5 per space on a 1-10 wheel, less for the first
  few spaces after a stop) rather than a guess.
* A decision scores each legal action by the money it is expected to bring
  *this* player (their salary, children, insurance, career) and takes the best.
* Where money and winning part ways, by the chance of winning instead: each
  player's worth at the final count is taken as a normal variable (its mean
  from the road ahead, its variance from the squared amounts of the spaces
  ahead, the tiles, the resale spin, the Spin to Win rounds to come), and
  `p_win` is the chance of ending above the best of the rivals. A fair bet,
  a policy, a house and the Tycoon's spin are choices about spread as much
  as about money: a player who trails gains from a wider spread, a leader
  loses by it.

Information: the bot reads only what its seat may see. `HeuristicBot.act`
turns the seat's `view` dict, read against the ruleset it is handed (the
rules are public), into a `Situation`; the fast `policy` entry, used
for rollouts by the expert, builds the same `Situation` straight from a
(determinized) `State` and reads only its public fields (tile *counts*, never
tile values) and the seat's own Share the Wealth hand, which its view shows
it too. Both run the same `decide` function, so the two entries agree.

The same reasoning covers the other editions' choices, each by the chance of
winning: a gamble space's spin against its sure amount, an offered policy
against its price (the losses it cancels are a risk on one side only), a
Spin to Win stake (the wheel is fair, so a player who trails bets and a
clear leader stays out; a boost card's free numbers make any bet better than
fair), a house bought, kept or sold, and the 1960 Tycoon's spin, taken only
when its one-in-ten chance beats the chance of winning by driving on.
Lawsuits and Share the Wealth cards are aimed at the rival expected to
finish richest.

Loans are never repaid early: a note costs the same `loan_payback` at
retirement as before it, cash in hand earns nothing, and a player who runs
short after repaying must borrow a new note, which costs `loan_payback -
loan_amount` more. Repaying early can only lose money, so the bot keeps its
cash and lets retirement settle the notes. For the same reason it never
borrows at will: it borrows only through a purchase on credit that is worth
its price plus the notes' cost (a purchase borrows exactly its shortfall).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from ..engine import Action, State
from ..engine import ruleset as R
from ..engine.player import salary_of, taxes_of
from ..engine.ruleset import Ruleset, SpaceSpec
from ..engine.state import tables
from ..rng import Stream

__all__ = [
    "HeuristicBot",
    "Model",
    "PlayerLike",
    "SeatInfo",
    "Situation",
    "decide",
    "model_for",
    "policy",
    "situation_from_state",
    "situation_from_view",
]

# ------------------------------------------------------------------ features

# Indices into a feature vector: expected quantities over the rest of the road.
F_PAYDAY = 0  # Pay Days passed or landed on
F_SPIN = 1  # moves of the wheel (each pays stock holders and may trigger fines)
F_TILE = 2  # LIFE tiles drawn
F_CASH = 3  # money collected minus money paid to the bank, no conditions
F_AUTO = 4  # payments car insurance cancels
F_HOME = 5  # payments home insurance cancels (only with a house)
F_REQ_HOUSE = 6  # money that only a house holder collects (+) or pays (-), uninsurable
F_CHILD = 7  # payments per child, to the bank (negative: gifts per child)
F_TAX = 8  # taxes-due spaces paying the bank
F_TRADE = 9  # optional salary swaps
F_NIGHT = 10  # night-school spaces
F_LOSE_JOB = 11  # lose-your-job spaces
F_BABY = 12  # children added
F_SOARS = 13  # free-stock spaces
F_CRASH = 14  # stock-crash spaces
F_MISS = 15  # missed turns
F_SQ = 16  # sum of squared amounts landed on: a variance proxy for the cash ahead
F_LIFE = 17  # payments life insurance cancels
F_FIRE = 18  # payments fire insurance cancels (only with a house)
F_GIFT = 19  # gifts every other player gives (baby and wedding gifts)
F_REFUND = 20  # tax refunds
F_RAISE = 21  # raises, each times the Pay Days it is then paid for
F_REQ_STOCK = 22  # money only a stock holder collects (+) or pays (-)
F_REQ_AUTO = 23
F_REQ_HOME = 24
F_REQ_LIFE = 25
F_REQ_FIRE = 26
F_SUE = 27  # lawsuits this player brings (amount)
F_PAY_ALL = 28  # the per-career amounts below, summed over careers (for speed)
F_KID_ALL = 29
F_TAXP_ALL = 30
# Sums of squared amounts (as F_SQ) of the money only some players meet: what
# car, home, life or fire insurance cancels, and what only a house holder
# collects or pays. A player's spread leaves out the parts it cannot meet.
F_SQ_AUTO = 31
F_SQ_HOME = 32
F_SQ_LIFE = 33
F_SQ_FIRE = 34
F_SQ_HOUSE = 35
F_STW_VAR = 36  # Spin to Win rounds: the variance of one player's bet at the most, per round
N_BASE = 37
# Then, per career c: paid to its holder (PAY), per child to its holder (KID),
# taxes to its holder (TAXP).

_WAIVER_FEATURE = {"auto": F_AUTO, "home": F_HOME, "life": F_LIFE, "fire": F_FIRE}
_WAIVER_SQ = {"auto": F_SQ_AUTO, "home": F_SQ_HOME, "life": F_SQ_LIFE, "fire": F_SQ_FIRE}
_REQUIRE_FEATURE = {"house": F_REQ_HOUSE, "stock": F_REQ_STOCK, "auto": F_REQ_AUTO,
                    "home": F_REQ_HOME, "life": F_REQ_LIFE, "fire": F_REQ_FIRE}


def _pay_f(c: int) -> int:
    return N_BASE + 3 * c


def _kid_f(c: int) -> int:
    return N_BASE + 3 * c + 1


def _taxp_f(c: int) -> int:
    return N_BASE + 3 * c + 2


Walk = tuple[float, int, tuple[int, ...]]
"""One way a move can end: (probability, destination, spaces acted on in passing)."""


# How the landing features (`Model._land`) treat each effect of the engine's
# registry: every registered effect is in exactly one set (a test checks it),
# so a new effect cannot slip past the bots unweighed.
VALUED_EFFECTS = frozenset({
    "collect", "collect_spin", "pay", "payday", "life_tile", "baby", "marry", "taxes_due",
    "tax_refund", "trade_salary", "night_school", "lose_job", "stock_soars", "stock_crash",
    "miss_turn", "lawsuit", "gamble", "toll_bridge", "reckoning", "retire", "spin_to_win",
})
UNVALUED_EFFECTS = frozenset({
    # choices weighed where they are made (decide_*), not as landing money
    "start", "career_choice", "buy_house", "sell_buy_house", "offer_insurance", "revenge",
    "share_the_wealth", "graduate",
    # movement, valued through the walk (`moves_from`, `_jump_of`), not the space
    "crossroads", "spin_again", "spin_again_unless_leading", "jump", "take_career",
    # no money on the space itself
    "lose_insurance",
})


class Model:
    """Per-ruleset numbers the heuristic reasons with (computed once, cached).

    `ahead[i]` is the expected feature vector of the road from space `i` to
    retirement; `land[i]` what landing on `i` does; `p_number` the chance that
    one spin shows a given number.
    """

    def __init__(self, rules: Ruleset) -> None:
        self.rules = rules
        # Start choices already worked out (`_start`), by what they depend on.
        self.start_cache: dict[tuple[Any, ...], Action] = {}
        r = rules
        self.spinner = r.spinner
        weight = r.misspin_weight or 1
        total = r.spinner * weight + (1 if r.misspin_weight else 0)
        self.p_number = weight / total
        self.p_misspin = (1 / total) if r.misspin_weight else 0.0
        self.mean_spin = (r.spinner + 1) / 2
        self.n_features = N_BASE + 3 * len(r.careers)
        self.tile_mean = (sum(r.tile_values) / len(r.tile_values)) if r.tile_values else 0.0
        self.tile_var = (sum(t * t for t in r.tile_values) / len(r.tile_values)
                         - self.tile_mean ** 2) if r.tile_values else 0.0
        # Tiles every retiree takes whichever way it goes (the countryside's or the estates').
        self.retire_tiles = max(r.countryside_tiles, r.estates_retire_tiles)
        # Free numbers a Spin to Win boost card adds (the fewest any card gives).
        self.boost_tokens = min((c.tokens for c in r.wealth_cards if c.kind == "boost"),
                                default=0)
        # The bonus for the first car to retire (1960's Millionaire Acres).
        self.first_bonus = max((sp.first_bonus for sp in r.spaces if sp.effect == "retire"),
                               default=0)
        self.salary_by_amount = {a: i for i, a in reversed(list(enumerate(r.salary_amounts)))}
        self.stock_by_number = {n: i for i, n in enumerate(r.stock_numbers)}
        self.house_index = {h.id: h.index for h in r.houses}
        self.resale_mean = tuple(_resale_mean(h, r.spinner) for h in r.houses)
        self.resale_var = tuple(_resale_var(h, r.spinner) for h in r.houses)
        self.land = tuple(self._land(sp) for sp in r.spaces)
        self.ahead = self._ahead()
        # The same, but only up to the next space where a house may be sold:
        # an uninsured house is sold there (see `_sell_house`), so that is
        # as far as its disasters reach.
        self.to_sale = self._ahead(cut="sell_buy_house")
        # Where a road without a job reaches its career choice (for the start choice).
        self.career_choice_ahead = tuple(self._career_choice_from(i) for i in range(len(r.spaces)))
        start_vecs = [self.ahead[i] for i in r.starts]
        self.start_mean = (
            tuple(sum(v[f] for v in start_vecs) / len(start_vecs) for f in range(self.n_features))
            if start_vecs else tuple(0.0 for _ in range(self.n_features))
        )
        # lane_vector's answers: a fork's lanes are asked about in every
        # rollout that reaches it, always with the same few step counts.
        self._lanes: dict[tuple[int, int], tuple[float, ...]] = {}
        self._covered_next: dict[tuple[int, str], bool] = {}

    # -- the board walk

    def _spin_mean(self, table: Sequence[tuple[int, int, int]]) -> tuple[float, float]:
        """Mean and mean square of a (low, high, amount) table settled by a spin."""
        mean = sq = 0.0
        for v in range(1, self.spinner + 1):
            amount = next((a for lo, hi, a in table if lo <= v <= hi), 0)
            mean += amount / self.spinner
            sq += amount * amount / self.spinner
        return mean, sq

    def _land(self, sp: R.SpaceSpec) -> tuple[float, ...]:
        v = [0.0] * self.n_features
        e = sp.effect
        amount = float(sp.amount)
        req = _REQUIRE_FEATURE.get(sp.requires, -1) if sp.requires else -1
        if e == "collect":
            if sp.if_spun:
                amount /= self.spinner  # only when the spin that landed here shows it
            v[req if req >= 0 else F_CASH] += amount
            v[F_SQ] += amount * amount
            if req == F_REQ_HOUSE:
                v[F_SQ_HOUSE] += amount * amount
        elif e == "collect_spin":
            v[F_CASH] += amount * self.mean_spin
            v[F_SQ] += (amount * self.mean_spin) ** 2
        elif e == "pay":
            v[F_SQ] += amount * amount
            if sp.waived_by in _WAIVER_FEATURE:
                v[_WAIVER_FEATURE[sp.waived_by]] += amount
                v[_WAIVER_SQ[sp.waived_by]] += amount * amount
            elif req >= 0:
                v[req] -= amount
                if req == F_REQ_HOUSE:
                    v[F_SQ_HOUSE] += amount * amount
            elif sp.per_child and sp.payee < 0:
                v[F_CHILD] += amount
            elif sp.per_child:
                v[_kid_f(sp.payee)] += amount
                v[F_KID_ALL] += amount
            elif sp.payee >= 0:
                v[_pay_f(sp.payee)] += amount
                v[F_PAY_ALL] += amount
            else:
                v[F_CASH] -= amount
        elif e == "payday":
            v[F_PAYDAY] += 1
        elif e == "life_tile":
            v[F_TILE] += 1
        elif e == "baby":
            v[F_BABY] += sp.count
            v[F_TILE] += 1 if sp.life_tile else 0
            v[F_GIFT] += sp.gift
        elif e == "marry":
            v[F_TILE] += 1 if sp.life_tile else 0
            v[F_GIFT] += self._spin_mean(sp.gifts)[0] if sp.gifts else 0.0
        elif e == "taxes_due" and sp.payee < 0:
            v[F_TAX] += 1
        elif e == "taxes_due":
            v[_taxp_f(sp.payee)] += 1
            v[F_TAXP_ALL] += 1
        elif e == "tax_refund":
            v[F_REFUND] += 1
        elif e == "trade_salary":
            v[F_TRADE] += 1
        elif e == "night_school":
            v[F_NIGHT] += 1
        elif e == "lose_job":
            v[F_LOSE_JOB] += 1
        elif e == "stock_soars":
            v[F_SOARS] += 1
        elif e == "stock_crash":
            v[F_CRASH] += 1
        elif e == "miss_turn":
            v[F_MISS] += 1
        elif e == "lawsuit":
            v[F_SUE] += amount
        elif e == "gamble":
            mean, sq = self._spin_mean(sp.outcomes)
            if sp.sure:
                mean = max(mean, float(sp.sure))
            elif sp.optional:
                mean = max(mean, 0.0)
            v[req if req >= 0 else F_CASH] += mean
            v[F_SQ] += sq
        elif e == "toll_bridge":
            v[F_CASH] -= amount / 2  # the first across owns it: as likely to collect as to pay
        elif e == "spin_to_win":
            # A round for every player still on the road: a stake `s` on one
            # number wins s * multiplier with chance p_number.
            p, mult, stake = self.p_number, sp.multiplier, float(sp.max_bet)
            v[F_STW_VAR] += stake * stake * max(0.0, p * mult * mult - (p * mult) ** 2)
        elif e in ("reckoning", "retire"):
            v[F_CHILD] -= sp.child_gift  # the bank gives per child
            v[F_REQ_STOCK] += sp.stock_bonus
            v[F_REQ_LIFE] += sp.life_bonus
        return tuple(v)

    def _jump_of(self, i: int) -> int:
        """Where a car landing on `i` is carried to at once (-1: nowhere)."""
        sp = self.rules.spaces[i]
        if sp.effect in ("jump", "take_career") and sp.to >= 0:
            return sp.to
        return -1

    def walk(self, first: int, steps: int) -> list[Walk]:
        """Where `steps` moves end when the first one goes to space `first`,
        forks split evenly, STOP spaces ending the move; with the Pay Days and
        on-pass spaces acted on in passing."""
        out: list[Walk] = []
        self._walk(first, steps, 1.0, (), out)
        return out

    def _walk(self, pos: int, steps: int, prob: float, passed: tuple[int, ...],
              out: list[Walk]) -> None:
        spaces = self.rules.spaces
        steps -= 1
        while True:
            sp = spaces[pos]
            if sp.stop or not steps or not sp.next:
                out.append((prob, pos, passed))
                return
            if sp.effect == "payday" or sp.on_pass:
                passed = (*passed, pos)
            if len(sp.next) > 1:
                share = prob / len(sp.next)
                for n in sp.next:
                    self._walk(n, steps, share, passed, out)
                return
            pos = sp.next[0]
            steps -= 1

    def moves_from(self, pos: int) -> list[Walk]:
        """Every outcome of one spin from space `pos`, with its probability."""
        nxt = self.rules.spaces[pos].next
        out: list[Walk] = []
        if not nxt:
            return out
        each = 1.0 / self.spinner
        for k in range(1, self.spinner + 1):
            for n in nxt:
                self._walk(n, k, each / len(nxt), (), out)
        return out

    def _order(self) -> list[int]:
        """Spaces so that every space comes after all spaces reachable from it
        (a depth-first post-order over moves and jumps; a loop is cut)."""
        spaces = self.rules.spaces
        succ = [list(sp.next) + ([self._jump_of(i)] if self._jump_of(i) >= 0 else [])
                for i, sp in enumerate(spaces)]
        seen = [0] * len(spaces)  # 0 new, 1 open, 2 done
        order: list[int] = []
        for root in range(len(spaces)):
            if seen[root]:
                continue
            stack = [(root, 0)]
            seen[root] = 1
            while stack:
                node, k = stack[-1]
                if k < len(succ[node]):
                    stack[-1] = (node, k + 1)
                    child = succ[node][k]
                    if not seen[child]:
                        seen[child] = 1
                        stack.append((child, 0))
                else:
                    stack.pop()
                    seen[node] = 2
                    order.append(node)
        return order

    def _accumulate(self, acc: list[float], prob: float, dest: int, passed: tuple[int, ...],
                    ahead: Sequence[tuple[float, ...]], cut: str = "") -> None:
        """Add one way a move ends (and what follows) to `acc`."""
        spaces = self.rules.spaces
        n = self.n_features
        jump = self._jump_of(dest)
        cont = jump if jump >= 0 else dest
        rest = ahead[cont]
        for j in passed:
            sp = spaces[j]
            if sp.effect == "payday":
                acc[F_PAYDAY] += prob
                if sp.raise_amount:
                    acc[F_RAISE] += prob * sp.raise_amount * (1 + rest[F_PAYDAY])
            else:
                land = self.land[j]
                for f in range(n):
                    acc[f] += prob * land[f]
        if spaces[dest].effect == cut:
            return
        lands = [dest]
        if jump >= 0 and (spaces[dest].land or spaces[dest].effect == "take_career"):
            lands.append(jump)
        for j in lands:
            sp = spaces[j]
            land = self.land[j]
            for f in range(n):
                acc[f] += prob * land[f]
            if sp.effect == "payday" and sp.raise_amount:
                acc[F_RAISE] += prob * sp.raise_amount * (1 + rest[F_PAYDAY])
        for f in range(n):
            acc[f] += prob * rest[f]

    def _ahead(self, cut: str = "") -> tuple[tuple[float, ...], ...]:
        """Expected features from each space to the end of the road (or to
        the first space with effect `cut`, which the sum leaves out)."""
        n = self.n_features
        zero = tuple(0.0 for _ in range(n))
        ahead: list[tuple[float, ...]] = [zero] * len(self.rules.spaces)
        for i in self._order():
            acc = [0.0] * n
            for prob, dest, passed in self.moves_from(i):
                acc[F_SPIN] += prob
                self._accumulate(acc, prob, dest, passed, ahead, cut)
            ahead[i] = tuple(acc)
        return tuple(ahead)

    def _career_choice_from(self, i: int) -> int:
        """The first career-choice space on the road from `i` (-1 if none)."""
        spaces = self.rules.spaces
        seen: set[int] = set()
        pos = i
        while pos not in seen:
            seen.add(pos)
            if spaces[pos].effect == "career_choice":
                return pos
            if not spaces[pos].next:
                return -1
            pos = spaces[pos].next[0]
        return -1

    def lane_vector(self, first: int, steps: int) -> tuple[float, ...]:
        """Expected features of moving `steps` with the first step into `first`
        (a fork's lane), then the rest of the road."""
        key = (first, steps)
        vec = self._lanes.get(key)
        if vec is None:
            acc = [0.0] * self.n_features
            for prob, dest, passed in self.walk(first, steps):
                self._accumulate(acc, prob, dest, passed, self.ahead)
            vec = self._lanes[key] = tuple(acc)
        return vec

    def covered_next(self, space: int, kind: str) -> bool:
        """Whether the next move from `space` may meet a payment that a
        policy of `kind` cancels (landed on, passed, or jumped to). A car
        not yet on the board may meet anything."""
        key = (space, kind)
        hit = self._covered_next.get(key)
        if hit is None:
            spaces = self.rules.spaces
            hit = space < 0
            for _, dest, passed in self.moves_from(space) if space >= 0 else ():
                jump = self._jump_of(dest)
                met = (*passed, dest, jump) if jump >= 0 else (*passed, dest)
                if any(spaces[i].waived_by == kind for i in met):
                    hit = True
                    break
            self._covered_next[key] = hit
        return hit

    def ahead_of(self, space: int) -> tuple[float, ...]:
        """Features ahead of a car on `space` (-1: not started: the mean of the starts)."""
        return self.start_mean if space < 0 else self.ahead[space]


def _resale_mean(h: R.HouseSpec, spinner: int) -> float:
    if h.sale >= 0:
        return float(h.sale)
    values = [h.resale[v - 1] for v in range(1, spinner + 1) if v - 1 < len(h.resale)]
    return sum(values) / len(values) if values else 0.0


def _resale_var(h: R.HouseSpec, spinner: int) -> float:
    if h.sale >= 0:
        return 0.0
    values = [h.resale[v - 1] for v in range(1, spinner + 1) if v - 1 < len(h.resale)]
    if not values:
        return 0.0
    mean = sum(values) / len(values)
    return sum((x - mean) ** 2 for x in values) / len(values)


def model_for(rules: Ruleset) -> Model:
    """The `Model` of a ruleset, kept on the ruleset (it lives as long as the ruleset)."""
    m = rules.cache.get("heuristic")
    if m is None:
        m = rules.cache["heuristic"] = Model(rules)
    return m


# ------------------------------------------------------------------ situations


class PlayerLike(Protocol):
    """The public facts of one seat the heuristic reads: the engine's `Player`
    and `SeatInfo` (built from a view) both have them. Of `tiles` only the
    count is ever read."""

    @property
    def space(self) -> int: ...
    @property
    def cash(self) -> int: ...
    @property
    def loans(self) -> int: ...
    @property
    def career(self) -> int: ...
    @property
    def career2(self) -> int: ...
    @property
    def salary(self) -> int: ...
    @property
    def house(self) -> int: ...
    @property
    def auto(self) -> bool: ...
    @property
    def home(self) -> bool: ...
    @property
    def stocks(self) -> tuple[int, ...]: ...
    @property
    def children(self) -> int: ...
    @property
    def tiles(self) -> tuple[int, ...]: ...
    @property
    def retired(self) -> int: ...
    @property
    def policies(self) -> tuple[str, ...]: ...


@dataclass(slots=True)
class SeatInfo:
    """One seat as a view shows it, in the engine's indices (`PlayerLike`).
    `pay` and `tax` are what the view shows a Pay Day pays and the tax owed
    (-1: work them out from the salary card or the career card)."""

    space: int = -1
    cash: int = 0
    loans: int = 0
    career: int = -1
    career2: int = -1
    salary: int = -1
    house: int = -1
    auto: bool = False
    home: bool = False
    stocks: tuple[int, ...] = ()
    children: int = 0
    tiles: tuple[int, ...] = ()  # placeholders: only the count is known
    retired: int = 0
    policies: tuple[str, ...] = ()
    pay: int = -1
    tax: int = -1


NOT_RETIRED, ESTATES, COUNTRYSIDE, POOR_FARM, ACRES = 0, 1, 2, 3, 4
_RETIRED_CODE = {None: NOT_RETIRED, "estates": ESTATES, "countryside": COUNTRYSIDE,
                 "poor_farm": POOR_FARM, "acres": ACRES}


@dataclass(slots=True)
class Situation:
    """What one seat knows at a decision, in engine indices."""

    rules: Ruleset
    model: Model
    seat: int
    players: Sequence[PlayerLike]
    career_deck: tuple[int, ...]
    salary_deck: tuple[int, ...]
    house_deck: tuple[int, ...]
    tile_pile: int
    estates_tiles: int
    events: Sequence[Any] = ()  # what the last action caused (view dicts or engine events)
    night_school_space: int = -1
    turn: int = -1  # whose turn it is (a bettor may decide during another's turn)
    hand: frozenset[str] | None = None  # kinds of this seat's own Share the Wealth cards
    spins_memo: float = -1.0  # `_spins_left`, once worked out (asked for many times a decision)

    @property
    def steps_left(self) -> int:
        """At a fork: the steps still to move, from the last spin and move
        events of this seat (-1 when they are not there, or when the car
        stands on a STOP: its fork is then chosen for the next spin)."""
        here = self.players[self.seat].space
        if here >= 0 and self.rules.spaces[here].stop:
            return -1
        spun = -1
        moved = 0
        for e in self.events:
            if isinstance(e, dict):
                if e.get("seat") != self.seat:
                    continue
                kind, fields = e["type"], e
            else:
                if getattr(e, "seat", None) != self.seat:
                    continue
                kind, fields = _EVENT_KIND.get(type(e).__name__, ""), e._asdict()
            if kind == "spun" and fields["purpose"] == "move" and fields["value"]:
                spun, moved = int(fields["value"]), 0
            elif kind == "moved" and spun >= 0:
                moved += len(fields["path"])
        return spun - moved if spun >= 0 else -1


_EVENT_KIND = {"Spun": "spun", "Moved": "moved"}


def situation_from_view(view: dict[str, Any], rules: Ruleset) -> Situation:
    """A `Situation` from a seat's view and the rules it is played under (what
    `HeuristicBot` is given). The rules are public: they reveal nothing hidden.
    They are passed in, never looked up by the view's edition name: an
    edition loaded from a file has no name to find it by."""
    r = rules
    m = model_for(r)
    seat = view["seat"]
    if not isinstance(seat, int):
        raise ValueError("the heuristic needs a seat's view, not a spectator's")
    careers_held: set[int] = set()
    salaries_held: list[int] = []
    players: list[SeatInfo] = []
    for pv in view["players"]:
        career = r.career_index[pv["career"]] if pv["career"] else -1
        career2 = r.career_index[pv["second_career"]] if pv.get("second_career") else -1
        salary = -1
        if pv["salary"] is not None and r.salary_amounts:
            # Two cards may show the same amount: take the first one nobody else holds.
            salary = next((i for i, a in enumerate(r.salary_amounts)
                           if a == pv["salary"] and i not in salaries_held), -1)
            salaries_held.append(salary)
        careers_held.update(c for c in (career, career2) if c >= 0)
        players.append(SeatInfo(
            space=r.space_index[str(pv["space"])] if pv["space"] is not None else -1,
            cash=int(pv["cash"]),
            loans=int(pv["loans"]),
            career=career,
            career2=career2,
            salary=salary,
            house=m.house_index[pv["house"]] if pv["house"] else -1,
            auto=bool(pv["auto_insurance"]),
            home=bool(pv["home_insurance"]),
            stocks=tuple(m.stock_by_number[n] for n in pv["stocks"]),
            children=int(pv["children"]),
            tiles=(-1,) * int(pv["life_tiles"]),
            retired=_RETIRED_CODE.get(pv["retired"], ESTATES),
            policies=tuple(pv.get("policies") or ()),
            pay=int(pv["salary"]) if pv["salary"] is not None else 0,
            tax=int(pv["taxes"]) if pv.get("taxes") is not None else 0,
        ))
    piles = view["piles"]
    # A dealt offer is out of the deck; the view shows it to the chooser as legal actions.
    offer = [str(a).split(":", 1) for a in view.get("offer", ())]
    offered_careers = {r.career_index[x[1]] for x in offer if x[0] == "choose_career"}
    salary_ids = {s: i for i, s in enumerate(r.salary_ids)}
    offered_salaries = {salary_ids[x[1]] for x in offer if x[0] == "choose_salary"}
    # Night school's switches name a dealt career and salary each.
    jobs = tables(r).night_job_index
    for kind, *arg in offer:
        if kind == "night_school" and arg:
            c, sal = jobs[arg[0]]
            offered_careers.add(c)
            if sal >= 0:
                offered_salaries.add(sal)
    career_deck = tuple(i for i in range(len(r.careers))
                        if i not in careers_held and i not in offered_careers)
    salary_deck = tuple(i for i in range(len(r.salary_amounts))
                        if i not in salaries_held and i not in offered_salaries)
    house_deck = tuple(m.house_index[h] for h in piles["houses"])
    return Situation(r, m, seat, players, career_deck, salary_deck, house_deck,
                     int(piles["life_tiles"]), int(piles["estates_tiles"]),
                     view.get("events", ()), players[seat].space, int(view.get("turn", -1)),
                     _hand_kinds(r, view["hand"]) if "hand" in view else None)


def _hand_kinds(r: Ruleset, ids: Sequence[str]) -> frozenset[str]:
    kinds = {c.id: c.kind for c in r.wealth_cards}
    return frozenset(kinds[i] for i in ids if i in kinds)


_NO_CARDS: frozenset[str] = frozenset()


def situation_from_state(state: State, seat: int) -> Situation:
    """A `Situation` straight from a State, reading only public facts: the
    fast door for rollouts on determinized states."""
    r = state.rules
    me = state.players[seat]
    return Situation(r, model_for(r), seat, state.players, state.career_deck,
                     state.salary_deck, state.house_deck, len(state.tile_pile),
                     len(state.estates), state.events, me.space, state.turn,
                     frozenset(r.wealth_cards[c].kind for c in me.hand) if me.hand else _NO_CARDS)


# ------------------------------------------------------------------ valuations


def _salary(r: Ruleset, p: PlayerLike) -> int:
    """What a Pay Day pays `p`: the salary card, or the career card's pay."""
    if isinstance(p, SeatInfo):
        if p.pay >= 0:
            return p.pay
        if p.salary >= 0:
            return r.salary_amounts[p.salary]
        return r.careers[p.career].salary if p.career >= 0 else 0
    return salary_of(r, p)  # type: ignore[arg-type]


def _tax(r: Ruleset, p: PlayerLike) -> int:
    if isinstance(p, SeatInfo):
        if p.tax >= 0:
            return p.tax
        if p.salary >= 0:
            return r.salary_taxes[p.salary]
        return r.careers[p.career].taxes if p.career >= 0 else 0
    return taxes_of(r, p)  # type: ignore[arg-type]


def _holds(p: PlayerLike, kind: str) -> bool:
    """Whether `p` holds a house, stock or a policy of this kind."""
    if kind == "house":
        return p.house >= 0
    if kind == "stock":
        return bool(p.stocks) or "stock" in p.policies
    if kind == "auto":
        return p.auto
    if kind == "home":
        return p.home
    return kind in p.policies


def _taxes_ahead(sit: Situation, p: PlayerLike, v: Sequence[float]) -> float:
    """Expected taxes-due landings `p` pays for (not those owed to itself)."""
    n = v[F_TAX] + v[F_TAXP_ALL]
    return n - v[_taxp_f(p.career)] if p.career >= 0 else n


def _spins_left(sit: Situation) -> float:
    """Expected spins still to come in the whole game (every unretired car)."""
    if sit.spins_memo < 0.0:
        m = sit.model
        sit.spins_memo = sum(m.ahead_of(q.space)[F_SPIN] for q in sit.players if not q.retired)
    return sit.spins_memo


def _stock_value(sit: Situation, p: PlayerLike) -> float:
    """One stock's expected payouts from now: every spin by anyone shows its
    number with probability `p_number`; a crash ahead may take it back
    (counted as losing, on average, half of what is left)."""
    r = sit.rules
    m = sit.model
    crash = min(1.0, m.ahead_of(p.space)[F_CRASH]) if not p.retired else 0.0
    if crash and len(p.stocks) >= 1:
        crash *= 0.5  # with two stocks a crash takes only one of them
    return r.stock_payout * m.p_number * _spins_left(sit) * (1.0 - 0.5 * crash)


def _children_est(p: PlayerLike, v: Sequence[float], car_room: int) -> float:
    """Children to count for bills ahead: those in the car plus half of the
    babies still to come (they arrive along the way), capped by the car."""
    return min(float(car_room), p.children + 0.5 * v[F_BABY])


def road_value(sit: Situation, p: PlayerLike, v: Sequence[float]) -> float:
    """The money a road with expected features `v` brings player `p`."""
    r = sit.rules
    m = sit.model
    sal = _salary(r, p)
    tax = _tax(r, p)
    kids = _children_est(p, v, max(0, r.car_capacity - 2))
    total = v[F_PAYDAY] * sal + v[F_TILE] * m.tile_mean + v[F_CASH] + v[F_SUE]
    if v[F_GIFT]:
        total += v[F_GIFT] * len(_others(sit))
    total += v[F_REFUND] * tax
    if p.salary < 0 and p.career >= 0:  # raises lift a career's pay, up to its maximum
        cap = r.careers[p.career].max_salary
        if not cap or sal < cap:
            total += v[F_RAISE]
    if not p.auto:
        total -= v[F_AUTO]
    if "life" not in p.policies:
        total -= v[F_LIFE]
    if p.house >= 0 and not p.home:
        total -= v[F_HOME]
    # Fire strikes whoever has no policy (no edition asks for a house there).
    if "fire" not in p.policies:
        total -= v[F_FIRE]
    for kind, f in _REQUIRE_FEATURE.items():
        if v[f] and _holds(p, kind):
            total += v[f]
    total -= v[F_CHILD] * kids + v[F_TAX] * tax
    # What the road pays to careers' holders, except to the player's own career.
    pay, kid, taxp = v[F_PAY_ALL], v[F_KID_ALL], v[F_TAXP_ALL]
    if p.career >= 0:
        c = p.career
        pay, kid, taxp = pay - v[_pay_f(c)], kid - v[_kid_f(c)], taxp - v[_taxp_f(c)]
    total -= pay + kid * kids + taxp * tax
    if len(p.stocks) < r.max_stocks and v[F_SOARS]:
        total += min(1.0, v[F_SOARS]) * _stock_value(sit, p)
    if p.stocks and v[F_CRASH]:
        total -= min(1.0, v[F_CRASH]) * 0.5 * r.stock_payout * m.p_number * _spins_left(sit)
    paydays_after = 0.5 * v[F_PAYDAY]  # a swap or a lost job lands halfway, on average
    if v[F_TRADE]:
        best = max((_salary(r, q) for i, q in enumerate(sit.players)
                    if i != sit.seat and not q.retired), default=0)
        total += min(1.0, v[F_TRADE]) * max(0, best - sal) * paydays_after
    if v[F_LOSE_JOB] and sit.salary_deck:
        mean_sal = sum(r.salary_amounts[i] for i in sit.salary_deck) / len(sit.salary_deck)
        total += v[F_LOSE_JOB] * (mean_sal - sal) * paydays_after
    return total


def _others(sit: Situation) -> list[PlayerLike]:
    return [q for i, q in enumerate(sit.players) if i != sit.seat and not q.retired]


def career_value(sit: Situation, c: int, salary: float | None = None) -> float:
    """Money career `c` is expected to bring its holder from now on: what
    others pay on its spaces (and what the holder no longer pays), and its
    abilities, each priced from the rules."""
    r = sit.rules
    m = sit.model
    me = sit.players[sit.seat]
    mine = m.ahead_of(me.space)
    kids_room = max(0, r.car_capacity - 2)
    my_tax = _tax(r, me)
    value = mine[_pay_f(c)] + mine[_kid_f(c)] * _children_est(me, mine, kids_room)
    value += mine[_taxp_f(c)] * my_tax
    others = _others(sit)
    mean_tax = (sum(r.salary_taxes) / len(r.salary_taxes)) if r.salary_taxes else 0.0
    for q in others:
        v = m.ahead_of(q.space)
        q_tax = _tax(r, q) if q.salary >= 0 else mean_tax
        value += v[_pay_f(c)] + v[_kid_f(c)] * _children_est(q, v, kids_room)
        value += v[_taxp_f(c)] * q_tax
    value += _ability_value(sit, c, salary, others, mine, second_ok=True)
    return value


def _ability_value(sit: Situation, c: int, salary: float | None, others: list[PlayerLike],
                   mine: Sequence[float], second_ok: bool) -> float:
    r = sit.rules
    m = sit.model
    me = sit.players[sit.seat]
    my_sal = salary if salary is not None else _salary(r, me)
    others_spins = sum(m.ahead_of(q.space)[F_SPIN] for q in others)
    value = 0.0
    for ab in r.careers[c].abilities:
        t = ab.trigger
        if t == "spin_fine":
            value += others_spins * m.p_number * ab.amount
        elif t == "misspin_fee":
            spins = others_spins + (mine[F_SPIN] if ab.own_spin else 0.0)
            value += spins * m.p_misspin * ab.amount
        elif t == "commission":
            buys = sum(0.5 * (not q.auto) + 0.5 * (not q.stocks) for q in others)
            value += buys * ab.amount
        elif t == "tiles_for_salary":
            have = len(me.tiles) + mine[F_TILE]
            if have >= ab.tiles:
                gain = (ab.salary - my_sal) * mine[F_PAYDAY] * 0.5 - ab.tiles * m.tile_mean
                value += max(0.0, gain)
        elif t == "double_spin_salary":
            q = sum(m.p_number ** 2 for _ in ab.numbers)
            # Each own spin after the first makes a pair ("own"); with
            # "game", every own spin pairs with the wheel's spin before it.
            pairs = max(0.0, mine[F_SPIN] - (ab.consecutive == "own"))
            hit = 1.0 - (1.0 - q) ** pairs
            value += hit * max(0, ab.salary - my_sal) * mine[F_PAYDAY] * 0.5
        elif t == "second_career" and second_ok:
            pool = [d for d in sit.career_deck if d != c]
            if pool:
                value += sum(_ability_value(sit, d, salary, others, mine, False)
                             for d in pool) / len(pool)
    return value


def _expected_max(values: Sequence[float], k: int) -> float:
    """E[max] of `k` values drawn without replacement from `values`."""
    vs = sorted(values, reverse=True)
    n = len(vs)
    if not n:
        return 0.0
    if k >= n:
        return vs[0]
    total = math.comb(n, k)
    return sum(v * math.comb(n - 1 - i, k - 1) for i, v in enumerate(vs)) / total


def _notes_cost(r: Ruleset, cash: int, price: int) -> int:
    """What borrowing to pay `price` with `cash` in hand costs in the end."""
    short = price - cash
    if short <= 0:
        return 0
    notes = -(-short // r.loan_amount)
    return notes * (r.loan_payback - r.loan_amount)


# ------------------------------------------------------------------ decisions

_SPIN = Action("spin")


def decide(sit: Situation, legal: Sequence[Action]) -> Action:
    """The heuristic's choice among `legal` (which must be non-empty)."""
    if len(legal) == 1:
        return legal[0]
    kinds = {a.kind for a in legal}
    if "spin" in kinds:
        return _turn(sit, legal)
    if "start" in kinds:
        return _start(sit, legal)
    if "branch" in kinds:
        return _branch(sit, legal)
    if "choose_salary" in kinds:
        return _choose_salary(sit, legal)
    if "choose_career" in kinds or "keep_career" in kinds:
        return _choose_career(sit, legal)
    if "buy_house" in kinds:
        return _buy_house(sit, legal)
    if "sell_house" in kinds:
        return _sell_house(sit, legal)
    if "night_school" in kinds:
        return _night_school(sit, legal)
    if "trade_salary" in kinds:
        return _trade_salary(sit, legal)
    if "retire" in kinds:
        return _retire(sit, legal)
    if "take_from" in kinds:
        return _take_from(sit, legal)
    if "play_card" in kinds:
        # A Share the Wealth card played now is money now (an exemption, half
        # of another's windfall, free betting numbers); a played card goes
        # back into the deck. (Only a card actually in the hand: after
        # `State.resample` the engine may offer one the seat no longer holds.)
        card = next(a for a in legal if a.kind == "play_card")
        if sit.hand is None or str(card.arg) in sit.hand:
            return card
        return next((a for a in legal if a.kind == "skip"), card)
    if "bet" in kinds:
        return _bet(sit, legal)
    if "sue" in kinds or "pay_card" in kinds:
        # Make the rival expected to finish richest pay.
        return _against_leader(sit, legal, ("sue", "pay_card"))
    if "buy_policy" in kinds:
        return _buy_policy(sit, legal)
    if "gamble" in kinds:
        return _gamble(sit, legal)
    if "take_money" in kinds or "send_back" in kinds:
        kind = "take_money" if "take_money" in kinds else "send_back"
        return _against_leader(sit, legal, (kind,))
    if "tycoon" in kinds:
        return _tycoon(sit, legal)
    # free_stock / return_stock / token / lucky: every number is as likely on
    # the wheel, so any is as good (a free betting token is never refused);
    # unknown kinds: the first offered.
    return next((a for a in legal if a.kind != "skip"), legal[0])


def _turn(sit: Situation, legal: Sequence[Action]) -> Action:
    """Before a spin: the buys that pay for themselves (a policy: when it
    raises the chance of winning, `_buys_policy`, asked only on a turn whose
    move may meet what it covers), one at a time. A buy the cash in hand does
    not cover is made on credit, so its price includes what the notes it
    forces cost in the end. `borrow` is never taken: a purchase borrows
    exactly its shortfall by itself, and cash borrowed ahead of need only
    costs the notes' interest."""
    r = sit.rules
    m = sit.model
    me = sit.players[sit.seat]
    v = m.ahead_of(me.space)
    stock: Action | None = None
    for a in legal:
        k = a.kind
        if k == "trade_tiles" and _trade_tiles_gain(sit, me, v) > 0:
            return a
        if k == "second_career":
            return a  # a free ability
        if k == "buy_insurance" and m.covered_next(me.space, str(a.arg)):
            # A policy costs the same on any turn: wait until the next move
            # may meet what it covers, and decide then, knowing more.
            price = r.auto_insurance_price if a.arg == "auto" else (
                r.houses[me.house].insurance if me.house >= 0 else 0)
            if _buys_policy(sit, str(a.arg), price + _notes_cost(r, me.cash, price)):
                return a
        elif k == "buy_stock" and stock is None:
            stock = a
    if stock is not None and _stock_value(sit, me) > r.stock_price + _notes_cost(
            r, me.cash, r.stock_price):
        return stock
    return _SPIN if _SPIN in legal else legal[0]


def _trade_tiles_gain(sit: Situation, me: PlayerLike, v: Sequence[float]) -> float:
    r = sit.rules
    best = -math.inf
    for c in (me.career, me.career2):
        if c < 0:
            continue
        for ab in r.careers[c].abilities:
            if ab.trigger != "tiles_for_salary":
                continue
            target = sit.model.salary_by_amount.get(ab.salary, -1)
            new_tax = r.salary_taxes[target] if target >= 0 else 0
            gain = ((ab.salary - _salary(r, me)) * v[F_PAYDAY]
                    - (new_tax - _tax(r, me)) * _taxes_ahead(sit, me, v)
                    - ab.tiles * sit.model.tile_mean)
            best = max(best, gain)
    return best


def _start(sit: Situation, legal: Sequence[Action]) -> Action:
    """College or career: expected salary x Pay Days it is paid for, the
    careers on offer, the road's own money, minus what the loans cost.

    Rollouts from the first moves meet the same start position over and
    over, so the answer is remembered by everything it depends on."""
    cache = sit.model.start_cache
    key = (sit.seat, sit.career_deck, sit.salary_deck, tuple(legal),
           tuple((q.space, q.career, q.career2, q.salary, q.auto, q.stocks, q.children,
                  q.cash, q.loans, len(q.tiles), q.retired) for q in sit.players))
    hit = cache.get(key)
    if hit is not None:
        return hit
    best, best_v = legal[0], -math.inf
    for a in legal:
        value = start_value(sit, sit.rules.space_index[str(a.arg)])
        if value > best_v:
            best, best_v = a, value
    if len(cache) > 4096:
        cache.clear()
    cache[key] = best
    return best


def start_value(sit: Situation, idx: int) -> float:
    """Expected money of entering the game at start space `idx`."""
    r = sit.rules
    m = sit.model
    me = sit.players[sit.seat]
    sp = r.spaces[idx]
    v = m.ahead[idx]
    # Each note costs loan_payback at the end; its money comes to the player
    # only where the start hands it over as cash (else it pays the tuition).
    value = sp.borrow_notes * ((r.loan_amount if sp.loan_cash else 0) - r.loan_payback) + 0.0
    value += road_value(sit, SeatInfo(space=idx, cash=me.cash), v)  # no salary yet
    salaries = [float(r.salary_amounts[i]) for i in sit.salary_deck]
    taxes = [float(r.salary_taxes[i]) for i in sit.salary_deck]
    if sp.draw_job:
        eligible = [c for c in sit.career_deck if not r.careers[c].degree]
        sal = sum(salaries) / len(salaries) if salaries else 0.0
        tax = sum(taxes) / len(taxes) if taxes else 0.0
        after = v
        car = (sum(_career_total(sit, c, sal, after) for c in eligible) / len(eligible)
               if eligible else 0.0)
    else:
        cc = m.career_choice_ahead[idx]
        if cc < 0:
            return value
        ccs = r.spaces[cc]
        after = m.ahead[cc]
        pairs = sorted(zip(salaries, taxes, strict=True), reverse=True)
        k = max(1, ccs.salaries)
        sal = _expected_max([s for s, _ in pairs], k)
        tax = _expected_max([t for _, t in pairs], k)
        pool = [c for c in sit.career_deck if r.careers[c].degree or not ccs.degree_only]
        car = _expected_max([_career_total(sit, c, sal, after) for c in pool],
                            max(1, ccs.careers))
    n_tax = _taxes_ahead(sit, SeatInfo(), after)
    return value + sal * after[F_PAYDAY] - tax * n_tax + car


def _career_total(sit: Situation, c: int, card_pay: float, v: Sequence[float]) -> float:
    """Career `c`'s worth to its holder: `career_value`, plus its pay over the
    Pay Days of `v` when the career card itself carries the pay (editions
    without salary cards)."""
    r = sit.rules
    car = r.careers[c]
    if r.salary_amounts or not car.salary:
        return career_value(sit, c, card_pay)
    n_tax = _taxes_ahead(sit, SeatInfo(career=c), v)
    return (career_value(sit, c, float(car.salary)) + car.salary * v[F_PAYDAY]
            - car.taxes * n_tax + v[F_RAISE])


def _branch(sit: Situation, legal: Sequence[Action]) -> Action:
    """The lane worth more to this player, landing exactly where the steps
    still to move lead (or on average when they are unknown)."""
    r = sit.rules
    m = sit.model
    me = sit.players[sit.seat]
    steps = sit.steps_left
    best, best_v = legal[0], -math.inf
    for a in legal:
        first = r.space_index[str(a.arg)]
        if steps > 0:
            v: Sequence[float] = m.lane_vector(first, steps)
        else:
            v = [x + y for x, y in zip(m.land[first], m.ahead[first], strict=True)]
        value = road_value(sit, me, v)
        if value > best_v:
            best, best_v = a, value
    return best


def _choose_salary(sit: Situation, legal: Sequence[Action]) -> Action:
    """The salary card worth most over the Pay Days ahead, net of its taxes."""
    r = sit.rules
    me = sit.players[sit.seat]
    v = sit.model.ahead_of(me.space)
    n_tax = _taxes_ahead(sit, me, v)
    best, best_v = legal[0], -math.inf
    index = {s: i for i, s in enumerate(r.salary_ids)}
    for a in legal:
        i = index[str(a.arg)]
        value = r.salary_amounts[i] * v[F_PAYDAY] - r.salary_taxes[i] * n_tax
        if value > best_v:
            best, best_v = a, value
    return best


def _choose_career(sit: Situation, legal: Sequence[Action]) -> Action:
    """The career whose payee spaces and abilities are worth most from here.
    Abilities that bring a salary card are valued against the salary this
    player expects: its own card, or (chosen next) the best of the cards the
    space deals."""
    r = sit.rules
    me = sit.players[sit.seat]
    here = r.spaces[me.space] if me.space >= 0 else None
    if (here is not None and here.effect == "night_school" and here.salaries
            and r.salary_amounts and any(a.kind == "keep_career" for a in legal)):
        return _night_school_career(sit, legal, here)
    salary: float | None = None
    if me.salary < 0:
        here = r.spaces[me.space] if me.space >= 0 else None
        k = here.salaries if here is not None and here.salaries else 1
        salary = _expected_max([float(r.salary_amounts[i]) for i in sit.salary_deck], k)
    v = sit.model.ahead_of(me.space)
    here = r.spaces[me.space] if me.space >= 0 else None
    career_pay = not r.salary_amounts
    best, best_v = legal[0], -math.inf
    for a in legal:
        if a.kind == "take_raise":
            # Keep the career with a raise (up to its maximum pay).
            raised = _salary(r, me) + (here.amount if here is not None else 0)
            cap = r.careers[me.career].max_salary if me.career >= 0 else 0
            if cap:
                raised = min(raised, cap)
            value = (career_value(sit, me.career) if me.career >= 0 else 0.0) + raised * v[
                F_PAYDAY] - _tax(r, me) * _taxes_ahead(sit, me, v)
        else:
            c = me.career if a.kind == "keep_career" else r.career_index[str(a.arg)]
            if c < 0:
                value = 0.0
            elif career_pay and a.kind != "keep_career":
                value = _career_total(sit, c, 0.0, v)
            elif career_pay:
                value = career_value(sit, c) + _salary(r, me) * v[F_PAYDAY] - _tax(
                    r, me) * _taxes_ahead(sit, me, v)
            else:
                value = career_value(sit, c, salary)
        if value > best_v:
            best, best_v = a, value
    return best


def _house_road(m: Model, space: int, insured: bool) -> tuple[float, float]:
    """The money a house meets from `space` on (what only holders collect or
    pay, and, uninsured, the disasters home insurance cancels), with its sum
    of squared amounts: up to the next chance to sell it, and past that only
    when keeping it there pays (else it is sold there: see `_sell_house`)."""
    full = m.ahead_of(space)
    near = m.to_sale[space] if space >= 0 else full
    money, sq = near[F_REQ_HOUSE], near[F_SQ_HOUSE]
    far, far_sq = full[F_REQ_HOUSE] - money, full[F_SQ_HOUSE] - sq
    if not insured:
        money -= near[F_HOME]
        sq += near[F_SQ_HOME]
        far -= full[F_HOME] - near[F_HOME]
        far_sq += full[F_SQ_HOME] - near[F_SQ_HOME]
    if far > 0.0:
        return money + far, sq + far_sq
    return money, sq


HousePlan = tuple[float, float, float, float]
"""(sure money, variance of the resale, the road's money, its mean square)."""


def house_plans(sit: Situation, h: int, cash: float,
                roads: tuple[tuple[float, float], tuple[float, float]] | None = None,
                ) -> list[HousePlan]:
    """Owning deed `h` from here, bought with `cash` in hand, uninsured and
    (when it has a policy) insured. The sure part is the expected resale
    (sold on the resale table at retirement or earlier: the same table
    either way) less the price, less any notes the price forces (each costs
    loan_payback - loan_amount in the end), less the policy's price when
    insured; the resale spin adds its variance; and the house meets what
    `_house_road` finds on the road (`roads`: uninsured and insured, when
    already worked out), a risk on one side (`_Contest.lump`)."""
    r = sit.rules
    m = sit.model
    if roads is None:
        space = sit.players[sit.seat].space
        roads = (_house_road(m, space, False), _house_road(m, space, True))
    house = r.houses[h]
    base = m.resale_mean[h] - house.price - _notes_cost(r, int(cash), house.price)
    plans = [(base, m.resale_var[h], *roads[0])]
    if house.insurance:
        plans.append((base - house.insurance, m.resale_var[h], *roads[1]))
    return plans


def _best_house(sit: Situation, contest: _Contest, houses: Sequence[int], cash: float,
                shift: float = 0.0, var: float = 0.0) -> tuple[int, float]:
    """Of `houses`, the one whose purchase gives the best chance of winning,
    and that chance (-1 and 0 when none is offered)."""
    m = sit.model
    space = sit.players[sit.seat].space
    roads = (_house_road(m, space, False), _house_road(m, space, True))
    best, best_p = -1, 0.0
    for h in houses:
        p = max(contest.lump(money, sq, shift + sure, var + spread)
                for sure, spread, money, sq in house_plans(sit, h, cash, roads))
        if p > best_p:
            best, best_p = h, p
    return best, best_p


def house_value(sit: Situation, h: int) -> float:
    """Buying deed `h` now: the expected resale (the house is sold on the
    resale table, at retirement or earlier: the same table either way)
    minus the price, minus the cheaper of its insurance and the disasters it
    would suffer before the next chance to sell it, minus any loans the price
    forces (each note costs loan_payback - loan_amount in the end)."""
    r = sit.rules
    m = sit.model
    me = sit.players[sit.seat]
    v = m.ahead_of(me.space)
    house = r.houses[h]
    to_sale = m.to_sale[me.space] if me.space >= 0 else v
    # Insure it, or carry the risk to the next chance to sell it: the cheaper.
    cover = min(float(house.insurance), to_sale[F_HOME]) if house.insurance else to_sale[F_HOME]
    return (m.resale_mean[h] - house.price - cover + to_sale[F_REQ_HOUSE]
            - (0.0 if "fire" in me.policies else to_sale[F_FIRE])
            - _notes_cost(r, me.cash, house.price))


def _buy_house(sit: Situation, legal: Sequence[Action]) -> Action:
    """The deed whose purchase gives the best chance of winning, if that
    beats buying none: a house is a bet on its resale spin and on the
    disasters ahead, welcome to a player who trails, less so to one who
    leads."""
    skip = next((a for a in legal if a.kind == "skip"), legal[0])
    offered = {sit.model.house_index[str(a.arg)]: a for a in legal if a.kind == "buy_house"}
    if not offered:
        return skip
    if not _others(sit):
        # Alone (an analysis game) the chance of winning is always 1: the
        # deed worth most by `house_value`, if any is worth buying.
        value, h = max((house_value(sit, h), h) for h in offered)
        return offered[h] if value > 0 else skip
    contest = _Contest(sit)
    h, p = _best_house(sit, contest, sorted(offered), sit.players[sit.seat].cash)
    return offered[h] if h >= 0 and _better(p, contest.p()) else skip


def _sell_house(sit: Situation, legal: Sequence[Action]) -> Action:
    """Keep the house, or sell it and perhaps buy another: whichever gives
    the better chance of winning. Selling now or at retirement spins the
    same resale table (or pays the same fixed price), so the sale itself
    changes nothing; keeping adds what the house meets on the rest of the
    road (disasters unless insured, holders' money), and selling opens the
    chance to buy one of the deeds on offer, this one included."""
    r = sit.rules
    m = sit.model
    me = sit.players[sit.seat]
    if me.house < 0:
        return next((a for a in legal if a.kind == "skip"), legal[0])
    contest = _Contest(sit)
    # The contest counts the house as kept, its road as a spread: take that
    # out, and put it back as the one-sided risk it is.
    money, sq = _house_road(m, me.space, me.home)
    keep = contest.lump(money, sq, -money, -sq)
    insurance = r.houses[me.house].insurance
    if not me.home and insurance and insurance <= me.cash:
        money_i, sq_i = _house_road(m, me.space, True)
        keep = max(keep, contest.lump(money_i, sq_i, -money - insurance, -sq))
    sold = contest.p(-money, -sq)
    deck = r.spaces[me.space].deck if me.space >= 0 else -1
    houses = [h for h in (*sit.house_deck, me.house) if deck < 0 or r.houses[h].deck == deck]
    cash = me.cash + m.resale_mean[me.house]
    _, buy = _best_house(sit, contest, sorted(set(houses)), cash, -money, -sq)
    want = "sell_house" if _better(max(sold, buy), keep) else "skip"
    return next((a for a in legal if a.kind == want), legal[0])


def _job_value(sit: Situation, c: int, pay: float, tax: float,
               v: Sequence[float]) -> float:
    """Holding career `c` (-1: none) on a salary of `pay` with `tax` due at
    each taxes space, over the road `v`: what the career brings, plus the
    pay, less the taxes."""
    car = career_value(sit, c, pay) if c >= 0 else 0.0
    return car + pay * v[F_PAYDAY] - tax * _taxes_ahead(sit, SeatInfo(career=c), v)


def _tuition(sit: Situation, sp: SpaceSpec) -> float:
    """What night school's fee costs this player: nothing for the payee
    career's holder (the engine's rule), else the fee and any notes it forces."""
    me = sit.players[sit.seat]
    if sp.payee >= 0 and me.career == sp.payee:
        return 0.0
    return float(sp.amount + _notes_cost(sit.rules, me.cash, sp.amount))


def _new_job_value(sit: Situation, sp: SpaceSpec, c: int, v: Sequence[float]) -> float:
    """Switching to career `c` at a pay-first night school: the old salary
    stays, or (when the space deals salary cards) goes back and the best of
    the cards dealt from the deck is taken."""
    r = sit.rules
    me = sit.players[sit.seat]
    if not sp.salaries or not r.salary_amounts:
        return _job_value(sit, c, float(_salary(r, me)), float(_tax(r, me)), v)
    pool = [*sit.salary_deck, me.salary] if me.salary >= 0 else list(sit.salary_deck)
    pay = _expected_max([float(r.salary_amounts[i]) for i in pool], sp.salaries)
    tax = _expected_max([float(r.salary_taxes[i]) for i in pool], sp.salaries)
    return _job_value(sit, c, pay, tax, v)


def _night_school(sit: Situation, legal: Sequence[Action]) -> Action:
    """Night school, priced from the space. Cards dealt first: the switch to
    the dealt career and salary worth most, when it beats the old cards by
    more than the tuition. Pay first: pay when the best of the careers it
    deals (or the old one, which may be kept), with the salary the switch
    brings, beats the old job by more than the fee."""
    r = sit.rules
    me = sit.players[sit.seat]
    skip = next((a for a in legal if a.kind == "skip"), legal[0])
    if sit.night_school_space < 0:
        return skip
    sp = r.spaces[sit.night_school_space]
    v = sit.model.ahead_of(me.space)
    keep = _job_value(sit, me.career, float(_salary(r, me)), float(_tax(r, me)), v)
    fee = _tuition(sit, sp)
    switches = [a for a in legal if a.kind == "night_school" and a.arg is not None]
    if switches:
        jobs = tables(r).night_job_index
        best, best_v = skip, keep
        for a in switches:
            c, sal = jobs[str(a.arg)]
            if sal >= 0:
                value = _job_value(sit, c, float(r.salary_amounts[sal]),
                                   float(r.salary_taxes[sal]), v)
            else:
                value = _job_value(sit, c, float(_salary(r, me)), float(_tax(r, me)), v)
            if value - fee > best_v:
                best, best_v = a, value - fee
        return best
    pool = [max(keep, _new_job_value(sit, sp, c, v)) for c in sit.career_deck]
    gain = _expected_max(pool, max(1, sp.careers)) - keep - fee if pool else -fee
    want = "night_school" if gain > 0 else "skip"
    return next((a for a in legal if a.kind == want), legal[0])


def _night_school_career(sit: Situation, legal: Sequence[Action], sp: SpaceSpec) -> Action:
    """After paying for a night school that deals a new salary with a new
    career: a dealt career, with the salary it brings, or the old job."""
    r = sit.rules
    me = sit.players[sit.seat]
    v = sit.model.ahead_of(me.space)
    best, best_v = legal[0], -math.inf
    for a in legal:
        if a.kind == "keep_career":
            value = _job_value(sit, me.career, float(_salary(r, me)), float(_tax(r, me)), v)
        else:
            value = _new_job_value(sit, sp, r.career_index[str(a.arg)], v)
        if value > best_v:
            best, best_v = a, value
    return best


def _trade_salary(sit: Situation, legal: Sequence[Action]) -> Action:
    """Swap for the salary worth most over the Pay Days ahead (net of taxes)."""
    r = sit.rules
    me = sit.players[sit.seat]
    v = sit.model.ahead_of(me.space)
    n_tax = _taxes_ahead(sit, me, v)
    paydays = v[F_PAYDAY]
    mine = _salary(r, me) * paydays - _tax(r, me) * n_tax
    best = next((a for a in legal if a.kind == "skip"), legal[0])
    best_v = mine
    for a in legal:
        if a.kind != "trade_salary":
            continue
        q = sit.players[int(a.arg)]  # type: ignore[arg-type]
        value = _salary(r, q) * paydays - _tax(r, q) * n_tax
        if value > best_v:
            best, best_v = a, value
    return best


def projected_cash(sit: Situation, q: PlayerLike) -> tuple[float, float]:
    """A player's expected cash at the final count and its spread: cash now,
    plus the road ahead, minus the loans to settle, plus the house sale."""
    r = sit.rules
    m = sit.model
    stocks = len(q.stocks) * r.stock_payout * m.p_number * _spins_left(sit)
    if q.retired:
        return q.cash + stocks, 0.0
    v = m.ahead_of(q.space)
    mean = q.cash + stocks + road_value(sit, q, v) - v[F_TILE] * m.tile_mean
    mean -= q.loans * r.loan_payback
    if q.house >= 0:
        mean += m.resale_mean[q.house]
    return mean, math.sqrt(max(v[F_SQ], 0.0))


# ------------------------------------------------------------------ the chance of winning
#
# Where money and winning part ways (a fair bet, a policy, a house kept or
# sold, the Tycoon's all-or-nothing spin, a gamble space), a choice goes by
# the chance of ending richest: a bet that loses nothing on average still
# helps a player who trails (only a lucky spread can carry them past the
# leader) and hurts one who leads. Each player's worth at the final count is
# taken as a normal variable (`worth_outlook`), the players as independent,
# and `p_win` works out the chance one beats all the others: the one place
# that chance is computed.

_INV_SQRT_2PI = 1.0 / math.sqrt(2.0 * math.pi)


def _better(p: float, q: float) -> bool:
    """Whether chance `p` beats chance `q` by more than rounding."""
    return p > q * (1.0 + 1e-9)


def best_of(rivals: Sequence[tuple[float, float]]) -> tuple[float, float]:
    """The mean and variance of the largest of independent normal variables,
    each given as (mean, variance), taken as normal itself: Clark's moments
    of the greater of two normals (C. E. Clark, "The greatest of a finite
    set of random variables", Operations Research 9, 1961), folding the
    rivals in one at a time. A variance of 0 is an amount already settled."""
    mean, var = rivals[0]
    for b, vb in rivals[1:]:
        theta = math.sqrt(var + vb)
        if theta == 0.0:
            mean = max(mean, b)
            continue
        alpha = (mean - b) / theta
        above = 0.5 * math.erfc(-alpha / math.sqrt(2.0))  # P(first > second)
        density = _INV_SQRT_2PI * math.exp(-0.5 * alpha * alpha)
        first = mean * above + b * (1.0 - above) + theta * density
        second = ((mean * mean + var) * above + (b * b + vb) * (1.0 - above)
                  + (mean + b) * theta * density)
        mean, var = first, max(0.0, second - first * first)
    return mean, var


def p_win(mean: float, var: float, rivals: Sequence[tuple[float, float]]) -> float:
    """The chance that X ~ Normal(mean, var) ends above every rival, each an
    independent Normal(mu, v) given as (mu, v) (v = 0: an amount already
    settled): for a known X (var = 0) exactly, else as X against the best
    of them (`best_of`). On positions from real games with three rivals the
    latter came within about 0.01 of the exact integral (median 0.002); it
    is a closed form, cheap enough for the expert's rollouts, and keeps its
    precision far out in the tails, where the choices of a player far
    behind must still be told apart."""
    if var <= 0.0:
        # X is known: the rivals' chances of staying below it multiply.
        p = 1.0
        for mu, v in rivals:
            if v > 0.0:
                p *= 0.5 * math.erfc((mu - mean) / math.sqrt(2.0 * v))
            else:
                p *= 1.0 if mean > mu else (0.5 if mean == mu else 0.0)
        return p
    if not rivals:
        return 1.0
    best, best_var = best_of(rivals)
    return 0.5 * math.erfc((best - mean) / math.sqrt(2.0 * (var + best_var)))


def _road_sq(q: PlayerLike, v: Sequence[float]) -> float:
    """The squared amounts of the road `v` that `q` meets: all of them (F_SQ)
    less what its policies cancel and what needs a house it does not hold."""
    sq = v[F_SQ]
    for kind, f in _WAIVER_SQ.items():
        if _holds(q, kind) or (kind == "home" and q.house < 0):
            sq -= v[f]
    if q.house < 0:
        sq -= v[F_SQ_HOUSE]
    return max(0.0, sq)


def _unpaid_outlook(sit: Situation, q: PlayerLike, v: Sequence[float]) -> tuple[float, float]:
    """For a player with no pay yet (in college, before a career is drawn):
    the mean and variance of what the Pay Days ahead will pay, net of taxes,
    at the pay it can expect: the best of the salary cards its career choice
    deals (one card on a career start), or a career's pay where careers
    carry it."""
    r = sit.rules
    m = sit.model
    if r.salary_amounts:
        cc = m.career_choice_ahead[q.space] if q.space >= 0 else -1
        k = max(1, r.spaces[cc].salaries) if cc >= 0 else 1
        pool = [(float(r.salary_amounts[i]), float(r.salary_taxes[i])) for i in sit.salary_deck]
    else:
        k = 1
        pool = [(float(r.careers[c].salary), float(r.careers[c].taxes)) for c in sit.career_deck]
    if not pool:
        return 0.0, 0.0
    pays = [pay for pay, _ in pool]
    mean = _expected_max(pays, k)
    var = max(0.0, _expected_max([x * x for x in pays], k) - mean * mean)
    tax = _expected_max([t for _, t in pool], k)
    paydays = v[F_PAYDAY]
    return mean * paydays - tax * _taxes_ahead(sit, q, v), var * paydays * paydays


@dataclass(frozen=True, slots=True)
class _Common:
    """What every player's outlook shares in one position."""

    spins_left: float  # spins still to come in the game
    estates_share: float  # estates' tiles per player who may still take them
    estates_var: float  # the variance of the estates' tiles' value to one of them
    stolen: float  # tiles each exposed player is expected to lose to steals
    stw_var: float  # Spin to Win rounds still to come, as variance to each player on the road
    first_spins: float  # spins left of the car nearest the end, while the first bonus is open
    first_cars: int  # how many cars are that near


def _common(sit: Situation) -> _Common:
    """Tiles drawn after the pile runs out are taken from other players
    (those not retired to the countryside): every draw still adds a tile to
    the drawer, and the excess over the pile is lost by the exposed ones."""
    m = sit.model
    draws = sum(m.ahead_of(q.space)[F_TILE] + m.retire_tiles
                for q in sit.players if not q.retired)
    exposed = sum(1 for q in sit.players if q.retired != COUNTRYSIDE)
    contenders = sum(1 for q in sit.players if q.retired in (NOT_RETIRED, ESTATES))
    share = 1.0 / contenders if contenders else 0.0
    pile = sit.estates_tiles * m.tile_mean
    first_spins, first_cars = math.inf, 0
    if m.first_bonus and not any(q.retired == ACRES for q in sit.players):
        left = [m.ahead_of(q.space)[F_SPIN] for q in sit.players if not q.retired]
        if left:
            first_spins = min(left)
            first_cars = left.count(first_spins)
    return _Common(
        spins_left=_spins_left(sit),
        estates_share=sit.estates_tiles * share,
        estates_var=pile * pile * share * (1.0 - share),
        stolen=max(0.0, draws - sit.tile_pile) / exposed if exposed else 0.0,
        stw_var=sum(m.ahead_of(q.space)[F_STW_VAR] for q in sit.players if not q.retired),
        first_spins=first_spins,
        first_cars=first_cars,
    )


def worth_outlook(sit: Situation, q: PlayerLike,
                  common: _Common | None = None) -> tuple[float, float]:
    """The mean and variance of `q`'s worth at the final count (cash plus
    LIFE tiles), from what the seat may see. The mean: `projected_cash`
    (with the pay a player without one can expect, `_unpaid_outlook`, and
    the house's road as `_house_road` has it: an uninsured house is sold
    before disasters that cost more than keeping it brings), and every tile
    held or still to come (the road's, the retirement's, a share of the
    estates', less those others will take once the pile is empty) at the
    tiles' mean value, since nobody sees their values, and the first car's
    bonus (1960) to the car nearest the end. The variance: the squared
    amounts of the spaces ahead that `q` may meet (`_road_sq`), the pay
    still to be dealt, the tiles' values and the number still to be drawn,
    who takes the estates' tiles and the first car's bonus, the house's
    resale spin, the stock's payouts, and the Spin to Win rounds still to
    come (as if every player still on the road staked the most at each: a
    player who trails does)."""
    r = sit.rules
    m = sit.model
    if common is None:
        common = _common(sit)
    mean = projected_cash(sit, q)[0]
    hit = m.p_number * len(q.stocks)
    var = r.stock_payout ** 2 * hit * max(0.0, 1.0 - hit) * common.spins_left
    tiles = float(len(q.tiles))
    if q.retired in (NOT_RETIRED, ESTATES):
        tiles += common.estates_share
        var += common.estates_var
    if q.retired != COUNTRYSIDE:
        tiles -= min(common.stolen, tiles)
    if not q.retired:
        v = m.ahead_of(q.space)
        tiles += v[F_TILE] + m.retire_tiles
        var += _road_sq(q, v) + v[F_TILE] * m.tile_mean ** 2 + common.stw_var
        if v[F_SPIN] == common.first_spins:  # the car nearest the end retires first
            share = 1.0 / common.first_cars
            mean += m.first_bonus * share
            var += m.first_bonus ** 2 * share * (1.0 - share)
        if not _salary(r, q):
            pay, pay_var = _unpaid_outlook(sit, q, v)
            mean += pay
            var += pay_var
        if q.house >= 0:
            money, sq = _house_road(m, q.space, q.home)
            full = v[F_REQ_HOUSE] - (0.0 if q.home else v[F_HOME])
            full_sq = v[F_SQ_HOUSE] + (0.0 if q.home else v[F_SQ_HOME])
            mean += money - full
            var += sq - full_sq + m.resale_var[q.house]
    return mean + tiles * m.tile_mean, max(0.0, var + tiles * m.tile_var)


class _Contest:
    """The seat's worth at the final count against its rivals' (those who
    can still win), worked out once per decision; `p` is the chance of
    winning if a choice shifts the seat's expected worth by `shift` and its
    variance by `var`."""

    __slots__ = ("best", "best_var", "mean", "rivals", "var")

    def __init__(self, sit: Situation) -> None:
        players = sit.players
        common = _common(sit)
        self.mean, self.var = worth_outlook(sit, players[sit.seat], common)
        self.rivals = [worth_outlook(sit, q, common) for i, q in enumerate(players)
                       if i != sit.seat and q.retired != POOR_FARM]
        self.best, self.best_var = best_of(self.rivals) if self.rivals else (-math.inf, 0.0)

    def p(self, shift: float = 0.0, var: float = 0.0) -> float:
        """`p_win` for the seat, its worth shifted by `shift` and its variance by `var`."""
        mean = self.mean + shift
        own = self.var + var
        if own <= 0.0:
            return p_win(mean, 0.0, self.rivals)
        return 0.5 * math.erfc((self.best - mean) / math.sqrt(2.0 * (own + self.best_var)))

    def mix(self, outcomes: Sequence[tuple[float, float]]) -> float:
        """The chance of winning after a spin that shifts the worth by each
        (probability, amount) of `outcomes`."""
        return sum(prob * self.p(amount) for prob, amount in outcomes)

    def lump(self, money: float, sq: float, shift: float = 0.0, var: float = 0.0) -> float:
        """`p(shift, var)` with one more uncertain amount of mean `money` and
        mean square `sq`, taken as all or nothing: `sq / money` with chance
        `money**2 / sq`, else 0. Disasters ahead are a risk on one side only
        (they never add money): as a spread on both sides they would look
        like a chance for a trailing player, which they are not."""
        if money == 0.0 or sq <= money * money:
            return self.p(shift + money, var)
        amount = sq / money
        prob = money / amount
        return (1.0 - prob) * self.p(shift, var) + prob * self.p(shift + amount, var)


def _retire(sit: Situation, legal: Sequence[Action]) -> Action:
    """Millionaire Estates when the chance of being the richest there, times
    the estates' tiles, beats the Countryside's tiles; each rival still on the
    road is expected to finish at its projected cash (normal spread), and a
    rival already at the Estates at its visible cash. Tiles at the Estates can
    still be stolen; the Countryside keeps them safe."""
    r = sit.rules
    m = sit.model
    me = sit.players[sit.seat]
    mine, _ = projected_cash(sit, me)  # retired: cash now plus the stock's payouts to come
    rivals = []
    for i, q in enumerate(sit.players):
        if i != sit.seat and q.retired in (NOT_RETIRED, ESTATES):
            mu, sd = projected_cash(sit, q)
            rivals.append((mu, sd * sd))
    p_richest = p_win(mine, 0.0, rivals)
    estates = (p_richest * sit.estates_tiles + r.estates_retire_tiles) * m.tile_mean
    # Steals: tiles others will draw beyond what the pile holds come from
    # unprotected players, spread over them.
    draws = sum(m.ahead_of(q.space)[F_TILE] for q in _others(sit))
    short = max(0.0, draws - sit.tile_pile)
    exposed = 1 + sum(1 for i, q in enumerate(sit.players)
                      if i != sit.seat and q.retired != COUNTRYSIDE)
    stolen = min(float(len(me.tiles)), short / max(1, exposed - 1)) * m.tile_mean
    countryside = r.countryside_tiles * m.tile_mean + stolen
    want = "estates" if estates > countryside else "countryside"
    return next((a for a in legal if a.arg == want), legal[0])


def _projected_worth(sit: Situation, q: PlayerLike) -> float:
    """Projected cash plus the tiles held and still to be drawn at their mean
    value: whom to aim at. (Aiming by `worth_outlook`, or by whose loss
    raises this seat's chance of winning most, did measurably worse in
    classic: about 0.2-0.3 points of win share in paired games.)"""
    m = sit.model
    tiles = len(q.tiles) + (0.0 if q.retired else m.ahead_of(q.space)[F_TILE])
    return projected_cash(sit, q)[0] + tiles * m.tile_mean


def _against_leader(sit: Situation, legal: Sequence[Action], kinds: tuple[str, ...]) -> Action:
    """Among actions aimed at a seat, the one at the rival expected to
    finish with the most."""
    best = next((a for a in legal if a.kind != "skip"), legal[0])
    best_v = -math.inf
    for a in legal:
        if a.kind not in kinds or not isinstance(a.arg, int):
            continue
        worth = _projected_worth(sit, sit.players[a.arg])
        if worth > best_v:
            best, best_v = a, worth
    return best


def _bet(sit: Situation, legal: Sequence[Action]) -> Action:
    """Spin to Win: a stake on a number pays `multiplier` times the stake
    when the wheel shows it, else the stake is lost; a boost card in hand
    (played at once, see `decide`) covers more numbers at the same stake.
    Take the stake, or none, that gives the best chance of winning the
    game. On a fair wheel (multiplier x chance = 1) a bet only spreads the
    outcomes: a player who trails bets (only luck can carry them past the
    leader), a clear leader stays out."""
    r = sit.rules
    m = sit.model
    skip = next((a for a in legal if a.kind == "skip"), legal[0])
    lander = sit.players[sit.turn] if 0 <= sit.turn < len(sit.players) else None
    sp = r.spaces[lander.space] if lander is not None and lander.space >= 0 else None
    if sp is None or not sp.multiplier:
        return skip
    stakes: dict[int, Action] = {}
    numbers: set[str] = set()
    for a in legal:
        if a.kind == "bet":
            number, _, amount = str(a.arg).partition("-")
            stakes.setdefault(int(amount), a)
            numbers.add(number)
    if not stakes:
        return skip
    covered = 1
    if sit.hand is not None and "boost" in sit.hand:
        covered += min(m.boost_tokens, len(numbers) - 1)
    hit = min(1.0, covered * m.p_number)
    contest = _Contest(sit)
    best, best_p = skip, contest.p()
    for stake, a in sorted(stakes.items()):
        p = contest.mix(((hit, float(stake * (sp.multiplier - 1))), (1.0 - hit, -float(stake))))
        if _better(p, best_p):
            best, best_p = a, p
    return best


def _policy_gain(sit: Situation, kind: str) -> tuple[float, float, float, float]:
    """What holding a policy of `kind` from now on does to the seat's final
    worth: the losses ahead it cancels (their mean and mean square; home
    insurance: as far as the house is kept, `_house_road`), and what else
    holding it brings (mean and variance): what only holders collect, a
    stock certificate's payouts on everyone's spins."""
    m = sit.model
    me = sit.players[sit.seat]
    if kind == "home":
        if me.house < 0:
            return 0.0, 0.0, 0.0, 0.0
        bare, bare_sq = _house_road(m, me.space, False)
        covered, covered_sq = _house_road(m, me.space, True)
        return covered - bare, max(0.0, bare_sq - covered_sq), 0.0, 0.0
    v = m.ahead_of(me.space)
    loss = loss_sq = extra = extra_var = 0.0
    if kind in _WAIVER_FEATURE:
        loss, loss_sq = v[_WAIVER_FEATURE[kind]], v[_WAIVER_SQ[kind]]
    if kind in _REQUIRE_FEATURE:
        extra = v[_REQUIRE_FEATURE[kind]]
    if kind == "stock":
        extra += _stock_value(sit, me)
        extra_var = sit.rules.stock_payout ** 2 * m.p_number * _spins_left(sit)
    return loss, loss_sq, extra, extra_var


def _buys_policy(sit: Situation, kind: str, price: float) -> bool:
    """Whether buying a policy of `kind` at `price` raises the chance of
    winning. The price is sure; the losses it cancels are a one-sided risk
    (`_Contest.lump`), so the policy is bought about when it costs less than
    they do on average, a little over that by a player who leads, a little
    under by one who trails. Nothing to cancel or collect: never."""
    loss, loss_sq, extra, extra_var = _policy_gain(sit, kind)
    if loss <= 0.0 and extra <= 0.0:
        return False
    # Two answers need no contest: a policy whose holders' money alone pays
    # its price (and adds no spread) beats going without whatever happens;
    # one that costs at least the whole loss when it strikes never does.
    if not extra_var and extra >= price:
        return True
    if loss > 0.0 and not extra and price * loss >= loss_sq:
        return False
    contest = _Contest(sit)
    # The seat's outlook counts the losses (mean and spread) while it has no
    # policy: take them out, then put them back as the risk they are.
    bare = contest.lump(-loss, loss_sq, loss, -loss_sq)
    covered = contest.p(loss + extra - price, extra_var - loss_sq)
    return _better(covered, bare)


def _buy_policy(sit: Situation, legal: Sequence[Action]) -> Action:
    """An offered policy (or stock certificate): bought when it raises the
    chance of winning (`_buys_policy`)."""
    r = sit.rules
    me = sit.players[sit.seat]
    offer = next(a for a in legal if a.kind == "buy_policy")
    sp = r.spaces[me.space] if me.space >= 0 else None
    price = sp.amount if sp is not None else 0
    if _buys_policy(sit, str(offer.arg), price):
        return offer
    return next((a for a in legal if a.kind == "skip"), legal[0])


def _gamble(sit: Situation, legal: Sequence[Action]) -> Action:
    """The gamble (a spin on its table) against the sure amount or, for an
    optional one, nothing: whichever gives the better chance of winning."""
    r = sit.rules
    me = sit.players[sit.seat]
    sp = r.spaces[me.space] if me.space >= 0 else None
    other = next((a for a in legal if a.kind != "gamble"), legal[0])
    gamble = next(a for a in legal if a.kind == "gamble")
    if sp is None:
        return other
    sure = float(sp.sure) if other.kind == "keep" else 0.0
    spinner = sit.model.spinner
    outcomes = [(1.0 / spinner, float(next((a for lo, hi, a in sp.outcomes if lo <= v <= hi), 0)))
                for v in range(1, spinner + 1)]
    # A spin that cannot do worse than the sure amount, or better, needs no contest.
    if min(amount for _, amount in outcomes) >= sure:
        return gamble if max(amount for _, amount in outcomes) > sure else other
    if max(amount for _, amount in outcomes) <= sure:
        return other
    contest = _Contest(sit)
    return gamble if _better(contest.mix(outcomes), contest.p(sure)) else other


def drive_on_chance(sit: Situation) -> float:
    """The chance of winning by driving on past the Tycoon's gamble: ending
    richest, and no rival still to come to the gamble winning the game with
    its own Tycoon spin (a rival bets about as often as it expects to lose)."""
    m = sit.model
    contest = _Contest(sit)
    others = [q for i, q in enumerate(sit.players) if i != sit.seat and q.retired != POOR_FARM]
    p = contest.p()
    everyone = [(contest.mean, contest.var), *contest.rivals]
    for j, q in enumerate(others):
        if q.retired:
            continue
        mean, var = everyone[j + 1]
        rest = everyone[:j + 1] + everyone[j + 2:]
        p *= 1.0 - m.p_number * (1.0 - p_win(mean, var, rest))
    return p


def _tycoon(sit: Situation, legal: Sequence[Action]) -> Action:
    """Bet the game on a number only when that chance (the wheel showing it)
    beats the chance of winning by driving on (`drive_on_chance`)."""
    if drive_on_chance(sit) < sit.model.p_number:
        return next(a for a in legal if a.kind == "tycoon")
    return next((a for a in legal if a.kind == "acres"), legal[0])


def _take_from(sit: Situation, legal: Sequence[Action]) -> Action:
    """Every hidden tile is worth the same in expectation wherever it lies, so
    what matters is whom the loss hurts: the rival expected to finish
    richest (projected cash plus tiles at their mean value). With equal
    prospects that is the one holding most tiles."""
    return _against_leader(sit, legal, ("take_from",))


# ------------------------------------------------------------------ entries


def policy(state: State, seat: int, legal: Sequence[Action], rng: Stream | None = None) -> Action:
    """The heuristic's choice read straight from a (determinized) State: the
    fast entry for rollouts. Same logic as `HeuristicBot`; reads only public
    fields (counts of tiles, never their values)."""
    if len(legal) == 1:
        return legal[0]
    return decide(situation_from_state(state, seat), legal)


class HeuristicBot:
    """A sensible player: every choice an expected-money comparison from the
    rules, or the chance of winning where the two part ways (see the module
    docstring). `mistake`: the chance, at a decision
    with more than one choice, of picking uniformly at random instead (the
    `easy` level uses it)."""

    needs_view = True

    def __init__(self, mistake: float = 0.0, name: str = "heuristic") -> None:
        if not 0.0 <= mistake <= 1.0:
            raise ValueError(f"mistake must be a probability, not {mistake}")
        self.mistake = mistake
        self.name = name

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
        if self.mistake and (rng.next_u64() >> 11) / 2.0**53 < self.mistake:
            return rng.pick(legal)
        if view is None:
            raise ValueError("the heuristic bot needs its seat's view")
        return decide(situation_from_view(view, rules), legal)
