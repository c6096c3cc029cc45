"""The replay page, the board drawing of every edition, and the narrator's
coverage of every event type the engine emits."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from tests.web.browser.support import playwright_sync_api

from lifespin.engine import events

sync_api = playwright_sync_api()
expect = sync_api.expect

BOTS = [{"name": n, "kind": "bot", "difficulty": d}
        for n, d in (("Ada", "normal"), ("Bea", "easy"), ("Cy", "random"))]


def test_replay_steps(new_page: Callable[..., Any], shoot: Callable[..., Any],
                      server: Any) -> None:
    game = server.create(BOTS, seed=5)
    server.wait_over(game["id"])

    page = new_page()
    page.goto(f"/replay/{game['id']}")
    step = page.locator("#step-text")
    expect(step).to_contain_text("Step 0 of")
    total = int(re.search(r"of (\d+)", step.text_content() or "").group(1))
    assert total > 50
    expect(page.locator("#step-action")).to_have_text("The game is set up.")

    page.click("#next")
    page.click("#next")
    first = int(re.search(r"Step (\d+)", step.text_content() or "").group(1))
    assert first > 0
    expect(page.locator("#step-events li").first).to_be_visible()
    page.keyboard.press("ArrowRight")
    expect(step).not_to_have_text(f"Step {first} of {total}")
    page.click("#prev")
    expect(step).to_have_text(f"Step {first} of {total}")
    # Every step, not only those where something happened.
    page.uncheck("#turns-only")
    page.click("#next")
    expect(step).to_have_text(f"Step {first + 1} of {total}")
    expect(page.locator(".board-svg .car:not(.off-board)")).not_to_have_count(0)
    shoot(page, "replay-desktop")

    page.keyboard.press("End")
    expect(step).to_have_text(f"Step {total} of {total}")
    expect(page.locator("#final-area .standings tbody tr")).to_have_count(3)
    shoot(page, "replay-final-desktop", full_page=True)

    phone = new_page(phone=True)
    phone.goto(f"/replay/{game['id']}")
    expect(phone.locator("#step-text")).to_contain_text("Step 0 of")
    for _ in range(6):
        phone.click("#next")
    shoot(phone, "replay-phone")


def test_replay_of_a_game_in_progress_says_so(new_page: Callable[..., Any],
                                              server: Any) -> None:
    game = server.create([{"name": "Ana"}, {"name": "Bo"}], seed=2)
    page = new_page()
    page.goto(f"/replay/{game['id']}")
    expect(page.locator("#problem")).to_contain_text("not over yet")
    expect(page.locator("#problem a")).to_have_attribute("href", f"/play/{game['id']}")


def test_every_edition_board_is_drawn_without_overlaps(new_page: Callable[..., Any],
                                                       shoot: Callable[..., Any],
                                                       server: Any) -> None:
    status, editions = server.call("GET", "/editions")
    assert status == 200
    page = new_page()
    page.goto("/")
    broken = []
    for edition in editions:
        name = edition["name"]
        status, board = server.call("GET", f"/editions/{name}")
        if status != 200:
            broken.append(f"GET /editions/{name} answered {status}")
            continue
        for columns in (8, 12, 18):
            report = page.evaluate(
                """async ([board, columns]) => {
                    const { layoutBoard } = await import("/static/js/layout.js");
                    const { pos } = layoutBoard(board.spaces, board.display, columns);
                    const pts = [...pos.values()];
                    let closest = Infinity;
                    for (let i = 0; i < pts.length; i++)
                      for (let j = i + 1; j < pts.length; j++) {
                        const d = Math.hypot(pts[i].x - pts[j].x, pts[i].y - pts[j].y);
                        closest = Math.min(closest, d);
                      }
                    return { placed: pos.size, closest };
                }""",
                [board, columns],
            )
            assert report["placed"] == len(board["spaces"]), (name, columns)
            # Spaces have a radius of 0.42 pitch: centres closer than 0.85 overlap.
            assert report["closest"] >= 0.85, (name, columns, report)
    assert not broken, "the server could not give these boards: " + "; ".join(broken)


def test_narrator_has_a_sentence_for_every_event(new_page: Callable[..., Any],
                                                 server: Any) -> None:
    engine_types = sorted(events._NAMES.values())
    page = new_page()
    page.goto("/")
    result = page.evaluate(
        """async (types) => {
            const { NARRATED, narrate } = await import("/static/js/narrator.js");
            const { BoardModel } = await import("/static/js/edition.js");
            const board = new BoardModel(await (await fetch("/editions/classic")).json());
            const ctx = { board, names: ["Ana", "Bo"] };
            const sample = { seat: 0, other: 1, target: 1, payer: 0, payee: -1, amount: 5000,
              reason: "pay", value: 7, purpose: "move", path: ["1", "2"], space: "1",
              notes: 1, source: "pile", tiles: 4, deck: "career", cards: 3, career: "doctor",
              second: false, salary: "s20", children: 1, house: "log_cabin", price: 80000,
              kind: "auto", stock: "stock1", bought: true, where: "estates", winners: [0],
              number: 3, stake: 5000 };
            const out = {};
            for (const t of types) out[t] = narrate({ ...sample, type: t }, ctx);
            return { narrated: NARRATED, out };
        }""",
        engine_types,
    )
    assert sorted(result["narrated"]) == engine_types
    for kind, sentence in result["out"].items():
        assert sentence.endswith((".", "!")) and "undefined" not in sentence, (kind, sentence)
        assert "Ana" in sentence, (kind, sentence)
