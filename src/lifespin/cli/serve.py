"""`lifespin serve`: the browser game."""

from __future__ import annotations

from typing import Annotated

import typer

__all__ = ["register", "serve"]


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
    import threading

    from ..fast import warm
    from ..web import serve as run_server

    # The fast engine (the advisor's and the expert's rollouts) is compiled
    # once and cached on disk; loading or compiling it happens beside the
    # server starting, so the first advice does not wait for it.
    threading.Thread(target=warm, name="lifespin-fast-warm", daemon=True).start()
    run_server(host=host, port=port, database_url=database_url)


def register(app: typer.Typer) -> None:
    """Add the `serve` command to `app`."""
    app.command()(serve)
