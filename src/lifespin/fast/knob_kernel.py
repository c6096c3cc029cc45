"""The knob policy, compiled side: one decision rule, two feature extractors.

`knob_choose(R, feat, la, n, knobs)` picks an index into the legal actions
``la[:n]`` from a FEATURE vector: what one seat may see (its view), as
integers. `fill_features(R, S, seat, feat)` builds that vector from a
compiled state; `lifespin.bots.knob` builds the same vector from the seat's
view and calls the same compiled `knob_choose`, so the fast engine and the
reference bot make the same choice by construction (one implementation of
the decisions; tests/fast/test_knob.py plays both and compares).

Everything the features hold is an integer the view shows (cash, loans,
salary, tile COUNTS, never their values, ...); every estimate made from them
(a seat's worth, the deficit to the leader) is worked out here, in compiled
code, from the features and the ruleset, never in the extractors.

The decision is read from the legal actions' kinds (a start, the turn menu,
a fork, a bet, ...), as a bot reading its legal actions would.
"""

from __future__ import annotations

from . import codes as c
from . import lower as L
from .kernel import (
    career_at,
    house_at,
    kernel,
    salary_at,
    salary_of,
    seat_at,
    space_at,
    taxes_of,
)

# ---------------------------------------------------------------- the features
# The head, then a block of N_SEAT_FEATURES per seat.
F_SEAT, F_N, F_TILE_PILE, F_ESTATES = range(4)
N_HEAD = 4
(Q_SPACE, Q_CASH, Q_LOANS, Q_SALARY, Q_TAXES, Q_CAREER, Q_CAREER2, Q_DEGREE, Q_HOUSE, Q_AUTO,
 Q_HOME, Q_POLICIES, Q_NSTOCKS, Q_SPOUSE, Q_CHILDREN, Q_TILES, Q_RETIRED, Q_SKIP,
 Q_HAND) = range(19)
N_SEAT_FEATURES = 19


@kernel
def n_features(players):
    """The length of the feature vector of a game of `players` seats."""
    return N_HEAD + N_SEAT_FEATURES * players


# ---------------------------------------------------------------- the knobs
# Indices of knob.KNOBS (tests/fast/test_knob.py checks the two agree).
(K_TILE_W, K_SALARY_W, K_COLLEGE, K_STOCK_CASH, K_STOCK_TO_RETIRE, K_AUTO_CASH, K_HOME_CASH,
 K_REPAY_CASH, K_BORROW_BELOW, K_TRADE_TILES_TO_RETIRE, K_CAREER2_TO_RETIRE, K_CAREER_GAIN,
 K_TAX_W, K_NIGHT_TO_RETIRE, K_NIGHT_CASH, K_NIGHT_GAIN, K_TRADE_SALARY_GAIN, K_HOUSE_GAIN,
 K_HOUSE_CASH, K_HOUSE_SELL_GAIN, K_ESTATES_LEAD, K_BET_CASH, K_BET_SHARE, K_BOOST,
 K_EXEMPT, K_COLLECT, K_PAY, K_TARGET_TILE_W, K_OFFER_CASH, K_OFFER_TO_RETIRE,
 K_GAMBLE_MARGIN, K_GAMBLE_BEHIND_W, K_SEND_BACK, K_TYCOON_DEFICIT) = range(34)
N_GENERIC = 34


# ---------------------------------------------------------------- extractor


