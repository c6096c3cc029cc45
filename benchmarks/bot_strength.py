"""Bot strength and speed, per edition, played in pieces and kept.

    python benchmarks/bot_strength.py play --edition classic --match expert --games 600
    python benchmarks/bot_strength.py time --edition classic [--games 3]
    python benchmarks/bot_strength.py report [--write]

Matches (seats rotated every game, see lifespin.sim.tournament):

    random    heuristic vs 3 random
    easy      easy vs 3 heuristic
    expert    expert vs 3 heuristic
    baseline  4 heuristic: the expert's games again, with a heuristic in the
              expert's seat (same seeds, so the same luck until the expert
              first plays differently), for the paired comparison

Expert games take seconds each and the strength figures need thousands of
them, more than one sitting. So every game is appended, as it finishes, to
benchmarks/bots/<edition>-<match>.jsonl, and `play --games N` plays only the
games of 0..N-1 not there yet: game i of a match depends only on its index
(`play_tournament_game`), so a run stopped and resumed, or spread over days,
gives exactly the results of one long run. Each file starts with a header
that names the seats, the seed and a fingerprint of the code that decides
play (engine, bots, editions, random streams, driver). When the code has
changed since, `play` first plays the file's first and last games again and
goes on only if they end the same (else: start again with --fresh); `report`
marks files whose fingerprint is not the current one.

`time` plays a few expert games in this process, one at a time, and keeps
the time of every searched decision (benchmarks/bots/<edition>-timing.json);
run it with nothing else busy. `report` prints the markdown that
benchmarks/RESULTS.md keeps (`--write` puts it there, between the
bot-strength markers).

Win rates are per seat a bot fills (a tie for first counts 1/k); the fair
share of a 4-player game is 25%. The intervals are 95% Wilson intervals on
the games' shares (see sim/tournament.py).
"""

from __future__ import annotations

import argparse
import fcntl
import hashlib
import json
import math
import random
import statistics
import sys
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from fractions import Fraction
from pathlib import Path
from typing import Any, TypeAlias

import lifespin
from _common import machine
from bench_engine import one_round
from lifespin.bots import ExpertBot, HeuristicBot, make_bot
from lifespin.bots.expert import rollout
from lifespin.engine import State
from lifespin.engine.player import POOR_FARM
from lifespin.rng import Stream
from lifespin.sim.driver import batch_seed, play_state
from lifespin.sim.stats import Z95
from lifespin.sim.tournament import (
    GameResult,
    game_result,
    lineup,
    play_tournament_game,
    standings,
)

HERE = Path(__file__).resolve().parent
DATA = HERE / "bots"
SRC = HERE.parent / "src" / "lifespin"
EDITIONS = ("classic", "2005", "1960")
MATCHES: dict[str, tuple[str, ...]] = {
    "random": ("heuristic", "random", "random", "random"),
    "easy": ("easy", "heuristic", "heuristic", "heuristic"),
    "expert": ("expert", "heuristic", "heuristic", "heuristic"),
    "baseline": ("heuristic", "heuristic", "heuristic", "heuristic"),
}
TITLES = {
    "random": "heuristic vs 3 random",
    "easy": "easy vs 3 heuristic",
    "expert": "expert vs 3 heuristic",
}
DEALS = 500
Played: TypeAlias = tuple[GameResult, tuple[float, ...]]
START = "<!-- bot-strength:start -->"
END = "<!-- bot-strength:end -->"


def fingerprint() -> str:
    """A digest of the code whose change could change a game's result."""
    h = hashlib.sha256()
    paths = sorted(
        p for p in [*(SRC / "engine").rglob("*.py"), *(SRC / "bots").rglob("*.py"),
                    *(SRC / "editions").rglob("*"), SRC / "rng.py", SRC / "sim" / "driver.py"]
        if p.is_file() and "__pycache__" not in p.parts
    )
    for p in paths:
        h.update(p.relative_to(SRC).as_posix().encode())
        h.update(p.read_bytes())
    return h.hexdigest()[:16]


def data_file(edition: str, match: str) -> Path:
    return DATA / f"{edition}-{match}.jsonl"


