"""The observation encoding shared by every door.

One float32 vector per seat, of what that seat may see: the public facts of
the game and the seat's own private ones (its Share the Wealth hand; the
cards dealt for its own choice while it chooses), never another seat's
private cards and never a face-down value: LIFE tile values stay out for
everyone, owner included (only how many tiles each holds), as in
`State.view`. `observer(edition, players)` gives the `Observer` of a ruleset
at a table size: its `size`, a `Slot` per float (name, meaning, scale) and
`describe()` (the markdown table in docs/envs.md).

Seat-relative: a seat's block ``p0`` is the observing seat, then ``p1``,
``p2``, ... the seats after it in turn order (``p1`` plays next), and every
seat named elsewhere (who decides, a bet's owner, a toll's owner) is named
the same way, so that a policy learnt in one seat plays every seat.

Numbers are scaled to about [0, 1] (or [-1, 1] for what can go negative):
each slot's value is its raw value divided by `Slot.scale` (money by
$1,000,000, salaries by $100,000, counts by what bounds them); one-hot and
yes/no slots have scale 1.

House rules (options) show as the rule values they set (`rule.*` slots); the
layout depends on the edition and the table size only.

>>> import lifespin
>>> obs = observer("classic", 4)
>>> s = lifespin.new_game("classic", 4)
>>> x = obs.observe(s, 0)
>>> x.shape == (obs.size,), x.dtype.name
(True, 'float32')
>>> obs.slots[obs.index("p0.cash")].scale, round(float(x[obs.index("p0.cash")]), 6)
(1000000.0, 0.01)

Compiled (numba, usable from other kernels):

- ``encode(R, S, seat, out)``: writes the `size` floats of seat's
  observation of the compiled state S into `out` (float32, at least `size`
  long) and returns how many it wrote; it reads only what `seat` may see.
- ``obs_size(R, n)``: `size` for n seats.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ..editions import Edition
from ..engine import State
from ..engine.ruleset import Ruleset
from ..fast import codes as c
from ..fast import lower as L
from ..fast.kernel import (
    current,
    kernel,
    salary_of,
    seat_at,
    space_at,
    task_at,
    taxes_of,
    wealth_at,
)
from .spaces import ruleset_of

__all__ = ["Observer", "Slot", "encode", "obs_size", "observer"]

MONEY = 1_000_000.0
SALARY = 100_000.0
BET = 100_000.0

SPIN_PURPOSES = ("move", "house_sale", "collect", "gift", "spin_to_win", "gamble", "tycoon")
DECKS = ("career", "salary", "second_career", "college", "any")
CAREER_MODES = ("pick", "night_school", "graduate")
RETIRED = ("no", "estates", "countryside", "poor_farm", "acres")


@dataclass(frozen=True)
class Slot:
    """One float of the observation: its name, what it means and the scale
    its raw value is divided by. `group` names the block it belongs to (a
    one-hot or a run of related slots), for the docs."""

    name: str
    meaning: str
    scale: float
    group: str = ""
    about: str = ""  # the group's meaning, its member written X


# ============================================================== compiled


@kernel
def n_kinds(R):  # type: ignore[no-untyped-def]
    """Kinds of holding the ruleset names (lower._kinds): the fixed five and its policies."""
    m = 5
    for pos in range(R[L.R_NSPACES]):
        sp = space_at(R, pos)
        for f in (L.S_KIND, L.S_REQUIRES, L.S_WAIVED):
            if R[sp + f] + 1 > m:
                m = R[sp + f] + 1
    return m


@kernel
def n_tolls(R):  # type: ignore[no-untyped-def]
    m = 0
    for pos in range(R[L.R_NSPACES]):
        if R[space_at(R, pos) + L.S_EFFECT] == L.E_TOLL_BRIDGE:
            m += 1
    return m


@kernel
def has_bets(R):  # type: ignore[no-untyped-def]
    m = 0
    for pos in range(R[L.R_NSPACES]):
        if R[space_at(R, pos) + L.S_BET_STEP] > 0:
            m += 1
    return m > 0


@kernel
def same_card(R, i, j):  # type: ignore[no-untyped-def]
    """Share the Wealth cards i and j are copies (the same kind and tokens)."""
    a = wealth_at(R, i)
    b = wealth_at(R, j)
    return R[a] == R[b] and R[a + 1] == R[b + 1]


@kernel
def wealth_group(R, x):  # type: ignore[no-untyped-def]
    """Which of the distinct Share the Wealth cards (in order of first copy) card x is."""
    g = 0
    for j in range(R[L.R_NWEALTH]):
        if same_card(R, j, x):
            return g
        first = True
        for q in range(j):
            if same_card(R, q, j):
                first = False
                break
        if first:
            g += 1
    return g


@kernel
def n_wealth_groups(R):  # type: ignore[no-untyped-def]
    nw = R[L.R_NWEALTH]
    return wealth_group(R, nw - 1) + 1 if nw > 0 else 0


@kernel
def seat_block(R):  # type: ignore[no-untyped-def]
    """Floats per seat block (p0, p1, ...)."""
    nsp = R[L.R_NSPACES]
    ncar = R[L.R_NCAREERS]
    return (1 + nsp + 1 + 3 + 2 * ncar + 1 + 2 + R[L.R_NHOUSES] + 2 + (n_kinds(R) - L.K_STOCK)
            + R[L.R_NSTOCKS] + 2 + 5 + 8)


@kernel
def obs_size(R, n):  # type: ignore[no-untyped-def]
    """The observation's length for n seats."""
    spinner = R[L.R_SPINNER]
    head = n + 2 + c.N_WAITING + 7 + 5 + 3 + 3 + 4 + 1 + n + 3
    game = 3 + n + 2
    piles = 5 + R[L.R_NHOUSES] + R[L.R_NSTOCKS]
    bets = n * spinner if has_bets(R) else 0
    tolls = n * n_tolls(R)
    offer = R[L.R_NCAREERS] + R[L.R_NHOUSES] + R[L.R_NSALARIES]
    rules = 13
    own = n_wealth_groups(R)
    return head + game + piles + bets + tolls + offer + rules + n * seat_block(R) + own


