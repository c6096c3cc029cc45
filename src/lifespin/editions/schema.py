"""The edition file format, as pydantic models.

Field types catch what a person types wrong (a negative price, an unknown key,
an effect name that does not exist); `loader.py` adds the checks that need the
whole file (a `next` that names no space, a track that cannot retire, a deck
too small for the players). `lifespin edition schema` prints the JSON Schema of
`EditionFile` for editors.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from ..engine import registry

__all__ = [
    "ABILITY_TRIGGERS",
    "EFFECTS",
    "Ability",
    "Career",
    "Choice",
    "EditionFile",
    "House",
    "LifeTile",
    "Metadata",
    "Option",
    "Rules",
    "Salary",
    "Space",
    "Stock",
]

NonNegInt = Annotated[int, Field(ge=0)]
PosInt = Annotated[int, Field(gt=0)]
SpaceId = str | int

EFFECTS: tuple[str, ...] = tuple(registry.EFFECTS)
"""The closed vocabulary of what a space can do: the engine's registry
(docs/editions.md describes each)."""

ABILITY_TRIGGERS: tuple[str, ...] = tuple(registry.ABILITIES)
"""The closed set of career abilities: the engine's registry."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=False)


class Choice(_Strict):
    """A rule choice where sources conflict, written down for players."""

    topic: str
    choice: str
    why: str
    option: str = ""


class Metadata(_Strict):
    id: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")]
    title: str
    era: str = ""
    version: Annotated[str, Field(pattern=r"^\d+\.\d+\.\d+$")]
    summary: str = ""
    sources: list[str] = []
    choices: list[Choice] = []


class Rules(_Strict):
    start_cash: NonNegInt = 10_000
    min_players: Annotated[int, Field(ge=1, le=12)] = 2
    max_players: Annotated[int, Field(ge=1, le=12)] = 6
    loan_amount: PosInt = 20_000
    loan_payback: PosInt = 25_000
    borrow_limit: NonNegInt = 5
    house_draw: NonNegInt = 1
    car_capacity: Annotated[int, Field(ge=1, le=12)] = 6
    estates_tiles: NonNegInt = 4
    countryside_tiles: NonNegInt = 1
    estates_retire_tiles: NonNegInt = 0
    bonus_tile_from_players: bool = True
    stock_price: NonNegInt = 50_000
    stock_payout: NonNegInt = 10_000
    max_stocks: NonNegInt = 2
    wealth_hand: NonNegInt = 0
    wealth_threshold: NonNegInt = 5_000
    shared_bet_numbers: bool = False
    auto_insurance_price: NonNegInt = 5_000
    auto_insurance_offer: Literal["every_turn", "first_spin"] = "every_turn"
    spinner: Annotated[int, Field(ge=2, le=100)] = 10
    misspin_weight: NonNegInt = 0
    occupied_space_rule: bool = True
    shared_lead: bool = True


class Ability(_Strict):
    trigger: str
    number: Annotated[int, Field(ge=0)] | None = None
    numbers: list[PosInt] = []
    amount: NonNegInt = 0
    own_spin: bool = False
    tiles: PosInt | None = None
    salary: NonNegInt | None = None
    consecutive: Literal["own", "game"] = "own"


class Career(_Strict):
    id: str
    name: str
    degree: bool = False
    salary: NonNegInt = 0
    max_salary: NonNegInt = 0
    taxes: NonNegInt = 0
    abilities: list[Ability] = []


class Salary(_Strict):
    id: str
    amount: NonNegInt
    taxes: NonNegInt = 0
    colour: str = ""


class House(_Strict):
    id: str
    name: str
    deck: str = "house"
    price: NonNegInt
    insurance: NonNegInt = 0
    resale: list[NonNegInt] = []
    sale: NonNegInt | None = None


class Stock(_Strict):
    id: str
    number: PosInt


class WealthCard(_Strict):
    id: str
    kind: Literal["collect", "pay", "exemption", "boost"]
    copies: PosInt = 1
    tokens: PosInt | None = None


class GiftRange(_Strict):
    low: PosInt
    high: PosInt
    amount: NonNegInt


class SpinOutcome(_Strict):
    low: PosInt
    high: PosInt
    amount: int  # negative: the spinner pays


class LifeTile(_Strict):
    id: str
    label: str
    value: NonNegInt


class Space(_Strict):
    id: SpaceId
    label: str
    effect: str
    next: list[SpaceId] | None = None
    stop: bool = False
    branch: str = ""
    # Parameters; which ones an effect reads is listed in docs/editions.md and
    # checked by the loader (a parameter an effect does not use is an error).
    amount: NonNegInt | None = None
    payee: str | None = None
    waived_by: Literal["auto", "home", "life", "fire"] | None = None
    per_child: bool = False
    requires_house: bool = False
    count: PosInt | None = None
    life_tile: bool = True
    careers: PosInt | None = None
    salaries: PosInt | None = None
    borrow: NonNegInt = 0
    loan_cash: bool = False
    pay_first: bool = False
    draw_job: bool = False
    degree_only: bool = False
    raise_amount: NonNegInt | None = None
    gift: NonNegInt | None = None
    gifts: list[GiftRange] | None = None
    deck: str | None = None
    max_bet: PosInt | None = None
    bet_step: PosInt | None = None
    multiplier: PosInt | None = None
    child_gift: NonNegInt | None = None  # per child, paid by the bank
    branch_costs: list[NonNegInt] | None = None
    on_pass: bool = False
    requires: Literal["house", "stock", "auto", "home", "life", "fire"] | None = None
    if_spun: PosInt | None = None
    career: str | None = None
    to: SpaceId | None = None
    land: bool = True
    kind: Literal["auto", "life", "fire", "stock"] | None = None
    sure: NonNegInt | None = None
    optional: bool = False
    outcomes: list[SpinOutcome] | None = None
    back: PosInt | None = None
    choose_place: bool = True
    first_bonus: NonNegInt | None = None
    stock_bonus: NonNegInt | None = None
    life_bonus: NonNegInt | None = None
    lucky_fine: NonNegInt | None = None
    tycoon: bool = False

    @field_validator("id", mode="after")
    @classmethod
    def _id_text(cls, value: SpaceId) -> str:
        return str(value)

    @field_validator("next", mode="after")
    @classmethod
    def _next_text(cls, value: list[SpaceId] | None) -> list[str] | None:
        return None if value is None else [str(v) for v in value]


class Option(_Strict):
    type: Literal["bool", "choice", "int"]
    default: bool | int | str
    description: str
    choices: list[str] = []
    patches: dict[str, dict[str, Any]] = {}
    target: str = ""
    min: int | None = None
    max: int | None = None


class Display(BaseModel):
    """Free-form presentation data; the engine never reads it."""

    model_config = ConfigDict(extra="allow", frozen=True)


class EditionFile(_Strict):
    """One edition.toml."""

    metadata: Metadata
    rules: Rules = Rules()
    options: dict[str, Option] = {}
    spaces: list[Space]
    careers: list[Career] = []
    salaries: list[Salary] = []
    houses: list[House] = []
    stocks: list[Stock] = []
    life_tiles: list[LifeTile] = []
    wealth_cards: list[WealthCard] = []
    display: Display = Display()
