"""An experiment's answer for people: a terminal table, a self-contained HTML
page (inline SVG from matplotlib, no network fetch), and one row per game
and arm as Parquet for pandas or polars.
"""

from __future__ import annotations

import html
import io
import json
import math
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from .run import FIELDS, PARTS, LabResult
from .stats import Estimate

if TYPE_CHECKING:
    from rich.console import RenderableType

__all__ = ["games_table", "render", "to_html", "write_games"]

PART_LABELS = {"cash": "cash", "house_sale": "house sale", "loans": "loans",
               "life_tiles": "LIFE tiles", "estates_bonus": "estates bonus"}
FLOW_LABELS = {"baby_gifts": "baby gifts in", "per_child_payments": "per-child payments",
               "child_gifts": "per-child collections"}


def _pct(e: Estimate) -> str:
    return f"{100 * e.mean:.1f}% [{100 * e.low:.1f}, {100 * e.high:.1f}]"


def _pts(e: Estimate) -> str:
    return f"{100 * e.mean:+.2f} [{100 * e.low:+.2f}, {100 * e.high:+.2f}]"


def _money(x: float) -> str:
    if not math.isfinite(x):
        return "-"
    v = round(x)
    return f"-${-v:,}" if v < 0 else f"${v:,}"


def _money_ci(e: Estimate, sign: bool = False) -> str:
    plus = "+" if sign and e.mean >= 0 else ""
    return f"{plus}{_money(e.mean)} [{_money(e.low)}, {_money(e.high)}]"


def render(result: LabResult) -> list[RenderableType]:
    """The answer as rich renderables: the sentence, the arms, observed tables."""
    from rich.table import Table
    from rich.text import Text

    out: list[RenderableType] = [Text(result.sentence(), style="bold")]
    e = result.experiment
    note = (f"{result.games:,} game seeds ({result.games_played():,} games), seed "
            f"{result.seed}, {result.seconds:.1f} s; "
            + ("precision reached" if result.reached else
               f"budget spent before +-{100 * result.precision:.2f} points")
            + _SYMMETRY * any(a.default for a in result.arms))
    t = Table(title=f"{e.title} ({result.players}-player {result.edition})", caption=note)
    kids = "children" in e.measure
    for col in ("arm", "win rate", "vs reference (points)", "mean worth", "vs reference ($)",
                *(["children"] if kids else []), *e.kinds):
        t.add_column(col, justify="left" if col == "arm" else "right")
    for a in result.arms:
        t.add_row(
            a.arm.name + (" (reference)" if a is result.reference else ""),
            _pct(a.win), _pts(a.diff_win) if a.diff_win else "-",
            _money_ci(a.worth), _money_ci(a.diff_worth, True) if a.diff_worth else "-",
            *([f"{a.data['children'].mean():.2f}"] if kids else []),
            *(f"{a.kinds.get(k, 0):.2f}" for k in e.kinds))
    out.append(t)
    if "seats" in e.measure:
        s = Table(title="By seat (every seat the default policy)")
        for col in ("seat", "win rate", "vs fair share (points)", "mean worth"):
            s.add_column(col, justify="right")
        fair = 1 / result.players
        for i, row in enumerate(result.seats()):
            w = row["win"]
            s.add_row(str(i + 1), _pct(w), f"{100 * (w.mean - fair):+.2f}",
                      _money_ci(row["worth"]))
        out.append(s)
    if "children" in e.measure:
        c = Table(title="Observed: by children at the end (every seat the default policy)",
                  caption=_per_child_caption(result))
        flows = list(FLOW_LABELS) if result.ledger is not None else []
        for col in ("children", "share", "win rate", "mean worth", "married",
                    *(PART_LABELS[p] for p in PARTS), *(f"{FLOW_LABELS[f]}*" for f in flows)):
            c.add_column(col, justify="right")
        for crow in result.children_table():
            c.add_row(str(crow["children"]), f"{100 * crow['share']:.1f}%", _pct(crow["win"]),
                      _money(crow["worth"]), f"{100 * crow['married']:.0f}%",
                      *(_money(crow[p]) for p in PARTS), *(_money(crow[f]) for f in flows))
        out.append(c)
    if result.sensitivity:
        v = Table(title="Sensitivity: the same question under other settings")
        v.add_column("setting")
        for a in result.arms[1:]:
            v.add_column(f"{a.arm.name} vs {result.reference.arm.name} (points)",
                         justify="right")
        if len(result.arms) == 1:
            v.add_column("answer")
        v.add_row("as above", *(_pts(a.diff_win) for a in result.arms[1:] if a.diff_win),
                  *([result.sentence()] if len(result.arms) == 1 else []))
        for variant, sub in result.sensitivity:
            v.add_row(variant.label, *(_pts(a.diff_win) for a in sub.arms[1:] if a.diff_win),
                      *([sub.sentence()] if len(sub.arms) == 1 else []))
        out.append(v)
    return out