def read_games(path: Path) -> tuple[dict[str, Any], list[Played]]:
    """The header and the games of a results file (each with its shares
    averaged over re-deals of the tiles, `dealt_shares`), in index order.

    Raises:
        ValueError: a line that is not a game record, naming the file and line.
    """
    lines = path.read_text(encoding="utf-8").splitlines()
    if not lines:
        raise ValueError(f"{path}: empty, not a results file")
    header = json.loads(lines[0])
    games: dict[int, Played] = {}
    for no, line in enumerate(lines[1:], start=2):
        if not line.strip():
            continue
        try:
            d = json.loads(line)
            res = GameResult(int(d["i"]), int(d["seed"]), tuple(d["bots"]), tuple(d["worths"]),
                             tuple(Fraction(n, k) for n, k in d["shares"]))
            dealt = tuple(float(x) for x in d["dealt"])
        except (ValueError, KeyError, TypeError) as exc:
            # A line cut short by a stopped run is dropped (it is played again); other
            # damage is an error.
            if no == len(lines) and not line.endswith("}"):
                print(f"{path}:{no}: incomplete last line dropped", file=sys.stderr)
                continue
            raise ValueError(f"{path}:{no}: not a game record ({exc}): {line[:80]!r}") from exc
        games[res.index] = (res, dealt)
    return header, [games[i] for i in sorted(games)]


def _encode(played: Played) -> str:
    res, dealt = played
    return json.dumps({"i": res.index, "seed": res.seed, "bots": list(res.bots),
                       "worths": list(res.worths),
                       "shares": [[s.numerator, s.denominator] for s in res.shares],
                       "dealt": [round(x, 5) for x in dealt]})


def dealt_shares(final: State, deals: int, seed: int) -> tuple[float, ...]:
    """Each seat's share of the win averaged over `deals` fresh deals of the
    LIFE tiles' values, keeping how many tiles each seat holds.

    Nobody sees a tile's value before the final count and nothing in play
    depends on one, so the tiles held are a uniform draw from the edition's
    tiles whatever the bots did: the average over deals has the expectation of
    the real result, with less of the tiles' luck in it (Rao-Blackwell). A
    Tycoon's win, a Poor Farm and games without tiles are scored as they
    ended."""
    players = final.players
    exact = game_result(final, 0, 0, ["?"] * len(players)).shares
    counts = [len(p.tiles) for p in players]
    eligible = [i for i, p in enumerate(players) if p.retired != POOR_FARM]
    if final.tycoon >= 0 or not any(counts) or not eligible:
        return tuple(float(x) for x in exact)
    values = list(final.rules.tile_values)
    cash = [p.cash for p in players]
    rng = random.Random(seed)
    total = sum(counts)
    acc = [0.0] * len(players)
    for _ in range(deals):
        drawn = rng.sample(values, total)
        worth = {}
        k = 0
        for i in eligible:
            worth[i] = cash[i] + sum(drawn[k:k + counts[i]])
            k += counts[i]
        best = max(worth.values())
        won = [i for i in eligible if worth[i] == best]
        for i in won:
            acc[i] += 1.0 / len(won)
    return tuple(a / deals for a in acc)


def _one(args: tuple[str, tuple[str, ...], int, int]) -> Played:
    edition, seats, seed, index = args
    bots = lineup(seats, index)
    gseed = batch_seed(seed, index)
    final = play_state(lifespin.new_game(edition, len(bots)), gseed, [make_bot(b) for b in bots])
    return game_result(final, index, gseed, bots), dealt_shares(final, DEALS, gseed)


def _play_all(edition: str, seats: tuple[str, ...], seed: int, todo: list[int],
              jobs: int) -> Iterator[Played]:
    work = [(edition, seats, seed, i) for i in todo]
    if jobs <= 1:
        yield from map(_one, work)
        return
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        yield from pool.map(_one, work, chunksize=1)


def cmd_play(args: argparse.Namespace) -> None:
    path = data_file(args.edition, args.match)
    DATA.mkdir(exist_ok=True)
    # One writer per file: a second run would rewrite the file under the first.
    with open(path.with_suffix(".lock"), "w", encoding="utf-8") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            sys.exit(f"{path.name}: another run is playing this match now")
        _play_match(args, path)