@kernel
def fill_features(R, S, seat, feat):
    """The features of `seat` from a compiled state: only what its view shows."""
    n = S[L.G_N]
    feat[F_SEAT] = seat
    feat[F_N] = n
    feat[F_TILE_PILE] = S[L.G_NTILE_PILE]
    feat[F_ESTATES] = S[L.G_NEST]
    for i in range(n):
        p = S[seat_at(S, i):]
        b = N_HEAD + N_SEAT_FEATURES * i
        feat[b + Q_SPACE] = p[L.PF_SPACE]
        feat[b + Q_CASH] = p[L.PF_CASH]
        feat[b + Q_LOANS] = p[L.PF_LOANS]
        feat[b + Q_SALARY] = salary_of(R, S, i)
        feat[b + Q_TAXES] = taxes_of(R, S, i)
        feat[b + Q_CAREER] = p[L.PF_CAREER]
        feat[b + Q_CAREER2] = p[L.PF_CAREER2]
        feat[b + Q_DEGREE] = p[L.PF_DEGREE]
        feat[b + Q_HOUSE] = p[L.PF_HOUSE]
        feat[b + Q_AUTO] = p[L.PF_AUTO]
        feat[b + Q_HOME] = p[L.PF_HOME]
        feat[b + Q_POLICIES] = p[L.PF_POLICIES]
        feat[b + Q_NSTOCKS] = p[L.PF_NSTOCKS]
        feat[b + Q_SPOUSE] = p[L.PF_SPOUSE]
        feat[b + Q_CHILDREN] = p[L.PF_CHILDREN]
        feat[b + Q_TILES] = p[L.PF_NTILES]
        feat[b + Q_RETIRED] = p[L.PF_RETIRED]
        feat[b + Q_SKIP] = p[L.PF_SKIP]
        feat[b + Q_HAND] = p[L.PF_NHAND]


# ---------------------------------------------------------------- estimates


@kernel
def q(feat, i, field):
    return feat[N_HEAD + N_SEAT_FEATURES * i + field]


@kernel
def tile_mean(R):
    """The mean LIFE tile value (the rules are public; the tiles are not)."""
    nt = R[L.R_NTILES]
    if nt == 0:
        return 0.0
    t = 0.0
    for j in range(nt):
        t += R[R[L.R_OR_TILE_VALUE] + j]
    return t / nt


@kernel
def house_value(R, h):
    """What a house is expected to fetch: its fixed sale price, else the mean
    of its resale by spin."""
    row = R[house_at(R, h):]
    if row[L.H_SALE] >= 0:
        return float(row[L.H_SALE])
    spinner = R[L.R_SPINNER]
    t = 0.0
    for j in range(spinner):
        t += row[L.H_RESALE + j]
    return t / spinner


@kernel
def to_retire(R, space):
    """Spaces left to retirement from `space` (before the start: the longest)."""
    if space >= 0:
        return float(R[space_at(R, space) + L.S_TO_RETIRE])
    best = 0.0
    for j in range(R[L.R_NSTARTS]):
        best = max(best, float(R[space_at(R, R[R[L.R_OR_STARTS] + j]) + L.S_TO_RETIRE]))
    return best


@kernel
def payday_density(R):
    """Pay Days per space of the board."""
    nsp = R[L.R_NSPACES]
    k = 0
    for j in range(nsp):
        if R[space_at(R, j) + L.S_IS_PAYDAY]:
            k += 1
    return k / max(1, nsp)


@kernel
def estimate(R, feat, i, knobs):
    """Seat i's estimated final worth: cash less debts, its tiles at the mean
    value, its house at its expected sale, and the pay it has yet to draw."""
    w = q(feat, i, Q_CASH) - q(feat, i, Q_LOANS) * R[L.R_PAYBACK]
    w += knobs[K_TILE_W] * q(feat, i, Q_TILES) * tile_mean(R)
    h = int(q(feat, i, Q_HOUSE))
    if h >= 0:
        w += house_value(R, h)
    if q(feat, i, Q_RETIRED) == 0:
        left = to_retire(R, int(q(feat, i, Q_SPACE))) * payday_density(R)
        w += knobs[K_SALARY_W] * q(feat, i, Q_SALARY) * left
    return w


@kernel
def deficit(R, feat, knobs):
    """The best other seat's estimate less mine (negative when I lead).
    Seats at the Poor Farm are out of the running."""
    me = int(feat[F_SEAT])
    mine = estimate(R, feat, me, knobs)
    best = -1e300
    for i in range(int(feat[F_N])):
        if i != me and q(feat, i, Q_RETIRED) != c.POOR_FARM:
            best = max(best, estimate(R, feat, i, knobs))
    if best == -1e300:
        return -1e300
    return best - mine


