"""Run every benchmark script and keep the output in benchmarks/RESULTS.md.

    python benchmarks/run_all.py

The expert's edge is reported from the pairs kept in expert_edge.jsonl
(`bench_search.py expert-edge` plays more). Bot strength takes hours of
expert games, so it is not played here: its games are played in pieces
by `bot_strength.py play` and kept in benchmarks/bots/, and this reports
what is kept (`bot_strength.py report`).
"""

from __future__ import annotations

import datetime
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
# The lab's answers first: the first table a reader of RESULTS.md sees.
SCRIPTS = [
    ["lab_answers.py"],
    ["bench_fast.py"],
    ["bench_search.py", "advisor"],
    ["bench_search.py", "expert-time"],
    ["bench_search.py", "edge-report"],
    ["bench_envs.py"],
    ["bench_vector.py"],
    ["bench_openspiel.py"],
    ["bench_engine.py"],
    ["path_lengths.py"],
    ["choice_rates.py"],
    ["bench_web.py", "--processes", "1,2,3"],
    ["bot_strength.py", "report"],
]


def main() -> None:
    parts = [
        "# Benchmark results\n",
        f"Last run: {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC, "
        "by `python benchmarks/run_all.py`. Figures are medians or means measured in one "
        "run on a shared, noisy machine; compare ratios within a run.\n",
    ]
    for script in SCRIPTS:
        print(f"running {' '.join(script)} ...", file=sys.stderr)
        out = subprocess.run([sys.executable, str(HERE / script[0]), *script[1:]],
                             check=True, capture_output=True, text=True, cwd=HERE).stdout
        parts.append(out)
    (HERE / "RESULTS.md").write_text("\n".join(parts), encoding="utf-8")
    print((HERE / "RESULTS.md").read_text(encoding="utf-8"))


if __name__ == "__main__":
    main()
