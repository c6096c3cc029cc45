"""Pages and static files."""

from __future__ import annotations

from fastapi.testclient import TestClient


def test_pages_keep_tokens_private(client: TestClient) -> None:
    for path in ("/", "/play/abc?seat=0&token=secret", "/replay/abc"):
        r = client.get(path)
        assert r.status_code == 200
        assert r.headers["content-type"].startswith("text/html")
        assert r.headers["referrer-policy"] == "no-referrer"
        assert r.headers["cache-control"] == "no-store"
        assert "secret" not in r.text


def test_static_and_health(client: TestClient) -> None:
    assert client.get("/static/index.html").status_code == 200
    assert client.get("/static/nope.js").status_code == 404
    assert client.get("/healthz").json() == {"status": "ok", "games": 0}
