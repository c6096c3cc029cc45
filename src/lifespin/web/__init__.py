"""The authoritative game server: FastAPI, one websocket per tab, games
persisted as records (SQLite or PostgreSQL). Protocol: docs/web-protocol.md.

>>> from lifespin.web import Settings, create_app
>>> app = create_app(Settings(database_url="sqlite:///example.db"))
>>> app.title
'lifespin'
"""

from __future__ import annotations

import logging
import os

from .app import TokenRedactingFilter, app_from_env, create_app
from .settings import Settings, SettingsError, is_loopback, load_settings
from .store import Store, StoreError

__all__ = ["Settings", "SettingsError", "app_from_env", "create_app", "load_settings", "serve"]

log = logging.getLogger("lifespin.web")

# Anything larger is closed by the websocket layer itself (close code 1009);
# messages up to this size but over LIFESPIN_MAX_MESSAGE_BYTES get an error.
WS_MAX_SIZE = 1 << 20


def serve(host: str | None = None, port: int | None = None, database_url: str | None = None,
          reload: bool = False) -> None:
    """Run the server until interrupted. Arguments left None come from the
    environment (``LIFESPIN_HOST``, ``LIFESPIN_PORT``, ``LIFESPIN_DATABASE_URL``)
    or the defaults.

    Raises:
        SystemExit: a bad setting or a database that cannot be used, with a
            message naming it (nothing is started).
    """
    import uvicorn

    try:
        settings = load_settings(host=host, port=port, database_url=database_url)
    except SettingsError as exc:
        raise SystemExit(f"lifespin serve: {exc}") from None
    store = Store(settings.database_url, sqlite_synchronous=settings.sqlite_synchronous)
    try:
        store.open()
    except StoreError as exc:
        raise SystemExit(f"lifespin serve: {exc}") from None
    finally:
        store.close()
    _configure_logging(settings.log_level)
    if not is_loopback(settings.host):
        log.warning("listening on %s: seat links travel in clear text unless a TLS proxy is "
                    "in front", settings.host)
    common = {
        "host": settings.host,
        "port": settings.port,
        "log_level": settings.log_level,
        "ws_max_size": WS_MAX_SIZE,
        # Off by default: a view is ~3 KB, and compressing every message for every
        # socket costs the server about a quarter of its throughput
        # (benchmarks/bench_web.py --deflate); turn it on for slow links.
        "ws_per_message_deflate": settings.ws_compression,
        "log_config": None,
        "proxy_headers": False,
    }
    if reload:
        # The reloader imports the app afresh: hand the settings over by environment.
        os.environ["LIFESPIN_HOST"] = settings.host
        os.environ["LIFESPIN_PORT"] = str(settings.port)
        os.environ["LIFESPIN_DATABASE_URL"] = settings.database_url
        uvicorn.run("lifespin.web:app_from_env", factory=True, reload=True,
                    reload_dirs=[os.path.dirname(os.path.dirname(__file__))],
                    **common)  # type: ignore[arg-type]
    else:
        uvicorn.run(create_app(settings), **common)  # type: ignore[arg-type]


def _configure_logging(level: str) -> None:
    logging.basicConfig(level=level.upper(),
                        format="%(asctime)s %(levelname)-7s %(name)s: %(message)s")
    redact = TokenRedactingFilter()
    for name in ("uvicorn.access", "uvicorn.error", "uvicorn"):
        logging.getLogger(name).addFilter(redact)
