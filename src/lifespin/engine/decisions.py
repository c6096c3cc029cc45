"""Decisions a space or a card asks of a player: each one's legal choices,
how it resolves by itself when there is nothing to choose, and what the
choice does, kept together in one class per decision.
"""

from __future__ import annotations

from . import events as ev
from .actions import Action
from .effects import gain_stock, give_raise, sell_house
from .player import COUNTRYSIDE, ESTATES, holds, salary_of
from .registry import decision
from .state import BANK, Board, Draft
from .tasks import (
    Bet,
    BonusTiles,
    BuyHouse,
    ChooseCareer,
    ChooseSalary,
    Deal,
    Deck,
    Exempt,
    FreeStock,
    Gamble,
    HouseDeal,
    Lucky,
    Mode,
    NightSchool,
    Offer,
    PlayCollect,
    PlayPay,
    Purpose,
    RetireWhere,
    ReturnStock,
    Revenge,
    SellHouse,
    Spin,
    StealFrom,
    StealTile,
    Sue,
    TradeSalary,
    Tycoon,
)

__all__ = ["houses_for_sale"]

SKIP = Action("skip")
KEEP_CAREER = Action("keep_career")
TAKE_RAISE = Action("take_raise")
SELL_HOUSE = Action("sell_house")
NIGHT_SCHOOL = Action("night_school")
RETIRE = (Action("retire", "estates"), Action("retire", "countryside"))
PLAY_EXEMPTION = Action("play_card", "exemption")
PLAY_COLLECT = Action("play_card", "collect")
PLAY_BOOST = Action("play_card", "boost")
KEEP = Action("keep")
GAMBLE = Action("gamble")
ACRES = Action("acres")


# ---------------------------------------------------------------- tiles


@decision(StealFrom, "steal_from", label="choose whose LIFE tile to take")
class TakeFrom:
    """The pile is empty: whose tile to take (a single victim is not asked)."""

    @staticmethod
    def legal(b: Board, task: StealFrom) -> list[Action]:
        return [Action("take_from", i) for i in b.victims(task.seat)]

    @staticmethod
    def auto(d: Draft, task: StealFrom) -> bool:
        if len(d.victims(task.seat)) > 1:
            return False
        d.pop()
        d.steal_or_nothing(task.seat)
        return True

    @staticmethod
    def resolve(d: Draft, task: StealFrom, a: Action) -> None:
        d.push(StealTile(task.seat, int(a.arg)))  # type: ignore[arg-type]


# ---------------------------------------------------------------- careers and salaries


@decision(ChooseCareer, "choose_career", label="choose a career")
class CareerChoice:
    """Take one of the careers dealt; at night school the old career may be
    kept (a new one may bring new salary cards), at graduation kept with a
    raise."""

    @staticmethod
    def legal(b: Board, task: ChooseCareer) -> list[Action]:
        out = [b.t.choose_career[i] for i in b.offer]
        if task.mode == Mode.NIGHT_SCHOOL:
            out.append(KEEP_CAREER)
        elif task.mode == Mode.GRADUATE:
            out.append(TAKE_RAISE)
        return out

    @staticmethod
    def auto(d: Draft, task: ChooseCareer) -> bool:
        if task.mode == Mode.PICK and len(d.offer) == 1:
            d.pop()
            CareerChoice.resolve(d, task, d.t.choose_career[d.offer[0]])
            return True
        if not d.offer and task.mode != Mode.GRADUATE:
            d.pop()
            return True
        return False

    @staticmethod
    def resolve(d: Draft, task: ChooseCareer, a: Action) -> None:
        seat = task.seat
        p = d.p(seat)
        offer = d.offer
        d.offer = ()
        chosen = -1 if a.kind in ("keep_career", "take_raise") else d.rules.career_index[
            str(a.arg)]
        if a.kind == "take_raise":
            before = salary_of(d.rules, p)
            give_raise(d, seat, d.rules.spaces[task.space].amount)
            d.events.append(ev.RaiseGiven(seat, salary_of(d.rules, p) - before))
        back = [c for c in offer if c != chosen]
        if chosen >= 0:
            if p.career >= 0:
                back.append(p.career)
            if p.career2 >= 0:
                # The second career came with the old card (the teacher's ability).
                back.append(p.career2)
                p.career2 = -1
            p.career = chosen
            p.raises = 0
            d.events.append(ev.CareerTaken(seat, d.rules.careers[chosen].id, False))
        if back:
            d.career_deck = tuple(sorted((*d.career_deck, *back)))
        if chosen >= 0 and task.mode == Mode.NIGHT_SCHOOL:
            deal = d.rules.spaces[task.space].salaries
            if deal:
                # A new career, a new salary: the old card goes back before the deal.
                if p.salary >= 0:
                    d.salary_deck = tuple(sorted((*d.salary_deck, p.salary)))
                    p.salary = -1
                d.push(Deal(seat, Deck.SALARY, deal), ChooseSalary(seat))


