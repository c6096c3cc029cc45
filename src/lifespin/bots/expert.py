"""The expert bot: determinized Monte Carlo.

At a decision with more than one real choice the expert estimates, for each
candidate action, the chance of winning: it asks `resample` for a full state
it cannot tell from the true one (every face-down LIFE tile dealt again),
applies the candidate, and plays to the end, scoring 1 for a win and 1/k for
a k-way tie. It never sees the true state: the view and the `resample`
callable are all it has.

Where the fast engine runs the edition (`lifespin.fast`), the rollouts are
compiled: one determinization from `resample`, re-dealt in compiled code for
each sample, every seat played by the default knob policy, sample k of every
candidate sharing its deal and its luck; the samples fill `fast_work`
actions (a deterministic budget: early decisions, with long games ahead, get
fewer samples, late ones more). Elsewhere the reference engine plays them
with the heuristic `policy` for every seat, averaged over the face-down
tiles' values (`win_share`), as below.

Design choices, and why:

* Common random numbers. Rollout i of every candidate starts from the same
  determinization and draws chance from the same `Luck` (one stream per
  kind of draw and seat), so the candidates are compared on the same luck,
  even after their paths part, and their *paired* differences are far less
  noisy than their separate win rates.
* The heuristic is the incumbent. A candidate replaces the heuristic's own
  choice only when the posterior chance that it is better reaches
  `confidence` (90%), under a normal prior on the true difference (sd
  `prior_sd`). The heuristic is good: most alternatives are slightly worse,
  and a search of a few dozen heavy-tailed rollouts, repeated at every
  decision of a game, finds lucky streaks for them (measured: without the
  prior, departures on 20-40 rounds with z near 3 were mostly wrong). The
  prior keeps those out while decisions with a clear answer (where to
  retire, whom to rob, which lane) still move to the better action.
* Budget. Work is counted in engine steps simulated (`work` per decision,
  plus a small charge per rollout and per determinization), a deterministic
  stand-in for time: early decisions (long rollouts) get fewer rollouts,
  late ones more, and the same seed gives the same game on any machine and
  any number of processes. The default, 15,000 steps, took a median of
  0.15 s a decision on one core of the fastest development machine and
  0.33-0.52 s on slower ones (benchmarks/RESULTS.md keeps the latest, with a
  yardstick of the machine's speed). `time_ms` adds a
  wall-clock cap for interactive use (play then depends on the machine).
* Allocation. Rollouts run in rounds over the live candidates. With three or
  more, sequential halving drops the worse half after each equal share of
  the budget (never the heuristic's choice), so close calls get the
  rollouts; a candidate whose paired deficit to the leader exceeds
  `eliminate_z` standard errors is dropped at once; the search ends when
  one candidate is left.
* Fewer, real candidates. Actions that differ only by a number on the
  wheel (stock numbers, betting numbers at one stake, the tycoon's or the
  lucky number) are symmetric: every number is as likely as any other, so
  one stands for all (`symmetry_key`). Repaying a loan early is weakly
  dominated in this engine (a note costs `loan_payback` now or at
  retirement, and less cash can only force a new note); so is borrowing at
  will, all but always (a purchase borrows its own shortfall, and a note
  taken early adds its interest; only a Spin to Win stake is capped by the
  cash in hand, and the heuristic bets only at better than fair odds);
  and insurance with nothing left to cover on the road ahead buys nothing.
  None of these is searched.
  When one candidate is left the search is skipped.
"""

from __future__ import annotations

import math
import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..engine import CHANCE, Action, State
from ..engine.events import GameOver
from ..engine.player import POOR_FARM as _POOR_FARM
from ..engine.ruleset import Ruleset
from ..rng import Stream, derive_seed
from . import heuristic as H

__all__ = [
    "ExpertBot",
    "Luck",
    "Policy",
    "SearchResult",
    "candidates",
    "exact_share",
    "rollout",
    "search",
    "symmetry_key",
    "win_share",
]

Policy = Callable[[State, int, Sequence[Action], Stream | None], Action]
"""A rollout policy: (state, seat, legal actions, stream) -> action."""

_BY_NUMBER = frozenset({"buy_stock", "free_stock", "return_stock", "token", "tycoon", "lucky"})


def symmetry_key(a: Action) -> str:
    """Actions with the same key differ only by a number on the wheel, and
    every number is as likely as any other: stock numbers, betting numbers
    (at the same stake), the tycoon's and the lucky number."""
    if a.kind in _BY_NUMBER:
        return a.kind
    if a.kind == "bet":
        return "bet-" + str(a.arg).rpartition("-")[2]
    return str(a)


