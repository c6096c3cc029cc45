"""The `lifespin` command line: play, simulate, replay, edition.

Every user error (a bad edition, house rule, record, player list or path) ends
with a one-line message on stderr naming the bad input and exit status 2, never
a traceback. Heavy modules (the simulator, rich's tables and progress bar) are
imported inside the commands that use them.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

if TYPE_CHECKING:
    from rich.console import Console

    from .bots import Bot
    from .editions import Edition
    from .engine import Action, State
    from .engine.ruleset import Ruleset, SpaceSpec
    from .record import Record

__all__ = ["app", "fail", "path_range"]

app = typer.Typer(
    name="lifespin",
    help="The family spin-and-move game of Life: play it, simulate it, replay it.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
edition_app = typer.Typer(
    help="List, describe and check editions (the rules as data).",
    no_args_is_help=True,
)
app.add_typer(edition_app, name="edition")


def _register_tournament() -> None:
    from .cli_tournament import register

    register(app)


_register_tournament()

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


def _say(text: str = "") -> None:
    print(text, flush=True)


def _console(stderr: bool = False) -> Console:
    """A rich console on stdout (or stderr); wide when not a terminal, so
    tables piped to a file are never squeezed."""
    from rich.console import Console

    stream = sys.stderr if stderr else sys.stdout
    tty = stream.isatty()
    return Console(file=stream, width=None if tty else 200, highlight=False,
                   emoji=False, soft_wrap=not tty)


def _load(edition: str) -> Edition:
    from .editions import load_edition
    from .errors import EditionError

    try:
        return load_edition(edition)
    except EditionError as exc:
        fail(str(exc))


def _parse_options(items: Sequence[str] | None) -> dict[str, str]:
    options: dict[str, str] = {}
    for item in items or ():
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            fail(f"--option {item!r}: write NAME=VALUE, e.g. --option police_fine=5000")
        options[name.strip()] = value.strip()
    return options


def _resolve(ed: Edition, options: Mapping[str, Any]) -> dict[str, Any]:
    from .errors import EditionError

    try:
        return ed.resolve_options(options)
    except EditionError as exc:
        fail(str(exc))


def _new_game(ed: Edition, players: int | Sequence[str], options: Mapping[str, Any]) -> State:
    from .editions import new_game
    from .errors import EditionError

    try:
        return new_game(ed, players, options)
    except (EditionError, ValueError) as exc:
        fail(str(exc))


def _money(amount: float) -> str:
    value = round(amount)
    return f"-${-value:,}" if value < 0 else f"${value:,}"


def _version_callback(value: bool) -> None:
    if value:
        from . import __version__

        typer.echo(f"lifespin {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version_callback, is_eager=True,
                     help="Print the version and exit."),
    ] = False,
) -> None:
    """The family spin-and-move game of Life: play it, simulate it, replay it."""


# ---------------------------------------------------------------- simulate


@app.command()
def simulate(
    edition: EditionOpt = "classic",
    players: Annotated[int, typer.Option("--players", "-p", min=1, help="Seats per game.")] = 4,
    games: Annotated[int, typer.Option("--games", "-n", min=1, help="How many games.")] = 100,
    seed: Annotated[int, typer.Option("--seed", "-s", help="The batch seed.")] = 0,
    jobs: Annotated[
        int | None,
        typer.Option("--jobs", "-j", min=1, help="Processes (default: all cores); the "
                     "results do not depend on it."),
    ] = None,
    bots: Annotated[
        str | None,
        typer.Option("--bots", help="Comma-separated bot per seat, e.g. random,random "
                     "(one name: every seat)."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the figures as JSON.")] = False,
    records: Annotated[
        Path | None,
        typer.Option("--records", file_okay=False,
                     help="Write each game's record to DIR/game-<index>.json."),
    ] = None,
    option: OptionOpt = None,
) -> None:
    """Play many games with bots and report win rates, worth, turns and choices."""
    import time

    from .bots import BOTS, make_bot
    from .record import Record
    from .sim import play_many
    from .sim.stats import Aggregator

    ed = _load(edition)
    options = _parse_options(option)
    resolved = _resolve(ed, options)
    _new_game(ed, players, options)  # the seat count is checked before any process starts
    bot_names: list[str] | None = None
    if bots is not None:
        bot_names = [b.strip() for b in bots.split(",")]
        if len(bot_names) == 1:
            bot_names *= players
        if len(bot_names) != players:
            fail(f"--bots {bots!r} names {len(bot_names)} bots for {players} players")
        for name in bot_names:
            try:
                make_bot(name)
            except ValueError:
                fail(f"--bots: unknown bot {name!r}; known: {', '.join(BOTS)}")
    if records is not None:
        try:
            records.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            fail(f"--records {str(records)!r}: cannot create the folder ({exc.strerror})")

    agg = Aggregator()
    started = time.perf_counter()
    summaries = play_many(ed.source if _is_path(edition) else edition, players, games, seed,
                          bots=bot_names, options=options, jobs=jobs,
                          keep_records=records is not None)
    try:
        for summary in _with_progress(summaries, games, enabled=not as_json):
            agg.add(summary)
            if records is not None and summary.record is not None:
                target = records / f"game-{summary.index}.json"
                try:
                    Record.from_json(summary.record).save(target)
                except OSError as exc:
                    fail(f"cannot write {str(target)!r} ({exc.strerror})")
    except KeyboardInterrupt:
        sys.stderr.write(f"interrupted after {agg.games} of {games} games\n")
        raise typer.Exit(EXIT_INTERRUPTED) from None
    finally:
        # Closing the batch cancels the games not yet started, so leaving early
        # (Ctrl-C, a failed write) does not wait for the whole batch.
        close = getattr(summaries, "close", None)
        if close is not None:
            close()
    elapsed = time.perf_counter() - started
    stats = agg.to_dict()
    setup = {
        "edition": ed.id,
        "edition_version": ed.version,
        "options": resolved,
        "players": players,
        "games": games,
        "seed": seed,
        "bots": bot_names or ["random"] * players,
    }
    if as_json:
        typer.echo(json.dumps({**setup, **stats}, indent=2))
        return
    _print_simulation(ed, setup, stats, elapsed)


def _is_path(edition: str) -> bool:
    from .editions import available

    return edition not in available()


def _with_progress(items: Iterator[Any], total: int, enabled: bool) -> Iterator[Any]:
    """Yield `items`, drawing a progress bar on stderr when it is a terminal."""
    if not enabled or not sys.stderr.isatty():
        yield from items
        return
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    with Progress(TextColumn("games"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  TimeRemainingColumn(), console=_console(stderr=True), transient=True) as bar:
        task = bar.add_task("games", total=total)
        for item in items:
            yield item
            bar.advance(task)


def _print_simulation(ed: Edition, setup: Mapping[str, Any], stats: Mapping[str, Any],
                      elapsed: float) -> None:
    from rich.table import Table

    from .narrate import money

    con = _console()
    n = stats["games"]
    opts = ", ".join(f"{k}={v}" for k, v in setup["options"].items()
                     if v != ed.default_options().get(k))
    con.print(f"{ed.title} {ed.version}: {n} games, {setup['players']} players, "
              f"seed {setup['seed']}, bots {','.join(setup['bots'])}"
              + (f", house rules {opts}" if opts else ""), markup=False)
    rate = n / elapsed if elapsed > 0 else float("inf")
    con.print(f"played in {elapsed:.2f} s ({rate:,.{0 if rate >= 100 else 2}f} games/s)",
              markup=False)

    seats = Table(title="Wins and final worth by seat")
    for col in ("seat", "bot", "wins", "win rate", "95% interval", "worth mean", "worth sd",
                "worth min", "worth max"):
        seats.add_column(col, justify="left" if col == "bot" else "right")
    for row in stats["seats"]:
        lo, hi = row["win_rate_ci95"]
        w = row["worth"]
        seats.add_row(
            str(row["seat"]), setup["bots"][row["seat"]], f"{row['wins']:g}",
            f"{row['win_rate']:.1%}", f"{lo:.1%} - {hi:.1%}", _money(w["mean"]),
            _money(w["sd"]), money(w["min"]), money(w["max"]),
        )
    con.print(seats)
    if stats["shared_wins"]:
        con.print(f"{stats['shared_wins']} game(s) ended in a tie for first; each tied "
                  "player counts a share of the win.", markup=False)
    figures = stats.get("edition_figures", {})
    if "tycoon_win_rate" in figures:
        t = figures["tycoon_win_rate"]
        lo, hi = t["ci95"]
        con.print(f"Won by a Tycoon: {t['rate']:.1%} of games ({lo:.1%} - {hi:.1%}); "
                  f"{figures['poor_farm_per_game']:.2f} players per game end at the Poor Farm.",
                  markup=False)
    if "decided_by_spin_to_win" in figures:
        w = figures["decided_by_spin_to_win"]
        lo, hi = w["ci95"]
        con.print(f"Decided by Spin to Win (the winner's net Spin to Win money is more than "
                  f"its margin): {w['rate']:.1%} of {w['of']} games with a clear winner "
                  f"({lo:.1%} - {hi:.1%}).", markup=False)

    parts = list(stats["seats"][0]["breakdown"]) if stats["seats"] else []
    worth = Table(title="Worth by part: mean (sd)")
    worth.add_column("seat", justify="right")
    for part in parts:
        worth.add_column(part.replace("_", " "), justify="right")
    for row in stats["seats"]:
        worth.add_row(str(row["seat"]), *(
            f"{_money(row['breakdown'][p]['mean'])} ({_money(row['breakdown'][p]['sd'])})"
            for p in parts
        ))
    con.print(worth)

    length = Table(title="Game length")
    for col in ("", "mean", "sd", "min", "max"):
        length.add_column(col, justify="left" if not col else "right")
    for label, key in (("turns per game", ("turns", "per_game")),
                       ("turns per player", ("turns", "per_player"))):
        s = stats[key[0]][key[1]]
        length.add_row(label, f"{s['mean']:.1f}", f"{s['sd']:.1f}", str(s["min"]),
                       str(s["max"]))
    for label, name in (("actions per game", "actions_per_game"),
                        ("paydays per player", "paydays_per_player")):
        s = stats[name]
        length.add_row(label, f"{s['mean']:.1f}", f"{s['sd']:.1f}", str(s["min"]),
                       str(s["max"]))
    con.print(length)

    choices = Table(title="Choices taken (spins not counted)")
    choices.add_column("choice")
    choices.add_column("times", justify="right")
    choices.add_column("per game", justify="right")
    for name, c in stats["choices"].items():
        choices.add_row(name, str(c["count"]), f"{c['per_game']:.2f}")
    con.print(choices)


# ---------------------------------------------------------------- play


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


# Decisions whose events already say what was chosen (so the narration does
# not repeat it): "Bot 1 buys stock 8." needs no "Bot 1 chooses to buy stock 8".
_TOLD_BY_EVENTS = frozenset({
    "spin", "start", "buy_stock", "buy_insurance", "repay_loan", "choose_career",
    "choose_salary", "buy_house", "free_stock", "return_stock", "retire", "trade_salary",
    "trade_tiles", "take_from", "second_career", "night_school",
})


class _Stop(Exception):
    """The player's input ended (EOF) or they typed quit."""


