"""Dependencies, as `Annotated` aliases: handlers declare what they need by type."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, HTTPException, Path, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.requests import HTTPConnection

from .games import Game, GameManager
from .settings import Settings

__all__ = [
    "GameDep",
    "HostGameDep",
    "ManagerDep",
    "SeatAccess",
    "SeatDep",
    "SettingsDep",
    "TokenDep",
]


def get_settings(conn: HTTPConnection) -> Settings:
    settings: Settings = conn.app.state.settings
    return settings


def get_manager(conn: HTTPConnection) -> GameManager:
    manager: GameManager = conn.app.state.manager
    return manager


SettingsDep = Annotated[Settings, Depends(get_settings)]
ManagerDep = Annotated[GameManager, Depends(get_manager)]

_bearer = HTTPBearer(auto_error=False, description="a seat token or the host token")


def get_token(
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> str:
    if credentials is None or not credentials.credentials:
        raise HTTPException(
            status_code=status.HTTP_401_UNAUTHORIZED,
            detail="send the token as 'Authorization: Bearer <token>'",
            headers={"WWW-Authenticate": "Bearer"},
        )
    return credentials.credentials


TokenDep = Annotated[str, Depends(get_token)]


async def get_game(game_id: Annotated[str, Path(max_length=64)], manager: ManagerDep) -> Game:
    game = await manager.get(game_id)
    if game is None:
        raise HTTPException(status_code=404, detail="Game not found")
    return game


GameDep = Annotated[Game, Depends(get_game)]


def get_host_game(game: GameDep, token: TokenDep) -> Game:
    if not game.host_token_ok(token):
        raise HTTPException(status_code=403, detail="That is not this game's host token")
    return game


HostGameDep = Annotated[Game, Depends(get_host_game)]


@dataclass(frozen=True)
class SeatAccess:
    """A seat whose token was shown."""

    game: Game
    seat: int


def get_seat(game: GameDep, seat: Annotated[int, Path(ge=0, le=64)],
             token: TokenDep) -> SeatAccess:
    if seat >= len(game.seats):
        raise HTTPException(status_code=404, detail="Seat not found")
    if not game.seat_token_ok(seat, token):
        raise HTTPException(status_code=403, detail="That is not this seat's token")
    return SeatAccess(game, seat)


SeatDep = Annotated[SeatAccess, Depends(get_seat)]
