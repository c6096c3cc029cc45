"""Chance nodes: the wheel, the LIFE tile pile, dealt cards and Share the
Wealth cards, each listing its equally likely outcomes; and how face-down
things are dealt again for a seat that cannot see them (`State.resample`).
"""

from __future__ import annotations

from typing import Any

from . import events as ev
from .abilities import after_spin
from .actions import Action
from .decisions import houses_for_sale
from .effects import gifts_from_all, sell_house
from .player import ACRES, POOR_FARM
from .registry import chance, redeal
from .state import BANK, Board, Draft, State
from .tasks import (
    BonusTiles,
    Deal,
    Deck,
    DrawTile,
    EstatesDeal,
    HouseDeal,
    Purpose,
    Spin,
    StealTile,
    WealthDraw,
)
from .turn import finish

__all__ = ["eligible_careers"]

_PURPOSES = tuple(p.name.lower() for p in Purpose)


@chance(Spin, "spin", label="the wheel")
class Wheel:
    """The wheel: 1 to 10 (with the misspin house rule, a weighted miss too).
    What the number does depends on what the spin is for."""

    @staticmethod
    def outcomes(b: Board, task: Spin) -> list[Action]:
        return list(b.t.spin_outcomes)

    @staticmethod
    def resolve(d: Draft, task: Spin, a: Action) -> None:
        seat, purpose, arg = task
        value = int(a.arg)  # type: ignore[arg-type]
        d.events.append(ev.Spun(seat, value, _PURPOSES[purpose]))
        after_spin(d, seat, value)
        if value == 0:  # the wheel missed the numbers: spin again
            d.push(task)
            return
        if purpose == Purpose.MOVE:
            d.push(d.t.move_by[seat][value])
        elif purpose == Purpose.HOUSE_SALE:
            sell_house(d, seat, d.rules.houses[arg].resale[value - 1])
        elif purpose == Purpose.COLLECT:
            d.transfer(BANK, seat, arg * value, "collect_spin")
        elif purpose == Purpose.GIFT:
            for low, high, amount in d.rules.spaces[arg].gifts:
                if low <= value <= high:
                    gifts_from_all(d, seat, amount, "wedding_gift")
        elif purpose == Purpose.GAMBLE:
            for low, high, amount in d.rules.spaces[arg].outcomes:
                if low <= value <= high:
                    if amount > 0:
                        d.transfer(BANK, seat, amount, "gamble")
                    else:
                        d.transfer(seat, BANK, -amount, "gamble")
        elif purpose == Purpose.TYCOON:
            _tycoon_spin(d, seat, value, arg)
        else:  # Purpose.SPIN_TO_WIN
            multiplier = d.rules.spaces[arg].multiplier
            for bettor, number, stake in d.bets:
                if number == value:
                    d.transfer(BANK, bettor, stake * multiplier, "spin_to_win")
            d.bets = ()


def _tycoon_spin(d: Draft, seat: int, value: int, number: int) -> None:
    """1960's Tycoon gamble: the player's car and cash are on the number. A
    match wins the game at once; anything else loses the cash staked to the
    bank and sends the player to the Poor Farm."""
    p = d.p(seat)
    if value == number:
        d.tycoon = seat
        p.retired = ACRES
        d.events.append(ev.Retired(seat, "tycoon"))
        d.tasks.clear()
        finish(d)
    else:
        d.transfer(seat, BANK, p.cash, "tycoon_stake")
        p.retired = POOR_FARM
        d.retired_count += 1
        d.events.append(ev.Retired(seat, "poor_farm"))


@chance(DrawTile, "draw_tile", label="a LIFE tile draw")
class TilePile:
    """A face-down LIFE tile from the pile; when the pile is empty, one is
    taken from another player instead."""

    @staticmethod
    def outcomes(b: Board, task: DrawTile) -> list[Action]:
        return [b.t.tile_actions[i] for i in b.tile_pile]

    @staticmethod
    def auto(d: Draft, task: DrawTile) -> bool:
        if d.tile_pile:
            return False
        d.pop()
        d.steal_or_nothing(task.seat)
        return True

    @staticmethod
    def resolve(d: Draft, task: DrawTile, a: Action) -> None:
        tile = int(a.arg)  # type: ignore[arg-type]
        d.tile_pile = tuple(i for i in d.tile_pile if i != tile)
        d.give_tile(task.seat, tile, "pile")


