"""Running an experiment: paired arms on common random numbers, in chunks,
until the answer is as precise as asked.

Game i of the seed is the same game for every arm (the fast engine's streams
are per game and per seat): an arm changes one subject seat's knobs and
nothing else. Each arm plays each game once per subject seat (the subject
rotated over all seats, so seat order does not favour any arm); an arm whose
knobs are the default set plays each game once, every seat being its
subject. The games come in chunks of seed ranges; after each chunk the
intervals are recomputed, and the run stops when every arm's difference from
the reference has a win-rate interval no wider than +- `precision` or the
game budget is spent. The chunk sizes depend only on the estimates, which
depend only on the games, so a run on a Dask cluster (`cluster=`), which
splits each chunk into seed ranges over its workers, plays the same games and
gives the same numbers as a local run with the same seed.
"""

from __future__ import annotations

import itertools
import math
import subprocess
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from .. import __version__
from ..editions import load_edition
from ..engine.ruleset import Ruleset
from ..fast import simulate
from ..fast.knob import knob_values
from .spec import Arm, Experiment, Variant, arm_vector
from .stats import Estimate, mean_ci, paired, wilson

__all__ = ["FIELDS", "PARTS", "ArmResult", "LabResult", "child_rules", "code_version",
           "play_arm", "run_experiment"]

PARTS = ("cash", "house_sale", "loans", "life_tiles", "estates_bonus")
# Per subject seat and game (columns of one arm's arrays).
FIELDS = ("win", "worth", "children", "married", "retired", *PARTS)

Progress = Callable[[int, int, str], None]


def play_arm(edition: str, options: Mapping[str, Any], players: int, seed: int, first: int,
             count: int, vector: np.ndarray | None, kinds: Sequence[int],
             jobs: int | None = None) -> dict[str, np.ndarray]:
    """Games ``first .. first+count-1`` of `seed` for one arm: each field as
    (count, players), column s the subject at seat s (`vector` the subject's
    knobs; None: every seat plays the default set, one game each). A top-level
    function of plain arguments, so that a Dask worker can run it."""
    rules = load_edition(edition).ruleset(dict(options))
    default = knob_values("default", rules)
    want = bool(kinds)
    runs = [None] if vector is None else list(range(players))
    out = {f: np.zeros((count, players), np.float64 if f == "win" else np.int64)
           for f in FIELDS}
    out["kinds"] = np.zeros((count, players, len(kinds)), np.int32)
    for s in runs:
        knobs = np.tile(default, (players, 1))
        if s is not None and vector is not None:
            knobs[s] = vector
        r = simulate(rules, players, count, seed, policy="knob", jobs=jobs, first=first,
                     choices=want, knobs=knobs)
        cols = slice(None) if s is None else slice(s, s + 1)
        out["win"][:, cols] = r.wins[:, cols]
        out["worth"][:, cols] = r.worth[:, cols]
        out["children"][:, cols] = r.children[:, cols]
        out["married"][:, cols] = r.married[:, cols]
        out["retired"][:, cols] = r.retired[:, cols]
        for p in PARTS:
            out[p][:, cols] = r.parts[p][:, cols]
        if want and r.choices is not None:
            out["kinds"][:, cols] = r.choices[:, cols][:, :, list(kinds)]
    return out


@dataclass
class ArmResult:
    """One arm's games and estimates (the reference's `diff_*` are None)."""

    arm: Arm
    default: bool  # its knobs are the default set (played once per game)
    data: dict[str, np.ndarray]
    win: Estimate
    worth: Estimate
    diff_win: Estimate | None
    diff_worth: Estimate | None
    kinds: dict[str, float]  # the subject's decisions of the experiment's kinds, per game

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.arm.name, "label": self.arm.label, "knobs": dict(self.arm.knobs),
            "default": self.default, "win": self.win.to_json(), "worth": self.worth.to_json(),
            "diff_win": self.diff_win.to_json() if self.diff_win else None,
            "diff_worth": self.diff_worth.to_json() if self.diff_worth else None,
            "kinds": self.kinds,
            "children": float(self.data["children"].mean()),
            "parts": {p: float(self.data[p].mean()) for p in PARTS},
        }


