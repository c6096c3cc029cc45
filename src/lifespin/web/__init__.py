"""The authoritative game server: FastAPI, one websocket per tab, games
persisted as records (SQLite or PostgreSQL). Protocol: docs/web-protocol.md.

>>> from lifespin.web import Settings, create_app
>>> app = create_app(Settings(database_url="sqlite:///example.db"))
>>> app.title
'lifespin'
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
from typing import Any

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
    # The port first: a second server on a port in use stops here, before it
    # touches the database or loads a game.
    sock = _listen(settings.host, settings.port)
    store = Store(settings.database_url, sqlite_synchronous=settings.sqlite_synchronous)
    try:
        store.open()
        store.claim()  # an SQLite file another process serves: stop, saying which
    except StoreError as exc:
        sock.close()
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
        "http": _header_deadline(settings.header_timeout),
    }
    if reload:
        sock.close()  # the reloader binds its own
        # The reloader imports the app afresh: hand the settings over by environment.
        os.environ["LIFESPIN_HOST"] = settings.host
        os.environ["LIFESPIN_PORT"] = str(settings.port)
        os.environ["LIFESPIN_DATABASE_URL"] = settings.database_url
        uvicorn.run("lifespin.web:app_from_env", factory=True, reload=True,
                    reload_dirs=[os.path.dirname(os.path.dirname(__file__))],
                    **common)  # type: ignore[arg-type]
    else:
        config = uvicorn.Config(create_app(settings), **common)  # type: ignore[arg-type]
        uvicorn.Server(config).run(sockets=[sock])


def _listen(host: str, port: int) -> socket.socket:
    """A listening socket on host:port.

    Raises:
        SystemExit: the port is in use or the address is not this machine's.
    """
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # IPPROTO_TCP named: asyncio turns Nagle off (TCP_NODELAY) only on sockets
    # whose proto says TCP, and a small ack held back by Nagle waits ~40 ms.
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(2048)
    except OSError as exc:
        sock.close()
        raise SystemExit(f"lifespin serve: cannot listen on {host}:{port}: {exc.strerror} "
                         "(another server there? give --port)") from None
    sock.set_inheritable(True)
    return sock


def _header_deadline(seconds: float) -> type[Any]:
    """uvicorn's HTTP/1.1 protocol, closing a connection whose request headers
    are not complete `seconds` after it opened (or after the last response):
    a client that trickles its headers cannot hold a connection for ever."""
    import h11
    from uvicorn.protocols.http.h11_impl import H11Protocol

    class HeaderDeadline(H11Protocol):
        _deadline: asyncio.TimerHandle | None = None

        def _arm(self) -> None:
            self._disarm()
            self._deadline = self.loop.call_later(seconds, self._late)

        def _disarm(self) -> None:
            if self._deadline is not None:
                self._deadline.cancel()
                self._deadline = None

        def _late(self) -> None:
            self._deadline = None
            if self.conn.their_state is h11.IDLE and not self.transport.is_closing():
                self.transport.close()

        def connection_made(self, transport: asyncio.BaseTransport) -> None:
            super().connection_made(transport)  # type: ignore[arg-type]
            self._arm()

        def connection_lost(self, exc: Exception | None) -> None:
            self._disarm()
            super().connection_lost(exc)

        def handle_events(self) -> None:
            super().handle_events()
            if self.conn.their_state is not h11.IDLE:  # the headers are in
                self._disarm()

        def on_response_complete(self) -> None:
            super().on_response_complete()
            if not self.transport.is_closing():
                self._arm()

    return HeaderDeadline


def _configure_logging(level: str) -> None:
    logging.basicConfig(level=level.upper(),
                        format="%(asctime)s %(levelname)-7s %(name)s: %(message)s")
    redact = TokenRedactingFilter()
    for name in ("uvicorn.access", "uvicorn.error", "uvicorn"):
        logging.getLogger(name).addFilter(redact)
