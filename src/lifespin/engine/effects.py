"""What a space does: every effect in the closed vocabulary, one function each.

An edition's space names its effect (`effect = "payday"`) with parameters; the
`land` step runs the registered handler when a car stops there (or passes an
`on_pass` space). The register entry of each effect lists the parameters the
loader accepts, its label and how shells describe it. No Python per space:
that is what lets every edition, the compiled engine and the shells share one
vocabulary (DESIGN.md, "One place per rule").
"""

from __future__ import annotations

from . import events as ev
from .player import ACRES, ESTATES, has, holds, salary_of, taxes_of
from .registry import effect, money, step
from .ruleset import Ruleset, SpaceSpec
from .state import BANK, Draft
from .tasks import (
    Bet,
    Branch,
    BuyHouse,
    ChooseCareer,
    ChooseSalary,
    Deal,
    Deck,
    FreeStock,
    Gamble,
    Land,
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
    Sue,
    Task,
    TradeSalary,
    Tycoon,
    WealthDraw,
)

__all__ = [
    "child_gift",
    "drop_policy",
    "gain_stock",
    "gifts_from_all",
    "give_raise",
    "jump",
    "land",
    "leading",
    "payday",
    "retire",
    "sell_house",
]

Followups = list[Task] | None


@step(Land, "land", label="the space to act")
def land(d: Draft, task: Land, action: object) -> None:
    """A car stands on (or passes) a space: the space acts, then a STOP gives
    another spin (retiring and the Day of Reckoning's choice decide for
    themselves) and a fork on a STOP is chosen while stopped there."""
    seat, pos, passing = task
    sp = d.rules.spaces[pos]
    e = sp.effect
    base = len(d.tasks)
    then: list[Task] = []
    if sp.stop and not passing and e != "retire":
        if len(sp.next) > 1:
            then.append(Branch(seat, 0))
        if not (e == "reckoning" and sp.tycoon):
            then.append(d.t.spin_to_move[seat])
    # A space with `requires` acts only on holders (of a house, stock, a policy).
    if not sp.requires or has(d.players[seat], sp.requires):
        instead = d.t.effects[pos](d, seat, sp, passing)
        if instead is not None:
            then = instead
    if then:
        # These run after whatever the effect pushed, before the rest of the
        # turn: insert them under the effect's tasks.
        d.tasks[base:base] = list(reversed(then))


# ---------------------------------------------------------------- helpers


def leading(d: Draft, seat: int) -> bool:
    """Nobody is closer to retirement than `seat`, and nobody has retired
    yet. A car level with it shares the lead (`rules.shared_lead`), or,
    without that rule, takes the lead from it: nobody leads on a tie."""
    spaces = d.rules.spaces
    mine = spaces[d.players[seat].space].to_retire
    # Closer than `mine` (shared lead), or as close (no shared lead), is ahead.
    ahead = mine if d.rules.shared_lead else mine + 1
    for i, q in enumerate(d.players):
        if i == seat:
            continue
        if q.retired or (q.space >= 0 and spaces[q.space].to_retire < ahead):
            return False
    return True


def give_raise(d: Draft, seat: int, amount: int) -> None:
    """A raise on a career's own salary, capped at the career's maximum."""
    p = d.p(seat)
    if p.career < 0:
        return
    c = d.rules.careers[p.career]
    p.raises += amount
    if c.max_salary:
        p.raises = min(p.raises, max(0, c.max_salary - c.salary))


def gain_stock(d: Draft, seat: int, stock: int, bought: bool) -> None:
    p = d.p(seat)
    p.stocks = (*p.stocks, stock)
    d.stock_deck = tuple(i for i in d.stock_deck if i != stock)
    d.events.append(ev.StockGained(seat, d.rules.stock_ids[stock], bought))


def sell_house(d: Draft, seat: int, price: int) -> None:
    p = d.p(seat)
    house = d.rules.houses[p.house]
    d.house_deck = tuple(sorted((*d.house_deck, p.house)))
    p.house = -1
    p.home = False
    if p.retired:
        p.house_sale += price
    d.transfer(BANK, seat, price, "house_sale")
    d.events.append(ev.HouseSold(seat, house.id, price))


