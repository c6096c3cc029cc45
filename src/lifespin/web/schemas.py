"""REST request and response schemas, one class per use (the lobby form in,
the public game out, ...). The websocket messages are in `protocol.py`."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal, cast

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)

from ..table import DEFAULT_LEVEL
from .inputs import name_problem

__all__ = [
    "AbilityPublic",
    "Advice",
    "Board",
    "CareerPublic",
    "ChoicePublic",
    "EditionSummary",
    "GameCreate",
    "GameCreated",
    "GamePublic",
    "GamesPublic",
    "Health",
    "HousePublic",
    "LifeTilesPublic",
    "OptionPublic",
    "RecordPublic",
    "Replay",
    "ReplayStep",
    "SalaryPublic",
    "SeatCreate",
    "SeatCreated",
    "SeatPublic",
    "SeatView",
    "SpacePublic",
    "StockPublic",
    "WealthCardPublic",
]

def _showable(name: str) -> str:
    problem = name_problem(name)
    if problem is not None:
        raise ValueError(problem)
    return name


Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=40),
                 AfterValidator(_showable)]
Difficulty = Literal["random", "easy", "normal", "hard"]
OptionValue = bool | int | str
Status = Literal["lobby", "playing", "over", "abandoned"]
Pace = Literal["instant", "quick", "relaxed"]


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


# One seat of the lobby form.
class SeatCreate(_In):
    name: Name
    kind: Literal["human", "bot"] = "human"
    difficulty: Difficulty | None = None

    @model_validator(mode="after")
    def _difficulty_for_bots(self) -> SeatCreate:
        if self.kind == "human" and self.difficulty is not None:
            raise ValueError("only a bot seat has a difficulty")
        if self.kind == "bot" and self.difficulty is None:
            # What a bare `bot` is in every shell (one of the lobby's difficulties).
            self.difficulty = cast("Difficulty", DEFAULT_LEVEL)
        return self


# The lobby form: POST /games.
class GameCreate(_In):
    edition: Annotated[str, Field(min_length=1, max_length=64)] = "classic"
    seats: Annotated[list[SeatCreate], Field(min_length=1, max_length=12)]
    options: dict[Annotated[str, Field(max_length=64)], OptionValue] = {}
    seed: Annotated[int, Field(ge=0, lt=2**63)] | None = None
    # How long each bot move waits (the server's LIFESPIN_BOT_PACE when not given).
    pace: Pace | None = None
    # Seconds per decision (lifespin.web.clocks.CLOCKS); off or None: no clock.
    clock: Literal["off", "relaxed", "fast"] | None = None

    @model_validator(mode="after")
    def _names_differ(self) -> GameCreate:
        # As on the command line: two players with one name could not be told apart.
        seen: dict[str, int] = {}
        for i, seat in enumerate(self.seats, 1):
            key = seat.name.casefold()
            if key in seen:
                raise ValueError(f"players {seen[key]} and {i} are both called {seat.name!r}; "
                                 "give each player a different name")
            seen[key] = i
        return self


# A seat as its creator sees it, once: with its secret link.
class SeatCreated(BaseModel):
    seat: int
    name: str
    kind: str
    difficulty: str | None
    token: str | None
    link: str | None


# What POST /games returns: the only time tokens are shown.
class GameCreated(BaseModel):
    id: str
    host_token: str
    lobby_url: str
    watch_url: str
    seats: list[SeatCreated]


# A seat as anyone sees it.
class SeatPublic(BaseModel):
    seat: int
    name: str
    kind: str
    difficulty: str | None
    joined: bool
    connected: int


# A game as anyone sees it (the lobby).
class GamePublic(BaseModel):
    id: str
    edition: str
    edition_version: str
    options: dict[str, Any]
    status: Status
    version: int | None
    seats: list[SeatPublic]
    spectators: int
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    results: list[dict[str, Any]] | None
    pace: Pace | None = None


# A page of games.
class GamesPublic(BaseModel):
    data: list[GamePublic]
    count: int


# One seat's view, over REST.
class SeatView(BaseModel):
    version: int
    status: Status
    view: dict[str, Any]


# The advisor's answer.
class Advice(BaseModel):
    version: int
    advice: Any


# A finished game's record (DESIGN.md "Records").
class RecordPublic(BaseModel):
    format: str
    edition: str
    edition_version: str
    options: dict[str, Any]
    players: list[str]
    seed: int | None
    actions: list[str]


# One state of a finished game, for the replay page.
class ReplayStep(BaseModel):
    version: int
    action: str | None
    view: dict[str, Any]


# A page of a finished game's states.
class Replay(BaseModel):
    total: int
    start: int
    steps: list[ReplayStep]


# A house rule, for the lobby form.
class OptionPublic(BaseModel):
    name: str
    type: Literal["bool", "choice", "int"]
    default: OptionValue
    description: str
    choices: list[str]
    min: int | None
    max: int | None


# An edition in the list.
class EditionSummary(BaseModel):
    name: str
    title: str
    era: str
    version: str
    summary: str
    min_players: int
    max_players: int
    options: list[OptionPublic]
    bots: list[str]


class SpinRangePublic(BaseModel):
    low: int
    high: int
    amount: int


# A space of the board, with its effect's parameters.
class SpacePublic(BaseModel):
    id: str
    label: str
    effect: str
    # The effect in words, from the engine's registry (every shell says the same).
    effect_label: str
    icon: str
    says: str
    next: list[str]
    stop: bool
    branch: str
    to_retire: int
    amount: int
    payee: str | None
    waived_by: Literal["auto", "home", "life", "fire"] | None
    per_child: bool
    requires_house: bool
    count: int
    life_tile: bool
    careers: int
    salaries: int
    borrow: int
    draw_job: bool
    # Parameters of the 2005 and 1960 effects (see docs/editions.md).
    on_pass: bool = False
    requires: str | None = None
    degree_only: bool = False
    raise_amount: int = 0
    gift: int = 0
    gifts: list[SpinRangePublic] = []
    deck: str | None = None
    max_bet: int = 0
    bet_step: int = 0
    multiplier: int = 0
    child_gift: int = 0
    branch_costs: list[int] = []
    if_spun: int = 0
    career: str | None = None
    to: str | None = None
    land: bool = True
    kind: str | None = None
    sure: int = 0
    optional: bool = False
    outcomes: list[SpinRangePublic] = []
    back: int = 0
    first_bonus: int = 0
    stock_bonus: int = 0
    life_bonus: int = 0
    lucky_fine: int = 0
    tycoon: bool = False


class AbilityPublic(BaseModel):
    trigger: str
    number: int
    numbers: list[int]
    amount: int
    tiles: int
    salary: int


class CareerPublic(BaseModel):
    id: str
    name: str
    degree: bool
    abilities: list[AbilityPublic]
    salary: int = 0
    max_salary: int = 0
    taxes: int = 0


class SalaryPublic(BaseModel):
    id: str
    amount: int
    taxes: int


class HousePublic(BaseModel):
    id: str
    name: str
    price: int
    insurance: int
    resale: list[int]
    sale: int | None = None
    deck: str = "house"


class StockPublic(BaseModel):
    id: str
    number: int


# The LIFE tiles as a multiset of values: never which tile is which.
class LifeTilesPublic(BaseModel):
    count: int
    values: list[int]


# What a Share the Wealth card does (its id is the key).
class WealthCardPublic(BaseModel):
    kind: str
    tokens: int


# A rule choice the edition's authors made where the sources disagree.
class ChoicePublic(BaseModel):
    topic: str
    choice: str
    why: str
    option: str


# An edition's board and equipment under a set of house rules.
class Board(BaseModel):
    name: str
    title: str
    version: str
    options: dict[str, Any]
    spinner: int
    start_cash: int
    loan_amount: int
    loan_payback: int
    min_players: int
    max_players: int
    stock_price: int = 0
    stock_payout: int = 0
    auto_insurance_price: int = 0
    wealth_cards: dict[str, int] = {}
    wealth_kinds: dict[str, WealthCardPublic] = {}
    spaces: list[SpacePublic]
    careers: list[CareerPublic]
    salaries: list[SalaryPublic]
    houses: list[HousePublic]
    stocks: list[StockPublic]
    life_tiles: LifeTilesPublic
    display: dict[str, Any]
    era: str = ""
    summary: str = ""
    choices: list[ChoicePublic] = []



class Health(BaseModel):
    status: str
    games: int