# Work that engine steps do not count, in steps' worth of time: a
# determinization (re-dealing the tiles) and starting a rollout. Keeps very
# short end-game rollouts from running far past the time a step budget means.
_ROUND_COST = 8
_ROLLOUT_COST = 4


class Luck:
    """The chance of one rollout, split into streams by what is drawn and
    during whose turn: each seat's spins, tile draws, card deals, ... Two
    candidates played with the same `Luck` keep seeing the same luck even
    after their paths part (a different lane, one more tile drawn), where a
    single shared stream would shift every later spin. On classic decision
    points this cut the variance of the paired differences by about 30%
    (24 positions, 50 rollouts each), as much as 40% more rollouts would."""

    __slots__ = ("_seed", "_streams")

    def __init__(self, seed: int) -> None:
        self._seed = seed
        self._streams: dict[tuple[str, int], Stream] = {}

    def pick(self, state: State) -> Action:
        key = (state.phase, state.turn)
        stream = self._streams.get(key)
        if stream is None:
            stream = Stream(derive_seed(self._seed, _PHASE_CODE.get(key[0], 99), key[1]))
            self._streams[key] = stream
        outs = state.chance_outcomes()
        return stream.pick(outs)


_PHASE_CODE = {"spin": 0, "draw_tile": 1, "deal": 2, "steal_tile": 3, "bonus_tiles": 4,
               "estates_deal": 5, "house_deal": 6}


def rollout(state: State, chance: Stream | Luck, seat: int, policy: Policy = H.policy,
            prng: Stream | None = None, smooth: bool = True) -> tuple[float, int]:
    """Play `state` to the end, every seat by `policy`, chance from `chance`
    (one stream, or a `Luck`): (the seat's share of the win, engine steps
    taken). With `smooth`, the share is averaged over the face-down tiles'
    values (`win_share`)."""
    steps = 0
    luck = chance if isinstance(chance, Luck) else None
    stream = chance if isinstance(chance, Stream) else None
    while state.tasks:
        cp = state.current_player
        if cp == CHANCE:
            if luck is not None:
                state = state.apply(luck.pick(state))
            else:
                assert stream is not None
                outs = state.chance_outcomes()
                state = state.apply(stream.pick(outs))
        else:
            legal = state.legal_actions()
            state = state.apply(legal[0] if len(legal) == 1 else policy(state, cp, legal, prng))
        steps += 1
    return (win_share(state, seat) if smooth else exact_share(state, seat)), steps


def exact_share(state: State, seat: int) -> float:
    """The seat's share of the win at the end of a game: 1, 1/k in a k-way
    tie for first, or 0."""
    winners = _winners(state)
    return 1.0 / len(winners) if seat in winners else 0.0


def _winners(state: State) -> tuple[int, ...]:
    over = [e for e in state.events if isinstance(e, GameOver)]
    if over:
        return tuple(over[-1].winners)
    worths = [state.worth(i) for i in range(len(state.players))]
    best = max(worths)
    return tuple(i for i, w in enumerate(worths) if w == best)


# Equal-weight quadrature nodes for a standard normal: its 1/32 ... 31/32 quantiles.
def _quantiles(k: int) -> tuple[float, ...]:
    out = []
    for i in range(k):
        p = (i + 0.5) / k
        lo, hi = -10.0, 10.0
        for _ in range(60):
            mid = (lo + hi) / 2
            if 0.5 * (1 + math.erf(mid / math.sqrt(2))) < p:
                lo = mid
            else:
                hi = mid
        out.append((lo + hi) / 2)
    return tuple(out)


_NODES = _quantiles(16)
_SQRT2 = math.sqrt(2.0)


