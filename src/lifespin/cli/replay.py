"""`lifespin replay`: tell a recorded game in words."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from .common import TOLD_BY_EVENTS, Stop, fail, say, standings

if TYPE_CHECKING:
    from ..engine import State

__all__ = ["register", "replay"]


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
    from ..engine import Action
    from ..engine import events as ev
    from ..errors import RecordError
    from ..narrate import describe_action, describe_event
    from ..record import Record, replay_states

    try:
        rec = Record.load(file)
    except RecordError as exc:
        fail(str(exc))
    opts = ", ".join(f"{k}={v}" for k, v in rec.options.items())
    say(f"Replaying {file}: {rec.edition} {rec.edition_version}, players "
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
                say(f"It is {state.names[cp]}'s turn.")
                announced = True
            if cp >= 0 and action.kind not in TOLD_BY_EVENTS:
                say(f"{state.names[cp]} chooses to {describe_action(state, action)}.")
            for e in after.events:
                if step and isinstance(e, ev.TurnStarted):
                    step = _pause()
                say(describe_event(after, e))
            state = after
    except RecordError as exc:
        fail(str(exc))
    except Stop:
        assert state is not None
        say(f"Stopped at move {state.move_number}.")
        return
    assert state is not None
    say()
    if state.is_terminal:
        standings(state)
    else:
        say(f"The record ends at move {state.move_number}, before the game is over "
            f"({state.describe()}).")


def _pause() -> bool:
    """Wait for Enter; False when input has ended (stop waiting), Stop on q."""
    try:
        line = input("-- Enter: next turn, q: stop -- ")
    except EOFError:
        say()
        return False
    if line.strip().lower() in ("q", "quit"):
        raise Stop
    return True


def register(app: typer.Typer) -> None:
    """Add the `replay` command to `app`."""
    app.command()(replay)