def drop_policy(d: Draft, seat: int, kind: str) -> None:
    if not has(d.players[seat], kind):
        return
    q = d.p(seat)
    if kind == "auto":
        q.auto = False
    elif kind == "home":
        q.home = False
    else:
        q.policies = tuple(k for k in q.policies if k != kind)
    d.events.append(ev.PolicyLost(seat, kind))


def jump(d: Draft, seat: int, to: int, land: bool) -> None:
    """Move a car straight to a space, skipping everything between."""
    d.p(seat).space = to
    d.events.append(ev.Moved(seat, (d.rules.spaces[to].id,)))
    if land:
        d.push(d.t.land_on[seat][to])


def child_gift(d: Draft, seat: int, amount: int) -> None:
    """Money for the children, collected from the bank (1960's Day of
    Reckoning, 2005's retirement gift from each child)."""
    d.transfer(BANK, seat, amount, "child_gift")


def gifts_from_all(d: Draft, seat: int, amount: int, reason: str) -> None:
    """Every other player still on the road gives `seat` the amount."""
    for i in d.others(seat):
        d.transfer(i, seat, amount, reason)


def _offer_collect_cards(d: Draft, seat: int, amount: int) -> None:
    """Holders of a Share the Wealth collect card, in seat order after the
    collector, may each claim half."""
    r = d.rules
    n = len(d.players)
    holders = [(seat + k) % n for k in range(1, n)]
    holders = [i for i in holders if holds(d.players[i], r, "collect")]
    if holders:
        d.push(PlayCollect(holders[0], seat, amount, tuple(holders[1:])))


def _draw_job(seat: int, deck: Deck, careers: int, salaries: int) -> tuple[Task, ...]:
    return (Deal(seat, deck, careers), ChooseCareer(seat, Mode.PICK, 0),
            Deal(seat, Deck.SALARY, salaries), ChooseSalary(seat))


# ---------------------------------------------------------------- descriptions


def _payee(sp: SpaceSpec, r: Ruleset) -> str:
    return f" to the {r.careers[sp.payee].name}" if sp.payee >= 0 else ""


def _pay_text(sp: SpaceSpec, r: Ruleset) -> str:
    text = f"pay {money(sp.amount)}" + (" per child" if sp.per_child else "") + _payee(sp, r)
    if sp.waived_by:
        text += f" (free with {sp.waived_by} insurance)"
    if sp.requires_house:
        text += " if you own a house"
    return text


def _baby_text(sp: SpaceSpec, r: Ruleset) -> str:
    text = {1: "a baby", 2: "twins", 3: "triplets"}.get(sp.count, f"{sp.count} babies")
    if sp.gift:
        text += f", {money(sp.gift)} from each player"
    return text + (" and a LIFE tile" if sp.life_tile else "")


def _ranges(outcomes: tuple[tuple[int, int, int], ...]) -> str:
    return ", ".join(
        f"{lo}" + (f"-{hi}" if hi != lo else "") + f": {money(amount)}"
        for lo, hi, amount in outcomes
    )


def _retire_text(sp: SpaceSpec, r: Ruleset) -> str:
    gift = f", collecting {money(sp.child_gift)} per child" if sp.child_gift else ""
    if sp.choose_place:
        return f"retire{gift}: the estates or the countryside"
    text = "retire here" + gift
    if sp.first_bonus:
        text += f"; the first to arrive collects {money(sp.first_bonus)}"
    if sp.lucky_fine:
        text += f" and names a lucky number ({money(sp.lucky_fine)} fine)"
    return text


# ---------------------------------------------------------------- the effects
# Registered in the order the edition schema lists them.


@effect("start", label="Start", glyph="S", icon="▶", optional=("borrow", "loan_cash", "draw_job"),
        describe=lambda sp, r: "start here"
        + (f", borrowing {sp.borrow_notes} notes" if sp.borrow_notes else "")
        + ((" as cash" if sp.loan_cash else " for tuition") if sp.borrow_notes else "")
        + (", drawing a career and a salary" if sp.draw_job else ""))
def _start(d: Draft, seat: int, sp: SpaceSpec, passing: bool) -> Followups:
    """Where a car begins (the start choice does the borrowing and dealing)."""
    return None


