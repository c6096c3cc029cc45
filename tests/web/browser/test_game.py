"""A whole game in the browser: the lobby, the play page to the final screen
(with a reload half-way), two people at one table, spectators and the advisor."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from typing import Any

from tests.web.browser.support import playwright_sync_api

sync_api = playwright_sync_api()
expect = sync_api.expect

CHOICE = "#choices button.choice:not([disabled])"
FINAL = "#final-area:not([hidden]) .final"


def play_on(page: Any, *, clicks: int, seconds: float, keyboard_every: int = 0) -> int:
    """Click the first offered choice until the final screen shows or `clicks`
    choices are made; returns the number made. Fails past `seconds`."""
    made = 0
    deadline = time.monotonic() + seconds
    final = page.locator(FINAL)
    choice = page.locator(CHOICE).first
    while made < clicks:
        assert time.monotonic() < deadline, f"no end after {made} choices in {seconds} s"
        if final.count():
            break
        try:
            choice.wait_for(timeout=500)
        except sync_api.TimeoutError:
            continue  # a bot is moving, or the final screen is coming
        if keyboard_every and made % keyboard_every == keyboard_every - 1:
            page.keyboard.press("1")  # number keys pick choices
        else:
            try:
                choice.click(timeout=2000)
            except sync_api.TimeoutError:
                continue  # the choices were redrawn under the pointer: look again
        made += 1
    return made


def test_lobby_to_final_screen(new_page: Callable[..., Any], shoot: Callable[..., Any],
                               server: Any) -> None:
    started = time.monotonic()
    page = new_page()
    page.goto("/")
    expect(page.locator("#edition option")).not_to_have_count(0)
    # House rules are drawn by type, each with its description and default.
    expect(page.locator(".option-choice select").first).to_be_visible()
    expect(page.locator(".option-bool input[type=checkbox]").first).to_be_visible()
    expect(page.locator(".option-int input[type=number]").first).to_be_visible()
    expect(page.locator(".option .default-note").first).to_contain_text("Default")

    # One person and three bots.
    page.fill("#seat-name-0", "Ana")
    page.click("#add-seat")
    page.click("#add-seat")
    expect(page.locator(".seat-row")).to_have_count(4)
    page.select_option("#seat-level-2", "easy")
    page.select_option("#seat-level-3", "random")
    shoot(page, "lobby-desktop", full_page=True)
    page.click("#create")

    expect(page.locator("#created")).to_be_visible()
    rows = page.locator("#seat-links tr")
    expect(rows).to_have_count(4)
    expect(rows.nth(1)).to_contain_text("Bot (Normal)")
    link = page.locator("#seat-links tr[data-seat='0'] .link-field").input_value()
    assert re.search(r"/play/[\w-]+\?seat=0&token=", link)
    # The host token lives in this browser's storage (so the host's seat page
    # can start the game too), never in the address.
    game_id = page.evaluate("new URLSearchParams(location.search).get('game')")
    kept = page.evaluate(f"localStorage.getItem('lifespin.host.{game_id}')")
    assert kept and "host_token" in kept
    assert "token" not in page.url

    page.click("#seat-links tr[data-seat='0'] button.copy")  # copy Ana's link
    expect(page.locator("#seat-links tr[data-seat='0'] button.copy")).to_have_text(
        re.compile("Copied|Select"))
    assert page.evaluate("navigator.clipboard.readText()") == link

    page.click("#start")
    expect(page.locator("#start-status")).to_contain_text("started")
    shoot(page, "lobby-started", full_page=True)
    page.click("#play-first")

    # The game page: Ana's seat.
    expect(page.locator("#role")).to_contain_text("Ana")
    expect(page.locator("#conn")).to_contain_text("Connected")
    expect(page.locator(CHOICE).first).to_be_visible()
    expect(page.locator(".board-svg .space")).not_to_have_count(0)
    expect(page.locator("#players .player")).to_have_count(4)
    shoot(page, "play-start-desktop")

    made = play_on(page, clicks=14, seconds=40, keyboard_every=4)
    assert made == 14
    expect(page.locator("#log li")).not_to_have_count(0)
    shoot(page, "play-midgame-desktop")

    # Reload half-way: the page comes back to the same seat and goes on.
    page.reload()
    expect(page.locator("#conn")).to_contain_text("Connected")
    expect(page.locator(CHOICE).first).to_be_visible()
    # The log is refilled with the last moves (since=), not only what comes next.
    assert page.locator("#log li.ev:not(.note)").count() >= 5
    made += play_on(page, clicks=600, seconds=70)
    expect(page.locator(FINAL)).to_be_visible(timeout=20_000)

    final = page.locator(FINAL)
    expect(final.locator(".standings tbody tr")).to_have_count(4)
    expect(final.locator(".worth-chart rect.seg")).not_to_have_count(0)
    expect(final.locator(".headline")).to_contain_text(re.compile("wins|tie"))
    expect(page.locator("#log li").last).to_contain_text("game is over")
    shoot(page, "final-desktop")
    shoot(page, "final-desktop-full", full_page=True)
    print(f"\n[browser] lobby to final screen: {made} choices in "
          f"{time.monotonic() - started:.1f} s")

    # The replay of the same game, from the final screen's link.
    page.click("text=Watch the replay")
    expect(page.locator("#step-text")).to_contain_text("Step 0 of")
    page.click("#next")
    expect(page.locator("#step-text")).not_to_contain_text("Step 0 of")


def test_two_people_at_one_table(new_page: Callable[..., Any], shoot: Callable[..., Any],
                                 server: Any) -> None:
    host = new_page()
    host.goto("/")
    host.fill("#seat-name-0", "Ana")
    host.select_option("#seat-kind-1", "human")
    host.fill("#seat-name-1", "Bo")
    host.click("#add-seat")
    host.click("#create")
    expect(host.locator("#seat-links tr")).to_have_count(3)
    bo_link = host.locator("#seat-links tr[data-seat='1'] .link-field").input_value()

    # Bo opens his link on a phone; the host sees him arrive.
    phone = new_page(phone=True)
    phone.goto(bo_link)
    expect(phone.locator("#lobby-wait")).to_be_visible()
    expect(phone.locator("#role")).to_contain_text("Bo")
    expect(host.locator("#seat-links tr[data-seat='1'] .here")).to_contain_text("✓")
    shoot(phone, "phone-lobby-wait")

    host.click("#start")
    host.click("#play-first")
    expect(host.locator("#role")).to_contain_text("Ana")
    expect(phone.locator("#players .player")).to_have_count(3)

    # Each plays their own turns until both see the end.
    deadline = time.monotonic() + 60
    choices = {host: 0, phone: 0}
    waited_seen = False
    shot_phone = False
    while True:
        assert time.monotonic() < deadline, f"no end; choices made: {list(choices.values())}"
        if host.locator(FINAL).count() and phone.locator(FINAL).count():
            break
        moved = False
        for page in (host, phone):
            button = page.locator(CHOICE).first
            if button.count():
                other = phone if page is host else host
                help_text = other.locator("#decision-help").text_content() or ""
                waited_seen = waited_seen or "Waiting for" in help_text
                try:
                    button.click(timeout=1000)
                    choices[page] += 1
                    moved = True
                except sync_api.TimeoutError:
                    pass
                if page is phone and choices[phone] == 6 and not shot_phone:
                    shot_phone = True
                    shoot(phone, "play-phone")
                    shoot(phone, "play-phone-full", full_page=True)
        if not moved:
            time.sleep(0.05)
    assert choices[host] > 5 and choices[phone] > 5
    assert waited_seen, "the other person's page never said whose turn it was"
    shoot(phone, "final-phone")
    shoot(phone, "final-phone-full", full_page=True)


def test_spectator_reconnect_and_advice(new_page: Callable[..., Any],
                                        shoot: Callable[..., Any], server: Any) -> None:
    game = server.create([{"name": "Ana"}, {"name": "Robo", "kind": "bot", "difficulty": "normal"}],
                         seed=11)
    watch = new_page()
    watch.goto(game["watch_url"])
    expect(watch.locator("#role")).to_have_text("Watching")
    expect(watch.locator("#turn-text")).to_contain_text("Ana")
    expect(watch.locator("#choices button")).to_have_count(0)

    page = new_page()
    page.goto(game["seats"][0]["link"])
    expect(page.locator(CHOICE).first).to_be_visible()
    start_text = page.locator(CHOICE).first.text_content() or ""
    assert "college" in start_text.lower()  # "Go to college (borrow $100,000)"

    # The advisor's chances, in words.
    page.click("#advice-button")
    expect(page.locator("#advice .advice-list li").first).to_be_visible(timeout=30_000)
    expect(page.locator("#advice")).to_contain_text("to win")
    shoot(page, "advice")

    # An advisor that is switched off answers 501: said plainly.
    page.route("**/advice", lambda route: route.fulfill(
        status=501, content_type="application/json",
        body='{"detail": "the advisor is not available here"}'))
    page.click("#advice-button")
    expect(page.locator("#advice")).to_contain_text("not available")

    # A dropped connection comes back by itself (since=) and play goes on.
    page.evaluate("window.lifespin.dropConnection()")
    expect(page.locator("#conn")).to_contain_text(re.compile("retrying|Reconnecting"))
    expect(page.locator("#conn")).to_contain_text("Connected")
    page.locator(CHOICE).first.click()
    expect(watch.locator("#log li")).not_to_have_count(0)
    shoot(watch, "spectator")


def test_bad_link_is_explained(new_page: Callable[..., Any], server: Any) -> None:
    game = server.create([{"name": "Ana"}, {"name": "Bo"}], seed=3, start=False)
    page = new_page()
    page.goto(f"/play/{game['id']}?seat=1&token=wrong")
    expect(page.locator("#problem")).to_contain_text("token")
    expect(page.locator("#conn")).to_contain_text("Not connected")
    page.goto("/play/no-such-game")
    expect(page.locator("#problem")).to_be_visible()


def test_lobby_on_a_phone(new_page: Callable[..., Any], shoot: Callable[..., Any],
                          server: Any) -> None:
    page = new_page(phone=True)
    page.goto("/")
    expect(page.locator(".seat-row")).to_have_count(2)
    # House rules fold away on a small screen, with a summary of what is chosen.
    expect(page.locator("#rules-summary")).to_contain_text("all at their defaults")
    page.click("#rules-summary")
    page.locator(".option-bool input[type=checkbox]").first.click()
    expect(page.locator("#rules-summary")).to_contain_text("1 changed")
    shoot(page, "lobby-phone")
    page.click("#create")
    expect(page.locator("#created")).to_be_visible()
    shoot(page, "lobby-phone-created", full_page=True)


def test_animations_can_be_skipped(new_page: Callable[..., Any], server: Any) -> None:
    game = server.create([{"name": "Ana"}, {"name": "Robo", "kind": "bot", "difficulty": "normal"}],
                         seed=21)
    page = new_page(motion=True)
    page.goto(game["seats"][0]["link"])
    expect(page.locator("#animate-toggle")).to_be_checked()
    page.locator(CHOICE).first.click()  # how to start
    page.locator(CHOICE).first.click()  # spin
    expect(page.locator("#skip")).to_be_visible()
    page.keyboard.press("Escape")
    expect(page.locator("#skip")).to_be_hidden()
    expect(page.locator("#log")).to_contain_text("Ana spins")
    expect(page.locator(CHOICE).first).to_be_visible()


def test_page_plays_on_without_a_board(new_page: Callable[..., Any], server: Any) -> None:
    game = server.create([{"name": "Ana"}, {"name": "Robo", "kind": "bot", "difficulty": "easy"}],
                         seed=4)
    page = new_page()
    page.route("**/editions/classic*", lambda route: route.fulfill(
        status=500, content_type="text/plain", body="Internal Server Error"))
    page.goto(game["seats"][0]["link"])
    expect(page.locator("#problem")).to_contain_text("board could not be loaded")
    made = play_on(page, clicks=3, seconds=20)
    assert made == 3
    expect(page.locator("#players .player")).to_have_count(2)
