"""Games: create (the lobby form), list, look at, start."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request, status

from ..clocks import start_clock
from ..deps import GameDep, HostGameDep, ManagerDep, SettingsDep
from ..games import AlreadyStarted, Busy, SetupError
from ..guard import RateLimiter, StrictJSONRoute, client_key
from ..protocol import ProtocolError
from ..schemas import GameCreate, GameCreated, GamePublic, GamesPublic, SeatCreated, Status

router = APIRouter(prefix="/games", tags=["games"], route_class=StrictJSONRoute)


@router.post("", response_model=GameCreated, status_code=status.HTTP_201_CREATED)
async def create_game(*, manager: ManagerDep, settings: SettingsDep, request: Request,
                      game_in: GameCreate) -> Any:
    """Create a game in the lobby; returns each seat's private link, once.

    Each client may create `LIFESPIN_CREATE_BURST` games at once, then
    `LIFESPIN_CREATE_PER_MINUTE` a minute (429 with Retry-After beyond that).
    """
    limiter: RateLimiter = request.app.state.create_limiter
    limiter.check(client_key(request), "games created from your address")
    if game_in.seed is not None and not settings.allow_seed:
        raise HTTPException(status_code=403,
                            detail="This server does not take seeds (LIFESPIN_ALLOW_SEED)")
    try:
        created = await manager.create(
            edition=game_in.edition,
            seats=[(s.name, s.kind, s.difficulty) for s in game_in.seats],
            options=dict(game_in.options),
            seed=game_in.seed,
        )
        created.game.pace = game_in.pace
        start_clock(manager, created.game, game_in.clock)
    except SetupError as exc:
        raise HTTPException(status_code=422, detail=str(exc)) from None
    except Busy as exc:
        raise HTTPException(status_code=503, detail=str(exc),
                            headers={"Retry-After": "60"}) from None
    game = created.game
    base = settings.public_url or ""
    seats = []
    for s in game.seats:
        token = created.seat_tokens.get(s.index)
        link = f"{base}/play/{game.id}?seat={s.index}&token={token}" if token else None
        seats.append(SeatCreated(seat=s.index, name=s.name, kind=s.kind,
                                 difficulty=s.difficulty, token=token, link=link))
    return GameCreated(id=game.id, host_token=created.host_token,
                       lobby_url=f"{base}/games/{game.id}", watch_url=f"{base}/play/{game.id}",
                       seats=seats)


@router.get("", response_model=GamesPublic)
async def list_games(
    *, manager: ManagerDep,
    game_status: Annotated[Status | None, Query(alias="status")] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> Any:
    """Retrieve the newest games."""
    data = await manager.list_public(game_status, limit)
    return GamesPublic(data=[GamePublic.model_validate(g) for g in data], count=len(data))


@router.get("/{game_id}", response_model=GamePublic)
async def read_game(*, game: GameDep) -> Any:
    """Retrieve a game's public lobby state."""
    return game.public()


@router.post("/{game_id}/start", response_model=GamePublic)
async def start_game(*, manager: ManagerDep, game: HostGameDep) -> Any:
    """Start the game (host token): the opening chance is dealt, bots begin."""
    try:
        await manager.start(game)
    except AlreadyStarted as exc:
        raise HTTPException(status_code=409, detail=str(exc)) from None
    except Busy as exc:
        raise HTTPException(status_code=503, detail=str(exc),
                            headers={"Retry-After": "60"}) from None
    except ProtocolError as exc:
        raise HTTPException(status_code=503, detail=exc.message) from None
    return game.public()