@kernel
def zero(out, k, m):  # type: ignore[no-untyped-def]
    for i in range(k, k + m):
        out[i] = 0.0
    return k + m


@kernel
def rel(seat, other, n):  # type: ignore[no-untyped-def]
    """Where `other` sits counting from `seat` in turn order (0: seat itself)."""
    return (other - seat + n) % n


@kernel
def encode(R, S, seat, out):  # type: ignore[no-untyped-def]
    """Seat's observation of S into out[:size]; returns size. Reads only
    public fields, seat's own hand and, while seat chooses, its offer."""
    n = S[L.G_N]
    spinner = R[L.R_SPINNER]
    nsp = R[L.R_NSPACES]
    ncar = R[L.R_NCAREERS]
    nsal = R[L.R_NSALARIES]
    nh = R[L.R_NHOUSES]
    nst = R[L.R_NSTOCKS]
    nt = R[L.R_NTILES]
    nw = R[L.R_NWEALTH]
    cur = current(S)
    sp = S[L.G_SP]
    t = -1
    top = task_at(S, 0)
    if sp > 0:
        top = task_at(S, sp - 1)
        t = S[top]
    f1 = S[top + 2] if t >= 0 else 0
    f2 = S[top + 3] if t >= 0 else 0
    f3 = S[top + 4] if t >= 0 else 0
    k = 0
    # --- who acts
    k = zero(out, k, n + 2)
    if cur >= 0:
        out[rel(seat, cur, n)] = 1.0
    elif cur == -1:
        out[n] = 1.0
    else:
        out[n + 1] = 1.0
    # --- what is pending: the task's type and its public parameters
    base = k
    k = zero(out, k, c.N_WAITING + 7 + 5 + 3 + 3 + 4 + 1 + n + 3)
    if 0 <= t < c.N_WAITING:
        out[base + t] = 1.0
    b = base + c.N_WAITING
    if t == c.T_SPIN and 0 <= f1 < 7:
        out[b + f1] = 1.0
    b += 7
    if t == c.T_DEAL and 0 <= f1 < 5:
        out[b + f1] = 1.0
    b += 5
    if t == c.T_CHOOSE_CAREER and 0 <= f1 < 3:
        out[b + f1] = 1.0
    b += 3
    if t == c.T_EXEMPT and 0 <= f1 < 3:
        out[b + f1] = 1.0
    b += 3
    if t == c.T_BET:
        mode = f3
        if mode < 0:
            out[b] = 1.0
        elif mode == 0:
            out[b + 1] = 1.0
        else:
            out[b + 2] = 1.0
            out[b + 3] = mode / 10.0
    b += 4
    amount = 0
    if t == c.T_SUE or t == c.T_PLAY_PAY or t == c.T_LUCKY:
        amount = f1
    elif t == c.T_EXEMPT:
        amount = f3
    elif t == c.T_PLAY_COLLECT:
        amount = f2
    out[b] = amount / MONEY
    b += 1
    other = -1
    if t == c.T_EXEMPT:
        other = f2
    elif t == c.T_PLAY_COLLECT or t == c.T_STEAL_TILE:
        other = f1
    if 0 <= other < n:
        out[b + rel(seat, other, n)] = 1.0
    b += n
    if t == c.T_DEAL or t == c.T_HOUSE_DEAL:
        out[b] = f2 / 10.0
    elif t == c.T_BONUS_TILES or t == c.T_WEALTH_DRAW:
        out[b] = f1 / 10.0
    if t == c.T_BRANCH:
        out[b + 1] = f1 / spinner
    if t == c.T_TURN:
        out[b + 2] = f1 / max(1, R[L.R_BORROW_LIMIT])
    # --- the game
    out[k] = S[L.G_TURN_NUMBER] / 100.0
    out[k + 1] = S[L.G_LAST_SPIN] / spinner
    out[k + 2] = S[L.G_RETIRED] / n
    k = zero(out, k + 3, n + 2)
    if S[L.G_LUCKY_SEAT] >= 0:
        out[k - n - 2 + rel(seat, S[L.G_LUCKY_SEAT], n)] = 1.0
        out[k - 2] = S[L.G_LUCKY_NUMBER] / spinner
        out[k - 1] = S[L.G_LUCKY_FINE] / MONEY
    # --- piles: how many are left (the houses and stocks by card: public)
    out[k] = S[L.G_NTILE_PILE] / max(1, nt)
    out[k + 1] = S[L.G_NEST] / max(1, nt)
    out[k + 2] = S[L.G_NCAREER] / max(1, ncar)
    out[k + 3] = S[L.G_NSALARY] / max(1, nsal)
    out[k + 4] = S[L.G_NWEALTH] / max(1, nw)
    k += 5
    for h in range(nh):
        out[k + h] = S[S[L.G_OG_HOUSE_IN] + h]
    k += nh
    for s in range(nst):
        out[k + s] = S[S[L.G_OG_STOCK_IN] + s]
    k += nst
    # --- Spin to Win bets: stake by seat and number
    if has_bets(R):
        k0 = k
        k = zero(out, k, n * spinner)
        at = S[L.G_OG_BETS]
        for j in range(S[L.G_NBETS]):
            who = S[at + 3 * j]
            x = S[at + 3 * j + 1]
            if 0 <= who < n and 1 <= x <= spinner:
                out[k0 + rel(seat, who, n) * spinner + x - 1] += S[at + 3 * j + 2] / BET
    # --- toll owners, by toll space in board order
    k0 = k
    k = zero(out, k, n * n_tolls(R))
    for j in range(S[L.G_NOWNERS]):
        pos = S[S[L.G_OG_OWNERS] + 2 * j]
        who = S[S[L.G_OG_OWNERS] + 2 * j + 1]
        m = 0
        for q in range(pos):
            if R[space_at(R, q) + L.S_EFFECT] == L.E_TOLL_BRIDGE:
                m += 1
        if 0 <= who < n:
            out[k0 + m * n + rel(seat, who, n)] = 1.0
    # --- the cards dealt for the seat's own choice, while it chooses
    k0 = k
    k = zero(out, k, ncar + nh + nsal)
    if cur == seat and cur >= 0:
        if t == c.T_CHOOSE_CAREER or t == c.T_NIGHT_SCHOOL:
            for j in range(S[L.G_NOFFER]):
                x = S[S[L.G_OG_OFFER] + j]
                if 0 <= x < ncar:
                    out[k0 + x] = 1.0
        if t == c.T_BUY_HOUSE and R[L.R_HOUSE_DRAW]:
            for j in range(S[L.G_NOFFER]):
                x = S[S[L.G_OG_OFFER] + j]
                if 0 <= x < nh:
                    out[k0 + ncar + x] = 1.0
        if t == c.T_CHOOSE_SALARY or t == c.T_NIGHT_SCHOOL:
            for j in range(S[L.G_NSOFFER]):
                x = S[S[L.G_OG_SOFFER] + j]
                if 0 <= x < nsal:
                    out[k0 + ncar + nh + x] = 1.0
    # --- the rules (house rules show as the values they set)
    out[k] = R[L.R_START_CASH] / MONEY
    out[k + 1] = R[L.R_LOAN] / MONEY
    out[k + 2] = R[L.R_PAYBACK] / MONEY
    out[k + 3] = R[L.R_AUTO_PRICE] / MONEY
    out[k + 4] = R[L.R_STOCK_PRICE] / MONEY
    out[k + 5] = R[L.R_STOCK_PAYOUT] / MONEY
    out[k + 6] = R[L.R_OCCUPIED]
    out[k + 7] = R[L.R_SHARED_LEAD]
    out[k + 8] = R[L.R_BONUS_FROM_PLAYERS]
    out[k + 9] = R[L.R_SHARED_BETS]
    out[k + 10] = R[L.R_ESTATES_TILES] / 10.0
    out[k + 11] = R[L.R_COUNTRYSIDE_TILES] / 10.0
    out[k + 12] = R[L.R_BORROW_LIMIT] / 10.0
    k += 13
    # --- each seat, the observer first, then in turn order
    far = 1
    for pos in range(nsp):
        if R[space_at(R, pos) + L.S_TO_RETIRE] > far:
            far = R[space_at(R, pos) + L.S_TO_RETIRE]
    nk = n_kinds(R)
    for j in range(n):
        i = (seat + j) % n
        p = seat_at(S, i)
        k0 = k
        k = zero(out, k, seat_block(R))
        here = S[p + L.PF_SPACE]
        if here < 0:
            out[k0] = 1.0
        else:
            out[k0 + 1 + here] = 1.0
            out[k0 + 1 + nsp] = R[space_at(R, here) + L.S_TO_RETIRE] / far
        b = k0 + 2 + nsp
        out[b] = S[p + L.PF_CASH] / MONEY
        out[b + 1] = S[p + L.PF_LOANS] * R[L.R_PAYBACK] / MONEY
        out[b + 2] = S[p + L.PF_LOANS] / 10.0
        b += 3
        if S[p + L.PF_CAREER] >= 0:
            out[b + S[p + L.PF_CAREER]] = 1.0
        if S[p + L.PF_CAREER2] >= 0:
            out[b + ncar + S[p + L.PF_CAREER2]] = 1.0
        b += 2 * ncar
        out[b] = S[p + L.PF_DEGREE] != 0
        out[b + 1] = salary_of(R, S, i) / SALARY
        out[b + 2] = taxes_of(R, S, i) / SALARY
        b += 3
        if S[p + L.PF_HOUSE] >= 0:
            out[b + S[p + L.PF_HOUSE]] = 1.0
        b += nh
        out[b] = S[p + L.PF_AUTO] != 0
        out[b + 1] = S[p + L.PF_HOME] != 0
        b += 2
        bits = S[p + L.PF_POLICIES]
        for kk in range(L.K_STOCK, nk):
            out[b + kk - L.K_STOCK] = (bits >> kk) & 1
        b += nk - L.K_STOCK
        for q in range(S[p + L.PF_NSTOCKS]):
            x = S[p + S[L.G_OP_STOCKS] + q]
            if 0 <= x < nst:
                out[b + x] += 1.0
        b += nst
        out[b] = S[p + L.PF_SPOUSE] != 0
        out[b + 1] = S[p + L.PF_CHILDREN] / max(1, R[L.R_CAR])
        b += 2
        r = S[p + L.PF_RETIRED]
        if 0 <= r < 5:
            out[b + r] = 1.0
        b += 5
        out[b] = S[p + L.PF_SKIP] != 0
        out[b + 1] = S[p + L.PF_LAST_SPIN] / spinner
        out[b + 2] = S[p + L.PF_PAYDAYS] / 50.0
        out[b + 3] = S[p + L.PF_TURNS] / 100.0
        out[b + 4] = S[p + L.PF_MISSED] / 20.0
        out[b + 5] = S[p + L.PF_RAISES] / SALARY
        out[b + 6] = S[p + L.PF_NTILES] / 10.0
        out[b + 7] = S[p + L.PF_NHAND] / 10.0
    # --- the seat's own Share the Wealth hand
    k0 = k
    k = zero(out, k, n_wealth_groups(R))
    p = seat_at(S, seat)
    for q in range(S[p + L.PF_NHAND]):
        x = S[p + S[L.G_OP_HAND] + q]
        if 0 <= x < nw:
            out[k0 + wealth_group(R, x)] += 1.0
    return k


