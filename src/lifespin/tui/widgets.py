"""The terminal game's widgets: each renders from a seat's view (a JSON-ready
dict from `State.view`) and the edition's static data, and holds no game truth.

The one exception to "render from the view" is text the controller prepares
from the same state (the event log's sentences, the menu's descriptions): the
widgets are handed strings, never a State.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from rich.style import Style
from rich.table import Table
from rich.text import Text
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import OptionList, RichLog, Static
from textual.widgets.option_list import Option

from ..engine.registry import EFFECTS
from ..engine.ruleset import Ruleset, SpaceSpec

__all__ = [
    "GLYPHS",
    "BoardLayout",
    "BoardView",
    "ChoiceMenu",
    "EventLog",
    "PlayersPanel",
    "SpinnerView",
    "StandingsView",
    "StatusBar",
    "board_legend",
    "effect_style",
    "effect_text",
    "k_money",
    "money",
    "seat_mark",
    "track_sections",
]

#: One character per effect, so the board reads without colour (the registry's glyphs).
GLYPHS: Mapping[str, str] = {name: rule.glyph for name, rule in EFFECTS.items()}

#: Which [display] colour an effect takes when the edition names no colour for it.
_COLOUR_ALIASES: Mapping[str, str] = {
    "collect_spin": "collect",
    "taxes_due": "pay",
    "start": "stop",
    "retire": "stop",
}

#: Colours of the cars (seat 1, 2, ...); the digit on the car is what matters.
CAR_COLOURS: Sequence[str] = ("#1f6fb4", "#c62828", "#2e7d32", "#7b4fb0", "#b85c00", "#00796b",
                              "#8c564b", "#ad1457", "#555555", "#6b6b00", "#393b79", "#637939")


def money(amount: int) -> str:
    """Dollars as ``$12,345`` (``-$25,000`` when negative)."""
    return f"-${-amount:,}" if amount < 0 else f"${amount:,}"


def k_money(amount: int) -> str:
    """Dollars in thousands where that is exact (``$615k``), for narrow tables."""
    if amount and amount % 1000 == 0:
        sign = "-" if amount < 0 else ""
        return f"{sign}${abs(amount) // 1000:,}k"
    return money(amount)


def seat_mark(seat: int) -> str:
    """The one-character marker of a seat's car: 1-9, then A, B, C."""
    return str(seat + 1) if seat < 9 else chr(ord("A") + seat - 9)


def car_style(seat: int) -> Style:
    """A car: its digit, bold and reversed (so it stands out without colour too)."""
    return Style(bold=True, reverse=True, color=CAR_COLOURS[seat % len(CAR_COLOURS)],
                 bgcolor="white")


def effect_style(effect: str, stop: bool, colours: Mapping[str, str]) -> Style:
    """A space's style: black glyph on the edition's colour for its kind
    (``stop`` first, then the effect, a near kind, or ``other``); no colours,
    reversed, so the strip still reads in a monochrome terminal."""
    key = "stop" if stop and "stop" in colours else effect
    if key not in colours:
        key = _COLOUR_ALIASES.get(key, "other")
    colour = colours.get(key) or colours.get("other")
    return Style(color="black", bgcolor=colour) if colour else Style(reverse=True)


def board_legend(rules: Ruleset, colours: Mapping[str, str]) -> list[Text]:
    """One entry per effect on this board: its glyph in its colour, and its
    name in the registry's words."""
    items: list[Text] = []
    for effect in dict.fromkeys(sp.effect for sp in rules.spaces):
        style = effect_style(effect, effect in ("start", "retire"), colours)
        items.append(Text.assemble((f" {GLYPHS[effect]} ", style), f" {EFFECTS[effect].label}"))
    return items


def effect_text(rules: Ruleset, sp: SpaceSpec) -> str:
    """What a space does, in a few words with its amounts (the registry's words)."""
    text = EFFECTS[sp.effect].describe(sp, rules)
    return f"STOP: {text}" if sp.stop else text


# ---------------------------------------------------------------- the board


