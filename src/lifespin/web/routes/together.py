"""Playing together: the rematch (host token) and the table chat (seat token)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, HTTPException
from pydantic import BaseModel, Field

from ..deps import GameDep, HostGameDep, ManagerDep, SeatDep
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
