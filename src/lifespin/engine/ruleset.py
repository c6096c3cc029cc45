"""The compiled form of an edition that the engine runs on.

`editions.loader` builds it from a validated edition file and one set of house
rules. Everything here is plain tuples and ints, indexed by position, so that
the hot loop never looks anything up by name; a space's effect and a career
ability's trigger are names registered in `registry`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = ["AbilitySpec", "CareerSpec", "HouseSpec", "Ruleset", "SpaceSpec", "WealthSpec"]


@dataclass(frozen=True, slots=True)
class SpaceSpec:
    index: int
    id: str
    label: str
    effect: str  # a name in registry.EFFECTS
    next: tuple[int, ...]
    stop: bool
    branch: str
    amount: int
    payee: int  # career index, -1 for the bank
    waived_by: str  # the insurance that waives a payment ("auto", "home", ...), or ""
    per_child: bool
    requires_house: bool
    count: int
    life_tile: bool
    careers: int
    salaries: int
    borrow_notes: int
    draw_job: bool
    to_retire: int  # fewest spaces from here to a retire space
    degree_only: bool = False
    loan_cash: bool = False  # a start's loans are handed over as cash (else: tuition)
    pay_first: bool = False  # night school is paid for before any card is dealt
    raise_amount: int = 0
    gift: int = 0
    gifts: tuple[tuple[int, int, int], ...] = ()  # (low, high, amount) by spin
    deck: int = -1  # house deck index, -1: any
    max_bet: int = 0
    bet_step: int = 0
    multiplier: int = 0
    child_gift: int = 0
    branch_costs: tuple[int, ...] = ()
    on_pass: bool = False
    requires: str = ""
    if_spun: int = 0
    career: int = -1
    to: int = -1
    land: bool = True
    kind: str = ""
    sure: int = 0
    optional: bool = False
    outcomes: tuple[tuple[int, int, int], ...] = ()  # (low, high, signed amount)
    back: int = 0
    choose_place: bool = True
    first_bonus: int = 0
    stock_bonus: int = 0
    life_bonus: int = 0
    lucky_fine: int = 0
    tycoon: bool = False
    prev: int = -1  # the space a car sent back steps to
    acts_on_pass: bool = False  # a Pay Day, or `on_pass`: a passing car is affected


@dataclass(frozen=True, slots=True)
class AbilitySpec:
    trigger: str
    number: int
    numbers: tuple[int, ...]
    amount: int
    own_spin: bool
    tiles: int
    salary: int
    consecutive: str = "own"  # double_spin_salary: "own" spins or the "game"'s


@dataclass(frozen=True, slots=True)
class CareerSpec:
    index: int
    id: str
    name: str
    degree: bool
    abilities: tuple[AbilitySpec, ...]
    salary: int = 0
    max_salary: int = 0  # 0: no limit
    taxes: int = 0


@dataclass(frozen=True, slots=True)
class HouseSpec:
    index: int
    id: str
    name: str
    price: int
    insurance: int
    resale: tuple[int, ...]
    sale: int = -1  # a fixed sale price; -1: sold by a spin on `resale`
    deck: int = 0


@dataclass(frozen=True, slots=True)
class WealthSpec:
    """One Share the Wealth card (each copy is its own card in the deck)."""

    index: int
    id: str
    kind: str  # collect, pay, exemption, boost
    tokens: int


@dataclass(frozen=True, slots=True, eq=False, weakref_slot=True)
class Ruleset:
    """One edition with one set of house rules applied, ready to play."""

    id: str
    version: str
    title: str
    options: dict[str, Any]
    # rules
    start_cash: int
    min_players: int
    max_players: int
    loan_amount: int
    loan_payback: int
    borrow_limit: int  # notes a player may take at will in one turn (0: only when short)
    house_draw: int  # deeds drawn at a house space to choose from (0: any deed left)
    car_capacity: int
    estates_tiles: int
    countryside_tiles: int
    stock_price: int
    stock_payout: int
    max_stocks: int
    auto_insurance_price: int
    auto_insurance_offer: str  # "every_turn": before any spin; "first_spin": before the first only
    spinner: int
    misspin_weight: int
    occupied_space_rule: bool
    shared_lead: bool  # a car level with the leader leads too (no spin again)
    estates_retire_tiles: int
    bonus_tile_from_players: bool  # an empty pile: a retiree's tile comes from another player
    wealth_hand: int
    wealth_threshold: int
    shared_bet_numbers: bool  # Spin to Win: players may cover the same number
    # board and decks
    spaces: tuple[SpaceSpec, ...]
    starts: tuple[int, ...]
    careers: tuple[CareerSpec, ...]
    salary_amounts: tuple[int, ...]
    salary_taxes: tuple[int, ...]
    salary_ids: tuple[str, ...]
    houses: tuple[HouseSpec, ...]
    stock_numbers: tuple[int, ...]
    stock_ids: tuple[str, ...]
    tile_values: tuple[int, ...]
    tile_labels: tuple[str, ...]
    house_decks: tuple[str, ...]
    wealth_cards: tuple[WealthSpec, ...]
    space_index: dict[str, int] = field(repr=False)
    career_index: dict[str, int] = field(repr=False)
    cache: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)
    """Lookups derived from this ruleset (the engine's tables, a bot's model),
    built on first use and dropped with the ruleset: never a global keyed by id()."""

    def check_players(self, players: int, *, solo: bool = True) -> None:
        """The one check of a table size: ValueError unless the edition seats
        `players` (or, with `solo`, one player alone, for analysis)."""
        if self.min_players <= players <= self.max_players or (solo and players == 1):
            return
        also = " (or 1, for analysis)" if solo else ""
        raise ValueError(f"{self.id} is for {self.min_players} to {self.max_players} players, "
                         f"not {players}{also}")

    def space(self, space_id: str | int) -> SpaceSpec:
        """The space with this id (KeyError naming it if there is none)."""
        try:
            return self.spaces[self.space_index[str(space_id)]]
        except KeyError:
            raise KeyError(f"{self.id} has no space {space_id!r}") from None

    def career(self, career_id: str) -> CareerSpec:
        try:
            return self.careers[self.career_index[career_id]]
        except KeyError:
            raise KeyError(f"{self.id} has no career {career_id!r}") from None