def _parse_players(text: str) -> tuple[list[str], list[Bot | None]]:
    from .bots import BOTS, make_bot

    names: list[str] = []
    seat_bots: list[Bot | None] = []
    for i, raw in enumerate(text.split(",")):
        item = raw.strip()
        if not item:
            fail(f"--players {text!r}: player {i + 1} has no name")
        low = item.lower()
        if low == "bot" or low.startswith("bot:"):
            kind = "random" if low == "bot" else item[4:].strip()
            try:
                seat_bots.append(make_bot(kind))
            except ValueError:
                fail(f"--players: unknown bot {item!r}; known: "
                     + ", ".join(f"bot:{b}" for b in BOTS))
            names.append(f"Bot {sum(b is not None for b in seat_bots)}")
        else:
            seat_bots.append(None)
            names.append(item)
    seen: set[str] = set()
    for name in names:
        if name in seen:
            fail(f"--players {text!r}: two players are named {name!r}")
        seen.add(name)
    return names, seat_bots


def _read(prompt: str) -> str:
    """One line from the player; _Stop at the end of input."""
    try:
        line = input(prompt)
    except EOFError:
        _say()
        raise _Stop from None
    if not sys.stdin.isatty():
        _say(line)  # echo piped input, so a transcript reads like a session
    return line.strip()


