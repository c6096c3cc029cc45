"""Generic scenario helpers for the 2005 and 1960 editions.

`drive` moves one car through a list of landings: each move spin is the number
of steps to the next planned space (worked out with `scenario.route`), and
every other question on the way is answered by `answers` (a phase or chance
kind mapped to a label, a list of labels used in order, or a function of the
state) or by a plain default: skip optional things, take the first card, keep
the sure money, spin a 1 for side spins.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from tests.engine.scenario import at, route

from lifespin import CHANCE, State, new_game

__all__ = ["DEFAULTS", "drive", "new", "resolve", "spin_purpose"]

DEFAULTS: dict[str, str] = {
    "bet": "skip",
    "exempt": "skip",
    "play_collect": "skip",
    "play_pay": "skip",
    "buy_house": "skip",
    "sell_house": "skip",
    "night_school": "skip",
    "offer": "skip",
    "tycoon": "acres",
    "lucky": "lucky:1",
    "retire_where": "retire:estates",
    "spun": "spun:1",  # a side spin (gifts, gambles, house sales): 1
}

Answers = Mapping[str, str | Sequence[str] | Callable[[State], str]]


def new(edition: str, players: Sequence[str] = ("Ana", "Bo"), *,
        options: Mapping[str, Any] | None = None,
        deals: Sequence[str] = ()) -> State:
    """A new game with its opening chance outcomes (estates tiles, Share the
    Wealth hands) taken from `deals` in order, then the first outcome offered."""
    s = new_game(edition, players=list(players), options=options)
    queue = list(deals)
    while s.current_player == CHANCE:
        s = s.play(queue.pop(0) if queue else str(s.chance_outcomes()[0]))
    assert not queue, f"unused deals {queue}"
    return s


def spin_purpose(s: State) -> int:
    return int(s.tasks[-1].purpose)  # type: ignore[union-attr]


def _answer(s: State, key: str, answers: Any) -> str | None:
    v = answers.get(key)
    if v is None:
        return None
    if callable(v):
        return str(v(s))
    if isinstance(v, str):
        return v
    return str(v.pop(0)) if v else None


def resolve(s: State, answers: Answers | None = None,
            next_target: Mapping[int, str | None] | None = None) -> State:
    """Answer everything until a seat is about to spin to move (a pending move
    spin, or its before-spin menu once started), or the game is over."""
    ans: Any = answers or {}  # lists of labels are used up in place
    for _ in range(500):
        if s.is_terminal:
            return s
        top = s.tasks[-1]
        if s.phase == "spin" and spin_purpose(s) == 0:
            return s
        cp = s.current_player
        if s.phase == "turn" and s.players[cp].space >= 0:
            return s
        if cp == CHANCE:
            kind = s.chance_outcomes()[0].kind
            label = _answer(s, kind, ans)
            if label is None:
                label = DEFAULTS["spun"] if kind == "spun" else str(s.chance_outcomes()[0])
            s = s.play(label)
            continue
        phase = s.phase
        label = _answer(s, "start" if phase == "turn" else phase, ans)
        if label is None and phase == "branch" and top.steps == 0:
            # a fork chosen while stopped: towards the seat's next target
            want = (next_target or {}).get(top.seat)
            if want is not None:
                path = route(s.rules, at(s, top.seat), want)
                label = f"branch:{s.rules.spaces[path[0]].id}"
        if label is None:
            label = DEFAULTS.get(phase) or str(s.legal_actions()[0])
        s = s.play(label)
    raise AssertionError(f"resolve did not finish ({s.describe()})")


def drive(s: State, plans: Mapping[int, Sequence[str | int]] | Sequence[str | int],
          answers: Answers | None = None) -> State:
    """Play turns: each seat's move spin takes it to its next planned space
    (a str: the spin is the number of steps there) or spins that number (an
    int). A plain list is seat 0's plan. Stops, with everything resolved, when
    the seat to move has no plan left."""
    if not isinstance(plans, Mapping):
        plans = {0: plans}
    queues = {seat: list(v) for seat, v in plans.items()}
    answers = {k: (list(v) if isinstance(v, (list, tuple)) else v)
               for k, v in (answers or {}).items()}

    def peek() -> dict[int, str | None]:
        return {k: (str(q[0]) if q and isinstance(q[0], str) else None)
                for k, q in queues.items()}

    s = resolve(s, answers, peek())
    while not s.is_terminal:
        seat = s.turn
        q = queues.get(seat)
        if not q:
            return s
        want = q.pop(0)
        if s.phase == "turn":
            s = s.play("spin")
        if isinstance(want, int):
            s = s.play(f"spun:{want}")
        else:
            path = route(s.rules, at(s, seat), want)
            stops = [j for j in path[:-1] if s.rules.spaces[j].stop]
            assert not stops and 1 <= len(path) <= s.rules.spinner, (at(s, seat), want)
            s = s.play(f"spun:{len(path)}")
            while s.phase == "branch" and s.tasks[-1].steps > 0:  # type: ignore[union-attr]
                p = route(s.rules, at(s, seat), want)
                s = s.play(f"branch:{s.rules.spaces[p[0]].id}")
        s = resolve(s, answers, peek())
    return s
