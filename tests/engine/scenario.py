"""Build hand-checked positions by playing chosen actions.

Every helper here goes through `State.play` (the checked door), so a scenario
is always a legal game: the chance outcomes are picked by the test, never
poked into the state. The tests in test_rules_classic.py use:

- `start(...)`: a new game with the four estates tiles dealt deterministically;
- `spin(s, n)`, `choose(s, label)`, `play(s, *labels)`: one step at a time;
- `begin_career` / `begin_college`: the first decision of a seat;
- `tour(s, {seat: [space ids]})`: play turns, each car landing on the listed
  spaces in order (the spins are worked out from the board's `next` links and
  STOP flags); everything else that comes up is answered by `picks` or by a
  plain default (skip optional things, draw the first tile of the pile, ...);
- `legs(...)`: a list of landings from one space to another, at most 10 steps
  apart, stopping on every STOP space and avoiding spaces that would derail a
  plan (miss a turn, lose the job, spin again).

Space ids are the edition's ids ("college", "career", "1".."147"); tile
numbers are indexes into `rules.tile_values` (the `draw_tile:N` notation).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from lifespin import CHANCE, State, new_game
from lifespin.engine.ruleset import Ruleset

__all__ = [
    "ESTATES_TILES",
    "at",
    "begin_career",
    "begin_college",
    "cash",
    "choose",
    "conserved",
    "events",
    "legs",
    "play",
    "route",
    "spin",
    "start",
    "tiles_conserved",
    "tour",
    "transfers",
]

ESTATES_TILES = (0, 1, 2, 3)
"""The tiles dealt to Millionaire Estates by `start`: four $50,000 tiles."""

# Landing on these would change a plan's turn order or the seat's career.
AVOID = frozenset({"miss_turn", "lose_job", "spin_again_unless_leading"})
# Spaces that give a LIFE tile.
TILE_EFFECTS = frozenset({"life_tile", "baby", "marry"})


# ------------------------------------------------------------------ basics


def start(
    players: Sequence[str] | int = ("Ana", "Bo"),
    options: Mapping[str, Any] | None = None,
    estates: Sequence[int] = ESTATES_TILES,
) -> State:
    """A classic game at seat 0's first decision, the estates' tiles dealt."""
    s = new_game("classic", players=players if isinstance(players, int) else list(players),
                 options=options)
    for tile in estates:
        s = s.play(f"draw_tile:{tile}")
    assert s.phase == "turn" and s.current_player == 0, s.describe()
    return s


def play(s: State, *actions: str) -> State:
    """Play each action through the checked door."""
    for a in actions:
        s = s.play(a)
    return s


def choose(s: State, label: str) -> State:
    """One decision (or chance outcome), checked."""
    return s.play(label)


def spin(s: State, n: int) -> State:
    """The mover spins `n`: from the before-spin menu, or at a pending spin."""
    if s.phase == "turn":
        s = s.play("spin")
    assert s.phase == "spin", f"not at a spin: {s.describe()}"
    return s.play(f"spun:{n}")


def begin_career(s: State, career: str, salary: str) -> State:
    """The mover goes to work at once, dealt `career` and `salary`."""
    return play(s, "start:career", f"deal_career:{career}", f"deal_salary:{salary}")


def begin_college(s: State) -> State:
    """The mover goes to college."""
    return s.play("start:college")


def at(s: State, seat: int) -> str | None:
    """The id of the space the seat's car is on."""
    i = s.players[seat].space
    return s.rules.spaces[i].id if i >= 0 else None


def cash(s: State) -> list[int]:
    return [p.cash for p in s.players]


def conserved(s: State) -> bool:
    """Every dollar is in the bank or with a player (loans are the bank's)."""
    return s.bank + sum(p.cash for p in s.players) == 0


def tiles_conserved(s: State) -> bool:
    """Every LIFE tile is in exactly one place: the pile, the estates or a player."""
    held = [*s.tile_pile, *s.estates, *(t for p in s.players for t in p.tiles)]
    return sorted(held) == list(range(len(s.rules.tile_values)))


def events(s: State, kind: type | None = None) -> list[Any]:
    """The events of the last action (of one type if given)."""
    return [e for e in s.events if kind is None or isinstance(e, kind)]


def transfers(s: State) -> list[tuple[int, int, int, str]]:
    """The money moves of the last action as (payer, payee, amount, reason)."""
    from lifespin.engine.events import Transfer

    return [(e.payer, e.payee, e.amount, e.reason) for e in s.events if isinstance(e, Transfer)]


# ------------------------------------------------------------------ the board


def route(rules: Ruleset, src: str | int, dst: str | int) -> list[int]:
    """Space indexes after `src` up to and including `dst`, taking the forks that lead
    there. Raises ValueError when `dst` cannot be reached."""
    a, b = rules.space_index[str(src)], rules.space_index[str(dst)]

    def dfs(i: int) -> list[int] | None:
        if i == b:
            return []
        for j in rules.spaces[i].next:
            rest = dfs(j)
            if rest is not None:
                return [j, *rest]
        return None

    path = dfs(a)
    if path is None:
        raise ValueError(f"space {dst} cannot be reached from {src}")
    return path


