"""The game state, the draft built during a step, and the step loop.

A `State` is a value. `apply` returns a new State and never changes the old one;
nothing here reads files, prints, sleeps or touches a global random generator.
Every spin and every draw is a chance node: `current_player` is CHANCE and
`chance_outcomes()` lists the equally likely outcomes, which a driver picks.

How a turn runs. The state keeps a stack of pending tasks (`tasks.py`). `apply`
copies the state into a `Draft`, hands the action to the task on top (a
decision or a chance node), then runs the tasks that need no input (moving,
landing, ending the turn, decisions with one choice) until the next one does,
and freezes the draft into the new State. What each task does is registered
by name in `registry.TASKS` by the rule modules (`turn.py`, `effects.py`,
`decisions.py`, `chance.py`); this loop only dispatches. Turn advance, the
finished game and skipped turns are decided in one place: `turn.py`'s
end-of-turn step.
"""

from __future__ import annotations

from collections.abc import Iterator
from fractions import Fraction
from typing import Any

from ..errors import GameOverError, IllegalActionError, InvalidActionError
from . import events as ev
from .actions import Action
from .player import COUNTRYSIDE, Player, new_player
from .registry import EFFECTS, REDEALS, TASKS
from .ruleset import AbilitySpec, Ruleset
from .tasks import (
    BonusTiles,
    DrawTile,
    EndTurn,
    Land,
    Move,
    Purpose,
    Spin,
    StealFrom,
    StealTile,
    Task,
    Turn,
    WealthDraw,
)
from .view import build_results, build_view

__all__ = ["BANK", "CHANCE", "TERMINAL", "Board", "Draft", "State", "tables"]

CHANCE = -1
"""`current_player` at a chance node."""
TERMINAL = -2
"""`current_player` once the game is over."""

BANK = ev.BANK


class Tables:
    """Per-ruleset lookups and interned actions, shared by every state of a
    game and kept on the ruleset (`tables`)."""

    def __init__(self, r: Ruleset) -> None:
        self.r = r
        numbers = list(range(1, r.spinner + 1))
        if r.misspin_weight:
            spins = [n for n in numbers for _ in range(r.misspin_weight)] + [0]
        else:
            spins = numbers
        self.spin_outcomes = tuple(Action("spun", n) for n in spins)
        self.tile_actions = tuple(Action("draw_tile", i) for i in range(len(r.tile_values)))
        self.take_actions = tuple(Action("take_tile", i) for i in range(len(r.tile_values)))
        self.deal_career = tuple(Action("deal_career", c.id) for c in r.careers)
        self.deal_salary = tuple(Action("deal_salary", s) for s in r.salary_ids)
        self.choose_career = tuple(Action("choose_career", c.id) for c in r.careers)
        self.choose_salary = tuple(Action("choose_salary", s) for s in r.salary_ids)
        # Night school's switch to career c and salary s (-1: the salary is kept).
        self.night_job = {
            (c.index, s): Action("night_school", f"{c.id}.{r.salary_ids[s]}" if s >= 0 else c.id)
            for c in r.careers for s in range(-1, len(r.salary_ids))
        }
        self.night_job_index = {str(a.arg): key for key, a in self.night_job.items()}
        self.buy_house = tuple(Action("buy_house", h.id) for h in r.houses)
        self.deal_house = tuple(Action("deal_house", h.id) for h in r.houses)
        self.buy_stock = tuple(Action("buy_stock", s) for s in r.stock_ids)
        self.free_stock = tuple(Action("free_stock", s) for s in r.stock_ids)
        self.return_stock = tuple(Action("return_stock", s) for s in r.stock_ids)
        self.start = tuple(Action("start", r.spaces[i].id) for i in r.starts)
        self.wealth_actions = tuple(Action("draw_wealth", i) for i in range(len(r.wealth_cards)))
        self.branch = {i: Action("branch", _arg(s.id)) for i, s in enumerate(r.spaces)}
        self.salary_index = {s: i for i, s in enumerate(r.salary_ids)}
        self.house_index = {h.id: i for i, h in enumerate(r.houses)}
        self.stock_index = {s: i for i, s in enumerate(r.stock_ids)}
        self.start_index = {r.spaces[i].id: i for i in r.starts}
        # What each space does, by space index: the registered effect's handler.
        self.effects = tuple(EFFECTS[sp.effect].handler for sp in r.spaces)
        # Abilities by trigger: tuples of (career index, ability).
        self.by_trigger: dict[str, tuple[tuple[int, AbilitySpec], ...]] = {}
        for c in r.careers:
            for ab in c.abilities:
                self.by_trigger[ab.trigger] = (*self.by_trigger.get(ab.trigger, ()), (c.index, ab))
        self.spin_fines = self.by_trigger.get("spin_fine", ())
        self.misspin_fees = self.by_trigger.get("misspin_fee", ())
        self.double_spins = self.by_trigger.get("double_spin_salary", ())
        self.commissions = self.by_trigger.get("commission", ())
        self.salary_by_amount = {a: i for i, a in enumerate(r.salary_amounts)}
        self.stock_by_number = {n: i for i, n in enumerate(r.stock_numbers)}
        # The tasks every turn pushes, made once per seat: a task is an
        # immutable value, so states share them (the step loop's hottest
        # allocations otherwise).
        seats = range(r.max_players)
        self.turn_task = tuple(Turn(i) for i in seats)
        self.end_turn = tuple(EndTurn(i) for i in seats)
        self.spin_to_move = tuple(Spin(i, Purpose.MOVE, 0) for i in seats)
        self.draw_tile = tuple(DrawTile(i) for i in seats)
        self.move_by = tuple(tuple(Move(i, n, -1) for n in range(r.spinner + 1)) for i in seats)
        self.land_on = tuple(tuple(Land(i, j, False) for j in range(len(r.spaces)))
                             for i in seats)


