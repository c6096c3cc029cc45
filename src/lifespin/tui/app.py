"""The terminal game: a Textual app over one game at a `lifespin.table.Table`.

Where the truth lives. The `Controller` holds the game's table (the State, the
seed, the chance stream and the bots) and the log the screen shows. The table
is the only thing that changes the game (`play` for people, through the
engine's checked door; `step_chance` and the bots' choices for the rest), the
same table the line game and the web server play at. Widgets render from
`state.view(seat)` (the seat of the person to choose, or a spectator's view
while bots and the wheel play) and from text the controller prepares; they
hold no game truth.

Randomness is the table's: chance is sampled exactly like `lifespin.sim` does
(``outcomes[stream.next_u64() % n]`` from ``Stream(seed)``, one draw per chance
node), and a bot's choice at move m draws from
``Stream(derive_seed(seed, 1, seat, m))``, one fresh stream per decision, so a
loaded game goes on exactly as it would have without re-running the bots.

Who plays a seat is written into its name (`lifespin.table.parse_seats`): a
bot seat is called ``"Ada (normal)"``, so a saved game says which seats were
bots and at what level, and loading it brings them back.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections import deque
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

from rich.style import Style
from rich.table import Table as RichTable
from rich.text import Text
from textual import on
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Footer, Input, Label, Select, Static
from textual.worker import Worker

from ..bots import Bot, advise
from ..bots.advisor import verdicts
from ..editions import Edition, available, load_edition
from ..engine import Action, State
from ..engine import events as ev
from ..engine.ruleset import Ruleset
from ..errors import LifespinError
from ..narrate import describe_action, describe_event
from ..record import Record
from ..rng import Stream, derive_seed
from ..table import BOT_NAMES, DEFAULT_LEVEL, SeatSpec, Table, bot_levels, parse_seats
from .widgets import (
    BoardView,
    ChoiceMenu,
    EventLog,
    PlayersPanel,
    SpinnerView,
    StandingsView,
    StatusBar,
    board_legend,
    car_style,
    money,
    seat_mark,
)

__all__ = [
    "SPEEDS",
    "AdviceRow",
    "Controller",
    "GameScreen",
    "LifespinApp",
    "SeatSpec",
    "known_bots",
    "parse_players",
    "parse_speed",
    "run",
]

#: Seconds between bot moves that + and - step through (0: instant).
SPEEDS: tuple[float, ...] = (0.0, 0.1, 0.25, 0.5, 1.0, 2.0)
_SPEED_NAMES: Mapping[str, float] = {"instant": 0.0, "fast": 0.1, "normal": 0.5, "slow": 1.0}
LogLine = tuple[int | None, str]
#: The menu's one entry once the game is over (not an action: no action starts with "_").
_STANDINGS = "_standings"


# ---------------------------------------------------------------- seats


known_bots = bot_levels
"""The bot levels, in the set-up screen's order."""

parse_players = parse_seats
"""Seats from a player list: `lifespin.table.parse_seats`, the grammar of every shell."""


def parse_speed(speed: float | str) -> float:
    """Seconds between bot moves: a number, or instant / fast / normal / slow."""
    if isinstance(speed, str):
        if speed in _SPEED_NAMES:
            return _SPEED_NAMES[speed]
        try:
            speed = float(speed)
        except ValueError:
            raise ValueError(f"bot speed {speed!r}: a number of seconds or one of "
                             f"{', '.join(_SPEED_NAMES)}") from None
    if speed < 0:
        raise ValueError(f"bot speed must be 0 or more seconds, not {speed}")
    return float(speed)


# ---------------------------------------------------------------- the controller


def _colours(edition: Edition) -> dict[str, str]:
    """The edition's ``[display] colours`` table (effect kind -> colour)."""
    extra = edition.file.display.model_extra or {}
    colours = extra.get("colours", {})
    return {str(k): str(v) for k, v in colours.items()} if isinstance(colours, dict) else {}


@dataclass(frozen=True)
class AdviceRow:
    """One line of the advisor's answer, ready to show."""

    action: str
    text: str
    win: float
    low: float
    high: float
    rollouts: int
    same: bool | None = None  # within noise of the best (paired), where known


