"""Play games to the end with bots, sampling chance from the portable stream.

The chance stream is `Stream(seed)`; at a chance node with n outcomes the
driver takes `outcomes[next_u64() % n]` (`Stream.pick`). A bot deciding for seat k at move m
draws from its own fresh `Stream(derive_seed(seed, 1, k, m))`: a game picked
up from its record (a loaded save, a restarted server) goes on exactly as it
would have, and the terminal game, the web server and the simulator make the
same bot choices for the same seed. Game i of a batch seeded S is seeded
`derive_seed(S, 2, i)`, so a batch's results never depend on how many
processes ran it.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from ..bots import Bot, make_bot
from ..editions import new_game
from ..engine import CHANCE, Action, State
from ..engine.events import Transfer
from ..record import Record
from ..rng import Stream, derive_seed, sub_stream

__all__ = ["GameSummary", "batch_seed", "play_game", "play_many", "play_state", "summarize",
           "worker_context"]

# Decision kinds whose argument is worth counting in the choice table.
_COUNT_ARG = frozenset({"start", "branch", "retire", "buy_insurance", "choose_career",
                        "buy_house", "night_school", "sell_house", "keep_career",
                        "trade_tiles", "second_career"})


def worker_context() -> multiprocessing.context.BaseContext:
    """How worker processes start: from a clean server process, never forked
    from this one. A process that has run the fast engine's threads (GNU
    OpenMP, numba's default threading layer) cannot fork safely: the child
    would be killed ("fork() called from a process already using GNU
    OpenMP")."""
    return multiprocessing.get_context("forkserver")


def batch_seed(seed: int, index: int) -> int:
    """The seed of game `index` in a batch seeded `seed`."""
    return derive_seed(seed, 2, index)


def _bots_for(n: int, bots: Sequence[Bot | str] | None) -> list[Bot]:
    if bots is None:
        return [make_bot("random") for _ in range(n)]
    if len(bots) != n:
        raise ValueError(f"{len(bots)} bots for {n} seats")
    return [make_bot(b) if isinstance(b, str) else b for b in bots]


def bot_stream(seed: int, seat: int, move: int) -> Stream:
    """The stream a bot draws from for its decision at `move` of a game seeded `seed`."""
    return Stream(derive_seed(seed, 1, seat, move))


def bot_action(bot: Bot, state: State, seed: int) -> Action:
    """What `bot` plays for the seat to move in `state`: it sees that seat's view
    (when it wants one), the legal actions, its own stream, and, if it searches,
    a resampler of that seat's information (never the true state)."""
    seat = state.current_player
    legal = state.legal_actions()
    view = state.view(seat) if bot.needs_view else None
    rng = bot_stream(seed, seat, state.move_number)
    if getattr(bot, "wants_resample", False):
        return bot.act(view, legal, rng, partial(state.resample, seat), rules=state.rules)
    return bot.act(view, legal, rng, rules=state.rules)


def play_state(
    state: State,
    seed: int,
    bots: Sequence[Bot | str] | None = None,
    on_decision: Callable[[State, Any], None] | None = None,
    on_step: Callable[[State], None] | None = None,
) -> State:
    """Play `state` to the end: chance from Stream(seed), each seat from its bot.

    A bot with a true `wants_resample` attribute is also handed
    `resample(stream) -> State`: a determinization of its own seat's
    information (`State.resample`), never the true state. Other bots are
    called exactly as before, so random play costs nothing extra.
    """
    n = len(state.names)
    seat_bots = _bots_for(n, bots)
    wants = [bool(getattr(b, "wants_resample", False)) for b in seat_bots]
    # derive_seed(seed, 1, k, m) == derive_seed(derive_seed(seed, 1, k), m):
    # the per-seat part is worked out once (this loop is the simulator's).
    bases = [derive_seed(seed, 1, k) for k in range(n)]
    chance = Stream(seed)
    while state.tasks:
        cp = state.current_player
        if cp == CHANCE:
            action = chance.pick(state.chance_outcomes())
        else:
            bot = seat_bots[cp]
            legal = state.legal_actions()
            view = state.view(cp) if bot.needs_view else None
            rng = sub_stream(bases[cp], state.move_number)
            if wants[cp]:
                action = bot.act(view, legal, rng, partial(state.resample, cp), rules=state.rules)
            else:
                action = bot.act(view, legal, rng, rules=state.rules)
            if on_decision is not None:
                on_decision(state, action)
        state = state.apply(action)
        if on_step is not None:
            on_step(state)
    return state


def play_game(
    edition: str | Path | Any = "classic",
    players: int | Sequence[str] = 4,
    seed: int = 0,
    bots: Sequence[Bot | str] | None = None,
    options: Mapping[str, Any] | None = None,
) -> Record:
    """Play one game to the end (random bots where none are given); its record."""
    state = new_game(edition, players, options)
    final = play_state(state, seed, bots)
    return Record.from_state(final, seed=seed)


@dataclass
class GameSummary:
    """What a batch keeps of one game (picklable, small)."""

    index: int
    seed: int
    results: list[dict[str, Any]]
    turns: list[int]
    paydays: list[int]
    actions: int
    choices: Counter[str] = field(default_factory=Counter)
    record: dict[str, Any] | None = None
    ledger: dict[str, list[int]] = field(default_factory=dict)
    """Net money by reason (a Transfer's reason) per seat: what each seat
    gained (+) or paid (-) through Pay Days, Spin to Win, lawsuits, ..."""


def summarize(index: int, seed: int, final: State, choices: Counter[str],
              keep_record: bool = False,
              ledger: dict[str, list[int]] | None = None) -> GameSummary:
    return GameSummary(
        index=index,
        seed=seed,
        results=final.results(),
        turns=[p.turns for p in final.players],
        paydays=[p.paydays for p in final.players],
        actions=final.move_number,
        choices=choices,
        record=Record.from_state(final, seed).to_json() if keep_record else None,
        ledger=ledger or {},
    )


def _one(args: tuple[Any, ...]) -> GameSummary:
    edition, players, seed, index, bots, options, keep = args
    gseed = batch_seed(seed, index)
    choices: Counter[str] = Counter()

    def count(state: State, action: Any) -> None:
        if action.kind in _COUNT_ARG:
            choices[str(action)] += 1
        elif action.kind != "spin":
            choices[action.kind] += 1

    start = new_game(edition, players, options)
    n = len(start.names)
    ledger: dict[str, list[int]] = {}

    def book(state: State) -> None:
        for e in state.events:
            if type(e) is Transfer:
                row = ledger.get(e.reason)
                if row is None:
                    row = ledger[e.reason] = [0] * n
                if e.payer >= 0:
                    row[e.payer] -= e.amount
                if e.payee >= 0:
                    row[e.payee] += e.amount

    final = play_state(start, gseed, bots, count, book)
    return summarize(index, gseed, final, choices, keep, ledger)


def play_many(
    edition: str | Path = "classic",
    players: int | Sequence[str] = 4,
    games: int = 100,
    seed: int = 0,
    bots: Sequence[str] | None = None,
    options: Mapping[str, Any] | None = None,
    jobs: int | None = None,
    keep_records: bool = False,
) -> Iterator[GameSummary]:
    """Play `games` games, yielding summaries in game order.

    `jobs` processes (default: all cores); the results are the same for any
    number of jobs. Bots are given by name so they can cross processes.
    """
    work = [(str(edition), players, seed, i, list(bots) if bots else None,
             dict(options or {}), keep_records) for i in range(games)]
    jobs = jobs or os.cpu_count() or 1
    if jobs <= 1 or games < 2:
        for item in work:
            yield _one(item)
        return
    with ProcessPoolExecutor(max_workers=jobs, mp_context=worker_context()) as pool:
        yield from pool.map(_one, work, chunksize=max(1, min(64, games // (jobs * 8) or 1)))
