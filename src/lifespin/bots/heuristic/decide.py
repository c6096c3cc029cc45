"""The decisions: each legal action scored, the best taken; the bot and its fast policy."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from ...engine import Action, State
from ...engine.ruleset import Ruleset, SpaceSpec
from ...engine.state import tables
from ...rng import Stream
from .model import (
    _REQUIRE_FEATURE,
    _WAIVER_FEATURE,
    _WAIVER_SQ,
    F_FIRE,
    F_HOME,
    F_PAYDAY,
    F_RAISE,
    F_REQ_HOUSE,
    F_TILE,
)
from .situation import (
    COUNTRYSIDE,
    ESTATES,
    NOT_RETIRED,
    POOR_FARM,
    PlayerLike,
    SeatInfo,
    Situation,
    situation_from_state,
    situation_from_view,
)
from .values import (
    HousePlan,
    _expected_max,
    _house_road,
    _notes_cost,
    _others,
    _salary,
    _spins_left,
    _stock_value,
    _tax,
    _taxes_ahead,
    career_value,
    projected_cash,
    road_value,
)
from .winning import _better, _Contest, p_win

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
