"""`lifespin simulate`: many games with bots, and their figures."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from .common import (
    EXIT_INTERRUPTED,
    EditionOpt,
    OptionOpt,
    console,
    fail,
    is_path,
    open_edition,
    parse_options,
    resolve_options,
    signed_money,
    start_game,
)

if TYPE_CHECKING:
    from ..editions import Edition

__all__ = ["register", "simulate"]


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

    from ..bots import BOTS, make_bot
    from ..record import Record
    from ..sim import play_many
    from ..sim.stats import Aggregator

    ed = open_edition(edition)
    options = parse_options(option)
    resolved = resolve_options(ed, options)
    start_game(ed, players, options)  # the seat count is checked before any process starts
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
            except ValueError as e:  # an unknown name, or a knob set that cannot be read
                fail(f"--bots: {e}" if name.startswith("knob:")
                     else f"--bots: unknown bot {name!r}; known: {', '.join(BOTS)}")
    if records is not None:
        try:
            records.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            fail(f"--records {str(records)!r}: cannot create the folder ({exc.strerror})")

    agg = Aggregator()
    started = time.perf_counter()
    summaries = play_many(ed.source if is_path(edition) else edition, players, games, seed,
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
                  TimeRemainingColumn(), console=console(stderr=True), transient=True) as bar:
        task = bar.add_task("games", total=total)
        for item in items:
            yield item
            bar.advance(task)


def _print_simulation(ed: Edition, setup: Mapping[str, Any], stats: Mapping[str, Any],
                      elapsed: float) -> None:
    from rich.table import Table

    from ..narrate import money

    con = console()
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
            f"{row['win_rate']:.1%}", f"{lo:.1%} - {hi:.1%}", signed_money(w["mean"]),
            signed_money(w["sd"]), money(w["min"]), money(w["max"]),
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
        parts_of = row["breakdown"]
        worth.add_row(str(row["seat"]), *(
            f"{signed_money(parts_of[p]['mean'])} ({signed_money(parts_of[p]['sd'])})"
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


def register(app: typer.Typer) -> None:
    """Add the `simulate` command to `app`."""
    app.command()(simulate)
