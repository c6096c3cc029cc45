"""The board walked once per ruleset: expected features of the road ahead (`Model`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ...engine import Action
from ...engine import ruleset as R
from ...engine.ruleset import Ruleset

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
