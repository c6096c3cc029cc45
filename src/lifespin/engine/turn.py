"""The turn: the start choice and the before-spin menu, moving along the
track, forks, the end of a turn, and the end of the game.

The one place a turn ends is `end_turn`: the next seat, skipped turns, and
when everyone has retired, the final count.
"""

from __future__ import annotations

from ..errors import IllegalActionError
from . import events as ev
from .abilities import (
    commission,
    offers_second_career,
    offers_tiles_for_salary,
    take_second_career,
    trade_tiles,
)
from .actions import Action
from .effects import gain_stock, payday
from .player import ESTATES, POOR_FARM
from .registry import decision, step
from .state import BANK, Board, Draft
from .tasks import (
    Branch,
    ChooseCareer,
    ChooseSalary,
    Deal,
    Deck,
    EndTurn,
    EstatesDeal,
    Final,
    Land,
    Mode,
    Move,
    Turn,
)

__all__ = ["finish"]

SPIN = Action("spin")
BUY_AUTO = Action("buy_insurance", "auto")
BUY_HOME = Action("buy_insurance", "home")
REPAY = Action("repay_loan")
BORROW = Action("borrow")
TRADE_TILES = Action("trade_tiles")
SECOND_CAREER = Action("second_career")


@decision(Turn, "turn", label="spin, or act before spinning")
class TurnMenu:
    """Before the first spin, where to start; then, before each spin, what a
    player may do first: buy stock or insurance, take or repay a note, use a
    career's ability.

    Loans (life-rules.md §1 and §9b): a player may take $20,000 notes at any
    time on their own turn, and buys stock and insurance on credit: a
    purchase the cash in hand does not cover borrows the shortfall in whole
    notes, as every payment does (`Draft.transfer`). `borrow` takes one note;
    up to `rules.borrow_limit` notes a turn (the printed rules set no limit,
    but a menu that could borrow without end could stall a game forever),
    and a turn either takes notes or repays them, never both: a note taken
    and repaid at once only costs the difference."""

    @staticmethod
    def legal(b: Board, task: Turn) -> list[Action]:
        seat = task.seat
        p = b.players[seat]
        t = b.t
        r = b.rules
        if p.space < 0:
            return list(t.start)
        out = [SPIN]
        if not p.stocks:
            out.extend(t.buy_stock[i] for i in b.stock_deck)
        if (not p.auto and r.auto_insurance_price
                and (p.turns == 0 or r.auto_insurance_offer == "every_turn")):
            # `first_spin`: only before the seat's first spin (its first turn
            # has not ended; the menu comes once a turn, before its first spin).
            out.append(BUY_AUTO)
        if p.house >= 0 and not p.home and r.houses[p.house].insurance > 0:
            out.append(BUY_HOME)
        if p.loans and p.cash >= r.loan_payback and task.notes <= 0:
            out.append(REPAY)
        if 0 <= task.notes < r.borrow_limit:
            out.append(BORROW)
        for c in (p.career, p.career2):
            if c < 0:
                continue
            for ab in r.careers[c].abilities:
                if ab.trigger == "tiles_for_salary" and offers_tiles_for_salary(r, p, ab):
                    out.append(TRADE_TILES)
                elif ab.trigger == "second_career" and offers_second_career(b, p, c):
                    out.append(SECOND_CAREER)
        return out

    @staticmethod
    def resolve(d: Draft, task: Turn, a: Action) -> None:
        seat = task.seat
        r = d.rules
        kind = a.kind
        if kind == "spin":
            d.push(d.t.spin_to_move[seat], d.t.end_turn[seat])
            return
        # Everything else keeps the player at the before-spin menu.
        if kind == "borrow":
            task = task._replace(notes=task.notes + 1)
        elif kind == "repay_loan":
            task = task._replace(notes=task.notes - 1)
        d.push(task)
        if kind == "start":
            _start(d, seat, str(a.arg))
        elif kind == "buy_stock":
            stock = d.t.stock_index[str(a.arg)]
            d.transfer(seat, BANK, r.stock_price, "buy_stock")
            gain_stock(d, seat, stock, bought=True)
            commission(d, seat)
        elif kind == "buy_insurance":
            p = d.p(seat)
            if a.arg == "auto":
                price = r.auto_insurance_price
                p.auto = True
            else:
                price = r.houses[p.house].insurance
                p.home = True
            d.transfer(seat, BANK, price, f"{a.arg}_insurance")
            d.events.append(ev.InsuranceBought(seat, str(a.arg), price))
            commission(d, seat)
        elif kind == "repay_loan":
            d.repay(seat, 1)
        elif kind == "borrow":
            d.borrow(seat, 1)
        elif kind == "trade_tiles":
            trade_tiles(d, seat)
        elif kind == "second_career":
            take_second_career(d, seat)
        else:  # pragma: no cover - apply() trusts its caller
            raise IllegalActionError(f"{a} is not a before-spin action")


def _start(d: Draft, seat: int, space_id: str) -> None:
    """The car is put on a start space: college borrows its notes (their money
    goes straight to the bank as tuition, unless the space hands it over as
    cash), a career start deals a career and a salary to choose from."""
    idx = d.t.start_index[space_id]
    sp = d.rules.spaces[idx]
    p = d.p(seat)
    p.space = idx
    p.path = idx
    d.events.append(ev.Started(seat, sp.id))
    if sp.borrow_notes:
        d.borrow(seat, sp.borrow_notes)
        if not sp.loan_cash:
            d.transfer(seat, BANK, sp.borrow_notes * d.rules.loan_amount, "tuition")
    if sp.draw_job:
        d.push(
            Deal(seat, Deck.CAREER, 1), ChooseCareer(seat, Mode.PICK, 0),
            Deal(seat, Deck.SALARY, 1), ChooseSalary(seat),
        )