@decision(ChooseSalary, "choose_salary", label="choose a salary")
class SalaryChoice:
    """Take one of the salary cards dealt; the old one goes back."""

    @staticmethod
    def legal(b: Board, task: ChooseSalary) -> list[Action]:
        return [b.t.choose_salary[i] for i in b.salary_offer]

    @staticmethod
    def auto(d: Draft, task: ChooseSalary) -> bool:
        if len(d.salary_offer) == 1:
            d.pop()
            SalaryChoice.resolve(d, task, d.t.choose_salary[d.salary_offer[0]])
            return True
        if not d.salary_offer:
            d.pop()
            return True
        return False

    @staticmethod
    def resolve(d: Draft, task: ChooseSalary, a: Action) -> None:
        seat = task.seat
        offer = d.salary_offer
        d.salary_offer = ()
        chosen = d.t.salary_index[str(a.arg)]
        back = [c for c in offer if c != chosen]
        if back:
            d.salary_deck = tuple(sorted((*d.salary_deck, *back)))
        p = d.p(seat)
        if p.salary >= 0:
            d.salary_deck = tuple(sorted((*d.salary_deck, p.salary)))
        p.salary = chosen
        r = d.rules
        d.events.append(ev.SalaryTaken(seat, r.salary_ids[chosen], r.salary_amounts[chosen]))


@decision(NightSchool, "night_school", label="decide on night school")
class NightSchoolChoice:
    """Where the space says `pay_first`: pay (a degree, then new careers dealt
    to choose from or to keep the old one), or skip. Otherwise the cards are
    dealt first: take one new career and one new salary for the tuition (and
    a degree), or keep the old cards for nothing."""

    @staticmethod
    def legal(b: Board, task: NightSchool) -> list[Action]:
        if b.rules.spaces[task.space].pay_first:
            return [NIGHT_SCHOOL, SKIP]
        jobs = b.t.night_job
        salaries = b.salary_offer or (-1,)
        return [jobs[c, s] for c in b.offer for s in salaries] + [SKIP]

    @staticmethod
    def auto(d: Draft, task: NightSchool) -> bool:
        if d.rules.spaces[task.space].pay_first or d.offer:
            return False
        d.pop()  # no career could be dealt: nothing to switch to
        NightSchoolChoice.resolve(d, task, SKIP)
        return True

    @staticmethod
    def resolve(d: Draft, task: NightSchool, a: Action) -> None:
        seat = task.seat
        sp = d.rules.spaces[task.space]
        if a.kind == "skip":
            # The old cards are kept; the ones dealt go back.
            if d.offer:
                d.career_deck = tuple(sorted((*d.career_deck, *d.offer)))
            if d.salary_offer:
                d.salary_deck = tuple(sorted((*d.salary_deck, *d.salary_offer)))
            d.offer = d.salary_offer = ()
            return
        # The tuition goes to the teacher's holder (nothing when that is the
        # student) or the bank, before the cards change hands.
        d.pay(seat, sp.amount, sp.payee, "night_school")
        d.p(seat).degree = True
        if sp.pay_first:
            d.push(Deal(seat, Deck.CAREER, sp.careers),
                   ChooseCareer(seat, Mode.NIGHT_SCHOOL, sp.index))
            return
        career, salary = d.t.night_job_index[str(a.arg)]
        CareerChoice.resolve(d, ChooseCareer(seat, Mode.PICK, sp.index),
                             d.t.choose_career[career])
        if salary >= 0:
            SalaryChoice.resolve(d, ChooseSalary(seat), d.t.choose_salary[salary])


