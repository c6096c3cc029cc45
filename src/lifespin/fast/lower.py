"""Lowering: a ruleset becomes arrays, and a reference state becomes a
compiled state.

`lower_rules` turns one `Ruleset` (an edition with its house rules) into
`FastRules`, a named tuple of integer arrays the compiled interpreter reads;
nothing in it is per edition. An edition whose rules name an effect, ability
or setting the compiled engine does not run is refused here, by name
(`UnsupportedRule`).

`lower_state` turns a reference `State` (from the start, mid-game, or a
determinization from `State.resample`) into a `FastState`, so that rollouts
can start from any point of a real game.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np

from ..engine import State
from ..engine import tasks as tk
from ..engine.ruleset import Ruleset
from ..errors import LifespinError
from . import codes as c

__all__ = ["FastRules", "FastState", "UnsupportedRule", "lower_rules", "lower_state",
           "new_state"]

# The effects the compiled interpreter runs, by their registry names, in the
# order of the effect codes it switches on.
EFFECTS = (
    "start", "collect", "collect_spin", "pay", "payday", "life_tile", "baby", "marry",
    "career_choice", "buy_house", "sell_buy_house", "lose_job", "night_school",
    "trade_salary", "spin_again_unless_leading", "stock_soars", "stock_crash", "taxes_due",
    "miss_turn", "retire", "spin_to_win", "lawsuit", "share_the_wealth", "tax_refund",
    "graduate", "crossroads", "spin_again", "take_career", "offer_insurance",
    "lose_insurance", "gamble", "revenge", "toll_bridge", "jump", "reckoning",
)
(E_START, E_COLLECT, E_COLLECT_SPIN, E_PAY, E_PAYDAY, E_LIFE_TILE, E_BABY, E_MARRY,
 E_CAREER_CHOICE, E_BUY_HOUSE, E_SELL_BUY_HOUSE, E_LOSE_JOB, E_NIGHT_SCHOOL, E_TRADE_SALARY,
 E_SPIN_AGAIN_UNLESS_LEADING, E_STOCK_SOARS, E_STOCK_CRASH, E_TAXES_DUE, E_MISS_TURN, E_RETIRE,
 E_SPIN_TO_WIN, E_LAWSUIT, E_SHARE_THE_WEALTH, E_TAX_REFUND, E_GRADUATE, E_CROSSROADS,
 E_SPIN_AGAIN, E_TAKE_CAREER, E_OFFER_INSURANCE, E_LOSE_INSURANCE, E_GAMBLE, E_REVENGE,
 E_TOLL_BRIDGE, E_JUMP, E_RECKONING) = range(35)
TRIGGERS = ("spin_fine", "double_spin_salary", "misspin_fee", "commission",
            "tiles_for_salary", "second_career")
TR_SPIN_FINE, TR_DOUBLE, TR_MISSPIN, TR_COMMISSION, TR_TILES, TR_SECOND = range(6)

# Kinds of holding a space may require, waive by or offer: the first four are
# fixed; every other kind an edition names is an insurance policy bit.
K_NONE, K_HOUSE, K_AUTO, K_HOME, K_STOCK = range(5)
FIXED_KINDS = ("", "house", "auto", "home", "stock")

STACK = 64  # tasks a game's stack can hold (a deep 2005 turn uses about 12)
SEQ_BITS = 4  # seats packed in a task field (Bet's bettors, EstatesDeal's owed)
MAX_SEQ = 15

# Space fields (columns of FastRules.space).
(S_EFFECT, S_STOP, S_NNEXT, S_AMOUNT, S_PAYEE, S_WAIVED, S_PER_CHILD, S_COUNT,
 S_LIFE_TILE, S_CAREERS, S_SALARIES, S_BORROW, S_DRAW_JOB, S_TO_RETIRE, S_DEGREE_ONLY,
 S_LOAN_CASH, S_PAY_FIRST, S_RAISE, S_GIFT, S_NGIFTS, S_DECK, S_MAX_BET, S_BET_STEP,
 S_MULTIPLIER, S_CHILD_GIFT, S_ACTS_ON_PASS, S_REQUIRES, S_IF_SPUN, S_CAREER, S_TO,
 S_LAND, S_KIND, S_SURE, S_OPTIONAL, S_NOUT, S_BACK, S_CHOOSE_PLACE, S_FIRST_BONUS,
 S_STOCK_BONUS, S_LIFE_BONUS, S_LUCKY_FINE, S_TYCOON, S_PREV, S_IS_PAYDAY) = range(44)
N_SPACE_FIELDS = 44

# Career fields.
CA_DEGREE, CA_SALARY, CA_MAX_SALARY, CA_TAXES, CA_AB_FIRST, CA_AB_COUNT = range(6)
# Ability fields.
AB_CAREER, AB_TRIGGER, AB_NUMBER, AB_NUMBERS, AB_AMOUNT, AB_OWN_SPIN, AB_TILES, \
    AB_SALARY, AB_SALARY_CARD, AB_GAME = range(10)
# House fields; the resale price by spin follows.
H_PRICE, H_INSURANCE, H_SALE, H_DECK, H_RESALE = range(5)

# Ruleset scalars (FastRules.rule).
(R_START_CASH, R_LOAN, R_PAYBACK, R_BORROW_LIMIT, R_HOUSE_DRAW, R_CAR, R_ESTATES_TILES,
 R_COUNTRYSIDE_TILES, R_STOCK_PRICE, R_STOCK_PAYOUT, R_MAX_STOCKS, R_AUTO_PRICE,
 R_AUTO_EVERY_TURN, R_SPINNER, R_MISSPIN, R_OCCUPIED, R_SHARED_LEAD, R_ESTATES_RETIRE,
 R_BONUS_FROM_PLAYERS, R_WEALTH_HAND, R_WEALTH_THRESHOLD, R_SHARED_BETS, R_NSPACES,
 R_NCAREERS, R_NSALARIES, R_NHOUSES, R_NSTOCKS, R_NTILES, R_NWEALTH, R_NSTARTS,
 R_NABILITIES, R_SPIN_OUTCOMES, R_MAX_LEGAL, R_LIFE_KIND, R_OR_STARTS, R_OR_STOCK_BY_NUMBER,
 R_OR_TILE_VALUE, R_OS_NXT, R_OS_COST, R_OS_GIFTS, R_OS_OUT, R_OT_CAREER, R_OT_ABILITY,
 R_OT_SALARY, R_OT_HOUSE, R_OT_WEALTH, R_OSPACE, R_SW, R_OTAB, R_TW) = range(50)
N_RULE_FIELDS = 50


class UnsupportedRule(LifespinError):
    """The compiled engine does not run a rule this edition uses."""


FastRules = np.ndarray
"""One ruleset as one int64 array (`lower_rules`). One array on purpose: the
compiled functions take it on every call, and each array passed costs words
of arguments (17 arrays made a call about 35 ns dearer than 3, and 3 about
4 ns dearer than 1).

