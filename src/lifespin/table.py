"""One table for every shell: the state, the seed, the chance stream, the seat
bots and the record of one game.

The line game (`lifespin play --plain`), the terminal app and the web server
all run a game the same way, through this module:

- Chance is drawn in one place: `draw_chance`, ``outcomes[next_u64() % n]``
  from ``Stream(seed)`` (`Stream.pick`), one draw per chance node, exactly as
  `lifespin.sim` does, so a game played at a table is the simulator's game for
  the same seed and bots.
- A bot decides through `lifespin.sim.driver.bot_action` (its own fresh
  ``Stream(derive_seed(seed, 1, seat, move))`` per decision). A bot that fails
  or answers with an illegal action never ends a person's game: `choose`
  plays a random legal action from that same stream instead and says why.
- A person's action goes through the engine's checked door (`State.play`);
  one that is not legal raises and leaves the table as it was.
- A game goes on from its record (`Table.resume`): every action is replayed
  through the checked door and the chance stream moves on by one draw per
  chance node, so the game continues exactly as it would have.

Seats are written in one grammar everywhere (`parse_seats`, the ``--players``
option of ``lifespin play``); a bot seat's level is written into its name
(``"Ada (normal)"``), so a saved game says which seats were bots and at what
level, and resuming it brings them back.
"""

from __future__ import annotations

import itertools
import re
import secrets
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .bots import BOTS, Bot, make_bot
from .editions import Edition, new_game
from .engine import CHANCE, Action, State
from .record import Record, replay_states
from .rng import Stream
from .sim.driver import bot_action, bot_stream

__all__ = [
    "BOT_NAMES",
    "DEFAULT_LEVEL",
    "SeatSpec",
    "Step",
    "Table",
    "bot_levels",
    "choose",
    "draw_chance",
    "make_seat_bot",
    "parse_seats",
    "random_seed",
    "resolve_chance",
]

DEFAULT_LEVEL = "normal"
"""The level of a bot seat that names none (``bot``, a lobby's bot seat): the
heuristic, a sensible player, in every shell."""

#: The levels in the order a set-up screen offers them (then any others registered).
_LEVEL_ORDER: tuple[str, ...] = ("easy", "normal", "hard", "heuristic", "expert", "random")

#: Names for bot seats nobody named.
BOT_NAMES: tuple[str, ...] = ("Ada", "Bo", "Cy", "Dee", "Eli", "Fay", "Gus", "Hal", "Ivy",
                              "Jo", "Kit", "Lou")

_BOT_SUFFIX = re.compile(r"^(?P<name>.*\S)\s+\((?P<level>[a-z][a-z0-9_]*)\)$")


def random_seed() -> int:
    """A fresh seed for a game nobody seeded (shells print it, so the game can
    be played again)."""
    return secrets.randbelow(2**31)


# ---------------------------------------------------------------- seats


def bot_levels() -> list[str]:
    """Every bot level, in the set-up screens' order."""
    return [b for b in _LEVEL_ORDER if b in BOTS] + [b for b in BOTS if b not in _LEVEL_ORDER]


def make_seat_bot(level: str) -> Bot:
    """The bot for a seat at `level` (``"normal"``, ``"hard"``, ...).

    Raises:
        ValueError: an unknown level, naming it and the known ones.
    """
    if level not in BOTS:
        raise ValueError(f"unknown bot level {level!r}; known: {', '.join(bot_levels())}")
    return make_bot(level)


@dataclass(frozen=True)
class SeatSpec:
    """Who plays a seat: `name` as recorded, and the bot level (None: a person)."""

    name: str
    bot: str | None = None

    @classmethod
    def bot_seat(cls, name: str, level: str) -> SeatSpec:
        """A bot seat, its level written into its name (``Ada (normal)``)."""
        m = _BOT_SUFFIX.match(name)
        if m and m["level"] == level:
            return cls(name, level)
        return cls(f"{name} ({level})", level)

    @classmethod
    def from_name(cls, name: str) -> SeatSpec:
        """A recorded name: ``"Ada (hard)"`` is a hard bot, anything else a person."""
        m = _BOT_SUFFIX.match(name)
        if m and m["level"] in BOTS:
            return cls(name, m["level"])
        return cls(name)

    @property
    def short(self) -> str:
        """The name without the level."""
        m = _BOT_SUFFIX.match(self.name)
        return m["name"] if m and self.bot else self.name