@effect("collect", label="Collect", glyph="$", icon="+", required=("amount",),
        optional=("requires", "if_spun"), on_pass=True,
        describe=lambda sp, r: f"collect {money(sp.amount)}"
        + (f" if you spun {sp.if_spun}" if sp.if_spun else ""))
def _collect(d: Draft, seat: int, sp: SpaceSpec, passing: bool) -> Followups:
    """Collect from the bank (only on the spin named by `if_spun`, if any); a
    large sum lets Share the Wealth collect cards claim half."""
    p = d.players[seat]
    r = d.rules
    if not sp.if_spun or p.last_spin == sp.if_spun:
        d.transfer(BANK, seat, sp.amount, "collect")
        if sp.amount > r.wealth_threshold and r.wealth_cards:
            _offer_collect_cards(d, seat, sp.amount)
    return None


@effect("collect_spin", label="Spin to collect", glyph="$", icon="+", required=("amount",),
        describe=lambda sp, r: f"spin and collect {money(sp.amount)} times the number")
def _collect_spin(d: Draft, seat: int, sp: SpaceSpec, passing: bool) -> Followups:
    """Spin, and collect the amount times the number spun."""
    d.push(Spin(seat, Purpose.COLLECT, sp.amount))
    return None


@effect("pay", label="Pay", glyph="-", icon="−", required=("amount",),
        optional=("payee", "waived_by", "per_child", "requires_house", "requires"),
        on_pass=True, describe=_pay_text)
def _pay(d: Draft, seat: int, sp: SpaceSpec, passing: bool) -> Followups:
    """Pay the bank or a career's holder (per child if so marked; waived by
    the named insurance); a Share the Wealth pay card may pass half on."""
    p = d.players[seat]
    r = d.rules
    amount = sp.amount
    waived = bool(sp.waived_by) and has(p, sp.waived_by)
    if sp.per_child:
        amount *= p.children
    if not waived:
        d.pay(seat, amount, sp.payee, "pay")
        if amount > r.wealth_threshold and holds(p, r, "pay"):
            d.push(PlayPay(seat, amount))
    return None


def payday(d: Draft, seat: int, sp: SpaceSpec) -> None:
    """The Pay Day rule: landing on or passing the space pays the salary,
    after any raise the space gives."""
    p = d.p(seat)
    p.paydays += 1
    d.events.append(ev.PaydayPassed(seat, sp.id))
    if sp.raise_amount:
        give_raise(d, seat, sp.raise_amount)
    pay = salary_of(d.rules, p)
    if pay:
        d.transfer(BANK, seat, pay, "payday")


@effect("payday", label="Pay Day", glyph="P", icon="$", optional=("raise_amount",),
        on_pass=True, describe=lambda sp, r: "Pay Day: collect your salary"
        + (f" after a {money(sp.raise_amount)} raise" if sp.raise_amount else ""))
def _payday(d: Draft, seat: int, sp: SpaceSpec, passing: bool) -> Followups:
    """The Pay Day rule: see `payday`."""
    payday(d, seat, sp)
    return None


@effect("life_tile", label="LIFE tile", glyph="L", icon="★",
        describe=lambda sp, r: "take a LIFE tile")
def _life_tile(d: Draft, seat: int, sp: SpaceSpec, passing: bool) -> Followups:
    """Take a LIFE tile from the pile (from another player when it is empty)."""
    d.push(d.t.draw_tile[seat])
    return None


@effect("baby", label="Baby", glyph="b", icon="b", required=("count",),
        optional=("life_tile", "gift"), describe=_baby_text)
def _baby(d: Draft, seat: int, sp: SpaceSpec, passing: bool) -> Followups:
    """Children join the car, as many as its seats allow; gifts from every
    other player and a LIFE tile where the space says so."""
    r = d.rules
    q = d.p(seat)
    born = max(0, min(sp.count, r.car_capacity - q.people))
    q.children += born
    d.events.append(ev.NewBaby(seat, born))
    if sp.gift:
        gifts_from_all(d, seat, sp.gift, "baby_gift")
    if sp.life_tile:
        d.push(d.t.draw_tile[seat])
    return None


