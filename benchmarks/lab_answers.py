"""The strategy lab's built-in answers, with their intervals, per edition (the
first table of RESULTS.md), the time to answer the children question in
4-player classic to +-0.5 points, and games per second locally and on a Dask
LocalCluster with 2 worker processes.

    python benchmarks/lab_answers.py [--precision 0.005] [--games 60000] [--seed 0]
        [--only children ...] [--no-cluster]

Every answer is a paired run (lifespin.lab): the arm's knobs in one subject
seat rotated over all seats, the default knob policy elsewhere, the same games
for every arm, until each difference's 95% interval is +-precision or the
budget of game seeds is spent (marked "budget").
"""

from __future__ import annotations

import argparse
import time

from _common import machine
from lifespin.lab import builtin_names, load_experiment, run_experiment
from lifespin.lab.run import LabResult


def pts(e: object) -> str:
    from lifespin.lab.stats import Estimate

    assert isinstance(e, Estimate)
    return f"{100 * e.mean:+.1f} [{100 * e.low:+.1f}, {100 * e.high:+.1f}]"


def answers(names: list[str], precision: float, games: int, seed: int) -> None:
    print(f"## Built-in answers (4 players, precision +-{100 * precision:.1f} points, "
          f"budget {games:,} game seeds, seed {seed})\n")
    print("| question | edition | arm (vs the reference) | change in win chance, points "
          "[95%] | change in mean worth | game seeds |")
    print("|---|---|---|---|---|---|")
    for name in names:
        exp = load_experiment(name)
        for ed in exp.editions:
            r = run_experiment(exp, ed, precision=precision, games=games, seed=seed, ledger=0)
            mark = "" if r.reached else " (budget)"
            if len(r.arms) == 1:
                print(f"| {exp.title} | {ed} | {r.sentence()} | | | {r.games:,}{mark} |")
                continue
            for a in r.arms[1:]:
                assert a.diff_win is not None and a.diff_worth is not None
                dw = a.diff_worth
                print(f"| {exp.title} | {ed} | {a.arm.phrase()} instead of "
                      f"{r.reference.arm.label} | {pts(a.diff_win)} | "
                      f"{dw.mean:+,.0f} [{dw.low:+,.0f}, {dw.high:+,.0f}] | "
                      f"{r.games:,}{mark} |")


def timing(precision: float, seed: int, cluster: bool) -> None:
    exp = load_experiment("children")
    # Warm: compile or load the kernels once (not part of the answer's time).
    run_experiment(exp, "classic", precision=0.5, games=200, step=200, seed=seed + 1,
                   ledger=0)
    t = time.perf_counter()
    r: LabResult = run_experiment(exp, "classic", precision=precision, seed=seed, ledger=0)
    dt = time.perf_counter() - t
    print(f"\n## Time to an answer ({machine()})\n")
    print(f"- children, 4-player classic, to +-{100 * precision:.1f} points: {dt:.1f} s "
          f"({r.games:,} game seeds, {r.games_played():,} games, chunks {r.chunks}); "
          f"{r.sentence()}")
    print(f"- locally (all cores, numba threads): {r.games_played() / dt:,.0f} games/s")
    t = time.perf_counter()
    run_experiment(exp, "classic", precision=0.5, games=200, step=200, seed=seed, ledger=200)
    print(f"- the children's money (200 games replayed in the reference engine, "
          f"--ledger 200): {time.perf_counter() - t:.1f} s more")
    if not cluster:
        return
    from distributed import Client, LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                      dashboard_address=None) as lc, Client(lc) as client:
        run_experiment(exp, "classic", precision=0.5, games=400, step=400, seed=seed + 1,
                       cluster=client, ledger=0)  # warm each worker's kernels
        t = time.perf_counter()
        rc = run_experiment(exp, "classic", precision=precision, seed=seed, cluster=client,
                            ledger=0)
        dc = time.perf_counter() - t
    same = all((a.data["worth"] == b.data["worth"]).all() for a, b in zip(r.arms, rc.arms,
                                                                           strict=True))
    print(f"- LocalCluster, 2 worker processes x 1 thread: {dc:.1f} s, "
          f"{rc.games_played() / dc:,.0f} games/s; same games as the local run: {same}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--precision", type=float, default=0.005)
    ap.add_argument("--games", type=int, default=60_000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--only", nargs="*", default=None)
    ap.add_argument("--no-cluster", action="store_true")
    ap.add_argument("--no-answers", action="store_true")
    a = ap.parse_args()
    if not a.no_answers:
        answers(a.only or builtin_names(), a.precision, a.games, a.seed)
    timing(a.precision, a.seed, not a.no_cluster)


if __name__ == "__main__":
    main()
