"""The Lab pages: built-in answers, computed on first request and kept."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from lifespin.web.routes import lab


def test_lobby_links_the_lab(client: TestClient) -> None:
    assert "href=\"/lab\"" in client.get("/").text


def test_lab_index_and_an_answer(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(lab, "PRECISION", 0.2)
    monkeypatch.setattr(lab, "GAMES", 200)
    monkeypatch.setattr(lab, "LEDGER", 10)
    monkeypatch.setattr(lab, "_answers", {})
    r = client.get("/lab")
    assert r.status_code == 200 and "/lab/children/classic" in r.text
    assert "/lab/tycoon/1960" in r.text and "/lab/tycoon/classic" not in r.text
    page = client.get("/lab/children/classic")
    assert page.status_code == 200 and page.text.startswith("<!doctype html>")
    assert "Taking the family lane instead of the money lane" in page.text
    assert "<svg" in page.text and "<script" not in page.text
    # Kept: the index now shows the sentence, and a second request is the same page.
    assert "Taking the family lane" in client.get("/lab").text
    assert client.get("/lab/children/classic").text == page.text


def test_unknown_answer_is_404(client: TestClient) -> None:
    assert client.get("/lab/nope/classic").status_code == 404
    assert client.get("/lab/risky_road/classic").status_code == 404