def track_sections(rules: Ruleset) -> list[list[list[int]]]:
    """The track as sections, in order: each a list of lanes (space indices);
    a plain run of road has one lane, a fork (the starts included) two or more.

    Lanes run from the fork to just before the space where they join again.
    Spaces the walk does not reach (a fork inside a lane) come last, as runs.
    """
    spaces = rules.spaces
    out: list[list[list[int]]] = []
    run: list[int] = []
    seen: set[int] = set()
    heads = list(rules.starts)
    while heads:
        if len(heads) == 1:
            i = heads[0]
            if i in seen:
                break
            seen.add(i)
            run.append(i)
            heads = list(spaces[i].next)
            continue
        if run:
            out.append([run])
            run = []
        paths: list[list[int]] = []
        for h in heads:
            path: list[int] = []
            j: int | None = h
            while j is not None and j not in path and len(path) <= len(spaces):
                path.append(j)
                nxt = spaces[j].next
                j = nxt[0] if nxt else None
            paths.append(path)
        others = [set(p) for p in paths[1:]]
        join = next((j for j in paths[0] if all(j in o for o in others)), None)
        lanes = [p[: p.index(join)] if join is not None else p for p in paths]
        for lane in lanes:
            seen.update(lane)
        out.append(lanes)
        heads = [join] if join is not None else []
    if run:
        out.append([run])
    rest = [i for i in range(len(spaces)) if i not in seen]
    if rest:
        out.append([rest])
    return out


@dataclass(frozen=True)
class _Block:
    """One placed piece of the board: its lanes and whether it is a fork."""

    lanes: tuple[tuple[int, ...], ...]
    fork: bool

    def width(self, cw: int) -> int:
        return max(len(lane) for lane in self.lanes) * cw + (2 if self.fork else 0)