@dataclass(eq=False)
class Controller:
    """The game at its table, and the log of what happened."""

    table: Table
    #: The edition's [display] colours by effect kind (the engine never reads them).
    colours: dict[str, str] = field(default_factory=dict, repr=False)
    log: deque[LogLine] = field(default_factory=lambda: deque(maxlen=600), repr=False)
    #: How many log lines were ever written (the deque keeps the last ones).
    logged: int = 0

    # ------------------------------------------------------------ making one

    @classmethod
    def new(cls, edition: str | Path = "classic", seats: Sequence[SeatSpec] | int = 4,
            seed: int | None = None, options: Mapping[str, Any] | None = None) -> Controller:
        """A new game (a random seed when none is given; it is shown, so the
        game can be played again).

        Raises:
            EditionError, ValueError: an unknown edition or bot level, bad
                house rules or players.
        """
        ed = load_edition(edition)
        ctl = cls(Table.new(ed, seats, seed, options), colours=_colours(ed))
        ctl._say(None, f"New game of {ctl.state.rules.title}, seed {ctl.seed}.")
        return ctl

    @classmethod
    def from_record(cls, record: Record, seats: Sequence[SeatSpec] | None = None) -> Controller:
        """The game a record saved, resumed at its table (`Table.resume`: each
        move checked, the chance stream moved on as it would have). `seats`
        (same count) override who plays each seat; otherwise the names say
        (``"Ada (hard)"`` is a bot).

        Raises:
            RecordError: the record does not replay.
        """
        if seats is not None and len(seats) != len(record.players):
            seats = None
        states: list[State] = []
        table = Table.resume(record, seats, on_state=states.append)
        ctl = cls(table, colours=_colours(load_edition(record.edition)))
        if record.seed is None:
            ctl._say(None, f"The record has no seed; going on with seed {ctl.seed}.")
        for state in states:
            ctl._narrate(state)
        ctl._say(None, f"Loaded {len(record.actions)} moves; seed {ctl.seed}.")
        return ctl

    # ------------------------------------------------------------ who and what

    @property
    def state(self) -> State:
        return self.table.state

    @property
    def seed(self) -> int:
        return self.table.seed

    @property
    def chance(self) -> Stream:
        return self.table.chance

    @property
    def seats(self) -> list[SeatSpec]:
        return self.table.seats

    @property
    def bots(self) -> list[Bot | None]:
        return self.table.bots

    @property
    def levels(self) -> list[str | None]:
        """Each seat's bot level (None: a person)."""
        return [s.bot for s in self.table.seats]

    def is_human(self, seat: int) -> bool:
        return self.table.is_human(seat)

    @property
    def human_to_move(self) -> bool:
        """Whether the game waits for a person's choice."""
        return self.table.human_to_move

    @property
    def viewer(self) -> int | None:
        """Whose view the screen shows: the person choosing, else a spectator's."""
        cp = self.state.current_player
        return cp if self.is_human(cp) else None

    def view(self) -> dict[str, Any]:
        return self.state.view(self.viewer)

    def kind(self, seat: int) -> str:
        """Who plays a seat, in a word or two."""
        level = self.levels[seat]
        return "person" if level is None else f"{level} bot"

    def choices(self, view: Mapping[str, Any]) -> list[tuple[str, str]]:
        """The person's choices from their view: (notation, a few words)."""
        decision = view.get("decision") or {}
        out = []
        for text in decision.get("actions") or []:
            out.append((text, describe_action(self.state, Action.parse(text))))
        return out

    # ------------------------------------------------------------ moving on

    def peek_chance(self) -> Action:
        """The outcome the next draw will give, without drawing it."""
        return self.table.peek_chance()

    def step_chance(self) -> Action:
        """Draw the chance node's outcome, as the batch driver does, and apply it."""
        action = self.table.step_chance()
        self._narrate(self.state)
        return action

    def bot_action(self, state: State) -> Action:
        """The bot's choice at `state` (pure: safe to run in a thread); a bot
        that fails plays at random, and the log says so."""
        return self.table.bot_choice(state)

    def apply_bot(self, state: State, action: Action) -> bool:
        """Apply a bot's choice made at `state`; False if the game moved on meanwhile."""
        if not self.table.apply_bot(state, action):
            return False
        self._narrate(self.state)
        return True

    def play(self, action: Action | str) -> None:
        """A person's choice, through the engine's checked door.

        Raises:
            IllegalActionError, InvalidActionError: not a legal choice now.
            ValueError: it is not a person's turn.
        """
        self._narrate(self.table.play(action))

    # ------------------------------------------------------------ the log

    def _say(self, seat: int | None, text: str) -> None:
        self.log.append((seat, text))
        self.logged += 1

    def _narrate(self, state: State) -> None:
        for e in state.events:
            text = describe_event(state, e)
            if isinstance(e, ev.TurnStarted):
                self._say(None, f"— {text}")
            else:
                seat = getattr(e, "seat", None)
                if isinstance(e, ev.Transfer):
                    seat = e.payer if e.payer >= 0 else e.payee
                self._say(seat if isinstance(seat, int) and seat >= 0 else None, text)
        notes = self.table.notes
        while notes:
            self._say(None, notes.pop(0))

    def lines_since(self, count: int) -> tuple[list[LogLine], int]:
        """The log lines after the first `count` ever written, and the new count."""
        new = min(self.logged - count, len(self.log))
        return (list(self.log)[len(self.log) - new:] if new > 0 else []), self.logged

    # ------------------------------------------------------------ records

    def record(self) -> Record:
        return self.table.record()

    def default_path(self) -> str:
        return f"lifespin-{self.seed}.json"

    def save(self, path: str | Path | None = None) -> Path:
        p = Path(path or self.default_path()).expanduser()
        self.record().save(p)
        self._say(None, f"Saved {self.state.move_number} moves to {p}.")
        return p

    # ------------------------------------------------------------ advice

    def advise(self, rollouts: int | None = None) -> list[AdviceRow] | str:
        """The advisor's estimates for the person to choose, or why there are none."""
        seat = self.state.current_player
        if not self.is_human(seat):
            return "the advisor helps with your own choices; wait for your turn"
        seed = derive_seed(self.seed, 3, self.state.move_number)
        try:
            advice = advise(self.state, seat, rollouts=rollouts, seed=seed)
        except Exception as exc:  # a broken advisor must not end the game
            return f"the advisor failed: {exc!r}"
        return [AdviceRow(action=str(a.action), text=describe_action(self.state, a.action),
                          win=a.win, low=a.low, high=a.high, rollouts=a.rollouts,
                          same=a.same)
                for a in advice]