@effect("marry", label="Get married", glyph="m", icon="♥", optional=("life_tile", "gifts"),
        describe=lambda sp, r: "get married"
        + (" and spin for gifts from everyone" if sp.gifts else "")
        + (" and a LIFE tile" if sp.life_tile else ""))
def _marry(d: Draft, seat: int, sp: SpaceSpec, passing: bool) -> Followups:
    """A spouse joins the car (if there is room); a LIFE tile and a spin for
    wedding gifts where the space says so."""
    r = d.rules
    q = d.p(seat)
    if not q.spouse and q.people < r.car_capacity:
        q.spouse = True
        d.events.append(ev.Married(seat))
    tasks: list[Task] = [d.t.draw_tile[seat]] if sp.life_tile else []
    if sp.gifts:
        tasks.append(Spin(seat, Purpose.GIFT, sp.index))
    d.push(*tasks)
    return None


@effect("career_choice", label="Choose a career", glyph="c", icon="C", required=("careers",),
        optional=("salaries", "degree_only"),
        describe=lambda sp, r: f"choose a career of {sp.careers} and a salary of {sp.salaries}"
        + (" (degree careers)" if sp.degree_only else ""))
def _career_choice(d: Draft, seat: int, sp: SpaceSpec, passing: bool) -> Followups:
    """College ends here: a degree, then careers and salaries dealt to choose from."""
    d.p(seat).degree = True
    d.return_job(seat)
    deck = Deck.COLLEGE if sp.degree_only else Deck.CAREER
    d.push(*_draw_job(seat, deck, sp.careers, sp.salaries))
    return None


@effect("buy_house", label="Buy a house", glyph="h", icon="⌂", optional=("deck",),
        describe=lambda sp, r: "buy a house"
        + (f" ({r.house_decks[sp.deck]})" if sp.deck >= 0 else ""))
def _buy_house(d: Draft, seat: int, sp: SpaceSpec, passing: bool) -> Followups:
    """May buy a house from the deck (if the player has none)."""
    d.push(BuyHouse(seat, sp.deck))
    return None


@effect("sell_buy_house", label="Sell or buy a house", glyph="h", icon="⌂", optional=("deck",),
        describe=lambda sp, r: "sell your house or buy one")
def _sell_buy_house(d: Draft, seat: int, sp: SpaceSpec, passing: bool) -> Followups:
    """An owner may sell (and then buy); anyone else may buy."""
    if d.players[seat].house >= 0:
        d.push(SellHouse(seat, sp.deck))
    else:
        d.push(BuyHouse(seat, sp.deck))
    return None


@effect("lose_job", label="Lose your job", glyph="x", icon="×",
        describe=lambda sp, r: "lose your job: draw a new career and salary")
def _lose_job(d: Draft, seat: int, sp: SpaceSpec, passing: bool) -> Followups:
    """Career and salary go back; a new one of each is dealt."""
    d.return_job(seat)
    d.push(*_draw_job(seat, Deck.CAREER, 1, 1))
    return None


def _night_school_words(sp: SpaceSpec, r: Ruleset) -> str:
    fee = f"{money(sp.amount)}{_payee(sp, r)}"
    if sp.pay_first:
        return (f"night school: pay {fee} for a degree and a choice of {sp.careers} careers"
                + (" (a new career brings a new salary)" if sp.salaries else ""))
    salaries = f" and {sp.salaries} salaries" if sp.salaries else ""
    return (f"night school: draw {sp.careers} careers{salaries}; keep your cards, "
            f"or pay {fee} to switch")


@effect("night_school", label="Night school", glyph="n", icon="N",
        required=("amount", "careers"), optional=("payee", "salaries", "pay_first"),
        describe=_night_school_words)
def _night_school(d: Draft, seat: int, sp: SpaceSpec, passing: bool) -> Followups:
    """Night school: with `pay_first`, may pay for a degree and a choice of new
    careers (a new career brings `salaries` new salary cards); otherwise
    `careers` careers and `salaries` salaries are dealt first, and a player
    who switches to one of each pays the tuition and gains a degree."""
    if sp.pay_first:
        d.push(NightSchool(seat, sp.index))
        return None
    tasks: list[Task] = [Deal(seat, Deck.ANY, sp.careers)]
    if sp.salaries:
        tasks.append(Deal(seat, Deck.SALARY, sp.salaries))
    d.push(*tasks, NightSchool(seat, sp.index))
    return None


