"""What a seat knows, read from its view or from a state (`Situation`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from ...engine import State
from ...engine.ruleset import Ruleset
from ...engine.state import tables
from .model import Model, model_for

# ------------------------------------------------------------------ situations


class PlayerLike(Protocol):
    """The public facts of one seat the heuristic reads: the engine's `Player`
    and `SeatInfo` (built from a view) both have them. Of `tiles` only the
    count is ever read."""

    @property
    def space(self) -> int: ...
    @property
    def cash(self) -> int: ...
    @property
    def loans(self) -> int: ...
    @property
    def career(self) -> int: ...
    @property
    def career2(self) -> int: ...
    @property
    def salary(self) -> int: ...
    @property
    def house(self) -> int: ...
    @property
    def auto(self) -> bool: ...
    @property
    def home(self) -> bool: ...
    @property
    def stocks(self) -> tuple[int, ...]: ...
    @property
    def children(self) -> int: ...
    @property
    def tiles(self) -> tuple[int, ...]: ...
    @property
    def retired(self) -> int: ...
    @property
    def policies(self) -> tuple[str, ...]: ...


@dataclass(slots=True)
class SeatInfo:
    """One seat as a view shows it, in the engine's indices (`PlayerLike`).
    `pay` and `tax` are what the view shows a Pay Day pays and the tax owed
    (-1: work them out from the salary card or the career card)."""

    space: int = -1
    cash: int = 0
    loans: int = 0
    career: int = -1
    career2: int = -1
    salary: int = -1
    house: int = -1
    auto: bool = False
    home: bool = False
    stocks: tuple[int, ...] = ()
    children: int = 0
    tiles: tuple[int, ...] = ()  # placeholders: only the count is known
    retired: int = 0
    policies: tuple[str, ...] = ()
    pay: int = -1
    tax: int = -1


NOT_RETIRED, ESTATES, COUNTRYSIDE, POOR_FARM, ACRES = 0, 1, 2, 3, 4
_RETIRED_CODE = {None: NOT_RETIRED, "estates": ESTATES, "countryside": COUNTRYSIDE,
                 "poor_farm": POOR_FARM, "acres": ACRES}


@dataclass(slots=True)
class Situation:
    """What one seat knows at a decision, in engine indices."""

    rules: Ruleset
    model: Model
    seat: int
    players: Sequence[PlayerLike]
    career_deck: tuple[int, ...]
    salary_deck: tuple[int, ...]
    house_deck: tuple[int, ...]
    tile_pile: int
    estates_tiles: int
    events: Sequence[Any] = ()  # what the last action caused (view dicts or engine events)
    night_school_space: int = -1
    turn: int = -1  # whose turn it is (a bettor may decide during another's turn)
    hand: frozenset[str] | None = None  # kinds of this seat's own Share the Wealth cards
    spins_memo: float = -1.0  # `_spins_left`, once worked out (asked for many times a decision)

    @property
    def steps_left(self) -> int:
        """At a fork: the steps still to move, from the last spin and move
        events of this seat (-1 when they are not there, or when the car
        stands on a STOP: its fork is then chosen for the next spin)."""
        here = self.players[self.seat].space
        if here >= 0 and self.rules.spaces[here].stop:
            return -1
        spun = -1
        moved = 0
        for e in self.events:
            if isinstance(e, dict):
                if e.get("seat") != self.seat:
                    continue
                kind, fields = e["type"], e
            else:
                if getattr(e, "seat", None) != self.seat:
                    continue
                kind, fields = _EVENT_KIND.get(type(e).__name__, ""), e._asdict()
            if kind == "spun" and fields["purpose"] == "move" and fields["value"]:
                spun, moved = int(fields["value"]), 0
            elif kind == "moved" and spun >= 0:
                moved += len(fields["path"])
        return spun - moved if spun >= 0 else -1


_EVENT_KIND = {"Spun": "spun", "Moved": "moved"}


def situation_from_view(view: dict[str, Any], rules: Ruleset) -> Situation:
    """A `Situation` from a seat's view and the rules it is played under (what
    `HeuristicBot` is given). The rules are public: they reveal nothing hidden.
    They are passed in, never looked up by the view's edition name: an
    edition loaded from a file has no name to find it by."""
    r = rules
    m = model_for(r)
    seat = view["seat"]
    if not isinstance(seat, int):
        raise ValueError("the heuristic needs a seat's view, not a spectator's")
    careers_held: set[int] = set()
    salaries_held: list[int] = []
    players: list[SeatInfo] = []
    for pv in view["players"]:
        career = r.career_index[pv["career"]] if pv["career"] else -1
        career2 = r.career_index[pv["second_career"]] if pv.get("second_career") else -1
        salary = -1
        if pv["salary"] is not None and r.salary_amounts:
            # Two cards may show the same amount: take the first one nobody else holds.
            salary = next((i for i, a in enumerate(r.salary_amounts)
                           if a == pv["salary"] and i not in salaries_held), -1)
            salaries_held.append(salary)
        careers_held.update(c for c in (career, career2) if c >= 0)
        players.append(SeatInfo(
            space=r.space_index[str(pv["space"])] if pv["space"] is not None else -1,
            cash=int(pv["cash"]),
            loans=int(pv["loans"]),
            career=career,
            career2=career2,
            salary=salary,
            house=m.house_index[pv["house"]] if pv["house"] else -1,
            auto=bool(pv["auto_insurance"]),
            home=bool(pv["home_insurance"]),
            stocks=tuple(m.stock_by_number[n] for n in pv["stocks"]),
            children=int(pv["children"]),
            tiles=(-1,) * int(pv["life_tiles"]),
            retired=_RETIRED_CODE.get(pv["retired"], ESTATES),
            policies=tuple(pv.get("policies") or ()),
            pay=int(pv["salary"]) if pv["salary"] is not None else 0,
            tax=int(pv["taxes"]) if pv.get("taxes") is not None else 0,
        ))
    piles = view["piles"]
    # A dealt offer is out of the deck; the view shows it to the chooser as legal actions.
    offer = [str(a).split(":", 1) for a in view.get("offer", ())]
    offered_careers = {r.career_index[x[1]] for x in offer if x[0] == "choose_career"}
    salary_ids = {s: i for i, s in enumerate(r.salary_ids)}
    offered_salaries = {salary_ids[x[1]] for x in offer if x[0] == "choose_salary"}
    # Night school's switches name a dealt career and salary each.
    jobs = tables(r).night_job_index
    for kind, *arg in offer:
        if kind == "night_school" and arg:
            c, sal = jobs[arg[0]]
            offered_careers.add(c)
            if sal >= 0:
                offered_salaries.add(sal)
    career_deck = tuple(i for i in range(len(r.careers))
                        if i not in careers_held and i not in offered_careers)
    salary_deck = tuple(i for i in range(len(r.salary_amounts))
                        if i not in salaries_held and i not in offered_salaries)
    house_deck = tuple(m.house_index[h] for h in piles["houses"])
    return Situation(r, m, seat, players, career_deck, salary_deck, house_deck,
                     int(piles["life_tiles"]), int(piles["estates_tiles"]),
                     view.get("events", ()), players[seat].space, int(view.get("turn", -1)),
                     _hand_kinds(r, view["hand"]) if "hand" in view else None)


def _hand_kinds(r: Ruleset, ids: Sequence[str]) -> frozenset[str]:
    kinds = {c.id: c.kind for c in r.wealth_cards}
    return frozenset(kinds[i] for i in ids if i in kinds)


_NO_CARDS: frozenset[str] = frozenset()


def situation_from_state(state: State, seat: int) -> Situation:
    """A `Situation` straight from a State, reading only public facts: the
    fast door for rollouts on determinized states."""
    r = state.rules
    me = state.players[seat]
    return Situation(r, model_for(r), seat, state.players, state.career_deck,
                     state.salary_deck, state.house_deck, len(state.tile_pile),
                     len(state.estates), state.events, me.space, state.turn,
                     frozenset(r.wealth_cards[c].kind for c in me.hand) if me.hand else _NO_CARDS)
