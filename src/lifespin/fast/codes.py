"""The numbers the compiled engine uses for tasks, actions and what they hold.

The reference engine's tasks (`engine.tasks`) and actions (`engine.actions`)
become rows of small integers here: a task is ``(type, seat, f1, f2, f3, f4)``
on an integer stack, an action is ``(kind, a, b)``. `to_action` and
`from_action` translate an action both ways, so that a game played here can be
compared with the reference move by move, and a reference state lowered.
"""

from __future__ import annotations

from typing import Any

from ..engine.actions import Action
from ..engine.ruleset import Ruleset

# ---------------------------------------------------------------- task types
# Decisions first, then chance nodes, then steps (the engine's own moves).
T_TURN = 0
T_BRANCH = 1
T_STEAL_FROM = 2
T_CHOOSE_CAREER = 3
T_CHOOSE_SALARY = 4
T_BUY_HOUSE = 5
T_SELL_HOUSE = 6
T_NIGHT_SCHOOL = 7
T_TRADE_SALARY = 8
T_FREE_STOCK = 9
T_RETURN_STOCK = 10
T_RETIRE_WHERE = 11
T_BET = 12
T_SUE = 13
T_EXEMPT = 14
T_PLAY_COLLECT = 15
T_PLAY_PAY = 16
T_OFFER = 17
T_GAMBLE = 18
T_REVENGE = 19
T_TYCOON = 20
T_LUCKY = 21
N_DECISIONS = 22
T_SPIN = 22
T_DRAW_TILE = 23
T_STEAL_TILE = 24
T_DEAL = 25
T_HOUSE_DEAL = 26
T_BONUS_TILES = 27
T_ESTATES_DEAL = 28
T_WEALTH_DRAW = 29
N_WAITING = 30  # tasks below this wait for a decision or a chance outcome
T_MOVE = 30
T_LAND = 31
T_END_TURN = 32
T_FINAL = 33

TASK_NAMES = (
    "Turn", "Branch", "StealFrom", "ChooseCareer", "ChooseSalary", "BuyHouse", "SellHouse",
    "NightSchool", "TradeSalary", "FreeStock", "ReturnStock", "RetireWhere", "Bet", "Sue",
    "Exempt", "PlayCollect", "PlayPay", "Offer", "Gamble", "Revenge", "Tycoon", "Lucky",
    "Spin", "DrawTile", "StealTile", "Deal", "HouseDeal", "BonusTiles", "EstatesDeal",
    "WealthDraw", "Move", "Land", "EndTurn", "Final",
)

# ---------------------------------------------------------------- action kinds
A_START = 0  # a: start space
A_SPIN = 1
A_BUY_STOCK = 2  # a: stock
A_BUY_AUTO = 3
A_BUY_HOME = 4
A_REPAY = 5
A_BORROW = 6
A_TRADE_TILES = 7
A_SECOND_CAREER = 8
A_BRANCH = 9  # a: space
A_TAKE_FROM = 10  # a: seat
A_CHOOSE_CAREER = 11  # a: career
A_KEEP_CAREER = 12
A_TAKE_RAISE = 13
A_CHOOSE_SALARY = 14  # a: salary card
A_NIGHT_SCHOOL = 15  # pay for night school (pay-first)
A_NIGHT_JOB = 16  # a: career, b: salary card or -1
A_SKIP = 17
A_TRADE_SALARY = 18  # a: seat
A_BUY_HOUSE = 19  # a: house
A_SELL_HOUSE = 20
A_FREE_STOCK = 21  # a: stock
A_RETURN_STOCK = 22  # a: stock
A_RETIRE = 23  # a: 0 estates, 1 countryside
A_BET = 24  # a: number, b: stake
A_PLAY_BOOST = 25
A_TOKEN = 26  # a: number
A_SUE = 27  # a: seat
A_PLAY_EXEMPTION = 28
A_PLAY_COLLECT = 29
A_PAY_CARD = 30  # a: seat
A_BUY_POLICY = 31
A_KEEP = 32
A_GAMBLE = 33
A_TAKE_MONEY = 34  # a: seat
A_SEND_BACK = 35  # a: seat
A_ACRES = 36
A_TYCOON = 37  # a: number
A_LUCKY = 38  # a: number
N_DECISION_KINDS = 39
# chance outcomes
C_SPUN = 39  # a: number (0: a misspin)
C_DRAW_TILE = 40  # a: tile
C_TAKE_TILE = 41  # a: tile
C_DEAL_CAREER = 42  # a: career
C_DEAL_SALARY = 43  # a: salary card
C_DEAL_HOUSE = 44  # a: house
C_DRAW_WEALTH = 45  # a: wealth card
N_KINDS = 46

KIND_NAMES = (
    "start", "spin", "buy_stock", "buy_insurance:auto", "buy_insurance:home", "repay_loan",
    "borrow", "trade_tiles", "second_career", "branch", "take_from", "choose_career",
    "keep_career", "take_raise", "choose_salary", "night_school", "night_school:job", "skip",
    "trade_salary", "buy_house", "sell_house", "free_stock", "return_stock", "retire", "bet",
    "play_card:boost", "token", "sue", "play_card:exemption", "play_card:collect", "pay_card",
    "buy_policy", "keep", "gamble", "take_money", "send_back", "acres", "tycoon", "lucky",
    "spun", "draw_tile", "take_tile", "deal_career", "deal_salary", "deal_house", "draw_wealth",
)
"""A name per action kind (the reference action's kind, with its fixed argument)."""