def advice_verdicts(rows: Sequence[AdviceRow]) -> list[str]:
    """"best", "about the same" (within the advisor's noise) or "worse", per row."""
    from ..bots.advisor import Advice

    return verdicts([Advice(Action.parse(r.action), r.win, r.low, r.high, r.rollouts,
                            same=r.same)
                     for r in rows])


# ---------------------------------------------------------------- small screens


class QuitScreen(ModalScreen[str | None]):
    """Quitting a game in play: save first, quit anyway, or keep playing."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("s", "answer('save')", "Save and quit"),
        Binding("y,q", "answer('quit')", "Quit without saving"),
        Binding("escape,n", "answer(None)", "Keep playing"),
    ]

    def __init__(self, moves: int) -> None:
        super().__init__()
        self.moves = moves

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label("Quit the game?", classes="dialog-title")
            yield Static(f"The game is not over ({self.moves} moves played). Save it to go on "
                         "later with `lifespin play --load FILE`?", id="quit-text")
            with Horizontal(classes="buttons"):
                yield Button("Save and quit (s)", id="quit-save", variant="primary")
                yield Button("Quit (y)", id="quit-anyway", variant="error")
                yield Button("Keep playing (Esc)", id="quit-cancel")

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        answers = {"quit-save": "save", "quit-anyway": "quit", "quit-cancel": None}
        self.dismiss(answers.get(event.button.id or ""))

    def action_answer(self, answer: str | None) -> None:
        self.dismiss(answer)


class PathScreen(ModalScreen[str | None]):
    """Ask for a file path (save or load); Enter takes it, Escape cancels."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: str, default: str) -> None:
        super().__init__()
        self.title_text = title
        self.default = default

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label(self.title_text, classes="dialog-title")
            yield Input(value=self.default, id="path", compact=True)
            yield Label("Enter: OK   Escape: cancel", classes="dim")

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value.strip() or self.default)

    def action_cancel(self) -> None:
        self.dismiss(None)