@decision(TradeSalary, "trade_salary", label="decide whether to trade salaries")
class SalaryTrade:
    """Swap salary cards with another player still on the road, or skip."""

    @staticmethod
    def legal(b: Board, task: TradeSalary) -> list[Action]:
        seat = task.seat
        return [
            Action("trade_salary", i)
            for i, q in enumerate(b.players)
            if i != seat and q.salary >= 0 and not q.retired
        ] + [SKIP]

    @staticmethod
    def auto(d: Draft, task: TradeSalary) -> bool:
        if d.players[task.seat].salary < 0 or len(SalaryTrade.legal(d, task)) == 1:
            d.pop()
            return True
        return False

    @staticmethod
    def resolve(d: Draft, task: TradeSalary, a: Action) -> None:
        if a.kind == "skip":
            return
        seat, other = task.seat, int(a.arg)  # type: ignore[arg-type]
        p, q = d.p(seat), d.p(other)
        p.salary, q.salary = q.salary, p.salary
        d.events.append(ev.SalaryTraded(seat, other))


# ---------------------------------------------------------------- houses


def houses_for_sale(b: Board, deck: int) -> list[int]:
    """The houses left in the deck (or in one house deck), deeds drawn for a
    choice included: they stay in the pile until one is bought."""
    if deck < 0:
        return list(b.house_deck)
    houses = b.rules.houses
    return [i for i in b.house_deck if houses[i].deck == deck]


@decision(BuyHouse, "buy_house", label="decide on a house")
class HouseBuy:
    """Buy one of the deeds drawn at random from the face-down pile, or skip
    (an owner is not asked, and nothing is drawn for one).

    The printed rule draws one deed (life-rules.md §9b "House deeds");
    `rules.house_draw` deeds are drawn, one at a time (`HouseDeal`), and
    shown only to the buyer; the deeds not bought stay in the pile. With
    `house_draw` 0 (a house rule) the buyer picks any deed left."""

    @staticmethod
    def legal(b: Board, task: BuyHouse) -> list[Action]:
        if b.rules.house_draw:
            return [b.t.buy_house[i] for i in b.offer] + [SKIP]
        return [b.t.buy_house[i] for i in houses_for_sale(b, task.deck)] + [SKIP]

    @staticmethod
    def auto(d: Draft, task: BuyHouse) -> bool:
        draw = d.rules.house_draw
        if d.players[task.seat].house >= 0 or (task.dealt and not d.offer):
            d.pop()
            return True
        left = len(houses_for_sale(d, task.deck))
        if not left:
            d.pop()
            return True
        if draw and not task.dealt:
            d.pop()
            d.push(HouseDeal(task.seat, task.deck, min(draw, left)), task._replace(dealt=True))
            return True
        return False

    @staticmethod
    def resolve(d: Draft, task: BuyHouse, a: Action) -> None:
        d.offer = ()  # the deeds not bought stay in the pile
        if a.kind == "skip":
            return
        seat = task.seat
        house = d.t.house_index[str(a.arg)]
        spec = d.rules.houses[house]
        d.transfer(seat, BANK, spec.price, "buy_house")
        d.p(seat).house = house
        d.house_deck = tuple(i for i in d.house_deck if i != house)
        d.events.append(ev.HouseBought(seat, spec.id, spec.price))