def _play_match(args: argparse.Namespace, path: Path) -> None:
    seats = MATCHES[args.match]
    fp = fingerprint()
    have: set[int] = set()
    if path.exists() and not args.fresh:
        header, games = read_games(path)
        if header.get("seed") != args.seed:
            sys.exit(f"{path} was played with seed {header.get('seed')}, not {args.seed}: "
                     f"pass --fresh to start it again")
        if header.get("fingerprint") != fp:
            # The code changed since (a speed-up, a comment): its games count only if
            # it still plays them the same. Two of them are played again to check.
            for res, _ in {games[0], games[-1]} if games else set():
                again = play_tournament_game(args.edition, seats, args.seed, res.index)
                if again != res:
                    sys.exit(f"{path}: game {res.index} ends differently with the code now "
                             f"({fp}) than when it was kept ({header.get('fingerprint')}): "
                             f"pass --fresh to start it again")
            print(f"{path.name}: code changed, games replayed the same; kept", file=sys.stderr)
            header["fingerprint"] = fp
        have = {res.index for res, _ in games}
        # Rewrite without a partial last line, so appends start on a fresh line.
        path.write_text("\n".join([json.dumps(header), *map(_encode, games)]) + "\n",
                        encoding="utf-8")
    else:
        header = {"edition": args.edition, "match": args.match, "seats": list(seats),
                  "seed": args.seed, "fingerprint": fp}
        path.write_text(json.dumps(header) + "\n", encoding="utf-8")
    todo = [i for i in range(args.games) if i not in have]
    print(f"{path.name}: {len(have)} games kept, {len(todo)} to play", file=sys.stderr)
    t0 = time.perf_counter()
    with path.open("a", encoding="utf-8") as out:
        for n, played in enumerate(_play_all(args.edition, seats, args.seed, todo, args.jobs),
                                   1):
            out.write(_encode(played) + "\n")
            out.flush()
            if n % 50 == 0 or n == len(todo):
                rate = n / (time.perf_counter() - t0)
                print(f"  {n}/{len(todo)} ({rate:.2f} games/s)", file=sys.stderr)


def cmd_time(args: argparse.Namespace) -> None:
    times: list[float] = []
    t0 = time.perf_counter()
    for g in range(args.games):
        bot = ExpertBot()
        play_state(lifespin.new_game(args.edition, 4), batch_seed(args.seed + 7, g),
                   [bot, "heuristic", "heuristic", "heuristic"])
        times.extend(bot.decision_seconds)
    expert_s = time.perf_counter() - t0
    via_view, via_state = heuristic_speed(args.edition, args.seconds)
    # A yardstick for this machine's speed, taken in the same sitting: the
    # engine benchmark's measure (random-bot classic games per second).
    games, _, secs = one_round("classic", 4, args.seconds, 1)
    DATA.mkdir(exist_ok=True)
    (DATA / f"{args.edition}-timing.json").write_text(json.dumps({
        "edition": args.edition, "games": args.games, "machine": machine(),
        "fingerprint": fingerprint(), "expert_game_seconds": expert_s / args.games,
        "decision_seconds": times, "heuristic_games_per_s_view": via_view,
        "heuristic_games_per_s_state": via_state,
        "engine_classic_games_per_s": games / secs,
    }), encoding="utf-8")
    print(f"{args.edition}: {len(times)} decisions, median "
          f"{statistics.median(times) * 1000:.0f} ms", file=sys.stderr)


def heuristic_speed(edition: str, seconds: float) -> tuple[float, float]:
    """Games per second, 4 heuristic seats: through views (HeuristicBot, the
    driver's door) and straight from the State (the expert's rollouts)."""
    start = lifespin.new_game(edition, 4)
    bots = [HeuristicBot() for _ in range(4)]
    n = 0
    t0 = time.perf_counter()
    while time.perf_counter() - t0 < seconds:
        play_state(start, batch_seed(5, n), bots)
        n += 1
    via_view = n / (time.perf_counter() - t0)
    n = 0
    t0 = time.perf_counter()
    while time.perf_counter() - t0 < seconds:
        rollout(start, Stream(batch_seed(6, n)), 0)
        n += 1
    return via_view, n / (time.perf_counter() - t0)


def mean_interval(xs: Sequence[float]) -> tuple[float, float]:
    """Mean and 95% normal half-width."""
    if len(xs) < 2:
        return (xs[0] if xs else math.nan), math.inf
    return statistics.fmean(xs), Z95 * statistics.stdev(xs) / math.sqrt(len(xs))