def _status(state: State, seat: int) -> str:
    from .narrate import money, space_text

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
    from .narrate import describe_action, stock_number

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
    from .narrate import money

    r = state.rules
    head = (f"     buy a stock for {money(r.stock_price)} (it pays {money(r.stock_payout)} "
            "whenever anyone spins its number):")
    return [head] + [("  " + " ".join(items[k:k + 5])).rstrip()
                     for k in range(0, len(items), 5)]


def _human_turn(state: State, seat: int) -> State:
    """Ask `seat` for a choice until one is legal; the state it leads to."""
    from .engine import Action
    from .errors import IllegalActionError, InvalidActionError

    legal = state.legal_actions()
    name = state.names[seat]

    def show() -> None:
        _say()
        _say(f"{name}, {_QUESTIONS.get(state.phase, state.phase)}")
        _say(f"  {_status(state, seat)}")
        for line in _choice_lines(state, legal):
            _say(line)

    show()
    while True:
        line = _read(f"{name}> ")
        if not line:
            _say(f"  type a number from 1 to {len(legal)}, or an action such as "
                 f"{str(legal[0])!r} ('?' lists the choices, 'quit' stops)")
            continue
        if line in ("?", "help"):
            show()
            continue
        if line.lower() in ("quit", "exit"):
            raise _Stop
        if line.isdigit():
            k = int(line)
            if not 1 <= k <= len(legal):
                _say(f"  there is no choice {k}: pick 1 to {len(legal)}")
                continue
            return state.apply(legal[k - 1])
        try:
            return state.play(Action.parse(line))
        except (InvalidActionError, IllegalActionError) as exc:
            _say(f"  {exc}")


