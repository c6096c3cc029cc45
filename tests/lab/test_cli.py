"""`lifespin lab list | run`."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from lifespin.cli import app


def test_list_names_every_builtin() -> None:
    out = CliRunner().invoke(app, ["lab", "list"])
    assert out.exit_code == 0, out.output
    for name in ("children", "tycoon", "seat_order", "risky_road"):
        assert name in out.stdout


def test_run_json_and_files(tmp_path: Path) -> None:
    html, games = tmp_path / "r.html", tmp_path / "g.parquet"
    out = CliRunner().invoke(app, ["lab", "run", "stock", "--players", "2", "--games", "200",
                                   "--precision", "0.001", "--seed", "1", "--json",
                                   "--html", str(html), "--games-out", str(games)])
    assert out.exit_code == 0, out.output
    data = json.loads(out.stdout)
    assert data["games"] == 200 and data["players"] == 2 and not data["reached"]
    assert [a["name"] for a in data["arms"]] == ["buy", "never", "late"]
    assert data["arms"][1]["kinds"]["buy_stock"] == 0  # the arm never buys
    assert data["sentence"].startswith("Never buying stock instead of buying stock when you can")
    assert html.read_text().startswith("<!doctype html>") and games.stat().st_size > 0


def test_run_table(tmp_path: Path) -> None:
    out = CliRunner().invoke(app, ["lab", "run", "tycoon", "-e", "1960", "--games", "200",
                                   "--precision", "0.2"])
    assert out.exit_code == 0, out.output
    assert "Taking the Tycoon gamble when behind instead of going to the Acres" in out.stdout
    assert "precision reached" in out.stdout


def test_custom_file_and_errors(tmp_path: Path) -> None:
    runner = CliRunner()
    out = runner.invoke(app, ["lab", "run", "kids"])
    assert out.exit_code == 2 and "unknown experiment" in out.output
    out = runner.invoke(app, ["lab", "run", "risky_road", "--edition", "classic"])
    assert out.exit_code == 2 and "does not apply" in out.output
    out = runner.invoke(app, ["lab", "run", "stock", "-o", "police_fine=7", "--games", "10"])
    assert out.exit_code == 2 and "police_fine" in out.output
    p = tmp_path / "e.toml"
    p.write_text('name = "e"\ntitle = "t"\n[editions.classic]\nplayers = 2\n'
                 '[[editions.classic.arms]]\nname = "a"\nlabel = "a"\n'
                 '[[editions.classic.arms]]\nname = "b"\nlabel = "b"\n'
                 'knobs = { "auto.cash" = "lots" }\n')
    out = runner.invoke(app, ["lab", "run", str(p)])
    assert out.exit_code == 2 and str(p) in out.output and "auto.cash" in out.output


def test_run_on_a_cluster_address_gives_the_local_answer() -> None:
    from distributed import LocalCluster

    args = ["lab", "run", "children", "--players", "2", "--games", "400", "--precision",
            "0.001", "--seed", "4", "--json", "--ledger", "0"]
    local = CliRunner().invoke(app, args)
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=False,
                      dashboard_address=None) as cluster:
        remote = CliRunner().invoke(app, [*args, "--cluster", cluster.scheduler_address])
    assert local.exit_code == 0 and remote.exit_code == 0, remote.output
    a, b = json.loads(local.stdout), json.loads(remote.stdout)
    assert a["arms"] == b["arms"] and a["sentence"] == b["sentence"]