class AdvisorScreen(ModalScreen[str | None]):
    """The advisor's estimate for each choice; a digit plays that choice."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,a", "close", "Close"),
        *[Binding(str(n), f"choose({n})", show=False) for n in range(1, 10)],
    ]

    def __init__(self, ctl: Controller, rollouts: int | None) -> None:
        super().__init__()
        self.ctl = ctl
        self.rollouts = rollouts
        self.rows: list[AdviceRow] = []
        #: What the screen says (for tests and screen readers).
        self.message = "thinking…"

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label("Advisor", classes="dialog-title")
            yield Static(self.message, id="advice")
            yield Label("digit: play that choice   a / Escape: close", classes="dim")

    def on_mount(self) -> None:
        self.run_worker(self._ask(), exclusive=True)

    async def _ask(self) -> None:
        answer = await asyncio.to_thread(self.ctl.advise, self.rollouts)
        box = self.query_one("#advice", Static)
        if isinstance(answer, str):
            self.message = answer
            box.update(answer)
            return
        self.rows = answer
        if not answer:
            self.message = "the advisor has nothing to say here"
            box.update(self.message)
            return
        t = RichTable(box=None, padding=(0, 1, 0, 0), header_style="bold")
        t.add_column("#")
        t.add_column("Choice", overflow="fold", max_width=40)
        t.add_column("Win", justify="right")
        t.add_column("95%", justify="right")
        t.add_column("Games", justify="right")
        t.add_column("")
        said = advice_verdicts(answer)
        for n, (r, verdict) in enumerate(zip(answer, said, strict=True), 1):
            t.add_row(str(n), r.text, f"{r.win:.0%}", f"{r.low:.0%}–{r.high:.0%}",
                      str(r.rollouts), verdict,
                      style=Style(bold=True) if verdict != "worse" else None)
        self.message = "\n".join(
            f"{n} {r.text}: {r.win:.0%} ({verdict})"
            for n, (r, verdict) in enumerate(zip(answer, said, strict=True), 1))
        box.update(t)

    def action_close(self) -> None:
        self.dismiss(None)

    def action_choose(self, n: int) -> None:
        if 1 <= n <= len(self.rows):
            self.dismiss(self.rows[n - 1].action)


class HelpScreen(ModalScreen[None]):
    """The keys (from the game screen's bindings) and the board's symbols."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,question_mark,q", "close", "Close")]

    def __init__(self, bindings: Iterable[BindingType], colours: Mapping[str, str],
                 rules: Ruleset) -> None:
        super().__init__()
        self.key_list = list(bindings)
        self.colours = colours
        self.rules = rules

    def compose(self) -> ComposeResult:
        keys = Text()
        for b in self.key_list:
            if isinstance(b, Binding) and b.description:
                keys.append(f"{b.key_display or b.key:>6}", Style(bold=True))
                keys.append(f"  {b.description}\n")
        keys.append(f"{'↑ ↓ ⏎':>6}", Style(bold=True))
        keys.append("  move in the menu and choose\n")
        legend = RichTable.grid(padding=(0, 2, 0, 0))
        for _ in range(3):
            legend.add_column()
        items = board_legend(self.rules, self.colours)
        for k in range(0, len(items), 3):
            legend.add_row(*items[k:k + 3])
        cars = Text.assemble((" 1 ", car_style(0)), (" 2 ", car_style(1)),
                             " cars (underlined: whose turn; * several on one space)")
        with VerticalScroll(id="dialog"):
            yield Label("Keys", classes="dialog-title")
            yield Static(keys)
            yield Label("Board", classes="dialog-title")
            yield Static(legend)
            yield Static(cars)

    def action_close(self) -> None:
        self.dismiss(None)


# ---------------------------------------------------------------- set-up