@decision(SellHouse, "sell_house", label="decide whether to sell the house")
class HouseSale:
    """Sell the house (at its fixed price or by a spin) and then may buy
    another, or keep it."""

    @staticmethod
    def legal(b: Board, task: SellHouse) -> list[Action]:
        return [SELL_HOUSE, SKIP]

    @staticmethod
    def resolve(d: Draft, task: SellHouse, a: Action) -> None:
        if a.kind == "skip":
            return
        seat = task.seat
        house = d.rules.houses[d.players[seat].house]
        if house.sale >= 0:
            sell_house(d, seat, house.sale)
            d.push(BuyHouse(seat, task.deck))
        else:
            d.push(Spin(seat, Purpose.HOUSE_SALE, house.index), BuyHouse(seat, task.deck))


# ---------------------------------------------------------------- stock


@decision(FreeStock, "free_stock", label="pick a free stock")
class StockGift:
    """Take any stock left, free (nothing to take, or a full hand: nothing)."""

    @staticmethod
    def legal(b: Board, task: FreeStock) -> list[Action]:
        return [b.t.free_stock[i] for i in b.stock_deck]

    @staticmethod
    def auto(d: Draft, task: FreeStock) -> bool:
        p = d.players[task.seat]
        if not d.stock_deck or len(p.stocks) >= d.rules.max_stocks:
            d.pop()
            return True
        return False

    @staticmethod
    def resolve(d: Draft, task: FreeStock, a: Action) -> None:
        gain_stock(d, task.seat, d.t.stock_index[str(a.arg)], bought=False)


@decision(ReturnStock, "return_stock", label="give back a stock")
class StockReturn:
    """Give back one stock (a single one goes without asking)."""

    @staticmethod
    def legal(b: Board, task: ReturnStock) -> list[Action]:
        return [b.t.return_stock[i] for i in b.players[task.seat].stocks]

    @staticmethod
    def auto(d: Draft, task: ReturnStock) -> bool:
        p = d.players[task.seat]
        if len(p.stocks) > 1:
            return False
        d.pop()
        if p.stocks:
            StockReturn.resolve(d, task, d.t.return_stock[p.stocks[0]])
        return True

    @staticmethod
    def resolve(d: Draft, task: ReturnStock, a: Action) -> None:
        seat = task.seat
        stock = d.t.stock_index[str(a.arg)]
        p = d.p(seat)
        p.stocks = tuple(i for i in p.stocks if i != stock)
        d.stock_deck = tuple(sorted((*d.stock_deck, stock)))
        d.events.append(ev.StockLost(seat, d.rules.stock_ids[stock]))


# ---------------------------------------------------------------- retirement


@decision(RetireWhere, "retire_where", label="choose where to retire")
class RetirePlace:
    """Millionaire Estates (richest there takes the estates' tiles) or
    Countryside Acres (safe from tile taking; bonus tiles by the edition)."""

    @staticmethod
    def legal(b: Board, task: RetireWhere) -> list[Action]:
        return list(RETIRE)

    @staticmethod
    def resolve(d: Draft, task: RetireWhere, a: Action) -> None:
        seat = task.seat
        p = d.p(seat)
        p.retired = ESTATES if a.arg == "estates" else COUNTRYSIDE
        d.retired_count += 1
        d.events.append(ev.Retired(seat, str(a.arg)))
        r = d.rules
        extra = r.countryside_tiles if p.retired == COUNTRYSIDE else r.estates_retire_tiles
        if extra:
            d.push(BonusTiles(seat, extra))


# ---------------------------------------------------------------- 2005: Spin to Win and cards


def _bet_numbers(b: Board, seat: int) -> list[int]:
    """The numbers `seat` may still cover: not one of its own, nor, unless
    `rules.shared_bet_numbers`, one another player covers."""
    shared = b.rules.shared_bet_numbers
    taken = {number for bettor, number, _ in b.bets if bettor == seat or not shared}
    return [n for n in range(1, b.rules.spinner + 1) if n not in taken]


def _stake_of(b: Board, seat: int) -> int:
    return next((bet[2] for bet in b.bets if bet[0] == seat), 0)


