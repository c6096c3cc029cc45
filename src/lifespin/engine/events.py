"""What an action caused, typed, for UIs and logs.

Events hold only what every seat may know: a LIFE tile draw names who drew
and from where, never which tile; a dealt card names the deck, never the card.
"""

from __future__ import annotations

from typing import Any, NamedTuple

__all__ = [
    "BANK",
    "BetPlaced",
    "Borrowed",
    "BridgeOwned",
    "CardDrawn",
    "CardPlayed",
    "CardsDealt",
    "CareerTaken",
    "Event",
    "GameOver",
    "HouseBought",
    "HouseSold",
    "InsuranceBought",
    "LuckyNumber",
    "Married",
    "Moved",
    "NewBaby",
    "PaydayPassed",
    "PolicyBought",
    "PolicyLost",
    "RaiseGiven",
    "Repaid",
    "Retired",
    "SalaryTaken",
    "SalaryTraded",
    "SentBack",
    "Spun",
    "Started",
    "StockGained",
    "StockLost",
    "Sued",
    "TileTaken",
    "TilesHandedIn",
    "Transfer",
    "TurnSkipped",
    "TurnStarted",
    "TycoonBet",
    "event_to_dict",
]

BANK = -1
"""The bank's account number in Transfer events (seats are 0..n-1)."""


class TurnStarted(NamedTuple):
    seat: int


class Started(NamedTuple):
    seat: int
    path: str


class Spun(NamedTuple):
    seat: int
    value: int  # 0: the wheel missed the numbers
    purpose: str


class Moved(NamedTuple):
    seat: int
    path: tuple[str, ...]  # space ids, in order; the last is where the car is


class PaydayPassed(NamedTuple):
    seat: int
    space: str


class Transfer(NamedTuple):
    payer: int  # seat or BANK
    payee: int
    amount: int
    reason: str


class Borrowed(NamedTuple):
    seat: int
    notes: int
    amount: int


class Repaid(NamedTuple):
    seat: int
    notes: int
    amount: int


class TileTaken(NamedTuple):
    seat: int
    source: str  # "pile", "estates", or "seat N"


class TilesHandedIn(NamedTuple):
    seat: int
    tiles: int


class CardsDealt(NamedTuple):
    seat: int
    deck: str
    cards: int


class CareerTaken(NamedTuple):
    seat: int
    career: str
    second: bool


class SalaryTaken(NamedTuple):
    seat: int
    salary: str
    amount: int


class SalaryTraded(NamedTuple):
    seat: int
    other: int


class Married(NamedTuple):
    seat: int


class NewBaby(NamedTuple):
    seat: int
    children: int


class HouseBought(NamedTuple):
    seat: int
    house: str
    price: int


class HouseSold(NamedTuple):
    seat: int
    house: str
    price: int


class InsuranceBought(NamedTuple):
    seat: int
    kind: str  # "auto" or "home"
    price: int


class StockGained(NamedTuple):
    seat: int
    stock: str
    bought: bool


class StockLost(NamedTuple):
    seat: int
    stock: str


class TurnSkipped(NamedTuple):
    seat: int


class Retired(NamedTuple):
    seat: int
    where: str


class GameOver(NamedTuple):
    winners: tuple[int, ...]


class CardDrawn(NamedTuple):
    seat: int
    deck: str  # the deck, never the card: a Share the Wealth hand is private


class CardPlayed(NamedTuple):
    seat: int
    kind: str


class BetPlaced(NamedTuple):
    seat: int
    number: int
    stake: int


class Sued(NamedTuple):
    seat: int
    target: int
    amount: int


class RaiseGiven(NamedTuple):
    seat: int
    amount: int


class PolicyBought(NamedTuple):
    seat: int
    kind: str  # life, fire, stock, auto
    price: int


class PolicyLost(NamedTuple):
    seat: int
    kind: str


class BridgeOwned(NamedTuple):
    seat: int
    space: str


class SentBack(NamedTuple):
    seat: int
    target: int
    path: tuple[str, ...]


class LuckyNumber(NamedTuple):
    seat: int
    number: int


class TycoonBet(NamedTuple):
    seat: int
    number: int


Event = (
    TurnStarted | Started | Spun | Moved | PaydayPassed | Transfer | Borrowed | Repaid
    | TileTaken | TilesHandedIn | CardsDealt | CareerTaken | SalaryTaken | SalaryTraded
    | Married | NewBaby | HouseBought | HouseSold | InsuranceBought | StockGained | StockLost
    | TurnSkipped | Retired | GameOver | CardDrawn | CardPlayed | BetPlaced | Sued | RaiseGiven
    | PolicyBought | PolicyLost | BridgeOwned | SentBack | LuckyNumber | TycoonBet
)

_NAMES = {cls: "".join("_" + c.lower() if c.isupper() else c for c in cls.__name__).lstrip("_")
          for cls in Event.__args__}


def event_to_dict(event: Event) -> dict[str, Any]:
    """JSON-ready form: ``{"type": "transfer", "payer": 0, ...}``."""
    out: dict[str, Any] = {"type": _NAMES[type(event)]}
    for key, value in event._asdict().items():
        out[key] = list(value) if isinstance(value, tuple) else value
    return out