class SetupScreen(Screen[None]):
    """Names, who plays each seat (a person or a bot and its level), the
    edition and the seed."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("ctrl+s", "start", "Start")]

    def __init__(self, edition: str = "classic", seed: int | None = None,
                 seats: Sequence[SeatSpec] | None = None) -> None:
        super().__init__()
        self.edition = edition
        self.seed = seed
        self.seats = list(seats or parse_seats(4))

    @staticmethod
    def _limits(edition: str) -> tuple[int, int]:
        """The edition's fewest and most players (2-6 when it cannot be read)."""
        try:
            rules = load_edition(edition).file.rules
        except LifespinError:
            return 2, 6
        return max(2, rules.min_players), rules.max_players

    def compose(self) -> ComposeResult:
        editions = list(dict.fromkeys([*available(), self.edition]))
        rows = max([len(self.seats), *(self._limits(e)[1] for e in editions)])
        low, high = self._limits(self.edition)
        bots = bot_levels()
        kinds: list[tuple[str, str]] = [("person", "person")] + [(f"bot: {b}", b) for b in bots]
        with VerticalScroll(id="setup"):
            yield Label("lifespin — a new game", classes="dialog-title")
            with Horizontal(classes="row"):
                yield Label("Edition", classes="field")
                yield Select([(e, e) for e in editions], value=self.edition, allow_blank=False,
                             id="edition", compact=True)
            with Horizontal(classes="row"):
                yield Label("Seed", classes="field")
                yield Input(value="" if self.seed is None else str(self.seed),
                            placeholder="blank: random", restrict=r"[0-9]*", id="seed",
                            compact=True)
            with Horizontal(classes="row"):
                yield Label("Players", classes="field")
                yield Select([(str(n), n) for n in range(low, high + 1)],
                             value=min(max(low, len(self.seats)), high),
                             allow_blank=False, id="count", compact=True)
            for k in range(rows):
                spec = self.seats[k] if k < len(self.seats) else SeatSpec.bot_seat(
                    BOT_NAMES[(k - 1) % len(BOT_NAMES)], DEFAULT_LEVEL)
                if spec.bot is None:
                    level = "person"
                elif spec.bot in bots:
                    level = spec.bot
                else:
                    level = DEFAULT_LEVEL
                with Horizontal(classes="row seat", id=f"seat{k}"):
                    yield Label(f"Seat {seat_mark(k)}", classes="field")
                    yield Input(value=spec.short, id=f"name{k}", compact=True)
                    yield Select(kinds, value=level, allow_blank=False, id=f"kind{k}",
                                 compact=True)
            yield Button("Start  (ctrl+s)", id="start", variant="primary", compact=True)

    def on_mount(self) -> None:
        self._show_seats()

    @on(Select.Changed, "#edition")
    def _edition_changed(self) -> None:
        count = self.query_one("#count", Select)
        before = self._count()
        low, high = self._limits(str(self.query_one("#edition", Select).value))
        count.set_options([(str(n), n) for n in range(low, high + 1)])
        count.value = min(max(low, before), high)
        self._show_seats()

    @on(Select.Changed, "#count")
    def _show_seats(self) -> None:
        n = self._count()
        for k, row in enumerate(self.query(".seat")):
            row.display = k < n

    def _count(self) -> int:
        value = self.query_one("#count", Select).value
        return value if isinstance(value, int) else 4

    @on(Button.Pressed, "#start")
    def action_start(self) -> None:
        seats: list[SeatSpec] = []
        for k in range(self._count()):
            name = self.query_one(f"#name{k}", Input).value.strip() or f"Player {k + 1}"
            kind = self.query_one(f"#kind{k}", Select).value
            seats.append(SeatSpec.bot_seat(name, str(kind)) if kind != "person"
                         else SeatSpec(name))
        seed_text = self.query_one("#seed", Input).value.strip()
        edition = str(self.query_one("#edition", Select).value)
        app = self.app
        assert isinstance(app, LifespinApp)
        try:
            ctl = Controller.new(edition, seats, int(seed_text) if seed_text else None,
                                 app.options)
        except (LifespinError, ValueError) as exc:
            self.notify(str(exc), severity="error", timeout=8)
            return
        app.start_game(ctl)


# ---------------------------------------------------------------- the game