Layout: scalars (R_*), then lists at offsets named by R_OR_* (start spaces,
stock by number, tile values); then the space table at R_OSPACE, R_SW
columns a row: fields S_*, then at column offsets R_OS_* the next spaces, the
fork costs, the wedding gifts and the gamble outcomes (three columns each:
low, high, amount); then `tab` at R_OTAB, R_TW columns a row: careers,
abilities, salary cards, houses (their resale by spin at H_RESALE) and Share
the Wealth cards, each a block of rows starting at row R_OT_*. `views(R)`
gives each part as a numpy view by name."""

FastState = np.ndarray
"""One game's changing state as one int64 array, changed in place by the
kernel (`lower_state`, `new_state`). Layout: scalars (G_*), then the decks
(counts by card: the reference keeps them as sorted tuples), the estates'
tiles, the cards dealt for a choice, bets and bridge owners, at offsets
G_OG_*; then a row per seat at G_OPL, G_PW columns a row: fields PF_*, then
its tiles (column PF_TILES), stock (column g[G_OP_STOCKS]) and Share the
Wealth hand (g[G_OP_HAND]), in order; then the task stack at G_OST, rows of
(type, seat, f1..f4). `state_views(S)` gives each part as a numpy view."""


class RulesViews(NamedTuple):
    rule: np.ndarray
    space: np.ndarray
    nxt: np.ndarray  # (spaces, max next)
    branch_cost: np.ndarray  # (spaces, max next)
    gifts: np.ndarray  # (spaces, k, 3)
    outcomes: np.ndarray  # (spaces, k, 3)
    starts: np.ndarray
    stock_by_number: np.ndarray
    tile_value: np.ndarray
    career: np.ndarray
    ability: np.ndarray
    salary: np.ndarray
    house: np.ndarray
    resale: np.ndarray
    wealth: np.ndarray


class StateViews(NamedTuple):
    g: np.ndarray
    pl: np.ndarray
    tiles: np.ndarray
    stocks: np.ndarray
    hand: np.ndarray
    tile_in: np.ndarray
    career_in: np.ndarray
    salary_in: np.ndarray
    house_in: np.ndarray
    stock_in: np.ndarray
    wealth_in: np.ndarray
    estates: np.ndarray
    offer: np.ndarray
    salary_offer: np.ndarray
    bets: np.ndarray  # (k, 3): seat, number, stake
    owners: np.ndarray  # (k, 2): space, seat
    stack: np.ndarray


# Game scalars (FastState.g).
(G_N, G_BANK, G_TURN, G_TURN_NUMBER, G_LAST_SPIN, G_TYCOON, G_RETIRED, G_LUCKY_SEAT,
 G_LUCKY_NUMBER, G_LUCKY_FINE, G_MOVES, G_SP, G_NTILE_PILE, G_NEST, G_NOFFER, G_NSOFFER,
 G_NBETS, G_NOWNERS, G_NCAREER, G_NSALARY, G_NHOUSE, G_NSTOCK, G_NWEALTH, G_CHANCE,
 G_ERROR, G_OG_TILE_IN, G_OG_CAREER_IN, G_OG_SALARY_IN, G_OG_HOUSE_IN, G_OG_STOCK_IN,
 G_OG_WEALTH_IN, G_OG_ESTATES, G_OG_OFFER, G_OG_SOFFER, G_OG_BETS, G_OG_OWNERS, G_OP_STOCKS,
 G_OP_HAND, G_OPL, G_PW, G_OST, G_END) = range(42)
N_GAME_FIELDS = 42

# Player fields (FastState.pl columns).
(PF_SPACE, PF_CASH, PF_LOANS, PF_CAREER, PF_CAREER2, PF_SALARY, PF_DEGREE, PF_HOUSE,
 PF_AUTO, PF_HOME, PF_SPOUSE, PF_CHILDREN, PF_RETIRED, PF_SKIP, PF_LAST_SPIN, PF_PAYDAYS,
 PF_HOUSE_SALE, PF_REPAID, PF_MISSED, PF_PATH, PF_TURNS, PF_RAISES, PF_PENDING,
 PF_POLICIES, PF_NTILES, PF_NSTOCKS, PF_NHAND, PF_NBONUS) = range(28)
N_PLAYER_FIELDS = 28
PF_TILES = N_PLAYER_FIELDS  # a seat's tiles follow its fields


def _kinds(r: Ruleset) -> tuple[str, ...]:
    extra = sorted({k for sp in r.spaces for k in (sp.kind, sp.requires, sp.waived_by)}
                   - set(FIXED_KINDS))
    return FIXED_KINDS + tuple(extra)


def lower_rules(r: Ruleset) -> FastRules:
    """The ruleset as arrays, built once and kept on the ruleset (its cache).

    Raises:
        UnsupportedRule: the ruleset uses an effect, ability trigger or setting
            the compiled engine lacks (named in the message).
    """
    cached = r.cache.get("fast")
    if cached is None:
        cached = r.cache["fast"] = _lower_rules(r)
    return cached


def _lower_rules(r: Ruleset) -> FastRules:
    for sp in r.spaces:
        if sp.effect not in EFFECTS:
            raise UnsupportedRule(
                f"{r.id}: space {sp.id} has effect {sp.effect!r}, which the fast engine "
                f"does not run (it runs: {', '.join(EFFECTS)})")
    for car in r.careers:
        for ab in car.abilities:
            if ab.trigger not in TRIGGERS:
                raise UnsupportedRule(
                    f"{r.id}: career {car.id} has ability {ab.trigger!r}, which the fast "
                    f"engine does not run (it runs: {', '.join(TRIGGERS)})")
            if ab.consecutive not in ("own", "game"):
                raise UnsupportedRule(f"{r.id}: career {car.id}: consecutive = "
                                      f"{ab.consecutive!r} is not 'own' or 'game'")
    if r.auto_insurance_offer not in ("first_spin", "every_turn"):
        raise UnsupportedRule(f"{r.id}: auto_insurance_offer = {r.auto_insurance_offer!r}")
    if r.max_players > MAX_SEQ:
        raise UnsupportedRule(f"{r.id}: {r.max_players} players; the fast engine seats "
                              f"at most {MAX_SEQ}")
    if r.estates_tiles > MAX_SEQ:
        raise UnsupportedRule(f"{r.id}: {r.estates_tiles} estates tiles; the fast engine "
                              f"deals at most {MAX_SEQ}")
    kinds = _kinds(r)
    if len(kinds) > 62:
        raise UnsupportedRule(f"{r.id}: {len(kinds)} kinds of insurance; at most 62")
    kind = {k: i for i, k in enumerate(kinds)}
    nsp = len(r.spaces)
    maxnext = max(1, max(len(sp.next) for sp in r.spaces))
    maxg = max(1, max(len(sp.gifts) for sp in r.spaces))
    maxo = max(1, max(len(sp.outcomes) for sp in r.spaces))
    space = np.zeros((nsp, N_SPACE_FIELDS), np.int64)
    nxt = np.full((nsp, maxnext), -1, np.int64)
    cost = np.zeros((nsp, maxnext), np.int64)
    gifts = np.zeros((nsp, maxg, 3), np.int64)
    outcomes = np.zeros((nsp, maxo, 3), np.int64)
    for i, sp in enumerate(r.spaces):
        row = space[i]
        row[S_EFFECT] = EFFECTS.index(sp.effect)
        row[S_STOP] = sp.stop
        row[S_NNEXT] = len(sp.next)
        row[S_AMOUNT] = sp.amount
        row[S_PAYEE] = sp.payee
        row[S_WAIVED] = kind[sp.waived_by]
        row[S_PER_CHILD] = sp.per_child
        row[S_COUNT] = sp.count
        row[S_LIFE_TILE] = sp.life_tile
        row[S_CAREERS] = sp.careers
        row[S_SALARIES] = sp.salaries
        row[S_BORROW] = sp.borrow_notes
        row[S_DRAW_JOB] = sp.draw_job
        row[S_TO_RETIRE] = sp.to_retire
        row[S_DEGREE_ONLY] = sp.degree_only
        row[S_LOAN_CASH] = sp.loan_cash
        row[S_PAY_FIRST] = sp.pay_first
        row[S_RAISE] = sp.raise_amount
        row[S_GIFT] = sp.gift
        row[S_NGIFTS] = len(sp.gifts)
        row[S_DECK] = sp.deck
        row[S_MAX_BET] = sp.max_bet
        row[S_BET_STEP] = sp.bet_step
        row[S_MULTIPLIER] = sp.multiplier
        row[S_CHILD_GIFT] = sp.child_gift
        row[S_ACTS_ON_PASS] = sp.acts_on_pass
        row[S_REQUIRES] = kind[sp.requires]
        row[S_IF_SPUN] = sp.if_spun
        row[S_CAREER] = sp.career
        row[S_TO] = sp.to
        row[S_LAND] = sp.land
        row[S_KIND] = kind[sp.kind]
        row[S_SURE] = sp.sure
        row[S_OPTIONAL] = sp.optional
        row[S_NOUT] = len(sp.outcomes)
        row[S_BACK] = sp.back
        row[S_CHOOSE_PLACE] = sp.choose_place
        row[S_FIRST_BONUS] = sp.first_bonus
        row[S_STOCK_BONUS] = sp.stock_bonus
        row[S_LIFE_BONUS] = sp.life_bonus
        row[S_LUCKY_FINE] = sp.lucky_fine
        row[S_TYCOON] = sp.tycoon
        row[S_PREV] = sp.prev
        row[S_IS_PAYDAY] = sp.effect == "payday"
        for j, n in enumerate(sp.next):
            nxt[i, j] = n
        for j, x in enumerate(sp.branch_costs):
            cost[i, j] = x
        for j, g in enumerate(sp.gifts):
            gifts[i, j] = g
        for j, o in enumerate(sp.outcomes):
            outcomes[i, j] = o
    # Lookups by amount and by number keep the last card that matches, as the
    # reference's dict comprehensions do.
    salary_by_amount = {a: i for i, a in enumerate(r.salary_amounts)}
    stock_by_number = {n: i for i, n in enumerate(r.stock_numbers)}
    career = np.zeros((max(1, len(r.careers)), 6), np.int64)
    abilities: list[list[int]] = []
    for ci, car in enumerate(r.careers):
        career[ci] = (car.degree, car.salary, car.max_salary, car.taxes, len(abilities),
                      len(car.abilities))
        for ab in car.abilities:
            numbers = 0
            for n in ab.numbers:
                numbers |= 1 << n
            card = salary_by_amount.get(ab.salary, -1)
            if ab.trigger in ("double_spin_salary", "tiles_for_salary") and card < 0:
                raise UnsupportedRule(f"{r.id}: career {car.id}: no salary card of "
                                      f"{ab.salary} for its {ab.trigger}")
            abilities.append([ci, TRIGGERS.index(ab.trigger), ab.number, numbers, ab.amount,
                              ab.own_spin, ab.tiles, ab.salary, card,
                              ab.consecutive == "game"])
    ability = np.array(abilities or [[-1] * 10], np.int64).reshape(-1, 10)
    salary = np.array([[a, t] for a, t in zip(r.salary_amounts, r.salary_taxes, strict=True)]
                      or [[0, 0]], np.int64).reshape(-1, 2)
    house = np.array([[h.price, h.insurance, h.sale, h.deck] for h in r.houses] or [[0] * 4],
                     np.int64).reshape(-1, 4)
    resale = np.zeros((max(1, len(r.houses)), r.spinner), np.int64)
    for hi, h in enumerate(r.houses):
        for j, v in enumerate(h.resale[: r.spinner]):
            resale[hi, j] = v
    sbn = np.full(r.spinner + 1, -1, np.int64)
    for n, i in stock_by_number.items():
        if 0 <= n <= r.spinner:
            sbn[n] = i
    wealth = np.array([[c.WEALTH_KINDS.index(w.kind), w.tokens] for w in r.wealth_cards]
                      or [[0, 0]], np.int64).reshape(-1, 2)
    spin_outcomes = r.spinner * r.misspin_weight + 1 if r.misspin_weight else r.spinner
    rule = np.zeros(N_RULE_FIELDS, np.int64)
    rule[R_START_CASH] = r.start_cash
    rule[R_LOAN] = r.loan_amount
    rule[R_PAYBACK] = r.loan_payback
    rule[R_BORROW_LIMIT] = r.borrow_limit
    rule[R_HOUSE_DRAW] = r.house_draw
    rule[R_CAR] = r.car_capacity
    rule[R_ESTATES_TILES] = r.estates_tiles
    rule[R_COUNTRYSIDE_TILES] = r.countryside_tiles
    rule[R_STOCK_PRICE] = r.stock_price
    rule[R_STOCK_PAYOUT] = r.stock_payout
    rule[R_MAX_STOCKS] = r.max_stocks
    rule[R_AUTO_PRICE] = r.auto_insurance_price
    rule[R_AUTO_EVERY_TURN] = r.auto_insurance_offer == "every_turn"
    rule[R_SPINNER] = r.spinner
    rule[R_MISSPIN] = r.misspin_weight
    rule[R_OCCUPIED] = r.occupied_space_rule
    rule[R_SHARED_LEAD] = r.shared_lead
    rule[R_ESTATES_RETIRE] = r.estates_retire_tiles
    rule[R_BONUS_FROM_PLAYERS] = r.bonus_tile_from_players
    rule[R_WEALTH_HAND] = r.wealth_hand
    rule[R_WEALTH_THRESHOLD] = r.wealth_threshold
    rule[R_SHARED_BETS] = r.shared_bet_numbers
    rule[R_NSPACES] = nsp
    rule[R_NCAREERS] = len(r.careers)
    rule[R_NSALARIES] = len(r.salary_amounts)
    rule[R_NHOUSES] = len(r.houses)
    rule[R_NSTOCKS] = len(r.stock_numbers)
    rule[R_NTILES] = len(r.tile_values)
    rule[R_NWEALTH] = len(r.wealth_cards)
    rule[R_NSTARTS] = len(r.starts)
    rule[R_NABILITIES] = len(abilities)
    rule[R_SPIN_OUTCOMES] = spin_outcomes
    rule[R_LIFE_KIND] = kind.get("life", -1)  # 1960's life insurance pays a bonus
    # The longest list of legal actions: a Spin to Win bet (every number at
    # every stake), night school's career x salary pairs, a start or a deck.
    stakes = max((sp.max_bet // sp.bet_step for sp in r.spaces if sp.bet_step), default=0)
    rule[R_MAX_LEGAL] = 16 + max(
        r.spinner * (stakes + 1), len(r.careers) * (len(r.salary_amounts) + 1), len(r.starts),
        len(r.houses), len(r.stock_numbers) + 16, 2 * r.max_players, maxnext, len(r.tile_values))
    # One array each: rule + lists, space + its tuples, tab = every table.
    lists = [np.array(r.starts, np.int64), sbn, np.array(r.tile_values or (0,), np.int64)]
    at = N_RULE_FIELDS
    for field_, arr in zip((R_OR_STARTS, R_OR_STOCK_BY_NUMBER, R_OR_TILE_VALUE), lists,
                           strict=True):
        rule[field_] = at
        at += len(arr)
    rule_all = np.concatenate([rule, *lists])
    cols = [space, nxt, cost, gifts.reshape(nsp, -1), outcomes.reshape(nsp, -1)]
    at = N_SPACE_FIELDS
    for field_, arr in zip((R_OS_NXT, R_OS_COST, R_OS_GIFTS, R_OS_OUT), cols[1:], strict=True):
        rule_all[field_] = at
        at += arr.shape[1]
    space_all = np.concatenate(cols, axis=1)
    house_all = np.concatenate([house, resale], axis=1)
    blocks = [career, ability, salary, house_all, wealth]
    width = max(b.shape[1] for b in blocks)
    at = 0
    for field_, blk in zip((R_OT_CAREER, R_OT_ABILITY, R_OT_SALARY, R_OT_HOUSE, R_OT_WEALTH),
                           blocks, strict=True):
        rule_all[field_] = at
        at += blk.shape[0]
    tab = np.zeros((at, width), np.int64)
    at = 0
    for blk in blocks:
        tab[at: at + blk.shape[0], : blk.shape[1]] = blk
        at += blk.shape[0]
    rule_all[R_OSPACE] = len(rule_all)
    rule_all[R_SW] = space_all.shape[1]
    rule_all[R_OTAB] = len(rule_all) + space_all.size
    rule_all[R_TW] = tab.shape[1]
    return np.concatenate([rule_all, space_all.ravel(), tab.ravel()])


def views(fr: FastRules) -> RulesViews:
    """The parts of a lowered ruleset as numpy views, by name."""
    rule = fr
    nsp = int(rule[R_NSPACES])
    space = fr[int(rule[R_OSPACE]): int(rule[R_OTAB])].reshape(nsp, int(rule[R_SW]))
    tab = fr[int(rule[R_OTAB]):].reshape(-1, int(rule[R_TW]))
    nsp = int(rule[R_NSPACES])
    k_g = int(rule[R_OS_OUT] - rule[R_OS_GIFTS]) // 3
    k_o = (space.shape[1] - int(rule[R_OS_OUT])) // 3

    def block(first: int, end: int, cols: int) -> np.ndarray:
        return tab[int(rule[first]): int(rule[end]) if end >= 0 else tab.shape[0], :cols]

    spinner = int(rule[R_SPINNER])
    house = block(R_OT_HOUSE, R_OT_WEALTH, H_RESALE + spinner)
    return RulesViews(
        rule=rule[:N_RULE_FIELDS], space=space[:, :N_SPACE_FIELDS],
        nxt=space[:, int(rule[R_OS_NXT]): int(rule[R_OS_COST])],
        branch_cost=space[:, int(rule[R_OS_COST]): int(rule[R_OS_GIFTS])],
        gifts=space[:, int(rule[R_OS_GIFTS]): int(rule[R_OS_OUT])].reshape(nsp, k_g, 3),
        outcomes=space[:, int(rule[R_OS_OUT]):].reshape(nsp, k_o, 3),
        starts=rule[int(rule[R_OR_STARTS]): int(rule[R_OR_STOCK_BY_NUMBER])],
        stock_by_number=rule[int(rule[R_OR_STOCK_BY_NUMBER]): int(rule[R_OR_TILE_VALUE])],
        tile_value=rule[int(rule[R_OR_TILE_VALUE]): int(rule[R_OSPACE])],
        career=block(R_OT_CAREER, R_OT_ABILITY, 6), ability=block(R_OT_ABILITY, R_OT_SALARY, 10),
        salary=block(R_OT_SALARY, R_OT_HOUSE, 2), house=house[:, :H_RESALE],
        resale=house[:, H_RESALE:], wealth=block(R_OT_WEALTH, -1, 2),
    )


def empty_state(fr: FastRules, players: int) -> FastState:
    """Zeroed arrays sized for `players` seats of this ruleset, offsets set."""
    rule = fr
    nt = max(1, int(rule[R_NTILES]))
    ns = max(1, int(rule[R_NSTOCKS]))
    nw = max(1, int(rule[R_NWEALTH]))
    nc = max(1, int(rule[R_NCAREERS]))
    nsal = max(1, int(rule[R_NSALARIES]))
    nh = max(1, int(rule[R_NHOUSES]))
    sizes = ((G_OG_TILE_IN, nt), (G_OG_CAREER_IN, nc), (G_OG_SALARY_IN, nsal),
             (G_OG_HOUSE_IN, nh), (G_OG_STOCK_IN, ns), (G_OG_WEALTH_IN, nw),
             (G_OG_ESTATES, nt), (G_OG_OFFER, max(nc, nh)), (G_OG_SOFFER, nsal),
             (G_OG_BETS, 3 * (players * int(rule[R_SPINNER]) + 1)),
             (G_OG_OWNERS, 2 * int(rule[R_NSPACES])))
    head = np.zeros(N_GAME_FIELDS, np.int64)
    at = N_GAME_FIELDS
    for field_, n in sizes:
        head[field_] = at
        at += n
    width = PF_TILES + nt + ns + nw
    g = np.zeros(at + players * width + STACK * 6, np.int64)
    g[:N_GAME_FIELDS] = head
    g[G_OP_STOCKS] = PF_TILES + nt
    g[G_OP_HAND] = PF_TILES + nt + ns
    g[G_OPL] = at
    g[G_PW] = width
    g[G_OST] = at + players * width
    g[G_END] = at
    return g


def state_views(fs: FastState) -> StateViews:
    """The parts of a compiled state as numpy views, by name."""
    g = fs
    opl, width, ost = int(g[G_OPL]), int(g[G_PW]), int(g[G_OST])
    pl = g[opl:ost].reshape(-1, width)
    stack = g[ost:].reshape(STACK, 6)

    def part(first: int, end: int) -> np.ndarray:
        return g[int(g[first]): int(g[end]) if end >= 0 else g.shape[0]]

    return StateViews(
        g=g[:N_GAME_FIELDS], pl=pl[:, :N_PLAYER_FIELDS],
        tiles=pl[:, PF_TILES: int(g[G_OP_STOCKS])],
        stocks=pl[:, int(g[G_OP_STOCKS]): int(g[G_OP_HAND])], hand=pl[:, int(g[G_OP_HAND]):],
        tile_in=part(G_OG_TILE_IN, G_OG_CAREER_IN), career_in=part(G_OG_CAREER_IN, G_OG_SALARY_IN),
        salary_in=part(G_OG_SALARY_IN, G_OG_HOUSE_IN), house_in=part(G_OG_HOUSE_IN, G_OG_STOCK_IN),
        stock_in=part(G_OG_STOCK_IN, G_OG_WEALTH_IN), wealth_in=part(G_OG_WEALTH_IN, G_OG_ESTATES),
        estates=part(G_OG_ESTATES, G_OG_OFFER), offer=part(G_OG_OFFER, G_OG_SOFFER),
        salary_offer=part(G_OG_SOFFER, G_OG_BETS),
        bets=part(G_OG_BETS, G_OG_OWNERS).reshape(-1, 3),
        owners=part(G_OG_OWNERS, G_END).reshape(-1, 2),
        stack=stack,
    )


def new_state(r: Ruleset, players: int) -> FastState:
    """The compiled state of a new game (as `State.initial` builds it)."""
    return lower_state(State.initial(r, tuple(f"P{i}" for i in range(players))))


def pack(seats: tuple[int, ...]) -> int:
    """Seats packed four bits each, the first lowest."""
    if len(seats) > MAX_SEQ:
        raise UnsupportedRule(f"{len(seats)} seats in one task; at most {MAX_SEQ}")
    out = 0
    for i, s in enumerate(seats):
        out |= (s & 0xF) << (SEQ_BITS * i)
    return out


def _task_row(r: Ruleset, t: Any) -> list[int]:
    name = type(t).__name__
    code = c.TASK_NAMES.index(name)
    seat = t.seat
    f: list[int]
    if isinstance(t, tk.Turn):
        f = [t.notes]
    elif isinstance(t, tk.Branch):
        f = [t.steps]
    elif isinstance(t, tk.ChooseCareer):
        f = [int(t.mode), t.space]
    elif isinstance(t, tk.BuyHouse):
        f = [t.deck, int(t.dealt)]
    elif isinstance(t, (tk.SellHouse,)):
        f = [t.deck]
    elif isinstance(t, (tk.NightSchool, tk.Offer, tk.Gamble, tk.Revenge, tk.Tycoon)):
        f = [t.space]
    elif isinstance(t, tk.Bet):
        f = [pack(t.rest), t.space, t.mode, len(t.rest)]
    elif isinstance(t, tk.Sue):
        f = [t.amount]
    elif isinstance(t, tk.Exempt):
        f = [c.EXEMPT_KINDS.index(t.kind), t.other, t.amount]
    elif isinstance(t, tk.PlayCollect):
        f = [t.mover, t.amount, pack(t.rest), len(t.rest)]
    elif isinstance(t, tk.PlayPay):
        f = [t.amount]
    elif isinstance(t, tk.Lucky):
        f = [t.fine]
    elif isinstance(t, tk.Spin):
        f = [int(t.purpose), t.arg]
    elif isinstance(t, tk.StealTile):
        f = [t.victim]
    elif isinstance(t, (tk.Deal, tk.HouseDeal)):
        f = [int(t.deck), t.left]
    elif isinstance(t, (tk.BonusTiles, tk.WealthDraw)):
        f = [t.left]
    elif isinstance(t, tk.EstatesDeal):
        f = [pack(t.owed), len(t.owed)]
    elif isinstance(t, tk.Move):
        f = [t.steps, t.branch]
    elif isinstance(t, tk.Land):
        f = [t.space, int(t.passing)]
    else:  # seat-only tasks
        f = []
    return [code, seat, *f, *([0] * (4 - len(f)))]


def lower_state(s: State) -> FastState:
    """A reference state as compiled arrays: every holding, the decks, the
    stack of tasks and the move number, so that the compiled engine goes on
    exactly as the reference would."""
    r = s.rules
    fr = lower_rules(r)
    n = len(s.players)
    fs0 = empty_state(fr, n)
    fs = state_views(fs0)
    kinds = _kinds(r)
    g = fs.g
    g[G_N] = n
    g[G_BANK] = s.bank
    g[G_TURN] = s.turn
    g[G_TURN_NUMBER] = s.turn_number
    g[G_LAST_SPIN] = s.last_spin
    g[G_TYCOON] = s.tycoon
    g[G_RETIRED] = s.retired_count
    g[G_LUCKY_SEAT], g[G_LUCKY_NUMBER], g[G_LUCKY_FINE] = s.lucky
    g[G_MOVES] = s.move_number
    for i, p in enumerate(s.players):
        row = fs.pl[i]
        row[PF_SPACE] = p.space
        row[PF_CASH] = p.cash
        row[PF_LOANS] = p.loans
        row[PF_CAREER] = p.career
        row[PF_CAREER2] = p.career2
        row[PF_SALARY] = p.salary
        row[PF_DEGREE] = p.degree
        row[PF_HOUSE] = p.house
        row[PF_AUTO] = p.auto
        row[PF_HOME] = p.home
        row[PF_SPOUSE] = p.spouse
        row[PF_CHILDREN] = p.children
        row[PF_RETIRED] = p.retired
        row[PF_SKIP] = p.skip_next
        row[PF_LAST_SPIN] = p.last_spin
        row[PF_PAYDAYS] = p.paydays
        row[PF_HOUSE_SALE] = p.house_sale
        row[PF_REPAID] = p.loans_repaid
        row[PF_MISSED] = p.missed
        row[PF_PATH] = p.path
        row[PF_TURNS] = p.turns
        row[PF_RAISES] = p.raises
        row[PF_PENDING] = p.pending_branch
        bits = 0
        for k in p.policies:
            bits |= 1 << kinds.index(k)
        row[PF_POLICIES] = bits
        row[PF_NTILES] = len(p.tiles)
        fs.tiles[i, : len(p.tiles)] = p.tiles
        row[PF_NSTOCKS] = len(p.stocks)
        fs.stocks[i, : len(p.stocks)] = p.stocks
        row[PF_NHAND] = len(p.hand)
        fs.hand[i, : len(p.hand)] = p.hand
        # The estates' tiles are the last taken (they are dealt at the final count).
        if p.bonus_tiles and tuple(p.tiles[-len(p.bonus_tiles):]) != tuple(p.bonus_tiles):
            raise UnsupportedRule(f"seat {i}: bonus tiles {p.bonus_tiles} are not the last "
                                  f"of its tiles {p.tiles}")
        row[PF_NBONUS] = len(p.bonus_tiles)
    for pile, members in ((fs.tile_in, s.tile_pile), (fs.career_in, s.career_deck),
                          (fs.salary_in, s.salary_deck), (fs.house_in, s.house_deck),
                          (fs.stock_in, s.stock_deck), (fs.wealth_in, s.wealth_pile)):
        # The reference keeps these sorted (a card may be there twice): counts
        # by card keep the same order.
        if list(members) != sorted(members):
            raise UnsupportedRule(f"a deck out of order: {members}")
        for x in members:
            pile[x] += 1
    g[G_NTILE_PILE] = len(s.tile_pile)
    g[G_NCAREER] = len(s.career_deck)
    g[G_NSALARY] = len(s.salary_deck)
    g[G_NHOUSE] = len(s.house_deck)
    g[G_NSTOCK] = len(s.stock_deck)
    g[G_NWEALTH] = len(s.wealth_pile)
    g[G_NEST] = len(s.estates)
    fs.estates[: len(s.estates)] = s.estates
    g[G_NOFFER] = len(s.offer)
    fs.offer[: len(s.offer)] = s.offer
    g[G_NSOFFER] = len(s.salary_offer)
    fs.salary_offer[: len(s.salary_offer)] = s.salary_offer
    g[G_NBETS] = len(s.bets)
    for j, bet in enumerate(s.bets):
        fs.bets[j] = bet
    g[G_NOWNERS] = len(s.owners)
    for j, own in enumerate(s.owners):
        fs.owners[j] = own
    if len(s.tasks) > STACK:
        raise UnsupportedRule(f"{len(s.tasks)} tasks pending; the fast engine holds {STACK}")
    for j, t in enumerate(s.tasks):
        fs.stack[j] = _task_row(r, t)
    g[G_SP] = len(s.tasks)
    return fs0


def canonical(fs: FastState) -> FastState:
    """A copy with every slot past a list's length zeroed: two states that
    hold the same game compare equal, whatever was left in unused slots."""
    out = fs.copy()
    v = state_views(out)
    g = v.g
    for arr, n in ((v.estates, g[G_NEST]), (v.offer, g[G_NOFFER]),
                   (v.salary_offer, g[G_NSOFFER]), (v.bets, g[G_NBETS]),
                   (v.owners, g[G_NOWNERS]), (v.stack, g[G_SP])):
        arr[int(n):] = 0
    for i in range(v.pl.shape[0]):
        v.tiles[i, int(v.pl[i, PF_NTILES]):] = 0
        v.stocks[i, int(v.pl[i, PF_NSTOCKS]):] = 0
        v.hand[i, int(v.pl[i, PF_NHAND]):] = 0
    return out