def win_share(state: State, seat: int) -> float:
    """The seat's expected share of the win at the end of a game, averaged
    over the values of the face-down LIFE tiles.

    Nobody ever sees a tile's value before the final count and nothing in
    play depends on one, so given how a rollout went (cash, tiles held) the
    values are a uniform deal of the edition's tiles. Averaging the 0/1
    score over that deal is its conditional expectation: the same mean, far
    less noise (Rao-Blackwell). Each hand's total is taken as normal (mean,
    variance and the negative covariance of draws without replacement); the
    seat's total is integrated on 16 quantile nodes, the rivals conditioned
    on it. Games decided otherwise (a tycoon's bet, the poor farm) and games
    without tiles are scored exactly.
    """
    players = state.players
    tiles = [len(p.tiles) for p in players]
    vals = state.rules.tile_values
    if not any(tiles) or not vals or getattr(state, "tycoon", -1) >= 0:
        return exact_share(state, seat)
    winners = _winners(state)
    eligible = [i for i in range(len(players)) if _can_win(state, i, winners)]
    if seat not in eligible:
        return 0.0
    n_all = len(vals)
    mu = sum(vals) / n_all
    var1 = sum((v - mu) ** 2 for v in vals) / n_all
    fpc = var1 / (n_all - 1) if n_all > 1 else 0.0

    def var(n: int) -> float:
        return n * (n_all - n) * fpc

    ns = tiles[seat]
    base = players[seat].cash + ns * mu
    vs = var(ns)
    sd_s = math.sqrt(vs)
    rivals = []
    for j in eligible:
        if j == seat:
            continue
        nj = tiles[j]
        cov = -ns * nj * fpc
        beta = cov / vs if vs > 0 else 0.0
        cvar = max(0.0, var(nj) - (cov * beta if vs > 0 else 0.0))
        rivals.append((players[j].cash + nj * mu, beta, math.sqrt(cvar)))
    if not rivals:
        return 1.0
    total = 0.0
    nodes = _NODES if sd_s > 0 else (0.0,)
    for x in nodes:
        dev = sd_s * x
        mine = base + dev
        p = 1.0
        for mean_j, beta, sd_j in rivals:
            gap = mine - (mean_j + beta * dev)
            if sd_j > 0:
                p *= 0.5 * (1.0 + math.erf(gap / (sd_j * _SQRT2)))
            elif gap < 0:
                p = 0.0
            elif gap == 0:
                p *= 0.5
            if p == 0.0:
                break
        total += p
    return total / len(nodes)


def _can_win(state: State, i: int, winners: tuple[int, ...]) -> bool:
    """Whether seat i's worth counts at the final count (the 1960 poor farm's doesn't)."""
    return state.players[i].retired != _POOR_FARM or i in winners


@dataclass(frozen=True)
class SearchResult:
    """Per candidate: the rollout scores (rollout i of each shares its luck)."""

    actions: tuple[Action, ...]
    scores: tuple[tuple[float, ...], ...]
    active: tuple[bool, ...]
    steps: int
    rounds: int

    def mean(self, i: int) -> float:
        s = self.scores[i]
        return sum(s) / len(s) if s else 0.0

    def paired(self, a: int, b: int) -> tuple[float, float, int]:
        """Mean and standard error of score[a] - score[b] over their common rollouts."""
        n = min(len(self.scores[a]), len(self.scores[b]))
        if n == 0:
            return 0.0, math.inf, 0
        d = [x - y for x, y in zip(self.scores[a][:n], self.scores[b][:n], strict=True)]
        mean = sum(d) / n
        if n < 2:
            return mean, math.inf, n
        var = sum((x - mean) ** 2 for x in d) / (n - 1)
        return mean, math.sqrt(var / n), n


def search(
    resample: Callable[[Stream], State],
    seat: int,
    actions: Sequence[Action],
    seed: int,
    max_rollouts: int,
    work: int | None = None,
    deadline: float | None = None,
    eliminate_z: float | None = None,
    min_rounds: int = 8,
    policy: Policy = H.policy,
    protect: int | None = None,
    halving: bool = False,
) -> SearchResult:
    """Rollouts for every action in rounds with common random numbers.

    Round i draws determinization `resample(Stream(derive_seed(seed, i, 0)))`
    and plays every still-active action from it with the chance of
    `Luck(derive_seed(seed, i, 1))`. Stops after `max_rollouts` rounds, when
    `work` engine steps have been simulated, at `deadline` (perf_counter
    seconds), or when elimination leaves one action.

    `halving` (with a `work` budget): sequential halving. The budget is cut
    into ceil(log2 k) equal phases; after each phase but the last, the worse
    half of the actions (by mean over all rounds so far) stop being played,
    so many candidates do not starve the close calls of rollouts. `protect`
    names an action that halving never drops (the incumbent).
    """
    k = len(actions)
    scores: list[list[float]] = [[] for _ in range(k)]
    active = [True] * k
    steps = 0
    rounds = 0
    phase = math.inf
    phase_end = math.inf
    if halving and work is not None and k > 2:
        phase = work / math.ceil(math.log2(k))
        phase_end = phase
    for i in range(max_rollouts):
        det = resample(Stream(derive_seed(seed, i, 0)))
        cseed = derive_seed(seed, i, 1)
        steps += _ROUND_COST
        for c in range(k):
            if not active[c]:
                continue
            score, n = rollout(det.apply(actions[c]), Luck(cseed), seat, policy)
            scores[c].append(score)
            steps += n + _ROLLOUT_COST
        rounds += 1
        if steps >= phase_end and sum(active) > 2:
            _halve(scores, active, protect)
            phase_end += phase
        if eliminate_z is not None and rounds >= min_rounds and sum(active) > 1:
            _eliminate(scores, active, eliminate_z)
        if k > 1 and sum(active) <= 1:
            break
        if work is not None and steps >= work:
            break
        if deadline is not None and time.perf_counter() >= deadline:
            break
    return SearchResult(tuple(actions), tuple(tuple(s) for s in scores), tuple(active),
                        steps, rounds)


