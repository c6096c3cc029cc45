"""Pages: the lobby, the play page and the replay page (static files written
by the front-end), and a health check."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import APIRouter, HTTPException
from fastapi.responses import FileResponse

from ..deps import ManagerDep
from ..schemas import Health

router = APIRouter(tags=["pages"])

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"

# A seat's token is in the play page's address: never send it on as a referrer,
# never let a shared cache keep the page.
_PAGE_HEADERS = {
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
}


def _page(*names: str) -> FileResponse:
    for name in (*names, "index.html"):
        path = STATIC_DIR / name
        if path.is_file():
            return FileResponse(path, media_type="text/html", headers=_PAGE_HEADERS)
    raise HTTPException(status_code=404, detail="Page not found")


@router.get("/", include_in_schema=False)
async def index_page() -> FileResponse:
    return _page("index.html")


@router.get("/play/{game_id}", include_in_schema=False)
async def play_page(game_id: str) -> FileResponse:
    return _page("play.html")


@router.get("/replay/{game_id}", include_in_schema=False)
async def replay_page(game_id: str) -> FileResponse:
    return _page("replay.html")


@router.get("/rules/{edition}", include_in_schema=False)
async def rules_page(edition: str) -> FileResponse:
    return _page("rules.html")


@router.get("/healthz", response_model=Health, tags=["health"])
async def health(*, manager: ManagerDep) -> Any:
    """Say the server is up, and how many games it holds."""
    return Health(status="ok", games=len(manager.games))
