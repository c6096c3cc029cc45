"""Tournaments: bots against each other, seats rotated, results per bot type.

Game g of a tournament seeded S is played from seed `batch_seed(S, g)` with
the lineup rotated by g % n (seat k gets `seats[(k + g) % n]`), so every bot
sits in every seat equally often over each n games and the first player's
advantage cancels. Games run on a pool of processes and come back in game
order; since each game depends only on its index, the result does not depend
on the number of processes (bots that cap their thinking by wall-clock time
are the exception: give them a step budget instead).

Per bot type: the win rate per seat it fills (a k-way tie for first counts
1/k), with a 95% Wilson interval, and the mean final worth. A type filling
m seats of each game wins a share W_g of game g (the sum over its seats); the
interval is Wilson's on the games' shares, divided by m. Rates of different
seats in one game are not independent (only one can win), so the game, not
the seat, is the trial.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any

from ..bots import make_bot
from ..editions import new_game
from ..engine import State
from .driver import batch_seed, play_state, worker_context
from .stats import wilson_interval, win_shares

__all__ = [
    "BotStanding",
    "GameResult",
    "TournamentResult",
    "game_result",
    "lineup",
    "play_tournament_game",
    "run_tournament",
    "standings",
]


def lineup(seats: Sequence[str], game: int) -> list[str]:
    """The bots of game `game`: `seats` rotated by game % n."""
    n = len(seats)
    r = game % n
    return [seats[(k + r) % n] for k in range(n)]


@dataclass(frozen=True)
class GameResult:
    """One game: who sat where, each seat's final worth and share of the win."""

    index: int
    seed: int
    bots: tuple[str, ...]
    worths: tuple[int, ...]
    shares: tuple[Fraction, ...]


@dataclass(frozen=True)
class BotStanding:
    """One bot type over a tournament."""

    bot: str
    seats: int  # seats it fills in each game
    games: int
    wins: float  # games won (ties shared)
    win_rate: float  # per seat it fills
    low: float
    high: float
    mean_worth: float

    def to_json(self) -> dict[str, Any]:
        return {
            "bot": self.bot,
            "seats": self.seats,
            "games": self.games,
            "wins": self.wins,
            "win_rate": self.win_rate,
            "win_rate_ci95": [self.low, self.high],
            "mean_worth": self.mean_worth,
        }


@dataclass(frozen=True)
class TournamentResult:
    """What `run_tournament` returns; `to_json()` for machines."""

    edition: str
    seats: tuple[str, ...]
    games: int
    seed: int
    standings: tuple[BotStanding, ...]
    results: tuple[GameResult, ...] = field(repr=False, default=())

    @property
    def fair_share(self) -> float:
        """The win rate per seat if every bot were as good as the others."""
        return 1.0 / len(self.seats)

    def standing(self, bot: str) -> BotStanding:
        for s in self.standings:
            if s.bot == bot:
                return s
        raise KeyError(f"no bot {bot!r} in this tournament; bots: "
                       f"{', '.join(s.bot for s in self.standings)}")

    def to_json(self) -> dict[str, Any]:
        return {
            "edition": self.edition,
            "seats": list(self.seats),
            "games": self.games,
            "seed": self.seed,
            "fair_share": self.fair_share,
            "standings": [s.to_json() for s in self.standings],
        }


def play_tournament_game(edition: str | Path, seats: Sequence[str], seed: int, index: int,
                         options: Mapping[str, Any] | None = None) -> GameResult:
    """Game `index` of the tournament of `seats` seeded `seed`, on its own:
    the lineup rotated by index, played from `batch_seed(seed, index)`. The
    same arguments give the same game anywhere, so a long tournament can be
    played in pieces (see benchmarks/bot_strength.py)."""
    return _play((str(edition), tuple(seats), seed, index, dict(options or {})))