@dataclass
class LabResult:
    """An experiment's answer for one edition, its games and its exact setup."""

    experiment: Experiment
    edition: str
    edition_version: str
    players: int
    options: dict[str, Any]
    seed: int
    precision: float
    budget: int
    games: int
    chunks: list[int]
    seconds: float
    arms: list[ArmResult]
    observed: dict[str, np.ndarray] | None  # an all-default run's fields, for observed tables
    sensitivity: list[tuple[Variant, LabResult]] = field(default_factory=list)
    code_version: str = ""
    child_rules: list[str] = field(default_factory=list)
    # The first games of `observed` replayed in the reference engine: money
    # by reason per seat (lab.ledger.CHILD_FLOWS) and children, for the
    # children table's money columns.
    ledger: dict[str, np.ndarray] | None = None

    @property
    def reference(self) -> ArmResult:
        return self.arms[0]

    @property
    def reached(self) -> bool:
        """Whether the precision asked was reached (else the budget ran out)."""
        return _widest(self.arms, self.observed, self.players) <= self.precision

    def games_played(self) -> int:
        """Games the engine played (each arm's games times its subject runs)."""
        runs = sum(1 if a.default else self.players for a in self.arms)
        if self.observed is not None and not any(a.default for a in self.arms):
            runs += 1
        return self.games * runs

    def sentence(self) -> str:
        """The answer in one sentence (the first arm against the reference,
        or, with one arm, the first seat's edge)."""
        where = f"in {self.players}-player {self.edition}"
        if len(self.arms) > 1:
            a = self.arms[1]
            d = a.diff_win
            assert d is not None
            return (f"{a.arm.phrase()} instead of {self.reference.arm.label} changes your "
                    f"chance of winning by {_pts(d.mean)} points "
                    f"[{_pts(d.low)}, {_pts(d.high)}] {where}.")
        slope = self.per_child().get("win")
        if "children" in self.experiment.measure and slope is not None:
            return (f"Observed, not chosen: each child at the end goes with "
                    f"{_pts(slope)} points of winning chance {where} (the default policy "
                    f"in every seat; no choice of the board changes the children).")
        seats = self.seats()
        if seats and "seats" in self.experiment.measure:
            s0 = seats[0]
            fair = 1 / self.players
            return (f"Going first wins {100 * s0['win'].mean:.1f}% of games "
                    f"[{100 * s0['win'].low:.1f}, {100 * s0['win'].high:.1f}] {where}, "
                    f"against a fair share of {100 * fair:.1f}%.")
        w = self.reference.win
        return (f"{self.reference.arm.phrase()} wins {100 * w.mean:.1f}% of games "
                f"[{100 * w.low:.1f}, {100 * w.high:.1f}] {where}.")

    def seats(self) -> list[dict[str, Estimate]]:
        """Each seat's win rate (Wilson) and mean worth, from the all-default games."""
        if self.observed is None:
            return []
        win, worth = self.observed["win"], self.observed["worth"].astype(np.float64)
        out = []
        for s in range(self.players):
            k = int(win[:, s].sum())
            out.append({"win": wilson(k, win.shape[0]), "worth": mean_ci(worth[:, s:s + 1])})
        return out

    def children_table(self) -> list[dict[str, Any]]:
        """Observed, in all-default games: by the number of children a seat
        ends with, its share of seats, win rate (Wilson), mean worth and parts."""
        if self.observed is None:
            return []
        o = self.observed
        ch = o["children"].ravel()
        rows = []
        for c in range(int(ch.max()) + 1 if ch.size else 0):
            m = ch == c
            n = int(m.sum())
            if n == 0:
                continue
            rows.append({
                "children": c, "seats": n, "share": n / ch.size,
                "win": wilson(int(o["win"].ravel()[m].sum()), n),
                "worth": float(o["worth"].ravel()[m].mean()),
                "married": float(o["married"].ravel()[m].mean()),
                **{p: float(o[p].ravel()[m].mean()) for p in PARTS},
                **self._flows(c),
            })
        return rows

    def _flows(self, c: int) -> dict[str, Any]:
        """Mean money of each child flow over the ledger's seats with `c` children."""
        if self.ledger is None:
            return {}
        from .ledger import CHILD_FLOWS

        m = self.ledger["children"].ravel() == c
        n = int(m.sum())
        return {"ledger_seats": n, **{f: float(self.ledger[f].ravel()[m].mean()) if n else
                                      math.nan for f in CHILD_FLOWS}}

    def per_child(self) -> dict[str, float]:
        """Observed slope of each part of worth (and of worth) per child: what a
        child goes with, on average, in all-default games (not a cause)."""
        if self.observed is None:
            return {}
        o = self.observed
        x = o["children"].ravel().astype(np.float64)
        if x.size < 2 or float(x.var()) == 0:
            return {}
        out = {}
        for p in ("win", "worth", *PARTS):
            y = o[p].ravel().astype(np.float64)
            out[p] = float(np.cov(x, y)[0, 1] / x.var(ddof=1))
        if self.ledger is not None:
            from .ledger import CHILD_FLOWS

            lx = self.ledger["children"].ravel().astype(np.float64)
            if lx.size > 1 and float(lx.var()) > 0:
                for f in CHILD_FLOWS:
                    y = self.ledger[f].ravel().astype(np.float64)
                    out[f] = float(np.cov(lx, y)[0, 1] / lx.var(ddof=1))
        return out

    def to_json(self) -> dict[str, Any]:
        e = self.experiment
        out: dict[str, Any] = {
            "experiment": e.name, "title": e.title, "sentence": self.sentence(),
            "edition": self.edition, "edition_version": self.edition_version,
            "players": self.players, "options": self.options, "seed": self.seed,
            "precision": self.precision, "budget": self.budget, "games": self.games,
            "games_played": self.games_played(), "reached": self.reached,
            "chunks": self.chunks, "seconds": round(self.seconds, 3),
            "code_version": self.code_version,
            "arms": [a.to_json() for a in self.arms],
        }
        if "seats" in e.measure:
            out["seats"] = [{k: v.to_json() for k, v in s.items()} for s in self.seats()]
        if "children" in e.measure:
            out["children"] = [{k: (v.to_json() if isinstance(v, Estimate) else v)
                                for k, v in row.items()} for row in self.children_table()]
            out["per_child"] = self.per_child()
            out["child_rules"] = self.child_rules
            out["ledger_games"] = 0 if self.ledger is None else len(self.ledger["children"])
        if self.sensitivity:
            out["sensitivity"] = [{"label": v.label, "players": r.players,
                                   "options": r.options, "sentence": r.sentence(),
                                   "arms": [a.to_json() for a in r.arms]}
                                  for v, r in self.sensitivity]
        return out


