"""The FastAPI application: settings in, routers, static files, and a
lifespan that opens the store, starts the writer and resumes unfinished games."""

from __future__ import annotations

import logging
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool

from .. import __version__
from .games import GameManager
from .guard import GuardMiddleware, RateLimiter, validation_error
from .routes import api_router
from .routes.pages import STATIC_DIR
from .settings import Settings, allowed_host_names, load_settings
from .store import Store, Writer

__all__ = ["TokenRedactingFilter", "app_from_env", "create_app"]

log = logging.getLogger("lifespin.web")


def create_app(settings: Settings) -> FastAPI:
    """The server for `settings` (nothing is opened until the app starts)."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        store = Store(settings.database_url, sqlite_synchronous=settings.sqlite_synchronous)
        store.lease_seconds = settings.lease_seconds
        await run_in_threadpool(store.open)
        try:
            store.claim()
        except Exception:
            store.close()
            raise
        writer = Writer(store)
        writer.start()
        manager = GameManager(settings, store, writer)
        app.state.store = store
        app.state.writer = writer
        app.state.manager = manager
        try:
            await manager.load_unfinished()
            log.info("lifespin server ready (database %s)", store.describe())
            yield
        finally:
            await manager.shutdown()
            await run_in_threadpool(writer.stop)
            store.close()

    app = FastAPI(
        title="lifespin",
        version=__version__,
        summary="The authoritative game server for lifespin (docs/web-protocol.md).",
        lifespan=lifespan,
        docs_url="/docs" if settings.docs else None,
        redoc_url="/redoc" if settings.docs else None,
    )
    app.state.settings = settings
    app.openapi = lambda: _openapi(app)  # type: ignore[method-assign]
    app.state.create_limiter = RateLimiter(settings.create_per_minute, settings.create_burst)
    app.state.advice_limiter = RateLimiter(settings.advice_per_minute,
                                           max(1, int(settings.advice_per_minute // 4)))
    app.state.replay_limiter = RateLimiter(settings.replay_per_minute,
                                           max(1, int(settings.replay_per_minute // 4)))
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_middleware(GuardMiddleware, max_body_bytes=settings.max_body_bytes,
                       allowed_hosts=allowed_host_names(settings))
    app.include_router(api_router)
    if STATIC_DIR.is_dir():
        app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    return app


def _openapi(app: FastAPI) -> dict[str, Any]:
    """FastAPI's schema, saying what a 422 really carries: FastAPI's list of
    bad fields, or one sentence for a game that cannot be set up as asked."""
    if app.openapi_schema is None:
        schema = get_openapi(title=app.title, version=app.version, summary=app.summary,
                             routes=app.routes)
        error = schema.get("components", {}).get("schemas", {}).get("HTTPValidationError")
        if error is not None:
            listed = error["properties"]["detail"]
            error["properties"]["detail"] = {"anyOf": [listed, {"type": "string"}],
                                             "title": "Detail"}
        app.openapi_schema = schema
    return app.openapi_schema


def app_from_env() -> FastAPI:
    """The app with settings from the environment (uvicorn's --factory, --reload)."""
    return create_app(load_settings())


_TOKEN = re.compile(r"(token=)[^&\s\"']+")


class TokenRedactingFilter(logging.Filter):
    """Keeps seat tokens out of access logs (they are in play links' query strings)."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            text = record.getMessage()
        except Exception:
            return True
        if "token=" in text:
            record.msg = _TOKEN.sub(r"\1[redacted]", text)
            record.args = ()
        return True