def _arg(text: str) -> int | str:
    return int(text) if text.lstrip("-").isdigit() else text


def tables(r: Ruleset) -> Tables:
    """The ruleset's lookups, built once and kept on it."""
    t = r.cache.get("engine")
    if t is None:
        t = r.cache["engine"] = Tables(r)
    return t


class Board:
    """What a State and a Draft share: the game's holdings, and the questions
    rules ask about them. Read-only here; `Draft` changes, `State` keeps."""

    # Every slot lives here, none in State or Draft: a Draft becomes its State
    # in place when the step is done (`Draft.freeze`), which needs one layout.
    __slots__ = (
        "_hist",
        "_n",
        "bank",
        "bets",
        "career_deck",
        "estates",
        "events",
        "fresh",
        "house_deck",
        "last_spin",
        "lucky",
        "names",
        "offer",
        "owners",
        "players",
        "retired_count",
        "rules",
        "salary_deck",
        "salary_offer",
        "stock_deck",
        "t",
        "tasks",
        "tile_pile",
        "turn",
        "turn_number",
        "tycoon",
        "wealth_pile",
    )

    rules: Ruleset
    t: Tables
    names: tuple[str, ...]
    players: tuple[Player, ...] | list[Player]
    bank: int
    tile_pile: tuple[int, ...]
    estates: tuple[int, ...]
    career_deck: tuple[int, ...]
    salary_deck: tuple[int, ...]
    house_deck: tuple[int, ...]
    stock_deck: tuple[int, ...]
    turn: int
    turn_number: int
    tasks: tuple[Task, ...] | list[Task]
    offer: tuple[int, ...]  # career cards dealt for a choice
    salary_offer: tuple[int, ...]  # salary cards dealt for a choice
    wealth_pile: tuple[int, ...]
    bets: tuple[tuple[int, int, int], ...]  # (seat, number, stake) for a Spin to Win
    owners: tuple[tuple[int, int], ...]  # (space index, seat): who owns a toll bridge
    lucky: tuple[int, int, int]  # (seat, number, fine) of the lucky number, seat -1: none
    last_spin: int  # the wheel's last number, whoever spun it (0: a misspin, -1: none)
    tycoon: int  # the seat that won as Tycoon, or -1
    retired_count: int  # seats that have retired (or gone to the Poor Farm)
    events: tuple[ev.Event, ...] | list[ev.Event]  # what the last step caused
    fresh: set[int] | None  # a Draft's players already copied in this step
    _hist: Any  # the history: (last action, the history before it), or None
    _n: int

    def worth(self, seat: int) -> int:
        """Cash plus the face value of the seat's LIFE tiles (what the final count adds)."""
        p = self.players[seat]
        return p.cash + sum(self.rules.tile_values[i] for i in p.tiles)

    def others(self, seat: int) -> list[int]:
        """The seats still playing, other than `seat`."""
        return [i for i, q in enumerate(self.players) if i != seat and not q.retired]

    def victims(self, seat: int) -> list[int]:
        """Whom `seat` may take a LIFE tile from (Countryside retirees are safe)."""
        return [
            i for i, q in enumerate(self.players)
            if i != seat and q.tiles and q.retired != COUNTRYSIDE
        ]

    def holder(self, career: int) -> int:
        """The seat holding this career as its main career, or BANK."""
        for seat, p in enumerate(self.players):
            if p.career == career:
                return seat
        return BANK

    def occupied(self, seat: int, space: int) -> bool:
        """Another car still on the road stands on `space`."""
        for i, q in enumerate(self.players):
            if i != seat and q.space == space and not q.retired:
                return True
        return False