def paired(expert: Sequence[Played], base: Sequence[Played],
           dealt: bool = False) -> tuple[float, float, int, int]:
    """Per game played in both: the expert's seat's share minus a heuristic's
    share in that seat with the same seed (`dealt`: the shares averaged over
    re-deals of the tiles). Mean, 95% half-width, games, and games whose
    result changed."""
    by_index = {g.index: (g, d) for g, d in base}
    diffs = []
    for g, gd in expert:
        if g.index not in by_index:
            continue
        b, bd = by_index[g.index]
        if b.seed != g.seed:
            raise ValueError(f"game {g.index}: seeds differ ({g.seed} vs {b.seed})")
        k = g.bots.index("expert")
        diffs.append(gd[k] - bd[k] if dealt else float(g.shares[k] - b.shares[k]))
    mean, half = mean_interval(diffs)
    return mean, half, len(diffs), sum(1 for d in diffs if d)


def _verdict(mean: float, half: float) -> str:
    return ("the expert is better" if mean - half > 0 else
            "the expert is worse" if mean + half < 0 else "no clear difference")


def _pts(x: float) -> str:
    return f"{x * 100:+.1f} points"


def _pct(x: float) -> str:
    return f"{x:.1%}"


def report() -> str:
    fp = fingerprint()
    out = [START, "## Bots (benchmarks/bot_strength.py)\n",
           "Per edition, from the games kept in benchmarks/bots/ (played by "
           "`bot_strength.py play`, on 2 processes; each game depends only on its index, so "
           "the pieces add up to one run). Seats rotated every game; a tie for first counts "
           "1/k; the fair share is 25%. Intervals are 95% (Wilson for win rates, normal for "
           "the paired mean).\n"]
    stale = []
    for edition in EDITIONS:
        rows = []
        results: dict[str, list[Played]] = {}
        for match in MATCHES:
            path = data_file(edition, match)
            if not path.exists():
                continue
            header, games = read_games(path)
            if header.get("fingerprint") != fp:
                stale.append(path.name)
            results[match] = games
            if match not in TITLES or not games:
                continue
            seats = MATCHES[match]
            st = {s.bot: s for s in standings(seats, [g for g, _ in games])}
            solo, field = st[seats[0]], st[seats[1]]
            apart = solo.low > field.high or solo.high < field.low
            rows.append(
                f"| {TITLES[match]} | {len(games):,} | {solo.bot} {_pct(solo.win_rate)} "
                f"[{_pct(solo.low)}–{_pct(solo.high)}] | {field.bot} "
                f"{_pct(field.win_rate)} [{_pct(field.low)}–{_pct(field.high)}] per seat | "
                f"{'separate' if apart else 'overlap'} |")
        tpath = DATA / f"{edition}-timing.json"
        if not rows and not tpath.exists():
            continue
        out.append(f"### {edition}\n")
        if rows:
            out.append("| match | games | the one bot | the other three | intervals |")
            out.append("|---|---|---|---|---|")
            out.extend(rows)
            out.append("")
        if results.get("expert"):
            games = results["expert"]
            solo_d = [d[g.bots.index("expert")] for g, d in games]
            rest_d = [(sum(d) - d[g.bots.index("expert")]) / 3 for g, d in games]
            m1, h1 = mean_interval(solo_d)
            m2, h2 = mean_interval(rest_d)
            apart = m1 - h1 > m2 + h2 or m1 + h1 < m2 - h2
            out.append(
                f"The same {len(games):,} expert games with each game's shares averaged over "
                f"{DEALS} re-deals of the face-down tiles' values (`dealt_shares`: the same "
                f"expectation, less of the tiles' luck): expert {_pct(m1)} "
                f"[{_pct(m1 - h1)}–{_pct(m1 + h1)}], heuristic {_pct(m2)} "
                f"[{_pct(m2 - h2)}–{_pct(m2 + h2)}] per seat; intervals "
                f"{'separate' if apart else 'overlap'}.\n")
        if results.get("expert") and results.get("baseline"):
            mean, half, n, changed = paired(results["expert"], results["baseline"])
            dmean, dhalf, _, _ = paired(results["expert"], results["baseline"], dealt=True)
            base = {g.index: (g, d) for g, d in results["baseline"]}
            same = [(base[g.index], g.bots.index("expert")) for g, _ in results["expert"]
                    if g.index in base]
            if same:
                # What the seeds alone gave that seat: side-by-side rates carry
                # this luck, the paired difference does not.
                ex = statistics.fmean(float(b.shares[k]) for (b, _), k in same)
                de = statistics.fmean(d[k] for (_, d), k in same)
                out.append(
                    f"A heuristic in the expert's seat on the same {len(same):,} seeds won "
                    f"{_pct(ex)} ({_pct(de)} with re-dealt tiles): the luck of these seeds "
                    f"for that seat, which the side-by-side rates above carry and the "
                    f"paired difference below does not.\n")
            if n >= 2:
                out.append(
                    f"Paired, {n:,} games: the expert's seat's win rate minus a heuristic's "
                    f"in the same seat on the same seeds is {_pts(mean)} (95% interval "
                    f"{_pts(mean - half)} to {_pts(mean + half)}: {_verdict(mean, half)}); "
                    f"with re-dealt tiles {_pts(dmean)} ({_pts(dmean - dhalf)} to "
                    f"{_pts(dmean + dhalf)}: {_verdict(dmean, dhalf)}). The expert changed "
                    f"the winner of {changed:,} of the {n:,} games.\n")
        if tpath.exists():
            t = json.loads(tpath.read_text(encoding="utf-8"))
            if t.get("fingerprint") != fp:
                stale.append(tpath.name)
            times = sorted(t["decision_seconds"])
            if times:
                p95 = times[min(len(times) - 1, int(0.95 * len(times)))]
                out.append(
                    f"Expert time per searched decision, default budget, one process "
                    f"({t['machine']}): median {statistics.median(times) * 1000:.0f} ms, "
                    f"p95 {p95 * 1000:.0f} ms, max {times[-1] * 1000:.0f} ms over "
                    f"{len(times)} decisions in {t['games']} games "
                    f"({t['expert_game_seconds']:.1f} s per game). Heuristic-only games: "
                    f"{t['heuristic_games_per_s_view']:.0f}/s through views, "
                    f"{t['heuristic_games_per_s_state']:.0f}/s with the rollout policy.")
                if "engine_classic_games_per_s" in t:
                    gps = t["engine_classic_games_per_s"]
                    med = statistics.median(times)
                    out.append(
                        f"This machine's yardstick, measured in the same sitting: "
                        f"{gps:.0f} random-bot classic games/s on one core (the engine "
                        f"benchmark's measure), so a median decision costs as much as "
                        f"{med * gps:.0f} such games; at the engine's 500 games/s target "
                        f"speed that is {med * gps / 500 * 1000:.0f} ms.")
                out.append("")
    if stale:
        out.append(f"Stale (played by code other than the current): {', '.join(stale)}.\n")
    out.append(END)
    return "\n".join(out) + "\n"