@chance(BonusTiles, "bonus_tiles", label="LIFE tiles dealt")
class BonusPile:
    """Tiles from the pile to a retiree (or, before play, face down to the
    Millionaire Estates). With the pile empty, a retiree takes each tile
    still owed from another player, as on a LIFE space
    (`rules.bonus_tile_from_players`; without it, the tiles are not given)."""

    @staticmethod
    def outcomes(b: Board, task: BonusTiles) -> list[Action]:
        return [b.t.tile_actions[i] for i in b.tile_pile]

    @staticmethod
    def auto(d: Draft, task: BonusTiles) -> bool:
        if d.tile_pile:
            return False
        d.pop()
        seat, left = task
        if seat >= 0 and d.rules.bonus_tile_from_players:
            if left > 1:
                d.push(BonusTiles(seat, left - 1))
            d.steal_or_nothing(seat)  # runs first, then any tiles still owed
        return True

    @staticmethod
    def resolve(d: Draft, task: BonusTiles, a: Action) -> None:
        tile = int(a.arg)  # type: ignore[arg-type]
        d.tile_pile = tuple(i for i in d.tile_pile if i != tile)
        seat, left = task
        if seat == -2:
            d.estates = (*d.estates, tile)
        else:
            p = d.p(seat)
            p.tiles = (*p.tiles, tile)
            d.events.append(ev.TileTaken(seat, "pile"))
        if left > 1:
            d.push(BonusTiles(seat, left - 1))


@chance(StealTile, "steal_tile", label="a LIFE tile taken")
class StolenTile:
    """One of the victim's face-down tiles, at random."""

    @staticmethod
    def outcomes(b: Board, task: StealTile) -> list[Action]:
        return [b.t.take_actions[i] for i in b.players[task.victim].tiles]

    @staticmethod
    def resolve(d: Draft, task: StealTile, a: Action) -> None:
        tile = int(a.arg)  # type: ignore[arg-type]
        victim = task.victim
        q = d.p(victim)
        i = q.tiles.index(tile)
        q.tiles = q.tiles[:i] + q.tiles[i + 1:]
        d.give_tile(task.seat, tile, f"seat {victim}")


def eligible_careers(b: Board, seat: int, deck: Deck) -> list[int]:
    """The career cards a deal may give: without a degree only those needing
    none; the college deck only those needing one."""
    r = b.rules
    if deck == Deck.CAREER and not b.players[seat].degree:
        return [i for i in b.career_deck if not r.careers[i].degree]
    if deck == Deck.COLLEGE:
        return [i for i in b.career_deck if r.careers[i].degree]
    return list(b.career_deck)


@chance(Deal, "deal", label="a card to be dealt")
class CardDeal:
    """Career cards (into `offer`) and salary cards (into `salary_offer`)
    dealt one by one for a choice (the teacher's second career goes straight
    to the player)."""

    @staticmethod
    def outcomes(b: Board, task: Deal) -> list[Action]:
        t = b.t
        if task.deck == Deck.SALARY:
            return [t.deal_salary[i] for i in b.salary_deck]
        return [t.deal_career[i] for i in eligible_careers(b, task.seat, task.deck)]

    @staticmethod
    def auto(d: Draft, task: Deal) -> bool:
        if CardDeal.outcomes(d, task):
            return False
        d.pop()
        return True

    @staticmethod
    def resolve(d: Draft, task: Deal, a: Action) -> None:
        seat, deck, left = task
        if deck == Deck.SALARY:
            card = d.t.salary_index[str(a.arg)]
            d.salary_deck = tuple(i for i in d.salary_deck if i != card)
            d.salary_offer = (*d.salary_offer, card)
            if left > 1:
                d.push(Deal(seat, deck, left - 1))
            else:
                d.events.append(ev.CardsDealt(seat, "salary", len(d.salary_offer)))
            return
        card = d.rules.career_index[str(a.arg)]
        d.career_deck = tuple(i for i in d.career_deck if i != card)
        if deck == Deck.CAREER2:
            p = d.p(seat)
            p.career2 = card
            d.events.append(ev.CardsDealt(seat, "career", 1))
            d.events.append(ev.CareerTaken(seat, d.rules.careers[card].id, True))
            return
        d.offer = (*d.offer, card)
        if left > 1:
            d.push(Deal(seat, deck, left - 1))
        else:
            d.events.append(ev.CardsDealt(seat, "career", len(d.offer)))


