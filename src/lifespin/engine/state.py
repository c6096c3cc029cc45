"""The rules engine: a pure state machine over one Ruleset.

A State is a value. `apply` returns a new State and never changes the old one;
nothing here reads files, prints, sleeps or touches a global random generator.
Every spin and every draw is a chance node: `current_player` is CHANCE and
`chance_outcomes()` lists the equally likely outcomes, which a driver picks.

How a turn runs. The state keeps a stack of pending tasks. `apply` hands the
action to the task on top (a decision or a chance node), then runs automatic
tasks (moving, landing, paying, ending the turn) until the next task needs an
input. Turn advance, the finished game and skipped turns are decided in one
place: `_end_turn`.
"""

from __future__ import annotations

from collections.abc import Iterator
from fractions import Fraction
from typing import Any

from ..errors import GameOverError, IllegalActionError, InvalidActionError
from . import events as ev
from . import ruleset as R
from .actions import Action
from .ruleset import Ruleset

__all__ = ["CHANCE", "TERMINAL", "Player", "State"]

CHANCE = -1
"""`current_player` at a chance node."""
TERMINAL = -2
"""`current_player` once the game is over."""

BANK = ev.BANK
NOT_RETIRED, ESTATES, COUNTRYSIDE, POOR_FARM, ACRES = 0, 1, 2, 3, 4
RETIRE_NAMES = {ESTATES: "estates", COUNTRYSIDE: "countryside", POOR_FARM: "poor_farm",
                ACRES: "acres"}

# Task opcodes. A task is a tuple (op, seat, a, b).
(
    T_TURN,  # decision: start choice or the before-spin menu
    T_SPIN,  # chance: the wheel; a = purpose, b = purpose argument
    T_MOVE,  # auto: a = steps left, b = chosen branch space index or -1
    T_BRANCH,  # decision: a = steps left
    T_LAND,  # auto: the space the car is on
    T_DRAW_TILE,  # chance: from the pile (auto-falls to stealing)
    T_STEAL_FROM,  # decision: whose tile to take
    T_STEAL_TILE,  # chance: a = victim
    T_DEAL,  # chance: a = deck, b = cards still to deal
    T_CHOOSE_CAREER,  # decision: a = mode
    T_CHOOSE_SALARY,  # decision
    T_BUY_HOUSE,  # decision
    T_SELL_HOUSE,  # decision
    T_NIGHT_SCHOOL,  # decision: a = space index
    T_TRADE_SALARY,  # decision
    T_FREE_STOCK,  # decision
    T_RETURN_STOCK,  # decision
    T_RETIRE_WHERE,  # decision
    T_BONUS_TILES,  # chance: a = tiles still to draw
    T_END_TURN,  # auto
    T_FINAL,  # auto
    T_ESTATES_DEAL,  # chance: a = tuple of seats still owed a tile
    T_BET,  # decision: a Spin to Win bet; a = seats still to bet (tuple), b = boost tokens
    T_SUE,  # decision: whom to sue; a = amount
    T_EXEMPT,  # decision: play an exemption? a = (kind, other seat, amount)
    T_PLAY_COLLECT,  # decision: play a collect card on seat a's collect of b
    T_PLAY_PAY,  # decision: play a pay card against someone; a = amount
    T_WEALTH_DRAW,  # chance: a Share the Wealth card; a = cards still to draw
    T_OFFER,  # decision: buy the offered insurance/stock? a = space index
    T_GAMBLE,  # decision: keep / gamble / skip; a = space index
    T_REVENGE,  # decision: whom to take from or send back; a = space index
    T_TYCOON,  # decision: Millionaire Acres or the Tycoon gamble on a number
    T_LUCKY,  # decision: the first arrival's lucky number; a = fine
) = range(33)

_TASK_NAMES = (
    "turn", "spin", "move", "branch", "land", "draw_tile", "steal_from", "steal_tile", "deal",
    "choose_career", "choose_salary", "buy_house", "sell_house", "night_school", "trade_salary",
    "free_stock", "return_stock", "retire_where", "bonus_tiles", "end_turn", "final",
    "estates_deal", "bet", "sue", "exempt", "play_collect", "play_pay", "wealth_draw",
    "offer", "gamble", "revenge", "tycoon", "lucky",
)
_CHANCE_TASKS = frozenset({T_SPIN, T_DRAW_TILE, T_STEAL_TILE, T_DEAL, T_BONUS_TILES,
                           T_ESTATES_DEAL, T_WEALTH_DRAW})
_AUTO_TASKS = frozenset({T_MOVE, T_LAND, T_END_TURN, T_FINAL})

# Spin purposes
SPIN_MOVE, SPIN_HOUSE_SALE, SPIN_COLLECT, SPIN_GIFT, SPIN_TO_WIN, SPIN_GAMBLE, SPIN_TYCOON = (
    range(7)
)
_SPIN_PURPOSES = ("move", "house_sale", "collect", "gift", "spin_to_win", "gamble", "tycoon")
# Decks that are dealt
DECK_CAREER, DECK_SALARY, DECK_CAREER2, DECK_COLLEGE = 0, 1, 2, 3
# Career-choice modes
MODE_PICK, MODE_NIGHT_SCHOOL, MODE_GRADUATE = 0, 1, 2

_SKIP = Action("skip")

_SPIN = Action("spin")


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


_namespace: dict[str, Any] = {"new": object.__new__, "Player": Player}
exec(_fast_clone_source(), _namespace)  # straight-line attribute copies, ~3x faster
Player.clone = _namespace["clone"]  # type: ignore[method-assign]


def _new_player(start_cash: int) -> Player:
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


class _Tables:
    """Per-ruleset lookups and interned actions, shared by every state of a game."""

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
        self.buy_house = tuple(Action("buy_house", h.id) for h in r.houses)
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
        # Abilities by trigger: tuples of (career index, ability).
        self.by_trigger: dict[str, tuple[tuple[int, R.AbilitySpec], ...]] = {}
        for c in r.careers:
            for ab in c.abilities:
                self.by_trigger[ab.trigger] = (*self.by_trigger.get(ab.trigger, ()), (c.index, ab))
        self.spin_fines = self.by_trigger.get("spin_fine", ())
        self.misspin_fees = self.by_trigger.get("misspin_fee", ())
        self.double_spins = self.by_trigger.get("double_spin_salary", ())
        self.commissions = self.by_trigger.get("commission", ())
        self.salary_by_amount = {a: i for i, a in enumerate(r.salary_amounts)}
        self.stock_by_number = {n: i for i, n in enumerate(r.stock_numbers)}


def _arg(text: str) -> int | str:
    return int(text) if text.lstrip("-").isdigit() else text


def _tables(r: Ruleset) -> _Tables:
    t = r.cache.get("engine")
    if t is None:
        t = r.cache["engine"] = _Tables(r)
    return t