def cmd_report(args: argparse.Namespace) -> None:
    text = report()
    print(text)
    if args.write:
        target = HERE / "RESULTS.md"
        old = target.read_text(encoding="utf-8") if target.exists() else ""
        if START in old and END in old:
            head, _, rest = old.partition(START)
            _, _, tail = rest.partition(END)
            new = head + text.rstrip("\n") + tail
        else:
            new = old.rstrip("\n") + "\n\n" + text
        target.write_text(new, encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("play", help="play the missing games of a match")
    p.add_argument("--edition", choices=EDITIONS, default="classic")
    p.add_argument("--match", choices=list(MATCHES), required=True)
    p.add_argument("--games", type=int, required=True)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--jobs", type=int, default=2)
    p.add_argument("--fresh", action="store_true", help="discard the games kept")
    p.set_defaults(fn=cmd_play)
    t = sub.add_parser("time", help="time the expert's decisions")
    t.add_argument("--edition", choices=EDITIONS, default="classic")
    t.add_argument("--games", type=int, default=3)
    t.add_argument("--seed", type=int, default=1)
    t.add_argument("--seconds", type=float, default=5.0)
    t.set_defaults(fn=cmd_time)
    r = sub.add_parser("report", help="print the markdown for RESULTS.md")
    r.add_argument("--write", action="store_true", help="also put it in RESULTS.md")
    r.set_defaults(fn=cmd_report)
    args = ap.parse_args()
    args.fn(args)


if __name__ == "__main__":
    main()