def parse_seats(players: int | str | Sequence[str | SeatSpec],
                default_level: str = DEFAULT_LEVEL) -> list[SeatSpec]:
    """The seats of a game, from a player list.

    The grammar (one entry per seat, comma-separated in a string)::

        Ana              a person called Ana
        bot              a bot at the default level (normal), named for you
        bot:LEVEL        a bot at LEVEL (easy, normal, hard, heuristic, expert,
                         random), named for you
        Ana=bot          a bot called Ana, at the default level
        Ana=bot:LEVEL    a bot called Ana, at LEVEL
        Ana (LEVEL)      the same: how a bot seat is recorded, so a record's
                         player list can be given back as it is

    ``bot`` may be written in any case. In a list, a SeatSpec stands for
    itself. A bot's recorded name carries its
    level (``"Ana (hard)"``); bots nobody named are called Ada, Bo, Cy, ...
    (skipping names already taken). A count n means a person ("Player 1")
    and n - 1 bots at the default level.

    >>> [s.name for s in parse_seats("Ana,bot:hard,Bo=bot:easy,bot")]
    ['Ana', 'Ada (hard)', 'Bo (easy)', 'Cy (normal)']

    Raises:
        ValueError: naming the bad entry and its place: an empty one, an
            unknown bot level, a '=' not followed by a bot, two players with
            the same name.
        TypeError: `players` is neither a count nor names.
    """
    if isinstance(players, bool):
        raise TypeError("players is a count or a list of names")
    if isinstance(players, int):
        if players < 1:
            raise ValueError(f"a game needs players, not {players}")
        names = _spare_names({"Player 1"})
        return [SeatSpec("Player 1"),
                *(SeatSpec.bot_seat(next(names), default_level) for _ in range(players - 1))]
    entries = players.split(",") if isinstance(players, str) else list(players)
    parsed: list[tuple[str, str | None] | SeatSpec] = []  # (name or "", level or None)
    for i, raw in enumerate(entries, 1):
        if isinstance(raw, SeatSpec):
            parsed.append(raw)
            continue
        text = str(raw).strip()
        if not text:
            raise ValueError(f"player {i} has no name")
        name, eq, kind = text.partition("=")
        if not eq:
            kind, name = (text, "") if _is_bot_word(text) else ("", text)
        name, kind = name.strip(), kind.strip()
        if eq and not _is_bot_word(kind):
            raise ValueError(f"player {i} {text!r}: after '=' write a bot, "
                             f"e.g. '{name or 'Ana'}=bot:hard'")
        if not kind:
            seat = SeatSpec.from_name(name)
            parsed.append((seat.name, seat.bot))
            continue
        level = kind[4:].strip().lower() if len(kind) > 3 else default_level
        if level not in BOTS:
            raise ValueError(f"player {i} {text!r}: unknown bot {kind!r}; known: bot, "
                             + ", ".join(f"bot:{b}" for b in bot_levels()))
        parsed.append((name, level))
    taken = {p.short if isinstance(p, SeatSpec) else SeatSpec.from_name(p[0]).short
             for p in parsed}
    spare = _spare_names(taken)
    seats = [p if isinstance(p, SeatSpec)
             else SeatSpec(p[0]) if p[1] is None
             else SeatSpec.bot_seat(p[0] or next(spare), p[1])
             for p in parsed]
    seen: set[str] = set()
    for seat in seats:
        if seat.name in seen:
            raise ValueError(f"two players are named {seat.name!r}")
        seen.add(seat.name)
    return seats


def _is_bot_word(kind: str) -> bool:
    low = kind.strip().lower()
    return low == "bot" or low.startswith("bot:")


def _spare_names(taken: set[str]) -> Iterator[str]:
    """Names for bots nobody named, none of them in `taken`."""
    for k in itertools.count(1):
        for name in BOT_NAMES:
            if (candidate := name if k == 1 else f"{name} {k}") not in taken:
                yield candidate


# ---------------------------------------------------------------- the game loop's pieces


def draw_chance(state: State, stream: Stream) -> Action:
    """The outcome of the chance node `state`: ``outcomes[next_u64() % n]``."""
    return stream.pick(state.chance_outcomes())


