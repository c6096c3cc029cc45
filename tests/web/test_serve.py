"""`python -m lifespin.web` as a real process: it serves, and its logs never
hold a seat token (they travel in play links' query strings)."""

from __future__ import annotations

import os
import socket
import stat
import subprocess
import sys
import time
from contextlib import ExitStack
from pathlib import Path

import httpx
from tests.web.server_process import ServerProcess, free_port
from websockets.sync.client import connect


def test_logs_keep_tokens_out(tmp_path: Path) -> None:
    log = tmp_path / "server.log"
    server = ServerProcess(f"sqlite:///{tmp_path / 'serve.db'}", log, log_level="info")
    server.start()
    try:
        r = httpx.post(f"{server.base}/games", json={"seats": [{"name": "A"}, {"name": "B"}]})
        assert r.status_code == 201
        created = r.json()
        token = created["seats"][0]["token"]
        page = httpx.get(server.base + created["seats"][0]["link"])
        assert page.status_code == 200 and page.headers["referrer-policy"] == "no-referrer"
        with ExitStack() as stack:
            ws = stack.enter_context(connect(
                f"{server.ws_base}/ws/games/{created['id']}?seat=0&token={token}"))
            assert '"type":"lobby"' in str(ws.recv(timeout=5))
    finally:
        server.stop()
    text = log.read_text()
    assert "token=[redacted]" in text
    assert token not in text and created["host_token"] not in text


def _serve_once(database_url: str, port: int, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    """A second `python -m lifespin.web`, expected to stop at once."""
    return subprocess.run(
        [sys.executable, "-m", "lifespin.web", "--host", "127.0.0.1", "--port", str(port),
         "--database-url", database_url],
        capture_output=True, text=True, timeout=60, cwd=tmp_path,
        env={**os.environ, "LIFESPIN_LOG_LEVEL": "warning"})


def test_one_process_per_sqlite_file(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'one.db'}"
    first = ServerProcess(url, tmp_path / "first.log")
    first.start()
    try:
        created = httpx.post(f"{first.base}/games",
                             json={"seats": [{"name": "A"}, {"name": "B"}]}).json()
        second = _serve_once(url, free_port(), tmp_path)
        assert second.returncode != 0
        assert "already served by another lifespin process" in second.stderr
        assert f"pid {first.pid}" in second.stderr
        # The first one is untouched and still the only one serving.
        assert httpx.get(f"{first.base}/games/{created['id']}").status_code == 200
    finally:
        first.kill()
    # A killed server leaves no lock behind: the next one starts.
    again = ServerProcess(url, tmp_path / "again.log")
    again.start()
    try:
        assert httpx.get(f"{again.base}/games/{created['id']}").status_code == 200
    finally:
        again.stop()


def test_a_port_in_use_fails_before_the_database(tmp_path: Path) -> None:
    first = ServerProcess(f"sqlite:///{tmp_path / 'a.db'}", tmp_path / "first.log")
    first.start()
    try:
        other = tmp_path / "never.db"
        second = _serve_once(f"sqlite:///{other}", first.port, tmp_path)
        assert second.returncode != 0
        assert f"cannot listen on 127.0.0.1:{first.port}" in second.stderr
        assert not other.exists(), "the database was opened before the port was checked"
    finally:
        first.stop()


def test_database_file_is_private(tmp_path: Path) -> None:
    db = tmp_path / "private" / "lifespin.db"
    server = ServerProcess(f"sqlite:///{db}", tmp_path / "server.log")
    server.start()
    try:
        assert httpx.post(f"{server.base}/games",
                          json={"seats": [{"name": "A"}, {"name": "B"}]}).status_code == 201
        for path in db.parent.iterdir():
            assert stat.S_IMODE(path.stat().st_mode) & 0o077 == 0, (path, oct(path.stat().st_mode))
    finally:
        server.stop()


def test_slow_headers_are_cut_off(tmp_path: Path) -> None:
    server = ServerProcess(f"sqlite:///{tmp_path / 'h.db'}", tmp_path / "server.log",
                           header_timeout=1)
    server.start()
    try:
        with socket.create_connection(("127.0.0.1", server.port), timeout=10) as s:
            s.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n")  # never finished
            began = time.monotonic()
            assert s.recv(1024) == b""  # closed by the server
            assert time.monotonic() - began < 5
        # A client that finishes its headers in time is served.
        assert httpx.get(f"{server.base}/healthz").status_code == 200
    finally:
        server.stop()


def test_the_listening_socket_is_tcp_for_asyncio() -> None:
    """asyncio sets TCP_NODELAY only on sockets whose proto says TCP; without
    it every ack waited ~40 ms behind Nagle (a tenth of the throughput)."""
    from lifespin.web import _listen

    sock = _listen("127.0.0.1", free_port())
    try:
        assert sock.proto == socket.IPPROTO_TCP
    finally:
        sock.close()
