"""`lifespin tournament`: bots against each other, seats rotated.

    lifespin tournament --edition classic --seats expert,heuristic,heuristic,heuristic \\
        --games 200 --seed 1 --jobs 2 [--json]
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from ..bots import BOTS, make_bot
from ..errors import EditionError
from ..sim.tournament import TournamentResult, run_tournament

__all__ = ["register", "render_table", "tournament"]


def tournament(
    edition: Annotated[str, typer.Option("--edition", "-e",
                                         help="Edition name or path to an edition.toml.")
                       ] = "classic",
    seats: Annotated[str, typer.Option(
        "--seats", "-s",
        help=f"Bots, one per seat, comma-separated. Known: {', '.join(BOTS)}.",
    )] = "expert,heuristic,heuristic,heuristic",
    games: Annotated[int, typer.Option("--games", "-n", min=1, help="Games to play.")] = 100,
    seed: Annotated[int, typer.Option("--seed", help="Seed of the whole tournament.")] = 0,
    jobs: Annotated[int | None, typer.Option(
        "--jobs", "-j", min=1, help="Processes (default: all cores); results do not depend on it.",
    )] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the results as JSON.")] = False,
) -> None:
    """Play bots against each other with the seats rotated every game, and
    report each bot's win rate (95% Wilson interval) and mean final worth."""
    lineup = [s.strip() for s in seats.split(",") if s.strip()]
    if not lineup:
        raise typer.BadParameter("name at least one bot", param_hint="--seats")
    for b in lineup:
        # make_bot knows the names with an argument too (knob:FILE).
        try:
            make_bot(b)
        except ValueError as e:  # names the known bots, or what is wrong with a knob set
            raise typer.BadParameter(str(e), param_hint="--seats") from None
    err = Console(stderr=True)
    try:
        # Progress on stderr (stdout keeps the table or the JSON): a bar in a
        # terminal, else a line at every tenth, so a long run is never silent.
        if err.is_terminal:
            with Progress(
                TextColumn("[bold]tournament[/]"), BarColumn(), MofNCompleteColumn(),
                TimeRemainingColumn(), console=err, transient=True,
            ) as bar:
                task = bar.add_task("games", total=games)
                result = run_tournament(
                    edition, lineup, games=games, seed=seed, jobs=jobs,
                    progress=lambda done, total: bar.update(task, completed=done),
                )
        else:
            result = run_tournament(edition, lineup, games=games, seed=seed, jobs=jobs,
                                    progress=_progress_lines(games))
    except (EditionError, ValueError) as exc:
        err.print(f"[red]error:[/] {exc}")
        raise typer.Exit(2) from None
    if as_json:
        typer.echo(json.dumps(result.to_json(), indent=1))
        return
    Console().print(render_table(result))


def _progress_lines(games: int) -> Callable[[int, int], None]:
    """A progress callback that prints "tournament: 20/200 games (10%)" to
    stderr at every tenth of the games (and at the end)."""
    step = max(1, games // 10)
    shown = [0]

    def report(done: int, total: int) -> None:
        if done - shown[0] >= step or (done == total and shown[0] != done):
            shown[0] = done
            typer.echo(f"tournament: {done}/{total} games ({done / total:.0%})", err=True)

    return report


def render_table(result: TournamentResult) -> Table:
    """The standings as a rich table."""
    table = Table(
        title=(f"{result.edition}: {result.games} games, seats {', '.join(result.seats)}, "
               f"seed {result.seed} (fair share {result.fair_share:.1%})"),
    )
    table.add_column("bot")
    table.add_column("seats", justify="right")
    table.add_column("win rate", justify="right")
    table.add_column("95% interval", justify="right")
    table.add_column("mean worth", justify="right")
    for s in sorted(result.standings, key=lambda s: -s.win_rate):
        table.add_row(s.bot, str(s.seats), f"{s.win_rate:.1%}",
                      f"{s.low:.1%} - {s.high:.1%}", f"${s.mean_worth:,.0f}")
    return table


def register(app: typer.Typer) -> None:
    """Add the `tournament` command to `app`."""
    app.command("tournament")(tournament)
