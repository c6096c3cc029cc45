"""What one seat may see, and the final standings.

Deny by default: a view is built field by field from public facts. LIFE tile
values, deck order and which tiles are where stay out until the game is over;
cards dealt for a choice are shown only to the seat choosing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .events import event_to_dict
from .player import RETIRE_NAMES, salary_of, taxes_of
from .registry import TASKS

if TYPE_CHECKING:
    from .state import State

__all__ = ["build_results", "build_view"]

_WHERE: dict[int, str | None] = {0: None, **RETIRE_NAMES}


def _player_view(s: State, seat: int) -> dict[str, Any]:
    r = s.rules
    p = s.players[seat]
    sp = r.spaces[p.space] if p.space >= 0 else None
    return {
        "seat": seat,
        "name": s.names[seat],
        "space": sp.id if sp else None,
        "space_label": sp.label if sp else None,
        "to_retire": sp.to_retire if sp else None,
        "cash": p.cash,
        "loans": p.loans,
        "debt": p.loans * r.loan_payback,
        "career": r.careers[p.career].id if p.career >= 0 else None,
        "career_name": r.careers[p.career].name if p.career >= 0 else None,
        "second_career": r.careers[p.career2].id if p.career2 >= 0 else None,
        "salary": salary_of(r, p) if p.salary >= 0 or p.career >= 0 else None,
        "taxes": taxes_of(r, p) if p.salary >= 0 or p.career >= 0 else None,
        "degree": p.degree,
        "house": r.houses[p.house].id if p.house >= 0 else None,
        "house_name": r.houses[p.house].name if p.house >= 0 else None,
        "auto_insurance": p.auto,
        "home_insurance": p.home,
        "stocks": [r.stock_numbers[i] for i in p.stocks],
        "spouse": p.spouse,
        "children": p.children,
        "life_tiles": len(p.tiles),
        "retired": _WHERE[p.retired],
        "misses_next_turn": p.skip_next,
        "wealth_cards": len(p.hand),
        "policies": sorted(p.policies),
    }


def build_view(s: State, seat: int | None) -> dict[str, Any]:
    r = s.rules
    n = len(s.players)
    if seat is not None and (
        isinstance(seat, bool) or not isinstance(seat, int) or not 0 <= seat < n
    ):
        raise ValueError(f"no seat {seat!r} in a {n}-player game")
    cp = s.current_player
    decision: dict[str, Any] | None = None
    if s.tasks:
        rule = TASKS[type(s.tasks[-1])]
        # `label`: what the seat is asked to do, or what chance is doing.
        decision = {"seat": cp if cp >= 0 else None, "phase": rule.name, "label": rule.label,
                    "chance": cp < 0}
        if cp >= 0 and cp == seat:
            decision["actions"] = [str(a) for a in s.legal_actions()]
    out: dict[str, Any] = {
        "edition": r.id,
        "edition_version": r.version,
        "options": dict(r.options),
        "seat": seat,
        "move": s.move_number,
        "turn_number": s.turn_number,
        "turn": s.turn,
        "current_player": cp,
        "decision": decision,
        "players": [_player_view(s, i) for i in range(n)],
        "piles": {
            "life_tiles": len(s.tile_pile),
            "estates_tiles": len(s.estates),
            "careers": len(s.career_deck),
            "salaries": len(s.salary_deck),
            "houses": [r.houses[i].id for i in s.house_deck],
            "stocks": [r.stock_numbers[i] for i in s.stock_deck],
        },
        "events": [event_to_dict(e) for e in s.events],
        "results": None,
    }
    if (s.offer or s.salary_offer) and seat is not None and cp == seat:
        out["offer"] = list(str(a) for a in s.legal_actions())
    if seat is not None and r.wealth_cards:
        # A seat sees its own Share the Wealth hand, never anyone else's.
        out["hand"] = sorted(r.wealth_cards[c].id for c in s.players[seat].hand)
    if s.owners:
        out["toll_owners"] = {r.spaces[i].id: seat_ for i, seat_ in s.owners}
    if s.lucky[0] >= 0:
        out["lucky_number"] = {"seat": s.lucky[0], "number": s.lucky[1], "fine": s.lucky[2]}
    if s.bets:
        out["bets"] = [{"seat": b[0], "number": b[1], "stake": b[2]} for b in s.bets]
    if not s.tasks:
        out["results"] = build_results(s)
    return out


def _standing(row: dict[str, Any]) -> tuple[bool, bool, int]:
    # A Tycoon's win beats any worth; the Poor Farm is out of the game.
    return (not row["tycoon"], row["retired"] == "poor_farm", -row["worth"])


def build_results(s: State) -> list[dict[str, Any]]:
    r = s.rules
    rows = []
    for seat, p in enumerate(s.players):
        tiles = sum(r.tile_values[i] for i in p.tiles if i not in p.bonus_tiles)
        bonus = sum(r.tile_values[i] for i in p.bonus_tiles)
        # Parts add up to the total: what play left in cash, the house sale,
        # the loans settled at retirement or at the final count (1960: at the
        # Day of Reckoning and, for notes still owed, at the end; negative),
        # the LIFE tiles.
        play_cash = p.cash - p.house_sale + p.loans_repaid
        total = p.cash + tiles + bonus
        rows.append({
            "seat": seat,
            "name": s.names[seat],
            "worth": total,
            "breakdown": {
                "cash": play_cash,
                "house_sale": p.house_sale,
                "loans": -p.loans_repaid,
                "life_tiles": tiles,
                "estates_bonus": bonus,
            },
            "life_tiles": sorted(r.tile_values[i] for i in p.tiles if i not in p.bonus_tiles),
            "estates_tiles": sorted(r.tile_values[i] for i in p.bonus_tiles),
            "retired": _WHERE[p.retired],
            "children": p.children,
            "career": r.careers[p.career].id if p.career >= 0 else None,
            "tycoon": s.tycoon == seat,
        })
    ordered = sorted(rows, key=lambda row: (_standing(row), row["seat"]))
    rank = 0
    last: tuple[bool, bool, int] | None = None
    for i, row in enumerate(ordered):
        if _standing(row) != last:
            rank = i + 1
            last = _standing(row)
        row["rank"] = rank
    for row in ordered:
        row["winner"] = row["rank"] == 1 and row["retired"] != "poor_farm"
    return ordered