# ---------------------------------------------------------------- spin purposes, decks, modes
# The same numbers as engine.tasks.Purpose, Deck and Mode.
P_MOVE, P_HOUSE_SALE, P_COLLECT, P_GIFT, P_SPIN_TO_WIN, P_GAMBLE, P_TYCOON = range(7)
D_CAREER, D_SALARY, D_CAREER2, D_COLLEGE, D_ANY = range(5)
M_PICK, M_NIGHT_SCHOOL, M_GRADUATE = range(3)
EX_LAWSUIT, EX_COLLECT, EX_PAY = range(3)
EXEMPT_KINDS = ("lawsuit", "collect", "pay")

# Where a player retired (engine.player): the same numbers.
NOT_RETIRED, ESTATES, COUNTRYSIDE, POOR_FARM, ACRES = range(5)

# Share the Wealth card kinds.
W_COLLECT, W_PAY, W_EXEMPTION, W_BOOST = range(4)
WEALTH_KINDS = ("collect", "pay", "exemption", "boost")


def _arg(text: str) -> int | str:
    return int(text) if text.lstrip("-").isdigit() else text


def to_action(r: Ruleset, kind: int, a: int, b: int) -> Action:
    """The reference engine's action for a compiled action ``(kind, a, b)``."""
    if kind in (A_START, A_BRANCH):
        return Action("start" if kind == A_START else "branch", _arg(r.spaces[a].id))
    if kind == A_NIGHT_JOB:
        career = r.careers[a].id
        return Action("night_school", f"{career}.{r.salary_ids[b]}" if b >= 0 else career)
    if kind == A_BET:
        return Action("bet", f"{a}-{b}")
    if kind == A_RETIRE:
        return Action("retire", "countryside" if a else "estates")
    if kind in (A_CHOOSE_CAREER, C_DEAL_CAREER):
        return Action("choose_career" if kind == A_CHOOSE_CAREER else "deal_career",
                      r.careers[a].id)
    if kind in (A_CHOOSE_SALARY, C_DEAL_SALARY):
        return Action("choose_salary" if kind == A_CHOOSE_SALARY else "deal_salary",
                      r.salary_ids[a])
    if kind in (A_BUY_STOCK, A_FREE_STOCK, A_RETURN_STOCK):
        return Action(KIND_NAMES[kind], r.stock_ids[a])
    if kind in (A_BUY_HOUSE, C_DEAL_HOUSE):
        return Action(KIND_NAMES[kind], r.houses[a].id)
    if kind in (A_TAKE_FROM, A_TRADE_SALARY, A_SUE, A_PAY_CARD, A_TAKE_MONEY, A_SEND_BACK,
                A_TOKEN, A_TYCOON, A_LUCKY, C_SPUN, C_DRAW_TILE, C_TAKE_TILE, C_DRAW_WEALTH):
        return Action(KIND_NAMES[kind], a)
    if kind == A_BUY_POLICY:
        return Action("buy_policy", r.spaces[a].kind)
    name, _, fixed = KIND_NAMES[kind].partition(":")
    return Action(name, fixed) if fixed else Action(name)


def from_action(r: Ruleset, action: Action, space: int = -1) -> tuple[int, int, int]:
    """The compiled ``(kind, a, b)`` of a reference action. `space` is the
    offering space, for ``buy_policy`` (whose argument is the policy's kind)."""
    kind, arg = action.kind, action.arg
    text = "" if arg is None else str(arg)
    if kind == "start":
        return A_START, r.space_index[text], 0
    if kind == "branch":
        return A_BRANCH, r.space_index[text], 0
    if kind == "night_school":
        if arg is None:
            return A_NIGHT_SCHOOL, 0, 0
        career, _, salary = text.partition(".")
        sal = r.salary_ids.index(salary) if salary else -1
        return A_NIGHT_JOB, r.career_index[career], sal
    if kind == "bet":
        number, _, stake = text.partition("-")
        return A_BET, int(number), int(stake)
    if kind == "retire":
        return A_RETIRE, 1 if text == "countryside" else 0, 0
    if kind in ("choose_career", "deal_career"):
        return (A_CHOOSE_CAREER if kind == "choose_career" else C_DEAL_CAREER,
                r.career_index[text], 0)
    if kind in ("choose_salary", "deal_salary"):
        return (A_CHOOSE_SALARY if kind == "choose_salary" else C_DEAL_SALARY,
                r.salary_ids.index(text), 0)
    if kind in ("buy_stock", "free_stock", "return_stock"):
        return KIND_NAMES.index(kind), r.stock_ids.index(text), 0
    if kind in ("buy_house", "deal_house"):
        return (KIND_NAMES.index(kind),
                next(i for i, h in enumerate(r.houses) if h.id == text), 0)
    if kind == "buy_policy":
        return A_BUY_POLICY, space, 0
    full = f"{kind}:{text}" if text and f"{kind}:{text}" in KIND_NAMES else kind
    code = KIND_NAMES.index(full)
    if arg is not None and full == kind:
        return code, int(arg), 0
    return code, 0, 0


def kind_name(kind: int) -> str:
    return KIND_NAMES[kind]


def describe_task(row: Any) -> str:
    """A task row, for messages: ``Turn(seat=0, 0, 0, 0, 0)``."""
    t, seat, *fields = (int(x) for x in row)
    return f"{TASK_NAMES[t]}(seat={seat}, {', '.join(map(str, fields))})"