_SYMMETRY = ("; an arm that is the default policy is played by every seat, so it wins a "
             "fair share by symmetry (a narrow interval): its difference is the answer")


def _per_child_caption(result: LabResult) -> str:
    pc = result.per_child()
    if not pc:
        return ""
    parts = ", ".join(f"{PART_LABELS[p]} {_money(pc[p])}" for p in PARTS if abs(pc[p]) >= 1)
    rules = "; ".join(result.child_rules)
    money = ""
    if result.ledger is not None:
        n = len(result.ledger["children"])
        money = (" Per child, in the first " + f"{n:,} games replayed in the reference engine (*): "
                 + ", ".join(f"{FLOW_LABELS[f]} {_money(pc[f])}" for f in FLOW_LABELS if f in pc)
                 + ".")
    return (f"Each child goes with {100 * pc['win']:+.2f} points of winning chance and "
            f"{_money(pc['worth'])} of worth: {parts} (observed, not a cause; gifts in and "
            f"per-child payments out are in cash).{money} The rules: {rules}.")


# ---------------------------------------------------------------- games out


def games_table(result: LabResult) -> dict[str, np.ndarray]:
    """One row per game, arm and subject seat: the columns of `write_games`."""
    cols: dict[str, list[np.ndarray]] = {}
    for a in result.arms:
        d = a.data
        n, p = d["win"].shape
        add = {
            "arm": np.full(n * p, a.arm.name, dtype=object),
            "game": np.repeat(np.arange(n, dtype=np.int64), p),
            "subject_seat": np.tile(np.arange(p, dtype=np.int64), n),
            **{f: d[f].reshape(-1) for f in FIELDS},
        }
        add["win"] = add["win"].astype(bool)
        add["married"] = add["married"].astype(bool)
        for j, k in enumerate(result.experiment.kinds):
            add[f"n_{k.replace(':', '_')}"] = d["kinds"][:, :, j].reshape(-1)
        for k, v in add.items():
            cols.setdefault(k, []).append(v)
    out = {k: np.concatenate(v) for k, v in cols.items()}
    rows = len(out["game"])
    out["experiment"] = np.full(rows, result.experiment.name, dtype=object)
    out["edition"] = np.full(rows, result.edition, dtype=object)
    out["players"] = np.full(rows, result.players, dtype=np.int64)
    out["seed"] = np.full(rows, result.seed, dtype=np.int64)
    return out


