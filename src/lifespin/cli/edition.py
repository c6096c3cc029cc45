"""`lifespin edition`: list, describe, validate editions, and their schema."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Annotated

import typer

from .common import console, open_edition

if TYPE_CHECKING:
    from ..engine.ruleset import Ruleset, SpaceSpec

__all__ = ["edition_app", "path_range", "register"]

edition_app = typer.Typer(
    help="List, describe and check editions (the rules as data).",
    no_args_is_help=True,
)


@edition_app.command("list")
def edition_list() -> None:
    """The editions that ship with lifespin."""
    from rich.table import Table

    from ..editions import available, load_edition
    from ..errors import EditionError

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
    console().print(table)


def path_range(spaces: Sequence[SpaceSpec], start: int) -> tuple[int | None, int | None]:
    """The fewest and the most spaces a car moves from `start` to a retire space.

    The most is None when the track from `start` has a loop (no upper bound);
    either is None when no retire space can be reached.
    """
    from collections import deque

    def is_end(i: int) -> bool:
        return spaces[i].effect == "retire"

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

    from ..narrate import money

    ed = open_edition(name)
    f = ed.file
    meta = f.metadata
    con = console()
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
    ed = open_edition(file)
    typer.echo(f"ok: {ed.title} {ed.version}")


@edition_app.command("schema")
def edition_schema() -> None:
    """Print the JSON Schema of edition files (for editors)."""
    from ..editions.schema import EditionFile

    typer.echo(json.dumps(EditionFile.model_json_schema(), indent=2))


def register(app: typer.Typer) -> None:
    """Add the `edition` command group to `app`."""
    app.add_typer(edition_app, name="edition")