def resolve_chance(state: State, stream: Stream) -> list[tuple[Action, State]]:
    """Every chance outcome from `state` on (none if a seat decides now), drawn
    from `stream`: each outcome and the state it leads to."""
    steps: list[tuple[Action, State]] = []
    while state.is_chance_node:
        action = draw_chance(state, stream)
        state = state.apply(action)
        steps.append((action, state))
    return steps


def choose(bot: Bot, state: State, seed: int) -> tuple[Action, str | None]:
    """What `bot` plays for the seat to move in `state` of a game seeded `seed`
    (`lifespin.sim.driver.bot_action`), and None; or, when the bot fails or
    answers with an action that is not legal, a random legal action from the
    same stream and why. Pure: safe to run in a thread."""
    legal = state.legal_actions()
    try:
        action = bot_action(bot, state, seed)
    except Exception as exc:  # a bot's bug must not end a person's game
        why = f"the bot failed ({exc!r}); it played at random"
    else:
        if action in legal:
            return action, None
        why = f"the bot chose {action}, which is not legal; it played at random"
    return bot_stream(seed, state.current_player, state.move_number).pick(legal), why


@dataclass(frozen=True)
class Step:
    """One move made by chance or a bot: who (a seat, or CHANCE), what, and
    the states before and after."""

    seat: int
    action: Action
    before: State
    after: State


# ---------------------------------------------------------------- the table