class State:
    """One moment of one game. Immutable to its users: `apply` returns a new State."""

    __slots__ = (
        "_ev",
        "_fresh",
        "_hist",
        "_n",
        "_retire_count",
        "_t",
        "bank",
        "bets",
        "career_deck",
        "estates",
        "events",
        "house_deck",
        "lucky",
        "names",
        "offer",
        "owners",
        "players",
        "rules",
        "salary_deck",
        "stock_deck",
        "tasks",
        "tile_pile",
        "turn",
        "turn_number",
        "tycoon",
        "wealth_pile",
    )

    rules: Ruleset
    names: tuple[str, ...]
    players: tuple[Player, ...]
    bank: int
    tile_pile: tuple[int, ...]
    estates: tuple[int, ...]
    career_deck: tuple[int, ...]
    salary_deck: tuple[int, ...]
    house_deck: tuple[int, ...]
    stock_deck: tuple[int, ...]
    turn: int
    turn_number: int
    tasks: tuple[tuple[Any, ...], ...]
    offer: tuple[int, ...]
    wealth_pile: tuple[int, ...]
    bets: tuple[tuple[int, int, int], ...]  # (seat, number, stake) for a Spin to Win
    owners: tuple[tuple[int, int], ...]  # (space index, seat): who owns a toll bridge
    lucky: tuple[int, int, int]  # (seat, number, fine) of the lucky number, seat -1: none
    tycoon: int  # the seat that won as Tycoon, or -1
    events: tuple[ev.Event, ...]
    _hist: Any
    _n: int
    _t: _Tables
    _fresh: Any
    _ev: Any
    _retire_count: int

    # ------------------------------------------------------------------ set-up

    @classmethod
    def initial(cls, rules: Ruleset, names: tuple[str, ...]) -> State:
        """The state before anything has happened (use `lifespin.new_game`)."""
        if not rules.min_players <= len(names) <= rules.max_players and len(names) != 1:
            raise ValueError(
                f"{rules.id} is for {rules.min_players} to {rules.max_players} players "
                f"(or 1 for analysis), not {len(names)}"
            )
        s = cls.__new__(cls)
        s.rules = rules
        s._t = _tables(rules)
        s.names = names
        s.players = tuple(_new_player(rules.start_cash) for _ in names)
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
        s.wealth_pile = tuple(range(len(rules.wealth_cards)))
        s.bets = ()
        s.owners = ()
        s.lucky = (-1, 0, 0)
        s.tycoon = -1
        s._hist = None
        s._n = 0
        s._retire_count = 0
        stack: list[tuple[Any, ...]] = [(T_TURN, 0, 0, 0)]
        # Share the Wealth hands are dealt face down, seat 0 first.
        if rules.wealth_hand:
            stack.extend((T_WEALTH_DRAW, seat, rules.wealth_hand, 0)
                         for seat in reversed(range(len(names))))
        # The estates' tiles are dealt face down before the first turn.
        if rules.estates_tiles:
            stack.append((T_BONUS_TILES, -2, rules.estates_tiles, 0))
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
        return CHANCE if top[0] in _CHANCE_TASKS else int(top[1])

    @property
    def is_terminal(self) -> bool:
        return not self.tasks

    @property
    def is_chance_node(self) -> bool:
        return bool(self.tasks) and self.tasks[-1][0] in _CHANCE_TASKS

    @property
    def phase(self) -> str:
        """What the game is waiting for, e.g. ``"turn"``, ``"spin"``, ``"branch"``."""
        return _TASK_NAMES[self.tasks[-1][0]] if self.tasks else "over"

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
        op = top[0]
        if op in _CHANCE_TASKS:
            return []
        return _DECISIONS[op](self, top)

    def chance_outcomes(self) -> list[Action]:
        """At a chance node, the equally likely outcomes (a multiset); else empty."""
        if not self.tasks:
            return []
        top = self.tasks[-1]
        op = top[0]
        t = self._t
        if op == T_SPIN:
            return list(t.spin_outcomes)
        if op in (T_DRAW_TILE, T_BONUS_TILES):
            return [t.tile_actions[i] for i in self.tile_pile]
        if op == T_ESTATES_DEAL:
            return [t.take_actions[i] for i in self.estates]
        if op == T_WEALTH_DRAW:
            return [t.wealth_actions[i] for i in self.wealth_pile]
        if op == T_STEAL_TILE:
            return [t.take_actions[i] for i in self.players[top[2]].tiles]
        if op == T_DEAL:
            deck = top[2]
            if deck == DECK_SALARY:
                return [t.deal_salary[i] for i in self.salary_deck]
            return [t.deal_career[i] for i in self._eligible_careers(top[1], deck)]
        return []

    def chance_probabilities(self) -> list[tuple[Action, Fraction]]:
        """The chance outcomes merged, with their exact odds."""
        outs = self.chance_outcomes()
        counts: dict[Action, int] = {}
        for a in outs:
            counts[a] = counts.get(a, 0) + 1
        return [(a, Fraction(c, len(outs))) for a, c in counts.items()]

    def _eligible_careers(self, seat: int, deck: int) -> list[int]:
        r = self.rules
        if deck == DECK_CAREER and not self.players[seat].degree:
            return [i for i in self.career_deck if not r.careers[i].degree]
        if deck == DECK_COLLEGE:
            return [i for i in self.career_deck if r.careers[i].degree]
        return list(self.career_deck)

    # --------------------------------------------------------------- the doors

    def apply(self, action: Action) -> State:
        """The trusted, fast door: applies `action` without checking it is legal.

        For bots and simulators that take actions from `legal_actions()` or
        `chance_outcomes()`. An action that is not legal may raise anything or
        give a nonsense state; use `play` for input from people.
        """
        if not self.tasks:
            raise GameOverError(f"the game is over; {action} cannot be played")
        s = self._spawn()
        top = s._pop()
        _HANDLERS[top[0]](s, top, action)
        s._run()
        s._hist = (action, self._hist)
        s._n = self._n + 1
        s._freeze()
        return s

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
        op = top[0]
        if op in _CHANCE_TASKS:
            what = {T_SPIN: "the wheel", T_DEAL: "a card to be dealt"}.get(op, "a LIFE tile draw")
            name = self.names[self.turn]
            return f"waiting for {what} (chance), turn of seat {self.turn} {name!r}"
        seat = top[1]
        where = self.players[seat].space
        at = f" on space {self.rules.spaces[where].id}" if where >= 0 else ""
        return f"seat {seat} {self.names[seat]!r} to choose ({_TASK_NAMES[op]}){at}"

    # --------------------------------------------------------- internal steps

    def _spawn(self) -> State:
        s = State.__new__(State)
        s.rules = self.rules
        s._t = self._t
        s.names = self.names
        s.players = list(self.players)  # type: ignore[assignment]
        s.bank = self.bank
        s.tile_pile = self.tile_pile
        s.estates = self.estates
        s.career_deck = self.career_deck
        s.salary_deck = self.salary_deck
        s.house_deck = self.house_deck
        s.stock_deck = self.stock_deck
        s.turn = self.turn
        s.turn_number = self.turn_number
        s.tasks = list(self.tasks)  # type: ignore[assignment]
        s.offer = self.offer
        s.wealth_pile = self.wealth_pile
        s.bets = self.bets
        s.owners = self.owners
        s.lucky = self.lucky
        s.tycoon = self.tycoon
        s._retire_count = self._retire_count
        s._fresh = set()
        s._ev = []
        return s

    def _freeze(self) -> None:
        self.players = tuple(self.players)
        self.tasks = tuple(self.tasks)
        self.events = tuple(self._ev)
        self._fresh = None
        self._ev = None

    def _pop(self) -> tuple[Any, ...]:
        return self.tasks.pop()  # type: ignore[attr-defined, no-any-return]

    def _push(self, *tasks: tuple[Any, ...]) -> None:
        """Push tasks to run in the order given (the first runs first)."""
        stack: list[tuple[Any, ...]] = self.tasks  # type: ignore[assignment]
        stack.extend(reversed(tasks))

    def _p(self, seat: int) -> Player:
        """The seat's player, copied once per step so the old state is untouched."""
        if seat in self._fresh:
            return self.players[seat]
        p = self.players[seat].clone()
        self.players[seat] = p  # type: ignore[index]
        self._fresh.add(seat)
        return p

    def _run(self) -> None:
        stack: list[tuple[Any, ...]] = self.tasks  # type: ignore[assignment]
        while stack:
            top = stack[-1]
            op = top[0]
            if op not in _AUTO_TASKS:
                # Decisions with nothing to decide and chance nodes with one
                # outcome resolve here, so nobody is asked a non-question.
                if op in _CHANCE_TASKS:
                    if op == T_DRAW_TILE and not self.tile_pile:
                        stack.pop()
                        self._steal_or_nothing(top[1])
                        continue
                    if op == T_WEALTH_DRAW and not self.wealth_pile:
                        stack.pop()
                        continue
                    if op == T_BONUS_TILES and not self.tile_pile:
                        stack.pop()
                        continue
                    if op == T_DEAL and not self.chance_outcomes():
                        stack.pop()
                        continue
                    return
                auto = _AUTO_RESOLVE.get(op)
                if auto is None or not auto(self, top):
                    return
                continue
            stack.pop()
            _HANDLERS[op](self, top, None)

    # ------------------------------------------------------------ money

    def _transfer(self, payer: int, payee: int, amount: int, reason: str) -> None:
        if amount <= 0 or payer == payee:
            return
        if payer == BANK:
            self.bank -= amount
        else:
            p = self._p(payer)
            if p.cash < amount and not p.retired:
                self._borrow(payer, -(-(amount - p.cash) // self.rules.loan_amount))
            p.cash -= amount
        if payee == BANK:
            self.bank += amount
        else:
            self._p(payee).cash += amount
        self._ev.append(ev.Transfer(payer, payee, amount, reason))

    def _borrow(self, seat: int, notes: int) -> None:
        p = self._p(seat)
        amount = notes * self.rules.loan_amount
        p.loans += notes
        p.cash += amount
        self.bank -= amount
        self._ev.append(ev.Borrowed(seat, notes, amount))

    def _repay(self, seat: int, notes: int) -> None:
        p = self._p(seat)
        amount = notes * self.rules.loan_payback
        p.loans -= notes
        p.cash -= amount
        self.bank += amount
        p.loans_repaid += amount if p.retired else 0
        self._ev.append(ev.Repaid(seat, notes, amount))

    def _holder(self, career: int) -> int:
        """The seat holding this career as its main career, or BANK."""
        for seat, p in enumerate(self.players):
            if p.career == career:
                return seat
        return BANK

    def _pay(self, seat: int, amount: int, payee_career: int, reason: str) -> None:
        payee = BANK if payee_career < 0 else self._holder(payee_career)
        if payee == seat:
            return  # the holder pays nothing on their own career's space
        self._transfer(seat, payee, amount, reason)

    # ------------------------------------------------------------ tiles and cards

    def _give_tile(self, seat: int, tile: int, source: str) -> None:
        p = self._p(seat)
        p.tiles = (*p.tiles, tile)
        self._ev.append(ev.TileTaken(seat, source))

    def _steal_or_nothing(self, seat: int) -> None:
        victims = self._victims(seat)
        if len(victims) == 1:
            self._push((T_STEAL_TILE, seat, victims[0], 0))
        elif victims:
            self._push((T_STEAL_FROM, seat, 0, 0))

    def _victims(self, seat: int) -> list[int]:
        return [
            i for i, q in enumerate(self.players)
            if i != seat and q.tiles and q.retired != COUNTRYSIDE
        ]

    def _return_job(self, seat: int) -> None:
        p = self._p(seat)
        p.raises = 0
        for attr in ("career", "career2"):
            c = getattr(p, attr)
            if c >= 0:
                self.career_deck = tuple(sorted((*self.career_deck, c)))
                setattr(p, attr, -1)
        if p.salary >= 0:
            self.salary_deck = tuple(sorted((*self.salary_deck, p.salary)))
            p.salary = -1

    def _take_salary_card(self, seat: int, salary: int) -> None:
        """Take a specific salary card: from the deck, or by swapping with its holder."""
        p = self._p(seat)
        if p.salary == salary:
            return
        holder = next((i for i, q in enumerate(self.players) if q.salary == salary), -1)
        if holder >= 0:
            self._p(holder).salary = p.salary
            p.salary = salary
            self._ev.append(ev.SalaryTraded(seat, holder))
            return
        if p.salary >= 0:
            self.salary_deck = tuple(sorted((*self.salary_deck, p.salary)))
        self.salary_deck = tuple(i for i in self.salary_deck if i != salary)
        p.salary = salary
        r = self.rules
        self._ev.append(ev.SalaryTaken(seat, r.salary_ids[salary], r.salary_amounts[salary]))

    # ------------------------------------------------------------ spins

    def _after_spin(self, seat: int, value: int) -> None:
        """Everything any spin triggers: stock payouts and career abilities."""
        r = self.rules
        t = self._t
        players = self.players
        if value:
            stock = t.stock_by_number.get(value)
            if stock is not None:
                for i, q in enumerate(players):
                    if stock in q.stocks:
                        self._transfer(BANK, i, r.stock_payout, "stock")
                        break
            for career, ab in t.spin_fines:
                if ab.number == value:
                    for i, q in enumerate(players):
                        if i != seat and (q.career == career or q.career2 == career):
                            self._transfer(seat, i, ab.amount, "spin_fine")
            for career, ab in t.double_spins:
                q = players[seat]
                if (
                    (q.career == career or q.career2 == career)
                    and value in ab.numbers
                    and q.last_spin == value
                ):
                    target = t.salary_by_amount[ab.salary]
                    self._take_salary_card(seat, target)
                    self._p(seat).last_spin = -1
                    return
        else:
            for career, ab in t.misspin_fees:
                for i, q in enumerate(players):
                    if q.career == career or q.career2 == career:
                        if i != seat:
                            self._transfer(seat, i, ab.amount, "misspin")
                        elif ab.own_spin:
                            self._transfer(BANK, i, ab.amount, "misspin")
        if self.lucky[0] >= 0:
            lucky_seat, lucky_number, fine = self.lucky
            if value == lucky_number and seat != lucky_seat:
                self._transfer(seat, lucky_seat, fine, "lucky_number")
        p = self._p(seat)
        p.last_spin = value

    def _leading(self, seat: int) -> bool:
        mine = self.rules.spaces[self.players[seat].space].to_retire
        for i, q in enumerate(self.players):
            if i == seat:
                continue
            if q.retired or (q.space >= 0 and self.rules.spaces[q.space].to_retire < mine):
                return False
        return True

    def _occupied(self, seat: int, space: int) -> bool:
        for i, q in enumerate(self.players):
            if i != seat and q.space == space and not q.retired:
                return True
        return False

    # ------------------------------------------------------------ views and results

    def view(self, seat: int | None = None) -> dict[str, Any]:
        """What `seat` may see (None: a spectator), JSON-ready.

        Nobody, the owner included, sees a LIFE tile's value before the final
        count; no view holds deck order, the seed or the stream position.
        """
        from .view import build_view

        return build_view(self, seat)

    def results(self) -> list[dict[str, Any]]:
        """Standings with each worth broken down; ties share a rank.

        Raises:
            IllegalActionError: the game is not over.
        """
        from .view import build_results

        if self.tasks:
            raise IllegalActionError(f"the game is not over yet ({self.describe()})")
        return build_results(self)

    def resample(self, seat: int | None, rng: Any) -> State:
        """A state `seat` cannot tell apart from this one: every face-down LIFE
        tile (in the pile, at the estates, in any player's hand, the seat's own
        included, since nobody sees their own values) is dealt again at random,
        keeping how many each place holds. Bots that search use this to
        determinize (OpenSpiel's resample_from_infostate); `rng` is a `Stream`.
        The result keeps no history (it is a starting point for rollouts).
        """
        s = self._spawn()
        hidden = list(self.tile_pile) + list(self.estates)
        for p in self.players:
            hidden.extend(p.tiles)
        # Sorted first, so the same information gives the same deal; then
        # Fisher-Yates with the portable stream.
        hidden.sort()
        for i in range(len(hidden) - 1, 0, -1):
            j = rng.next_u64() % (i + 1)
            hidden[i], hidden[j] = hidden[j], hidden[i]
        k = len(self.tile_pile)
        s.tile_pile = tuple(sorted(hidden[:k]))
        s.estates = tuple(hidden[k:k + len(self.estates)])
        k += len(self.estates)
        for i, p in enumerate(self.players):
            if p.tiles:
                q = s._p(i)
                n = len(p.tiles)
                q.tiles = tuple(hidden[k:k + n])
                bonus = len(p.bonus_tiles)
                q.bonus_tiles = q.tiles[n - bonus:] if bonus else ()
                k += n
        # Share the Wealth cards: the seat knows its own hand; the others' hands
        # and the pile are dealt again.
        cards = list(self.wealth_pile)
        for i, p in enumerate(self.players):
            if i != seat:
                cards.extend(p.hand)
        cards.sort()
        for i in range(len(cards) - 1, 0, -1):
            j = rng.next_u64() % (i + 1)
            cards[i], cards[j] = cards[j], cards[i]
        k = len(self.wealth_pile)
        s.wealth_pile = tuple(sorted(cards[:k]))
        for i, p in enumerate(self.players):
            if i != seat and p.hand:
                s._p(i).hand = tuple(cards[k:k + len(p.hand)])
                k += len(p.hand)
        s._hist = None
        s._n = self._n
        s._freeze()
        s.events = self.events
        return s

    def worth(self, seat: int) -> int:
        """Cash plus the face value of the seat's LIFE tiles (what the final count adds)."""
        p = self.players[seat]
        return p.cash + sum(self.rules.tile_values[i] for i in p.tiles)

    def __repr__(self) -> str:
        return f"<State {self.rules.id} move {self._n}: {self.describe()}>"

    def __iter__(self) -> Iterator[Player]:
        return iter(self.players)


# ---------------------------------------------------------------- decisions


def _d_turn(s: State, top: tuple[Any, ...]) -> list[Action]:
    seat = top[1]
    p = s.players[seat]
    t = s._t
    r = s.rules
    if p.space < 0:
        return list(t.start)
    out = [_SPIN]
    if not p.stocks and p.cash >= r.stock_price:
        out.extend(t.buy_stock[i] for i in s.stock_deck)
    if not p.auto and p.cash >= r.auto_insurance_price and r.auto_insurance_price:
        out.append(_BUY_AUTO)
    if p.house >= 0 and not p.home and 0 < r.houses[p.house].insurance <= p.cash:
        out.append(_BUY_HOME)
    if p.loans and p.cash >= r.loan_payback:
        out.append(_REPAY)
    for c in (p.career, p.career2):
        if c < 0:
            continue
        for ab in r.careers[c].abilities:
            if (
                ab.trigger == "tiles_for_salary"
                and len(p.tiles) >= ab.tiles
                and (p.salary < 0 or r.salary_amounts[p.salary] != ab.salary)
            ):
                out.append(_TRADE_TILES)
            elif (
                ab.trigger == "second_career"
                and p.career2 < 0
                and c == p.career
                and s.career_deck
                and all(q.career >= 0 or q.retired for q in s.players)
            ):
                out.append(_SECOND_CAREER)
    return out


_BUY_AUTO = Action("buy_insurance", "auto")
_BUY_HOME = Action("buy_insurance", "home")
_REPAY = Action("repay_loan")
_TRADE_TILES = Action("trade_tiles")
_SECOND_CAREER = Action("second_career")
_KEEP_CAREER = Action("keep_career")
_SELL_HOUSE = Action("sell_house")
_NIGHT_SCHOOL = Action("night_school")
_RETIRE = (Action("retire", "estates"), Action("retire", "countryside"))


def _d_branch(s: State, top: tuple[Any, ...]) -> list[Action]:
    here = s.players[top[1]].space
    return [s._t.branch[i] for i in s.rules.spaces[here].next]


def _d_steal_from(s: State, top: tuple[Any, ...]) -> list[Action]:
    return [Action("take_from", i) for i in s._victims(top[1])]


def _d_choose_career(s: State, top: tuple[Any, ...]) -> list[Action]:
    out = [s._t.choose_career[i] for i in s.offer]
    if top[2] == MODE_NIGHT_SCHOOL:
        out.append(_KEEP_CAREER)
    elif top[2] == MODE_GRADUATE:
        out.append(_TAKE_RAISE)
    return out


def _d_choose_salary(s: State, top: tuple[Any, ...]) -> list[Action]:
    return [s._t.choose_salary[i] for i in s.offer]


def _d_buy_house(s: State, top: tuple[Any, ...]) -> list[Action]:
    return [s._t.buy_house[i] for i in _houses_for_sale(s, top[2])] + [_SKIP]


def _houses_for_sale(s: State, deck: int) -> list[int]:
    if deck < 0:
        return list(s.house_deck)
    houses = s.rules.houses
    return [i for i in s.house_deck if houses[i].deck == deck]


def _d_sell_house(s: State, top: tuple[Any, ...]) -> list[Action]:
    return [_SELL_HOUSE, _SKIP]


def _d_night_school(s: State, top: tuple[Any, ...]) -> list[Action]:
    return [_NIGHT_SCHOOL, _SKIP]


def _d_trade_salary(s: State, top: tuple[Any, ...]) -> list[Action]:
    seat = top[1]
    return [
        Action("trade_salary", i)
        for i, q in enumerate(s.players)
        if i != seat and q.salary >= 0 and not q.retired
    ] + [_SKIP]


def _d_free_stock(s: State, top: tuple[Any, ...]) -> list[Action]:
    return [s._t.free_stock[i] for i in s.stock_deck]


def _d_return_stock(s: State, top: tuple[Any, ...]) -> list[Action]:
    return [s._t.return_stock[i] for i in s.players[top[1]].stocks]


def _d_retire_where(s: State, top: tuple[Any, ...]) -> list[Action]:
    return list(_RETIRE)


_PLAY_EXEMPTION = Action("play_card", "exemption")
_PLAY_COLLECT = Action("play_card", "collect")
_PLAY_BOOST = Action("play_card", "boost")
_TAKE_RAISE = Action("take_raise")


def _bet_numbers(s: State) -> list[int]:
    taken = {b[1] for b in s.bets}
    return [n for n in range(1, s.rules.spinner + 1) if n not in taken]


def _stake_of(s: State, seat: int) -> int:
    return next((b[2] for b in s.bets if b[0] == seat), 0)


def _d_bet(s: State, top: tuple[Any, ...]) -> list[Action]:
    seat, mode = top[1], top[3]
    numbers = _bet_numbers(s)
    if mode == -1:  # may play a boost card for extra tokens
        return [_PLAY_BOOST, _SKIP]
    if mode > 0:  # placing boost tokens at the same stake
        return [Action("token", n) for n in numbers] + [_SKIP]
    sp = s.rules.spaces[top[2][1]]
    cash = s.players[seat].cash
    stakes = range(sp.bet_step, min(sp.max_bet, cash) + 1, sp.bet_step)
    return [Action("bet", f"{n}-{stake}") for n in numbers for stake in stakes] + [_SKIP]


def _d_sue(s: State, top: tuple[Any, ...]) -> list[Action]:
    return [Action("sue", i) for i in _others(s, top[1])]


def _d_exempt(s: State, top: tuple[Any, ...]) -> list[Action]:
    return [_PLAY_EXEMPTION, _SKIP]


def _d_play_collect(s: State, top: tuple[Any, ...]) -> list[Action]:
    return [_PLAY_COLLECT, _SKIP]


def _d_play_pay(s: State, top: tuple[Any, ...]) -> list[Action]:
    return [Action("pay_card", i) for i in _others(s, top[1])] + [_SKIP]


_KEEP = Action("keep")
_GAMBLE_ACTION = Action("gamble")
_ACRES = Action("acres")


def _d_offer(s: State, top: tuple[Any, ...]) -> list[Action]:
    kind = s.rules.spaces[top[2]].kind
    return [Action("buy_policy", kind), _SKIP]


def _d_gamble(s: State, top: tuple[Any, ...]) -> list[Action]:
    sp = s.rules.spaces[top[2]]
    return [_KEEP, _GAMBLE_ACTION] if sp.sure else [_GAMBLE_ACTION, _SKIP]


def _d_revenge(s: State, top: tuple[Any, ...]) -> list[Action]:
    seat = top[1]
    sp = s.rules.spaces[top[2]]
    others = _others(s, seat)
    take = [Action("take_money", i) for i in others if s.players[i].cash >= sp.amount]
    back = [Action("send_back", i) for i in others if s.players[i].space >= 0]
    return take + back


def _d_tycoon(s: State, top: tuple[Any, ...]) -> list[Action]:
    return [_ACRES] + [Action("tycoon", n) for n in range(1, s.rules.spinner + 1)]


def _d_lucky(s: State, top: tuple[Any, ...]) -> list[Action]:
    return [Action("lucky", n) for n in range(1, s.rules.spinner + 1)]


_DECISIONS = {
    T_TURN: _d_turn,
    T_BRANCH: _d_branch,
    T_STEAL_FROM: _d_steal_from,
    T_CHOOSE_CAREER: _d_choose_career,
    T_CHOOSE_SALARY: _d_choose_salary,
    T_BUY_HOUSE: _d_buy_house,
    T_SELL_HOUSE: _d_sell_house,
    T_NIGHT_SCHOOL: _d_night_school,
    T_TRADE_SALARY: _d_trade_salary,
    T_FREE_STOCK: _d_free_stock,
    T_RETURN_STOCK: _d_return_stock,
    T_RETIRE_WHERE: _d_retire_where,
    T_BET: _d_bet,
    T_SUE: _d_sue,
    T_EXEMPT: _d_exempt,
    T_PLAY_COLLECT: _d_play_collect,
    T_PLAY_PAY: _d_play_pay,
    T_OFFER: _d_offer,
    T_GAMBLE: _d_gamble,
    T_REVENGE: _d_revenge,
    T_TYCOON: _d_tycoon,
    T_LUCKY: _d_lucky,
}


# Decisions that resolve themselves when there is nothing to choose: each
# returns True when it did (and popped its task).
def _auto_choose_career(s: State, top: tuple[Any, ...]) -> bool:
    if top[2] == MODE_PICK and len(s.offer) == 1:
        s._pop()
        _h_choose_career(s, top, s._t.choose_career[s.offer[0]])
        return True
    if not s.offer and top[2] != MODE_GRADUATE:
        s._pop()
        return True
    return False


def _auto_choose_salary(s: State, top: tuple[Any, ...]) -> bool:
    if len(s.offer) == 1:
        s._pop()
        _h_choose_salary(s, top, s._t.choose_salary[s.offer[0]])
        return True
    if not s.offer:
        s._pop()
        return True
    return False


def _auto_buy_house(s: State, top: tuple[Any, ...]) -> bool:
    if s.players[top[1]].house >= 0 or not _houses_for_sale(s, top[2]):
        s._pop()
        return True
    return False


def _auto_free_stock(s: State, top: tuple[Any, ...]) -> bool:
    p = s.players[top[1]]
    if not s.stock_deck or len(p.stocks) >= s.rules.max_stocks:
        s._pop()
        return True
    return False


def _auto_return_stock(s: State, top: tuple[Any, ...]) -> bool:
    p = s.players[top[1]]
    if len(p.stocks) > 1:
        return False
    s._pop()
    if p.stocks:
        _h_return_stock(s, top, s._t.return_stock[p.stocks[0]])
    return True


def _auto_trade_salary(s: State, top: tuple[Any, ...]) -> bool:
    if s.players[top[1]].salary < 0 or len(_d_trade_salary(s, top)) == 1:
        s._pop()
        return True
    return False


def _auto_steal_from(s: State, top: tuple[Any, ...]) -> bool:
    if len(s._victims(top[1])) > 1:
        return False
    s._pop()
    s._steal_or_nothing(top[1])
    return True


def _auto_bet(s: State, top: tuple[Any, ...]) -> bool:
    seat, mode = top[1], top[3]
    sp = s.rules.spaces[top[2][1]]
    numbers = _bet_numbers(s)
    if mode == -1:
        stuck = not numbers or not _holds(s.players[seat], s.rules, "boost")
    elif mode > 0:
        stuck = not numbers
    else:
        stuck = not numbers or s.players[seat].cash < sp.bet_step
    if not stuck:
        return False
    s._pop()
    _next_bettor(s, top)
    return True


def _auto_exempt(s: State, top: tuple[Any, ...]) -> bool:
    if _holds(s.players[top[1]], s.rules, "exemption"):
        return False
    s._pop()
    _h_exempt(s, top, _SKIP)
    return True


def _auto_sue(s: State, top: tuple[Any, ...]) -> bool:
    others = _others(s, top[1])
    if len(others) > 1:
        return False
    s._pop()
    if others:
        _h_sue(s, top, Action("sue", others[0]))
    return True


def _auto_play_pay(s: State, top: tuple[Any, ...]) -> bool:
    if _others(s, top[1]) and _holds(s.players[top[1]], s.rules, "pay"):
        return False
    s._pop()
    return True


def _auto_play_collect(s: State, top: tuple[Any, ...]) -> bool:
    # A holder asked in turn may no longer hold a collect card (a resampled
    # hand): pass the moment on to the next holder.
    if _holds(s.players[top[1]], s.rules, "collect"):
        return False
    s._pop()
    _h_play_collect(s, top, _SKIP)
    return True


def _auto_revenge(s: State, top: tuple[Any, ...]) -> bool:
    if _d_revenge(s, top):
        return False
    s._pop()
    return True


_AUTO_RESOLVE = {
    T_CHOOSE_CAREER: _auto_choose_career,
    T_CHOOSE_SALARY: _auto_choose_salary,
    T_BUY_HOUSE: _auto_buy_house,
    T_FREE_STOCK: _auto_free_stock,
    T_RETURN_STOCK: _auto_return_stock,
    T_TRADE_SALARY: _auto_trade_salary,
    T_STEAL_FROM: _auto_steal_from,
    T_BET: _auto_bet,
    T_EXEMPT: _auto_exempt,
    T_SUE: _auto_sue,
    T_PLAY_PAY: _auto_play_pay,
    T_REVENGE: _auto_revenge,
    T_PLAY_COLLECT: _auto_play_collect,
}


# ---------------------------------------------------------------- handlers
# Each handler gets the state being built, the task it resolves, and the
# action (None for automatic tasks).


def _h_turn(s: State, top: tuple[Any, ...], a: Action | None) -> None:
    assert a is not None
    seat = top[1]
    r = s.rules
    kind = a.kind
    if kind == "spin":
        s._push((T_SPIN, seat, SPIN_MOVE, 0), (T_END_TURN, seat, 0, 0))
        return
    # Everything else keeps the player at the before-spin menu.
    s._push(top)
    if kind == "start":
        idx = s._t.start_index[str(a.arg)]
        sp = r.spaces[idx]
        p = s._p(seat)
        p.space = idx
        p.path = idx
        s._ev.append(ev.Started(seat, sp.id))
        if sp.borrow_notes:
            s._borrow(seat, sp.borrow_notes)
        if sp.draw_job:
            s._push(
                (T_DEAL, seat, DECK_CAREER, 1), (T_CHOOSE_CAREER, seat, MODE_PICK, 0),
                (T_DEAL, seat, DECK_SALARY, 1), (T_CHOOSE_SALARY, seat, 0, 0),
            )
    elif kind == "buy_stock":
        stock = s._t.stock_index[str(a.arg)]
        s._transfer(seat, BANK, r.stock_price, "buy_stock")
        _gain_stock(s, seat, stock, bought=True)
        _commission(s, seat)
    elif kind == "buy_insurance":
        p = s._p(seat)
        if a.arg == "auto":
            price = r.auto_insurance_price
            p.auto = True
        else:
            price = r.houses[p.house].insurance
            p.home = True
        s._transfer(seat, BANK, price, f"{a.arg}_insurance")
        s._ev.append(ev.InsuranceBought(seat, str(a.arg), price))
        _commission(s, seat)
    elif kind == "repay_loan":
        s._repay(seat, 1)
    elif kind == "trade_tiles":
        p = s._p(seat)
        ab = next(ab for c in (p.career, p.career2) if c >= 0
                  for ab in r.careers[c].abilities if ab.trigger == "tiles_for_salary")
        handed, p.tiles = p.tiles[: ab.tiles], p.tiles[ab.tiles:]
        s.tile_pile = tuple(sorted((*s.tile_pile, *handed)))
        s._ev.append(ev.TilesHandedIn(seat, ab.tiles))
        s._take_salary_card(seat, s._t.salary_by_amount[ab.salary])
    elif kind == "second_career":
        s._push((T_DEAL, seat, DECK_CAREER2, 1))
    else:  # pragma: no cover - apply() trusts its caller
        raise IllegalActionError(f"{a} is not a before-spin action")


def _gain_stock(s: State, seat: int, stock: int, bought: bool) -> None:
    p = s._p(seat)
    p.stocks = (*p.stocks, stock)
    s.stock_deck = tuple(i for i in s.stock_deck if i != stock)
    s._ev.append(ev.StockGained(seat, s.rules.stock_ids[stock], bought))


def _commission(s: State, buyer: int) -> None:
    for career, ab in s._t.commissions:
        for i, q in enumerate(s.players):
            if i != buyer and (q.career == career or q.career2 == career):
                s._transfer(BANK, i, ab.amount, "commission")


def _h_spin(s: State, top: tuple[Any, ...], a: Action | None) -> None:
    assert a is not None
    seat, purpose, arg = top[1], top[2], top[3]
    value = int(a.arg)  # type: ignore[arg-type]
    s._ev.append(ev.Spun(seat, value, _SPIN_PURPOSES[purpose]))
    s._after_spin(seat, value)
    if value == 0:  # the wheel missed the numbers: spin again
        s._push(top)
        return
    if purpose == SPIN_MOVE:
        s._push((T_MOVE, seat, value, -1))
    elif purpose == SPIN_HOUSE_SALE:
        _sell_house(s, seat, s.rules.houses[arg].resale[value - 1])
    elif purpose == SPIN_COLLECT:
        s._transfer(BANK, seat, arg * value, "collect_spin")
    elif purpose == SPIN_GIFT:
        for low, high, amount in s.rules.spaces[arg].gifts:
            if low <= value <= high:
                _gifts_from_all(s, seat, amount, "wedding_gift")
    elif purpose == SPIN_GAMBLE:
        for low, high, amount in s.rules.spaces[arg].outcomes:
            if low <= value <= high:
                if amount > 0:
                    s._transfer(BANK, seat, amount, "gamble")
                else:
                    s._transfer(seat, BANK, -amount, "gamble")
    elif purpose == SPIN_TYCOON:
        if value == arg:
            # The Tycoon's number came up: the game is won at once.
            s.tycoon = seat
            p = s._p(seat)
            p.retired = ACRES
            s._ev.append(ev.Retired(seat, "tycoon"))
            s.tasks.clear()  # type: ignore[attr-defined]
            _finish(s)
        else:
            p = s._p(seat)
            p.retired = POOR_FARM
            s._retire_count += 1
            s._ev.append(ev.Retired(seat, "poor_farm"))
    else:  # SPIN_TO_WIN
        multiplier = s.rules.spaces[arg].multiplier
        for bettor, number, stake in s.bets:
            if number == value:
                s._transfer(BANK, bettor, stake * multiplier, "spin_to_win")
        s.bets = ()


def _sell_house(s: State, seat: int, price: int) -> None:
    p = s._p(seat)
    house = s.rules.houses[p.house]
    s.house_deck = tuple(sorted((*s.house_deck, p.house)))
    p.house = -1
    p.home = False
    if p.retired:
        p.house_sale += price
    s._transfer(BANK, seat, price, "house_sale")
    s._ev.append(ev.HouseSold(seat, house.id, price))


def _h_move(s: State, top: tuple[Any, ...], a: Action | None) -> None:
    seat, steps, branch = top[1], top[2], top[3]
    r = s.rules
    spaces = r.spaces
    p = s._p(seat)
    pos = p.space
    path: list[str] = []
    occupied_rule = r.occupied_space_rule
    # The Moved event goes before what happened on the way (Pay Days passed).
    mark = len(s._ev)
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
                s._ev.insert(mark, ev.Moved(seat, tuple(path)))
            p.space = pos
            s._push((T_BRANCH, seat, steps, 0))
            return
        else:
            pos = nxt[0]
        steps -= 1
        sp = spaces[pos]
        path.append(sp.id)
        if sp.stop:
            break
        if steps == 0 and occupied_rule and s._occupied(seat, pos):
            steps = 1  # move on to the next empty space
        if not steps or not sp.acts_on_pass:
            continue
        if sp.effect == R.E_PAYDAY:
            p.space = pos
            _payday(s, seat, sp)
        else:
            # The space acts on a passing car (1960's taxes, tolls, offers):
            # pause the move, do the space, then go on.
            p.space = pos
            s._ev.insert(mark, ev.Moved(seat, tuple(path)))
            s._push((T_LAND, seat, pos, 1), (T_MOVE, seat, steps, -1))
            return
    p.space = pos
    s._ev.insert(mark, ev.Moved(seat, tuple(path)))
    s._push((T_LAND, seat, pos, 0))


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


def _give_raise(s: State, seat: int, amount: int) -> None:
    p = s._p(seat)
    if p.career < 0:
        return
    c = s.rules.careers[p.career]
    p.raises += amount
    if c.max_salary:
        p.raises = min(p.raises, max(0, c.max_salary - c.salary))


def _payday(s: State, seat: int, sp: R.SpaceSpec) -> None:
    p = s._p(seat)
    p.paydays += 1
    s._ev.append(ev.PaydayPassed(seat, sp.id))
    if sp.raise_amount:
        _give_raise(s, seat, sp.raise_amount)
    pay = salary_of(s.rules, p)
    if pay:
        s._transfer(BANK, seat, pay, "payday")


def _h_branch(s: State, top: tuple[Any, ...], a: Action | None) -> None:
    assert a is not None
    seat = top[1]
    r = s.rules
    target = r.space_index[str(a.arg)]
    here = r.spaces[s.players[seat].space]
    if here.branch_costs:
        cost = here.branch_costs[here.next.index(target)]
        if cost:
            s._transfer(seat, BANK, cost, "branch")
    if top[2]:
        s._push((T_MOVE, seat, top[2], target))
    else:
        # A fork on a STOP space is chosen while stopped there; the car takes
        # the branch when it next moves.
        s._p(seat).pending_branch = target


def _draw_tile_task(seat: int) -> tuple[Any, ...]:
    return (T_DRAW_TILE, seat, 0, 0)


def _h_land(s: State, top: tuple[Any, ...], a: Action | None) -> None:
    seat, pos = top[1], top[2]
    r = s.rules
    sp = r.spaces[pos]
    e = sp.effect
    p = s.players[seat]
    base = len(s.tasks)
    passing = top[3] == 1  # an on_pass space acting on a car going by
    # What runs after the effect: a fork on a STOP is chosen while stopped
    # there, then a STOP gives another spin (retiring and the Day of
    # Reckoning's choice decide for themselves).
    then: list[tuple[Any, ...]] = []
    if sp.stop and not passing and e != R.E_RETIRE:
        if len(sp.next) > 1:
            then.append((T_BRANCH, seat, 0, 0))
        if not (e == R.E_RECKONING and sp.tycoon):
            then.append((T_SPIN, seat, SPIN_MOVE, 0))
    if sp.requires and not _has(p, sp.requires):
        pass  # the space only acts on holders (of a house, stock, a policy)
    elif e == R.E_COLLECT:
        if not sp.if_spun or p.last_spin == sp.if_spun:
            s._transfer(BANK, seat, sp.amount, "collect")
            if sp.amount > r.wealth_threshold and r.wealth_cards:
                _offer_collect_cards(s, seat, sp.amount)
    elif e == R.E_PAY:
        amount = sp.amount
        waived = bool(sp.waived_by) and _has(p, _WAIVERS[sp.waived_by])
        if sp.per_child:
            amount *= p.children
        if not waived:
            s._pay(seat, amount, sp.payee, "pay")
            if amount > r.wealth_threshold and _holds(p, r, "pay"):
                s._push((T_PLAY_PAY, seat, amount, 0))
    elif e == R.E_PAYDAY:
        _payday(s, seat, sp)
    elif e == R.E_LIFE_TILE:
        s._push(_draw_tile_task(seat))
    elif e == R.E_BABY:
        q = s._p(seat)
        born = max(0, min(sp.count, r.car_capacity - q.people))
        q.children += born
        s._ev.append(ev.NewBaby(seat, born))
        if sp.gift:
            _gifts_from_all(s, seat, sp.gift, "baby_gift")
        if sp.life_tile:
            s._push(_draw_tile_task(seat))
    elif e == R.E_MARRY:
        q = s._p(seat)
        if not q.spouse and q.people < r.car_capacity:
            q.spouse = True
            s._ev.append(ev.Married(seat))
        tasks = [_draw_tile_task(seat)] if sp.life_tile else []
        if sp.gifts:
            tasks.append((T_SPIN, seat, SPIN_GIFT, pos))
        s._push(*tasks)
    elif e == R.E_CAREER_CHOICE:
        s._p(seat).degree = True
        s._return_job(seat)
        s._push(
            (T_DEAL, seat, DECK_COLLEGE if sp.degree_only else DECK_CAREER, sp.careers),
            (T_CHOOSE_CAREER, seat, MODE_PICK, 0),
            (T_DEAL, seat, DECK_SALARY, sp.salaries), (T_CHOOSE_SALARY, seat, 0, 0),
        )
    elif e == R.E_BUY_HOUSE:
        s._push((T_BUY_HOUSE, seat, sp.deck, 0))
    elif e == R.E_SELL_BUY_HOUSE:
        if p.house >= 0:
            s._push((T_SELL_HOUSE, seat, sp.deck, 0))
        else:
            s._push((T_BUY_HOUSE, seat, sp.deck, 0))
    elif e == R.E_LOSE_JOB:
        s._return_job(seat)
        s._push(
            (T_DEAL, seat, DECK_CAREER, 1), (T_CHOOSE_CAREER, seat, MODE_PICK, 0),
            (T_DEAL, seat, DECK_SALARY, 1), (T_CHOOSE_SALARY, seat, 0, 0),
        )
    elif e == R.E_NIGHT_SCHOOL:
        s._push((T_NIGHT_SCHOOL, seat, pos, 0))
    elif e == R.E_TRADE_SALARY:
        s._push((T_TRADE_SALARY, seat, 0, 0))
    elif e == R.E_SPIN_AGAIN_UNLESS_LEADING:
        if not s._leading(seat):
            then = [(T_SPIN, seat, SPIN_MOVE, 0)]
    elif e == R.E_STOCK_SOARS:
        s._push((T_FREE_STOCK, seat, 0, 0))
    elif e == R.E_STOCK_CRASH:
        s._push((T_RETURN_STOCK, seat, 0, 0))
    elif e == R.E_TAXES_DUE:
        s._pay(seat, taxes_of(r, p), sp.payee, "taxes")
    elif e == R.E_TAX_REFUND:
        s._transfer(BANK, seat, taxes_of(r, p), "tax_refund")
    elif e == R.E_MISS_TURN:
        s._p(seat).skip_next = True
    elif e == R.E_COLLECT_SPIN:
        s._push((T_SPIN, seat, SPIN_COLLECT, sp.amount))
    elif e == R.E_SPIN_TO_WIN:
        order = tuple((seat + k) % len(s.players) for k in range(len(s.players)))
        bettors = tuple(i for i in order if not s.players[i].retired)
        s._push((T_BET, bettors[0], (bettors[1:], pos), 0))
    elif e == R.E_LAWSUIT:
        if _others(s, seat):
            s._push((T_SUE, seat, sp.amount, 0))
    elif e == R.E_SHARE_THE_WEALTH:
        s._push((T_WEALTH_DRAW, seat, 1, 0))
    elif e == R.E_GRADUATE:
        # Graduation: look at the degree careers dealt, take one, or keep the
        # old career with a raise.
        s._p(seat).degree = True
        s._push((T_DEAL, seat, DECK_COLLEGE, sp.careers),
                (T_CHOOSE_CAREER, seat, MODE_GRADUATE, pos))
    elif e == R.E_SPIN_AGAIN:
        then = [(T_SPIN, seat, SPIN_MOVE, 0)]
    elif e == R.E_TAKE_CAREER:
        q = s._p(seat)
        if q.career != sp.career:
            q.career = sp.career
            q.raises = 0
            s._ev.append(ev.CareerTaken(seat, r.careers[sp.career].id, False))
        if sp.to >= 0:
            _jump(s, seat, sp.to, land=True)
    elif e == R.E_OFFER_INSURANCE:
        if not _has(p, sp.kind):
            s._push((T_OFFER, seat, pos, 0))
    elif e == R.E_LOSE_INSURANCE:
        _drop_policy(s, seat, sp.kind)
    elif e == R.E_GAMBLE:
        if sp.sure or sp.optional:
            s._push((T_GAMBLE, seat, pos, 0))
        else:
            s._push((T_SPIN, seat, SPIN_GAMBLE, pos))
    elif e == R.E_REVENGE:
        if _others(s, seat):
            s._push((T_REVENGE, seat, pos, 0))
    elif e == R.E_TOLL_BRIDGE:
        owner = next((o for i, o in s.owners if i == pos), -1)
        if owner < 0:
            s.owners = (*s.owners, (pos, seat))
            s._ev.append(ev.BridgeOwned(seat, sp.id))
        elif owner != seat:
            s._transfer(seat, owner, sp.amount, "toll")
    elif e == R.E_JUMP:
        _jump(s, seat, sp.to, land=sp.land)
    elif e == R.E_RECKONING:
        if sp.child_gift and p.children:
            _child_gift(s, seat, sp.child_gift * p.children)
        # Notes are repaid as far as cash goes; any left are settled at the end.
        notes = min(p.loans, max(0, s.players[seat].cash) // r.loan_payback)
        if notes:
            s._repay(seat, notes)
        if sp.tycoon:
            s._push((T_TYCOON, seat, pos, 0))
    elif e == R.E_RETIRE:
        _retire(s, seat, sp)
    if then:
        # These run after whatever the effect pushed, before the rest of the
        # turn: insert them under the effect's tasks.
        stack: list[tuple[Any, ...]] = s.tasks  # type: ignore[assignment]
        stack[base:base] = list(reversed(then))


_WAIVERS = {R.WAIVE_AUTO: "auto", R.WAIVE_HOME: "home", 3: "life", 4: "fire"}


def _has(p: Player, what: str) -> bool:
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


def _drop_policy(s: State, seat: int, kind: str) -> None:
    if not _has(s.players[seat], kind):
        return
    q = s._p(seat)
    if kind == "auto":
        q.auto = False
    elif kind == "home":
        q.home = False
    else:
        q.policies = tuple(k for k in q.policies if k != kind)
    s._ev.append(ev.PolicyLost(seat, kind))


def _jump(s: State, seat: int, to: int, land: bool) -> None:
    """Move a car straight to a space, skipping everything between."""
    s._p(seat).space = to
    s._ev.append(ev.Moved(seat, (s.rules.spaces[to].id,)))
    if land:
        s._push((T_LAND, seat, to, 0))


def _child_gift(s: State, seat: int, amount: int) -> None:
    """Money per child: collected when positive (1960's Day of Reckoning),
    given away when negative (2005's retirement gift to each child)."""
    if amount > 0:
        s._transfer(BANK, seat, amount, "child_gift")
    elif amount < 0:
        s._transfer(seat, BANK, -amount, "child_gift")


def _others(s: State, seat: int) -> list[int]:
    return [i for i, q in enumerate(s.players) if i != seat and not q.retired]


def _gifts_from_all(s: State, seat: int, amount: int, reason: str) -> None:
    for i in _others(s, seat):
        s._transfer(i, seat, amount, reason)


def _holds(p: Player, r: Ruleset, kind: str) -> bool:
    return any(r.wealth_cards[c].kind == kind for c in p.hand)


def _discard(s: State, seat: int, kind: str) -> None:
    """Play one card of `kind` from the hand; it goes back into the deck (every
    draw is a uniform pick from the cards left, which is a reshuffle)."""
    p = s._p(seat)
    r = s.rules
    card = next(c for c in p.hand if r.wealth_cards[c].kind == kind)
    i = p.hand.index(card)
    p.hand = p.hand[:i] + p.hand[i + 1:]
    s.wealth_pile = tuple(sorted((*s.wealth_pile, card)))
    s._ev.append(ev.CardPlayed(seat, kind))


def _offer_collect_cards(s: State, seat: int, amount: int) -> None:
    r = s.rules
    n = len(s.players)
    holders = [(seat + k) % n for k in range(1, n)]
    holders = [i for i in holders if _holds(s.players[i], r, "collect")]
    if holders:
        s._push((T_PLAY_COLLECT, holders[0], (seat, amount, tuple(holders[1:])), 0))


def _retire(s: State, seat: int, sp: R.SpaceSpec) -> None:
    r = s.rules
    s._return_job(seat)
    p = s._p(seat)
    p.auto = False
    p.home = False
    p.retired = ESTATES  # provisional until the choice below; keeps the car off the track
    if sp.child_gift and p.children:
        _child_gift(s, seat, sp.child_gift * p.children)
    if p.loans:
        s._repay(seat, p.loans)
    tasks: list[tuple[Any, ...]] = []
    if not sp.choose_place:
        # The end of a track with no choice (1960's Millionaire Acres): the
        # first car here takes a bonus and names a lucky number.
        first = not any(q.retired == ACRES for q in s.players)
        p.retired = ACRES
        s._retire_count += 1
        s._ev.append(ev.Retired(seat, "acres"))
        bonus = sp.first_bonus if first else 0
        bonus += sp.stock_bonus if _has(p, "stock") else 0
        bonus += sp.life_bonus if _has(p, "life") else 0
        s._transfer(BANK, seat, bonus, "arrival_bonus")
        if first and sp.lucky_fine:
            s._push((T_LUCKY, seat, sp.lucky_fine, 0))
        return
    if p.house >= 0:
        if r.houses[p.house].sale >= 0:
            _sell_house(s, seat, r.houses[p.house].sale)
        else:
            tasks.append((T_SPIN, seat, SPIN_HOUSE_SALE, p.house))
    tasks.append((T_RETIRE_WHERE, seat, 0, 0))
    s._push(*tasks)


def _h_retire_where(s: State, top: tuple[Any, ...], a: Action | None) -> None:
    assert a is not None
    seat = top[1]
    p = s._p(seat)
    p.retired = ESTATES if a.arg == "estates" else COUNTRYSIDE
    s._retire_count += 1
    s._ev.append(ev.Retired(seat, str(a.arg)))
    r = s.rules
    extra = r.countryside_tiles if p.retired == COUNTRYSIDE else r.estates_retire_tiles
    if extra:
        s._push((T_BONUS_TILES, seat, extra, 0))


def _h_draw_tile(s: State, top: tuple[Any, ...], a: Action | None) -> None:
    assert a is not None
    tile = int(a.arg)  # type: ignore[arg-type]
    s.tile_pile = tuple(i for i in s.tile_pile if i != tile)
    s._give_tile(top[1], tile, "pile")


def _h_bonus_tiles(s: State, top: tuple[Any, ...], a: Action | None) -> None:
    assert a is not None
    tile = int(a.arg)  # type: ignore[arg-type]
    s.tile_pile = tuple(i for i in s.tile_pile if i != tile)
    seat, left = top[1], top[2]
    if seat == -2:
        s.estates = (*s.estates, tile)
    else:
        p = s._p(seat)
        p.tiles = (*p.tiles, tile)
        s._ev.append(ev.TileTaken(seat, "pile"))
    if left > 1:
        s._push((T_BONUS_TILES, seat, left - 1, 0))


def _h_steal_from(s: State, top: tuple[Any, ...], a: Action | None) -> None:
    assert a is not None
    s._push((T_STEAL_TILE, top[1], int(a.arg), 0))  # type: ignore[arg-type]


def _h_steal_tile(s: State, top: tuple[Any, ...], a: Action | None) -> None:
    assert a is not None
    tile = int(a.arg)  # type: ignore[arg-type]
    victim = top[2]
    q = s._p(victim)
    i = q.tiles.index(tile)
    q.tiles = q.tiles[:i] + q.tiles[i + 1:]
    s._give_tile(top[1], tile, f"seat {victim}")


def _h_deal(s: State, top: tuple[Any, ...], a: Action | None) -> None:
    assert a is not None
    seat, deck, left = top[1], top[2], top[3]
    t = s._t
    if deck == DECK_SALARY:
        card = t.salary_index[str(a.arg)]
        s.salary_deck = tuple(i for i in s.salary_deck if i != card)
    else:
        card = s.rules.career_index[str(a.arg)]
        s.career_deck = tuple(i for i in s.career_deck if i != card)
    if deck == DECK_CAREER2:
        p = s._p(seat)
        p.career2 = card
        s._ev.append(ev.CardsDealt(seat, "career", 1))
        s._ev.append(ev.CareerTaken(seat, s.rules.careers[card].id, True))
        return
    s.offer = (*s.offer, card)
    if left > 1:
        s._push((T_DEAL, seat, deck, left - 1))
    else:
        s._ev.append(ev.CardsDealt(seat, "salary" if deck == DECK_SALARY else "career",
                                   len(s.offer)))


def _h_choose_career(s: State, top: tuple[Any, ...], a: Action | None) -> None:
    assert a is not None
    seat = top[1]
    p = s._p(seat)
    offer = s.offer
    s.offer = ()
    chosen = -1 if a.kind in ("keep_career", "take_raise") else s.rules.career_index[str(a.arg)]
    if a.kind == "take_raise":
        before = salary_of(s.rules, p)
        _give_raise(s, seat, s.rules.spaces[top[3]].amount)
        s._ev.append(ev.RaiseGiven(seat, salary_of(s.rules, p) - before))
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
        s._ev.append(ev.CareerTaken(seat, s.rules.careers[chosen].id, False))
    if back:
        s.career_deck = tuple(sorted((*s.career_deck, *back)))


def _h_choose_salary(s: State, top: tuple[Any, ...], a: Action | None) -> None:
    assert a is not None
    seat = top[1]
    offer = s.offer
    s.offer = ()
    chosen = s._t.salary_index[str(a.arg)]
    back = [c for c in offer if c != chosen]
    if back:
        s.salary_deck = tuple(sorted((*s.salary_deck, *back)))
    p = s._p(seat)
    if p.salary >= 0:
        s.salary_deck = tuple(sorted((*s.salary_deck, p.salary)))
    p.salary = chosen
    r = s.rules
    s._ev.append(ev.SalaryTaken(seat, r.salary_ids[chosen], r.salary_amounts[chosen]))


def _h_buy_house(s: State, top: tuple[Any, ...], a: Action | None) -> None:
    assert a is not None
    if a.kind == "skip":
        return
    seat = top[1]
    house = s._t.house_index[str(a.arg)]
    spec = s.rules.houses[house]
    s._transfer(seat, BANK, spec.price, "buy_house")
    s._p(seat).house = house
    s.house_deck = tuple(i for i in s.house_deck if i != house)
    s._ev.append(ev.HouseBought(seat, spec.id, spec.price))


def _h_sell_house(s: State, top: tuple[Any, ...], a: Action | None) -> None:
    assert a is not None
    if a.kind == "skip":
        return
    seat = top[1]
    house = s.rules.houses[s.players[seat].house]
    if house.sale >= 0:
        _sell_house(s, seat, house.sale)
        s._push((T_BUY_HOUSE, seat, top[2], 0))
    else:
        s._push((T_SPIN, seat, SPIN_HOUSE_SALE, house.index), (T_BUY_HOUSE, seat, top[2], 0))


def _h_night_school(s: State, top: tuple[Any, ...], a: Action | None) -> None:
    assert a is not None
    if a.kind == "skip":
        return
    seat = top[1]
    sp = s.rules.spaces[top[2]]
    s._pay(seat, sp.amount, sp.payee, "night_school")
    s._p(seat).degree = True
    s._push((T_DEAL, seat, DECK_CAREER, sp.careers), (T_CHOOSE_CAREER, seat, MODE_NIGHT_SCHOOL, 0))


def _h_trade_salary(s: State, top: tuple[Any, ...], a: Action | None) -> None:
    assert a is not None
    if a.kind == "skip":
        return
    seat, other = top[1], int(a.arg)  # type: ignore[arg-type]
    p, q = s._p(seat), s._p(other)
    p.salary, q.salary = q.salary, p.salary
    s._ev.append(ev.SalaryTraded(seat, other))


def _h_free_stock(s: State, top: tuple[Any, ...], a: Action | None) -> None:
    assert a is not None
    _gain_stock(s, top[1], s._t.stock_index[str(a.arg)], bought=False)


def _h_return_stock(s: State, top: tuple[Any, ...], a: Action | None) -> None:
    assert a is not None
    seat = top[1]
    stock = s._t.stock_index[str(a.arg)]
    p = s._p(seat)
    p.stocks = tuple(i for i in p.stocks if i != stock)
    s.stock_deck = tuple(sorted((*s.stock_deck, stock)))
    s._ev.append(ev.StockLost(seat, s.rules.stock_ids[stock]))


def _h_end_turn(s: State, top: tuple[Any, ...], a: Action | None) -> None:
    """The one place a turn ends: next seat, skipped turns, the end of the game."""
    players = s.players
    n = len(players)
    s._p(s.turn).turns += 1
    if s._retire_count >= n:
        s._push((T_FINAL, -1, 0, 0))
        return
    seat = s.turn
    while True:
        seat = (seat + 1) % n
        q = players[seat]
        if q.retired:
            continue
        if q.skip_next:
            skipped = s._p(seat)
            skipped.skip_next = False
            skipped.missed += 1
            s._ev.append(ev.TurnSkipped(seat))
            continue
        break
    s.turn = seat
    s.turn_number += 1
    s._ev.append(ev.TurnStarted(seat))
    s._push((T_TURN, seat, 0, 0))


def _h_final(s: State, top: tuple[Any, ...], a: Action | None) -> None:
    """Everyone has retired: the estates' tiles go to the richest retiree there."""
    at_estates = [i for i, q in enumerate(s.players) if q.retired == ESTATES]
    if s.estates and at_estates:
        best = max(s.players[i].cash for i in at_estates)
        tied = [i for i in at_estates if s.players[i].cash == best]
        # Tied players share the tiles when they divide evenly; otherwise
        # nobody takes them (C-musictopia: 2 tied take 2 each, 3 tied none).
        if len(s.estates) % len(tied) == 0:
            owed: list[int] = []
            for _ in range(len(s.estates) // len(tied)):
                owed.extend(tied)
            s._push((T_ESTATES_DEAL, -1, tuple(owed), 0))
            return
    _finish(s)


def _h_estates_deal(s: State, top: tuple[Any, ...], a: Action | None) -> None:
    assert a is not None
    tile = int(a.arg)  # type: ignore[arg-type]
    owed = top[2]
    seat = owed[0]
    s.estates = tuple(i for i in s.estates if i != tile)
    p = s._p(seat)
    p.tiles = (*p.tiles, tile)
    p.bonus_tiles = (*p.bonus_tiles, tile)
    s._ev.append(ev.TileTaken(seat, "estates"))
    if len(owed) > 1:
        s._push((T_ESTATES_DEAL, -1, owed[1:], 0))
    else:
        _finish(s)


def _finish(s: State) -> None:
    if s.tycoon >= 0:
        s._ev.append(ev.GameOver((s.tycoon,)))
        return
    worths = [s.worth(i) if s.players[i].retired != POOR_FARM else None
              for i in range(len(s.players))]
    best = max((w for w in worths if w is not None), default=None)
    winners = () if best is None else tuple(i for i, w in enumerate(worths) if w == best)
    s._ev.append(ev.GameOver(winners))


def _next_bettor(s: State, top: tuple[Any, ...]) -> None:
    """The seat in `top` is done betting: the next one bets, or the wheel spins."""
    rest, pos = top[2]
    if rest:
        s._push((T_BET, rest[0], (rest[1:], pos), 0))
    else:
        s._push((T_SPIN, s.turn, SPIN_TO_WIN, pos))


def _h_bet(s: State, top: tuple[Any, ...], a: Action | None) -> None:
    assert a is not None
    seat, mode = top[1], top[3]
    if a.kind == "skip":
        _next_bettor(s, top)
        return
    if a.kind == "bet":
        number_text, _, stake_text = str(a.arg).partition("-")
        number, stake = int(number_text), int(stake_text)
        s._transfer(seat, BANK, stake, "spin_to_win_bet")
        s.bets = (*s.bets, (seat, number, stake))
        s._ev.append(ev.BetPlaced(seat, number, stake))
        s._push((T_BET, seat, top[2], -1))
    elif a.kind == "play_card":
        tokens = next(s.rules.wealth_cards[c].tokens for c in s.players[seat].hand
                      if s.rules.wealth_cards[c].kind == "boost")
        _discard(s, seat, "boost")
        s._push((T_BET, seat, top[2], tokens))
    else:  # a boost token on one more number, riding the same stake
        stake = _stake_of(s, seat)
        s.bets = (*s.bets, (seat, int(a.arg), stake))  # type: ignore[arg-type]
        s._ev.append(ev.BetPlaced(seat, int(a.arg), 0))  # type: ignore[arg-type]
        if mode > 1:
            s._push((T_BET, seat, top[2], mode - 1))
        else:
            _next_bettor(s, top)


def _h_sue(s: State, top: tuple[Any, ...], a: Action | None) -> None:
    assert a is not None
    seat, target = top[1], int(a.arg)  # type: ignore[arg-type]
    s._ev.append(ev.Sued(seat, target, top[2]))
    s._push((T_EXEMPT, target, ("lawsuit", seat, top[2]), 0))


def _h_exempt(s: State, top: tuple[Any, ...], a: Action | None) -> None:
    assert a is not None
    seat = top[1]
    kind, other, amount = top[2]
    if a.kind == "play_card":
        _discard(s, seat, "exemption")
        return
    if kind == "lawsuit":
        s._transfer(seat, other, amount, "lawsuit")
    elif kind == "collect":
        s._transfer(seat, other, amount, "collect_card")
    else:  # a pay card: the target covers part of the mover's payment
        s._transfer(seat, other, amount, "pay_card")


def _h_play_collect(s: State, top: tuple[Any, ...], a: Action | None) -> None:
    assert a is not None
    holder = top[1]
    mover, amount, rest = top[2]
    if a.kind == "play_card":
        _discard(s, holder, "collect")
        s._push((T_EXEMPT, mover, ("collect", holder, amount // 2), 0))
    elif rest:
        s._push((T_PLAY_COLLECT, rest[0], (mover, amount, rest[1:]), 0))


def _h_play_pay(s: State, top: tuple[Any, ...], a: Action | None) -> None:
    assert a is not None
    if a.kind == "skip":
        return
    seat, target = top[1], int(a.arg)  # type: ignore[arg-type]
    _discard(s, seat, "pay")
    s._push((T_EXEMPT, target, ("pay", seat, top[2] // 2), 0))


def _h_wealth_draw(s: State, top: tuple[Any, ...], a: Action | None) -> None:
    assert a is not None
    seat, left = top[1], top[2]
    card = int(a.arg)  # type: ignore[arg-type]
    s.wealth_pile = tuple(i for i in s.wealth_pile if i != card)
    p = s._p(seat)
    p.hand = (*p.hand, card)
    s._ev.append(ev.CardDrawn(seat, "share_the_wealth"))
    if left > 1:
        s._push((T_WEALTH_DRAW, seat, left - 1, 0))


def _h_offer(s: State, top: tuple[Any, ...], a: Action | None) -> None:
    assert a is not None
    if a.kind == "skip":
        return
    seat = top[1]
    sp = s.rules.spaces[top[2]]
    s._transfer(seat, BANK, sp.amount, f"{sp.kind}_policy")
    p = s._p(seat)
    if sp.kind == "auto":
        p.auto = True
    else:
        p.policies = (*p.policies, sp.kind)
    s._ev.append(ev.PolicyBought(seat, sp.kind, sp.amount))


def _h_gamble(s: State, top: tuple[Any, ...], a: Action | None) -> None:
    assert a is not None
    seat = top[1]
    sp = s.rules.spaces[top[2]]
    if a.kind == "keep":
        s._transfer(BANK, seat, sp.sure, "lucky_day")
    elif a.kind == "gamble":
        s._push((T_SPIN, seat, SPIN_GAMBLE, top[2]))


def _h_revenge(s: State, top: tuple[Any, ...], a: Action | None) -> None:
    assert a is not None
    seat, target = top[1], int(a.arg)  # type: ignore[arg-type]
    sp = s.rules.spaces[top[2]]
    if a.kind == "take_money":
        s._transfer(target, seat, sp.amount, "revenge")
        return
    spaces = s.rules.spaces
    q = s._p(target)
    path: list[str] = []
    for _ in range(sp.back):
        back = spaces[q.space].prev
        if back < 0:
            break
        q.space = back
        path.append(spaces[back].id)
    q.pending_branch = -1
    s._ev.append(ev.SentBack(seat, target, tuple(path)))


def _h_tycoon(s: State, top: tuple[Any, ...], a: Action | None) -> None:
    assert a is not None
    seat = top[1]
    if a.kind == "acres":
        s._push((T_SPIN, seat, SPIN_MOVE, 0))
        return
    number = int(a.arg)  # type: ignore[arg-type]
    s._ev.append(ev.TycoonBet(seat, number))
    s._push((T_SPIN, seat, SPIN_TYCOON, number))


def _h_lucky(s: State, top: tuple[Any, ...], a: Action | None) -> None:
    assert a is not None
    seat = top[1]
    number = int(a.arg)  # type: ignore[arg-type]
    s.lucky = (seat, number, top[2])
    s._ev.append(ev.LuckyNumber(seat, number))


_HANDLERS = {
    T_TURN: _h_turn,
    T_SPIN: _h_spin,
    T_MOVE: _h_move,
    T_BRANCH: _h_branch,
    T_LAND: _h_land,
    T_DRAW_TILE: _h_draw_tile,
    T_STEAL_FROM: _h_steal_from,
    T_STEAL_TILE: _h_steal_tile,
    T_DEAL: _h_deal,
    T_CHOOSE_CAREER: _h_choose_career,
    T_CHOOSE_SALARY: _h_choose_salary,
    T_BUY_HOUSE: _h_buy_house,
    T_SELL_HOUSE: _h_sell_house,
    T_NIGHT_SCHOOL: _h_night_school,
    T_TRADE_SALARY: _h_trade_salary,
    T_FREE_STOCK: _h_free_stock,
    T_RETURN_STOCK: _h_return_stock,
    T_RETIRE_WHERE: _h_retire_where,
    T_BONUS_TILES: _h_bonus_tiles,
    T_END_TURN: _h_end_turn,
    T_FINAL: _h_final,
    T_ESTATES_DEAL: _h_estates_deal,
    T_BET: _h_bet,
    T_SUE: _h_sue,
    T_EXEMPT: _h_exempt,
    T_PLAY_COLLECT: _h_play_collect,
    T_PLAY_PAY: _h_play_pay,
    T_WEALTH_DRAW: _h_wealth_draw,
    T_OFFER: _h_offer,
    T_GAMBLE: _h_gamble,
    T_REVENGE: _h_revenge,
    T_TYCOON: _h_tycoon,
    T_LUCKY: _h_lucky,
}
