"""One router per resource; `api_router` gathers them."""

from __future__ import annotations

from fastapi import APIRouter

from . import editions, games, lab, pages, records, seats, together, ws

__all__ = ["api_router"]

api_router = APIRouter()
api_router.include_router(games.router)
api_router.include_router(seats.router)
api_router.include_router(records.router)
api_router.include_router(together.router)
api_router.include_router(editions.router)
api_router.include_router(ws.router)
api_router.include_router(pages.router)
api_router.include_router(lab.router)