class State(Board):
    """One moment of one game. Immutable to its users: `apply` returns a new State."""

    __slots__ = ()

    players: tuple[Player, ...]
    tasks: tuple[Task, ...]
    events: tuple[ev.Event, ...]

    # ------------------------------------------------------------------ set-up

    @classmethod
    def initial(cls, rules: Ruleset, names: tuple[str, ...]) -> State:
        """The state before anything has happened (use `lifespin.new_game`)."""
        rules.check_players(len(names))
        s = cls.__new__(cls)
        s.rules = rules
        s.t = tables(rules)
        s.names = names
        s.players = tuple(new_player(rules.start_cash) for _ in names)
        s.bank = -rules.start_cash * len(names)
        s.tile_pile = tuple(range(len(rules.tile_values)))
        s.estates = ()
        s.career_deck = tuple(range(len(rules.careers)))
        s.salary_deck = tuple(range(len(rules.salary_amounts)))
        s.house_deck = tuple(range(len(rules.houses)))
        s.stock_deck = tuple(range(len(rules.stock_numbers)))
        s.turn = 0
        s.turn_number = 0
        s.offer = ()
        s.salary_offer = ()
        s.wealth_pile = tuple(range(len(rules.wealth_cards)))
        s.bets = ()
        s.owners = ()
        s.lucky = (-1, 0, 0)
        s.last_spin = -1
        s.tycoon = -1
        s.retired_count = 0
        s._hist = None
        s._n = 0
        stack: list[Task] = [Turn(0)]
        # Share the Wealth hands are dealt face down, seat 0 first.
        if rules.wealth_hand:
            stack.extend(WealthDraw(seat, rules.wealth_hand)
                         for seat in reversed(range(len(names))))
        # The estates' tiles are dealt face down before the first turn.
        if rules.estates_tiles:
            stack.append(BonusTiles(-2, rules.estates_tiles))
        s.tasks = tuple(stack)
        s.events = ()
        return s

    # ------------------------------------------------------------- inspection

    @property
    def current_player(self) -> int:
        """The seat to decide, or CHANCE, or TERMINAL."""
        if not self.tasks:
            return TERMINAL
        top = self.tasks[-1]
        return CHANCE if TASKS[type(top)].chance else top.seat

    @property
    def is_terminal(self) -> bool:
        return not self.tasks

    @property
    def is_chance_node(self) -> bool:
        return bool(self.tasks) and TASKS[type(self.tasks[-1])].chance

    @property
    def phase(self) -> str:
        """What the game is waiting for, e.g. ``"turn"``, ``"spin"``, ``"branch"``."""
        return TASKS[type(self.tasks[-1])].name if self.tasks else "over"

    @property
    def move_number(self) -> int:
        """How many actions (decisions and chance outcomes) led here."""
        return self._n

    @property
    def history(self) -> tuple[Action, ...]:
        """Every action from the start, in order."""
        out: list[Action] = []
        node = self._hist
        while node is not None:
            out.append(node[0])
            node = node[1]
        out.reverse()
        return tuple(out)

    def legal_actions(self) -> list[Action]:
        """The current player's choices, in a fixed order with unique labels;
        empty at chance nodes and at the end."""
        if not self.tasks:
            return []
        top = self.tasks[-1]
        rule = TASKS[type(top)]
        if rule.chance:
            return []
        return rule.choices(self, top)

    def chance_outcomes(self) -> list[Action]:
        """At a chance node, the equally likely outcomes (a multiset); else empty."""
        if not self.tasks:
            return []
        top = self.tasks[-1]
        rule = TASKS[type(top)]
        if not rule.chance:
            return []
        return rule.choices(self, top)

    def chance_probabilities(self) -> list[tuple[Action, Fraction]]:
        """The chance outcomes merged, with their exact odds."""
        outs = self.chance_outcomes()
        counts: dict[Action, int] = {}
        for a in outs:
            counts[a] = counts.get(a, 0) + 1
        return [(a, Fraction(c, len(outs))) for a, c in counts.items()]

    # --------------------------------------------------------------- the doors

    def apply(self, action: Action) -> State:
        """The trusted, fast door: applies `action` without checking it is legal.

        For bots and simulators that take actions from `legal_actions()` or
        `chance_outcomes()`. An action that is not legal may raise anything or
        give a nonsense state; use `play` for input from people.
        """
        if not self.tasks:
            raise GameOverError(f"the game is over; {action} cannot be played")
        d = Draft.of(self)
        top = d.tasks.pop()
        TASKS[type(top)].resolve(d, top, action)
        d.run()
        return d.freeze((action, self._hist), self._n + 1)

    def play(self, action: Action | str) -> State:
        """The checked door: the action (or its notation) if it is legal now.

        Raises:
            InvalidActionError: the text is not an action.
            GameOverError: the game is over.
            IllegalActionError: not legal now; the message names the action, whose
                turn it is, what the game waits for, and the legal choices.
        """
        if isinstance(action, str):
            action = Action.parse(action)
        elif not isinstance(action, Action):
            raise InvalidActionError(f"not an action: {action!r}")
        if not self.tasks:
            raise GameOverError(f"the game is over; {action} cannot be played")
        legal = self.chance_outcomes() if self.is_chance_node else self.legal_actions()
        # The legal action itself goes into the history, never a look-alike
        # that merely compares equal to it (an arg of 3.0 or True for 3).
        canonical = next((a for a in legal if a == action), None)
        if canonical is None or type(canonical.arg) is not type(action.arg):
            raise IllegalActionError(
                f"illegal action {str(action)!r} at move {self._n} ({self.describe()}); "
                f"legal: {', '.join(dict.fromkeys(str(a) for a in legal))}"
            )
        return self.apply(canonical)

    def describe(self) -> str:
        """A short account of what the game waits for, for messages."""
        if not self.tasks:
            return "the game is over"
        top = self.tasks[-1]
        rule = TASKS[type(top)]
        if rule.chance:
            name = self.names[self.turn]
            return f"waiting for {rule.label} (chance), turn of seat {self.turn} {name!r}"
        seat = top.seat
        where = self.players[seat].space
        at = f" on space {self.rules.spaces[where].id}" if where >= 0 else ""
        return f"seat {seat} {self.names[seat]!r} to choose ({rule.name}){at}"

    # ------------------------------------------------------------ views and results

    def view(self, seat: int | None = None) -> dict[str, Any]:
        """What `seat` may see (None: a spectator), JSON-ready.

        Nobody, the owner included, sees a LIFE tile's value before the final
        count; no view holds deck order, the seed or the stream position.
        """
        return build_view(self, seat)

    def results(self) -> list[dict[str, Any]]:
        """Standings with each worth broken down; ties share a rank.

        Raises:
            IllegalActionError: the game is not over.
        """
        if self.tasks:
            raise IllegalActionError(f"the game is not over yet ({self.describe()})")
        return build_results(self)

    def resample(self, seat: int | None, rng: Any) -> State:
        """A state `seat` cannot tell apart from this one: every face-down thing
        it cannot see is dealt again at random (`registry.REDEALS`: the LIFE
        tiles, which nobody sees, the owner included; the other seats' Share
        the Wealth cards), keeping how many each place holds. Bots that search
        use this to determinize (OpenSpiel's resample_from_infostate); `rng` is
        a `Stream`. The result keeps no history (a starting point for rollouts).
        """
        d = Draft.of(self)
        for redeal in REDEALS.values():
            redeal(d, self, seat, rng)
        s = d.freeze(None, self._n)
        s.events = self.events
        return s

    def __repr__(self) -> str:
        return f"<State {self.rules.id} move {self._n}: {self.describe()}>"

    def __iter__(self) -> Iterator[Player]:
        return iter(self.players)


