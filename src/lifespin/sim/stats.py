"""Statistics over batches of games: pure functions, no I/O.

`aggregate(summaries)` turns `GameSummary` values (from `play_many`) into one
JSON-ready dict: win rates per seat with 95% Wilson intervals, the mean and
spread of final worth and of each part of it, turns per game, and how often
each choice was taken. Sums are kept exactly (integers and fractions), so the
figures do not depend on the order the games arrive in, nor on how many
processes played them.

>>> [round(x, 4) for x in wilson_interval(5, 10)]
[0.2366, 0.7634]
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .driver import GameSummary

__all__ = [
    "BREAKDOWN_PARTS",
    "Z95",
    "Aggregator",
    "Running",
    "aggregate",
    "mean_sd",
    "wilson_interval",
    "win_shares",
]

Z95 = 1.959963984540054
"""The two-sided 95% normal quantile."""

BREAKDOWN_PARTS = ("cash", "house_sale", "loans", "life_tiles", "estates_bonus")
"""The parts of a final worth, in the order reports show them."""


def wilson_interval(successes: float, n: int, z: float = Z95) -> tuple[float, float]:
    """The Wilson score interval for a proportion `successes / n`.

    `successes` may be fractional (a tie for first shared by k players counts
    1/k to each). With no trials the interval is the whole range (0, 1).

    Raises:
        ValueError: successes outside 0..n, or a negative n.
    """
    if n < 0:
        raise ValueError(f"n must be at least 0, not {n}")
    if n == 0:
        return (0.0, 1.0)
    if not 0 <= successes <= n:
        raise ValueError(f"successes must be between 0 and {n}, not {successes}")
    p = float(successes) / n
    z2 = z * z
    denom = 1.0 + z2 / n
    centre = (p + z2 / (2 * n)) / denom
    half = z * math.sqrt(p * (1.0 - p) / n + z2 / (4.0 * n * n)) / denom
    # With no successes (or all) the interval ends at exactly 0 (or 1); the
    # subtraction would leave a rounding error there (2.8e-17 for 0 of 6).
    lo = 0.0 if successes == 0 else max(0.0, centre - half)
    hi = 1.0 if successes == n else min(1.0, centre + half)
    return (lo, hi)


class Running:
    """Count, exact sum and sum of squares, min and max of integer samples."""

    __slots__ = ("count", "hi", "lo", "total", "total_sq")

    def __init__(self) -> None:
        self.count = 0
        self.total = 0
        self.total_sq = 0
        self.lo: int | None = None
        self.hi: int | None = None

    def add(self, value: int) -> None:
        self.count += 1
        self.total += value
        self.total_sq += value * value
        self.lo = value if self.lo is None else min(self.lo, value)
        self.hi = value if self.hi is None else max(self.hi, value)

    @property
    def mean(self) -> float:
        return self.total / self.count if self.count else 0.0

    @property
    def sd(self) -> float:
        """The sample standard deviation (n - 1 in the denominator); 0 for < 2 samples."""
        n = self.count
        if n < 2:
            return 0.0
        # Exact in integers, then one rounding: independent of the sample order.
        return math.sqrt((n * self.total_sq - self.total * self.total) / (n * (n - 1)))

    def to_dict(self) -> dict[str, float | int | None]:
        return {"mean": self.mean, "sd": self.sd, "min": self.lo, "max": self.hi}


def mean_sd(values: Iterable[int]) -> dict[str, float | int | None]:
    """``{"mean", "sd", "min", "max"}`` of integer samples (sample sd)."""
    run = Running()
    for v in values:
        run.add(v)
    return run.to_dict()


def win_shares(results: Sequence[Mapping[str, Any]]) -> dict[int, Fraction]:
    """Each seat's share of the win in one game: 1 for a sole winner, 1/k each
    for k players tied for first, 0 otherwise. A row's "winner" decides, not
    its rank: in the 1960 edition a game where every player ends at the Poor
    Farm ranks them by worth but has no winner."""
    winners = [int(row["seat"]) for row in results if row["winner"]]
    share = Fraction(1, len(winners)) if winners else Fraction(0)
    return {int(row["seat"]): share if row["winner"] else Fraction(0) for row in results}


class _Seat:
    __slots__ = ("breakdown", "name", "wins", "worth")

    def __init__(self, name: str) -> None:
        self.name = name
        self.wins = Fraction(0)
        self.worth = Running()
        self.breakdown: dict[str, Running] = {part: Running() for part in BREAKDOWN_PARTS}


class Aggregator:
    """Adds up game summaries one by one (so a big batch is never held in memory)."""

    def __init__(self) -> None:
        self.games = 0
        self.seats: list[_Seat] = []
        self.shared_wins = 0
        self.turns = Running()
        self.player_turns = Running()
        self.actions = Running()
        self.paydays = Running()
        self.choices: Counter[str] = Counter()
        self.ledger: dict[str, list[int]] = {}
        self.tycoon_wins = 0
        self.poor_farm = 0
        self.stw_games = 0
        self.stw_decided = 0

    def add(self, summary: GameSummary) -> None:
        """Count one game.

        Raises:
            ValueError: the game has a different number of seats than earlier ones.
        """
        results = summary.results
        if not self.seats:
            by_seat = sorted(results, key=lambda row: int(row["seat"]))
            self.seats = [_Seat(str(row["name"])) for row in by_seat]
        if len(results) != len(self.seats):
            raise ValueError(
                f"game {summary.index} has {len(results)} seats; earlier games had "
                f"{len(self.seats)}"
            )
        self.games += 1
        shares = win_shares(results)
        # A tie among winners; not a game nobody won (1960: everyone at the
        # Poor Farm, often tied at nothing).
        if sum(1 for row in results if row["winner"]) > 1:
            self.shared_wins += 1
        for row in results:
            seat = self.seats[int(row["seat"])]
            seat.wins += shares[int(row["seat"])]
            seat.worth.add(int(row["worth"]))
            for part, value in row["breakdown"].items():
                run = seat.breakdown.get(part)
                if run is None:
                    run = seat.breakdown[part] = Running()
                run.add(int(value))
        self.turns.add(max(summary.turns) if summary.turns else 0)
        for t in summary.turns:
            self.player_turns.add(t)
        self.actions.add(summary.actions)
        for p in summary.paydays:
            self.paydays.add(p)
        self.choices.update(summary.choices)
        for reason, amounts in summary.ledger.items():
            total = self.ledger.setdefault(reason, [0] * len(amounts))
            for i, v in enumerate(amounts):
                total[i] += v
        self._edition_figures(summary)

    def _edition_figures(self, summary: GameSummary) -> None:
        """1960: how often a Tycoon wins and how many go to the Poor Farm. 2005:
        of the games with a clear winner where Spin to Win was played, how often
        it decided the game: the winner's net Spin to Win money is more than its
        margin over the runner-up."""
        results = summary.results
        self.tycoon_wins += any(row.get("tycoon") for row in results)
        self.poor_farm += sum(row.get("retired") == "poor_farm" for row in results)
        bets = summary.ledger.get("spin_to_win_bet")
        ordered = sorted(results, key=lambda row: -int(row["worth"]))
        if bets is None or len(ordered) < 2 or ordered[1]["rank"] == 1:
            return  # no Spin to Win was played, or no clear winner
        self.stw_games += 1
        won = summary.ledger.get("spin_to_win", [0] * len(bets))
        winner = int(ordered[0]["seat"])
        margin = int(ordered[0]["worth"]) - int(ordered[1]["worth"])
        if won[winner] + bets[winner] > margin:
            self.stw_decided += 1

    def to_dict(self) -> dict[str, Any]:
        """The figures, JSON-ready."""
        n = self.games
        seats = []
        for i, seat in enumerate(self.seats):
            lo, hi = wilson_interval(float(seat.wins), n)
            seats.append({
                "seat": i,
                "name": seat.name,
                "wins": float(seat.wins),
                "win_rate": float(seat.wins / n) if n else 0.0,
                "win_rate_ci95": [lo, hi],
                "worth": seat.worth.to_dict(),
                "breakdown": {part: run.to_dict() for part, run in seat.breakdown.items()},
            })
        ordered = sorted(self.choices.items(), key=lambda kv: (-kv[1], kv[0]))
        return {
            "games": n,
            "players": len(self.seats),
            "seats": seats,
            "shared_wins": self.shared_wins,
            "turns": {
                "per_game": self.turns.to_dict(),
                "per_player": self.player_turns.to_dict(),
            },
            "actions_per_game": self.actions.to_dict(),
            "paydays_per_player": self.paydays.to_dict(),
            "choices": {
                name: {"count": count, "per_game": count / n if n else 0.0}
                for name, count in ordered
            },
            "money_by_reason": {
                reason: [v / n if n else 0.0 for v in row]
                for reason, row in sorted(self.ledger.items())
            },
            "edition_figures": self._figures_dict(),
        }

    def _figures_dict(self) -> dict[str, Any]:
        n = self.games
        out: dict[str, Any] = {}
        if self.tycoon_wins or self.poor_farm or "tycoon" in self.choices:
            lo, hi = wilson_interval(self.tycoon_wins, n)
            out["tycoon_win_rate"] = {"rate": self.tycoon_wins / n if n else 0.0,
                                      "ci95": [lo, hi], "games": self.tycoon_wins}
            out["poor_farm_per_game"] = self.poor_farm / n if n else 0.0
        if self.stw_games:
            lo, hi = wilson_interval(self.stw_decided, self.stw_games)
            out["decided_by_spin_to_win"] = {
                "rate": self.stw_decided / self.stw_games, "ci95": [lo, hi],
                "games": self.stw_decided, "of": self.stw_games,
            }
        return out


def aggregate(summaries: Iterable[GameSummary]) -> dict[str, Any]:
    """`Aggregator` over all of `summaries`: see the module docstring."""
    agg = Aggregator()
    for summary in summaries:
        agg.add(summary)
    return agg.to_dict()