def _save(record: Record, path: Path | str, strict: bool) -> None:
    try:
        record.save(path)
    except OSError as exc:
        msg = f"cannot save the record to {str(path)!r} ({exc.strerror})"
        if strict:
            fail(msg)
        sys.stderr.write(f"error: {msg}\n")
        return
    _say(f"Saved the game record to {path} (replay it with: lifespin replay {path})")


def _standings(state: State) -> None:
    from rich.table import Table

    from .narrate import RETIRE_PLACES, money

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
    _console().print(table)


@app.command()
def play(
    edition: EditionOpt = "classic",
    players: Annotated[
        str,
        typer.Option("--players", "-p", help="Comma-separated names; 'bot' (or 'bot:random') "
                     "is a bot seat."),
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

    if not plain and sys.stdin.isatty() and sys.stdout.isatty():
        from .tui import run as run_tui

        speed: float | str = bot_speed
        with contextlib.suppress(ValueError):
            speed = float(bot_speed)
        from .errors import LifespinError

        try:
            final = run_tui(edition, players, seed, load, _parse_options(option), speed)
        except (LifespinError, ValueError) as exc:
            fail(str(exc))
        if final is not None and record is not None:
            _save(final, record, strict=True)
        return

    from .engine import CHANCE
    from .narrate import describe_action, describe_events
    from .record import Record
    from .rng import Stream
    from .sim.driver import bot_action

    ed = _load(edition)
    options = _parse_options(option)
    names, seat_bots = _parse_players(players)
    state = _new_game(ed, names, options)
    if record is not None and not record.parent.is_dir():
        fail(f"--record {str(record)!r}: the folder {str(record.parent)!r} does not exist")
    if seed is None:
        seed = int.from_bytes(os.urandom(6), "big")
    _say(f"{ed.title} {ed.version}. Players: {', '.join(names)}.")
    _say(f"Seed {seed} (play the same spins again with --seed {seed}).")

    chance = Stream(seed)
    announced = False
    try:
        while not state.is_terminal:
            cp = state.current_player
            if cp == CHANCE:
                outcomes = state.chance_outcomes()
                state = state.apply(outcomes[chance.next_u64() % len(outcomes)])
            else:
                if not announced:
                    _say(f"It is {state.names[cp]}'s turn.")
                    announced = True
                bot = seat_bots[cp]
                if bot is None:
                    state = _human_turn(state, cp)
                else:
                    # Exactly as lifespin.sim.play_state calls bots, so an all-bot
                    # game here is the simulator's game for the same seed.
                    action = bot_action(bot, state, seed)
                    if action.kind not in _TOLD_BY_EVENTS:
                        _say(f"{state.names[cp]} chooses to {describe_action(state, action)}.")
                    state = state.apply(action)
            for line in describe_events(state):
                _say(line)
    except _Stop:
        _say(f"Input ended: the game stops at move {state.move_number}, unfinished.")
        if record is not None:
            _save(Record.from_state(state, seed), record, strict=True)
        return
    except KeyboardInterrupt:
        _say()
        _say(f"Interrupted at move {state.move_number}.")
        try:
            answer = input("save the game record to a file? [path/empty] ").strip()
        except (EOFError, KeyboardInterrupt):
            answer = ""
        target: Path | str | None = answer or record
        if target:
            _save(Record.from_state(state, seed), target, strict=False)
        raise typer.Exit(EXIT_INTERRUPTED) from None

    _say()
    _standings(state)
    if record is not None:
        _save(Record.from_state(state, seed), record, strict=True)


# ---------------------------------------------------------------- serve


@app.command()
def serve(
    host: Annotated[
        str | None,
        typer.Option("--host", help="Address to listen on (default 127.0.0.1, or "
                     "LIFESPIN_HOST)."),
    ] = None,
    port: Annotated[
        int | None,
        typer.Option("--port", min=1, max=65535, help="Port (default 8000, or LIFESPIN_PORT)."),
    ] = None,
    database_url: Annotated[
        str | None,
        typer.Option("--database-url", help="SQLAlchemy URL (default: an SQLite file, or "
                     "LIFESPIN_DATABASE_URL; PostgreSQL: postgresql+psycopg://...)."),
    ] = None,
) -> None:
    """Start the browser game: open the printed address, set up a game, send each
    friend their seat's link; bots fill the empty seats."""
    from .web import serve as run_server

    run_server(host=host, port=port, database_url=database_url)


# ---------------------------------------------------------------- replay


@app.command()
def replay(
    file: Annotated[Path, typer.Argument(help="A saved game (JSON record).")],
    step: Annotated[bool, typer.Option("--step", help="Wait for Enter between turns.")] = False,
    edition: Annotated[
        str | None,
        typer.Option("--edition", "-e", help="Replay with this edition (name or path) "
                     "instead of the one the record names."),
    ] = None,
) -> None:
    """Tell a recorded game in words, action by action."""
    from .engine import Action
    from .engine import events as ev
    from .errors import RecordError
    from .narrate import describe_action, describe_event
    from .record import Record, replay_states

    try:
        rec = Record.load(file)
    except RecordError as exc:
        fail(str(exc))
    opts = ", ".join(f"{k}={v}" for k, v in rec.options.items())
    _say(f"Replaying {file}: {rec.edition} {rec.edition_version}, players "
         f"{', '.join(rec.players)}, seed {rec.seed}, {len(rec.actions)} actions"
         + (f" (house rules: {opts})" if opts else "") + ".")
    states = replay_states(rec, edition)
    state: State | None = None
    try:
        state = next(states)
        announced = False
        for i, after in enumerate(states):
            action = Action.parse(rec.actions[i])
            cp = state.current_player
            if cp >= 0 and not announced:
                _say(f"It is {state.names[cp]}'s turn.")
                announced = True
            if cp >= 0 and action.kind not in _TOLD_BY_EVENTS:
                _say(f"{state.names[cp]} chooses to {describe_action(state, action)}.")
            for e in after.events:
                if step and isinstance(e, ev.TurnStarted):
                    step = _pause()
                _say(describe_event(after, e))
            state = after
    except RecordError as exc:
        fail(str(exc))
    except _Stop:
        assert state is not None
        _say(f"Stopped at move {state.move_number}.")
        return
    assert state is not None
    _say()
    if state.is_terminal:
        _standings(state)
    else:
        _say(f"The record ends at move {state.move_number}, before the game is over "
             f"({state.describe()}).")


def _pause() -> bool:
    """Wait for Enter; False when input has ended (stop waiting), _Stop on q."""
    try:
        line = input("-- Enter: next turn, q: stop -- ")
    except EOFError:
        _say()
        return False
    if line.strip().lower() in ("q", "quit"):
        raise _Stop
    return True


# ---------------------------------------------------------------- edition


@edition_app.command("list")
def edition_list() -> None:
    """The editions that ship with lifespin."""
    from rich.table import Table

    from .editions import available, load_edition
    from .errors import EditionError

    table = Table(title="Editions")
    for col in ("name", "title", "version"):
        table.add_column(col)
    for name in available():
        try:
            ed = load_edition(name)
        except EditionError as exc:
            table.add_row(name, f"(does not load: {exc})", "")
            continue
        table.add_row(name, ed.title, ed.version)
    _console().print(table)


def path_range(spaces: Sequence[SpaceSpec], start: int) -> tuple[int | None, int | None]:
    """The fewest and the most spaces a car moves from `start` to a retire space.

    The most is None when the track from `start` has a loop (no upper bound);
    either is None when no retire space can be reached.
    """
    from collections import deque

    def is_end(i: int) -> bool:
        return spaces[i].effect_name == "retire"

    fewest: int | None = None
    dist = {start: 0}
    queue = deque([start])
    while queue:
        i = queue.popleft()
        if is_end(i):
            fewest = dist[i]
            break
        for j in spaces[i].next:
            if j not in dist:
                dist[j] = dist[i] + 1
                queue.append(j)

    # Longest path: depth-first, post-order, over what `start` reaches.
    GREY, BLACK = 1, 2
    colour: dict[int, int] = {start: GREY}
    most: dict[int, int | None] = {}
    stack: list[tuple[int, int]] = [(start, 0)]
    while stack:
        i, k = stack.pop()
        nxt = () if is_end(i) else spaces[i].next
        if k < len(nxt):
            stack.append((i, k + 1))
            j = nxt[k]
            c = colour.get(j)
            if c == GREY:
                return fewest, None  # a loop: no longest path
            if c is None:
                colour[j] = GREY
                stack.append((j, 0))
            continue
        colour[i] = BLACK
        if is_end(i):
            most[i] = 0
        else:
            tails = [m for j in nxt if (m := most.get(j)) is not None]
            most[i] = 1 + max(tails) if tails else None
    return fewest, most.get(start)


def _track_lengths(rules: Ruleset) -> list[tuple[str, str, int | None, int | None]]:
    out = []
    for start in rules.starts:
        lo, hi = path_range(rules.spaces, start)
        sp = rules.spaces[start]
        out.append((sp.id, sp.label, lo, hi))
    return out


@edition_app.command("show")
def edition_show(
    name: Annotated[str, typer.Argument(metavar="NAME_OR_PATH",
                                        help="An edition name or a path to an edition.toml.")],
) -> None:
    """Describe an edition: sources, rule choices, rules, house rules, board and decks."""
    from collections import Counter

    from rich.table import Table

    from .narrate import money

    ed = _load(name)
    f = ed.file
    meta = f.metadata
    con = _console()
    con.print(f"{meta.title}  [{meta.id} {meta.version}" + (f", {meta.era}" if meta.era else "")
              + "]", markup=False)
    con.print(f"file: {ed.source}", markup=False)
    if meta.summary:
        con.print()
        con.print(meta.summary, markup=False)
    if meta.sources:
        con.print()
        con.print("Sources:")
        for src in meta.sources:
            con.print(f"  - {src}", markup=False)

    if meta.choices:
        choices = Table(title="Rule choices (where sources conflict)", show_lines=True)
        for col in ("topic", "choice", "why", "house rule"):
            choices.add_column(col, overflow="fold")
        for c in meta.choices:
            choices.add_row(c.topic, c.choice, c.why, c.option or "-")
        con.print(choices)

    rules = Table(title="Rules")
    rules.add_column("rule")
    rules.add_column("value", justify="right")
    for key, value in f.rules.model_dump().items():
        rules.add_row(key, str(value).lower() if isinstance(value, bool) else str(value))
    con.print(rules)

    if f.options:
        opts = Table(title="House rules (--option NAME=VALUE)")
        for col in ("name", "type", "default", "values", "description"):
            opts.add_column(col, overflow="fold")
        for oname, opt in f.options.items():
            if opt.type == "choice":
                values = " | ".join(opt.choices)
            elif opt.type == "bool":
                values = "true | false"
            else:
                low = "" if opt.min is None else str(opt.min)
                values = f"{low}..{'' if opt.max is None else opt.max}"
            default = str(opt.default)
            if isinstance(opt.default, bool):
                default = default.lower()
            opts.add_row(oname, opt.type, default, values, opt.description)
        con.print(opts)

    effects = Counter(sp.effect for sp in f.spaces)
    board = Table(title=f"Spaces by effect ({len(f.spaces)} in all)")
    board.add_column("effect")
    board.add_column("spaces", justify="right")
    for effect, count in sorted(effects.items(), key=lambda kv: (-kv[1], kv[0])):
        board.add_row(effect, str(count))
    con.print(board)

    decks = Table(title="Decks")
    decks.add_column("deck")
    decks.add_column("cards", justify="right")
    decks.add_column("notes")
    degree = sum(c.degree for c in f.careers)
    decks.add_row("careers", str(len(f.careers)), f"{degree} need a degree" if degree else "")
    if f.salaries:
        amounts = [s.amount for s in f.salaries]
        decks.add_row("salaries", str(len(f.salaries)),
                      f"{money(min(amounts))} to {money(max(amounts))}")
    else:
        decks.add_row("salaries", "0", "")
    if f.houses:
        prices = [h.price for h in f.houses]
        decks.add_row("houses", str(len(f.houses)),
                      f"{money(min(prices))} to {money(max(prices))}")
    else:
        decks.add_row("houses", "0", "")
    decks.add_row("stocks", str(len(f.stocks)), "")
    decks.add_row("LIFE tiles", str(len(f.life_tiles)),
                  f"{money(sum(t.value for t in f.life_tiles))} in all")
    con.print(decks)

    paths = Table(title="From each start to retirement (spaces moved)")
    for col in ("start", "label", "fewest", "most"):
        paths.add_column(col, justify="right" if col in ("fewest", "most") else "left")
    for sid, label, lo, hi in _track_lengths(ed.ruleset()):
        paths.add_row(sid, label, "-" if lo is None else str(lo),
                      "unbounded (a loop)" if hi is None else str(hi))
    con.print(paths)


@edition_app.command("validate")
def edition_validate(
    file: Annotated[str, typer.Argument(metavar="FILE", help="An edition.toml to check.")],
) -> None:
    """Check an edition file: 'ok' and exit 0, or the first problem and exit 2."""
    ed = _load(file)
    typer.echo(f"ok: {ed.title} {ed.version}")


@edition_app.command("schema")
def edition_schema() -> None:
    """Print the JSON Schema of edition files (for editors)."""
    from .editions.schema import EditionFile

    typer.echo(json.dumps(EditionFile.model_json_schema(), indent=2))
