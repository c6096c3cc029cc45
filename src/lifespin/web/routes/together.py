"""Playing together: the rematch (host token), the table chat (seat token),
the turn clock (an away seat taken back by its player) and a new link for a
lost one (host token)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Path
from pydantic import BaseModel, Field

from ..clocks import clock_of, hand_to_bot, relink, take_back
from ..deps import GameDep, HostGameDep, ManagerDep, SeatDep, SettingsDep
from ..games import SetupError
from ..together import (
    CHAT_MAX_CHARS,
    ChatRefused,
    ChatTooFast,
    RematchRefused,
    chat_lines,
    rematch,
    say,
)

router = APIRouter(prefix="/games/{game_id}", tags=["together"])


class Rematch(BaseModel):
    id: str
    watch_url: str


class ChatIn(BaseModel):
    # A little room over the cap, so that the answer can say how long it was.
    text: Annotated[str, Field(min_length=1, max_length=4 * CHAT_MAX_CHARS)]


class ChatOut(BaseModel):
    seat: int
    name: str
    text: str
    at: str


@router.post("/rematch", response_model=Rematch)
async def make_rematch(*, manager: ManagerDep, game: HostGameDep) -> Any:
    """The same table again (host token): a new game in the lobby where every
    seat's link and the host token work as before."""
    try:
        new = await rematch(manager, game)
    except RematchRefused as exc:
        raise HTTPException(status_code=409, detail=str(exc)) from None
    except SetupError as exc:
        raise HTTPException(status_code=422, detail=str(exc)) from None
    return Rematch(id=new.id, watch_url=f"/play/{new.id}")


@router.get("/chat", response_model=list[ChatOut])
async def read_chat(*, game: GameDep) -> Any:
    """The table's last chat lines, oldest first."""
    return chat_lines(game)


@router.post("/seats/{seat}/chat", response_model=ChatOut)
async def post_chat(*, access: SeatDep, line: ChatIn) -> Any:
    """Say something at the table (seat token); every page of the game shows it."""
    try:
        return say(access.game, access.seat, line.text).to_json()
    except ChatRefused as exc:
        code = 429 if isinstance(exc, ChatTooFast) else 422
        raise HTTPException(status_code=code, detail=str(exc)) from None


class ClockOut(BaseModel):
    clock: str
    limit: float | None = None
    left: float | None = None
    away: list[int] = []


class Relinked(BaseModel):
    seat: int
    token: str
    link: str


@router.get("/clock", response_model=ClockOut)
async def read_clock(*, game: GameDep) -> Any:
    """The game's turn clock: its seconds per decision, what is left of the
    current one, and the seats a bot plays while their players are away."""
    state = clock_of(game)
    return state.public() if state is not None else ClockOut(clock="off")


@router.post("/seats/{seat}/back", response_model=ClockOut)
async def take_seat_back(*, access: SeatDep) -> Any:
    """The player of an away seat takes it back from the bot (seat token)."""
    state = take_back(access.game, access.seat)
    return state.public() if state is not None else ClockOut(clock="off")


@router.post("/away/{seat}", response_model=ClockOut)
async def seat_to_bot(*, manager: ManagerDep, game: HostGameDep,
                      seat: Annotated[int, Path(ge=0, le=64)]) -> Any:
    """The host hands an absent player's seat to a bot until they take it back."""
    if seat >= len(game.seats):
        raise HTTPException(status_code=404, detail="Seat not found")
    if game.status != "playing":
        raise HTTPException(status_code=409, detail="only a game in play has seats to hand over")
    try:
        return hand_to_bot(manager, game, seat).public()
    except ValueError as exc:
        raise HTTPException(status_code=409, detail=str(exc)) from None


@router.post("/relink/{seat}", response_model=Relinked)
async def new_link(*, manager: ManagerDep, settings: SettingsDep, game: HostGameDep,
                   seat: Annotated[int, Path(ge=0, le=64)]) -> Any:
    """A new link for a person's seat whose link was lost (host token); the
    old link stops working."""
    if seat >= len(game.seats):
        raise HTTPException(status_code=404, detail="Seat not found")
    try:
        token = await relink(manager, game, seat)
    except ValueError as exc:
        raise HTTPException(status_code=409, detail=str(exc)) from None
    base = settings.public_url or ""
    return Relinked(seat=seat, token=token, link=f"{base}/play/{game.id}?seat={seat}&token={token}")