class GameScreen(Screen[None]):
    """The board, the players, the log, the wheel and the menu of choices."""

    #: Keys, as data; `action_<name>` methods below do the work.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("1", "pick(1)", "Choose", key_display="1-9"),
        *[Binding(str(n), f"pick({n})", show=False) for n in range(2, 10)],
        Binding("a", "advise", "Advice"),
        Binding("s", "save", "Save"),
        Binding("l", "load", "Load"),
        Binding("plus,equals_sign", "faster", "Faster", key_display="+"),
        Binding("minus", "slower", "Slower", key_display="-"),
        Binding("space", "skip", "Skip spin", show=False),
        Binding("question_mark", "help", "Help", key_display="?"),
    ]

    def __init__(self, ctl: Controller) -> None:
        super().__init__()
        self.ctl = ctl
        self.rules = ctl.state.rules
        self.colours = ctl.colours
        self._auto: Worker[None] | None = None
        self._wake = asyncio.Event()
        self._logged = 0
        self._final_shown = False

    @property
    def lifespin(self) -> LifespinApp:
        app = self.app
        assert isinstance(app, LifespinApp)
        return app

    def compose(self) -> ComposeResult:
        yield StatusBar(id="status")
        yield BoardView(self.rules, self.colours, id="board")
        yield PlayersPanel(id="players")
        with Horizontal(id="bottom"):
            yield EventLog(id="log")
            with Vertical(id="side"):
                yield SpinnerView(self.rules.spinner, id="spinner")
                yield ChoiceMenu(id="menu")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#log", EventLog).border_title = "What happened"
        self.query_one("#menu", ChoiceMenu).border_title = "Your choice"
        self.pump()

    # ------------------------------------------------------------ rendering

    @property
    def busy(self) -> bool:
        """Whether chance or a bot is playing (keys for choices wait)."""
        return self._auto is not None and not self._auto.is_finished

    def render_game(self) -> None:
        """Every widget from the viewer's view."""
        ctl = self.ctl
        view = ctl.view()
        self.query_one("#board", BoardView).show(view)
        self.query_one("#players", PlayersPanel).show(
            view, [ctl.kind(i) for i in range(len(ctl.seats))])
        self.query_one("#status", StatusBar).update(self._status(view))
        lines, self._logged = ctl.lines_since(self._logged)
        if lines:
            self.query_one("#log", EventLog).add(lines)
        spinner = self.query_one("#spinner", SpinnerView)
        if not spinner.spinning:
            for e in view["events"]:
                if e["type"] == "spun":
                    spinner.value = e["value"]
        menu = self.query_one("#menu", ChoiceMenu)
        if ctl.human_to_move:
            who = view["players"][ctl.state.current_player]["name"]
            menu.border_title = f"{who}: {view['decision']['phase'].replace('_', ' ')}"
            menu.show(ctl.choices(view))
        elif view["results"] is not None:
            menu.border_title = "Game over"
            menu.show([(_STANDINGS, "show the final standings")])
        else:
            menu.border_title = "Waiting"
            cp = view["current_player"]
            if cp >= 0:
                note = f"{view['players'][cp]['name']} is thinking…"
            else:
                note = f"{view['players'][view['turn']]['name']}: the wheel turns…"
            menu.show([], note)

    def _status(self, view: Mapping[str, Any]) -> Text:
        speed = self.lifespin.bot_delay
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append(" lifespin ", Style(bold=True, reverse=True))
        text.append(f" {self.rules.title} · seed {self.ctl.seed} · turn "
                    f"{view['turn_number'] + 1} · move {view['move']} · bots "
                    f"{'instant' if speed == 0 else f'{speed:g}s'}")
        return text

    # ------------------------------------------------------------ playing

    def pump(self) -> None:
        """Show the game, then let chance and bots play until a person must choose."""
        self.render_game()
        if self.busy:
            return
        if self.ctl.state.is_terminal:
            self._show_final()
        elif self.ctl.human_to_move:
            self.query_one("#menu", ChoiceMenu).focus()
        else:
            self._auto = self.run_worker(self._autoplay(), exclusive=True, group="autoplay")

    async def _autoplay(self) -> None:
        ctl = self.ctl
        app = self.lifespin
        spinner = self.query_one("#spinner", SpinnerView)
        shown = time.monotonic()
        while not ctl.state.is_terminal and not ctl.human_to_move:
            state = ctl.state
            if state.is_chance_node:
                action = ctl.peek_chance()
                if action.kind == "spun" and app.spin_animation:
                    seconds = 0.8 if ctl.is_human(state.turn) else min(0.8, 2 * app.bot_delay)
                    spinner.caption = state.names[state.turn]
                    await spinner.spin(int(action.arg or 0), seconds)
                    spinner.caption = ""
                if not self.is_attached or ctl.state is not state:
                    return
                ctl.step_chance()
            else:
                if app.bot_delay:
                    await self._pause(app.bot_delay)
                action = await asyncio.to_thread(ctl.bot_action, state)
                if not self.is_attached or not ctl.apply_bot(state, action):
                    return  # a game was loaded meanwhile
            # At instant speed, show the game some 15 times a second rather
            # than after every move: drawing costs far more than playing.
            now = time.monotonic()
            if app.bot_delay or app.spin_animation or now - shown > 1 / 15:
                self.render_game()
                shown = now
            await asyncio.sleep(0)
        self._auto = None
        self.pump()

    async def _pause(self, seconds: float) -> None:
        self._wake.clear()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._wake.wait(), seconds)

    @on(ChoiceMenu.Chosen)
    def _chosen(self, message: ChoiceMenu.Chosen) -> None:
        if message.action == _STANDINGS:
            self._final_shown = False
            self._show_final()
        else:
            self.choose(message.action)

    def choose(self, action: str) -> None:
        """A person's choice (from the menu, a digit or the advisor)."""
        if self.busy or not self.ctl.human_to_move:
            return
        try:
            self.ctl.play(action)
        except (LifespinError, ValueError) as exc:
            self.notify(str(exc), severity="error")
            return
        self.pump()

    def _show_final(self) -> None:
        if not self._final_shown:
            self._final_shown = True
            self.app.push_screen(FinalScreen(self.ctl))

    # ------------------------------------------------------------ keys

    def action_pick(self, n: int) -> None:
        if not self.busy and (self.ctl.human_to_move or self.ctl.state.is_terminal):
            self.query_one("#menu", ChoiceMenu).pick(n)

    def action_advise(self) -> None:
        def chosen(action: str | None) -> None:
            if action:
                self.choose(action)

        self.app.push_screen(AdvisorScreen(self.ctl, self.lifespin.advisor_rollouts), chosen)

    def action_save(self) -> None:
        def save(path: str | None) -> None:
            if path:
                try:
                    saved = self.ctl.save(path)
                except OSError as exc:
                    self.notify(f"cannot save to {path}: {exc.strerror}", severity="error")
                    return
                self.lifespin.last_path = str(saved)
                self.notify(f"Saved to {saved}")
                self.render_game()

        self.app.push_screen(PathScreen("Save the game to", self.ctl.default_path()), save)

    def action_load(self) -> None:
        default = self.lifespin.last_path or self.ctl.default_path()
        self.app.push_screen(PathScreen("Load a saved game from", default), self.lifespin.load)

    def action_faster(self) -> None:
        self.lifespin.change_speed(-1)
        self._wake.set()
        self.render_game()

    def action_slower(self) -> None:
        self.lifespin.change_speed(+1)
        self.render_game()

    def action_skip(self) -> None:
        self.query_one("#spinner", SpinnerView).skip()
        self._wake.set()

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen([*self.BINDINGS, *self.app.BINDINGS], self.colours,
                                        self.rules))


