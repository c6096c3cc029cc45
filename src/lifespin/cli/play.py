"""`lifespin play`: a game in the terminal, people and bots.

The Textual app when input and output are a terminal; otherwise (or with
--plain) a line-based game for pipes and screen readers. Both seat the players
with `lifespin.table.parse_seats` and play at a `lifespin.table.Table`.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from .common import (
    EXIT_INTERRUPTED,
    TOLD_BY_EVENTS,
    EditionOpt,
    OptionOpt,
    Stop,
    fail,
    open_edition,
    parse_options,
    save_record,
    say,
    standings,
    start_game,
)

if TYPE_CHECKING:
    from ..engine import Action, State
    from ..table import SeatSpec, Table

__all__ = ["play", "register"]


_QUESTIONS = {
    "turn": "your move",
    "branch": "which way?",
    "steal_from": "whose LIFE tile do you take?",
    "choose_career": "pick a career",
    "choose_salary": "pick a salary",
    "buy_house": "buy a house?",
    "sell_house": "sell your house?",
    "night_school": "go to night school?",
    "trade_salary": "swap salaries?",
    "free_stock": "pick a free stock",
    "return_stock": "which stock do you give back?",
    "retire_where": "where do you retire?",
}


def _read(prompt: str) -> str:
    """One line from the player; Stop at the end of input."""
    try:
        line = input(prompt)
    except EOFError:
        say()
        raise Stop from None
    if not sys.stdin.isatty():
        say(line)  # echo piped input, so a transcript reads like a session
    return line.strip()


def _status(state: State, seat: int) -> str:
    from ..narrate import money, space_text

    me = state.view(seat)["players"][seat]
    bits = [f"cash {money(me['cash'])}", f"loans {me['loans']}"
            + (f" ({money(me['debt'])} to repay)" if me["loans"] else "")]
    second = me["second_career"]
    bits.append(f"career {me['career_name'] or 'none'}"
                + (f" + {state.rules.career(second).name}" if second else ""))
    bits.append(f"salary {money(me['salary']) if me['salary'] is not None else 'none'}")
    if me["house_name"]:
        bits.append(f"house {me['house_name']}")
    if me["stocks"]:
        bits.append("stock " + ", ".join(map(str, me["stocks"])))
    family = ("married" if me["spouse"] else "single") + (
        f", {me['children']} child{'ren' if me['children'] != 1 else ''}"
        if me["children"] else "")
    bits.append(family)
    bits.append(f"LIFE tiles {me['life_tiles']}")
    where = (space_text(state.rules, me["space"]) if me["space"] is not None
             else "not on the board yet")
    bits.append(f"at {where}")
    return " | ".join(bits)


def _choice_lines(state: State, legal: Sequence[Action]) -> list[str]:
    """The numbered choices, one a line; a run of stock purchases shares a few lines."""
    from ..narrate import describe_action, stock_number

    lines: list[str] = []
    stocks: list[str] = []
    for i, a in enumerate(legal, 1):
        if a.kind == "buy_stock":
            number = stock_number(state.rules, str(a.arg))
            stocks.append(f"{i:>3}) stock {number:<3}")
            continue
        if stocks:
            lines.extend(_stock_block(state, stocks))
            stocks = []
        lines.append(f"{i:>3}) {describe_action(state, a)}   [{a}]")
    if stocks:
        lines.extend(_stock_block(state, stocks))
    return lines


def _stock_block(state: State, items: list[str]) -> list[str]:
    from ..narrate import money

    r = state.rules
    head = (f"     buy a stock for {money(r.stock_price)} (it pays {money(r.stock_payout)} "
            "whenever anyone spins its number):")
    return [head] + [("  " + " ".join(items[k:k + 5])).rstrip()
                     for k in range(0, len(items), 5)]


def _human_turn(table: Table) -> None:
    """Ask the person to move for a choice until one is legal, and play it."""
    from ..engine import Action
    from ..errors import IllegalActionError, InvalidActionError

    state = table.state
    seat = state.current_player
    legal = state.legal_actions()
    name = state.names[seat]

    def show() -> None:
        say()
        say(f"{name}, {_QUESTIONS.get(state.phase, state.phase)}")
        say(f"  {_status(state, seat)}")
        for line in _choice_lines(state, legal):
            say(line)

    show()
    while True:
        line = _read(f"{name}> ")
        if not line:
            say(f"  type a number from 1 to {len(legal)}, or an action such as "
                f"{str(legal[0])!r} ('?' lists the choices, 'a' asks the advisor, "
                "'quit' stops)")
            continue
        if line in ("?", "help"):
            show()
            continue
        if line.lower() in ("a", "advice", "advise"):
            _advice(state, seat, legal)
            continue
        if line.lower() in ("quit", "exit"):
            raise Stop
        if line.isdigit():
            k = int(line)
            if not 1 <= k <= len(legal):
                say(f"  there is no choice {k}: pick 1 to {len(legal)}")
                continue
            table.play(legal[k - 1])
            return
        try:
            table.play(Action.parse(line))
            return
        except (InvalidActionError, IllegalActionError) as exc:
            say(f"  {exc}")


ADVISOR_SECONDS = 1.0
"""How long the advisor may play choices out in the line game (as the app's 'a')."""


def _advice(state: State, seat: int, legal: Sequence[Action]) -> None:
    """The advisor's chance of winning after each choice, numbered as the menu is."""
    from ..bots import advise
    from ..bots.advisor import verdicts
    from ..narrate import describe_action
    from ..rng import derive_seed

    say("  the advisor plays each choice out, from what you can see, "
        f"for up to {ADVISOR_SECONDS:g} s...")
    try:
        rows = advise(state, seat, budget=ADVISOR_SECONDS,
                      seed=derive_seed(0, 3, state.move_number))
    except Exception as exc:  # a broken advisor must not end the game
        say(f"  the advisor failed: {exc!r}")
        return
    number = {str(a): i for i, a in enumerate(legal, 1)}
    for row, verdict in zip(rows, verdicts(rows), strict=True):
        say(f"  {number.get(str(row.action), '?'):>3}) {describe_action(state, row.action)}: "
            f"{row.win:.0%} to win ({row.low:.0%}-{row.high:.0%}), {verdict}")
    say("  choices 'about the same' as the best are within the advisor's noise.")


def _seats(players: str) -> list[SeatSpec]:
    from ..table import parse_seats

    try:
        return parse_seats(players)
    except ValueError as exc:
        fail(f"--players {players!r}: {exc}")


def play(
    edition: EditionOpt = "classic",
    players: Annotated[
        str,
        typer.Option("--players", "-p", help="Comma-separated, one per seat: a name is a "
                     "person; 'bot' or 'bot:LEVEL' is a bot named for you, 'Ana=bot:LEVEL' a "
                     "bot called Ana (LEVEL: easy, normal, hard, heuristic, expert, random; "
                     "'bot' alone is normal)."),
    ] = "You,bot,bot,bot",
    seed: Annotated[
        int | None,
        typer.Option("--seed", "-s", help="Seed of the spins and draws (default: random, "
                     "printed at the start)."),
    ] = None,
    record: Annotated[
        Path | None,
        typer.Option("--record", "-r", dir_okay=False,
                     help="Save the game record here at the end (or when input ends)."),
    ] = None,
    option: OptionOpt = None,
    plain: Annotated[
        bool,
        typer.Option("--plain", help="The line-based game (for pipes and screen readers); "
                     "also used whenever input is not a terminal."),
    ] = False,
    load: Annotated[
        Path | None,
        typer.Option("--load", dir_okay=False, exists=True,
                     help="Go on with a saved game (the terminal app)."),
    ] = None,
    bot_speed: Annotated[
        str,
        typer.Option("--bot-speed", help="Bot pace in the terminal app: instant, fast, normal, "
                     "slow, or seconds per move."),
    ] = "normal",
) -> None:
    """Play a game in the terminal, people and bots (the Textual app; --plain for a
    line-based game that works with piped input)."""

    seats = _seats(players)
    if not plain and sys.stdin.isatty() and sys.stdout.isatty():
        from ..tui import run as run_tui

        speed: float | str = bot_speed
        with contextlib.suppress(ValueError):
            speed = float(bot_speed)
        from ..errors import LifespinError

        try:
            final = run_tui(edition, seats, seed, load, parse_options(option), speed)
        except (LifespinError, ValueError) as exc:
            fail(str(exc))
        if final is not None and record is not None:
            save_record(final, record, strict=True)
        return

    from ..narrate import describe_action, describe_events
    from ..table import Table, random_seed

    ed = open_edition(edition)
    options = parse_options(option)
    names = [s.name for s in seats]
    state = start_game(ed, names, options)
    if record is not None and not record.parent.is_dir():
        fail(f"--record {str(record)!r}: the folder {str(record.parent)!r} does not exist")
    if seed is None:
        seed = random_seed()
    say(f"{ed.title} {ed.version}. Players: {', '.join(names)}.")
    say(f"Seed {seed} (play the same spins again with --seed {seed}).")

    # Chance and the bots play exactly as lifespin.sim does, so an all-bot game
    # here is the simulator's game for the same seed.
    table = Table(state, seed, seats)
    announced = False

    def announce(seat: int) -> None:
        nonlocal announced
        if not announced:
            say(f"It is {names[seat]}'s turn.")
            announced = True

    try:
        while not table.is_terminal:
            for step in table.advance():
                if step.seat >= 0:
                    announce(step.seat)
                    if step.action.kind not in TOLD_BY_EVENTS:
                        say(f"{names[step.seat]} chooses to "
                            f"{describe_action(step.before, step.action)}.")
                for line in describe_events(step.after):
                    say(line)
                while table.notes:
                    say(table.notes.pop(0))
            if table.human_to_move:
                announce(table.current_player)
                _human_turn(table)
                for line in describe_events(table.state):
                    say(line)
    except Stop:
        say(f"Input ended: the game stops at move {table.state.move_number}, unfinished.")
        if record is not None:
            save_record(table.record(), record, strict=True)
        return
    except KeyboardInterrupt:
        say()
        say(f"Interrupted at move {table.state.move_number}.")
        try:
            answer = input("save the game record to a file? [path/empty] ").strip()
        except (EOFError, KeyboardInterrupt):
            answer = ""
        target: Path | str | None = answer or record
        if target:
            save_record(table.record(), target, strict=False)
        raise typer.Exit(EXIT_INTERRUPTED) from None

    say()
    standings(table.state)
    if record is not None:
        save_record(table.record(), record, strict=True)


def register(app: typer.Typer) -> None:
    """Add the `play` command to `app`."""
    app.command()(play)