def _next_bettor(d: Draft, task: Bet) -> None:
    """The seat in `task` is done betting: the next one bets, or the wheel spins."""
    if task.rest:
        d.push(Bet(task.rest[0], task.rest[1:], task.space, 0))
    else:
        d.push(Spin(d.turn, Purpose.SPIN_TO_WIN, task.space))


def discard(d: Draft, seat: int, kind: str) -> None:
    """Play one card of `kind` from the hand; it goes back into the deck (every
    draw is a uniform pick from the cards left, which is a reshuffle)."""
    p = d.p(seat)
    r = d.rules
    card = next(c for c in p.hand if r.wealth_cards[c].kind == kind)
    i = p.hand.index(card)
    p.hand = p.hand[:i] + p.hand[i + 1:]
    d.wealth_pile = tuple(sorted((*d.wealth_pile, card)))
    d.events.append(ev.CardPlayed(seat, kind))


@decision(Bet, "bet", label="place a bet")
class SpinToWinBet:
    """A number and a stake (in steps up to the space's maximum and the
    player's cash), or no bet; then a boost card's extra tokens on more
    numbers at the same stake. A number covered by another player is taken,
    unless `rules.shared_bet_numbers`."""

    @staticmethod
    def legal(b: Board, task: Bet) -> list[Action]:
        seat, mode = task.seat, task.mode
        numbers = _bet_numbers(b, seat)
        if mode == -1:  # may play a boost card for extra tokens
            return [PLAY_BOOST, SKIP]
        if mode > 0:  # placing boost tokens at the same stake
            return [Action("token", n) for n in numbers] + [SKIP]
        sp = b.rules.spaces[task.space]
        cash = b.players[seat].cash
        stakes = range(sp.bet_step, min(sp.max_bet, cash) + 1, sp.bet_step)
        return [Action("bet", f"{n}-{stake}") for n in numbers for stake in stakes] + [SKIP]

    @staticmethod
    def auto(d: Draft, task: Bet) -> bool:
        seat, mode = task.seat, task.mode
        sp = d.rules.spaces[task.space]
        numbers = _bet_numbers(d, seat)
        if mode == -1:
            stuck = not numbers or not holds(d.players[seat], d.rules, "boost")
        elif mode > 0:
            stuck = not numbers
        else:
            stuck = not numbers or d.players[seat].cash < sp.bet_step
        if not stuck:
            return False
        d.pop()
        _next_bettor(d, task)
        return True

    @staticmethod
    def resolve(d: Draft, task: Bet, a: Action) -> None:
        seat, mode = task.seat, task.mode
        if a.kind == "skip":
            _next_bettor(d, task)
            return
        if a.kind == "bet":
            number_text, _, stake_text = str(a.arg).partition("-")
            number, stake = int(number_text), int(stake_text)
            d.transfer(seat, BANK, stake, "spin_to_win_bet")
            d.bets = (*d.bets, (seat, number, stake))
            d.events.append(ev.BetPlaced(seat, number, stake))
            d.push(task._replace(mode=-1))
        elif a.kind == "play_card":
            tokens = next(d.rules.wealth_cards[c].tokens for c in d.players[seat].hand
                          if d.rules.wealth_cards[c].kind == "boost")
            discard(d, seat, "boost")
            d.push(task._replace(mode=tokens))
        else:  # a boost token on one more number, riding the same stake
            stake = _stake_of(d, seat)
            number = int(a.arg)  # type: ignore[arg-type]
            d.bets = (*d.bets, (seat, number, stake))
            d.events.append(ev.BetPlaced(seat, number, 0))
            if mode > 1:
                d.push(task._replace(mode=mode - 1))
            else:
                _next_bettor(d, task)