class FinalScreen(Screen[None]):
    """Standings, each worth broken down."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "new_game", "New game"),
        Binding("s", "save", "Save"),
        Binding("escape,b", "board", "Board"),
    ]

    def __init__(self, ctl: Controller) -> None:
        super().__init__()
        self.ctl = ctl
        self.results: list[dict[str, Any]] = ctl.state.view(None)["results"] or []

    def compose(self) -> ComposeResult:
        winners = [r["name"] for r in self.results if r["winner"]]
        head = (f"{winners[0]} wins!" if len(winners) == 1
                else f"{' and '.join(winners)} tie for first!")
        with VerticalScroll(id="final"):
            yield Label(f"Game over — {head}", classes="dialog-title")
            yield StandingsView(id="standings")
            yield Static(self._explain(), id="explain")
        yield Footer()

    def _explain(self) -> Text:
        text = Text()
        text.append("Worth = cash + house sale + loans + LIFE tiles + estates bonus.\n",
                    Style(dim=True))
        for r in self.results:
            b = r["breakdown"]
            text.append(seat_mark(r["seat"]), car_style(r["seat"]))
            text.append(f" {r['name']}: {money(r['worth'])} = {money(b['cash'])} cash")
            loans = b["loans"]
            text.append(f" + {money(b['house_sale'])} house sale "
                        f"{'-' if loans < 0 else '+'} {money(abs(loans))} loans")
            text.append(f" + {money(b['life_tiles'])} LIFE tiles")
            text.append(f" + {money(b['estates_bonus'])} estates bonus\n")
        return text

    def on_mount(self) -> None:
        self.query_one("#standings", StandingsView).show(self.results)

    def action_new_game(self) -> None:
        app = self.app
        assert isinstance(app, LifespinApp)
        app.new_setup(self.ctl)

    def action_save(self) -> None:
        def save(path: str | None) -> None:
            if path:
                self.notify(f"Saved to {self.ctl.save(path)}")

        self.app.push_screen(PathScreen("Save the game to", self.ctl.default_path()), save)

    def action_board(self) -> None:
        self.app.pop_screen()


# ---------------------------------------------------------------- the app


class LifespinApp(App[Record | None]):
    """The terminal game. Give it a Controller to start playing at once, or
    none for the set-up screen; `exit` returns the last game's record."""

    CSS_PATH = "app.tcss"
    TITLE = "lifespin"
    ENABLE_COMMAND_PALETTE = False
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit"),
    ]

    def __init__(
        self,
        controller: Controller | None = None,
        *,
        edition: str = "classic",
        seed: int | None = None,
        seats: Sequence[SeatSpec] | None = None,
        options: Mapping[str, Any] | None = None,
        bot_delay: float = 0.5,
        spin_animation: bool = True,
        advisor_rollouts: int | None = None,
    ) -> None:
        super().__init__()
        self.ctl = controller
        self.edition = edition
        self.seed = seed
        self.seats = list(seats) if seats else None
        self.options = dict(options or {})
        #: Seconds between bot moves (0: instant); + and - change it.
        self.bot_delay = bot_delay
        #: Whether the wheel animates (off in tests).
        self.spin_animation = spin_animation
        self.advisor_rollouts = advisor_rollouts
        #: The last file saved or loaded (the load dialog offers it).
        self.last_path: str | None = None

    def on_mount(self) -> None:
        if self.ctl is not None:
            self.push_screen(GameScreen(self.ctl))
        else:
            self.push_screen(SetupScreen(self.edition, self.seed, self.seats))

    @property
    def game(self) -> GameScreen | None:
        """The game screen, if a game is on."""
        for screen in reversed(self.screen_stack):
            if isinstance(screen, GameScreen):
                return screen
        return None

    def start_game(self, ctl: Controller) -> None:
        """Play `ctl`'s game (from the set-up screen, or a loaded record)."""
        self.ctl = ctl
        while len(self.screen_stack) > 2:
            self.pop_screen()
        self.switch_screen(GameScreen(ctl))

    def new_setup(self, ctl: Controller | None = None) -> None:
        """Back to the set-up screen, with the last game's seats."""
        seats = ctl.seats if ctl else self.seats
        edition = ctl.state.rules.id if ctl else self.edition
        while len(self.screen_stack) > 2:
            self.pop_screen()
        self.switch_screen(SetupScreen(edition, None, seats))

    def load(self, path: str | None) -> None:
        """Resume the game saved at `path` (the seats' players kept by name)."""
        if not path:
            return
        try:
            record = Record.load(path)
            seats = None
            if self.ctl is not None and list(record.players) == [s.name for s in self.ctl.seats]:
                seats = self.ctl.seats
            ctl = Controller.from_record(record, seats)
        except LifespinError as exc:
            self.notify(str(exc), severity="error", timeout=10)
            return
        self.last_path = path
        self.notify(f"Loaded {path}")
        self.start_game(ctl)

    def change_speed(self, step: int) -> None:
        """Step the bots' speed through SPEEDS (-1: faster)."""
        k = min(range(len(SPEEDS)), key=lambda i: abs(SPEEDS[i] - self.bot_delay))
        self.bot_delay = SPEEDS[max(0, min(len(SPEEDS) - 1, k + step))]

    async def action_quit(self) -> None:
        """Quit; a game still in play asks first, and offers to save it."""
        ctl = self.ctl
        if ctl is None or ctl.state.is_terminal or ctl.state.move_number == 0 \
                or isinstance(self.screen, QuitScreen) or self.game is None:
            self.exit(ctl.record() if ctl is not None else None)
            return

        def saved(path: str | None) -> None:
            if not path:
                return  # cancelled: back to the game
            try:
                where = ctl.save(path)
            except OSError as exc:
                self.notify(f"cannot save to {path}: {exc.strerror}", severity="error")
                return
            self.last_path = str(where)
            self.exit(ctl.record())

        def answered(answer: str | None) -> None:
            if answer == "quit":
                self.exit(ctl.record())
            elif answer == "save":
                self.push_screen(PathScreen("Save the game to, then quit",
                                            self.last_path or ctl.default_path()), saved)

        self.push_screen(QuitScreen(ctl.state.move_number), answered)