@kernel
def target_score(R, feat, i, knobs):
    """How much hurting seat i helps me: its estimate, its tiles weighted."""
    return (estimate(R, feat, i, knobs)
            + knobs[K_TARGET_TILE_W] * q(feat, i, Q_TILES) * tile_mean(R))


@kernel
def best_target(R, feat, la, n, kind, knobs):
    """The row of `kind` whose seat (a) scores highest; -1 if none."""
    best = -1
    score = 0.0
    for k in range(n):
        if la[k, 0] == kind:
            s = target_score(R, feat, la[k, 1], knobs)
            if best < 0 or s > score:
                best = k
                score = s
    return best


@kernel
def find(la, n, kind):
    for k in range(n):
        if la[k, 0] == kind:
            return k
    return -1


@kernel
def has_kind(la, n, kind):
    return find(la, n, kind) >= 0


@kernel
def pay_value(pay, tax, knobs):
    return pay - knobs[K_TAX_W] * tax


@kernel
def career_bonus(R, career, knobs):
    """The knob set's own liking for a career (its abilities, say): the slot
    after the forks' (knob.knob_values)."""
    return knobs[N_GENERIC + 2 * R[L.R_NSPACES] + career]


@kernel
def career_value(R, career, knobs):
    """A career's pay: its salary (top salary counted half: raises come
    slowly) less its taxes, weighted, plus the knob set's bonus for it."""
    row = R[career_at(R, career):]
    pay = float(row[L.CA_SALARY])
    if row[L.CA_MAX_SALARY] > pay:
        pay = (pay + row[L.CA_MAX_SALARY]) / 2
    return pay_value(pay, row[L.CA_TAXES], knobs) + career_bonus(R, career, knobs)


@kernel
def salary_card_value(R, card, knobs):
    row = R[salary_at(R, card):]
    return pay_value(row[0], row[1], knobs)


# ---------------------------------------------------------------- decisions


@kernel
def choose_start(R, la, n, knobs):
    """College (the start that lends the most notes) or the other way."""
    best = 0
    for k in range(1, n):
        b = R[space_at(R, la[k, 1]) + L.S_BORROW]
        bb = R[space_at(R, la[best, 1]) + L.S_BORROW]
        if (knobs[K_COLLEGE] >= 0.5 and b > bb) or (knobs[K_COLLEGE] < 0.5 and b < bb):
            best = k
    return best


@kernel
def choose_turn(R, feat, la, n, knobs):
    """The turn menu: repay, trade tiles, a second career, insurance, a stock,
    borrow, else spin (la[0])."""
    me = int(feat[F_SEAT])
    cash = q(feat, me, Q_CASH)
    left = to_retire(R, int(q(feat, me, Q_SPACE)))
    k = find(la, n, c.A_REPAY)
    if k >= 0 and cash - R[L.R_PAYBACK] >= knobs[K_REPAY_CASH]:
        return k
    k = find(la, n, c.A_TRADE_TILES)
    if k >= 0 and left >= knobs[K_TRADE_TILES_TO_RETIRE]:
        return k
    k = find(la, n, c.A_SECOND_CAREER)
    if k >= 0 and left >= knobs[K_CAREER2_TO_RETIRE]:
        return k
    k = find(la, n, c.A_BUY_HOME)
    if k >= 0:
        h = int(q(feat, me, Q_HOUSE))
        price = R[house_at(R, h) + L.H_INSURANCE]
        if cash - price >= knobs[K_HOME_CASH]:
            return k
    k = find(la, n, c.A_BUY_AUTO)
    if k >= 0 and cash - R[L.R_AUTO_PRICE] >= knobs[K_AUTO_CASH]:
        return k
    k = find(la, n, c.A_BUY_STOCK)
    if (k >= 0 and cash - R[L.R_STOCK_PRICE] >= knobs[K_STOCK_CASH]
            and left >= knobs[K_STOCK_TO_RETIRE]):
        return k
    k = find(la, n, c.A_BORROW)
    if k >= 0 and cash < knobs[K_BORROW_BELOW]:
        return k
    return find(la, n, c.A_SPIN)


