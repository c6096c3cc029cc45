"""Career abilities: what holding a career lets a player do or collect.

Each ability is named by its trigger in edition files (`[[careers.abilities]]
trigger = "spin_fine"`) and registered here once. The spin abilities act in
`after_spin`, the one place every spin of the wheel passes through; the
commission acts on every purchase; the before-spin abilities are offered on
the turn menu (`turn.py`) and done here.
"""

from __future__ import annotations

from . import events as ev
from .player import Player
from .registry import ability, money
from .ruleset import AbilitySpec, Ruleset
from .state import BANK, Board, Draft
from .tasks import Deal, Deck

__all__ = [
    "after_spin",
    "commission",
    "offers_second_career",
    "offers_tiles_for_salary",
    "take_second_career",
    "trade_tiles",
]

def _holds_career(q: Player, career: int) -> bool:
    return q.career == career or q.career2 == career


def after_spin(d: Draft, seat: int, value: int) -> None:
    """Everything any spin triggers: stock payouts, career abilities and the
    lucky number, in that order. `value` 0 is a misspin."""
    t = d.t
    players = d.players
    if value:
        stock = t.stock_by_number.get(value)
        if stock is not None:
            for i, q in enumerate(players):
                if stock in q.stocks:
                    d.transfer(BANK, i, d.rules.stock_payout, "stock")
                    break
        for career, ab in t.spin_fines:
            if ab.number == value:
                spin_fine(d, seat, value, career, ab)
        for career, ab in t.double_spins:
            if value in ab.numbers and double_spin_salary(d, seat, value, career, ab):
                return
    else:
        for career, ab in t.misspin_fees:
            misspin_fee(d, seat, career, ab)
    if d.lucky[0] >= 0:
        lucky_seat, lucky_number, fine = d.lucky
        if value == lucky_number and seat != lucky_seat:
            d.transfer(seat, lucky_seat, fine, "lucky_number")
    d.p(seat).last_spin = value
    d.last_spin = value


@ability(
    "spin_fine", required=("number", "amount"), label="fines a number",
    describe=lambda ab: f"collect {money(ab.amount)} from anyone who spins {ab.number}",
)
def spin_fine(d: Draft, seat: int, value: int, career: int, ab: AbilitySpec) -> None:
    """The holder collects a fine from anyone else who spins the number (the
    police officer)."""
    if ab.number == value:
        for i, q in enumerate(d.players):
            if i != seat and _holds_career(q, career):
                d.transfer(seat, i, ab.amount, "spin_fine")


@ability(
    "double_spin_salary", required=("numbers", "salary"), optional=("consecutive",),
    label="lucky double",
    describe=lambda ab: (f"spin the same number ({', '.join(map(str, ab.numbers))}) twice "
                         f"in a row{'' if ab.consecutive == 'own' else ' on the wheel'}: "
                         f"take the {money(ab.salary)} salary"),
)
def double_spin_salary(d: Draft, seat: int, value: int, career: int, ab: AbilitySpec) -> bool:
    """The holder who spins one of the numbers twice in a row takes the named
    salary card (the entertainer). "In a row" is the holder's own last spin
    (`consecutive = "own"`) or the wheel's last spin, whoever spun it
    (`"game"`); either way the holder spins the second one. A pair that
    fired is used up. True when it fired: the spin's other effects stop
    there."""
    q = d.players[seat]
    before = q.last_spin if ab.consecutive == "own" else d.last_spin
    if _holds_career(q, career) and value in ab.numbers and before == value:
        d.take_salary_card(seat, d.t.salary_by_amount[ab.salary])
        d.p(seat).last_spin = -1
        d.last_spin = -1
        return True
    return False


@ability(
    "misspin_fee", required=("amount",), optional=("own_spin",), label="misspin fee",
    describe=lambda ab: f"collect {money(ab.amount)} whenever the wheel misses"
                        + (", even on your own spin" if ab.own_spin else ""),
)
def misspin_fee(d: Draft, seat: int, career: int, ab: AbilitySpec) -> None:
    """The holder collects when anyone's spin misses the numbers (the
    consultant); on the holder's own misspin, from the bank if `own_spin`."""
    for i, q in enumerate(d.players):
        if _holds_career(q, career):
            if i != seat:
                d.transfer(seat, i, ab.amount, "misspin")
            elif ab.own_spin:
                d.transfer(BANK, i, ab.amount, "misspin")


@ability(
    "commission", required=("amount",), label="commission",
    describe=lambda ab: f"collect {money(ab.amount)} from the bank when anyone else buys "
                        "stock or insurance",
)
def commission(d: Draft, buyer: int) -> None:
    """Holders collect from the bank when another player buys stock or
    insurance (the salesperson)."""
    for career, ab in d.t.commissions:
        for i, q in enumerate(d.players):
            if i != buyer and _holds_career(q, career):
                d.transfer(BANK, i, ab.amount, "commission")


@ability(
    "tiles_for_salary", required=("tiles", "salary"), label="tiles for a salary",
    describe=lambda ab: f"before a spin, hand in {ab.tiles} LIFE tiles for the "
                        f"{money(ab.salary)} salary",
)
def offers_tiles_for_salary(r: Ruleset, p: Player, ab: AbilitySpec) -> bool:
    """Before a spin, the holder may hand in LIFE tiles for a salary card (the
    artist): on offer with enough tiles and another salary."""
    return len(p.tiles) >= ab.tiles and (p.salary < 0 or r.salary_amounts[p.salary] != ab.salary)


def trade_tiles(d: Draft, seat: int) -> None:
    """Hand in the tiles (they go back to the pile) and take the salary card."""
    r = d.rules
    p = d.p(seat)
    ab = next(ab for c in (p.career, p.career2) if c >= 0
              for ab in r.careers[c].abilities if ab.trigger == "tiles_for_salary")
    handed, p.tiles = p.tiles[: ab.tiles], p.tiles[ab.tiles:]
    d.tile_pile = tuple(sorted((*d.tile_pile, *handed)))
    d.events.append(ev.TilesHandedIn(seat, ab.tiles))
    d.take_salary_card(seat, d.t.salary_by_amount[ab.salary])


@ability(
    "second_career", label="second career",
    describe=lambda ab: "once everyone has a career, take a second one from the deck",
)
def offers_second_career(b: Board, p: Player, career: int) -> bool:
    """Once every player has a career, the holder of the main career may take
    a second career card from the deck (the teacher)."""
    return (
        p.career2 < 0
        and career == p.career
        and bool(b.career_deck)
        and all(q.career >= 0 or q.retired for q in b.players)
    )


def take_second_career(d: Draft, seat: int) -> None:
    d.push(Deal(seat, Deck.CAREER2, 1))