@effect("trade_salary", label="Trade salaries", glyph="t", icon="⇄",
        describe=lambda sp, r: "may swap salary cards with another player")
def _trade_salary(d: Draft, seat: int, sp: SpaceSpec, passing: bool) -> Followups:
    """May swap salary cards with another player still on the road."""
    d.push(TradeSalary(seat))
    return None


@effect("spin_again_unless_leading", label="Spin again unless leading", glyph="s", icon="↻",
        describe=lambda sp, r: "spin again unless you are in the lead"
        + ("" if r.shared_lead else " alone"))
def _spin_again_unless_leading(d: Draft, seat: int, sp: SpaceSpec,
                               passing: bool) -> Followups:
    """Spin again unless nobody is ahead of you (a tie for the lead is
    leading, unless `rules.shared_lead` is off)."""
    if not leading(d, seat):
        return [d.t.spin_to_move[seat]]
    return None


@effect("stock_soars", label="Stock market soars", glyph="+", icon="↑",
        describe=lambda sp, r: "take a stock certificate free")
def _stock_soars(d: Draft, seat: int, sp: SpaceSpec, passing: bool) -> Followups:
    """Take a stock certificate free (if any is left and the hand has room)."""
    d.push(FreeStock(seat))
    return None


@effect("stock_crash", label="Stock market crash", glyph="v", icon="↓",
        describe=lambda sp, r: "give back a stock certificate")
def _stock_crash(d: Draft, seat: int, sp: SpaceSpec, passing: bool) -> Followups:
    """Give back a stock certificate (a single one goes without asking)."""
    d.push(ReturnStock(seat))
    return None


@effect("taxes_due", label="Taxes due", glyph="-", icon="T", optional=("payee",), on_pass=True,
        describe=lambda sp, r: "pay your salary's taxes" + _payee(sp, r))
def _taxes_due(d: Draft, seat: int, sp: SpaceSpec, passing: bool) -> Followups:
    """Pay the salary's taxes to the bank (or to a career's holder)."""
    d.pay(seat, taxes_of(d.rules, d.players[seat]), sp.payee, "taxes")
    return None


@effect("miss_turn", label="Miss a turn", glyph="z", icon="‖",
        describe=lambda sp, r: "miss your next turn")
def _miss_turn(d: Draft, seat: int, sp: SpaceSpec, passing: bool) -> Followups:
    """The player's next turn is skipped."""
    d.p(seat).skip_next = True
    return None


@effect("retire", label="Retire", glyph="R", icon="R",
        optional=("child_gift", "choose_place", "first_bonus", "stock_bonus", "life_bonus",
                  "lucky_fine"), describe=_retire_text)
def _retire(d: Draft, seat: int, sp: SpaceSpec, passing: bool) -> Followups:
    """The end of the road: see `retire`."""
    retire(d, seat, sp)
    return None


def retire(d: Draft, seat: int, sp: SpaceSpec) -> None:
    """The end of the road: jobs go back, insurance ends, gifts from the
    children are collected, loans are repaid; then the choice of where to retire (after selling the
    house), or, at the end of a track with no choice (1960's Millionaire
    Acres), a bonus for the first car and its lucky number."""
    r = d.rules
    d.return_job(seat)
    p = d.p(seat)
    p.auto = False
    p.home = False
    p.retired = ESTATES  # provisional until the choice below; keeps the car off the track
    if sp.child_gift and p.children:
        child_gift(d, seat, sp.child_gift * p.children)
    if p.loans:
        d.repay(seat, p.loans)
    if not sp.choose_place:
        first = not any(q.retired == ACRES for q in d.players)
        p.retired = ACRES
        d.retired_count += 1
        d.events.append(ev.Retired(seat, "acres"))
        bonus = sp.first_bonus if first else 0
        bonus += sp.stock_bonus if has(p, "stock") else 0
        bonus += sp.life_bonus if has(p, "life") else 0
        d.transfer(BANK, seat, bonus, "arrival_bonus")
        if first and sp.lucky_fine:
            d.push(Lucky(seat, sp.lucky_fine))
        return
    tasks: list[Task] = []
    if p.house >= 0:
        if r.houses[p.house].sale >= 0:
            sell_house(d, seat, r.houses[p.house].sale)
        else:
            tasks.append(Spin(seat, Purpose.HOUSE_SALE, p.house))
    tasks.append(RetireWhere(seat))
    d.push(*tasks)


