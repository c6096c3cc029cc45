"""The compiled interpreter: the reference engine's rules, line for line, on
integer arrays.

Every function here mirrors one in `lifespin.engine` (named in its
docstring) and must stay bit-exact with it: the same tasks pushed in the same
order, the same legal actions and chance outcomes in the same order, the same
money moved. The differential test (tests/fast/test_differential.py) plays
thousands of games both ways and names the first action where they part.

`S` is a `FastState` (lower.py), changed in place; `R` a `FastRules`. No
Python objects and no allocation per action.
"""

from __future__ import annotations

from numba import njit

from . import codes as c
from . import lower as L

BANK = -1
MASK4 = 0xF

# No reference counting in the kernels: they never allocate, and counting
# every array of the state on every call (atomic increments on each of its
# arrays) cost more than the rules themselves (6,400 -> 17,900 games/s with
# the three-array layout). `_nrt` is numba's own switch for code that needs
# no runtime (numba.core.decorators passes it to the target options).
kernel = njit(cache=True, _nrt=False, error_model="numpy")  # type: ignore[call-overload]
# The rules' main steps (the loop that runs tasks, moving, landing, the
# effects, legal actions, resolving a decision or a chance outcome) are
# inlined by LLVM into whoever calls them. Left as calls, each passes the
# rules and the state as numba array structs (seven words each) plus the
# scratch row, and the callers spill and reload around every call; inlined,
# classic random play went from about 113 to about 75 ns an action in one
# A/B run (benchmarks/RESULTS.md has the quiet-machine figures), for about a
# quarter more compile time (54 -> 68 CPU seconds for `play_range`).
# `forceinline` is numba's switch for LLVM's alwaysinline; numba's own
# `inline="always"` (inlining at the IR level) was as fast but compiled for
# minutes.
inline = njit(cache=True, _nrt=False, error_model="numpy",  # type: ignore[call-overload]
              forceinline=True)

# ==================================================================== where things are
# Each part of the state and the rules is one array (lower.py); these give
# the index where a row starts.


@kernel
def seat_at(S, seat):
    """Where seat's row starts in S (its fields PF_*, tiles, stock, hand)."""
    return S[L.G_OPL] + seat * S[L.G_PW]


@kernel
def task_at(S, i):
    """Where the i-th task of the stack starts (type, seat, f1..f4)."""
    return S[L.G_OST] + 6 * i


@kernel
def space_at(R, pos):
    """Where space pos's row starts in R (fields S_*, then its lists)."""
    return R[L.R_OSPACE] + pos * R[L.R_SW]


@kernel
def tab_at(R, block, i):
    return R[L.R_OTAB] + (R[block] + i) * R[L.R_TW]


@kernel
def career_at(R, i):
    return tab_at(R, L.R_OT_CAREER, i)


@kernel
def ability_at(R, i):
    return tab_at(R, L.R_OT_ABILITY, i)


@kernel
def salary_at(R, i):
    return tab_at(R, L.R_OT_SALARY, i)


@kernel
def house_at(R, i):
    return tab_at(R, L.R_OT_HOUSE, i)


@kernel
def wealth_at(R, i):
    return tab_at(R, L.R_OT_WEALTH, i)


# ==================================================================== the stack


@kernel
def push(S, t, seat, f1, f2, f3, f4):
    """Push one task on top (runs next)."""
    sp = S[L.G_SP]
    if sp >= L.STACK:
        S[L.G_ERROR] = 1
        return
    row = S[task_at(S, sp) :]
    row[0] = t
    row[1] = seat
    row[2] = f1
    row[3] = f2
    row[4] = f3
    row[5] = f4
    S[L.G_SP] = sp + 1


@kernel
def push1(S, t, seat):
    push(S, t, seat, 0, 0, 0, 0)


@kernel
def pop(S):
    S[L.G_SP] -= 1


@kernel
def insert_under(S, base, count):
    """Open `count` rows at `base`, moving the tasks above up (Land's `then`)."""
    sp = S[L.G_SP]
    if sp + count > L.STACK:
        S[L.G_ERROR] = 1
        return
    for i in range(sp - 1, base - 1, -1):
        for k in range(6):
            S[task_at(S, i + count) + k] = S[task_at(S, i) + k]
    S[L.G_SP] = sp + count


@kernel
def set_row(S, i, t, seat, f1, f2, f3, f4):
    row = S[task_at(S, i) :]
    row[0] = t
    row[1] = seat
    row[2] = f1
    row[3] = f2
    row[4] = f3
    row[5] = f4


# ==================================================================== holdings


@kernel
def has(S, seat, kind):
    """engine.player.has: a house, stock, a car or home policy, or a policy."""
    p = S[seat_at(S, seat) :]
    if kind == L.K_HOUSE:
        return p[L.PF_HOUSE] >= 0
    if kind == L.K_STOCK:
        return p[L.PF_NSTOCKS] > 0 or (p[L.PF_POLICIES] >> L.K_STOCK) & 1 == 1
    if kind == L.K_AUTO:
        return p[L.PF_AUTO] != 0
    if kind == L.K_HOME:
        return p[L.PF_HOME] != 0
    return (p[L.PF_POLICIES] >> kind) & 1 == 1


@kernel
def holds(R, S, seat, wkind):
    """engine.player.holds: a Share the Wealth card of this kind in the hand."""
    for j in range(S[seat_at(S, seat) + L.PF_NHAND]):
        if R[wealth_at(R, S[seat_at(S, seat) + S[L.G_OP_HAND] + j])] == wkind:
            return True
    return False


@kernel
def people(S, seat):
    return 1 + S[seat_at(S, seat) + L.PF_SPOUSE] + S[seat_at(S, seat) + L.PF_CHILDREN]


@kernel
def salary_of(R, S, seat):
    p = S[seat_at(S, seat) :]
    if p[L.PF_SALARY] >= 0:
        return R[salary_at(R, p[L.PF_SALARY])]
    if p[L.PF_CAREER] >= 0:
        car = R[career_at(R, p[L.PF_CAREER]) :]
        amount = car[L.CA_SALARY] + p[L.PF_RAISES]
        if car[L.CA_MAX_SALARY]:
            return min(amount, car[L.CA_MAX_SALARY])
        return amount
    return 0


@kernel
def taxes_of(R, S, seat):
    p = S[seat_at(S, seat) :]
    if p[L.PF_SALARY] >= 0:
        return R[salary_at(R, p[L.PF_SALARY]) + 1]
    if p[L.PF_CAREER] >= 0:
        return R[career_at(R, p[L.PF_CAREER]) + L.CA_TAXES]
    return 0


@kernel
def worth(R, S, seat):
    w = S[seat_at(S, seat) + L.PF_CASH]
    for j in range(S[seat_at(S, seat) + L.PF_NTILES]):
        w += R[R[L.R_OR_TILE_VALUE] + S[seat_at(S, seat) + L.PF_TILES + j]]
    return w


@kernel
def n_others(S, seat):
    n = 0
    for i in range(S[L.G_N]):
        if i != seat and S[seat_at(S, i) + L.PF_RETIRED] == 0:
            n += 1
    return n


@kernel
def is_victim(S, seat, i):
    return (
        i != seat
        and S[seat_at(S, i) + L.PF_NTILES] > 0
        and S[seat_at(S, i) + L.PF_RETIRED] != c.COUNTRYSIDE
    )


@kernel
def n_victims(S, seat):
    n = 0
    for i in range(S[L.G_N]):
        if is_victim(S, seat, i):
            n += 1
    return n


@kernel
def holder(S, career):
    for i in range(S[L.G_N]):
        if S[seat_at(S, i) + L.PF_CAREER] == career:
            return i
    return BANK


@kernel
def holds_career(S, i, career):
    return S[seat_at(S, i) + L.PF_CAREER] == career or S[seat_at(S, i) + L.PF_CAREER2] == career


@kernel
def occupied(S, seat, space):
    for i in range(S[L.G_N]):
        if (
            i != seat
            and S[seat_at(S, i) + L.PF_SPACE] == space
            and S[seat_at(S, i) + L.PF_RETIRED] == 0
        ):
            return True
    return False


# ==================================================================== money


@kernel
def borrow(R, S, seat, notes):
    amount = notes * R[L.R_LOAN]
    S[seat_at(S, seat) + L.PF_LOANS] += notes
    S[seat_at(S, seat) + L.PF_CASH] += amount
    S[L.G_BANK] -= amount


@kernel
def repay(R, S, seat, notes, settle):
    amount = notes * R[L.R_PAYBACK]
    p = S[seat_at(S, seat) :]
    p[L.PF_LOANS] -= notes
    p[L.PF_CASH] -= amount
    S[L.G_BANK] += amount
    if p[L.PF_RETIRED] != 0 or settle:
        p[L.PF_REPAID] += amount