# ============================================================== the layout, in Python


def _slots(r: Ruleset, n: int) -> list[Slot]:
    """The slots in the order `encode` writes them (a test checks they agree)."""
    out: list[Slot] = []

    def add(group: str, names: list[str] | tuple[str, ...], meaning: str,
            scale: float = 1.0) -> None:
        for nm in names:
            out.append(Slot(f"{group}.{nm}" if nm else group,
                            meaning.replace("{}", nm), scale, group, meaning.replace("{}", "X")))

    seats = [f"p{j}" for j in range(n)]
    add("to_act", seats, "the seat to decide is {} (p0: the observer)")
    add("to_act", ["chance"], "a chance node is pending (a spin, a draw, a deal)")
    add("to_act", ["over"], "the game is over")
    add("task", c.TASK_NAMES[: c.N_WAITING],
        "the pending task (a decision or a chance node) is {}")
    add("spin", SPIN_PURPOSES, "the pending spin is for: {}")
    add("deal", DECKS, "the pending deal is from the {} deck")
    add("career_choice", CAREER_MODES, "the pending career choice is a {} choice")
    add("exempt", c.EXEMPT_KINDS, "the pending exemption question is against a {}")
    add("bet", ["boost", "stake", "tokens"], "Spin to Win: the pending question is {}")
    add("bet", ["tokens_left"], "Spin to Win: boost tokens left to place", 10.0)
    add("task", ["amount"], "money at stake in the pending question (lawsuit, card, fine)",
        MONEY)
    add("task.other", seats, "the other seat the pending task names is {} (the suer, "
        "the mover, the victim)")
    add("task", ["left"], "cards or tiles still to be dealt by the pending deal", 10.0)
    add("task", ["steps"], "steps left to move when a fork is chosen", float(r.spinner))
    add("task", ["borrowed"], "loan notes taken (+) or repaid (-) this turn, at the turn's "
        "decision", float(max(1, r.borrow_limit)))
    add("game", ["turn_number"], "turns played", 100.0)
    add("game", ["last_spin"], "the last number spun", float(r.spinner))
    add("game", ["retired"], "seats retired", float(n))
    add("lucky", seats, "the lucky number is {}'s")
    add("lucky", ["number"], "the lucky number", float(r.spinner))
    add("lucky", ["fine"], "what the lucky number's owner collects", MONEY)
    nt = max(1, len(r.tile_values))
    add("pile", ["life_tiles"], "LIFE tiles left in the pile", float(nt))
    add("pile", ["estates_tiles"], "LIFE tiles set aside for the estates", float(nt))
    add("pile", ["careers"], "career cards left", float(max(1, len(r.careers))))
    add("pile", ["salaries"], "salary cards left", float(max(1, len(r.salary_amounts))))
    add("pile", ["wealth"], "Share the Wealth cards left", float(max(1, len(r.wealth_cards))))
    add("pile.house", [h.id for h in r.houses], "copies of house {} for sale")
    add("pile.stock", list(r.stock_ids), "copies of stock {} left")
    if any(sp.bet_step > 0 for sp in r.spaces):
        add("bets", [f"{s}.on{x}" for s in seats for x in range(1, r.spinner + 1)],
            "Spin to Win: stake seat.number", BET)
    for sp in r.spaces:
        if sp.effect == "toll_bridge":
            add(f"toll.{sp.id}", seats, f"the toll on space {sp.id} is owned by {{}}")
    add("offer.career", [car.id for car in r.careers],
        "career {} is dealt for the observer's choice (only while it chooses)")
    add("offer.house", [h.id for h in r.houses],
        "house {} is drawn for the observer's choice (only while it chooses)")
    add("offer.salary", list(r.salary_ids),
        "salary card {} is dealt for the observer's choice (only while it chooses)")
    add("rule", ["start_cash"], "house rule: cash at the start", MONEY)
    add("rule", ["loan"], "house rule: a loan note's amount", MONEY)
    add("rule", ["payback"], "house rule: what repaying a note costs", MONEY)
    add("rule", ["auto_price"], "house rule: car insurance's price", MONEY)
    add("rule", ["stock_price"], "house rule: a stock's price", MONEY)
    add("rule", ["stock_payout"], "house rule: what a stock pays on its number", MONEY)
    add("rule", ["occupied"], "house rule: the occupied-space rule is on")
    add("rule", ["shared_lead"], "house rule: a car level with the leader leads")
    add("rule", ["bonus_from_players"], "house rule: an empty pile's tile comes from a player")
    add("rule", ["shared_bets"], "house rule: Spin to Win numbers may be shared")
    add("rule", ["estates_tiles"], "house rule: tiles set aside for the estates", 10.0)
    add("rule", ["countryside_tiles"], "house rule: tiles for retiring to the countryside",
        10.0)
    add("rule", ["borrow_limit"], "house rule: loan notes a seat may take in one turn", 10.0)
    kinds = L._kinds(r)[L.K_STOCK:]
    for s in seats:
        who = "the observer" if s == "p0" else f"seat {s} (the observer's {s[1:]}. next)"
        add(f"{s}", ["start"], f"{who} has not started (not on the board)")
        add(f"{s}.space", [sp.id for sp in r.spaces], f"{who} is on space {{}}")
        add(f"{s}", ["to_retire"], f"spaces from {who}'s space to retirement, over the "
            f"longest", float(max(1, max(sp.to_retire for sp in r.spaces))))
        add(f"{s}", ["cash"], f"{who}'s cash", MONEY)
        add(f"{s}", ["debt"], f"what {who} owes on loans", MONEY)
        add(f"{s}", ["loans"], f"{who}'s loan notes", 10.0)
        add(f"{s}.career", [car.id for car in r.careers], f"{who}'s career is {{}}")
        add(f"{s}.career2", [car.id for car in r.careers], f"{who}'s second career is {{}}")
        add(f"{s}", ["degree"], f"{who} has a degree")
        add(f"{s}", ["salary"], f"{who}'s salary", SALARY)
        add(f"{s}", ["taxes"], f"{who}'s taxes", SALARY)
        add(f"{s}.house", [h.id for h in r.houses], f"{who} owns house {{}}")
        add(f"{s}", ["auto"], f"{who} has car insurance")
        add(f"{s}", ["home"], f"{who} has home insurance")
        add(f"{s}.policy", list(kinds), f"{who} holds a {{}} policy")
        add(f"{s}.stock", list(r.stock_ids), f"copies of stock {{}} {who} owns")
        add(f"{s}", ["spouse"], f"{who} is married")
        add(f"{s}", ["children"], f"{who}'s children, over the car's room",
            float(max(1, r.car_capacity)))
        add(f"{s}.retired", RETIRED, f"where {who} retired: {{}}")
        add(f"{s}", ["skip_next"], f"{who} misses the next turn")
        add(f"{s}", ["last_spin"], f"{who}'s last spin", float(r.spinner))
        add(f"{s}", ["paydays"], f"Pay Days {who} passed", 50.0)
        add(f"{s}", ["turns"], f"turns {who} took", 100.0)
        add(f"{s}", ["missed"], f"turns {who} missed", 20.0)
        add(f"{s}", ["raises"], f"what {who}'s raises add to the salary", SALARY)
        add(f"{s}", ["life_tiles"], f"LIFE tiles {who} holds (how many: values are face down)",
            10.0)
        add(f"{s}", ["wealth_cards"], f"Share the Wealth cards {who} holds (how many)", 10.0)
    cards: dict[tuple[str, int], str] = {}
    for w in r.wealth_cards:
        cards.setdefault((w.kind, w.tokens), w.id)
    add("own.wealth", list(cards.values()),
        "copies of Share the Wealth card {} in the observer's own hand")
    return out


