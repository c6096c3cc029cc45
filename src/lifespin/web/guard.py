"""The server's door: what every request passes before a route sees it.

- `GuardMiddleware`: the Host header must name this server (a page on another
  site cannot reach a loopback server by DNS rebinding), a request body may
  not exceed the limit (413, before it is read when Content-Length says so),
  and every response carries the headers of a careful site (CSP with
  frame-ancestors, nosniff, no referrer).
- `StrictJSONRoute`: request bodies parsed by `inputs.loads_strict`, so NaN,
  1e309, lone surrogates and deep nesting are a 400 that says which.
- `validation_error`: a 422 that names each bad field without echoing its
  value (a value may be megabytes, NaN, or not encodable at all).
- `RateLimiter`: a token bucket per client, for what is costly to give.
"""

from __future__ import annotations

import math
import time
from collections import OrderedDict
from collections.abc import Callable, Coroutine
from typing import Any
from urllib.parse import urlsplit

from fastapi import HTTPException, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from starlette.requests import HTTPConnection
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .inputs import BadInput, loads_strict

__all__ = [
    "CONTENT_SECURITY_POLICY",
    "GuardMiddleware",
    "RateLimiter",
    "StrictJSONRoute",
    "client_key",
    "host_allowed",
    "origin_allowed",
    "validation_error",
]

# Every script and style comes from this server; nothing may frame a page (a
# seat's page holds its token); sockets go back to this server only.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)
_SECURITY_HEADERS = [
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
]


def _host_name(value: str) -> str:
    """The name in a Host header or an origin's netloc, without the port."""
    value = value.strip().lower()
    if value.startswith("["):  # [::1]:8000
        return value[1:value.find("]")] if "]" in value else value
    if value.count(":") == 1:
        return value.rsplit(":", 1)[0]
    return value


def host_allowed(host_header: str | None, allowed: frozenset[str] | None) -> bool:
    """Whether a Host header names this server (`allowed` None: any name)."""
    if allowed is None:
        return True
    if not host_header:
        return False
    return _host_name(host_header) in allowed


def origin_allowed(origin: str | None, host_header: str | None,
                   public_url: str | None) -> bool:
    """Whether a websocket's Origin is this site's own: the page that opens a
    seat's socket must be served from here (or from the public URL). No
    Origin at all is a program, not a browser page, and is let in."""
    if origin is None:
        return True
    parts = urlsplit(origin)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return False
    netloc = parts.netloc.lower()
    if host_header is not None and netloc == host_header.strip().lower():
        return True
    return public_url is not None and netloc == urlsplit(public_url).netloc.lower()


class _BodyTooLarge(HTTPException):
    """Raised from `receive`: FastAPI passes an HTTPException through its body
    reading untouched, so the client gets this 413 and not a parse error."""


class GuardMiddleware:
    """Host check, body limit and security headers, as plain ASGI (no
    buffering of bodies or responses)."""

    def __init__(self, app: ASGIApp, *, max_body_bytes: int,
                 allowed_hosts: frozenset[str] | None) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes
        self.allowed_hosts = allowed_hosts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
        if not host_allowed(headers.get("host"), self.allowed_hosts):
            if scope["type"] == "websocket":
                await send({"type": "websocket.close", "code": 4400,
                            "reason": "this server does not answer to that host name"})
                return
            await _plain(send, 400, "This server does not answer to that host name "
                                    "(LIFESPIN_ALLOWED_HOSTS)")
            return
        if scope["type"] == "websocket":
            await self.app(scope, receive, send)
            return
        limit = self.max_body_bytes
        declared = headers.get("content-length", "")
        if declared.isascii() and declared.isdecimal() and int(declared) > limit:
            await _plain(send, 413, f"Request bodies are limited to {limit} bytes")
            return
        seen = 0

        async def limited_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise _BodyTooLarge(413, f"Request bodies are limited to {limit} bytes")
            return message

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {k.lower() for k, _ in message.get("headers", [])}
                extra = [(k, v) for k, v in _SECURITY_HEADERS if k not in present]
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        await self.app(scope, limited_receive, send_with_headers)


async def _plain(send: Send, status: int, detail: str) -> None:
    body = JSONResponse({"detail": detail}).body
    await send({"type": "http.response.start", "status": status, "headers": [
        (b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
        (b"connection", b"close"), *_SECURITY_HEADERS]})
    await send({"type": "http.response.body", "body": body})


class _StrictJSONRequest(Request):
    async def json(self) -> Any:
        if not hasattr(self, "_json"):
            try:
                self._json = loads_strict(await self.body())
            except BadInput as exc:
                raise HTTPException(status_code=400, detail=f"request body: {exc}") from None
        return self._json


class StrictJSONRoute(APIRoute):
    """A route whose JSON body goes through `inputs.loads_strict`."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def strict(request: Request) -> Response:
            return await handler(_StrictJSONRequest(request.scope, request.receive))

        return strict


_MAX_ERRORS = 10


async def validation_error(_request: Request, exc: Exception) -> JSONResponse:
    """422 naming each bad field and what is wrong, never echoing the value."""
    assert isinstance(exc, RequestValidationError)
    errors = exc.errors()
    detail = [{"loc": [str(p) for p in err.get("loc", ())], "msg": str(err.get("msg", "")),
               "type": str(err.get("type", ""))} for err in errors[:_MAX_ERRORS]]
    if len(errors) > _MAX_ERRORS:
        detail.append({"loc": [], "msg": f"and {len(errors) - _MAX_ERRORS} more errors",
                       "type": "too_many_errors"})
    return JSONResponse(status_code=422, content={"detail": detail})


def client_key(conn: HTTPConnection) -> str:
    """Who a request comes from, for rate limits: its address (the server does
    not trust forwarding headers; behind a proxy, give each process its own
    limits or limit at the proxy)."""
    return conn.client.host if conn.client is not None else "unknown"


class RateLimiter:
    """A token bucket per key: `burst` at once, then `per_minute` a minute.

    Memory is bounded: at most `max_keys` buckets, the least recently used
    dropped first (a dropped key starts again with a full bucket, which only
    ever lets a client do what a new client could).
    """

    def __init__(self, per_minute: float, burst: int, *, max_keys: int = 10_000,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.rate = per_minute / 60.0
        self.burst = float(burst)
        self.max_keys = max_keys
        self.clock = clock
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()

    def take(self, key: str) -> float | None:
        """Take one token for `key`: None if granted, else the seconds to wait."""
        now = self.clock()
        tokens, at = self._buckets.get(key, (self.burst, now))
        tokens = min(self.burst, tokens + (now - at) * self.rate)
        if tokens >= 1.0:
            self._buckets[key] = (tokens - 1.0, now)
            self._buckets.move_to_end(key)
            while len(self._buckets) > self.max_keys:
                self._buckets.popitem(last=False)
            return None
        self._buckets[key] = (tokens, now)
        self._buckets.move_to_end(key)
        return (1.0 - tokens) / self.rate if self.rate > 0 else math.inf

    def check(self, key: str, what: str) -> None:
        """`take`, as a 429 with Retry-After when refused.

        Raises:
            HTTPException: 429, saying what is limited and when to try again.
        """
        wait = self.take(key)
        if wait is not None:
            seconds = max(1, math.ceil(min(wait, 86_400)))
            raise HTTPException(status_code=429, detail=f"Too many {what}; try again in "
                                f"{seconds} s", headers={"Retry-After": str(seconds)})