@kernel
def choose_branch(R, feat, la, n, knobs):
    """A fork: the knob's branch, or the next one when far enough behind."""
    here = int(q(feat, int(feat[F_SEAT]), Q_SPACE))
    if here < 0:
        return 0
    at = N_GENERIC + 2 * here
    k = int(knobs[at])
    if deficit(R, feat, knobs) >= knobs[at + 1]:
        k += 1
    return k % n


@kernel
def choose_career(R, feat, la, n, knobs):
    """The best career offered (its pay), unless keeping mine or taking the
    raise is within `career.switch_gain` of it."""
    me = int(feat[F_SEAT])
    mine = pay_value(q(feat, me, Q_SALARY), q(feat, me, Q_TAXES), knobs)
    best = -1
    score = 0.0
    stay = -1
    stay_score = 0.0
    for k in range(n):
        kind = la[k, 0]
        if kind == c.A_CHOOSE_CAREER:
            s = career_value(R, la[k, 1], knobs)
            if best < 0 or s > score:
                best = k
                score = s
        elif kind == c.A_KEEP_CAREER:
            stay = k
            stay_score = mine
        elif kind == c.A_TAKE_RAISE:
            here = int(q(feat, me, Q_SPACE))
            stay = k
            stay_score = mine + (R[space_at(R, here) + L.S_AMOUNT] if here >= 0 else 0)
    if stay >= 0 and (best < 0 or score - stay_score < knobs[K_CAREER_GAIN]):
        return stay
    return max(best, 0)


@kernel
def choose_salary(R, la, n, knobs):
    best = 0
    score = salary_card_value(R, la[0, 1], knobs)
    for k in range(1, n):
        s = salary_card_value(R, la[k, 1], knobs)
        if s > score:
            best = k
            score = s
    return best


@kernel
def choose_night_school(R, feat, la, n, knobs):
    me = int(feat[F_SEAT])
    here = int(q(feat, me, Q_SPACE))
    skip = find(la, n, c.A_SKIP)
    left = to_retire(R, here)
    tuition = R[space_at(R, here) + L.S_AMOUNT] if here >= 0 else 0
    if left < knobs[K_NIGHT_TO_RETIRE] or q(feat, me, Q_CASH) - tuition < knobs[K_NIGHT_CASH]:
        return skip
    k = find(la, n, c.A_NIGHT_SCHOOL)
    if k >= 0:
        return k
    mine = pay_value(q(feat, me, Q_SALARY), q(feat, me, Q_TAXES), knobs)
    best = -1
    score = 0.0
    for k in range(n):
        if la[k, 0] == c.A_NIGHT_JOB:
            if la[k, 2] >= 0:
                s = salary_card_value(R, la[k, 2], knobs) + career_bonus(R, la[k, 1], knobs)
            else:
                s = career_value(R, la[k, 1], knobs)
            if best < 0 or s > score:
                best = k
                score = s
    if best >= 0 and score - mine >= knobs[K_NIGHT_GAIN]:
        return best
    return skip


@kernel
def choose_trade_salary(feat, la, n, knobs):
    me = int(feat[F_SEAT])
    mine = pay_value(q(feat, me, Q_SALARY), q(feat, me, Q_TAXES), knobs)
    best = find(la, n, c.A_SKIP)
    score = mine + knobs[K_TRADE_SALARY_GAIN]
    for k in range(n):
        if la[k, 0] == c.A_TRADE_SALARY:
            i = la[k, 1]
            s = pay_value(q(feat, i, Q_SALARY), q(feat, i, Q_TAXES), knobs)
            if s >= score:
                best = k
                score = s
    return best


