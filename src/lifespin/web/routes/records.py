"""Records of finished games, and their states for the replay page.

A record names every chance outcome (which LIFE tile each seat drew) and the
seed, so it is refused until the game is over.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request

from ...engine import State
from ...record import Record
from ..deps import GameDep
from ..games import Game
from ..guard import RateLimiter, StrictJSONRoute, client_key
from ..schemas import RecordPublic, Replay, ReplayStep

router = APIRouter(prefix="/games/{game_id}", tags=["records"], route_class=StrictJSONRoute)


def _finished(game: Game, request: Request) -> State:
    """The final state of a game that is over (or abandoned), after the
    client's rate limit: rebuilding a finished game's states costs CPU."""
    if game.status == "abandoned":
        pass
    elif game.status != "over" or not game.state.is_terminal:
        raise HTTPException(status_code=409,
                            detail="The record is given out once the game is over")
    limiter: RateLimiter = request.app.state.replay_limiter
    limiter.check(client_key(request), "records and replays from your address")
    return game.state


@router.get("/record", response_model=RecordPublic)
async def read_record(*, game: GameDep, request: Request) -> Any:
    """Retrieve a finished game's record (seed, edition, options, players, actions)."""
    final = _finished(game, request)
    return Record.from_state(final, seed=game.row.seed).to_json()


# A plain function: FastAPI runs it in the thread pool, so rebuilding a few
# hundred views never holds up the event loop (a finished state never changes).
@router.get("/replay", response_model=Replay)
def read_replay(
    *, game: GameDep, request: Request,
    start: Annotated[int, Query(ge=0)] = 0,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    seat: Annotated[int | None, Query(ge=0, le=64)] = None,
) -> Any:
    """Retrieve states of a finished game, each with the action that led to it."""
    final = _finished(game, request)
    if seat is not None and seat >= len(game.seats):
        raise HTTPException(status_code=404, detail="Seat not found")
    history = final.history
    state = State.initial(final.rules, final.names)
    steps: list[ReplayStep] = []
    end = start + limit
    if start == 0:
        steps.append(ReplayStep(version=0, action=None, view=state.view(seat)))
    for i, action in enumerate(history):
        if i + 1 >= end:
            break
        state = state.apply(action)
        if i + 1 >= start:
            steps.append(ReplayStep(version=i + 1, action=str(action), view=state.view(seat)))
    return Replay(total=len(history) + 1, start=start, steps=steps)