@decision(Sue, "sue", label="choose whom to sue")
class Lawsuit:
    """Whom to sue (a single other player is not asked); the target may
    answer with an exemption card."""

    @staticmethod
    def legal(b: Board, task: Sue) -> list[Action]:
        return [Action("sue", i) for i in b.others(task.seat)]

    @staticmethod
    def auto(d: Draft, task: Sue) -> bool:
        others = d.others(task.seat)
        if len(others) > 1:
            return False
        d.pop()
        if others:
            Lawsuit.resolve(d, task, Action("sue", others[0]))
        return True

    @staticmethod
    def resolve(d: Draft, task: Sue, a: Action) -> None:
        seat, target = task.seat, int(a.arg)  # type: ignore[arg-type]
        d.events.append(ev.Sued(seat, target, task.amount))
        d.push(Exempt(target, "lawsuit", seat, task.amount))


@decision(Exempt, "exempt", label="decide on the exemption card")
class Exemption:
    """Play an exemption card against a demand (a lawsuit, a collect or a pay
    card), or pay it."""

    @staticmethod
    def legal(b: Board, task: Exempt) -> list[Action]:
        return [PLAY_EXEMPTION, SKIP]

    @staticmethod
    def auto(d: Draft, task: Exempt) -> bool:
        if holds(d.players[task.seat], d.rules, "exemption"):
            return False
        d.pop()
        Exemption.resolve(d, task, SKIP)
        return True

    @staticmethod
    def resolve(d: Draft, task: Exempt, a: Action) -> None:
        seat, kind, other, amount = task
        if a.kind == "play_card":
            discard(d, seat, "exemption")
            return
        if kind == "lawsuit":
            d.transfer(seat, other, amount, "lawsuit")
        elif kind == "collect":
            d.transfer(seat, other, amount, "collect_card")
        else:  # a pay card: the target covers part of the mover's payment
            d.transfer(seat, other, amount, "pay_card")