@kernel
def transfer(R, S, payer, payee, amount):
    """Draft.transfer: a player on the road who cannot pay borrows first."""
    if amount <= 0 or payer == payee:
        return
    if payer == BANK:
        S[L.G_BANK] -= amount
    else:
        cash = S[seat_at(S, payer) + L.PF_CASH]
        if cash < amount and S[seat_at(S, payer) + L.PF_RETIRED] == 0:
            loan = R[L.R_LOAN]
            borrow(R, S, payer, (amount - cash + loan - 1) // loan)
        S[seat_at(S, payer) + L.PF_CASH] -= amount
    if payee == BANK:
        S[L.G_BANK] += amount
    else:
        S[seat_at(S, payee) + L.PF_CASH] += amount


@kernel
def pay(R, S, seat, amount, payee_career):
    payee = BANK if payee_career < 0 else holder(S, payee_career)
    if payee == seat:
        return
    transfer(R, S, seat, payee, amount)


# ==================================================================== decks


@kernel
def deck_add(S, deck, count_field, x):
    """A card back into a deck (`deck`: the G_OG_* field of its counts).

    A deck is a sorted tuple in the reference, which can hold a card twice
    (1960 hands out careers without taking them from the deck): counts."""
    S[S[deck] + x] += 1
    S[count_field] += 1


@kernel
def deck_remove(S, deck, count_field, x):
    """The reference filters the card out: every copy goes."""
    at = S[deck] + x
    S[count_field] -= S[at]
    S[at] = 0


@kernel
def nth_member(S, deck, size, k):
    """The k-th card of a deck in index order (the reference's sorted tuple)."""
    at = S[deck]
    for i in range(size):
        if k < S[at + i]:
            return i
        k -= S[at + i]
    return -1


@kernel
def give_tile(S, seat, tile):
    n = S[seat_at(S, seat) + L.PF_NTILES]
    S[seat_at(S, seat) + L.PF_TILES + n] = tile
    S[seat_at(S, seat) + L.PF_NTILES] = n + 1


@kernel
def remove_tile(S, seat, tile):
    n = S[seat_at(S, seat) + L.PF_NTILES]
    j = 0
    while S[seat_at(S, seat) + L.PF_TILES + j] != tile:
        j += 1
    for k in range(j, n - 1):
        S[seat_at(S, seat) + L.PF_TILES + k] = S[seat_at(S, seat) + L.PF_TILES + k + 1]
    S[seat_at(S, seat) + L.PF_NTILES] = n - 1


@kernel
def steal_or_nothing(S, seat):
    nv = n_victims(S, seat)
    if nv == 1:
        for i in range(S[L.G_N]):
            if is_victim(S, seat, i):
                push(S, c.T_STEAL_TILE, seat, i, 0, 0, 0)
    elif nv > 1:
        push1(S, c.T_STEAL_FROM, seat)


@kernel
def return_job(S, seat):
    p = S[seat_at(S, seat) :]
    p[L.PF_RAISES] = 0
    if p[L.PF_CAREER] >= 0:
        deck_add(S, L.G_OG_CAREER_IN, L.G_NCAREER, p[L.PF_CAREER])
        p[L.PF_CAREER] = -1
    if p[L.PF_CAREER2] >= 0:
        deck_add(S, L.G_OG_CAREER_IN, L.G_NCAREER, p[L.PF_CAREER2])
        p[L.PF_CAREER2] = -1
    if p[L.PF_SALARY] >= 0:
        deck_add(S, L.G_OG_SALARY_IN, L.G_NSALARY, p[L.PF_SALARY])
        p[L.PF_SALARY] = -1


@kernel
def take_salary_card(S, seat, salary):
    p = S[seat_at(S, seat) :]
    if p[L.PF_SALARY] == salary:
        return
    for i in range(S[L.G_N]):
        if S[seat_at(S, i) + L.PF_SALARY] == salary:
            S[seat_at(S, i) + L.PF_SALARY] = p[L.PF_SALARY]
            p[L.PF_SALARY] = salary
            return
    if p[L.PF_SALARY] >= 0:
        deck_add(S, L.G_OG_SALARY_IN, L.G_NSALARY, p[L.PF_SALARY])
    deck_remove(S, L.G_OG_SALARY_IN, L.G_NSALARY, salary)
    p[L.PF_SALARY] = salary


@kernel
def discard(R, S, seat, wkind):
    """decisions.discard: the first card of the kind in the hand goes back."""
    n = S[seat_at(S, seat) + L.PF_NHAND]
    j = 0
    while R[wealth_at(R, S[seat_at(S, seat) + S[L.G_OP_HAND] + j])] != wkind:
        j += 1
    card = S[seat_at(S, seat) + S[L.G_OP_HAND] + j]
    for k in range(j, n - 1):
        S[seat_at(S, seat) + S[L.G_OP_HAND] + k] = S[seat_at(S, seat) + S[L.G_OP_HAND] + k + 1]
    S[seat_at(S, seat) + L.PF_NHAND] = n - 1
    deck_add(S, L.G_OG_WEALTH_IN, L.G_NWEALTH, card)


# ==================================================================== effects' helpers


@kernel
def leading(R, S, seat):
    mine = R[space_at(R, S[seat_at(S, seat) + L.PF_SPACE]) + L.S_TO_RETIRE]
    ahead = mine if R[L.R_SHARED_LEAD] else mine + 1
    for i in range(S[L.G_N]):
        if i == seat:
            continue
        q = S[seat_at(S, i) :]
        if q[L.PF_RETIRED] != 0 or (
            q[L.PF_SPACE] >= 0 and R[space_at(R, q[L.PF_SPACE]) + L.S_TO_RETIRE] < ahead
        ):
            return False
    return True


@kernel
def give_raise(R, S, seat, amount):
    p = S[seat_at(S, seat) :]
    if p[L.PF_CAREER] < 0:
        return
    car = R[career_at(R, p[L.PF_CAREER]) :]
    p[L.PF_RAISES] += amount
    if car[L.CA_MAX_SALARY]:
        p[L.PF_RAISES] = min(p[L.PF_RAISES], max(0, car[L.CA_MAX_SALARY] - car[L.CA_SALARY]))


@kernel
def gain_stock(S, seat, stock):
    n = S[seat_at(S, seat) + L.PF_NSTOCKS]
    S[seat_at(S, seat) + S[L.G_OP_STOCKS] + n] = stock
    S[seat_at(S, seat) + L.PF_NSTOCKS] = n + 1
    deck_remove(S, L.G_OG_STOCK_IN, L.G_NSTOCK, stock)


@kernel
def sell_house(R, S, seat, price):
    p = S[seat_at(S, seat) :]
    deck_add(S, L.G_OG_HOUSE_IN, L.G_NHOUSE, p[L.PF_HOUSE])
    p[L.PF_HOUSE] = -1
    p[L.PF_HOME] = 0
    if p[L.PF_RETIRED] != 0:
        p[L.PF_HOUSE_SALE] += price
    transfer(R, S, BANK, seat, price)


@kernel
def drop_policy(S, seat, kind):
    if not has(S, seat, kind):
        return
    p = S[seat_at(S, seat) :]
    if kind == L.K_AUTO:
        p[L.PF_AUTO] = 0
    elif kind == L.K_HOME:
        p[L.PF_HOME] = 0
    else:
        p[L.PF_POLICIES] &= ~(1 << kind)


@kernel
def jump(S, seat, to, land):
    S[seat_at(S, seat) + L.PF_SPACE] = to
    if land:
        push(S, c.T_LAND, seat, to, 0, 0, 0)


@kernel
def gifts_from_all(R, S, seat, amount):
    for i in range(S[L.G_N]):
        if i != seat and S[seat_at(S, i) + L.PF_RETIRED] == 0:
            transfer(R, S, i, seat, amount)


@kernel
def offer_collect_cards(R, S, seat, amount):
    n = S[L.G_N]
    first = -1
    rest = 0
    nrest = 0
    for k in range(1, n):
        i = (seat + k) % n
        if holds(R, S, i, c.W_COLLECT):
            if first < 0:
                first = i
            else:
                rest |= i << (L.SEQ_BITS * nrest)
                nrest += 1
    if first >= 0:
        push(S, c.T_PLAY_COLLECT, first, seat, amount, rest, nrest)


@kernel
def push_draw_job(S, seat, deck, careers, salaries):
    """Deal careers, choose one, deal salaries, choose one (the first runs first)."""
    push1(S, c.T_CHOOSE_SALARY, seat)
    push(S, c.T_DEAL, seat, c.D_SALARY, salaries, 0, 0)
    push(S, c.T_CHOOSE_CAREER, seat, c.M_PICK, 0, 0, 0)
    push(S, c.T_DEAL, seat, deck, careers, 0, 0)


@inline
def payday(R, S, seat, pos):
    S[seat_at(S, seat) + L.PF_PAYDAYS] += 1
    raise_amount = R[space_at(R, pos) + L.S_RAISE]
    if raise_amount:
        give_raise(R, S, seat, raise_amount)
    amount = salary_of(R, S, seat)
    if amount:
        transfer(R, S, BANK, seat, amount)


@kernel
def commission(R, S, buyer):
    for a in range(R[L.R_NABILITIES]):
        ab = R[ability_at(R, a) :]
        if ab[L.AB_TRIGGER] != L.TR_COMMISSION:
            continue
        for i in range(S[L.G_N]):
            if i != buyer and holds_career(S, i, ab[L.AB_CAREER]):
                transfer(R, S, BANK, i, ab[L.AB_AMOUNT])


@inline
def after_spin(R, S, seat, value):
    """abilities.after_spin: stock payouts, career abilities, the lucky number."""
    nab = R[L.R_NABILITIES]
    if value:
        stock = R[R[L.R_OR_STOCK_BY_NUMBER] + value]
        if stock >= 0:
            for i in range(S[L.G_N]):
                found = False
                for j in range(S[seat_at(S, i) + L.PF_NSTOCKS]):
                    if S[seat_at(S, i) + S[L.G_OP_STOCKS] + j] == stock:
                        found = True
                if found:
                    transfer(R, S, BANK, i, R[L.R_STOCK_PAYOUT])
                    break
        for a in range(nab):
            ab = R[ability_at(R, a) :]
            if ab[L.AB_TRIGGER] == L.TR_SPIN_FINE and ab[L.AB_NUMBER] == value:
                for i in range(S[L.G_N]):
                    if i != seat and holds_career(S, i, ab[L.AB_CAREER]):
                        transfer(R, S, seat, i, ab[L.AB_AMOUNT])
        for a in range(nab):
            ab = R[ability_at(R, a) :]
            if ab[L.AB_TRIGGER] == L.TR_DOUBLE and (ab[L.AB_NUMBERS] >> value) & 1:
                before = S[L.G_LAST_SPIN] if ab[L.AB_GAME] else S[seat_at(S, seat) + L.PF_LAST_SPIN]
                if holds_career(S, seat, ab[L.AB_CAREER]) and before == value:
                    take_salary_card(S, seat, ab[L.AB_SALARY_CARD])
                    S[seat_at(S, seat) + L.PF_LAST_SPIN] = -1
                    S[L.G_LAST_SPIN] = -1
                    return
    else:
        for a in range(nab):
            ab = R[ability_at(R, a) :]
            if ab[L.AB_TRIGGER] == L.TR_MISSPIN:
                for i in range(S[L.G_N]):
                    if holds_career(S, i, ab[L.AB_CAREER]):
                        if i != seat:
                            transfer(R, S, seat, i, ab[L.AB_AMOUNT])
                        elif ab[L.AB_OWN_SPIN]:
                            transfer(R, S, BANK, i, ab[L.AB_AMOUNT])
    lucky_seat = S[L.G_LUCKY_SEAT]
    if lucky_seat >= 0 and value == S[L.G_LUCKY_NUMBER] and seat != lucky_seat:
        transfer(R, S, seat, lucky_seat, S[L.G_LUCKY_FINE])
    S[seat_at(S, seat) + L.PF_LAST_SPIN] = value
    S[L.G_LAST_SPIN] = value


@kernel
def retire(R, S, seat, pos):
    """effects.retire."""
    sp = R[space_at(R, pos) :]
    return_job(S, seat)
    p = S[seat_at(S, seat) :]
    p[L.PF_AUTO] = 0
    p[L.PF_HOME] = 0
    p[L.PF_RETIRED] = c.ESTATES
    if sp[L.S_CHILD_GIFT] and p[L.PF_CHILDREN]:
        transfer(R, S, BANK, seat, sp[L.S_CHILD_GIFT] * p[L.PF_CHILDREN])
    if p[L.PF_LOANS]:
        repay(R, S, seat, p[L.PF_LOANS], False)
    if not sp[L.S_CHOOSE_PLACE]:
        first = True
        for i in range(S[L.G_N]):
            if S[seat_at(S, i) + L.PF_RETIRED] == c.ACRES:
                first = False
        p[L.PF_RETIRED] = c.ACRES
        S[L.G_RETIRED] += 1
        bonus = sp[L.S_FIRST_BONUS] if first else 0
        if has(S, seat, L.K_STOCK):
            bonus += sp[L.S_STOCK_BONUS]
        life = R[L.R_LIFE_KIND]
        if life >= 0 and has(S, seat, life):
            bonus += sp[L.S_LIFE_BONUS]
        transfer(R, S, BANK, seat, bonus)
        if first and sp[L.S_LUCKY_FINE]:
            push(S, c.T_LUCKY, seat, sp[L.S_LUCKY_FINE], 0, 0, 0)
        return
    # RetireWhere runs after the house sale's spin.
    push1(S, c.T_RETIRE_WHERE, seat)
    if p[L.PF_HOUSE] >= 0:
        sale = R[house_at(R, p[L.PF_HOUSE]) + L.H_SALE]
        if sale >= 0:
            sell_house(R, S, seat, sale)
        else:
            push(S, c.T_SPIN, seat, c.P_HOUSE_SALE, p[L.PF_HOUSE], 0, 0)


@kernel
def finish(R, S):
    """turn.finish: notes still owed are settled at their payback price."""
    for i in range(S[L.G_N]):
        if S[seat_at(S, i) + L.PF_LOANS]:
            repay(R, S, i, S[seat_at(S, i) + L.PF_LOANS], True)


# ==================================================================== spaces (effects.py)

INSTEAD_NONE = 0
INSTEAD_SPIN = 1  # the effect replaces the STOP's follow-ups with a spin


@inline
def effect(R, S, seat, pos, passing):
    """The registered effect of the space, one branch per effect name."""
    sp = R[space_at(R, pos) :]
    e = sp[L.S_EFFECT]
    p = S[seat_at(S, seat) :]
    if e == L.E_START or e == L.E_CROSSROADS:
        return INSTEAD_NONE
    if e == L.E_COLLECT:
        if not sp[L.S_IF_SPUN] or p[L.PF_LAST_SPIN] == sp[L.S_IF_SPUN]:
            transfer(R, S, BANK, seat, sp[L.S_AMOUNT])
            if sp[L.S_AMOUNT] > R[L.R_WEALTH_THRESHOLD] and R[L.R_NWEALTH]:
                offer_collect_cards(R, S, seat, sp[L.S_AMOUNT])
    elif e == L.E_COLLECT_SPIN:
        push(S, c.T_SPIN, seat, c.P_COLLECT, sp[L.S_AMOUNT], 0, 0)
    elif e == L.E_PAY:
        amount = sp[L.S_AMOUNT]
        waived = sp[L.S_WAIVED] != L.K_NONE and has(S, seat, sp[L.S_WAIVED])
        if sp[L.S_PER_CHILD]:
            amount *= p[L.PF_CHILDREN]
        if not waived:
            pay(R, S, seat, amount, sp[L.S_PAYEE])
            if amount > R[L.R_WEALTH_THRESHOLD] and holds(R, S, seat, c.W_PAY):
                push(S, c.T_PLAY_PAY, seat, amount, 0, 0, 0)
    elif e == L.E_PAYDAY:
        payday(R, S, seat, pos)
    elif e == L.E_LIFE_TILE:
        push1(S, c.T_DRAW_TILE, seat)
    elif e == L.E_BABY:
        born = max(0, min(sp[L.S_COUNT], R[L.R_CAR] - people(S, seat)))
        p[L.PF_CHILDREN] += born
        if sp[L.S_GIFT]:
            gifts_from_all(R, S, seat, sp[L.S_GIFT])
        if sp[L.S_LIFE_TILE]:
            push1(S, c.T_DRAW_TILE, seat)
    elif e == L.E_MARRY:
        if not p[L.PF_SPOUSE] and people(S, seat) < R[L.R_CAR]:
            p[L.PF_SPOUSE] = 1
        if sp[L.S_NGIFTS]:
            push(S, c.T_SPIN, seat, c.P_GIFT, pos, 0, 0)
        if sp[L.S_LIFE_TILE]:
            push1(S, c.T_DRAW_TILE, seat)
    elif e == L.E_CAREER_CHOICE:
        p[L.PF_DEGREE] = 1
        return_job(S, seat)
        deck = c.D_COLLEGE if sp[L.S_DEGREE_ONLY] else c.D_CAREER
        push_draw_job(S, seat, deck, sp[L.S_CAREERS], sp[L.S_SALARIES])
    elif e == L.E_BUY_HOUSE:
        push(S, c.T_BUY_HOUSE, seat, sp[L.S_DECK], 0, 0, 0)
    elif e == L.E_SELL_BUY_HOUSE:
        if p[L.PF_HOUSE] >= 0:
            push(S, c.T_SELL_HOUSE, seat, sp[L.S_DECK], 0, 0, 0)
        else:
            push(S, c.T_BUY_HOUSE, seat, sp[L.S_DECK], 0, 0, 0)
    elif e == L.E_LOSE_JOB:
        return_job(S, seat)
        push_draw_job(S, seat, c.D_CAREER, 1, 1)
    elif e == L.E_NIGHT_SCHOOL:
        if sp[L.S_PAY_FIRST]:
            push(S, c.T_NIGHT_SCHOOL, seat, pos, 0, 0, 0)
        else:
            push(S, c.T_NIGHT_SCHOOL, seat, pos, 0, 0, 0)
            if sp[L.S_SALARIES]:
                push(S, c.T_DEAL, seat, c.D_SALARY, sp[L.S_SALARIES], 0, 0)
            push(S, c.T_DEAL, seat, c.D_ANY, sp[L.S_CAREERS], 0, 0)
    elif e == L.E_TRADE_SALARY:
        push1(S, c.T_TRADE_SALARY, seat)
    elif e == L.E_SPIN_AGAIN_UNLESS_LEADING:
        if not leading(R, S, seat):
            return INSTEAD_SPIN
    elif e == L.E_STOCK_SOARS:
        push1(S, c.T_FREE_STOCK, seat)
    elif e == L.E_STOCK_CRASH:
        push1(S, c.T_RETURN_STOCK, seat)
    elif e == L.E_TAXES_DUE:
        pay(R, S, seat, taxes_of(R, S, seat), sp[L.S_PAYEE])
    elif e == L.E_MISS_TURN:
        p[L.PF_SKIP] = 1
    elif e == L.E_RETIRE:
        retire(R, S, seat, pos)
    elif e == L.E_SPIN_TO_WIN:
        n = S[L.G_N]
        first = -1
        rest = 0
        nrest = 0
        for k in range(n):
            i = (seat + k) % n
            if S[seat_at(S, i) + L.PF_RETIRED] == 0:
                if first < 0:
                    first = i
                else:
                    rest |= i << (L.SEQ_BITS * nrest)
                    nrest += 1
        push(S, c.T_BET, first, rest, pos, 0, nrest)
    elif e == L.E_LAWSUIT:
        if n_others(S, seat):
            push(S, c.T_SUE, seat, sp[L.S_AMOUNT], 0, 0, 0)
    elif e == L.E_SHARE_THE_WEALTH:
        push(S, c.T_WEALTH_DRAW, seat, 1, 0, 0, 0)
    elif e == L.E_TAX_REFUND:
        transfer(R, S, BANK, seat, taxes_of(R, S, seat))
    elif e == L.E_GRADUATE:
        p[L.PF_DEGREE] = 1
        push(S, c.T_CHOOSE_CAREER, seat, c.M_GRADUATE, pos, 0, 0)
        push(S, c.T_DEAL, seat, c.D_COLLEGE, sp[L.S_CAREERS], 0, 0)
    elif e == L.E_SPIN_AGAIN:
        return INSTEAD_SPIN
    elif e == L.E_TAKE_CAREER:
        if p[L.PF_CAREER] != sp[L.S_CAREER]:
            p[L.PF_CAREER] = sp[L.S_CAREER]
            p[L.PF_RAISES] = 0
        if sp[L.S_TO] >= 0:
            jump(S, seat, sp[L.S_TO], True)
    elif e == L.E_OFFER_INSURANCE:
        if not has(S, seat, sp[L.S_KIND]):
            push(S, c.T_OFFER, seat, pos, 0, 0, 0)
    elif e == L.E_LOSE_INSURANCE:
        drop_policy(S, seat, sp[L.S_KIND])
    elif e == L.E_GAMBLE:
        if sp[L.S_SURE] or sp[L.S_OPTIONAL]:
            push(S, c.T_GAMBLE, seat, pos, 0, 0, 0)
        else:
            push(S, c.T_SPIN, seat, c.P_GAMBLE, pos, 0, 0)
    elif e == L.E_REVENGE:
        if n_others(S, seat):
            push(S, c.T_REVENGE, seat, pos, 0, 0, 0)
    elif e == L.E_TOLL_BRIDGE:
        owner = -1
        for j in range(S[L.G_NOWNERS]):
            if S[S[L.G_OG_OWNERS] + 2 * j] == pos:
                owner = S[S[L.G_OG_OWNERS] + 2 * j + 1]
                break
        if owner < 0:
            j = S[L.G_NOWNERS]
            S[S[L.G_OG_OWNERS] + 2 * j] = pos
            S[S[L.G_OG_OWNERS] + 2 * j + 1] = seat
            S[L.G_NOWNERS] = j + 1
        elif owner != seat:
            transfer(R, S, seat, owner, sp[L.S_AMOUNT])
    elif e == L.E_JUMP:
        jump(S, seat, sp[L.S_TO], sp[L.S_LAND] != 0)
    elif e == L.E_RECKONING:
        if sp[L.S_CHILD_GIFT] and p[L.PF_CHILDREN]:
            transfer(R, S, BANK, seat, sp[L.S_CHILD_GIFT] * p[L.PF_CHILDREN])
        notes = min(p[L.PF_LOANS], max(0, p[L.PF_CASH]) // R[L.R_PAYBACK])
        if notes:
            repay(R, S, seat, notes, True)
        if sp[L.S_TYCOON]:
            push(S, c.T_TYCOON, seat, pos, 0, 0, 0)
    return INSTEAD_NONE


@inline
def land(R, S, seat, pos, passing):
    """effects.land: the space acts; a STOP then gives a fork choice and a spin,
    run after whatever the effect pushed."""
    sp = R[space_at(R, pos) :]
    e = sp[L.S_EFFECT]
    base = S[L.G_SP]
    then_branch = False
    then_spin = False
    if sp[L.S_STOP] and not passing and e != L.E_RETIRE:
        if sp[L.S_NNEXT] > 1:
            then_branch = True
        if not (e == L.E_RECKONING and sp[L.S_TYCOON]):
            then_spin = True
    req = sp[L.S_REQUIRES]
    if (req == L.K_NONE or has(S, seat, req)) and effect(R, S, seat, pos, passing) == INSTEAD_SPIN:
        then_branch = False
        then_spin = True
    count = int(then_branch) + int(then_spin)
    if count:
        insert_under(S, base, count)
        if then_spin:
            set_row(S, base, c.T_SPIN, seat, c.P_MOVE, 0, 0, 0)
        if then_branch:
            set_row(S, base + count - 1, c.T_BRANCH, seat, 0, 0, 0, 0)


@inline
def move(R, S, seat, steps, branch):
    """turn.move: space by space, STOPs, forks, the occupied-space rule, Pay Days
    and spaces that act on a passing car."""
    p = S[seat_at(S, seat) :]
    pos = p[L.PF_SPACE]
    occupied_rule = R[L.R_OCCUPIED]
    while steps:
        nn = R[space_at(R, pos) + L.S_NNEXT]
        if branch >= 0:
            pos = branch
            branch = -1
        elif nn > 1 and p[L.PF_PENDING] >= 0:
            pos = p[L.PF_PENDING]
            p[L.PF_PENDING] = -1
        elif nn > 1:
            p[L.PF_SPACE] = pos
            push(S, c.T_BRANCH, seat, steps, 0, 0, 0)
            return
        else:
            pos = R[space_at(R, pos) + R[L.R_OS_NXT]]
        steps -= 1
        sp = R[space_at(R, pos) :]
        if sp[L.S_STOP]:
            break
        if steps == 0 and occupied_rule and occupied(S, seat, pos):
            steps = 1
        if not steps or not sp[L.S_ACTS_ON_PASS]:
            continue
        p[L.PF_SPACE] = pos
        if sp[L.S_IS_PAYDAY]:
            payday(R, S, seat, pos)
        else:
            push(S, c.T_MOVE, seat, steps, -1, 0, 0)
            push(S, c.T_LAND, seat, pos, 1, 0, 0)
            return
    p[L.PF_SPACE] = pos
    push(S, c.T_LAND, seat, pos, 0, 0, 0)


@inline
def end_turn(R, S):
    """turn.end_turn: the one place a turn ends."""
    n = S[L.G_N]
    S[seat_at(S, S[L.G_TURN]) + L.PF_TURNS] += 1
    if S[L.G_RETIRED] >= n:
        push1(S, c.T_FINAL, -1)
        return
    seat = S[L.G_TURN]
    while True:
        seat = (seat + 1) % n
        q = S[seat_at(S, seat) :]
        if q[L.PF_RETIRED] != 0:
            continue
        if q[L.PF_SKIP]:
            q[L.PF_SKIP] = 0
            q[L.PF_MISSED] += 1
            continue
        break
    S[L.G_TURN] = seat
    S[L.G_TURN_NUMBER] += 1
    push1(S, c.T_TURN, seat)


@kernel
def final(R, S):
    """turn.final: the estates' tiles to the richest retiree(s) there."""
    n = S[L.G_N]
    nest = S[L.G_NEST]
    best = 0
    nat = 0
    for i in range(n):
        if S[seat_at(S, i) + L.PF_RETIRED] == c.ESTATES:
            if nat == 0 or S[seat_at(S, i) + L.PF_CASH] > best:
                best = S[seat_at(S, i) + L.PF_CASH]
            nat += 1
    if nest and nat:
        ntied = 0
        for i in range(n):
            if (
                S[seat_at(S, i) + L.PF_RETIRED] == c.ESTATES
                and S[seat_at(S, i) + L.PF_CASH] == best
            ):
                ntied += 1
        if nest % ntied == 0:
            owed = 0
            k = 0
            for _ in range(nest // ntied):
                for i in range(n):
                    if (
                        S[seat_at(S, i) + L.PF_RETIRED] == c.ESTATES
                        and S[seat_at(S, i) + L.PF_CASH] == best
                    ):
                        owed |= i << (L.SEQ_BITS * k)
                        k += 1
            push(S, c.T_ESTATES_DEAL, -1, owed, k, 0, 0)
            return
    finish(R, S)


# ==================================================================== legal actions


@kernel
def put(la, n, kind, a, b):
    la[n, 0] = kind
    la[n, 1] = a
    la[n, 2] = b
    return n + 1


@kernel
def bet_taken(R, S, seat):
    """Bits of the numbers `seat` may not cover (decisions._bet_numbers)."""
    shared = R[L.R_SHARED_BETS]
    taken = 0
    for j in range(S[L.G_NBETS]):
        if S[S[L.G_OG_BETS] + 3 * j] == seat or not shared:
            taken |= 1 << S[S[L.G_OG_BETS] + 3 * j + 1]
    return taken


@kernel
def n_bet_numbers(R, S, seat):
    taken = bet_taken(R, S, seat)
    n = 0
    for x in range(1, R[L.R_SPINNER] + 1):
        if not (taken >> x) & 1:
            n += 1
    return n


@kernel
def house_for_sale(R, S, deck, h):
    if deck < 0 or R[house_at(R, h) + L.H_DECK] == deck:
        return S[S[L.G_OG_HOUSE_IN] + h]
    return 0


@kernel
def in_offer(S, x):
    for j in range(S[L.G_NOFFER]):
        if S[S[L.G_OG_OFFER] + j] == x:
            return True
    return False


@kernel
def n_houses_for_sale(R, S, deck):
    n = 0
    for h in range(R[L.R_NHOUSES]):
        n += house_for_sale(R, S, deck, h)
    return n


@kernel
def offers_second_career(S, seat, career):
    p = S[seat_at(S, seat) :]
    if p[L.PF_CAREER2] >= 0 or career != p[L.PF_CAREER] or S[L.G_NCAREER] == 0:
        return False
    for i in range(S[L.G_N]):
        if S[seat_at(S, i) + L.PF_CAREER] < 0 and S[seat_at(S, i) + L.PF_RETIRED] == 0:
            return False
    return True


@inline
def legal(R, S, la):
    """The legal actions of the decision on top, in the reference's order."""
    top = S[task_at(S, S[L.G_SP] - 1) :]
    t = top[0]
    seat = top[1]
    p = S[seat_at(S, seat) :]
    n = 0
    if t == c.T_TURN:
        if p[L.PF_SPACE] < 0:
            for j in range(R[L.R_NSTARTS]):
                n = put(la, n, c.A_START, R[R[L.R_OR_STARTS] + j], 0)
            return n
        n = put(la, n, c.A_SPIN, 0, 0)
        if p[L.PF_NSTOCKS] == 0:
            for s in range(R[L.R_NSTOCKS]):
                for _ in range(S[S[L.G_OG_STOCK_IN] + s]):
                    n = put(la, n, c.A_BUY_STOCK, s, 0)
        if (
            not p[L.PF_AUTO]
            and R[L.R_AUTO_PRICE]
            and (p[L.PF_TURNS] == 0 or R[L.R_AUTO_EVERY_TURN])
        ):
            n = put(la, n, c.A_BUY_AUTO, 0, 0)
        if (
            p[L.PF_HOUSE] >= 0
            and not p[L.PF_HOME]
            and R[house_at(R, p[L.PF_HOUSE]) + L.H_INSURANCE] > 0
        ):
            n = put(la, n, c.A_BUY_HOME, 0, 0)
        notes = top[2]
        if p[L.PF_LOANS] and p[L.PF_CASH] >= R[L.R_PAYBACK] and notes <= 0:
            n = put(la, n, c.A_REPAY, 0, 0)
        if 0 <= notes < R[L.R_BORROW_LIMIT]:
            n = put(la, n, c.A_BORROW, 0, 0)
        for which in range(2):
            car = p[L.PF_CAREER] if which == 0 else p[L.PF_CAREER2]
            if car < 0:
                continue
            first = R[career_at(R, car) + L.CA_AB_FIRST]
            for a in range(first, first + R[career_at(R, car) + L.CA_AB_COUNT]):
                ab = R[ability_at(R, a) :]
                if ab[L.AB_TRIGGER] == L.TR_TILES:
                    if p[L.PF_NTILES] >= ab[L.AB_TILES] and (
                        p[L.PF_SALARY] < 0 or R[salary_at(R, p[L.PF_SALARY])] != ab[L.AB_SALARY]
                    ):
                        n = put(la, n, c.A_TRADE_TILES, 0, 0)
                elif ab[L.AB_TRIGGER] == L.TR_SECOND and offers_second_career(S, seat, car):
                    n = put(la, n, c.A_SECOND_CAREER, 0, 0)
        return n
    if t == c.T_BRANCH:
        here = p[L.PF_SPACE]
        for j in range(R[space_at(R, here) + L.S_NNEXT]):
            n = put(la, n, c.A_BRANCH, R[space_at(R, here) + R[L.R_OS_NXT] + j], 0)
        return n
    if t == c.T_STEAL_FROM:
        for i in range(S[L.G_N]):
            if is_victim(S, seat, i):
                n = put(la, n, c.A_TAKE_FROM, i, 0)
        return n
    if t == c.T_CHOOSE_CAREER:
        for j in range(S[L.G_NOFFER]):
            n = put(la, n, c.A_CHOOSE_CAREER, S[S[L.G_OG_OFFER] + j], 0)
        if top[2] == c.M_NIGHT_SCHOOL:
            n = put(la, n, c.A_KEEP_CAREER, 0, 0)
        elif top[2] == c.M_GRADUATE:
            n = put(la, n, c.A_TAKE_RAISE, 0, 0)
        return n
    if t == c.T_CHOOSE_SALARY:
        for j in range(S[L.G_NSOFFER]):
            n = put(la, n, c.A_CHOOSE_SALARY, S[S[L.G_OG_SOFFER] + j], 0)
        return n
    if t == c.T_NIGHT_SCHOOL:
        if R[space_at(R, top[2]) + L.S_PAY_FIRST]:
            n = put(la, n, c.A_NIGHT_SCHOOL, 0, 0)
            return put(la, n, c.A_SKIP, 0, 0)
        for j in range(S[L.G_NOFFER]):
            if S[L.G_NSOFFER]:
                for k in range(S[L.G_NSOFFER]):
                    n = put(la, n, c.A_NIGHT_JOB, S[S[L.G_OG_OFFER] + j], S[S[L.G_OG_SOFFER] + k])
            else:
                n = put(la, n, c.A_NIGHT_JOB, S[S[L.G_OG_OFFER] + j], -1)
        return put(la, n, c.A_SKIP, 0, 0)
    if t == c.T_TRADE_SALARY:
        for i in range(S[L.G_N]):
            if (
                i != seat
                and S[seat_at(S, i) + L.PF_SALARY] >= 0
                and S[seat_at(S, i) + L.PF_RETIRED] == 0
            ):
                n = put(la, n, c.A_TRADE_SALARY, i, 0)
        return put(la, n, c.A_SKIP, 0, 0)
    if t == c.T_BUY_HOUSE:
        if R[L.R_HOUSE_DRAW]:
            for j in range(S[L.G_NOFFER]):
                n = put(la, n, c.A_BUY_HOUSE, S[S[L.G_OG_OFFER] + j], 0)
        else:
            for h in range(R[L.R_NHOUSES]):
                for _ in range(house_for_sale(R, S, top[2], h)):
                    n = put(la, n, c.A_BUY_HOUSE, h, 0)
        return put(la, n, c.A_SKIP, 0, 0)
    if t == c.T_SELL_HOUSE:
        n = put(la, n, c.A_SELL_HOUSE, 0, 0)
        return put(la, n, c.A_SKIP, 0, 0)
    if t == c.T_FREE_STOCK:
        for s in range(R[L.R_NSTOCKS]):
            for _ in range(S[S[L.G_OG_STOCK_IN] + s]):
                n = put(la, n, c.A_FREE_STOCK, s, 0)
        return n
    if t == c.T_RETURN_STOCK:
        for j in range(p[L.PF_NSTOCKS]):
            n = put(la, n, c.A_RETURN_STOCK, S[seat_at(S, seat) + S[L.G_OP_STOCKS] + j], 0)
        return n
    if t == c.T_RETIRE_WHERE:
        n = put(la, n, c.A_RETIRE, 0, 0)
        return put(la, n, c.A_RETIRE, 1, 0)
    if t == c.T_BET:
        mode = top[4]
        if mode == -1:
            n = put(la, n, c.A_PLAY_BOOST, 0, 0)
            return put(la, n, c.A_SKIP, 0, 0)
        taken = bet_taken(R, S, seat)
        spinner = R[L.R_SPINNER]
        if mode > 0:
            for x in range(1, spinner + 1):
                if not (taken >> x) & 1:
                    n = put(la, n, c.A_TOKEN, x, 0)
            return put(la, n, c.A_SKIP, 0, 0)
        sp = R[space_at(R, top[3]) :]
        step = sp[L.S_BET_STEP]
        top_stake = min(sp[L.S_MAX_BET], p[L.PF_CASH])
        for x in range(1, spinner + 1):
            if not (taken >> x) & 1:
                stake = step
                while stake <= top_stake:
                    n = put(la, n, c.A_BET, x, stake)
                    stake += step
        return put(la, n, c.A_SKIP, 0, 0)
    if t == c.T_SUE:
        for i in range(S[L.G_N]):
            if i != seat and S[seat_at(S, i) + L.PF_RETIRED] == 0:
                n = put(la, n, c.A_SUE, i, 0)
        return n
    if t == c.T_EXEMPT:
        n = put(la, n, c.A_PLAY_EXEMPTION, 0, 0)
        return put(la, n, c.A_SKIP, 0, 0)
    if t == c.T_PLAY_COLLECT:
        n = put(la, n, c.A_PLAY_COLLECT, 0, 0)
        return put(la, n, c.A_SKIP, 0, 0)
    if t == c.T_PLAY_PAY:
        for i in range(S[L.G_N]):
            if i != seat and S[seat_at(S, i) + L.PF_RETIRED] == 0:
                n = put(la, n, c.A_PAY_CARD, i, 0)
        return put(la, n, c.A_SKIP, 0, 0)
    if t == c.T_OFFER:
        n = put(la, n, c.A_BUY_POLICY, top[2], 0)
        return put(la, n, c.A_SKIP, 0, 0)
    if t == c.T_GAMBLE:
        if R[space_at(R, top[2]) + L.S_SURE]:
            n = put(la, n, c.A_KEEP, 0, 0)
            return put(la, n, c.A_GAMBLE, 0, 0)
        n = put(la, n, c.A_GAMBLE, 0, 0)
        return put(la, n, c.A_SKIP, 0, 0)
    if t == c.T_REVENGE:
        amount = R[space_at(R, top[2]) + L.S_AMOUNT]
        for i in range(S[L.G_N]):
            if (
                i != seat
                and S[seat_at(S, i) + L.PF_RETIRED] == 0
                and S[seat_at(S, i) + L.PF_CASH] >= amount
            ):
                n = put(la, n, c.A_TAKE_MONEY, i, 0)
        for i in range(S[L.G_N]):
            if (
                i != seat
                and S[seat_at(S, i) + L.PF_RETIRED] == 0
                and S[seat_at(S, i) + L.PF_SPACE] >= 0
            ):
                n = put(la, n, c.A_SEND_BACK, i, 0)
        return n
    if t == c.T_TYCOON:
        n = put(la, n, c.A_ACRES, 0, 0)
        for x in range(1, R[L.R_SPINNER] + 1):
            n = put(la, n, c.A_TYCOON, x, 0)
        return n
    if t == c.T_LUCKY:
        for x in range(1, R[L.R_SPINNER] + 1):
            n = put(la, n, c.A_LUCKY, x, 0)
        return n
    return 0


# ==================================================================== decisions resolved


@kernel
def choose_career(R, S, seat, mode, space, kind, career):
    """decisions.CareerChoice.resolve."""
    p = S[seat_at(S, seat) :]
    chosen = -1 if (kind == c.A_KEEP_CAREER or kind == c.A_TAKE_RAISE) else career
    if kind == c.A_TAKE_RAISE:
        give_raise(R, S, seat, R[space_at(R, space) + L.S_AMOUNT])
    for j in range(S[L.G_NOFFER]):
        if S[S[L.G_OG_OFFER] + j] != chosen:
            deck_add(S, L.G_OG_CAREER_IN, L.G_NCAREER, S[S[L.G_OG_OFFER] + j])
    S[L.G_NOFFER] = 0
    if chosen >= 0:
        if p[L.PF_CAREER] >= 0:
            deck_add(S, L.G_OG_CAREER_IN, L.G_NCAREER, p[L.PF_CAREER])
        if p[L.PF_CAREER2] >= 0:
            deck_add(S, L.G_OG_CAREER_IN, L.G_NCAREER, p[L.PF_CAREER2])
            p[L.PF_CAREER2] = -1
        p[L.PF_CAREER] = chosen
        p[L.PF_RAISES] = 0
    if chosen >= 0 and mode == c.M_NIGHT_SCHOOL:
        deal = R[space_at(R, space) + L.S_SALARIES]
        if deal:
            if p[L.PF_SALARY] >= 0:
                deck_add(S, L.G_OG_SALARY_IN, L.G_NSALARY, p[L.PF_SALARY])
                p[L.PF_SALARY] = -1
            push1(S, c.T_CHOOSE_SALARY, seat)
            push(S, c.T_DEAL, seat, c.D_SALARY, deal, 0, 0)


@kernel
def choose_salary(S, seat, chosen):
    """decisions.SalaryChoice.resolve."""
    for j in range(S[L.G_NSOFFER]):
        if S[S[L.G_OG_SOFFER] + j] != chosen:
            deck_add(S, L.G_OG_SALARY_IN, L.G_NSALARY, S[S[L.G_OG_SOFFER] + j])
    S[L.G_NSOFFER] = 0
    p = S[seat_at(S, seat) :]
    if p[L.PF_SALARY] >= 0:
        deck_add(S, L.G_OG_SALARY_IN, L.G_NSALARY, p[L.PF_SALARY])
    p[L.PF_SALARY] = chosen


@kernel
def next_bettor(S, rest, space, nrest):
    if nrest:
        push(S, c.T_BET, rest & MASK4, rest >> L.SEQ_BITS, space, 0, nrest - 1)
    else:
        push(S, c.T_SPIN, S[L.G_TURN], c.P_SPIN_TO_WIN, space, 0, 0)


@kernel
def night_school_skip(S):
    for j in range(S[L.G_NOFFER]):
        deck_add(S, L.G_OG_CAREER_IN, L.G_NCAREER, S[S[L.G_OG_OFFER] + j])
    for j in range(S[L.G_NSOFFER]):
        deck_add(S, L.G_OG_SALARY_IN, L.G_NSALARY, S[S[L.G_OG_SOFFER] + j])
    S[L.G_NOFFER] = 0
    S[L.G_NSOFFER] = 0


@kernel
def start(R, S, seat, idx):
    """turn._start."""
    p = S[seat_at(S, seat) :]
    p[L.PF_SPACE] = idx
    p[L.PF_PATH] = idx
    sp = R[space_at(R, idx) :]
    if sp[L.S_BORROW]:
        borrow(R, S, seat, sp[L.S_BORROW])
        if not sp[L.S_LOAN_CASH]:
            transfer(R, S, seat, BANK, sp[L.S_BORROW] * R[L.R_LOAN])
    if sp[L.S_DRAW_JOB]:
        push_draw_job(S, seat, c.D_CAREER, 1, 1)


@kernel
def trade_tiles(R, S, seat):
    """abilities.trade_tiles."""
    p = S[seat_at(S, seat) :]
    found = -1
    for which in range(2):
        car = p[L.PF_CAREER] if which == 0 else p[L.PF_CAREER2]
        if car < 0 or found >= 0:
            continue
        first = R[career_at(R, car) + L.CA_AB_FIRST]
        for a in range(first, first + R[career_at(R, car) + L.CA_AB_COUNT]):
            if R[ability_at(R, a) + L.AB_TRIGGER] == L.TR_TILES and found < 0:
                found = a
    ab = R[ability_at(R, found) :]
    k = ab[L.AB_TILES]
    n = p[L.PF_NTILES]
    for j in range(k):
        deck_add(S, L.G_OG_TILE_IN, L.G_NTILE_PILE, S[seat_at(S, seat) + L.PF_TILES + j])
    for j in range(k, n):
        S[seat_at(S, seat) + L.PF_TILES + j - k] = S[seat_at(S, seat) + L.PF_TILES + j]
    p[L.PF_NTILES] = n - k
    take_salary_card(S, seat, ab[L.AB_SALARY_CARD])


@inline
def resolve(R, S, top, kind, a, b):
    """The decision on top (already popped, its row in `top`) takes action
    (kind, a, b)."""
    t = top[0]
    seat = top[1]
    p = S[seat_at(S, seat) :]
    if t == c.T_TURN:
        if kind == c.A_SPIN:
            push1(S, c.T_END_TURN, seat)
            push(S, c.T_SPIN, seat, c.P_MOVE, 0, 0, 0)
            return
        notes = top[2]
        if kind == c.A_BORROW:
            notes += 1
        elif kind == c.A_REPAY:
            notes -= 1
        push(S, c.T_TURN, seat, notes, 0, 0, 0)
        if kind == c.A_START:
            start(R, S, seat, a)
        elif kind == c.A_BUY_STOCK:
            transfer(R, S, seat, BANK, R[L.R_STOCK_PRICE])
            gain_stock(S, seat, a)
            commission(R, S, seat)
        elif kind == c.A_BUY_AUTO:
            p[L.PF_AUTO] = 1
            transfer(R, S, seat, BANK, R[L.R_AUTO_PRICE])
            commission(R, S, seat)
        elif kind == c.A_BUY_HOME:
            price = R[house_at(R, p[L.PF_HOUSE]) + L.H_INSURANCE]
            p[L.PF_HOME] = 1
            transfer(R, S, seat, BANK, price)
            commission(R, S, seat)
        elif kind == c.A_REPAY:
            repay(R, S, seat, 1, False)
        elif kind == c.A_BORROW:
            borrow(R, S, seat, 1)
        elif kind == c.A_TRADE_TILES:
            trade_tiles(R, S, seat)
        elif kind == c.A_SECOND_CAREER:
            push(S, c.T_DEAL, seat, c.D_CAREER2, 1, 0, 0)
        return
    if t == c.T_BRANCH:
        here = p[L.PF_SPACE]
        for j in range(R[space_at(R, here) + L.S_NNEXT]):
            if R[space_at(R, here) + R[L.R_OS_NXT] + j] == a:
                cost = R[space_at(R, here) + R[L.R_OS_COST] + j]
                if cost:
                    transfer(R, S, seat, BANK, cost)
                break
        if top[2]:
            push(S, c.T_MOVE, seat, top[2], a, 0, 0)
        else:
            p[L.PF_PENDING] = a
        return
    if t == c.T_STEAL_FROM:
        push(S, c.T_STEAL_TILE, seat, a, 0, 0, 0)
        return
    if t == c.T_CHOOSE_CAREER:
        choose_career(R, S, seat, top[2], top[3], kind, a)
        return
    if t == c.T_CHOOSE_SALARY:
        choose_salary(S, seat, a)
        return
    if t == c.T_NIGHT_SCHOOL:
        space = top[2]
        if kind == c.A_SKIP:
            night_school_skip(S)
            return
        sp = R[space_at(R, space) :]
        pay(R, S, seat, sp[L.S_AMOUNT], sp[L.S_PAYEE])
        p[L.PF_DEGREE] = 1
        if sp[L.S_PAY_FIRST]:
            push(S, c.T_CHOOSE_CAREER, seat, c.M_NIGHT_SCHOOL, space, 0, 0)
            push(S, c.T_DEAL, seat, c.D_CAREER, sp[L.S_CAREERS], 0, 0)
            return
        choose_career(R, S, seat, c.M_PICK, space, c.A_CHOOSE_CAREER, a)
        if b >= 0:
            choose_salary(S, seat, b)
        return
    if t == c.T_TRADE_SALARY:
        if kind == c.A_SKIP:
            return
        mine = p[L.PF_SALARY]
        p[L.PF_SALARY] = S[seat_at(S, a) + L.PF_SALARY]
        S[seat_at(S, a) + L.PF_SALARY] = mine
        return
    if t == c.T_BUY_HOUSE:
        S[L.G_NOFFER] = 0
        if kind == c.A_SKIP:
            return
        transfer(R, S, seat, BANK, R[house_at(R, a) + L.H_PRICE])
        p[L.PF_HOUSE] = a
        deck_remove(S, L.G_OG_HOUSE_IN, L.G_NHOUSE, a)
        return
    if t == c.T_SELL_HOUSE:
        if kind == c.A_SKIP:
            return
        house = p[L.PF_HOUSE]
        sale = R[house_at(R, house) + L.H_SALE]
        if sale >= 0:
            sell_house(R, S, seat, sale)
            push(S, c.T_BUY_HOUSE, seat, top[2], 0, 0, 0)
        else:
            push(S, c.T_BUY_HOUSE, seat, top[2], 0, 0, 0)
            push(S, c.T_SPIN, seat, c.P_HOUSE_SALE, house, 0, 0)
        return
    if t == c.T_FREE_STOCK:
        gain_stock(S, seat, a)
        return
    if t == c.T_RETURN_STOCK:
        n = p[L.PF_NSTOCKS]
        k = 0
        for j in range(n):
            if S[seat_at(S, seat) + S[L.G_OP_STOCKS] + j] != a:
                S[seat_at(S, seat) + S[L.G_OP_STOCKS] + k] = S[
                    seat_at(S, seat) + S[L.G_OP_STOCKS] + j
                ]
                k += 1
        p[L.PF_NSTOCKS] = k
        deck_add(S, L.G_OG_STOCK_IN, L.G_NSTOCK, a)
        return
    if t == c.T_RETIRE_WHERE:
        p[L.PF_RETIRED] = c.COUNTRYSIDE if a else c.ESTATES
        S[L.G_RETIRED] += 1
        extra = R[L.R_COUNTRYSIDE_TILES] if a else R[L.R_ESTATES_RETIRE]
        if extra:
            push(S, c.T_BONUS_TILES, seat, extra, 0, 0, 0)
        return
    if t == c.T_BET:
        rest = top[2]
        space = top[3]
        mode = top[4]
        nrest = top[5]
        if kind == c.A_SKIP:
            next_bettor(S, rest, space, nrest)
        elif kind == c.A_BET:
            transfer(R, S, seat, BANK, b)
            j = S[L.G_NBETS]
            S[S[L.G_OG_BETS] + 3 * j] = seat
            S[S[L.G_OG_BETS] + 3 * j + 1] = a
            S[S[L.G_OG_BETS] + 3 * j + 2] = b
            S[L.G_NBETS] = j + 1
            push(S, c.T_BET, seat, rest, space, -1, nrest)
        elif kind == c.A_PLAY_BOOST:
            tokens = 0
            for j in range(p[L.PF_NHAND]):
                if R[wealth_at(R, S[seat_at(S, seat) + S[L.G_OP_HAND] + j])] == c.W_BOOST:
                    tokens = R[wealth_at(R, S[seat_at(S, seat) + S[L.G_OP_HAND] + j]) + 1]
                    break
            discard(R, S, seat, c.W_BOOST)
            push(S, c.T_BET, seat, rest, space, tokens, nrest)
        else:
            stake = 0
            for j in range(S[L.G_NBETS]):
                if S[S[L.G_OG_BETS] + 3 * j] == seat:
                    stake = S[S[L.G_OG_BETS] + 3 * j + 2]
                    break
            j = S[L.G_NBETS]
            S[S[L.G_OG_BETS] + 3 * j] = seat
            S[S[L.G_OG_BETS] + 3 * j + 1] = a
            S[S[L.G_OG_BETS] + 3 * j + 2] = stake
            S[L.G_NBETS] = j + 1
            if mode > 1:
                push(S, c.T_BET, seat, rest, space, mode - 1, nrest)
            else:
                next_bettor(S, rest, space, nrest)
        return
    if t == c.T_SUE:
        push(S, c.T_EXEMPT, a, c.EX_LAWSUIT, seat, top[2], 0)
        return
    if t == c.T_EXEMPT:
        if kind == c.A_PLAY_EXEMPTION:
            discard(R, S, seat, c.W_EXEMPTION)
            return
        transfer(R, S, seat, top[3], top[4])
        return
    if t == c.T_PLAY_COLLECT:
        mover = top[2]
        amount = top[3]
        if kind == c.A_PLAY_COLLECT:
            discard(R, S, seat, c.W_COLLECT)
            push(S, c.T_EXEMPT, mover, c.EX_COLLECT, seat, amount // 2, 0)
        elif top[5]:
            rest = top[4]
            push(S, c.T_PLAY_COLLECT, rest & MASK4, mover, amount, rest >> L.SEQ_BITS, top[5] - 1)
        return
    if t == c.T_PLAY_PAY:
        if kind == c.A_SKIP:
            return
        discard(R, S, seat, c.W_PAY)
        push(S, c.T_EXEMPT, a, c.EX_PAY, seat, top[2] // 2, 0)
        return
    if t == c.T_OFFER:
        if kind == c.A_SKIP:
            return
        sp = R[space_at(R, top[2]) :]
        transfer(R, S, seat, BANK, sp[L.S_AMOUNT])
        if sp[L.S_KIND] == L.K_AUTO:
            p[L.PF_AUTO] = 1
        else:
            p[L.PF_POLICIES] |= 1 << sp[L.S_KIND]
        return
    if t == c.T_GAMBLE:
        if kind == c.A_KEEP:
            transfer(R, S, BANK, seat, R[space_at(R, top[2]) + L.S_SURE])
        elif kind == c.A_GAMBLE:
            push(S, c.T_SPIN, seat, c.P_GAMBLE, top[2], 0, 0)
        return
    if t == c.T_REVENGE:
        sp = R[space_at(R, top[2]) :]
        if kind == c.A_TAKE_MONEY:
            transfer(R, S, a, seat, sp[L.S_AMOUNT])
            return
        q = S[seat_at(S, a) :]
        for _ in range(sp[L.S_BACK]):
            back = R[space_at(R, q[L.PF_SPACE]) + L.S_PREV]
            if back < 0:
                break
            q[L.PF_SPACE] = back
        q[L.PF_PENDING] = -1
        return
    if t == c.T_TYCOON:
        if kind == c.A_ACRES:
            push(S, c.T_SPIN, seat, c.P_MOVE, 0, 0, 0)
        else:
            push(S, c.T_SPIN, seat, c.P_TYCOON, a, 0, 0)
        return
    if t == c.T_LUCKY:
        S[L.G_LUCKY_SEAT] = seat
        S[L.G_LUCKY_NUMBER] = a
        S[L.G_LUCKY_FINE] = top[2]
        return


# ==================================================================== autos


@kernel
def n_eligible_careers(R, S, seat, deck):
    if deck == c.D_SALARY:
        return S[L.G_NSALARY]
    if deck == c.D_CAREER and not S[seat_at(S, seat) + L.PF_DEGREE]:
        n = 0
        for i in range(R[L.R_NCAREERS]):
            if not R[career_at(R, i) + L.CA_DEGREE]:
                n += S[S[L.G_OG_CAREER_IN] + i]
        return n
    if deck == c.D_COLLEGE:
        n = 0
        for i in range(R[L.R_NCAREERS]):
            if R[career_at(R, i) + L.CA_DEGREE]:
                n += S[S[L.G_OG_CAREER_IN] + i]
        return n
    return S[L.G_NCAREER]


@kernel
def nth_eligible_career(R, S, seat, deck, k):
    need = -1  # -1: any career; 0: no degree needed; 1: a degree needed
    if deck == c.D_CAREER and not S[seat_at(S, seat) + L.PF_DEGREE]:
        need = 0
    elif deck == c.D_COLLEGE:
        need = 1
    for i in range(R[L.R_NCAREERS]):
        if need < 0 or R[career_at(R, i) + L.CA_DEGREE] == need:
            if k < S[S[L.G_OG_CAREER_IN] + i]:
                return i
            k -= S[S[L.G_OG_CAREER_IN] + i]
    return -1


@kernel
def n_house_deal(R, S, deck):
    n = 0
    for h in range(R[L.R_NHOUSES]):
        if not in_offer(S, h):
            n += house_for_sale(R, S, deck, h)
    return n


@inline
def auto(R, S, top):
    """The task on top resolves itself when there is nothing to choose or
    draw (the registry's `auto`): True if it did."""
    t = top[0]
    seat = top[1]
    if t == c.T_STEAL_FROM:
        if n_victims(S, seat) > 1:
            return False
        pop(S)
        steal_or_nothing(S, seat)
        return True
    if t == c.T_CHOOSE_CAREER:
        mode = top[2]
        if mode == c.M_PICK and S[L.G_NOFFER] == 1:
            pop(S)
            choose_career(R, S, seat, mode, top[3], c.A_CHOOSE_CAREER, S[S[L.G_OG_OFFER]])
            return True
        if S[L.G_NOFFER] == 0 and mode != c.M_GRADUATE:
            pop(S)
            return True
        return False
    if t == c.T_CHOOSE_SALARY:
        if S[L.G_NSOFFER] == 1:
            pop(S)
            choose_salary(S, seat, S[S[L.G_OG_SOFFER]])
            return True
        if S[L.G_NSOFFER] == 0:
            pop(S)
            return True
        return False
    if t == c.T_NIGHT_SCHOOL:
        if R[space_at(R, top[2]) + L.S_PAY_FIRST] or S[L.G_NOFFER]:
            return False
        pop(S)
        night_school_skip(S)
        return True
    if t == c.T_TRADE_SALARY:
        if S[seat_at(S, seat) + L.PF_SALARY] < 0:
            pop(S)
            return True
        for i in range(S[L.G_N]):
            if (
                i != seat
                and S[seat_at(S, i) + L.PF_SALARY] >= 0
                and S[seat_at(S, i) + L.PF_RETIRED] == 0
            ):
                return False
        pop(S)
        return True
    if t == c.T_BUY_HOUSE:
        deck = top[2]
        dealt = top[3]
        if S[seat_at(S, seat) + L.PF_HOUSE] >= 0 or (dealt and S[L.G_NOFFER] == 0):
            pop(S)
            return True
        left = n_houses_for_sale(R, S, deck)
        if not left:
            pop(S)
            return True
        draw = R[L.R_HOUSE_DRAW]
        if draw and not dealt:
            pop(S)
            push(S, c.T_BUY_HOUSE, seat, deck, 1, 0, 0)
            push(S, c.T_HOUSE_DEAL, seat, deck, min(draw, left), 0, 0)
            return True
        return False
    if t == c.T_FREE_STOCK:
        if S[L.G_NSTOCK] == 0 or S[seat_at(S, seat) + L.PF_NSTOCKS] >= R[L.R_MAX_STOCKS]:
            pop(S)
            return True
        return False
    if t == c.T_RETURN_STOCK:
        n = S[seat_at(S, seat) + L.PF_NSTOCKS]
        if n > 1:
            return False
        pop(S)
        if n == 1:
            resolve(R, S, top, c.A_RETURN_STOCK, S[seat_at(S, seat) + S[L.G_OP_STOCKS]], 0)
        return True
    if t == c.T_BET:
        mode = top[4]
        nums = n_bet_numbers(R, S, seat)
        if mode == -1:
            stuck = nums == 0 or not holds(R, S, seat, c.W_BOOST)
        elif mode > 0:
            stuck = nums == 0
        else:
            stuck = (
                nums == 0 or S[seat_at(S, seat) + L.PF_CASH] < R[space_at(R, top[3]) + L.S_BET_STEP]
            )
        if not stuck:
            return False
        pop(S)
        next_bettor(S, top[2], top[3], top[5])
        return True
    if t == c.T_SUE:
        no = n_others(S, seat)
        if no > 1:
            return False
        pop(S)
        if no == 1:
            for i in range(S[L.G_N]):
                if i != seat and S[seat_at(S, i) + L.PF_RETIRED] == 0:
                    push(S, c.T_EXEMPT, i, c.EX_LAWSUIT, seat, top[2], 0)
        return True
    if t == c.T_EXEMPT:
        if holds(R, S, seat, c.W_EXEMPTION):
            return False
        pop(S)
        transfer(R, S, seat, top[3], top[4])
        return True
    if t == c.T_PLAY_COLLECT:
        if holds(R, S, seat, c.W_COLLECT):
            return False
        pop(S)
        if top[5]:
            rest = top[4]
            push(S, c.T_PLAY_COLLECT, rest & MASK4, top[2], top[3], rest >> L.SEQ_BITS, top[5] - 1)
        return True
    if t == c.T_PLAY_PAY:
        if n_others(S, seat) and holds(R, S, seat, c.W_PAY):
            return False
        pop(S)
        return True
    if t == c.T_REVENGE:
        amount = R[space_at(R, top[2]) + L.S_AMOUNT]
        for i in range(S[L.G_N]):
            if (
                i != seat
                and S[seat_at(S, i) + L.PF_RETIRED] == 0
                and (S[seat_at(S, i) + L.PF_CASH] >= amount or S[seat_at(S, i) + L.PF_SPACE] >= 0)
            ):
                return False
        pop(S)
        return True
    # chance nodes
    if t == c.T_DRAW_TILE:
        if S[L.G_NTILE_PILE]:
            return False
        pop(S)
        steal_or_nothing(S, seat)
        return True
    if t == c.T_BONUS_TILES:
        if S[L.G_NTILE_PILE]:
            return False
        pop(S)
        if seat >= 0 and R[L.R_BONUS_FROM_PLAYERS]:
            if top[2] > 1:
                push(S, c.T_BONUS_TILES, seat, top[2] - 1, 0, 0, 0)
            steal_or_nothing(S, seat)
        return True
    if t == c.T_DEAL:
        if n_eligible_careers(R, S, seat, top[2]):
            return False
        pop(S)
        return True
    if t == c.T_HOUSE_DEAL:
        if n_house_deal(R, S, top[2]):
            return False
        pop(S)
        return True
    if t == c.T_WEALTH_DRAW:
        if S[L.G_NWEALTH]:
            return False
        pop(S)
        return True
    return False


# ==================================================================== chance


@inline
def chance_count(R, S):
    top = S[task_at(S, S[L.G_SP] - 1) :]
    t = top[0]
    if t == c.T_SPIN:
        return R[L.R_SPIN_OUTCOMES]
    if t == c.T_DRAW_TILE or t == c.T_BONUS_TILES:
        return S[L.G_NTILE_PILE]
    if t == c.T_STEAL_TILE:
        return S[seat_at(S, top[2]) + L.PF_NTILES]
    if t == c.T_DEAL:
        return n_eligible_careers(R, S, top[1], top[2])
    if t == c.T_HOUSE_DEAL:
        return n_house_deal(R, S, top[2])
    if t == c.T_ESTATES_DEAL:
        return S[L.G_NEST]
    if t == c.T_WEALTH_DRAW:
        return S[L.G_NWEALTH]
    return 0


@inline
def chance_outcome(R, S, k):
    """The k-th outcome of the chance node on top: its action kind and value."""
    top = S[task_at(S, S[L.G_SP] - 1) :]
    t = top[0]
    if t == c.T_SPIN:
        w = R[L.R_MISSPIN]
        if w:
            if k < R[L.R_SPINNER] * w:
                return c.C_SPUN, k // w + 1
            return c.C_SPUN, 0
        return c.C_SPUN, k + 1
    if t == c.T_DRAW_TILE or t == c.T_BONUS_TILES:
        return c.C_DRAW_TILE, nth_member(S, L.G_OG_TILE_IN, R[L.R_NTILES], k)
    if t == c.T_STEAL_TILE:
        return c.C_TAKE_TILE, S[seat_at(S, top[2]) + L.PF_TILES + k]
    if t == c.T_DEAL:
        if top[2] == c.D_SALARY:
            return c.C_DEAL_SALARY, nth_member(S, L.G_OG_SALARY_IN, R[L.R_NSALARIES], k)
        return c.C_DEAL_CAREER, nth_eligible_career(R, S, top[1], top[2], k)
    if t == c.T_HOUSE_DEAL:
        for h in range(R[L.R_NHOUSES]):
            if not in_offer(S, h):
                copies = house_for_sale(R, S, top[2], h)
                if k < copies:
                    return c.C_DEAL_HOUSE, h
                k -= copies
        return c.C_DEAL_HOUSE, -1
    if t == c.T_ESTATES_DEAL:
        return c.C_TAKE_TILE, S[S[L.G_OG_ESTATES] + k]
    return c.C_DRAW_WEALTH, nth_member(S, L.G_OG_WEALTH_IN, R[L.R_NWEALTH], k)


@kernel
def tycoon_spin(R, S, seat, value, number):
    p = S[seat_at(S, seat) :]
    if value == number:
        S[L.G_TYCOON] = seat
        p[L.PF_RETIRED] = c.ACRES
        S[L.G_SP] = 0
        finish(R, S)
    else:
        transfer(R, S, seat, BANK, p[L.PF_CASH])
        p[L.PF_RETIRED] = c.POOR_FARM
        S[L.G_RETIRED] += 1


@inline
def resolve_chance(R, S, top, value):
    """The chance node on top (popped, its row in `top`) comes out `value`."""
    t = top[0]
    seat = top[1]
    if t == c.T_SPIN:
        purpose = top[2]
        arg = top[3]
        after_spin(R, S, seat, value)
        if value == 0:
            push(S, c.T_SPIN, seat, purpose, arg, 0, 0)
            return
        if purpose == c.P_MOVE:
            push(S, c.T_MOVE, seat, value, -1, 0, 0)
        elif purpose == c.P_HOUSE_SALE:
            sell_house(R, S, seat, R[house_at(R, arg) + L.H_RESALE + value - 1])
        elif purpose == c.P_COLLECT:
            transfer(R, S, BANK, seat, arg * value)
        elif purpose == c.P_GIFT:
            at = R[L.R_OS_GIFTS]
            for j in range(R[space_at(R, arg) + L.S_NGIFTS]):
                if (
                    R[space_at(R, arg) + at + 3 * j]
                    <= value
                    <= R[space_at(R, arg) + at + 3 * j + 1]
                ):
                    gifts_from_all(R, S, seat, R[space_at(R, arg) + at + 3 * j + 2])
        elif purpose == c.P_GAMBLE:
            at = R[L.R_OS_OUT]
            for j in range(R[space_at(R, arg) + L.S_NOUT]):
                if (
                    R[space_at(R, arg) + at + 3 * j]
                    <= value
                    <= R[space_at(R, arg) + at + 3 * j + 1]
                ):
                    amount = R[space_at(R, arg) + at + 3 * j + 2]
                    if amount > 0:
                        transfer(R, S, BANK, seat, amount)
                    else:
                        transfer(R, S, seat, BANK, -amount)
        elif purpose == c.P_TYCOON:
            tycoon_spin(R, S, seat, value, arg)
        else:
            mult = R[space_at(R, arg) + L.S_MULTIPLIER]
            at = S[L.G_OG_BETS]
            for j in range(S[L.G_NBETS]):
                if S[at + 3 * j + 1] == value:
                    transfer(R, S, BANK, S[at + 3 * j], S[at + 3 * j + 2] * mult)
            S[L.G_NBETS] = 0
        return
    if t == c.T_DRAW_TILE:
        deck_remove(S, L.G_OG_TILE_IN, L.G_NTILE_PILE, value)
        give_tile(S, seat, value)
        return
    if t == c.T_BONUS_TILES:
        deck_remove(S, L.G_OG_TILE_IN, L.G_NTILE_PILE, value)
        if seat == -2:
            S[S[L.G_OG_ESTATES] + S[L.G_NEST]] = value
            S[L.G_NEST] += 1
        else:
            give_tile(S, seat, value)
        if top[2] > 1:
            push(S, c.T_BONUS_TILES, seat, top[2] - 1, 0, 0, 0)
        return
    if t == c.T_STEAL_TILE:
        remove_tile(S, top[2], value)
        give_tile(S, seat, value)
        return
    if t == c.T_DEAL:
        deck = top[2]
        left = top[3]
        if deck == c.D_SALARY:
            deck_remove(S, L.G_OG_SALARY_IN, L.G_NSALARY, value)
            S[S[L.G_OG_SOFFER] + S[L.G_NSOFFER]] = value
            S[L.G_NSOFFER] += 1
            if left > 1:
                push(S, c.T_DEAL, seat, deck, left - 1, 0, 0)
            return
        deck_remove(S, L.G_OG_CAREER_IN, L.G_NCAREER, value)
        if deck == c.D_CAREER2:
            S[seat_at(S, seat) + L.PF_CAREER2] = value
            return
        S[S[L.G_OG_OFFER] + S[L.G_NOFFER]] = value
        S[L.G_NOFFER] += 1
        if left > 1:
            push(S, c.T_DEAL, seat, deck, left - 1, 0, 0)
        return
    if t == c.T_HOUSE_DEAL:
        S[S[L.G_OG_OFFER] + S[L.G_NOFFER]] = value
        S[L.G_NOFFER] += 1
        if top[3] > 1:
            push(S, c.T_HOUSE_DEAL, seat, top[2], top[3] - 1, 0, 0)
        return
    if t == c.T_ESTATES_DEAL:
        owed = top[2]
        nowed = top[3]
        who = owed & MASK4
        n = S[L.G_NEST]
        k = 0
        for j in range(n):
            if S[S[L.G_OG_ESTATES] + j] != value:
                S[S[L.G_OG_ESTATES] + k] = S[S[L.G_OG_ESTATES] + j]
                k += 1
        S[L.G_NEST] = k
        give_tile(S, who, value)
        S[seat_at(S, who) + L.PF_NBONUS] += 1
        if nowed > 1:
            push(S, c.T_ESTATES_DEAL, -1, owed >> L.SEQ_BITS, nowed - 1, 0, 0)
        else:
            finish(R, S)
        return
    # T_WEALTH_DRAW
    deck_remove(S, L.G_OG_WEALTH_IN, L.G_NWEALTH, value)
    n = S[seat_at(S, seat) + L.PF_NHAND]
    S[seat_at(S, seat) + S[L.G_OP_HAND] + n] = value
    S[seat_at(S, seat) + L.PF_NHAND] = n + 1
    if top[2] > 1:
        push(S, c.T_WEALTH_DRAW, seat, top[2] - 1, 0, 0, 0)


# ==================================================================== the step loop


@inline
def run(R, S, top):
    """State.Draft.run: every step that needs no input, until a decision or a
    chance node waits (or the game ends). `top` is a scratch row."""
    while S[L.G_SP] > 0 and S[L.G_ERROR] == 0:
        row = S[task_at(S, S[L.G_SP] - 1) :]
        t = row[0]
        if t < c.N_WAITING:
            for k in range(6):
                top[k] = row[k]
            if not auto(R, S, top):
                return
            continue
        for k in range(6):
            top[k] = row[k]
        pop(S)
        seat = top[1]
        if t == c.T_MOVE:
            move(R, S, seat, top[2], top[3])
        elif t == c.T_LAND:
            land(R, S, seat, top[2], top[3] != 0)
        elif t == c.T_END_TURN:
            end_turn(R, S)
        else:
            final(R, S)


@inline
def apply_decision(R, S, top, kind, a, b):
    row = S[task_at(S, S[L.G_SP] - 1) :]
    for k in range(6):
        top[k] = row[k]
    pop(S)
    resolve(R, S, top, kind, a, b)
    run(R, S, top)
    S[L.G_MOVES] += 1


@inline
def apply_chance(R, S, top, value):
    row = S[task_at(S, S[L.G_SP] - 1) :]
    for k in range(6):
        top[k] = row[k]
    pop(S)
    resolve_chance(R, S, top, value)
    run(R, S, top)
    S[L.G_MOVES] += 1


@inline
def current(S):
    """The seat to decide, -1 at a chance node, -2 at the end (State.current_player)."""
    sp = S[L.G_SP]
    if sp == 0:
        return -2
    t = S[task_at(S, sp - 1)]
    if t < c.N_DECISIONS:
        return S[task_at(S, sp - 1) + 1]
    return -1