@kernel
def choose_house(R, feat, la, n, knobs):
    me = int(feat[F_SEAT])
    cash = q(feat, me, Q_CASH)
    best = find(la, n, c.A_SKIP)
    score = 0.0
    found = False
    for k in range(n):
        if la[k, 0] == c.A_BUY_HOUSE:
            h = la[k, 1]
            price = R[house_at(R, h) + L.H_PRICE]
            gain = house_value(R, h) - price
            if (gain >= knobs[K_HOUSE_GAIN] and cash - price >= knobs[K_HOUSE_CASH]
                    and (not found or gain > score)):
                best = k
                score = gain
                found = True
    return best


@kernel
def choose_sell_house(R, feat, la, n, knobs):
    me = int(feat[F_SEAT])
    h = int(q(feat, me, Q_HOUSE))
    if h >= 0:
        gain = house_value(R, h) - R[house_at(R, h) + L.H_PRICE]
        if gain >= knobs[K_HOUSE_SELL_GAIN]:
            return find(la, n, c.A_SELL_HOUSE)
    return find(la, n, c.A_SKIP)


@kernel
def choose_retire(R, feat, la, n, knobs):
    """The estates when leading by at least `retire.estates_lead`."""
    want = 0 if -deficit(R, feat, knobs) >= knobs[K_ESTATES_LEAD] else 1
    for k in range(n):
        if la[k, 1] == want:
            return k
    return 0


@kernel
def choose_bet(feat, la, n, knobs):
    """Spin to Win: the largest stake within `bet.stake_share` of my cash,
    on the first number open, if the cash after it is at least `bet.cash`."""
    me = int(feat[F_SEAT])
    cash = q(feat, me, Q_CASH)
    skip = find(la, n, c.A_SKIP)
    best = -1
    for k in range(n):
        if la[k, 0] == c.A_BET:
            stake = la[k, 2]
            if (stake <= knobs[K_BET_SHARE] * cash and cash - stake >= knobs[K_BET_CASH]
                    and (best < 0 or stake > la[best, 2])):
                best = k
    return best if best >= 0 else skip


@kernel
def choose_gamble(R, feat, la, n, knobs):
    """Gamble when its expected value (from the space's outcomes), plus a
    weight on the deficit to the leader, beats the sure amount by the margin."""
    me = int(feat[F_SEAT])
    here = int(q(feat, me, Q_SPACE))
    ev = 0.0
    sure = 0.0
    if here >= 0:
        spinner = R[L.R_SPINNER]
        o = R[L.R_OS_OUT]
        for j in range(R[space_at(R, here) + L.S_NOUT]):
            lo = R[space_at(R, here) + o + 3 * j]
            hi = R[space_at(R, here) + o + 3 * j + 1]
            ev += (hi - lo + 1) * R[space_at(R, here) + o + 3 * j + 2] / spinner
        sure = float(R[space_at(R, here) + L.S_SURE])
    g = find(la, n, c.A_GAMBLE)
    other = find(la, n, c.A_KEEP)
    if other < 0:
        other = find(la, n, c.A_SKIP)
        sure = 0.0
    d = max(0.0, deficit(R, feat, knobs))
    if ev - sure + knobs[K_GAMBLE_BEHIND_W] * d >= knobs[K_GAMBLE_MARGIN]:
        return g
    return other


@kernel
def choose_revenge(R, feat, la, n, knobs):
    """Send the leader back when it is within `revenge.send_back` spaces of
    retiring; else take money from the best target that has it."""
    lead = best_target(R, feat, la, n, c.A_SEND_BACK, knobs)
    if lead >= 0:
        sp = int(q(feat, la[lead, 1], Q_SPACE))
        if to_retire(R, sp) <= knobs[K_SEND_BACK]:
            return lead
    k = best_target(R, feat, la, n, c.A_TAKE_MONEY, knobs)
    if k >= 0:
        return k
    return max(lead, 0)