class BoardLayout:
    """Where every space goes on screen for one width: bands of blocks left to
    right, like words wrapped into lines; a fork is as tall as its lanes."""

    def __init__(self, rules: Ruleset, width: int) -> None:
        self.width = max(8, width)
        sections = track_sections(rules)
        longest = max((len(lane) for sec in sections for lane in sec), default=1)
        #: Columns per space: two (a glyph and a gap) where the board has room.
        self.cw = 2 if self.width >= 110 and longest * 2 + 2 <= self.width else 1
        blocks: list[_Block] = []
        cells = max(1, (self.width - 2) // self.cw)
        for sec in sections:
            if len(sec) == 1:
                lane = sec[0]
                for k in range(0, len(lane), cells):
                    blocks.append(_Block((tuple(lane[k:k + cells]),), False))
            else:
                lanes = tuple(tuple(lane[:cells]) for lane in sec)
                blocks.append(_Block(lanes, True))
        self.bands: list[list[_Block]] = []
        used = 0
        for b in blocks:
            w = b.width(self.cw)
            if self.bands and used + 1 + w <= self.width:
                self.bands[-1].append(b)
                used += 1 + w
            else:
                self.bands.append([b])
                used = w
        #: Rows the track takes.
        self.height = sum(max(len(b.lanes) for b in band) for band in self.bands)

    def render(
        self,
        cell: Callable[[int], tuple[str, Style]],
    ) -> Text:
        """The board as text; `cell(space)` gives a space's characters and style."""
        out = Text(no_wrap=True, overflow="crop")
        line_style = Style(dim=True)
        for n, band in enumerate(self.bands):
            height = max(len(b.lanes) for b in band)
            rows = [Text(no_wrap=True) for _ in range(height)]
            for k, b in enumerate(band):
                w = b.width(self.cw)
                if k:  # the road between two blocks
                    rows[0].append("─", line_style)
                    for below in rows[1:]:
                        below.append(" ")
                inner = w - (2 if b.fork else 0)
                for r, row in enumerate(rows):
                    lane = b.lanes[r] if r < len(b.lanes) else None
                    if b.fork:
                        if r == 0:
                            row.append("┬", line_style)
                        elif lane is not None:
                            row.append("└" if r == len(b.lanes) - 1 else "├", line_style)
                        else:
                            row.append(" ")
                    if lane is None:
                        row.append(" " * inner)
                    else:
                        for i in lane:
                            chars, style = cell(i)
                            row.append(chars, style)
                            if len(chars) < self.cw:  # a gap between spaces
                                row.append(" " * (self.cw - len(chars)))
                        pad = inner - len(lane) * self.cw
                        if pad:
                            row.append("─" * pad if b.fork else " " * pad, line_style)
                    if b.fork:
                        if r == 0:
                            row.append("┬", line_style)
                        elif lane is not None:
                            row.append("┘" if r == len(b.lanes) - 1 else "┤", line_style)
                        else:
                            row.append(" ")
            for r, line in enumerate(rows):
                if n or r:
                    out.append("\n")
                out.append_text(line)
        return out


class BoardView(Widget):
    """The track with every car on it, and the current player's space."""

    DEFAULT_CSS = """
    BoardView { height: auto; }
    """

    def __init__(self, rules: Ruleset, colours: Mapping[str, str], *,
                 id: str | None = None) -> None:
        super().__init__(id=id)
        self.rules = rules
        self.colours = dict(colours)
        self._view: dict[str, Any] | None = None
        self._key: Any = None
        self._layout: BoardLayout | None = None

    def show(self, view: Mapping[str, Any]) -> None:
        """Render from this view (redrawn only when a car or the turn moved)."""
        key = (view["turn"], tuple((p["space"], p["retired"]) for p in view["players"]))
        if self._view is not None and key == self._key:
            return
        self._view = dict(view)
        self._key = key
        self.refresh()

    def space_style(self, sp: SpaceSpec) -> Style:
        """A space's colours from the edition's [display] table (black glyph)."""
        return effect_style(sp.effect, sp.stop, self.colours)

    def _cars(self) -> dict[int, list[int]]:
        cars: dict[int, list[int]] = {}
        if self._view is None:
            return cars
        index = self.rules.space_index
        for p in self._view["players"]:
            if p["space"] is not None and not p["retired"]:
                cars.setdefault(index[p["space"]], []).append(p["seat"])
        return cars

    def layout_for(self, width: int) -> BoardLayout:
        """The board's layout at this width (kept until the width changes)."""
        if self._layout is None or self._layout.width != max(8, width):
            self._layout = BoardLayout(self.rules, width)
        return self._layout

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return self.layout_for(width).height + 1

    def render(self) -> Text:
        width = self.size.width or 80
        layout = self.layout_for(width)
        cw = layout.cw
        cars = self._cars()
        turn = self._view["turn"] if self._view else -1
        spaces = self.rules.spaces

        def cell(i: int) -> tuple[str, Style]:
            sp = spaces[i]
            here = cars.get(i)
            if here:
                seat = turn if turn in here else here[0]
                style = car_style(seat)
                if seat == turn:
                    style += Style(underline=True)
                if cw == 1:
                    return ("*" if len(here) > 1 else seat_mark(seat)), style
                first = seat_mark(seat)
                if len(here) == 1:
                    return first, style
                if len(here) == 2:
                    return first + seat_mark(next(s for s in here if s != seat)), style
                return first + "+", style
            glyph = GLYPHS[sp.effect]
            return glyph, self.space_style(sp)

        text = layout.render(cell)
        text.append("\n")
        text.append_text(self._here_line(width))
        return text

    def _here_line(self, width: int) -> Text:
        v = self._view
        line = Text(no_wrap=True, overflow="ellipsis")
        if v is None:
            return line
        seat = v["turn"]
        p = v["players"][seat]
        line.append(f" {seat_mark(seat)} ", car_style(seat))
        line.append(f" {p['name']}: ", Style(bold=True))
        if p["retired"]:
            line.append(f"retired ({p['retired']})")
        elif p["space"] is None:
            line.append("not on the board yet")
        else:
            sp = self.rules.space(p["space"])
            line.append(f"{sp.id} ", self.space_style(sp))
            line.append(f" {p['space_label']}")
            line.append(f" — {effect_text(self.rules, sp)}", Style(dim=True))
            line.append(f" · {p['to_retire']} to retire", Style(dim=True))
        line.truncate(width, overflow="ellipsis")
        return line


# ---------------------------------------------------------------- players


def _family(p: Mapping[str, Any]) -> str:
    return ("♥" if p["spouse"] else "·") + f"+{p['children']}"


def _where(p: Mapping[str, Any]) -> str:
    if p["retired"]:
        return {"estates": "Estates", "countryside": "Country"}.get(p["retired"], str(p["retired"]))
    if p["space"] is None:
        return "-"
    return str(p["space"]) + ("z" if p["misses_next_turn"] else "")


class PlayersPanel(Static):
    """Every player's holdings, one row each; the current player's row marked."""

    DEFAULT_CSS = """
    PlayersPanel { height: auto; }
    """

    _shown: Any = None

    def show(self, view: Mapping[str, Any], kinds: Sequence[str]) -> None:
        """Render from this view; `kinds` says who plays each seat ("person", "hard bot")."""
        wide = (self.size.width or 80) >= 110
        key = (wide, view["turn"], list(view["players"]), list(kinds))
        if key == self._shown:
            return
        self._shown = key
        t = Table(box=None, padding=(0, 1, 0, 0), expand=True, show_edge=False,
                  header_style="bold")
        t.add_column(" ", no_wrap=True, width=2)
        t.add_column("Name", no_wrap=True, overflow="ellipsis", ratio=2, min_width=6)
        if wide:
            t.add_column("Plays", no_wrap=True, overflow="ellipsis")
        t.add_column("Cash", justify="right", no_wrap=True)
        t.add_column("Loan", justify="right", no_wrap=True)
        t.add_column("Career", no_wrap=True, overflow="ellipsis", ratio=2, min_width=6)
        t.add_column("Salary", justify="right", no_wrap=True)
        t.add_column("House", no_wrap=True, overflow="ellipsis", ratio=2, min_width=5)
        t.add_column("Ins", no_wrap=True)
        t.add_column("Stk", no_wrap=True)
        t.add_column("Fam", no_wrap=True)
        t.add_column("LIFE", justify="right", no_wrap=True)
        t.add_column("At", no_wrap=True)
        turn = view["turn"]
        for p in view["players"]:
            seat = p["seat"]
            career = p["career_name"] or ("(degree)" if p["degree"] else "-")
            if p["second_career"]:
                career += "+"
            ins = ("A" if p["auto_insurance"] else "") + ("H" if p["home_insurance"] else "")
            cells: list[str | Text] = [
                Text(seat_mark(seat), car_style(seat)),
                Text(("▶" if seat == turn else "") + p["name"]),
            ]
            if wide:
                cells.append(kinds[seat] if seat < len(kinds) else "")
            cells += [
                k_money(p["cash"]),
                str(p["loans"]) if p["loans"] else "-",
                career,
                k_money(p["salary"]) if p["salary"] is not None else "-",
                p["house_name"] or "-",
                ins or "-",
                ",".join(str(s) for s in p["stocks"]) or "-",
                _family(p),
                str(p["life_tiles"]),
                _where(p),
            ]
            t.add_row(*cells, style=Style(bold=True) if seat == turn else None)
        self.update(t)

    def on_resize(self) -> None:
        """Columns change with the width: show the last view again."""
        if self._shown is not None:
            _, turn, players, kinds = self._shown
            self._shown = None
            self.show({"turn": turn, "players": players}, kinds)


# ---------------------------------------------------------------- status, spinner


class StatusBar(Static):
    """One line: edition, seed, turn, and who is to do what."""

    DEFAULT_CSS = """
    StatusBar { height: 1; }
    """


class SpinnerView(Static):
    """The wheel as a row of numbers; the result is the reversed one.

    `spin(value)` runs a short animation ending on the value; `skip()` ends it
    at once. With `duration=0` it simply shows the value.
    """

    DEFAULT_CSS = """
    SpinnerView { height: 1; }
    """

    #: The number the wheel shows (0: not spun yet).
    value: reactive[int] = reactive(0)

    def __init__(self, numbers: int = 10, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.numbers = numbers
        self.caption = ""
        self._skip = asyncio.Event()
        self.spinning = False

    def render(self) -> Text:
        text = Text("Spin ", Style(bold=True), no_wrap=True, overflow="crop")
        for n in range(1, self.numbers + 1):
            if n == self.value:
                text.append(str(n), Style(bold=True, reverse=True))
            else:
                text.append(str(n), Style(dim=True))
            text.append(" ")
        if self.caption:
            text.append(self.caption, Style(italic=True))
        return text

    async def spin(self, value: int, duration: float) -> None:
        """Animate the wheel for about `duration` seconds, landing on `value`."""
        self._skip.clear()
        if duration > 0 and value > 0:
            self.spinning = True
            steps = max(6, int(duration / 0.05))
            # Slow down towards the end, landing on the value.
            start = (value - steps) % self.numbers
            try:
                for k in range(steps):
                    self.value = (start + k) % self.numbers + 1
                    pause = 0.02 + 0.1 * (k / steps) ** 2
                    try:
                        await asyncio.wait_for(self._skip.wait(), pause)
                        break
                    except TimeoutError:
                        pass
            finally:
                self.spinning = False
        self.value = value

    def skip(self) -> None:
        """End a running animation now."""
        self._skip.set()


# ---------------------------------------------------------------- menu and log


class ChoiceMenu(OptionList):
    """The decision in front of a person: numbered choices; 1-9, arrows and
    Enter pick (the screen binds the digits)."""

    class Chosen(Message):
        """A choice was picked: its action notation."""

        def __init__(self, action: str) -> None:
            super().__init__()
            self.action = action

    _shown: Any = None

    def show(self, choices: Sequence[tuple[str, str]], note: str = "") -> None:
        """Offer these (notation, description) pairs; none: show `note` instead."""
        key = (list(choices), note)
        if key == self._shown:
            return
        self._shown = key
        self.clear_options()
        if not choices:
            self.add_option(Option(Text(note, style="dim italic"), disabled=True))
            return
        opts = []
        for n, (action, text) in enumerate(choices, 1):
            digit = f"{n}" if n <= 9 else " "
            prompt = Text.assemble((f"{digit} ", "bold"), text)
            opts.append(Option(prompt, id=action))
        self.add_options(opts)
        self.highlighted = 0

    def pick(self, n: int) -> bool:
        """Choose the n-th option (1-based); False when there is no such choice."""
        if not 1 <= n <= self.option_count:
            return False
        option = self.get_option_at_index(n - 1)
        if option.disabled or option.id is None:
            return False
        self.highlighted = n - 1
        self.post_message(self.Chosen(option.id))
        return True

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.post_message(self.Chosen(event.option.id))


class EventLog(RichLog):
    """What happened, in words; each line marked with the seat it is about."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, wrap=True, markup=False, max_lines=800, min_width=20,
                         auto_scroll=True)

    def add(self, lines: Iterable[tuple[int | None, str]]) -> None:
        for seat, sentence in lines:
            text = Text()
            if seat is None:
                text.append(sentence, Style(dim=True, italic=True))
            else:
                text.append(seat_mark(seat), car_style(seat))
                text.append(" " + sentence)
            self.write(text)


# ---------------------------------------------------------------- final standings


class StandingsView(Static):
    """The final standings from `view["results"]`, each worth broken down."""

    def show(self, results: Sequence[Mapping[str, Any]]) -> None:
        t = Table(box=None, padding=(0, 1, 0, 0), expand=False, header_style="bold")
        t.add_column("#", justify="right")
        t.add_column("Player", no_wrap=True, overflow="ellipsis", max_width=16)
        t.add_column("Worth", justify="right", style="bold")
        t.add_column("Cash", justify="right")
        t.add_column("House", justify="right")
        t.add_column("Loans", justify="right")
        t.add_column("LIFE", justify="right")
        t.add_column("Estates", justify="right")
        t.add_column("Retired")
        for row in results:
            b = row["breakdown"]
            tiles = f"{k_money(b['life_tiles'])} ({len(row['life_tiles'])})"
            t.add_row(
                str(row["rank"]) + ("*" if row["winner"] else ""),
                Text.assemble((seat_mark(row["seat"]), car_style(row["seat"])), " " + row["name"]),
                k_money(row["worth"]),
                k_money(b["cash"]),
                k_money(b["house_sale"]),
                k_money(b["loans"]),
                tiles,
                k_money(b["estates_bonus"]),
                {"estates": "Estates", "countryside": "Country"}.get(row["retired"] or "", "-"),
            )
        self.update(t)