def legs(
    rules: Ruleset,
    src: str | int,
    dst: str | int,
    *,
    avoid: Iterable[str] = AVOID,
    prefer: Iterable[str] = (),
    via: Iterable[str | int] = (),
    reach: int = 10,
) -> list[str]:
    """Landings (space ids) that take a car from `src` to `dst`: at most `reach` steps each,
    never past a STOP, never on a space whose effect is in `avoid`; where an effect in
    `prefer` is in reach, the furthest such space. `via` forces landings."""
    avoid, prefer = frozenset(avoid), frozenset(prefer)
    forced = {rules.space_index[str(v)] for v in via}
    out: list[str] = []
    cur = rules.space_index[str(src)]
    goal = rules.space_index[str(dst)]
    path = route(rules, src, dst)
    while cur != goal:
        ahead = path[path.index(cur) + 1:] if cur in path else path
        window: list[int] = []
        for j in ahead[:reach]:
            window.append(j)
            if rules.spaces[j].stop or j == goal or j in forced:
                break
        last = window[-1]
        if rules.spaces[last].stop or last == goal or last in forced:
            pick = last
        else:
            ok = [j for j in window if rules.spaces[j].effect not in avoid]
            liked = [j for j in ok if rules.spaces[j].effect in prefer]
            if not ok:
                raise ValueError(f"no safe landing after space {rules.spaces[cur].id}")
            pick = (liked or ok)[-1]
        out.append(rules.spaces[pick].id)
        cur = pick
    return out


# ------------------------------------------------------------------ playing turns

Picks = Mapping[str, Sequence[Any] | Callable[[State], str]]

_DEFAULT = {
    "choose_career": None,  # the first card offered
    "choose_salary": None,
    "free_stock": None,
    "return_stock": None,
    "steal_from": None,
    "buy_house": "skip",
    "sell_house": "skip",
    "night_school": "skip",
    "trade_salary": "skip",
    "retire_where": "retire:estates",
}


def _spin_purpose(s: State) -> int:
    # The pending spin's purpose (0: move, 1: house sale, 2: pension) is only in
    # the task on top of the stack; nothing public names it before the spin.
    return int(s.tasks[-1].purpose)  # type: ignore[union-attr]


def tour(
    s: State,
    plans: Mapping[int, Sequence[str | int]],
    picks: Picks | None = None,
    *,
    strict: bool = True,
    until: Callable[[State], bool] | None = None,
    max_actions: int = 20000,
) -> State:
    """Play turns, seat by seat, each car landing on its planned spaces in order.

    A move spin takes the mover to its next planned space (the spin is the
    number of steps; the branch at a fork is the one that leads there); a car
    that ends anywhere else (pushed on by the occupied-space rule) fails the
    plan. Stops where a seat with no plan left would spin (its before-spin
    menu, or the spin again of a STOP space), at the end of the game, or as
    soon as `until(state)` holds; with `strict`, every plan must be used up.

    `picks` maps a decision's phase (e.g. "buy_house", "retire_where"), a
    chance outcome's kind (e.g. "draw_tile", "deal_career", "spun" for
    house-sale and pension spins) or "start" (a seat's first decision) to the
    labels to use, in order (chance outcomes may omit the kind: "s50"), or to
    a function of the state. Otherwise optional things are skipped, the first
    card, tile or offer is taken and retirement is to the estates.
    """
    queues = {seat: [str(t) for t in targets] for seat, targets in plans.items()}
    pq: dict[str, Any] = {}
    for k, v in (picks or {}).items():
        pq[k] = v if callable(v) else [str(x) for x in v]
    target: tuple[int, str] | None = None

    def take(key: str) -> str | None:
        v = pq.get(key)
        if v is None:
            return None
        if callable(v):
            return str(v(s))
        return v.pop(0) if v else None

    for _ in range(max_actions):
        if target is not None and s.phase != "branch":
            seat, want = target
            assert at(s, seat) == want, (
                f"seat {seat} was to land on {want} but is on {at(s, seat)} ({s.describe()})"
            )
            target = None
        if s.is_terminal or (until is not None and until(s)):
            break
        cp = s.current_player
        if cp == CHANCE:
            seat = s.turn
            if s.phase == "spin" and _spin_purpose(s) == 0:
                q = queues.get(seat)
                if not q:
                    break  # a spin again with nothing planned: the caller takes it
                want = q.pop(0)
                path = route(s.rules, str(at(s, seat)), want)
                stops = [j for j in path[:-1] if s.rules.spaces[j].stop]
                if stops or not 1 <= len(path) <= s.rules.spinner:
                    raise AssertionError(f"seat {seat} cannot land on {want} from {at(s, seat)}")
                target = (seat, want)
                s = s.play(f"spun:{len(path)}")
                continue
            outs = s.chance_outcomes()
            label = take(outs[0].kind)
            if label is None:
                if outs[0].kind == "spun":
                    raise AssertionError(f"no spin given for {s.describe()}")
                label = str(outs[0])
            s = s.play(label if ":" in label else f"{outs[0].kind}:{label}")
            continue
        phase = s.phase
        if phase == "turn":
            if s.players[cp].space < 0:
                label = take("start")
                if label is None:
                    raise AssertionError(f"seat {cp} has not started ({s.describe()})")
                s = s.play(label)
                continue
            if not queues.get(cp):
                break
            s = s.play("spin")
            continue
        label = take(phase)
        if label is None and phase == "branch":
            want = queues[cp][0] if target is None else target[1]
            path = route(s.rules, str(at(s, cp)), want)
            label = f"branch:{s.rules.spaces[path[0]].id}"
        if label is None:
            default = _DEFAULT.get(phase)
            label = default if default is not None else str(s.legal_actions()[0])
        s = s.play(label)
    else:  # pragma: no cover - a runaway plan
        raise AssertionError(f"tour did not finish ({s.describe()})")
    if strict:
        left = {k: v for k, v in queues.items() if v}
        assert not left, f"plans left over: {left} ({s.describe()})"
    return s