def _pts(x: float) -> str:
    return f"{100 * x:+.1f}"


def _widest(arms: Sequence[ArmResult], observed: dict[str, np.ndarray] | None,
            players: int) -> float:
    """The half-width the stopping rule watches: the widest win-rate
    difference; with one arm, the widest seat's win rate (or the arm's)."""
    if len(arms) > 1:
        return max(a.diff_win.half for a in arms[1:] if a.diff_win is not None)
    if observed is not None:
        n = observed["win"].shape[0]
        return max(wilson(int(observed["win"][:, s].sum()), n).half for s in range(players))
    return arms[0].win.half


def code_version() -> str:
    """``git describe`` of the checkout the code runs from, else the package version."""
    here = Path(__file__).resolve().parent
    try:
        out = subprocess.run(["git", "describe", "--always", "--dirty", "--tags"], cwd=here,
                             capture_output=True, text=True, timeout=5, check=True)
        return f"{__version__}+{out.stdout.strip()}"
    except (OSError, subprocess.SubprocessError):
        return __version__


def _next_chunk(n: int, half: float, precision: float, step: int, budget: int) -> int:
    """Games to add: enough for the interval to reach `precision` if it
    narrows as 1/sqrt(n) (10% more), at least `step`, at most 4n, in whole steps."""
    if n == 0:
        want = step
    else:
        need = n * (half / precision) ** 2 * 1.1 if math.isfinite(half) else 4 * n
        want = int(min(max(need - n, step), 4 * n))
        want = -(-want // step) * step
    return max(0, min(want, budget - n))


def _pieces(first: int, count: int, parts: int, least: int) -> list[tuple[int, int]]:
    """`count` games from `first` as up to `parts` seed ranges of >= `least` games."""
    k = max(1, min(parts, count // max(1, least)))
    bounds = [first + (count * i) // k for i in range(k + 1)]
    return [(a, b - a) for a, b in itertools.pairwise(bounds) if b > a]


def _client(cluster: Any) -> Any:
    if cluster is None or not isinstance(cluster, str):
        return cluster
    try:
        from distributed import Client
    except ImportError as exc:
        raise RuntimeError("a cluster needs Dask: pip install 'lifespin[lab]'") from exc
    return Client(cluster)  # type: ignore[no-untyped-call]


def run_experiment(
    experiment: Experiment,
    edition: str,
    *,
    players: int | None = None,
    options: Mapping[str, Any] | None = None,
    precision: float = 0.005,
    games: int = 100_000,
    seed: int = 0,
    step: int = 1000,
    jobs: int | None = None,
    cluster: Any = None,
    progress: Progress | None = None,
    sensitivity: bool = False,
    ledger: int = 200,
) -> LabResult:
    """Answer `experiment` for `edition` (see the module doc).

    `players`, `options`: override the experiment's (options are merged over
    its own). `games`: the budget of game seeds (each played by every arm and
    subject seat). `step`: the smallest chunk. `cluster`: a scheduler address
    or a ``distributed.Client``; the result is the local run's.
    `sensitivity`: also run each of the experiment's sensitivity settings.
    `ledger`: where children are measured, replay this many of the observed
    games in the reference engine for the money children bring and cost
    (`lab.ledger`; about 50 games a second).

    Raises:
        LabError: the experiment does not apply to `edition`.
        EditionError: a bad house rule.
    """
    setup = experiment.setup(edition)
    n_players = players or setup.players
    opts = {**setup.options, **(options or {})}
    ed = load_edition(edition)
    rules = ed.ruleset(opts)
    resolved = ed.resolve_options(opts)
    default = knob_values("default", rules)
    vectors: list[np.ndarray | None] = []
    for arm in setup.arms:
        v = arm_vector(arm, rules)
        vectors.append(None if np.array_equal(v, default) else v)
    needs_obs = bool({"children", "seats"} & set(experiment.measure))
    extra_obs = needs_obs and all(v is not None for v in vectors)
    runs: list[np.ndarray | None] = [*vectors, *([None] if extra_obs else [])]
    kinds = experiment.kind_codes()
    client = _client(cluster)
    workers = len(client.scheduler_info()["workers"]) if client is not None else 1

    t0 = time.perf_counter()
    data: list[dict[str, list[np.ndarray]]] = [{} for _ in runs]
    n = 0
    chunks: list[int] = []
    arms: list[ArmResult] = []
    observed: dict[str, np.ndarray] | None = None
    half = math.inf
    while True:
        c = _next_chunk(n, half, precision, step, games)
        if c <= 0:
            break
        if client is None:
            parts = [[play_arm(edition, opts, n_players, seed, n, c, v, kinds, jobs)]
                     for v in runs]
        else:
            futures = [[client.submit(play_arm, edition, opts, n_players, seed, a, k, v, kinds,
                                      1, pure=False)
                        for a, k in _pieces(n, c, workers, step // 4 or 1)] for v in runs]
            parts = client.gather(futures)
        for d, ps in zip(data, parts, strict=True):
            for key in ps[0]:
                d.setdefault(key, []).extend(p[key] for p in ps)
        n += c
        chunks.append(c)
        merged = [{k: np.concatenate(v) for k, v in d.items()} for d in data]
        arms = _estimate(setup.arms, vectors, merged, kinds, experiment.kinds)
        if needs_obs:
            observed = merged[-1] if extra_obs else next(
                m for m, v in zip(merged, vectors, strict=False) if v is None)
        half = _widest(arms, observed, n_players)
        if progress is not None:
            progress(n, games, _status(arms, observed, n_players, half))
        if half <= precision:
            break
    if client is not None and isinstance(cluster, str):
        client.close()
    result = LabResult(
        experiment=experiment, edition=edition, edition_version=ed.version,
        players=n_players, options=resolved, seed=seed, precision=precision, budget=games,
        games=n, chunks=chunks, seconds=time.perf_counter() - t0, arms=arms,
        observed=observed, code_version=code_version(),
        child_rules=child_rules(rules, n_players) if "children" in experiment.measure else [])
    if "children" in experiment.measure and observed is not None and ledger > 0:
        from .ledger import child_ledger

        result.ledger = child_ledger(edition, opts, n_players, seed, min(ledger, n))
    if sensitivity:
        for variant in setup.sensitivity:
            sub = run_experiment(
                experiment, edition, players=variant.players or n_players,
                options={**(options or {}), **variant.options}, precision=precision,
                games=games, seed=seed, step=step, jobs=jobs, cluster=cluster, ledger=0)
            result.sensitivity.append((variant, sub))
    return result


def _estimate(spec: Sequence[Arm], vectors: Sequence[np.ndarray | None],
              merged: Sequence[dict[str, np.ndarray]], kinds: Sequence[int],
              kind_names: Sequence[str]) -> list[ArmResult]:
    ref = merged[0]
    out = []
    for i, arm in enumerate(spec):
        d = merged[i]
        games = max(1, d["win"].shape[0])
        out.append(ArmResult(
            arm=arm, default=vectors[i] is None, data=d,
            win=mean_ci(d["win"]), worth=mean_ci(d["worth"]),
            diff_win=paired(d["win"], ref["win"]) if i else None,
            diff_worth=paired(d["worth"], ref["worth"]) if i else None,
            kinds={name: float(d["kinds"][:, :, j].sum()) / (games * d["win"].shape[1])
                   for j, name in enumerate(kind_names)} if kinds else {},
        ))
    return out


def _status(arms: Sequence[ArmResult], observed: dict[str, np.ndarray] | None,
            players: int, half: float) -> str:
    if len(arms) > 1 and arms[1].diff_win is not None:
        d = arms[1].diff_win
        return f"{arms[1].arm.name}: {_pts(d.mean)} pts +- {100 * half:.2f}"
    return f"widest +- {100 * half:.2f} pts"


def child_rules(rules: Ruleset, players: int) -> list[str]:
    """What the edition's rules give and take per child, read from its spaces
    (baby spaces' LIFE tiles and gifts, per-child payments and collections),
    in words: the mechanics behind the observed children table."""
    babies = [sp for sp in rules.spaces if sp.effect == "baby"]
    out = []
    if babies:
        tiles = sum(1 for sp in babies if sp.life_tile)
        gifts = sorted({sp.gift for sp in babies if sp.gift})
        line = (f"{len(babies)} baby spaces ({sum(sp.count for sp in babies)} children if "
                f"landed on all)")
        if tiles:
            line += f"; {tiles} of them give a LIFE tile"
        if gifts:
            each = " or ".join(f"${g:,}" for g in gifts)
            line += (f"; a gift of {each} from each other player per space "
                     f"({players - 1} others here)")
        out.append(line)
    for sp in rules.spaces:
        if sp.per_child and sp.amount:
            verb = "pay" if sp.effect == "pay" else "collect"
            out.append(f"space {sp.id} ({sp.label}): {verb} ${sp.amount:,} per child")
        if sp.child_gift:
            out.append(f"space {sp.id} ({sp.label}): ${sp.child_gift:,} per child")
    return out
