"""What the commands share: the common options, errors and output.

Every user error (a bad edition, house rule, record, player list or path) ends
with a one-line message on stderr naming the bad input and exit status 2, never
a traceback (`fail`). Heavy modules (rich's tables, the simulator) are imported
inside the functions that use them.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

if TYPE_CHECKING:
    from rich.console import Console

    from ..editions import Edition
    from ..engine import State
    from ..record import Record

__all__ = [
    "EXIT_INTERRUPTED",
    "EXIT_USAGE",
    "TOLD_BY_EVENTS",
    "EditionOpt",
    "OptionOpt",
    "Stop",
    "console",
    "fail",
    "is_path",
    "open_edition",
    "parse_options",
    "resolve_options",
    "save_record",
    "say",
    "signed_money",
    "standings",
    "start_game",
]

EXIT_USAGE = 2
EXIT_INTERRUPTED = 130

EditionOpt = Annotated[
    str,
    typer.Option("--edition", "-e", help="An edition name (see `lifespin edition list`) or a "
                 "path to an edition.toml."),
]
OptionOpt = Annotated[
    list[str] | None,
    typer.Option("--option", "-o", metavar="NAME=VALUE",
                 help="A house rule, e.g. police_fine=5000 (repeatable; "
                 "`lifespin edition show` lists them)."),
]


# ---------------------------------------------------------------- helpers


def fail(msg: str) -> NoReturn:
    """Print `msg` to stderr as an error and exit with status 2."""
    sys.stdout.flush()
    sys.stderr.write(f"error: {msg}\n")
    sys.stderr.flush()
    raise typer.Exit(EXIT_USAGE)


def say(text: str = "") -> None:
    """One line on stdout, flushed (a transcript keeps its order with stderr)."""
    print(text, flush=True)


def console(stderr: bool = False) -> Console:
    """A rich console on stdout (or stderr); wide when not a terminal, so
    tables piped to a file are never squeezed."""
    from rich.console import Console

    stream = sys.stderr if stderr else sys.stdout
    tty = stream.isatty()
    return Console(file=stream, width=None if tty else 200, highlight=False,
                   emoji=False, soft_wrap=not tty)


def open_edition(edition: str) -> Edition:
    from ..editions import load_edition
    from ..errors import EditionError

    try:
        return load_edition(edition)
    except EditionError as exc:
        fail(str(exc))


def parse_options(items: Sequence[str] | None) -> dict[str, str]:
    options: dict[str, str] = {}
    for item in items or ():
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            fail(f"--option {item!r}: write NAME=VALUE, e.g. --option police_fine=5000")
        options[name.strip()] = value.strip()
    return options


def resolve_options(ed: Edition, options: Mapping[str, Any]) -> dict[str, Any]:
    from ..errors import EditionError

    try:
        return ed.resolve_options(options)
    except EditionError as exc:
        fail(str(exc))


def start_game(ed: Edition, players: int | Sequence[str], options: Mapping[str, Any]) -> State:
    from ..editions import new_game
    from ..errors import EditionError

    try:
        return new_game(ed, players, options)
    except (EditionError, ValueError) as exc:
        fail(str(exc))


def signed_money(amount: float) -> str:
    """A whole number of dollars (a mean, a spread) with its sign: -$1,234."""
    value = round(amount)
    return f"-${-value:,}" if value < 0 else f"${value:,}"


def is_path(edition: str) -> bool:
    """Whether `edition` names a file rather than a built-in edition."""
    from ..editions import available

    return edition not in available()


# Decisions whose events already say what was chosen (so the narration does
# not repeat it): "Bot 1 buys stock 8." needs no "Bot 1 chooses to buy stock 8".
TOLD_BY_EVENTS = frozenset({
    "spin", "start", "buy_stock", "buy_insurance", "repay_loan", "borrow", "choose_career",
    "choose_salary", "buy_house", "free_stock", "return_stock", "retire", "trade_salary",
    "trade_tiles", "take_from", "second_career", "night_school",
})


class Stop(Exception):
    """The player's input ended (EOF) or they typed quit."""


def save_record(record: Record, path: Path | str, strict: bool) -> None:
    """Save `record` to `path` and say so; a failure is `fail` when `strict`,
    else only said on stderr."""
    try:
        record.save(path)
    except OSError as exc:
        msg = f"cannot save the record to {str(path)!r} ({exc.strerror})"
        if strict:
            fail(msg)
        sys.stderr.write(f"error: {msg}\n")
        return
    say(f"Saved the game record to {path} (replay it with: lifespin replay {path})")


def standings(state: State) -> None:
    """The final standings table, each worth broken down."""
    from rich.table import Table

    from ..narrate import RETIRE_PLACES, money

    table = Table(title="Final standings")
    for col in ("rank", "player", "worth", "cash", "house sale", "loans", "LIFE tiles",
                "estates bonus", "retired to"):
        table.add_column(col, justify="left" if col in ("player", "retired to") else "right")
    for row in state.results():
        b = row["breakdown"]
        table.add_row(
            str(row["rank"]), row["name"], money(row["worth"]), money(b["cash"]),
            money(b["house_sale"]), money(b["loans"]),
            money(b["life_tiles"]),
            money(b["estates_bonus"]),
            RETIRE_PLACES.get(row["retired"], str(row["retired"] or "-")),
        )
    console().print(table)

