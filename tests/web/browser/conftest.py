"""Browser tests of the lobby, game and replay pages (Playwright, Chromium).

The real server runs in a subprocess (uvicorn) on a free loopback port with a
temporary SQLite database, seeds allowed and bots at full speed; Chromium is
the system one at /usr/bin/chromium (no browser is ever downloaded). Without
it, every test here is skipped with the reason, except under CI=true, where a
missing browser fails them.

Screenshots go to a temporary folder, and also to $LIFESPIN_SCREENSHOTS when set.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from tests.web.browser.support import IN_CI, playwright_sync_api

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # Browser tests run last: Playwright's sync API keeps an event loop running
    # in this thread while the session-wide browser is open, and other tests
    # call asyncio.run().
    mine = [it for it in items if HERE in Path(str(it.path)).resolve().parents]
    items[:] = [it for it in items if it not in mine] + mine
    if CHROMIUM.exists():
        return
    missing = (pytest.mark.usefixtures("_chromium_is_missing") if IN_CI
               else pytest.mark.skip(reason=f"browser tests need Chromium at {CHROMIUM}, "
                                     "which is missing"))
    for item in items:
        if HERE in Path(str(item.path)).resolve().parents:
            item.add_marker(missing)


@pytest.fixture
def _chromium_is_missing() -> None:
    pytest.fail(f"CI=true: the browser tests need Chromium at {CHROMIUM}, which is missing")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Server:
    """The running server: its origin, and a small JSON client for setting games up."""

    base: str
    log: Path

    def call(self, method: str, path: str, body: Any = None,
             token: str | None = None) -> tuple[int, Any]:
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.base + path, data=data, method=method)
        req.add_header("Content-Type", "application/json")
        if token:
            req.add_header("Authorization", f"Bearer {token}")
        try:
            with urllib.request.urlopen(req, timeout=30) as r:
                return r.status, _json(r.read().decode())
        except urllib.error.HTTPError as e:
            return e.code, _json(e.read().decode())

    def create(self, seats: list[dict[str, Any]], seed: int | None = 1,
               edition: str = "classic", start: bool = True) -> dict[str, Any]:
        """A game made over REST (for tests that do not test the lobby)."""
        status, created = self.call("POST", "/games", {
            "edition": edition, "seats": seats, "seed": seed, "options": {}})
        assert status == 201, created
        if start:
            status, body = self.call("POST", f"/games/{created['id']}/start",
                                     token=created["host_token"])
            assert status == 200, body
        return created

    def wait_over(self, game_id: str, timeout: float = 30.0) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            status, game = self.call("GET", f"/games/{game_id}")
            assert status == 200, game
            if game["status"] == "over":
                return game
            time.sleep(0.1)
        raise AssertionError(f"game {game_id} did not finish in {timeout} s")


def _json(text: str) -> Any:
    try:
        return json.loads(text) if text else None
    except json.JSONDecodeError:
        return text  # e.g. "Internal Server Error"


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """``uvicorn lifespin.web:app_from_env`` with a fresh database; stopped at the end."""
    home = tmp_path_factory.mktemp("server")
    port = _free_port()
    env = {
        **os.environ,
        "LIFESPIN_DATABASE_URL": f"sqlite:///{home / 'lifespin.db'}",
        "LIFESPIN_ALLOW_SEED": "true",
        "LIFESPIN_BOT_PACE": "0",
        "LIFESPIN_LOG_LEVEL": "warning",
        "LIFESPIN_HOST": "127.0.0.1",
        "LIFESPIN_PORT": str(port),
    }
    log = home / "server.log"
    with log.open("wb") as out:
        # cwd: a folder without a stray .env for the settings to pick up.
        proc = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "lifespin.web:app_from_env", "--factory",
             "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"],
            env=env, cwd=home, stdout=out, stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"the server exited:\n{log.read_text()[-3000:]}")
            try:
                with urllib.request.urlopen(f"{base}/healthz", timeout=1) as r:
                    if r.status == 200:
                        break
            except (urllib.error.URLError, OSError):
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"the server did not start:\n{log.read_text()[-3000:]}")
            time.sleep(0.05)
        yield Server(base, log)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    sync_api = playwright_sync_api()
    with sync_api.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            yield b
        finally:
            b.close()


class PageErrors(list[str]):
    """Uncaught exceptions and console errors of the pages a test opened."""


@pytest.fixture
def page_errors() -> Iterator[PageErrors]:
    errors = PageErrors()
    yield errors
    assert not errors, "the page reported errors:\n" + "\n".join(errors)


@pytest.fixture
def new_page(browser: Any, server: Server,
             page_errors: PageErrors) -> Iterator[Callable[..., Any]]:
    """Open a page in a fresh context: ``new_page(phone=False, motion=False)``.

    Motion is reduced unless asked for, so the tests do not wait for animations
    (the page turns them off by itself under prefers-reduced-motion).
    """
    contexts: list[Any] = []

    def make(phone: bool = False, motion: bool = False) -> Any:
        context = browser.new_context(
            viewport=PHONE if phone else DESKTOP,
            device_scale_factor=1,
            is_mobile=phone,
            has_touch=phone,
            reduced_motion="no-preference" if motion else "reduce",
            base_url=server.base,
        )
        context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server.base)
        context.set_default_timeout(15_000)
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda exc: page_errors.append(f"pageerror: {exc}"))
        page.on("console", lambda msg: page_errors.append(f"console: {msg.text}")
                if msg.type == "error" and not _expected_console_error(msg.text) else None)
        return page

    yield make
    for context in contexts:
        context.close()


def _expected_console_error(text: str) -> bool:
    # Chromium logs refused requests (a 501 from the advisor, a 409 replay) and
    # websocket closes by itself; the page handles them, so they are not errors here.
    return "Failed to load resource" in text or "WebSocket" in text


@pytest.fixture(scope="session")
def shots_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("screenshots")


@pytest.fixture
def shoot(shots_dir: Path) -> Callable[..., Path]:
    """``shoot(page, "name", full_page=False)``: a PNG in the temp folder (and
    in $LIFESPIN_SCREENSHOTS when set)."""
    extra = os.environ.get("LIFESPIN_SCREENSHOTS")

    def take(page: Any, name: str, full_page: bool = False) -> Path:
        path = shots_dir / f"{name}.png"
        page.screenshot(path=str(path), full_page=full_page)
        if extra:
            Path(extra).mkdir(parents=True, exist_ok=True)
            shutil.copy(path, Path(extra) / path.name)
        return path

    return take
