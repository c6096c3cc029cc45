"""The chance of winning: a normal model of each player's final worth."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from .model import (
    _WAIVER_SQ,
    F_HOME,
    F_PAYDAY,
    F_REQ_HOUSE,
    F_SPIN,
    F_SQ,
    F_SQ_HOME,
    F_SQ_HOUSE,
    F_STW_VAR,
    F_TILE,
)
from .situation import ACRES, COUNTRYSIDE, ESTATES, NOT_RETIRED, POOR_FARM, PlayerLike, Situation
from .values import (
    _expected_max,
    _holds,
    _house_road,
    _salary,
    _spins_left,
    _taxes_ahead,
    projected_cash,
)

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