def run(
    edition: str = "classic",
    players: int | str | Sequence[str | SeatSpec] | None = None,
    seed: int | None = None,
    record: str | Path | None = None,
    options: Mapping[str, Any] | None = None,
    bot_speed: float | str = "normal",
) -> Record | None:
    """Play in the terminal; the last game's record when the player quits.

    Args:
        edition: an edition name or path (a record brings its own).
        players: None for the set-up screen; a count (you and bots); or one
            entry per seat (a string of them, comma-separated): ``"Ana"`` (a
            person), ``"bot:hard"``, ``"Ana=bot:hard"`` (see
            `lifespin.table.parse_seats`), or SeatSpecs.
        seed: the chance stream's seed (None: a random one, shown on screen).
        record: a saved game (JSON file) to resume; `players`, if given, say
            who plays each of its seats.
        options: house rules for a new game.
        bot_speed: seconds between bot moves, or instant / fast / normal / slow.

    Raises:
        RecordError, EditionError, ValueError: before the screen opens, for a
            record that does not replay, an unknown edition or bad players.
    """
    delay = parse_speed(bot_speed)
    ctl: Controller | None = None
    seats = parse_seats(players) if players is not None else None
    if record is not None:
        ctl = Controller.from_record(Record.load(record), seats)
    elif seats is not None:
        ctl = Controller.new(edition, seats, seed, options)
    else:
        load_edition(edition)  # an unknown edition fails here, not on the set-up screen
    app = LifespinApp(ctl, edition=edition, seed=seed, seats=seats, options=options,
                      bot_delay=delay)
    if record is not None:
        app.last_path = str(record)
    return app.run()
