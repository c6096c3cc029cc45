"""Every bad input gets a clear 4xx that says what was wrong, never a 500, a
traceback in the log, an echo of the bad value or a path on the server."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from tests.web.helpers import create_game

from lifespin.web import Settings, create_app
from lifespin.web.guard import CONTENT_SECURITY_POLICY, RateLimiter
from lifespin.web.inputs import BadInput, loads_strict, name_problem

TWO = '[{"name": "A"}, {"name": "B"}]'
# An absolute path of this machine, in any error text: "/a/b" or "C:\\a".
ABSOLUTE_PATH = re.compile(r"(?<![\w.])/[\w.-]+/[\w.-]+|[A-Za-z]:\\")


def post_raw(client: TestClient, body: str | bytes) -> Any:
    return client.post("/games", content=body, headers={"content-type": "application/json"})


@pytest.mark.parametrize("body, says", [
    ('{"seats": ' + TWO + ', "seed": NaN}', "NaN"),
    ('{"seats": ' + TWO + ', "seed": Infinity}', "Infinity"),
    ('{"seats": ' + TWO + ', "seed": -Infinity}', "-Infinity"),
    ('{"seats": ' + TWO + ', "seed": 1e309}', "too large"),
    ('{"seats": ' + TWO + ', "options": {"police_fine": NaN}}', "NaN"),
    ('{"seats": [{"name": "\\ud800"}, {"name": "B"}]}', "surrogate"),
    ('{"seats": ' + TWO + ', "options": {"\\udfff": 1}}', "surrogate"),
    ('{"seats": ' + TWO + ', "seed": ' + "9" * 5000 + "}", "too long"),
    ('{"seats": ' + TWO + ', "seed": ' + "9" * 41 + "}", "too long"),
    ("[" * 5000 + "]" * 5000, "nested"),
    ('{"a":' * 40 + "1" + "}" * 40, "nested"),
    ("{nope", "not JSON"),
])
def test_bad_json_is_a_400_that_says_why(client: TestClient, body: str, says: str,
                                         caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING):
        r = post_raw(client, body)
    assert r.status_code == 400, r.text
    assert says in r.json()["detail"]
    assert not [rec for rec in caplog.records if rec.exc_info], "a traceback was logged"
    assert client.get("/games").json()["count"] == 0


def test_bytes_that_are_not_utf8(client: TestClient) -> None:
    r = post_raw(client, b'{"seats": [{"name": "\xff\xfe"}]}')
    assert r.status_code == 400 and "UTF-8" in r.json()["detail"]


@pytest.mark.parametrize("name, char", [
    ("A\u0000", "U+0000"), ("A\u0007B", "U+0007"), ("A\u001b[31m", "U+001B"),
    ("evil\u202egnp.exe", "U+202E"), ("\u2066A\u2069", "U+2066"), ("A\u200eB", "U+200E"),
    ("A\u2028B", "U+2028"), ("A\ue000", "U+E000"), ("A\u00adB", "U+00AD"),
])
def test_names_that_hide_or_reorder_text_are_refused(client: TestClient, name: str,
                                                     char: str) -> None:
    r = client.post("/games", json={"seats": [{"name": name}, {"name": "B"}]})
    assert r.status_code == 422, r.text
    detail = r.json()["detail"]
    assert detail[0]["loc"] == ["body", "seats", "0", "name"]
    assert char in detail[0]["msg"]
    assert name not in r.text  # the value is named by code point, never echoed


@pytest.mark.parametrize("name", ["Zoë", "Ана", "李雷", "👨\u200d👩\u200d👧", "O'Neil-Smith"])
def test_real_names_are_kept(client: TestClient, name: str) -> None:
    assert name_problem(name) is None
    created = create_game(client, (name, "B"))
    assert client.get(f"/games/{created['id']}").json()["seats"][0]["name"] == name


def test_validation_errors_never_echo_the_value(client: TestClient) -> None:
    big = "x" * 30_000
    r = client.post("/games", json={"seats": [{"name": big}, {"name": "B"}]})
    assert r.status_code == 422
    assert big[:100] not in r.text and len(r.content) < 2000


@pytest.mark.parametrize("url", [
    "/games?limit=" + "9" * 5000,
    "/games?limit=%C2%B2",
    "/editions/classic?police_fine=" + "9" * 5000,
    "/editions/classic?police_fine=%C2%B2",
    "/editions/classic?police_fine=%ED%A0%80",
    "/editions/classic?pension=NaN",
    "/editions/classic?countryside_tile=%00",
    "/games/%ED%A0%80",
    "/games/" + "x" * 5000,
])
def test_bad_queries_are_4xx_without_paths(client: TestClient, url: str) -> None:
    r = client.get(url)
    assert 400 <= r.status_code < 500, r.text
    assert not ABSOLUTE_PATH.search(r.text), r.text
    assert len(r.content) < 2000


def test_bad_house_rule_names_no_file(client: TestClient) -> None:
    r = client.post("/games", json={"seats": [{"name": "A"}, {"name": "B"}],
                                    "options": {"police_fine": 7}})
    assert r.status_code == 422
    assert r.json()["detail"].startswith("options.police_fine = 7: ")
    assert "edition.toml" not in r.text and not ABSOLUTE_PATH.search(r.text)


@pytest.fixture
def small_client(make_settings: Callable[..., Settings]) -> Iterator[TestClient]:
    with TestClient(create_app(make_settings(max_body_bytes=2048, create_burst=3,
                                             create_per_minute=1))) as c:
        yield c


def test_body_limit_is_413_before_reading(small_client: TestClient) -> None:
    body = '{"seats": [{"name": "' + "x" * 5000 + '"}]}'
    r = post_raw(small_client, body)
    assert r.status_code == 413 and "2048 bytes" in r.json()["detail"]


def test_body_limit_holds_without_content_length(small_client: TestClient) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"seats": [{"name": "'
        for _ in range(100):
            yield b"x" * 1000
        yield b'"}]}'

    r = small_client.post("/games", content=chunks(),
                          headers={"content-type": "application/json"})
    assert r.status_code == 413, r.text


def test_creating_games_is_rate_limited(small_client: TestClient) -> None:
    for _ in range(3):
        create_game(small_client, seed=None)
    r = small_client.post("/games", json={"seats": [{"name": "A"}, {"name": "B"}]})
    assert r.status_code == 429
    assert 1 <= int(r.headers["retry-after"]) <= 60
    assert "try again" in r.json()["detail"]
    assert small_client.get("/games").json()["count"] == 3


def test_rate_limiter_refills() -> None:
    now = [0.0]
    limiter = RateLimiter(per_minute=60, burst=2, clock=lambda: now[0])
    assert limiter.take("a") is None and limiter.take("a") is None
    wait = limiter.take("a")
    assert wait == pytest.approx(1.0)
    assert limiter.take("b") is None  # one client's use is not another's
    now[0] = 1.0
    assert limiter.take("a") is None
    assert limiter.take("a") == pytest.approx(1.0)


def test_rate_limiter_memory_is_bounded() -> None:
    limiter = RateLimiter(per_minute=1, burst=1, max_keys=100)
    for i in range(1000):
        limiter.take(str(i))
    assert len(limiter._buckets) <= 100


def test_careful_headers(client: TestClient) -> None:
    for url in ("/", "/games", "/editions", "/static/js/play.js", "/nope"):
        r = client.get(url)
        assert r.headers["content-security-policy"] == CONTENT_SECURITY_POLICY, url
        assert "frame-ancestors 'none'" in r.headers["content-security-policy"]
        assert r.headers["x-content-type-options"] == "nosniff"


def test_docs_are_off_unless_asked(make_settings: Callable[..., Settings]) -> None:
    with TestClient(create_app(make_settings())) as c:
        assert c.get("/docs").status_code == 404
        assert c.get("/openapi.json").status_code == 200
    with TestClient(create_app(make_settings(docs=True))) as c:
        assert c.get("/docs").status_code == 200


def test_host_names_guard_a_loopback_server(make_settings: Callable[..., Settings]) -> None:
    settings = make_settings(allowed_hosts="", public_url="https://life.example.org")
    with TestClient(create_app(settings), base_url="http://rebound.attacker.example") as c:
        r = c.get("/games")
        assert r.status_code == 400 and "LIFESPIN_ALLOWED_HOSTS" in r.json()["detail"]
    for base in ("http://127.0.0.1:8000", "http://localhost", "http://[::1]:8000",
                 "https://life.example.org"):
        with TestClient(create_app(settings), base_url=base) as c:
            assert c.get("/games").status_code == 200, base


@pytest.mark.parametrize("text, says", [
    ('{"a": NaN}', "NaN"), ('{"a": 1e400}', "too large"), ('["\\ud83d"]', "surrogate"),
    ("[" * 2000 + "]" * 2000, "nested"), ('{"a": ' + "1" * 4400 + "}", "too long"),
])
def test_loads_strict(text: str, says: str) -> None:
    with pytest.raises(BadInput, match=says):
        loads_strict(text)


def test_loads_strict_takes_what_clients_send() -> None:
    assert loads_strict('{"a": [1, -2.5e3, "\\ud83d\\ude00", null, true]}') == {
        "a": [1, -2500.0, "😀", None, True]}
