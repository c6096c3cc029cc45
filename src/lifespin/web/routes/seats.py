"""Seats: who sits where, joining, a seat's view and the advisor (seat token)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Request

from ..deps import GameDep, ManagerDep, SeatDep
from ..guard import RateLimiter, StrictJSONRoute, client_key
from ..protocol import ProtocolError
from ..schemas import Advice, SeatPublic, SeatView

router = APIRouter(prefix="/games/{game_id}/seats", tags=["seats"], route_class=StrictJSONRoute)


@router.get("", response_model=list[SeatPublic])
async def read_seats(*, game: GameDep) -> Any:
    """Retrieve the seats: names, bots, who has joined and who is connected."""
    return [game.seat_public(s.index) for s in game.seats]


@router.post("/{seat}/join", response_model=SeatPublic)
async def join_seat(*, manager: ManagerDep, access: SeatDep) -> Any:
    """Mark the seat joined (its link was opened)."""
    if access.game.seats[access.seat].is_bot:
        raise HTTPException(status_code=403, detail="A bot's seat cannot be joined")
    await manager.join(access.game, access.seat)
    return access.game.seat_public(access.seat)


@router.get("/{seat}/view", response_model=SeatView)
async def read_view(*, access: SeatDep) -> Any:
    """Retrieve the seat's own view of the current state."""
    game = access.game
    if not game.started:
        raise HTTPException(status_code=409, detail="The game has not started yet")
    state = game.state
    return SeatView(version=state.move_number, status="over" if state.is_terminal else "playing",
                    view=state.view(access.seat))


@router.post("/{seat}/advice", response_model=Advice)
async def advise(*, manager: ManagerDep, access: SeatDep, request: Request) -> Any:
    """Ask the advisor about the seat's current decision (rate-limited per
    client and per seat: 429 with Retry-After)."""
    limiter: RateLimiter = request.app.state.advice_limiter
    limiter.check(client_key(request), "requests for advice from your address")
    try:
        version, answer = await manager.advise(access.game, access.seat)
    except ProtocolError as exc:
        if exc.code == "rate_limited":
            raise HTTPException(status_code=429, detail=exc.message,
                                headers={"Retry-After": "5"}) from None
        code = 501 if exc.code == "advice_unavailable" else 409
        raise HTTPException(status_code=code, detail=exc.message) from None
    return Advice(version=version, advice=answer)
