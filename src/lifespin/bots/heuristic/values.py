"""What things are worth to a seat: salary, careers, the road, stock, cash projected."""

from __future__ import annotations

import math
from collections.abc import Sequence

from ...engine.player import salary_of, taxes_of
from ...engine.ruleset import Ruleset
from .model import (
    _REQUIRE_FEATURE,
    F_AUTO,
    F_BABY,
    F_CASH,
    F_CHILD,
    F_CRASH,
    F_FIRE,
    F_GIFT,
    F_HOME,
    F_KID_ALL,
    F_LIFE,
    F_LOSE_JOB,
    F_PAY_ALL,
    F_PAYDAY,
    F_RAISE,
    F_REFUND,
    F_REQ_HOUSE,
    F_SOARS,
    F_SPIN,
    F_SQ,
    F_SQ_HOME,
    F_SQ_HOUSE,
    F_SUE,
    F_TAX,
    F_TAXP_ALL,
    F_TILE,
    F_TRADE,
    Model,
    _kid_f,
    _pay_f,
    _taxp_f,
)
from .situation import PlayerLike, SeatInfo, Situation

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