@decision(PlayCollect, "play_collect", label="decide on the collect card")
class CollectCard:
    """Another player collected a large sum: claim half with a collect card,
    or pass the moment to the next holder."""

    @staticmethod
    def legal(b: Board, task: PlayCollect) -> list[Action]:
        return [PLAY_COLLECT, SKIP]

    @staticmethod
    def auto(d: Draft, task: PlayCollect) -> bool:
        # A holder asked in turn may no longer hold a collect card (a resampled
        # hand): pass the moment on to the next holder.
        if holds(d.players[task.seat], d.rules, "collect"):
            return False
        d.pop()
        CollectCard.resolve(d, task, SKIP)
        return True

    @staticmethod
    def resolve(d: Draft, task: PlayCollect, a: Action) -> None:
        holder, mover, amount, rest = task
        if a.kind == "play_card":
            discard(d, holder, "collect")
            d.push(Exempt(mover, "collect", holder, amount // 2))
        elif rest:
            d.push(PlayCollect(rest[0], mover, amount, rest[1:]))


@decision(PlayPay, "play_pay", label="decide on the pay card")
class PayCard:
    """After a large payment, make another player cover half with a pay card."""

    @staticmethod
    def legal(b: Board, task: PlayPay) -> list[Action]:
        return [Action("pay_card", i) for i in b.others(task.seat)] + [SKIP]

    @staticmethod
    def auto(d: Draft, task: PlayPay) -> bool:
        if d.others(task.seat) and holds(d.players[task.seat], d.rules, "pay"):
            return False
        d.pop()
        return True

    @staticmethod
    def resolve(d: Draft, task: PlayPay, a: Action) -> None:
        if a.kind == "skip":
            return
        seat, target = task.seat, int(a.arg)  # type: ignore[arg-type]
        discard(d, seat, "pay")
        d.push(Exempt(target, "pay", seat, task.amount // 2))


# ---------------------------------------------------------------- 1960: offers, gambles, revenge


@decision(Offer, "offer", label="decide on insurance")
class PolicyOffer:
    """Buy the insurance (or stock) the space offers, or skip."""

    @staticmethod
    def legal(b: Board, task: Offer) -> list[Action]:
        kind = b.rules.spaces[task.space].kind
        return [Action("buy_policy", kind), SKIP]

    @staticmethod
    def resolve(d: Draft, task: Offer, a: Action) -> None:
        if a.kind == "skip":
            return
        seat = task.seat
        sp = d.rules.spaces[task.space]
        d.transfer(seat, BANK, sp.amount, f"{sp.kind}_policy")
        p = d.p(seat)
        if sp.kind == "auto":
            p.auto = True
        else:
            p.policies = (*p.policies, sp.kind)
        d.events.append(ev.PolicyBought(seat, sp.kind, sp.amount))


@decision(Gamble, "gamble", label="decide whether to gamble")
class GambleChoice:
    """Take the sure sum or spin for the outcomes (or decline an optional gamble)."""

    @staticmethod
    def legal(b: Board, task: Gamble) -> list[Action]:
        sp = b.rules.spaces[task.space]
        return [KEEP, GAMBLE] if sp.sure else [GAMBLE, SKIP]

    @staticmethod
    def resolve(d: Draft, task: Gamble, a: Action) -> None:
        seat = task.seat
        sp = d.rules.spaces[task.space]
        if a.kind == "keep":
            d.transfer(BANK, seat, sp.sure, "lucky_day")
        elif a.kind == "gamble":
            d.push(Spin(seat, Purpose.GAMBLE, task.space))


@decision(Revenge, "revenge", label="take revenge")
class RevengeChoice:
    """Take money from a player who has it, or send a car back down the road."""

    @staticmethod
    def legal(b: Board, task: Revenge) -> list[Action]:
        seat = task.seat
        sp = b.rules.spaces[task.space]
        others = b.others(seat)
        take = [Action("take_money", i) for i in others if b.players[i].cash >= sp.amount]
        back = [Action("send_back", i) for i in others if b.players[i].space >= 0]
        return take + back

    @staticmethod
    def auto(d: Draft, task: Revenge) -> bool:
        if RevengeChoice.legal(d, task):
            return False
        d.pop()
        return True

    @staticmethod
    def resolve(d: Draft, task: Revenge, a: Action) -> None:
        seat, target = task.seat, int(a.arg)  # type: ignore[arg-type]
        sp = d.rules.spaces[task.space]
        if a.kind == "take_money":
            d.transfer(target, seat, sp.amount, "revenge")
            return
        spaces = d.rules.spaces
        q = d.p(target)
        path: list[str] = []
        for _ in range(sp.back):
            back = spaces[q.space].prev
            if back < 0:
                break
            q.space = back
            path.append(spaces[back].id)
        q.pending_branch = -1
        d.events.append(ev.SentBack(seat, target, tuple(path)))


@decision(Tycoon, "tycoon", label="choose how to retire")
class TycoonChoice:
    """Drive on to Millionaire Acres, or bet everything on a number."""

    @staticmethod
    def legal(b: Board, task: Tycoon) -> list[Action]:
        return [ACRES] + [Action("tycoon", n) for n in range(1, b.rules.spinner + 1)]

    @staticmethod
    def resolve(d: Draft, task: Tycoon, a: Action) -> None:
        seat = task.seat
        if a.kind == "acres":
            d.push(Spin(seat, Purpose.MOVE, 0))
            return
        number = int(a.arg)  # type: ignore[arg-type]
        d.events.append(ev.TycoonBet(seat, number))
        d.push(Spin(seat, Purpose.TYCOON, number))


@decision(Lucky, "lucky", label="choose a lucky number")
class LuckyNumber:
    """The first to Millionaire Acres names a number that fines the others."""

    @staticmethod
    def legal(b: Board, task: Lucky) -> list[Action]:
        return [Action("lucky", n) for n in range(1, b.rules.spinner + 1)]

    @staticmethod
    def resolve(d: Draft, task: Lucky, a: Action) -> None:
        seat = task.seat
        number = int(a.arg)  # type: ignore[arg-type]
        d.lucky = (seat, number, task.fine)
        d.events.append(ev.LuckyNumber(seat, number))