@dataclass(eq=False)
class Observer:
    """The observation encoding of one ruleset at one table size (see the
    module's docstring). Build it with `observer` (cached)."""

    rules: Ruleset
    players: int
    slots: tuple[Slot, ...] = field(repr=False)
    R: np.ndarray = field(repr=False)  # the lowered rules (lower_rules)

    @property
    def size(self) -> int:
        return len(self.slots)

    def index(self, name: str) -> int:
        """The position of the slot called `name` (KeyError if none)."""
        names = self.rules.cache.setdefault(f"envs.slot_names.{self.players}",
                                            {s.name: i for i, s in enumerate(self.slots)})
        try:
            return int(names[name])
        except KeyError:
            raise KeyError(f"no slot {name!r} in the {self.rules.id} observation") from None

    def observe(self, state: State, seat: int) -> np.ndarray:
        """Seat's observation of a reference state: float32 (size,)."""
        return self.observe_fast(L.lower_state(state), seat)

    def observe_fast(self, fs: np.ndarray, seat: int) -> np.ndarray:
        """Seat's observation of a compiled state: float32 (size,)."""
        if not 0 <= seat < self.players:
            raise ValueError(f"no seat {seat} in a {self.players}-player game")
        out = np.empty(self.size, np.float32)
        wrote = encode(self.R, fs, seat, out)
        if wrote != self.size:  # pragma: no cover - a test keeps them equal
            raise AssertionError(f"encode wrote {wrote} floats, the layout has {self.size}")
        return out

    def describe(self) -> str:
        """A markdown table of the slots, a row per group (a one-hot or a
        run of related slots): positions, names, meaning, scale."""
        lines = [f"Observation of `{self.rules.id}` for {self.players} players: "
                 f"{self.size} float32.", "",
                 "| slots | name | meaning | scale |", "|---|---|---|---:|"]
        i = 0
        slots = self.slots
        while i < len(slots):
            j = i
            while j + 1 < len(slots) and slots[j + 1].group == slots[i].group and (
                    slots[j + 1].scale == slots[i].scale) and (
                    slots[j + 1].about == slots[i].about):
                j += 1
            s = slots[i]
            scale = f"{s.scale:g}"
            if j == i:
                lines.append(f"| {i} | `{s.name}` | {s.meaning} | {scale} |")
            else:
                members = [slots[k].name[len(s.group) + 1:] for k in range(i, j + 1)]
                lines.append(f"| {i}-{j} | `{s.group}.X`, X in: {', '.join(members)} | "
                             f"{s.about} | {scale} |")
            i = j + 1
        return "\n".join(lines) + "\n"