@step(Move, "move", label="the car to move")
def move(d: Draft, task: Move, action: object) -> None:
    """Move space by space: stop at a STOP, ask at a fork (unless chosen
    before), skip an occupied last space (the occupied-space rule), and let
    Pay Days and `on_pass` spaces act on the way."""
    seat, steps, branch = task
    r = d.rules
    spaces = r.spaces
    p = d.p(seat)
    pos = p.space
    path: list[str] = []
    occupied_rule = r.occupied_space_rule
    # The Moved event goes before what happened on the way (Pay Days passed).
    mark = len(d.events)
    while steps:
        nxt = spaces[pos].next
        if branch >= 0:
            pos = branch
            branch = -1
        elif len(nxt) > 1 and p.pending_branch >= 0:
            pos = p.pending_branch
            p.pending_branch = -1
        elif len(nxt) > 1:
            if path:
                d.events.insert(mark, ev.Moved(seat, tuple(path)))
            p.space = pos
            d.push(Branch(seat, steps))
            return
        else:
            pos = nxt[0]
        steps -= 1
        sp = spaces[pos]
        path.append(sp.id)
        if sp.stop:
            break
        if steps == 0 and occupied_rule and d.occupied(seat, pos):
            steps = 1  # move on to the next empty space
        if not steps or not sp.acts_on_pass:
            continue
        if sp.effect == "payday":
            p.space = pos
            payday(d, seat, sp)
        else:
            # The space acts on a passing car (1960's taxes, tolls, offers):
            # pause the move, do the space, then go on.
            p.space = pos
            d.events.insert(mark, ev.Moved(seat, tuple(path)))
            d.push(Land(seat, pos, True), Move(seat, steps, -1))
            return
    p.space = pos
    d.events.insert(mark, ev.Moved(seat, tuple(path)))
    d.push(d.t.land_on[seat][pos])


@decision(Branch, "branch", label="choose a road")
class Fork:
    """Which way to go at a fork (some ways cost money)."""

    @staticmethod
    def legal(b: Board, task: Branch) -> list[Action]:
        here = b.players[task.seat].space
        return [b.t.branch[i] for i in b.rules.spaces[here].next]

    @staticmethod
    def resolve(d: Draft, task: Branch, a: Action) -> None:
        seat = task.seat
        r = d.rules
        target = r.space_index[str(a.arg)]
        here = r.spaces[d.players[seat].space]
        if here.branch_costs:
            cost = here.branch_costs[here.next.index(target)]
            if cost:
                d.transfer(seat, BANK, cost, "branch")
        if task.steps:
            d.push(Move(seat, task.steps, target))
        else:
            # A fork on a STOP space is chosen while stopped there; the car
            # takes the branch when it next moves.
            d.p(seat).pending_branch = target


@step(EndTurn, "end_turn", label="the turn to end")
def end_turn(d: Draft, task: EndTurn, action: object) -> None:
    """The one place a turn ends: next seat, skipped turns, the end of the game."""
    players = d.players
    n = len(players)
    d.p(d.turn).turns += 1
    if d.retired_count >= n:
        d.push(Final(-1))
        return
    seat = d.turn
    while True:
        seat = (seat + 1) % n
        q = players[seat]
        if q.retired:
            continue
        if q.skip_next:
            skipped = d.p(seat)
            skipped.skip_next = False
            skipped.missed += 1
            d.events.append(ev.TurnSkipped(seat))
            continue
        break
    d.turn = seat
    d.turn_number += 1
    d.events.append(ev.TurnStarted(seat))
    d.push(d.t.turn_task[seat])


@step(Final, "final", label="the final count")
def final(d: Draft, task: Final, action: object) -> None:
    """Everyone has retired: the estates' tiles go to the richest retiree there."""
    at_estates = [i for i, q in enumerate(d.players) if q.retired == ESTATES]
    if d.estates and at_estates:
        best = max(d.players[i].cash for i in at_estates)
        tied = [i for i in at_estates if d.players[i].cash == best]
        # Tied players share the tiles when they divide evenly; otherwise
        # nobody takes them (C-musictopia: 2 tied take 2 each, 3 tied none).
        if len(d.estates) % len(tied) == 0:
            owed: list[int] = []
            for _ in range(len(d.estates) // len(tied)):
                owed.extend(tied)
            d.push(EstatesDeal(-1, tuple(owed)))
            return
    finish(d)


def finish(d: Draft) -> None:
    """The game is over: notes still owed are settled at their payback price
    (1960: a Poor Farm player, a car still on the road when a Tycoon wins, a
    Tycoon whose cash fell short at the Day of Reckoning); the winners are the
    Tycoon, or the richest players not at the Poor Farm."""
    for seat, q in enumerate(d.players):
        if q.loans:
            d.repay(seat, q.loans, settle=True)
    if d.tycoon >= 0:
        d.events.append(ev.GameOver((d.tycoon,)))
        return
    worths = [d.worth(i) if d.players[i].retired != POOR_FARM else None
              for i in range(len(d.players))]
    best = max((w for w in worths if w is not None), default=None)
    winners = () if best is None else tuple(i for i, w in enumerate(worths) if w == best)
    d.events.append(ev.GameOver(winners))
