"""The answer for people: table, self-contained HTML, one row per game."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from rich.console import Console

from lifespin.lab import LabResult, load_experiment, run_experiment
from lifespin.lab.report import games_table, render, to_html, write_games


@pytest.fixture(scope="module")
def result() -> LabResult:
    return run_experiment(load_experiment("children"), "classic", players=3, precision=0.001,
                          games=300, step=300, seed=2, sensitivity=True, ledger=10)


def test_table_starts_with_the_sentence(result: LabResult) -> None:
    con = Console(width=200, record=True)
    for part in render(result):
        con.print(part)
    text = con.export_text()
    assert text.splitlines()[0] == result.sentence()
    assert "money (reference)" in text and "family" in text
    assert "by children at the end" in text and "Sensitivity" in text


def test_html_is_self_contained(result: LabResult) -> None:
    page = to_html(result)
    assert result.sentence() in page.replace("&#x27;", "'")
    assert page.count("<svg") >= 4  # win rates, worth, parts, children, sensitivity
    # Nothing fetched: no scripts, no external stylesheets, images or fonts.
    assert "<script" not in page and "<link" not in page and "@import" not in page
    assert not re.search(r"""(src|href)=["']https?:""", page)
    setup = json.loads(page.split("<pre>")[1].split("</pre>")[0].replace("&quot;", '"'))
    assert setup["seed"] == 2 and setup["players"] == 3 and setup["edition_version"]
    assert setup["arms"]["money"] == {"fork.48.branch": 1.0}
    assert setup["code_version"]


def test_games_out_one_row_per_game_arm_and_seat(result: LabResult, tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    cols = games_table(result)
    assert len(cols["game"]) == 2 * 300 * 3
    path = tmp_path / "g.parquet"
    assert write_games(result, path) == 2 * 300 * 3
    t = pq.read_table(path)
    assert t.column_names[:7] == ["experiment", "edition", "players", "seed", "game", "arm",
                                  "subject_seat"]
    rows = t.to_pylist()
    fam = [r for r in rows if r["arm"] == "family" and r["game"] == 7 and r["subject_seat"] == 1]
    assert len(fam) == 1
    assert fam[0]["worth"] == int(result.arms[1].data["worth"][7, 1])
    meta = json.loads(t.schema.metadata[b"lifespin.lab"])
    assert meta["experiment"] == "children" and meta["seed"] == 2


def test_html_without_matplotlib(result: LabResult, monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "matplotlib", None)  # import fails
    page = to_html(result)
    assert "<svg" not in page and "pip install 'lifespin[lab]'" in page
    assert "by children at the end" in page
