"""The `lifespin` command line: serve, play, simulate, tournament, replay, edition, lab.

One module per command (`serve`, `play`, `simulate`, `tournament`, `replay`,
`edition`, `lab`), each with a `register(app)`; `common` holds the shared options,
errors and output. Every user error (a bad edition, house rule, record, player
list or path) ends with a one-line message on stderr naming the bad input and
exit status 2, never a traceback. Heavy modules (the simulator, rich's tables
and progress bar) are imported inside the commands that use them.
"""

from __future__ import annotations

from typing import Annotated

import typer

from . import edition as _edition
from . import lab as _lab
from . import play as _play
from . import replay as _replay
from . import serve as _serve
from . import simulate as _simulate
from . import tournament as _tournament
from .common import fail
from .edition import path_range

__all__ = ["app", "fail", "path_range"]

app = typer.Typer(
    name="lifespin",
    help="The family spin-and-move game of Life: play it, simulate it, replay it.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _version_callback(value: bool) -> None:
    if value:
        from .. import __version__

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


# In this order in `lifespin --help`.
_edition.register(app)
_tournament.register(app)
_simulate.register(app)
_play.register(app)
_serve.register(app)
_replay.register(app)
_lab.register(app)