def write_games(result: LabResult, path: str | Path) -> int:
    """Write `games_table` as Parquet (needs pyarrow: ``pip install lifespin[lab]``);
    the rows written. The file's metadata holds the setup as JSON."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as exc:
        raise RuntimeError("--games-out needs pyarrow: pip install 'lifespin[lab]'") from exc
    cols = games_table(result)
    order = ["experiment", "edition", "players", "seed", "game", "arm", "subject_seat",
             *[k for k in cols if k not in ("experiment", "edition", "players", "seed",
                                             "game", "arm", "subject_seat")]]
    table = pa.table({k: cols[k] for k in order})
    setup = {k: v for k, v in result.to_json().items() if k not in ("children", "seats")}
    table = table.replace_schema_metadata({"lifespin.lab": json.dumps(setup)})
    pq.write_table(table, str(path))
    return int(table.num_rows)


# ---------------------------------------------------------------- HTML


def _svg(fig: Any) -> str:
    buf = io.StringIO()
    # No date or creator: the same run writes the same page.
    fig.savefig(buf, format="svg", bbox_inches="tight",
                metadata={"Date": None, "Creator": None, "Format": None, "Type": None})
    import matplotlib.pyplot as plt

    plt.close(fig)
    text = buf.getvalue()
    return text[text.index("<svg"):]


def _plots(result: LabResult) -> dict[str, str]:
    try:
        import matplotlib
    except ImportError:  # the lab extra is not installed: the page without plots
        return {}

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    # Labels hold dollar signs: no mathtext.
    plt.rcParams.update({"svg.fonttype": "path", "font.size": 9, "text.parse_math": False})
    out: dict[str, str] = {}
    arms = result.arms
    names = [a.arm.name for a in arms]

    # Points with intervals, not bars from zero: the differences are a point
    # or two, and a bar from 0 would hide them.
    y = np.arange(len(arms))
    fig, (ax, bx) = plt.subplots(1, 2, figsize=(8, 0.8 + 0.45 * len(arms)), sharey=True)
    m = [100 * a.win.mean for a in arms]
    err = [[100 * (a.win.mean - a.win.low) for a in arms],
           [100 * (a.win.high - a.win.mean) for a in arms]]
    ax.errorbar(m, y, xerr=err, fmt="o", color="#4c78a8", capsize=4)
    ax.axvline(100 / result.players, color="#999", ls="--", lw=1, label="fair share")
    ax.set_yticks(y, names)
    ax.set_ylim(len(arms) - 0.5, -0.5)
    ax.set_xlabel("win rate of the subject seat (%)")
    ax.legend(loc="best", fontsize=8)
    d = [a.diff_win for a in arms]
    bx.errorbar([100 * e.mean if e else 0.0 for e in d], y,
                xerr=[[100 * (e.mean - e.low) if e else 0.0 for e in d],
                      [100 * (e.high - e.mean) if e else 0.0 for e in d]],
                fmt="o", color="#e45756", capsize=4)
    bx.axvline(0, color="#999", lw=1)
    bx.set_xlabel(f"change against {result.reference.arm.name} (points)")
    fig.suptitle("95% intervals", fontsize=8, y=0.99)
    out["win"] = _svg(fig)

    fig, ax = plt.subplots(figsize=(6, 2.8))
    for a in arms:
        w = a.data["worth"].reshape(-1) / 1000
        ax.hist(w, bins=60, histtype="step", lw=1.4, label=a.arm.name, density=True)
    ax.set_xlabel("final worth of the subject seat ($ thousands)")
    ax.set_ylabel("density")
    ax.legend(fontsize=8)
    out["worth"] = _svg(fig)

    fig, ax = plt.subplots(figsize=(6, 0.5 + 0.45 * len(arms)))
    left = np.zeros(len(arms))
    neg = np.zeros(len(arms))
    for p in PARTS:
        v = np.array([float(a.data[p].mean()) / 1000 for a in arms])
        base = np.where(v >= 0, left, neg)
        ax.barh(y, v, left=base, label=PART_LABELS[p])
        left = np.where(v >= 0, left + v, left)
        neg = np.where(v < 0, neg + v, neg)
    ax.set_yticks(y, names)
    ax.invert_yaxis()
    ax.set_xlabel("mean final worth by part ($ thousands)")
    ax.legend(fontsize=7, ncol=3, loc="upper center", bbox_to_anchor=(0.5, -0.35))
    out["parts"] = _svg(fig)

    if result.sensitivity and len(arms) > 1:
        rows = [("as above", result), *((v.label, r) for v, r in result.sensitivity)]
        fig, ax = plt.subplots(figsize=(6, 0.6 + 0.4 * len(rows) * (len(arms) - 1)))
        k = len(arms) - 1
        for j in range(1, len(arms)):
            ys = np.arange(len(rows)) * (k + 1) + (j - 1)
            d = [r.arms[j].diff_win for _, r in rows]
            ax.errorbar([100 * e.mean for e in d if e], ys,
                        xerr=[[100 * (e.mean - e.low) for e in d if e],
                              [100 * (e.high - e.mean) for e in d if e]],
                        fmt="o", capsize=3, label=arms[j].arm.name)
        ax.axvline(0, color="#999", lw=1)
        ax.set_yticks(np.arange(len(rows)) * (k + 1) + (k - 1) / 2, [r[0] for r in rows])
        ax.invert_yaxis()
        ax.set_xlabel(f"change in winning chance against {result.reference.arm.name} "
                      "(points), 95% interval")
        ax.legend(fontsize=8)
        out["sensitivity"] = _svg(fig)

    if "children" in result.experiment.measure and result.children_table():
        rows_c = result.children_table()
        fig, ax = plt.subplots(figsize=(6, 2.6))
        xs = [r["children"] for r in rows_c]
        ax.errorbar(xs, [100 * r["win"].mean for r in rows_c],
                    yerr=[[100 * (r["win"].mean - r["win"].low) for r in rows_c],
                          [100 * (r["win"].high - r["win"].mean) for r in rows_c]],
                    fmt="o-", capsize=3)
        ax.axhline(100 / result.players, color="#999", ls="--", lw=1)
        ax.set_xlabel("children at the end")
        ax.set_ylabel("win rate (%)")
        out["children"] = _svg(fig)
    return out


_CSS = """body{font:15px/1.45 system-ui,sans-serif;max-width:980px;margin:2em auto;padding:0 1em;
color:#222}h1{font-size:1.5em}p.answer{font-size:1.25em;font-weight:600;background:#eef4fb;
padding:.7em 1em;border-left:4px solid #4c78a8}table{border-collapse:collapse;margin:1em 0}
td,th{padding:.25em .6em;border-bottom:1px solid #ddd;text-align:right}td:first-child,
th:first-child{text-align:left}pre{background:#f6f6f6;padding:1em;overflow:auto;font-size:12px}
figure{margin:1em 0}svg{max-width:100%;height:auto}.note{color:#666;font-size:.9em}"""


def _figure(title: str, svg: str | None) -> str:
    if svg is None:
        return (f"<h2>{html.escape(title)}</h2><p class='note'>(plots need matplotlib: "
                "pip install 'lifespin[lab]')</p>")
    return f"<h2>{html.escape(title)}</h2><figure>{svg}</figure>"


def _table(head: list[str], rows: list[list[str]]) -> str:
    h = "".join(f"<th>{html.escape(c)}</th>" for c in head)
    b = "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in r) + "</tr>"
                for r in rows)
    return f"<table><thead><tr>{h}</tr></thead><tbody>{b}</tbody></table>"


def to_html(result: LabResult) -> str:
    """A self-contained page: the sentence, the arms with intervals, the plots
    (inline SVG), observed tables, sensitivity and the exact setup."""
    e = result.experiment
    plots = _plots(result)
    arms_rows = [[a.arm.name + (" (reference)" if a is result.reference else ""),
                  a.arm.label if a is result.reference else a.arm.phrase(), _pct(a.win),
                  _pts(a.diff_win) if a.diff_win else "-", _money_ci(a.worth),
                  _money_ci(a.diff_worth, True) if a.diff_worth else "-"]
                 for a in result.arms]
    parts = [f"<h1>{html.escape(e.title)}</h1>",
             f"<p class='answer'>{html.escape(result.sentence())}</p>",
             f"<p>{html.escape(e.about)}</p>",
             _table(["arm", "", "win rate", "vs reference (points)", "mean worth",
                     "vs reference ($)"], arms_rows),
             "<p class='note'>Paired: every arm plays the same games (common random numbers);"
             " the arm's knobs go to one subject seat, rotated over every seat; the other "
             "seats play the default knob policy. Intervals are 95%, over games"
             + html.escape(_SYMMETRY * any(a.default for a in result.arms)) + ".</p>",
             _figure("Win rate by arm", plots.get("win")),
             _figure("Final worth", plots.get("worth")),
             _figure("Worth by part", plots.get("parts"))]
    if "seats" in e.measure:
        fair = 1 / result.players
        parts.append("<h2>By seat</h2>" + _table(
            ["seat", "win rate", "vs fair share (points)", "mean worth"],
            [[str(i + 1), _pct(r["win"]), f"{100 * (r['win'].mean - fair):+.2f}",
              _money_ci(r["worth"])] for i, r in enumerate(result.seats())]))
    if "children" in e.measure and result.children_table():
        parts.append(_figure("Observed: by children at the end", plots.get("children"))
                     + _table(
                         ["children", "share", "win rate", "mean worth",
                          *(PART_LABELS[p] for p in PARTS),
                          *(f"{FLOW_LABELS[f]}*" for f in FLOW_LABELS
                            if result.ledger is not None)],
                         [[str(r["children"]), f"{100 * r['share']:.1f}%", _pct(r["win"]),
                           _money(r["worth"]), *(_money(r[p]) for p in PARTS),
                           *(_money(r[f]) for f in FLOW_LABELS if f in r)]
                          for r in result.children_table()])
                     + f"<p class='note'>{html.escape(_per_child_caption(result))}</p>")
    if result.sensitivity:
        parts.append("<h2>Sensitivity</h2>")
        if "sensitivity" in plots:
            parts.append("<figure>" + plots["sensitivity"] + "</figure>")
        parts.append(_table(["setting", "answer"],
                            [["as above", result.sentence()],
                             *([v.label, r.sentence()] for v, r in result.sensitivity)]))
    setup = {k: v for k, v in result.to_json().items()
             if k in ("experiment", "edition", "edition_version", "players", "options", "seed",
                      "precision", "budget", "games", "games_played", "chunks",
                      "code_version")}
    setup["arms"] = {a.arm.name: dict(a.arm.knobs) for a in result.arms}
    setup["knob_set"] = "default (src/lifespin/fast/knobs/default.toml) + each arm's knobs"
    from ..editions import load_edition

    defaults = load_edition(result.edition).resolve_options({})
    changed = "".join(f" -o {k}={str(v).lower() if isinstance(v, bool) else v}"
                      for k, v in result.options.items() if defaults.get(k) != v)
    rerun = (f"lifespin lab run {e.name} --edition {result.edition} --players "
             f"{result.players}{changed} --precision {result.precision} --games "
             f"{result.budget} --seed {result.seed}"
             + (" --sensitivity" if result.sensitivity else ""))
    parts.append("<h2>Setup</h2><pre>" + html.escape(json.dumps(setup, indent=1))
                 + "</pre><p>Rerun: <code>" + html.escape(rerun) + "</code></p>")
    body = "\n".join(parts)
    return (f"<!doctype html><html lang='en'><head><meta charset='utf-8'>"
            f"<title>{html.escape(e.title)}: lifespin lab</title><style>{_CSS}</style>"
            f"</head><body>{body}</body></html>\n")