@kernel
def choose_tycoon(R, feat, la, n, knobs):
    if deficit(R, feat, knobs) >= knobs[K_TYCOON_DEFICIT]:
        k = find(la, n, c.A_TYCOON)
        if k >= 0:
            return k
    k = find(la, n, c.A_ACRES)
    return k if k >= 0 else 0


@kernel
def choose_offer(R, feat, la, n, knobs):
    me = int(feat[F_SEAT])
    k = find(la, n, c.A_BUY_POLICY)
    price = R[space_at(R, la[k, 1]) + L.S_AMOUNT]
    left = to_retire(R, int(q(feat, me, Q_SPACE)))
    if q(feat, me, Q_CASH) - price >= knobs[K_OFFER_CASH] and left >= knobs[K_OFFER_TO_RETIRE]:
        return k
    return find(la, n, c.A_SKIP)


@kernel
def card_or_skip(la, n, kind, knob):
    if knob >= 0.5:
        k = find(la, n, kind)
        if k >= 0:
            return k
    k = find(la, n, c.A_SKIP)
    return k if k >= 0 else 0


@kernel
def knob_choose(R, feat, la, n, knobs):
    """The knob policy's pick among ``la[:n]`` for the seat of `feat`."""
    if n <= 1:
        return 0
    first = la[0, 0]
    if first == c.A_START:
        return choose_start(R, la, n, knobs)
    if first == c.A_SPIN:
        return choose_turn(R, feat, la, n, knobs)
    if first == c.A_BRANCH:
        return choose_branch(R, feat, la, n, knobs)
    if has_kind(la, n, c.A_KEEP_CAREER) or has_kind(la, n, c.A_TAKE_RAISE) or (
            first == c.A_CHOOSE_CAREER):
        return choose_career(R, feat, la, n, knobs)
    if first == c.A_CHOOSE_SALARY:
        return choose_salary(R, la, n, knobs)
    if first == c.A_NIGHT_SCHOOL or first == c.A_NIGHT_JOB:
        return choose_night_school(R, feat, la, n, knobs)
    if first == c.A_TRADE_SALARY:
        return choose_trade_salary(feat, la, n, knobs)
    if first == c.A_BUY_HOUSE:
        return choose_house(R, feat, la, n, knobs)
    if first == c.A_SELL_HOUSE:
        return choose_sell_house(R, feat, la, n, knobs)
    if first == c.A_RETIRE:
        return choose_retire(R, feat, la, n, knobs)
    if first == c.A_BET:
        return choose_bet(feat, la, n, knobs)
    if first == c.A_PLAY_BOOST:
        return card_or_skip(la, n, c.A_PLAY_BOOST, knobs[K_BOOST])
    if first == c.A_PLAY_EXEMPTION:
        return card_or_skip(la, n, c.A_PLAY_EXEMPTION, knobs[K_EXEMPT])
    if first == c.A_PLAY_COLLECT:
        return card_or_skip(la, n, c.A_PLAY_COLLECT, knobs[K_COLLECT])
    if first == c.A_PAY_CARD:
        if knobs[K_PAY] >= 0.5:
            return best_target(R, feat, la, n, c.A_PAY_CARD, knobs)
        return find(la, n, c.A_SKIP)
    if first == c.A_TAKE_FROM or first == c.A_SUE:
        return best_target(R, feat, la, n, first, knobs)
    if first == c.A_BUY_POLICY:
        return choose_offer(R, feat, la, n, knobs)
    if first == c.A_KEEP or first == c.A_GAMBLE:
        return choose_gamble(R, feat, la, n, knobs)
    if first == c.A_TAKE_MONEY or first == c.A_SEND_BACK:
        return choose_revenge(R, feat, la, n, knobs)
    if first == c.A_ACRES:
        return choose_tycoon(R, feat, la, n, knobs)
    # A free stock, a stock to give back, tokens, a lucky number: all alike.
    return 0