class Draft(Board):
    """The state under construction during one step: lists where the State has
    tuples, players copied on first write, events collected as they happen.
    Only the engine's rule modules see a Draft; `freeze` turns it into the
    next State."""

    __slots__ = ()

    players: list[Player]
    tasks: list[Task]
    events: list[ev.Event]
    fresh: set[int]

    @staticmethod
    def of(s: State) -> Draft:
        """A draft of `s`: the same holdings, with lists to change."""
        d = Draft.__new__(Draft)
        d.rules = s.rules
        d.t = s.t
        d.names = s.names
        d.players = list(s.players)
        d.bank = s.bank
        d.tile_pile = s.tile_pile
        d.estates = s.estates
        d.career_deck = s.career_deck
        d.salary_deck = s.salary_deck
        d.house_deck = s.house_deck
        d.stock_deck = s.stock_deck
        d.turn = s.turn
        d.turn_number = s.turn_number
        d.tasks = list(s.tasks)
        d.offer = s.offer
        d.salary_offer = s.salary_offer
        d.wealth_pile = s.wealth_pile
        d.bets = s.bets
        d.owners = s.owners
        d.lucky = s.lucky
        d.last_spin = s.last_spin
        d.tycoon = s.tycoon
        d.retired_count = s.retired_count
        d.fresh = set()
        d.events = []
        return d

    def freeze(self, hist: Any, n: int) -> State:
        """The State this draft has become. The draft itself becomes it (its
        lists turned to tuples): a step makes one object, not two; the draft
        is not used again."""
        b: Board = self
        b.players = tuple(self.players)
        b.tasks = tuple(self.tasks)
        b.events = tuple(self.events)
        b.fresh = None
        b._hist = hist
        b._n = n
        b.__class__ = State
        assert isinstance(b, State)
        return b

    # ------------------------------------------------------------ the stack

    def run(self) -> None:
        """Take every step that needs no input, until a decision or a chance
        node does (or the game ends)."""
        stack = self.tasks
        rules = TASKS
        while stack:
            top = stack[-1]
            rule = rules[type(top)]
            if rule.waits:
                # Decisions with nothing to decide and chance nodes with
                # nothing to draw resolve themselves, so nobody is asked a
                # non-question.
                auto = rule.auto
                if auto is None or not auto(self, top):
                    return
                continue
            stack.pop()
            rule.resolve(self, top, None)

    def push(self, *tasks: Task) -> None:
        """Push tasks to run in the order given (the first runs first)."""
        self.tasks.extend(reversed(tasks))

    def pop(self) -> Task:
        return self.tasks.pop()

    def p(self, seat: int) -> Player:
        """The seat's player, copied once per step so the old state is untouched."""
        if seat in self.fresh:
            return self.players[seat]
        p = self.players[seat].clone()
        self.players[seat] = p
        self.fresh.add(seat)
        return p

    # ------------------------------------------------------------ money

    def transfer(self, payer: int, payee: int, amount: int, reason: str) -> None:
        """Move money; a player still on the road who cannot pay borrows first."""
        if amount <= 0 or payer == payee:
            return
        if payer == BANK:
            self.bank -= amount
        else:
            p = self.p(payer)
            if p.cash < amount and not p.retired:
                self.borrow(payer, -(-(amount - p.cash) // self.rules.loan_amount))
            p.cash -= amount
        if payee == BANK:
            self.bank += amount
        else:
            self.p(payee).cash += amount
        self.events.append(ev.Transfer(payer, payee, amount, reason))

    def borrow(self, seat: int, notes: int) -> None:
        p = self.p(seat)
        amount = notes * self.rules.loan_amount
        p.loans += notes
        p.cash += amount
        self.bank -= amount
        self.events.append(ev.Borrowed(seat, notes, amount))

    def repay(self, seat: int, notes: int, settle: bool = False) -> None:
        """Repay notes at the payback price. A retiree's repayment, or one
        that `settle`s debts for the final count (1960's Day of Reckoning,
        the end of the game), shows under loans in the results."""
        p = self.p(seat)
        amount = notes * self.rules.loan_payback
        p.loans -= notes
        p.cash -= amount
        self.bank += amount
        p.loans_repaid += amount if p.retired or settle else 0
        self.events.append(ev.Repaid(seat, notes, amount))

    def pay(self, seat: int, amount: int, payee_career: int, reason: str) -> None:
        """Pay the bank, or the holder of a career (never yourself)."""
        payee = BANK if payee_career < 0 else self.holder(payee_career)
        if payee == seat:
            return  # the holder pays nothing on their own career's space
        self.transfer(seat, payee, amount, reason)

    # ------------------------------------------------------------ tiles and cards

    def give_tile(self, seat: int, tile: int, source: str) -> None:
        p = self.p(seat)
        p.tiles = (*p.tiles, tile)
        self.events.append(ev.TileTaken(seat, source))

    def steal_or_nothing(self, seat: int) -> None:
        """The pile is empty: take a tile from another player, if anyone has one."""
        victims = self.victims(seat)
        if len(victims) == 1:
            self.push(StealTile(seat, victims[0]))
        elif victims:
            self.push(StealFrom(seat))

    def return_job(self, seat: int) -> None:
        """The seat's career cards and salary card go back to their decks."""
        p = self.p(seat)
        p.raises = 0
        for attr in ("career", "career2"):
            c = getattr(p, attr)
            if c >= 0:
                self.career_deck = tuple(sorted((*self.career_deck, c)))
                setattr(p, attr, -1)
        if p.salary >= 0:
            self.salary_deck = tuple(sorted((*self.salary_deck, p.salary)))
            p.salary = -1

    def take_salary_card(self, seat: int, salary: int) -> None:
        """Take a specific salary card: from the deck, or by swapping with its holder."""
        p = self.p(seat)
        if p.salary == salary:
            return
        holder = next((i for i, q in enumerate(self.players) if q.salary == salary), -1)
        if holder >= 0:
            self.p(holder).salary = p.salary
            p.salary = salary
            self.events.append(ev.SalaryTraded(seat, holder))
            return
        if p.salary >= 0:
            self.salary_deck = tuple(sorted((*self.salary_deck, p.salary)))
        self.salary_deck = tuple(i for i in self.salary_deck if i != salary)
        p.salary = salary
        r = self.rules
        self.events.append(ev.SalaryTaken(seat, r.salary_ids[salary], r.salary_amounts[salary]))
