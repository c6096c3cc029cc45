"""`lifespin lab`: the strategy lab's experiments.

    lifespin lab list
    lifespin lab run children --edition classic --players 4 --precision 0.005 \\
        [--games 100000] [--seed 0] [--json] [--html report.html] \\
        [--games-out games.parquet] [--sensitivity] [--cluster tcp://host:8786]
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from .common import OptionOpt, console, fail, parse_options

__all__ = ["lab_app", "register"]

lab_app = typer.Typer(
    name="lab",
    help="The strategy lab: does having children help you win? Paired experiments.",
    no_args_is_help=True,
)


@lab_app.command("list")
def lab_list() -> None:
    """List the built-in experiments and the editions each applies to."""
    from rich.table import Table

    from ..lab import builtin_names, load_experiment

    t = Table(title="Built-in experiments (lifespin lab run NAME)")
    for col in ("name", "question", "editions", "arms (first: reference)"):
        t.add_column(col)
    for name in builtin_names():
        e = load_experiment(name)
        arms = {a.name: None for s in e.editions.values() for a in s.arms}
        t.add_row(name, e.title, ", ".join(e.editions), ", ".join(arms))
    console().print(t)


@lab_app.command("run")
def lab_run(
    experiment: Annotated[str, typer.Argument(
        help="A built-in experiment (see `lifespin lab list`) or a path to a TOML file.")],
    edition: Annotated[str | None, typer.Option(
        "--edition", "-e", help="The edition (default: the experiment's first).")] = None,
    players: Annotated[int | None, typer.Option(
        "--players", "-p", min=1, max=6, help="Players (default: the experiment's).")] = None,
    option: OptionOpt = None,
    precision: Annotated[float, typer.Option(
        "--precision", min=0.0001, max=0.5,
        help="Stop when every arm's win-rate difference is known to +- this (0.005: "
             "half a point).")] = 0.005,
    games: Annotated[int, typer.Option(
        "--games", "-n", min=1, help="Budget of game seeds (each played by every arm "
        "and subject seat).")] = 100_000,
    seed: Annotated[int, typer.Option("--seed", help="Seed of the games.")] = 0,
    jobs: Annotated[int | None, typer.Option(
        "--jobs", "-j", min=1, help="Threads (default: all cores); results do not "
        "depend on it.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the answer as JSON.")] = False,
    html_out: Annotated[Path | None, typer.Option(
        "--html", help="Write a self-contained HTML report to this file.")] = None,
    games_out: Annotated[Path | None, typer.Option(
        "--games-out", help="Write one row per game, arm and subject seat (Parquet).")] = None,
    sensitivity: Annotated[bool, typer.Option(
        "--sensitivity", help="Also answer under the experiment's other house rules "
        "and player counts.")] = False,
    ledger: Annotated[int, typer.Option(
        "--ledger", min=0, help="Where children are measured: replay this many games in "
        "the reference engine for the money children bring and cost (0: none).")] = 200,
    cluster: Annotated[str | None, typer.Option(
        "--cluster", help="A Dask scheduler address (tcp://host:8786): play the games "
        "there; the answer is the local one.")] = None,
) -> None:
    """Run an experiment until its answer is as precise as asked (or the budget
    ends), and print the answer in one sentence and a table."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from ..errors import EditionError
    from ..lab import LabError, load_experiment, run_experiment
    from ..lab.report import render, to_html, write_games

    try:
        exp = load_experiment(experiment)
    except LabError as exc:
        fail(str(exc))
    ed = edition or next(iter(exp.editions))
    opts = parse_options(option)
    err = console(stderr=True)
    try:
        exp.setup(ed)
        with Progress(TextColumn("[bold]lab[/] {task.description}"), BarColumn(),
                      MofNCompleteColumn(), console=err, transient=True,
                      disable=as_json) as bar:
            task = bar.add_task(exp.name, total=games)

            def show(done: int, total: int, text: str) -> None:
                bar.update(task, completed=done, description=f"{exp.name}: {text}")

            result = run_experiment(exp, ed, players=players, options=opts,
                                    precision=precision, games=games, seed=seed, jobs=jobs,
                                    cluster=cluster, progress=show, sensitivity=sensitivity,
                                    ledger=ledger)
    except (LabError, EditionError, ValueError) as exc:
        fail(str(exc))
    except (OSError, RuntimeError) as exc:  # a cluster that cannot be reached, or no Dask
        fail(f"--cluster {cluster}: {exc}")
    if html_out is not None:
        try:
            html_out.write_text(to_html(result), encoding="utf-8")
        except OSError as exc:
            fail(f"--html {str(html_out)!r}: cannot write ({exc.strerror})")
    if games_out is not None:
        try:
            write_games(result, games_out)
        except (OSError, RuntimeError) as exc:
            fail(f"--games-out {str(games_out)!r}: {exc}")
    if as_json:
        typer.echo(json.dumps(result.to_json(), indent=1))
        return
    out = console()
    for part in render(result):
        out.print(part)


def register(app: typer.Typer) -> None:
    """Add the `lab` command group to `app`."""
    app.add_typer(lab_app, name="lab")