@effect("spin_to_win", label="Spin to Win", glyph="?", icon="?",
        required=("max_bet", "bet_step", "multiplier"),
        describe=lambda sp, r: f"Spin to Win: bet up to {money(sp.max_bet)} on a number, "
        f"win {sp.multiplier} times the stake")
def _spin_to_win(d: Draft, seat: int, sp: SpaceSpec, passing: bool) -> Followups:
    """Every player still on the road, the mover first, may bet on a number."""
    n = len(d.players)
    order = tuple((seat + k) % n for k in range(n))
    bettors = tuple(i for i in order if not d.players[i].retired)
    d.push(Bet(bettors[0], bettors[1:], sp.index, 0))
    return None


@effect("lawsuit", label="Lawsuit", glyph="!", icon="§", required=("amount",),
        describe=lambda sp, r: f"sue another player for {money(sp.amount)}")
def _lawsuit(d: Draft, seat: int, sp: SpaceSpec, passing: bool) -> Followups:
    """Sue another player for the amount (they may play an exemption card)."""
    if d.others(seat):
        d.push(Sue(seat, sp.amount))
    return None


@effect("share_the_wealth", label="Share the Wealth", glyph="W", icon="W",
        describe=lambda sp, r: "draw a Share the Wealth card")
def _share_the_wealth(d: Draft, seat: int, sp: SpaceSpec, passing: bool) -> Followups:
    """Draw a Share the Wealth card into the hand."""
    d.push(WealthDraw(seat, 1))
    return None


@effect("tax_refund", label="Tax refund", glyph="$", icon="T",
        describe=lambda sp, r: "collect your salary's taxes back")
def _tax_refund(d: Draft, seat: int, sp: SpaceSpec, passing: bool) -> Followups:
    """Collect the salary's taxes back from the bank."""
    d.transfer(BANK, seat, taxes_of(d.rules, d.players[seat]), "tax_refund")
    return None


@effect("graduate", label="Graduation", glyph="G", icon="G", required=("careers", "amount"),
        describe=lambda sp, r: f"graduate: take a degree career of {sp.careers}, or keep "
        f"yours with a {money(sp.amount)} raise")
def _graduate(d: Draft, seat: int, sp: SpaceSpec, passing: bool) -> Followups:
    """Graduation: look at the degree careers dealt, take one, or keep the
    old career with a raise."""
    d.p(seat).degree = True
    d.push(Deal(seat, Deck.COLLEGE, sp.careers), ChooseCareer(seat, Mode.GRADUATE, sp.index))
    return None


@effect("crossroads", label="Crossroads", glyph="Y", icon="Y",
        describe=lambda sp, r: "choose your road")
def _crossroads(d: Draft, seat: int, sp: SpaceSpec, passing: bool) -> Followups:
    """A fork and nothing else: the choice of road is made when moving on."""
    return None


@effect("spin_again", label="Spin again", glyph="s", icon="↻",
        describe=lambda sp, r: "spin again")
def _spin_again(d: Draft, seat: int, sp: SpaceSpec, passing: bool) -> Followups:
    """Spin again at once."""
    return [d.t.spin_to_move[seat]]


@effect("take_career", label="Take a career", glyph="c", icon="C", required=("career",),
        optional=("to",), on_pass=True,
        describe=lambda sp, r: f"become the {r.careers[sp.career].name}"
        + (f" and go to space {r.spaces[sp.to].id}" if sp.to >= 0 else ""))
def _take_career(d: Draft, seat: int, sp: SpaceSpec, passing: bool) -> Followups:
    """The named career becomes the player's (and the car may be sent on)."""
    q = d.p(seat)
    if q.career != sp.career:
        q.career = sp.career
        q.raises = 0
        d.events.append(ev.CareerTaken(seat, d.rules.careers[sp.career].id, False))
    if sp.to >= 0:
        jump(d, seat, sp.to, land=True)
    return None