def observer(edition: str | Path | Edition | Ruleset, players: int) -> Observer:
    """The observation encoding of an edition (its default house rules; pass
    a `Ruleset` for others) at a table size; built once per ruleset and size.

    Raises:
        ValueError: the edition does not seat that many players.
    """
    r = ruleset_of(edition)
    r.check_players(players)
    key = f"envs.observer.{players}"
    cached = r.cache.get(key)
    if cached is None:
        fr = L.lower_rules(r)
        slots = tuple(_slots(r, players))
        size = int(obs_size(fr, players))
        if size != len(slots):  # pragma: no cover - a test keeps them equal
            raise AssertionError(f"{r.id}: {len(slots)} slots named, encode writes {size}")
        cached = r.cache[key] = Observer(r, players, slots, fr)
    assert isinstance(cached, Observer)
    return cached


# ============================================================== docs/envs.md

DOC_EDITIONS = ("classic", "2005", "1960")
DOC_PLAYERS = 4


def doc_tables() -> list[str]:
    """The generated blocks of docs/envs.md: for each shipped edition (4
    players), the observation's slots and the action numbering, each between
    its own begin and end markers."""
    from .spaces import action_space

    out = []
    for ed in DOC_EDITIONS:
        for what, text in (("observation", observer(ed, DOC_PLAYERS).describe()),
                           ("actions", action_space(ed, DOC_PLAYERS).describe())):
            out.append(f"<!-- generated: {what} {ed} {DOC_PLAYERS} -->\n{text}"
                       f"<!-- end generated: {what} {ed} -->")
    return out


def write_docs(path: str | Path) -> None:
    """Write the generated blocks into the markdown file at `path`: each
    replaces its old self between its markers, or is added at the end."""
    p = Path(path)
    text = p.read_text() if p.exists() else ""
    for block in doc_tables():
        begin = block.split("\n", 1)[0]
        end = block.rsplit("\n", 1)[1]
        i = text.find(begin)
        if i >= 0:
            j = text.index(end, i) + len(end)
            text = text[:i] + block + text[j:]
        else:
            text = text.rstrip("\n") + "\n\n" + block + "\n"
    p.write_text(text)


if __name__ == "__main__":  # pragma: no cover - `python -m lifespin.envs.encode docs/envs.md`
    import sys

    write_docs(sys.argv[1] if len(sys.argv) > 1 else "docs/envs.md")
