"""A seat's holdings (the `Player`) and what follows from them alone."""

from __future__ import annotations

from typing import Any

from .ruleset import Ruleset

__all__ = [
    "ACRES",
    "COUNTRYSIDE",
    "ESTATES",
    "NOT_RETIRED",
    "POOR_FARM",
    "RETIRE_NAMES",
    "Player",
    "has",
    "holds",
    "new_player",
    "salary_of",
    "taxes_of",
]

NOT_RETIRED, ESTATES, COUNTRYSIDE, POOR_FARM, ACRES = 0, 1, 2, 3, 4
RETIRE_NAMES = {ESTATES: "estates", COUNTRYSIDE: "countryside", POOR_FARM: "poor_farm",
                ACRES: "acres"}


class Player:
    """One seat's public and private holdings. Read-only to users of State."""

    __slots__ = (
        "auto",
        "bonus_tiles",
        "career",
        "career2",
        "cash",
        "children",
        "degree",
        "hand",
        "home",
        "house",
        "house_sale",
        "last_spin",
        "loans",
        "loans_repaid",
        "missed",
        "path",
        "paydays",
        "pending_branch",
        "policies",
        "raises",
        "retired",
        "salary",
        "skip_next",
        "space",
        "spouse",
        "stocks",
        "tiles",
        "turns",
    )

    space: int
    cash: int
    loans: int
    career: int
    career2: int
    salary: int
    degree: bool
    house: int
    auto: bool
    home: bool
    stocks: tuple[int, ...]
    spouse: bool
    children: int
    tiles: tuple[int, ...]
    retired: int
    skip_next: bool
    last_spin: int
    paydays: int
    house_sale: int
    loans_repaid: int
    missed: int
    bonus_tiles: tuple[int, ...]
    path: int
    turns: int
    raises: int
    hand: tuple[int, ...]
    pending_branch: int
    policies: tuple[str, ...]

    def clone(self) -> Player:
        """A copy (replaced below by a generated straight-line version: this
        is the hottest function of a simulation)."""
        p = Player.__new__(Player)
        for name in Player.__slots__:
            setattr(p, name, getattr(self, name))
        return p

    @property
    def people(self) -> int:
        return 1 + self.spouse + self.children


def _fast_clone_source() -> str:
    body = "\n".join(f"    p.{name} = self.{name}" for name in Player.__slots__)
    return f"def clone(self):\n    p = new(Player)\n{body}\n    return p\n"


_NAMESPACE: dict[str, Any] = {"new": object.__new__, "Player": Player}
exec(_fast_clone_source(), _NAMESPACE)  # straight-line attribute copies, ~3x faster
setattr(Player, "clone", _NAMESPACE["clone"])  # noqa: B010 - replaces the method


def new_player(start_cash: int) -> Player:
    p = Player.__new__(Player)
    p.space = -1
    p.cash = start_cash
    p.loans = 0
    p.career = -1
    p.career2 = -1
    p.salary = -1
    p.degree = False
    p.house = -1
    p.auto = False
    p.home = False
    p.stocks = ()
    p.spouse = False
    p.children = 0
    p.tiles = ()
    p.retired = NOT_RETIRED
    p.skip_next = False
    p.last_spin = -1
    p.paydays = 0
    p.house_sale = 0
    p.loans_repaid = 0
    p.missed = 0
    p.bonus_tiles = ()
    p.path = -1
    p.turns = 0
    p.raises = 0
    p.hand = ()
    p.pending_branch = -1
    p.policies = ()
    return p


def salary_of(r: Ruleset, p: Player) -> int:
    """What a Pay Day pays: the salary card, or the career's salary plus raises
    (capped at the career's maximum)."""
    if p.salary >= 0:
        return r.salary_amounts[p.salary]
    if p.career >= 0:
        c = r.careers[p.career]
        amount = c.salary + p.raises
        return min(amount, c.max_salary) if c.max_salary else amount
    return 0


def taxes_of(r: Ruleset, p: Player) -> int:
    if p.salary >= 0:
        return r.salary_taxes[p.salary]
    return r.careers[p.career].taxes if p.career >= 0 else 0


def has(p: Player, what: str) -> bool:
    """Whether the player holds `what`: a house, stock, or an insurance policy."""
    if what == "house":
        return p.house >= 0
    if what == "stock":
        return bool(p.stocks) or "stock" in p.policies
    if what == "auto":
        return p.auto
    if what == "home":
        return p.home
    return what in p.policies


def holds(p: Player, r: Ruleset, kind: str) -> bool:
    return any(r.wealth_cards[c].kind == kind for c in p.hand)