@effect("offer_insurance", label="Insurance offer", glyph="I", icon="I",
        required=("kind", "amount"), on_pass=True,
        describe=lambda sp, r: f"may buy {sp.kind} cover for {money(sp.amount)}")
def _offer_insurance(d: Draft, seat: int, sp: SpaceSpec, passing: bool) -> Followups:
    """May buy the cover the space offers (1960), unless already held."""
    if not has(d.players[seat], sp.kind):
        d.push(Offer(seat, sp.index))
    return None


@effect("lose_insurance", label="Insurance lapses", glyph="i", icon="I", required=("kind",),
        describe=lambda sp, r: f"your {sp.kind} cover lapses")
def _lose_insurance(d: Draft, seat: int, sp: SpaceSpec, passing: bool) -> Followups:
    """The named cover lapses."""
    drop_policy(d, seat, sp.kind)
    return None


@effect("gamble", label="Gamble", glyph="?", icon="?", required=("outcomes",),
        optional=("sure", "optional", "requires"), on_pass=True,
        describe=lambda sp, r: (f"take {money(sp.sure)} or spin: " if sp.sure
                                else "may spin: " if sp.optional else "spin: ")
        + _ranges(sp.outcomes))
def _gamble(d: Draft, seat: int, sp: SpaceSpec, passing: bool) -> Followups:
    """Spin for money by the number; with `sure` the player may take a sure
    sum instead, with `optional` may decline."""
    if sp.sure or sp.optional:
        d.push(Gamble(seat, sp.index))
    else:
        d.push(Spin(seat, Purpose.GAMBLE, sp.index))
    return None


@effect("revenge", label="Revenge", glyph="!", icon="!", required=("amount", "back"),
        describe=lambda sp, r: f"take {money(sp.amount)} from a player or send one back "
        f"{sp.back} spaces")
def _revenge(d: Draft, seat: int, sp: SpaceSpec, passing: bool) -> Followups:
    """Take money from another player or send their car back."""
    if d.others(seat):
        d.push(Revenge(seat, sp.index))
    return None


@effect("toll_bridge", label="Toll bridge", glyph="B", icon="B", required=("amount",),
        on_pass=True,
        describe=lambda sp, r: f"the first car here owns the bridge; others pay it "
        f"{money(sp.amount)}")
def _toll_bridge(d: Draft, seat: int, sp: SpaceSpec, passing: bool) -> Followups:
    """The first car to reach the bridge owns it; every other car pays its owner."""
    pos = sp.index
    owner = next((o for i, o in d.owners if i == pos), -1)
    if owner < 0:
        d.owners = (*d.owners, (pos, seat))
        d.events.append(ev.BridgeOwned(seat, sp.id))
    elif owner != seat:
        d.transfer(seat, owner, sp.amount, "toll")
    return None


@effect("jump", label="Detour", glyph=">", icon="↷", required=("to",), optional=("land",),
        describe=lambda sp, r: f"go straight to space {r.spaces[sp.to].id}")
def _jump(d: Draft, seat: int, sp: SpaceSpec, passing: bool) -> Followups:
    """Go straight to another space (landing there, unless `land` is false)."""
    jump(d, seat, sp.to, land=sp.land)
    return None


@effect("reckoning", label="Day of Reckoning", glyph="D", icon="D",
        optional=("child_gift", "tycoon"),
        describe=lambda sp, r: "Day of Reckoning: repay your notes"
        + (f", collect {money(sp.child_gift)} per child" if sp.child_gift else "")
        + ("; Millionaire Acres or the Tycoon gamble" if sp.tycoon else ""))
def _reckoning(d: Draft, seat: int, sp: SpaceSpec, passing: bool) -> Followups:
    """Money per child; notes repaid as far as cash goes (any left are settled
    at the end); then, where the space says so, the Tycoon's choice."""
    p = d.players[seat]
    r = d.rules
    if sp.child_gift and p.children:
        child_gift(d, seat, sp.child_gift * p.children)
    notes = min(p.loans, max(0, d.players[seat].cash) // r.loan_payback)
    if notes:
        d.repay(seat, notes, settle=True)
    if sp.tycoon:
        d.push(Tycoon(seat, sp.index))
    return None