@chance(HouseDeal, "house_deal", label="a house deed drawn")
class DeedDeal:
    """House deeds drawn one at a time from the face-down pile (of one house
    deck) for the buyer to choose from. A drawn deed stays in the pile until
    it is bought, so the deeds declined go back with the rest; only the
    buyer is shown them (the view's `offer`), the others learn how many."""

    @staticmethod
    def outcomes(b: Board, task: HouseDeal) -> list[Action]:
        deal = b.t.deal_house
        return [deal[i] for i in houses_for_sale(b, task.deck) if i not in b.offer]

    @staticmethod
    def auto(d: Draft, task: HouseDeal) -> bool:
        if DeedDeal.outcomes(d, task):
            return False
        d.pop()  # the pile ran out: the buyer chooses from the deeds drawn
        if d.offer:
            d.events.append(ev.CardsDealt(task.seat, "house", len(d.offer)))
        return True

    @staticmethod
    def resolve(d: Draft, task: HouseDeal, a: Action) -> None:
        seat, deck, left = task
        d.offer = (*d.offer, d.t.house_index[str(a.arg)])
        if left > 1:
            d.push(HouseDeal(seat, deck, left - 1))
        else:
            d.events.append(ev.CardsDealt(seat, "house", len(d.offer)))


@chance(EstatesDeal, "estates_deal", label="the estates' LIFE tiles dealt")
class EstatesTiles:
    """The estates' face-down tiles, one at a time, to the seats owed them."""

    @staticmethod
    def outcomes(b: Board, task: EstatesDeal) -> list[Action]:
        return [b.t.take_actions[i] for i in b.estates]

    @staticmethod
    def resolve(d: Draft, task: EstatesDeal, a: Action) -> None:
        tile = int(a.arg)  # type: ignore[arg-type]
        owed = task.owed
        seat = owed[0]
        d.estates = tuple(i for i in d.estates if i != tile)
        p = d.p(seat)
        p.tiles = (*p.tiles, tile)
        p.bonus_tiles = (*p.bonus_tiles, tile)
        d.events.append(ev.TileTaken(seat, "estates"))
        if len(owed) > 1:
            d.push(EstatesDeal(-1, owed[1:]))
        else:
            finish(d)


@chance(WealthDraw, "wealth_draw", label="a Share the Wealth card")
class WealthPile:
    """Share the Wealth cards, drawn face down into the hand; an empty deck
    gives none."""

    @staticmethod
    def outcomes(b: Board, task: WealthDraw) -> list[Action]:
        return [b.t.wealth_actions[i] for i in b.wealth_pile]

    @staticmethod
    def auto(d: Draft, task: WealthDraw) -> bool:
        if d.wealth_pile:
            return False
        d.pop()
        return True

    @staticmethod
    def resolve(d: Draft, task: WealthDraw, a: Action) -> None:
        seat, left = task
        card = int(a.arg)  # type: ignore[arg-type]
        d.wealth_pile = tuple(i for i in d.wealth_pile if i != card)
        p = d.p(seat)
        p.hand = (*p.hand, card)
        d.events.append(ev.CardDrawn(seat, "share_the_wealth"))
        if left > 1:
            d.push(WealthDraw(seat, left - 1))


# ---------------------------------------------------------------- re-deals


def _shuffle(items: list[int], rng: Any) -> None:
    """Sorted first, so the same information gives the same deal; then
    Fisher-Yates with the portable stream."""
    items.sort()
    for i in range(len(items) - 1, 0, -1):
        j = rng.below(i + 1)
        items[i], items[j] = items[j], items[i]


@redeal("life_tiles")
def _redeal_tiles(d: Draft, s: State, seat: int | None, rng: Any) -> None:
    """Every face-down LIFE tile (in the pile, at the estates, in any hand,
    the seat's own included: nobody sees their own values)."""
    hidden = list(s.tile_pile) + list(s.estates)
    for p in s.players:
        hidden.extend(p.tiles)
    _shuffle(hidden, rng)
    k = len(s.tile_pile)
    d.tile_pile = tuple(sorted(hidden[:k]))
    d.estates = tuple(hidden[k:k + len(s.estates)])
    k += len(s.estates)
    for i, p in enumerate(s.players):
        if p.tiles:
            q = d.p(i)
            n = len(p.tiles)
            q.tiles = tuple(hidden[k:k + n])
            bonus = len(p.bonus_tiles)
            q.bonus_tiles = q.tiles[n - bonus:] if bonus else ()
            k += n


@redeal("wealth_cards")
def _redeal_wealth(d: Draft, s: State, seat: int | None, rng: Any) -> None:
    """Share the Wealth cards: the seat knows its own hand; the others' hands
    and the pile are dealt again."""
    cards = list(s.wealth_pile)
    for i, p in enumerate(s.players):
        if i != seat:
            cards.extend(p.hand)
    _shuffle(cards, rng)
    k = len(s.wealth_pile)
    d.wealth_pile = tuple(sorted(cards[:k]))
    for i, p in enumerate(s.players):
        if i != seat and p.hand:
            d.p(i).hand = tuple(cards[k:k + len(p.hand)])
            k += len(p.hand)