class Table:
    """One game: the state, the seed and its chance stream, who plays each seat.

    It is the only thing that changes its game: `step_chance` and `step_bot`
    (or `advance`, both until a person must decide) for chance and the bots,
    `play` for people.
    """

    def __init__(self, state: State, seed: int, seats: Sequence[SeatSpec] | None = None, *,
                 bots: Sequence[Bot | None] | None = None, chance: Stream | None = None) -> None:
        """`seats` (default: people, by the state's names) say who plays each
        seat; `bots` (one per seat, None for a person) replace the bots the
        seats' levels name; `chance` is the stream (default: ``Stream(seed)``).

        Raises:
            ValueError: a seat count that is not the game's, an unknown bot level.
        """
        n = len(state.names)
        specs = list(seats) if seats is not None else [SeatSpec(name) for name in state.names]
        if len(specs) != n:
            raise ValueError(f"{len(specs)} seats for {n} players")
        if bots is None:
            seat_bots = [None if s.bot is None else make_seat_bot(s.bot) for s in specs]
        else:
            seat_bots = list(bots)
            if len(seat_bots) != n:
                raise ValueError(f"{len(seat_bots)} bots for {n} players")
        self.state = state
        self.seed = seed
        self.seats = specs
        self.bots: list[Bot | None] = seat_bots
        self.chance = chance if chance is not None else Stream(seed)
        #: What a shell may want to tell: a bot that failed and played at random.
        self.notes: list[str] = []
        #: Moves of a resumed record whose chance outcome is not the stream's
        #: draw (a record edited by hand, or made with another stream).
        self.drift: list[int] = []

    # ------------------------------------------------------------ making one

    @classmethod
    def new(cls, edition: str | Path | Edition = "classic",
            seats: int | str | Sequence[str | SeatSpec] = 4, seed: int | None = None,
            options: Mapping[str, Any] | None = None) -> Table:
        """A new game (`random_seed()` when no seed is given); `seats` as
        `parse_seats` reads them, or SeatSpecs.

        Raises:
            EditionError, ValueError: an unknown edition, bad house rules, a
                bad player list or a seat count the edition does not allow.
        """
        specs = parse_seats(seats)
        seed = random_seed() if seed is None else seed
        state = new_game(edition, [s.name for s in specs], options)
        return cls(state, seed, specs)

    @classmethod
    def resume(cls, record: Record, seats: Sequence[SeatSpec] | None = None, *,
               bots: Sequence[Bot | None] | None = None, edition: str | Path | None = None,
               on_state: Callable[[State], None] | None = None) -> Table:
        """The game a record saved, replayed move by move (each checked), with
        the chance stream moved on by one draw per chance node, so the game goes
        on as it would have. A record without a seed goes on with a fresh one.

        `seats` (one per player) say who plays each seat, keeping the record's
        names; by default the names say (``"Ada (hard)"`` is a hard bot).
        `on_state` sees every state after the first, in order.

        Raises:
            RecordError: the record does not replay.
            ValueError: a seat count that is not the record's, an unknown bot level.
        """
        names = list(record.players)
        if seats is None:
            specs = [SeatSpec.from_name(n) for n in names]
        else:
            if len(seats) != len(names):
                raise ValueError(f"{len(seats)} seats for {len(names)} players")
            specs = [SeatSpec(n, s.bot) for n, s in zip(names, seats, strict=True)]
        seed = record.seed if record.seed is not None else random_seed()
        states = replay_states(record, edition)
        prev = next(states)
        table = cls(prev, seed, specs, bots=bots)
        for i, state in enumerate(states):
            if prev.is_chance_node:
                drawn = draw_chance(prev, table.chance)
                if str(drawn) != record.actions[i]:
                    table.drift.append(i)
            table.state = prev = state
            if on_state is not None:
                on_state(state)
        return table

    # ------------------------------------------------------------ who and what

    @property
    def current_player(self) -> int:
        return self.state.current_player

    @property
    def is_terminal(self) -> bool:
        return self.state.is_terminal

    def is_human(self, seat: int) -> bool:
        """Whether a person plays `seat` (False for CHANCE and TERMINAL)."""
        return 0 <= seat < len(self.bots) and self.bots[seat] is None

    @property
    def human_to_move(self) -> bool:
        """Whether the game waits for a person's choice."""
        return self.is_human(self.state.current_player)

    def record(self) -> Record:
        """The game so far, as a record (with the seed)."""
        return Record.from_state(self.state, seed=self.seed)

    # ------------------------------------------------------------ chance

    def peek_chance(self) -> Action:
        """The outcome the next draw will give, without drawing it."""
        probe = Stream(0)
        probe.state = self.chance.state
        return draw_chance(self.state, probe)

    def step_chance(self) -> Action:
        """Draw the chance node's outcome and apply it.

        Raises:
            ValueError: the game is not at a chance node.
        """
        if not self.state.is_chance_node:
            raise ValueError(f"not a chance node: {self.state.describe()}")
        action = draw_chance(self.state, self.chance)
        self.state = self.state.apply(action)
        return action

    # ------------------------------------------------------------ bots

    def bot_choice(self, state: State | None = None) -> Action:
        """The bot's choice at `state` (default: now), with `choose`'s fallback;
        why it fell back, if it did, goes to `notes`. Changes no game: safe to
        run in a thread.

        Raises:
            ValueError: a person (or nobody) decides at `state`.
        """
        state = self.state if state is None else state
        seat = state.current_player
        bot = self.bots[seat] if 0 <= seat < len(self.bots) else None
        if bot is None:
            raise ValueError(f"no bot decides now ({state.describe()})")
        action, why = choose(bot, state, self.seed)
        if why is not None:
            self.notes.append(f"{self.seats[seat].short}: {why}")
        return action

    def apply_bot(self, state: State, action: Action) -> bool:
        """Apply a bot's choice made at `state`; False (nothing changes) if the
        game moved on meanwhile."""
        if self.state is not state:
            return False
        self.state = state.apply(action)
        return True

    def step_bot(self) -> Action:
        """The bot to move decides, and its choice is applied."""
        state = self.state
        action = self.bot_choice(state)
        self.state = state.apply(action)
        return action

    def advance(self) -> Iterator[Step]:
        """Let chance and the bots play, one step at a time, until a person
        must decide or the game is over."""
        while not self.state.is_terminal and not self.human_to_move:
            before = self.state
            seat = before.current_player
            action = self.step_chance() if seat == CHANCE else self.step_bot()
            yield Step(seat, action, before, self.state)

    # ------------------------------------------------------------ people

    def play(self, action: Action | str) -> State:
        """A person's choice (an Action or its notation), through the engine's
        checked door; the new state. One that is not legal changes nothing.

        Raises:
            InvalidActionError, IllegalActionError: not a legal choice now.
            ValueError: it is not a person's turn.
        """
        if not self.human_to_move:
            raise ValueError("it is not a person's turn to choose")
        self.state = self.state.play(action)
        return self.state

