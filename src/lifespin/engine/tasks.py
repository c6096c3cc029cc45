"""What a game waits for: the tasks on a state's stack, as named, typed records.

A state keeps a stack of pending tasks; the one on top is what happens next.
Each task type is one of three kinds, registered with its rule in
`registry.TASKS`: a decision (a seat chooses from `legal_actions()`), a chance
node (a driver picks one of `chance_outcomes()`), or a step the engine takes by
itself (moving, landing, ending the turn). Every task names the seat it is
about; `seat` is -1 where no seat is (the final count) and `ESTATES_SEAT` for
tiles dealt to the Millionaire Estates pile.
"""

from __future__ import annotations

from enum import IntEnum
from typing import NamedTuple

__all__ = [
    "ESTATES_SEAT",
    "Bet",
    "BonusTiles",
    "Branch",
    "BuyHouse",
    "ChooseCareer",
    "ChooseSalary",
    "Deal",
    "Deck",
    "DrawTile",
    "EndTurn",
    "EstatesDeal",
    "Exempt",
    "Final",
    "FreeStock",
    "Gamble",
    "HouseDeal",
    "Land",
    "Lucky",
    "Mode",
    "Move",
    "NightSchool",
    "Offer",
    "PlayCollect",
    "PlayPay",
    "Purpose",
    "RetireWhere",
    "ReturnStock",
    "Revenge",
    "SellHouse",
    "Spin",
    "StealFrom",
    "StealTile",
    "Sue",
    "Task",
    "TradeSalary",
    "Turn",
    "Tycoon",
    "WealthDraw",
]

ESTATES_SEAT = -2
"""The 'seat' of tiles dealt face down to the Millionaire Estates before play."""


class Purpose(IntEnum):
    """What a spin of the wheel is for."""

    MOVE = 0
    HOUSE_SALE = 1
    COLLECT = 2
    GIFT = 3
    SPIN_TO_WIN = 4
    GAMBLE = 5
    TYCOON = 6


class Deck(IntEnum):
    """The decks that are dealt from for a choice."""

    CAREER = 0  # careers a player may take (no degree: only those needing none)
    SALARY = 1
    CAREER2 = 2  # the teacher's second career: dealt straight to the player
    COLLEGE = 3  # careers that need a degree
    ANY = 4  # every career left (night school: the degree comes with the switch)


class Mode(IntEnum):
    """Why a career is being chosen."""

    PICK = 0  # from the cards dealt
    NIGHT_SCHOOL = 1  # or keep the old career
    GRADUATE = 2  # or keep the old career with a raise


# ---------------------------------------------------------------- decisions


class Turn(NamedTuple):
    """The start choice, or the before-spin menu (spin, buy, borrow, repay,
    ...). `notes`: notes taken at will (positive) or repaid (negative) at
    this menu in this turn."""

    seat: int
    notes: int = 0


class Branch(NamedTuple):
    """Which way at a fork; `steps` left to move (0: chosen while stopped)."""

    seat: int
    steps: int


class StealFrom(NamedTuple):
    """Whose LIFE tile to take when the pile is empty."""

    seat: int


class ChooseCareer(NamedTuple):
    """Take one of the careers dealt (`offer`); `space` pays a graduate's raise
    or is the night school whose new career brings new salary cards."""

    seat: int
    mode: Mode
    space: int


class ChooseSalary(NamedTuple):
    """Take one of the salary cards dealt (`salary_offer`)."""

    seat: int


class BuyHouse(NamedTuple):
    """Buy a house from `deck` (-1: any deck) or skip: one of the deeds drawn
    (`offer`), or with `rules.house_draw` 0 any deed left. `dealt`: the
    deeds have been drawn."""

    seat: int
    deck: int
    dealt: bool = False


class SellHouse(NamedTuple):
    seat: int
    deck: int


