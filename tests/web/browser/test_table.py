"""The table people enjoy (issue 14), in the browser: a board that reads like
Life, cars with their pegs, the spinner, money and cards, the end; hosting that
cannot strand a game, error pages, the lobby's checks and words, the rules
page, the record, the advisor's "about the same"; a phone and a keyboard.

The screenshots of the README (lobby, a game in progress, the final standings
and a phone) are taken here: run with LIFESPIN_SCREENSHOTS=docs/screenshots.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable
from typing import Any

from tests.web.browser.support import playwright_sync_api

sync_api = playwright_sync_api()
expect = sync_api.expect

CHOICE = "#choices button.choice:not([disabled])"
FINAL = "#final-area:not([hidden]) .final"
PHONE_WIDTH = 390


def click_on(page: Any, clicks: int, seconds: float,
             until: Callable[[], bool] | None = None) -> int:
    """Click the first offered choice `clicks` times, or until `until()` or the end."""
    made = 0
    deadline = time.monotonic() + seconds
    choice = page.locator(CHOICE).first
    while made < clicks:
        assert time.monotonic() < deadline, f"only {made} choices in {seconds} s"
        if page.locator(FINAL).count() or (until is not None and until()):
            break
        try:
            choice.wait_for(timeout=500)
            choice.click(timeout=2000)
        except sync_api.TimeoutError:
            continue
        made += 1
    return made


def test_every_board_reads_without_hovering(new_page: Callable[..., Any], server: Any) -> None:
    page = new_page()
    page.goto("/")
    status, editions = server.call("GET", "/editions")
    assert status == 200
    for edition in editions:
        report = page.evaluate(
            """async (name) => {
                const { BoardModel } = await import("/static/js/edition.js");
                const { BoardView } = await import("/static/js/board.js");
                const { hasPicture } = await import("/static/js/pictures.js");
                const board = await (await fetch(`/editions/${name}`)).json();
                const box = document.createElement("div");
                box.style.width = "900px";
                document.body.append(box);
                const view = new BoardView(box, new BoardModel(board));
                const spaces = [...box.querySelectorAll(".board-svg .space")];
                const out = {
                  spaces: spaces.length, expected: board.spaces.length,
                  unworded: spaces
                    .filter((g) => !g.querySelector(".space-words")?.textContent.trim())
                    .map((g) => g.dataset.space),
                  unpictured: [...new Set(board.spaces
                    .filter((s) => !hasPicture(s.effect)).map((s) => s.effect))],
                  unlabelled: spaces.filter((g) => !g.getAttribute("aria-label")).length,
                  stops: board.spaces.filter((s) => s.stop).length,
                  stopTags: box.querySelectorAll(".space.stop .stop-text").length,
                  forks: board.spaces.filter((s) => s.next.length > 1).length,
                  forkArrows: box.querySelectorAll(".fork-arrow").length,
                  lanes: new Set(board.spaces.filter((s) => s.branch)
                    .map((s) => s.branch)).size,
                  laneCaptions: box.querySelectorAll(".lane-caption").length,
                  tabStops: box.querySelectorAll(".space[tabindex='0']").length,
                };
                view.destroy();
                box.remove();
                return out;
            }""",
            edition["name"],
        )
        name = edition["name"]
        assert report["spaces"] == report["expected"], (name, report)
        assert not report["unworded"], (name, report["unworded"])
        assert not report["unpictured"], (name, "effects without a picture", report["unpictured"])
        assert report["unlabelled"] == 0, name
        assert report["stopTags"] == report["stops"] > 0, (name, report)
        assert report["forkArrows"] >= report["forks"], (name, report)
        assert report["laneCaptions"] >= report["lanes"], (name, report)
        assert report["tabStops"] == 1, (name, "one tab stop for the whole board")


def test_a_space_tells_everything_on_tap_and_keys(new_page: Callable[..., Any],
                                                  server: Any) -> None:
    game = server.create([{"name": "Ana"}, {"name": "Bo", "kind": "bot", "difficulty": "random"}],
                         seed=2)
    page = new_page()
    page.goto(game["seats"][0]["link"])
    expect(page.locator(CHOICE).first).to_be_visible()
    _, board = server.call("GET", "/editions/classic")
    pay = next(s for s in board["spaces"] if s["effect"] == "pay" and s["amount"])
    page.locator(f".space[data-space='{pay['id']}']").click()
    info = page.locator("#space-info")
    expect(info).to_contain_text(pay["label"])
    expect(info).to_contain_text(f"${pay['amount']:,}")
    expect(info).to_contain_text(pay["says"])
    # The keyboard: the board is one tab stop; the arrows walk the road.
    page.locator(f".space[data-space='{pay['id']}']").focus()
    page.keyboard.press("ArrowRight")
    nxt = next(s for s in board["spaces"] if s["id"] == pay["next"][0])
    expect(page.locator(f".space[data-space='{nxt['id']}']")).to_be_focused()
    expect(info).to_contain_text(nxt["label"])
    stop = next(s for s in board["spaces"] if s["stop"])
    page.locator(f".space[data-space='{stop['id']}']").click()
    expect(info).to_contain_text("STOP")


def test_cars_carry_the_family(new_page: Callable[..., Any], shoot: Callable[..., Any],
                               server: Any) -> None:
    game = server.create([{"name": "Ana"}, {"name": "Bo", "kind": "bot", "difficulty": "random"},
                          {"name": "Cy", "kind": "bot", "difficulty": "normal"}],
                         seed=7, edition="2005")
    page = new_page()
    page.goto(game["seats"][0]["link"])
    expect(page.locator(CHOICE).first).to_be_visible()

    def family() -> bool:
        players = page.evaluate("window.lifespin.app.current.view.players")
        return any(p["spouse"] and p["children"] for p in players)

    click_on(page, clicks=200, seconds=90, until=family)
    assert family(), "nobody married and had children"
    view = page.evaluate("window.lifespin.app.current.view")
    for p in view["players"]:
        car = page.locator(f".car[data-seat='{p['seat']}']")
        pegs = 1 + int(p["spouse"]) + min(6, p["children"])
        assert car.locator(".pegs").get_attribute("data-pegs") == str(pegs), p
        assert car.locator(".peg").count() == pegs
        label = car.get_attribute("aria-label") or ""
        assert p["name"] in label and (not p["children"] or f"{p['children']} children" in label)
    colours = {page.locator(f".car[data-seat='{i}'] .car-body").get_attribute("fill")
               for i in range(3)}
    assert len(colours) == 3, "each player's car in its own colour"
    decider = view["decision"]["seat"]
    expect(page.locator(f".car[data-seat='{decider}']")).to_have_class(re.compile("active"))
    # Holdings as cards; your own Share the Wealth hand face up, others' as backs.
    hand = view.get("hand") or []
    expect(page.locator(".player[data-seat='0'] .wealth-card[data-card]")).to_have_count(len(hand))
    for i, p in enumerate(view["players"]):
        cards = page.locator(f".player[data-seat='{i}'] .hold-card")
        expect(cards.locator("xpath=self::*[contains(@class,'stock-card')]")).to_have_count(
            len(p["stocks"]))
        if i and p["wealth_cards"]:
            expect(page.locator(f".player[data-seat='{i}'] .wealth-back")).to_contain_text(
                f"×{p['wealth_cards']}")
        if p["house"]:
            expect(page.locator(f".player[data-seat='{i}'] .house-card")).to_contain_text(
                p["house_name"])
    shoot(page, "game")


def test_the_spinner_spins_to_the_number(new_page: Callable[..., Any], server: Any) -> None:
    game = server.create([{"name": "Ana"}, {"name": "Bo", "kind": "bot", "difficulty": "random"}],
                         seed=9)
    page = new_page(motion=True)
    # Every number the wheel lands on (the bot spins right after Ana).
    page.add_init_script("""
        window.__landed = [];
        document.addEventListener("DOMContentLoaded", () => {
          new MutationObserver(() => {
            const big = document.querySelector(".spin-big.show");
            if (big && big.textContent) window.__landed.push(big.textContent);
          }).observe(document.body,
                     { subtree: true, attributes: true, attributeFilter: ["class"] });
        });
    """)
    page.goto(game["seats"][0]["link"])
    page.locator(CHOICE).first.click()  # how to start
    wheel = page.locator(".spinner-button")
    expect(wheel).to_be_enabled()  # the wheel itself is a button when you may spin
    assert wheel.get_attribute("aria-label") == "Spin the wheel"
    wheel.click()
    expect(wheel).to_have_class(re.compile("spinning"))
    expect(page.locator("#log")).to_contain_text(re.compile(r"Ana spins \d+"), timeout=15_000)
    log = page.locator("#log").text_content() or ""
    value = re.search(r"Ana spins (\d+)", log)
    assert value is not None
    page.wait_for_function("window.__landed.length > 0")
    assert value.group(1) in page.evaluate("window.__landed")
    transform = page.evaluate("getComputedStyle(document.querySelector('.wheel')).transform")
    assert transform not in ("none", "")


def test_money_floats_and_sound_is_off_until_asked(new_page: Callable[..., Any],
                                                   server: Any) -> None:
    game = server.create([{"name": "Ana"}, {"name": "Bo", "kind": "bot", "difficulty": "random"}],
                         seed=12)
    page = new_page()
    page.add_init_script("""
        window.__floats = [];
        new MutationObserver((list) => {
          for (const m of list) for (const n of m.addedNodes)
            if (n.classList && n.classList.contains('money-float'))
              window.__floats.push(n.textContent);
        }).observe(document, { childList: true, subtree: true });
    """)
    page.goto(game["seats"][0]["link"])
    sound = page.locator("#sound-toggle")
    expect(sound).to_have_attribute("aria-pressed", "false")
    click_on(page, clicks=40, seconds=60,
             until=lambda: bool(page.evaluate("window.__floats.length")))
    floats = page.evaluate("window.__floats")
    assert floats and all(re.fullmatch(r"[+\u2212]\$[\d,]+", f) for f in floats), floats
    sound.click()
    expect(sound).to_have_attribute("aria-pressed", "true")
    assert page.evaluate("localStorage.getItem('lifespin.sound')") == "on"
    page.reload()
    expect(page.locator("#sound-toggle")).to_have_attribute("aria-pressed", "true")
    page.locator("#sound-toggle").click()
    expect(page.locator("#sound-toggle")).to_have_text("Sound off")


def test_host_can_start_from_their_seat_page(new_page: Callable[..., Any],
                                             server: Any) -> None:
    page = new_page()
    page.goto("/")
    page.fill("#seat-name-0", "Ana")
    page.select_option("#seat-kind-1", "human")
    page.fill("#seat-name-1", "Bo")
    page.select_option("#pace", "instant")
    page.click("#create")
    expect(page.locator("#seat-links tr")).to_have_count(2)
    ana = page.locator("#seat-links tr[data-seat='0'] .link-field").input_value()
    bo = page.locator("#seat-links tr[data-seat='1'] .link-field").input_value()
    game_id = page.evaluate("new URLSearchParams(location.search).get('game')")
    assert server.call("GET", f"/games/{game_id}")[1]["pace"] == "instant"

    # The host closes the lobby before starting; the game waits in the lobby's list.
    page.goto("/")
    expect(page.locator("#games-lists")).to_contain_text("Yours, waiting to start")
    page.goto(ana)
    tools = page.locator("#host-tools")
    expect(tools).to_be_visible()
    expect(page.locator("#invite-links input")).to_have_value(bo)

    # Bo, elsewhere, has no host tools.
    other = new_page()
    other.goto(bo)
    expect(other.locator("#lobby-wait")).to_be_visible()
    expect(other.locator("#host-tools")).to_be_hidden()

    page.click("#host-start")
    expect(page.locator("#play-main")).to_be_visible()
    expect(other.locator("#play-main")).to_be_visible()
    assert server.call("GET", f"/games/{game_id}")[1]["status"] == "playing"


def test_dead_ends_say_so_and_lead_to_the_lobby(new_page: Callable[..., Any],
                                                server: Any) -> None:
    game = server.create([{"name": "Ana"}, {"name": "Bo"}], seed=3, start=False)
    page = new_page()
    cases = [
        ("/play/no-such-game", "No such game"),
        (f"/play/{game['id']}?seat=1&token=wrong", "This link does not work"),
        (f"/play/{game['id']}?seat=7&token=x", "No such seat"),
        (f"/play/{game['id']}?seat=0", "This link is broken"),
        ("/replay/no-such-game", "No such game"),
        ("/rules/no-such-edition", "No such edition"),
    ]
    for url, heading in cases:
        page.goto(url)
        expect(page.locator("h1")).to_have_text(heading)
        expect(page.locator("#problem a.lobby-link")).to_have_attribute("href", "/")
        assert "Playing as" not in (page.locator("#role").text_content() or "") \
            if page.locator("#role").count() else True
        assert "Loading" not in (page.locator("h1").text_content() or "")


def test_lobby_checks_and_words(new_page: Callable[..., Any], shoot: Callable[..., Any],
                                server: Any) -> None:
    page = new_page()
    page.goto("/")
    page.fill("#seat-name-0", "Ana")
    page.click("#add-seat")
    page.select_option("#seat-level-2", "hard")
    shoot(page, "lobby")
    options = page.locator("#edition option").all_text_contents()
    assert options and not any(re.search(r"\(.*\) \(", o) for o in options), options
    page.select_option("#edition", "classic")
    page.click("#rules-summary") if not page.locator("#options").is_visible() else None
    text = page.locator("#options").text_content() or ""
    assert "Csharp" not in text and "C#" in text
    # Two players with one name are refused, here and by the server.
    page.fill("#seat-name-1", "ana")
    page.click("#create")
    expect(page.locator("#form-error")).to_contain_text("both called")
    expect(page.locator("#created")).to_be_hidden()
    # The log never shows an internal space id.
    sentence = page.evaluate("""async () => {
        const { narrate } = await import("/static/js/narrator.js");
        const { BoardModel } = await import("/static/js/edition.js");
        const board = new BoardModel(await (await fetch("/editions/1960")).json());
        const id = board.spaces.find((s) => !/^\\d+$/.test(s.id)).id;
        const e = { type: "payday_passed", seat: 0, space: id };
        return [id, narrate(e, { board, names: ["Ana"] })];
    }""")
    assert sentence[0] not in sentence[1], sentence
    # The board's count agrees with the edition's words ("147-space road").
    page.goto("/")
    game = server.create([{"name": "Ana"}, {"name": "Bo", "kind": "bot", "difficulty": "random"}])
    page.goto(game["seats"][0]["link"])
    expect(page.locator(".board-svg")).to_have_attribute("aria-label", re.compile("147 numbered"))


def test_rules_page_comes_from_the_edition(new_page: Callable[..., Any], server: Any) -> None:
    page = new_page()
    for name in ("classic", "2005", "1960"):
        page.goto(f"/rules/{name}")
        _, board = server.call("GET", f"/editions/{name}")
        _, editions = server.call("GET", "/editions")
        summary = next(e for e in editions if e["name"] == name)
        expect(page.locator("h1")).to_contain_text(board["title"])
        expect(page.locator("#rules-the-spaces ~ ul.kinds > li")).to_have_count(
            len({s["effect"] for s in board["spaces"]}))
        expect(page.locator("#rules-house-rules ~ dl > dt")).to_have_count(len(summary["options"]))
        expect(page.locator("#rules-where-the-sources-disagree ~ dl > dt")).to_have_count(
            len(board["choices"]))
        if board["wealth_cards"]:
            expect(page.locator("#rules-share-the-wealth-cards ~ ul > li")).not_to_have_count(0)


def test_advisor_says_about_the_same_within_noise(new_page: Callable[..., Any],
                                                  server: Any) -> None:
    page = new_page()
    page.goto("/")
    verdicts = page.evaluate("""async () => {
        const mod = await import("/static/js/advice.js");
        return [
          mod.adviceVerdicts([{ win: 0.52, low: 0.47, high: 0.57 },
                              { win: 0.50, low: 0.45, high: 0.55 },
                              { win: 0.30, low: 0.25, high: 0.35 }]).map((v) => v.text),
        ];
    }""")
    assert verdicts == [["best", "about the same", "worse"]]


def test_final_screen_celebrates_and_gives_the_record(new_page: Callable[..., Any],
                                                     shoot: Callable[..., Any],
                                                     server: Any) -> None:
    game = server.create([{"name": "Ana", "kind": "bot", "difficulty": "random"},
                          {"name": "Bo", "kind": "bot", "difficulty": "random"},
                          {"name": "Cy", "kind": "bot", "difficulty": "normal"}], seed=31)
    server.wait_over(game["id"], timeout=60)
    page = new_page(motion=True)
    page.goto(game["watch_url"])
    expect(page.locator(FINAL)).to_be_visible()
    expect(page.locator("#celebration .confetti").first).to_be_attached()
    link = page.locator("#download-record")
    expect(link).to_have_attribute("download", f"lifespin-{game['id']}.json")
    href = link.get_attribute("href")
    record = page.evaluate("async (u) => (await fetch(u)).json()", href)
    assert record["actions"] and record["edition"] == "classic"
    page.wait_for_timeout(4600)  # the confetti has fallen
    shoot(page, "final")
    still = new_page()
    still.goto(game["watch_url"])
    expect(still.locator(FINAL)).to_be_visible()
    assert still.locator("#celebration .confetti").count() == 0  # reduced motion: none
    assert json.loads(json.dumps(record))["players"]


def test_phone_layout(new_page: Callable[..., Any], shoot: Callable[..., Any],
                      server: Any) -> None:
    page = new_page(phone=True)
    page.goto("/")
    expect(page.locator(".seat-row")).to_have_count(2)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE_WIDTH
    shoot(page, "lobby-phone-rows")
    game = server.create([{"name": "Ana"}, {"name": "Bo", "kind": "bot", "difficulty": "random"},
                          {"name": "Cy", "kind": "bot", "difficulty": "random"}], seed=5)
    page.goto(game["seats"][0]["link"])
    expect(page.locator(CHOICE).first).to_be_visible()
    click_on(page, clicks=25, seconds=60)
    expect(page.locator(CHOICE).first).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE_WIDTH
    # The decision never sits over the board.
    overlap = page.evaluate("""() => {
        const a = document.querySelector('.board-viewport').getBoundingClientRect();
        const b = document.querySelector('#decision').getBoundingClientRect();
        return Math.max(0, Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top));
    }""")
    assert overlap == 0
    # The board's box follows your car.
    inside = page.evaluate("""() => {
        const box = document.querySelector('.board-viewport').getBoundingClientRect();
        const car = document.querySelector('.car[data-seat="0"]').getBoundingClientRect();
        return car.top >= box.top - 1 && car.bottom <= box.bottom + 1;
    }""")
    assert inside, "your car is out of the board's view"
    page.evaluate("window.scrollTo(0, 0)")
    shoot(page, "phone")


def test_keyboard_reaches_everything(new_page: Callable[..., Any], server: Any) -> None:
    game = server.create([{"name": "Ana"}, {"name": "Bo", "kind": "bot", "difficulty": "random"}],
                         seed=14)
    page = new_page()
    page.goto(game["seats"][0]["link"])
    expect(page.locator(CHOICE).first).to_be_visible()
    reached: list[str] = []
    outlines: list[str] = []
    page.evaluate("document.activeElement.blur(); window.scrollTo(0, 0)")
    for _ in range(60):
        page.keyboard.press("Tab")
        info = page.evaluate("""() => {
            const el = document.activeElement;
            const s = getComputedStyle(el);
            const name = el.id || el.className?.baseVal || el.className || el.tagName;
            return [name, s.outlineStyle, s.outlineWidth];
        }""")
        reached.append(str(info[0]))
        if info[1] != "none" and info[2] != "0px":
            outlines.append(str(info[0]))
    joined = " ".join(reached)
    for target in ("space", "choice", "sound-toggle", "advice-button", "log"):
        assert target in joined, (target, reached)
    assert len(outlines) >= len(reached) * 0.8, "focus is not visible on every stop"
    # Every button has a name a screen reader can read.
    nameless = page.evaluate("""() => [...document.querySelectorAll('button')]
        .filter((b) => !(b.getAttribute('aria-label') || b.textContent).trim())
        .map((b) => b.outerHTML)""")
    assert not nameless, nameless
    # The board's spaces go on with the arrows from the keyboard.
    page.locator(".space[tabindex='0']").focus()
    page.keyboard.press("ArrowRight")
    expect(page.locator("#space-info")).not_to_contain_text("Tap or focus")


def test_rematch_takes_the_table_along(new_page: Callable[..., Any], server: Any) -> None:
    page = new_page()
    page.goto("/")
    page.fill("#seat-name-0", "Ana")
    page.select_option("#seat-level-1", "random")
    page.select_option("#pace", "instant")
    page.click("#create")
    page.click("#start")
    page.click("#play-first")
    expect(page.locator(CHOICE).first).to_be_visible()
    old_id = page.evaluate("window.lifespin.app.gameId")
    watcher = new_page()
    watcher.goto(f"/play/{old_id}")
    click_on(page, clicks=2000, seconds=120)
    expect(page.locator(FINAL)).to_be_visible(timeout=20_000)
    page.click("#rematch")
    expect(watcher.locator("#join-rematch")).to_have_text("Watch it")
    page.click("#join-rematch")
    # The same seat in the new game, the host's tools with it.
    expect(page.locator("#host-tools")).to_be_visible()
    new_id = page.evaluate("window.lifespin.app.gameId")
    assert new_id != old_id and "seat=0" in page.url
    page.click("#host-start")
    expect(page.locator(CHOICE).first).to_be_visible()
    expect(page.locator("#role")).to_contain_text("Ana")
    game = server.call("GET", f"/games/{new_id}")[1]
    assert game["pace"] == "instant" and game["seats"][0]["name"] == "Ana"


def test_table_chat_is_text(new_page: Callable[..., Any], server: Any) -> None:
    game = server.create([{"name": "Ana"}, {"name": "Bo"}], seed=4)
    ana = new_page()
    ana.goto(game["seats"][0]["link"])
    bo = new_page(phone=True)
    bo.goto(game["seats"][1]["link"])
    watch = new_page()
    watch.goto(game["watch_url"])
    expect(watch.locator("#chat-input")).to_have_count(0)  # spectators read only
    # Every page's socket is up before Ana writes (on a busy machine a line
    # sent first could reach a page before it listens).
    for page in (ana, bo, watch):
        expect(page.locator("#conn")).to_contain_text("Connected")
    ana.fill("#chat-input", "good luck <b>Bo</b>")
    ana.press("#chat-input", "Enter")
    for page in (bo, watch, ana):
        line = page.locator(".chat-line").last
        expect(line).to_contain_text("Ana: good luck <b>Bo</b>")
        assert line.locator("b").count() == 0  # shown as text, never as markup
    assert ana.locator("#chat-input").input_value() == ""
    # Too long: the input stops at the cap.
    assert ana.locator("#chat-input").get_attribute("maxlength") == "200"


def test_lobby_leaves_out_abandoned_games(new_page: Callable[..., Any], server: Any) -> None:
    page = new_page()
    old = "2020-01-01T00:00:00+00:00"
    now = time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime())

    def game(gid: str, status: str, created: str, connected: int) -> dict[str, Any]:
        return {"id": gid, "edition": "classic", "edition_version": "1", "options": {},
                "status": status, "version": 0, "spectators": 0, "created_at": created,
                "started_at": created if status == "playing" else None,
                "finished_at": None, "results": None, "pace": None,
                "seats": [{"seat": 0, "name": f"P-{gid}", "kind": "human", "difficulty": None,
                           "joined": True, "connected": connected}]}

    fake = {
        "lobby": [game("fresh", "lobby", now, 0), game("stale", "lobby", old, 0)],
        "playing": [game("live", "playing", old, 1), game("gone", "playing", old, 0)],
        "over": [],
    }

    def answer(route: Any) -> None:
        status = route.request.url.split("status=")[1].split("&")[0]
        rows = fake[status]
        route.fulfill(status=200, content_type="application/json",
                      body=json.dumps({"data": rows, "count": len(rows)}))

    page.route("**/games?status=*", answer)
    page.goto("/")
    lists = page.locator("#games-lists")
    expect(lists).to_contain_text("P-fresh")
    expect(lists).to_contain_text("P-live")
    expect(lists).not_to_contain_text("P-stale")
    expect(lists).not_to_contain_text("P-gone")


def test_a_lost_link_is_replaced_by_the_host(new_page: Callable[..., Any],
                                             server: Any) -> None:
    page = new_page()
    page.on("dialog", lambda d: d.accept())
    page.goto("/")
    page.fill("#seat-name-0", "Ana")
    page.select_option("#seat-kind-1", "human")
    page.fill("#seat-name-1", "Bo")
    page.click("#create")
    field = page.locator("#seat-links tr[data-seat='1'] .link-field")
    old = field.input_value()
    page.click("#seat-links tr[data-seat='1'] button.relink")
    expect(field).not_to_have_value(old)
    new = field.input_value()
    assert re.search(r"/play/[\w-]+\?seat=1&token=", new)
    bo = new_page()
    bo.goto(old)
    expect(bo.locator("h1")).to_have_text("This link does not work")
    bo.goto(new)
    expect(bo.locator("#lobby-wait")).to_be_visible()
    expect(bo.locator("#role")).to_contain_text("Bo")


def test_turn_clock_and_an_away_seat_on_the_page(new_page: Callable[..., Any],
                                                 server: Any) -> None:
    # The clock's server side is tested in tests/web/routes/test_clocks.py; here,
    # what the page shows of it, with the clock's answers given by the test.
    game = server.create([{"name": "Ana"}, {"name": "Bo"}], seed=6)
    page = new_page()
    page.route("**/clock", lambda route: route.fulfill(
        status=200, content_type="application/json",
        body=json.dumps({"clock": "fast", "limit": 30, "left": 25, "away": [0]})))
    page.route("**/seats/0/back", lambda route: route.fulfill(
        status=200, content_type="application/json",
        body=json.dumps({"clock": "fast", "limit": 30, "left": 20, "away": []})))
    page.goto(game["seats"][0]["link"])
    expect(page.locator("#away-note")).to_be_visible()
    expect(page.locator(".player[data-seat='0'] .badge-away")).to_contain_text("a bot plays")
    page.click("#take-back")
    expect(page.locator("#away-note")).to_be_hidden()
    expect(page.locator("#clock-text")).to_contain_text(re.compile(r"0:\d\d left for you"))


def test_host_lets_a_bot_play_for_an_absent_player(new_page: Callable[..., Any],
                                                   server: Any) -> None:
    page = new_page()
    page.on("dialog", lambda d: d.accept())
    page.goto("/")
    page.fill("#seat-name-0", "Ana")
    page.select_option("#seat-kind-1", "human")
    page.fill("#seat-name-1", "Bo")
    page.click("#create")
    page.click("#start")
    page.click("#play-first")
    expect(page.locator(CHOICE).first).to_be_visible()
    bo = page.locator(".player[data-seat='1']")
    bo.locator("button.hand-over").click()  # Bo never came: a bot plays for him
    expect(bo.locator(".badge-away")).to_contain_text("a bot plays")
    click_on(page, clicks=30, seconds=60,
             until=lambda: "Bo spins" in (page.locator("#log").text_content() or ""))
    expect(page.locator("#log")).to_contain_text("Bo spins")