def _play(args: tuple[str, tuple[str, ...], int, int, dict[str, Any]]) -> GameResult:
    edition, seats, seed, index, options = args
    bots = lineup(seats, index)
    gseed = batch_seed(seed, index)
    final = play_state(new_game(edition, len(bots), options),
                       gseed, [make_bot(b) for b in bots])
    return game_result(final, index, gseed, bots)


def game_result(final: State, index: int, seed: int, bots: Sequence[str]) -> GameResult:
    """The result of a finished game: worths, and each seat's share of the win
    as the final count decides it (1/k to each of k seats tied for first; a
    1960 Tycoon wins outright and the Poor Farm cannot win, whatever the
    worths say)."""
    worths = tuple(final.worth(i) for i in range(len(bots)))
    by_seat = win_shares(final.results())
    shares = tuple(by_seat[i] for i in range(len(bots)))
    return GameResult(index, seed, tuple(bots), worths, shares)


def _games(edition: str, seats: tuple[str, ...], games: int, seed: int,
           options: dict[str, Any], jobs: int, first: int = 0) -> Iterator[GameResult]:
    work = [(edition, seats, seed, g, options) for g in range(first, first + games)]
    if jobs <= 1 or games < 2:
        for item in work:
            yield _play(item)
        return
    with ProcessPoolExecutor(max_workers=jobs, mp_context=worker_context()) as pool:
        # Small chunks: games with searching bots take seconds each, and the
        # progress bar should move.
        yield from pool.map(_play, work, chunksize=max(1, min(16, games // (jobs * 16) or 1)))


def run_tournament(
    edition: str | Path = "classic",
    seats: Sequence[str] = ("heuristic", "random", "random", "random"),
    games: int = 100,
    seed: int = 0,
    jobs: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    options: Mapping[str, Any] | None = None,
    first: int = 0,
) -> TournamentResult:
    """Play `games` games of the bots `seats` (by name, one per seat), rotating
    the lineup each game, and sum up per bot type.

    `jobs` processes (default: all cores); `progress(done, games)` is called
    after each game, in game order. `first` skips the tournament's first
    games: games first, first+1, ... are played, exactly as a longer
    tournament would play them.

    Raises:
        ValueError: an unknown bot name, a seat count the edition does not
            allow, or fewer than one game.
    """
    seats = tuple(seats)
    if games < 1:
        raise ValueError(f"games must be at least 1, not {games}")
    if first < 0:
        raise ValueError(f"first must not be negative, not {first}")
    for b in seats:
        make_bot(b)  # unknown names fail here, before any process starts
    new_game(edition, len(seats), options)  # and so does a bad seat count or option
    jobs = jobs or os.cpu_count() or 1
    results: list[GameResult] = []
    for res in _games(str(edition), seats, games, seed, dict(options or {}), jobs, first):
        results.append(res)
        if progress is not None:
            progress(len(results), games)
    return TournamentResult(str(edition), seats, games, seed, standings(seats, results),
                            tuple(results))


def standings(seats: Sequence[str], results: Sequence[GameResult]) -> tuple[BotStanding, ...]:
    """Per bot type in `seats`, its standing over `results` (games of that lineup)."""
    seats = tuple(seats)
    names = list(dict.fromkeys(seats))
    n_games = len(results)
    out = []
    for name in names:
        m = seats.count(name)
        wins = Fraction(0)
        worth = 0
        for res in results:
            for bot, w, share in zip(res.bots, res.worths, res.shares, strict=True):
                if bot == name:
                    wins += share
                    worth += w
        lo, hi = wilson_interval(float(wins), n_games)
        rate = float(wins / (n_games * m))
        out.append(BotStanding(
            bot=name,
            seats=m,
            games=n_games,
            wins=float(wins),
            win_rate=rate,
            low=min(lo / m, rate),  # rounding must not push the estimate outside
            high=max(hi / m, rate),
            mean_worth=worth / (n_games * m),
        ))
    return tuple(out)