class NightSchool(NamedTuple):
    """Pay for night school first, or (cards dealt first) switch to a new
    career and salary for the tuition, or keep the old cards."""

    seat: int
    space: int


class TradeSalary(NamedTuple):
    seat: int


class FreeStock(NamedTuple):
    seat: int


class ReturnStock(NamedTuple):
    seat: int


class RetireWhere(NamedTuple):
    seat: int


class Bet(NamedTuple):
    """A Spin to Win bet. `mode` 0: place a bet; -1: may play a boost card;
    n > 0: n boost tokens left to place. `rest`: seats still to bet."""

    seat: int
    rest: tuple[int, ...]
    space: int
    mode: int


class Sue(NamedTuple):
    seat: int
    amount: int


class Exempt(NamedTuple):
    """Play an exemption card against a `kind` ("lawsuit", "collect", "pay")
    demand of `amount` from `other`?"""

    seat: int
    kind: str
    other: int
    amount: int


class PlayCollect(NamedTuple):
    """Play a collect card on `mover`'s collect of `amount`? `rest`: holders next."""

    seat: int
    mover: int
    amount: int
    rest: tuple[int, ...]


class PlayPay(NamedTuple):
    seat: int
    amount: int


class Offer(NamedTuple):
    """Buy the insurance or stock offered by the space?"""

    seat: int
    space: int


class Gamble(NamedTuple):
    seat: int
    space: int


class Revenge(NamedTuple):
    seat: int
    space: int


class Tycoon(NamedTuple):
    """Millionaire Acres, or the Tycoon gamble on a number."""

    seat: int
    space: int


class Lucky(NamedTuple):
    """The first arrival names a lucky number that fines the others."""

    seat: int
    fine: int


# ---------------------------------------------------------------- chance nodes


class Spin(NamedTuple):
    """The wheel, spun by `seat` for `purpose`; `arg` is the purpose's argument
    (a house, an amount per pip, a space, a number bet on)."""

    seat: int
    purpose: Purpose
    arg: int


class DrawTile(NamedTuple):
    """A LIFE tile from the pile (an empty pile turns into taking one)."""

    seat: int


class StealTile(NamedTuple):
    seat: int
    victim: int


class Deal(NamedTuple):
    """Deal one card from `deck`; `left` cards still to deal, this one included."""

    seat: int
    deck: Deck
    left: int


class HouseDeal(NamedTuple):
    """Draw one house deed from `deck` (-1: any deck) for the buyer to choose
    from; `left` deeds still to draw, this one included."""

    seat: int
    deck: int
    left: int


class BonusTiles(NamedTuple):
    """Tiles from the pile to a seat (or `ESTATES_SEAT`), `left` still to draw."""

    seat: int
    left: int


class EstatesDeal(NamedTuple):
    """The estates' tiles to the richest retiree(s): `owed` seats, one tile each."""

    seat: int
    owed: tuple[int, ...]


class WealthDraw(NamedTuple):
    seat: int
    left: int


# ---------------------------------------------------------------- steps


class Move(NamedTuple):
    """Move `steps` spaces; `branch` is a fork's chosen space or -1."""

    seat: int
    steps: int
    branch: int


class Land(NamedTuple):
    """The space the car stands on acts; `passing`: an on_pass space acting on a
    car that goes by."""

    seat: int
    space: int
    passing: bool


class EndTurn(NamedTuple):
    seat: int


class Final(NamedTuple):
    seat: int


Task = (
    Turn | Branch | StealFrom | ChooseCareer | ChooseSalary | BuyHouse | SellHouse
    | NightSchool | TradeSalary | FreeStock | ReturnStock | RetireWhere | Bet | Sue
    | Exempt | PlayCollect | PlayPay | Offer | Gamble | Revenge | Tycoon | Lucky
    | Spin | DrawTile | StealTile | Deal | HouseDeal | BonusTiles | EstatesDeal | WealthDraw
    | Move | Land | EndTurn | Final
)
"""Any task on the stack."""