def _halve(scores: list[list[float]], active: list[bool], protect: int | None) -> None:
    live = sorted((c for c in range(len(scores)) if active[c]),
                  key=lambda c: (-sum(scores[c]), c))
    for c in live[(len(live) + 1) // 2:]:
        if c != protect:
            active[c] = False


def _eliminate(scores: list[list[float]], active: list[bool], z: float) -> None:
    live = [c for c in range(len(scores)) if active[c]]
    n = len(scores[live[0]])
    lead = max(live, key=lambda c: sum(scores[c]))
    for c in live:
        if c == lead:
            continue
        d = [x - y for x, y in zip(scores[lead], scores[c], strict=True)]
        mean = sum(d) / n
        var = sum((x - mean) ** 2 for x in d) / (n - 1)
        if var == 0.0:
            if mean > 0:
                active[c] = False
            continue
        if mean > z * math.sqrt(var / n):
            active[c] = False


def candidates(sit: H.Situation, legal: Sequence[Action], keep: Action) -> list[Action]:
    """The actions worth searching: one per symmetric group (the heuristic's
    pick, `keep`, stands for its group), without the weakly dominated ones."""
    m = sit.model
    me = sit.players[sit.seat]
    ahead = m.ahead_of(me.space)
    out: list[Action] = []
    groups = {symmetry_key(keep)}
    for a in legal:
        if a != keep:
            if a.kind in ("repay_loan", "borrow"):
                continue
            if a.kind == "buy_insurance" and (
                (a.arg == "auto" and ahead[H.F_AUTO] <= 0)
                or (a.arg == "home" and ahead[H.F_HOME] <= 0)
            ):
                continue
            key = symmetry_key(a)
            if key in groups:
                continue
            groups.add(key)
        out.append(a)
    return out


class ExpertBot:
    """Chooses the action with the best estimated chance of winning by
    determinized Monte Carlo over the heuristic (see the module docstring).

    Args:
        work: engine steps simulated per decision (the budget; deterministic).
        max_rollouts: rollouts per candidate at most.
        time_ms: optional wall-clock cap per decision (makes play depend on
            the machine's speed; off by default).
        confidence: the posterior chance (under `prior_sd`) that another
            action is better, needed before the expert departs from the
            heuristic's own choice.
        eliminate_z: paired deficit, in standard errors, that drops a
            candidate during the search.
        prior_sd: the spread of true win-chance differences between the
            heuristic's choice and another sensible one, before any rollout.
            0.03 is what high-precision checks (300 rounds each) of the
            expert's departures in classic games measured: most true
            differences are 0.01-0.05, a few (where to retire) 0.1-0.16.

    The rules come with each decision (`act(..., rules=)`), like every bot's.
    """

    needs_view = True
    wants_resample = True

    def __init__(
        self,
        work: int = 15_000,
        max_rollouts: int = 400,
        time_ms: float | None = None,
        confidence: float = 0.9,
        eliminate_z: float = 3.0,
        prior_sd: float = 0.03,
        name: str = "expert",
        engine: str = "auto",
        fast_work: int = 3_000_000,
        fast_policy: str = "knob",
    ) -> None:
        if work <= 0 or max_rollouts <= 0:
            raise ValueError("work and max_rollouts must be positive")
        if not 0.5 <= confidence < 1.0:
            raise ValueError(f"confidence must be in [0.5, 1), not {confidence}")
        self.work = work
        self.max_rollouts = max_rollouts
        self.time_ms = time_ms
        self.z_switch = _z(confidence)
        self.eliminate_z = eliminate_z
        self.prior_sd = prior_sd
        self.name = name
        if engine not in ("auto", "fast", "reference"):
            raise ValueError(f"engine must be auto, fast or reference, not {engine!r}")
        if fast_work <= 0:
            raise ValueError("fast_work must be positive")
        self.engine = engine
        self.fast_work = fast_work
        self.fast_policy = fast_policy
        self.last: SearchResult | None = None
        # Seconds each searched decision took (the latest 10,000), for benchmarks.
        self.decision_seconds: deque[float] = deque(maxlen=10_000)

    def act(
        self,
        view: dict[str, Any] | None,
        legal: Sequence[Action],
        rng: Stream,
        resample: Callable[[Stream], State] | None = None,
        *,
        rules: Ruleset,
    ) -> Action:
        if len(legal) == 1:
            return legal[0]
        if view is None:
            raise ValueError("the expert needs its seat's view")
        t0 = time.perf_counter()
        sit = H.situation_from_view(view, rules)
        keep = H.decide(sit, legal)
        seed = rng.next_u64()  # drawn at every searched decision, so play stays reproducible
        if resample is None:
            return keep  # nothing to simulate from: play the heuristic's choice
        cands = candidates(sit, legal, keep)
        if len(cands) == 1:
            return cands[0]
        deadline = t0 + self.time_ms / 1000.0 if self.time_ms else None
        res = None
        if self.engine != "reference":
            res = self._fast_search(resample, sit.seat, cands, seed, rules)
        if res is None:
            res = search(resample, sit.seat, cands, seed, self.max_rollouts, self.work, deadline,
                         self.eliminate_z, protect=cands.index(keep), halving=True)
        self.last = res
        choice = self._choose(res, cands.index(keep))
        self.decision_seconds.append(time.perf_counter() - t0)
        return cands[choice]

    # Samples played first to learn how long this decision's rollouts are.
    PILOT = 32
    MAX_SAMPLES = 20_000

    def _fast_search(self, resample: Callable[[Stream], State], seat: int,
                     cands: Sequence[Action], seed: int, rules: Ruleset) -> SearchResult | None:
        """Every candidate played out in the fast engine by the knob policy,
        from determinizations of the seat's information (one from `resample`,
        re-dealt in compiled code for each sample), sample k of each sharing
        its deal and luck. The samples fill `fast_work` actions, split over
        the candidates: early decisions (long games ahead) get fewer, late
        ones more, and the same seed gives the same choice on any machine.
        None where the fast engine does not run this edition."""
        from ..fast import UnsupportedRule, lower_rules
        from ..fast.search import evaluate

        try:
            lower_rules(rules)
        except UnsupportedRule:
            if self.engine == "fast":
                raise
            return None
        det = resample(Stream(seed))
        first = evaluate(det, seat, cands, self.PILOT, seed, policy=self.fast_policy,
                         determinized=True)
        per_sample = max(1.0, float(first.steps.sum(axis=0).mean()))
        samples = int(min(self.MAX_SAMPLES, max(self.PILOT, self.fast_work // per_sample)))
        wins = first.wins
        steps = int(first.steps.sum())
        if samples > self.PILOT:
            more = evaluate(det, seat, cands, samples - self.PILOT, seed,
                            policy=self.fast_policy, first=self.PILOT, determinized=True)
            wins = np.concatenate([wins, more.wins], axis=1)
            steps += int(more.steps.sum())
        return SearchResult(tuple(cands), tuple(tuple(float(x) for x in row) for row in wins),
                            (True,) * len(cands), steps, samples)

    def _choose(self, res: SearchResult, keep: int) -> int:
        """The best candidate if the evidence that it beats the heuristic's
        choice is strong enough, else the heuristic's choice.

        The evidence is the paired mean difference over the rounds both
        played, shrunk by a normal prior on the true difference (mean 0, sd
        `prior_sd`): the candidate is taken when the posterior chance that
        it is better reaches `confidence`. A plain test on a few dozen
        heavy-tailed differences, repeated at every decision, lets lucky
        streaks through; the prior asks more of thin evidence (few rounds,
        wide spread) than of thick.
        """
        live = [c for c in range(len(res.actions)) if res.active[c]]
        best = max(live, key=res.mean)
        if best == keep:
            return keep
        mean, se, n = res.paired(best, keep)
        if n < 2 or mean <= 0:
            return keep
        tau = self.prior_sd
        z_post = mean / se * tau / math.sqrt(tau * tau + se * se) if se > 0 else math.inf
        return best if z_post > self.z_switch else keep


def _z(p: float) -> float:
    """The standard normal quantile (bisection on erf; p in [0.5, 1))."""
    lo, hi = 0.0, 10.0
    for _ in range(80):
        mid = (lo + hi) / 2
        if 0.5 * (1 + math.erf(mid / math.sqrt(2))) < p:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2
