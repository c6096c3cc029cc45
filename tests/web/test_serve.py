"""`python -m lifespin.web` as a real process: it serves, and its logs never
hold a seat token (they travel in play links' query strings)."""

from __future__ import annotations

from contextlib import ExitStack
from pathlib import Path

import httpx
from tests.web.server_process import ServerProcess
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
