"""`lifespin edition`: list, show, validate, schema; and path_range."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from tests.cli.helpers import CLASSIC, run

import lifespin
from lifespin.cli import path_range


def test_edition_list() -> None:
    result = run("edition", "list")
    assert result.exit_code == 0
    ed = lifespin.load_edition("classic")
    assert "classic" in result.stdout and ed.title in result.stdout
    assert ed.version in result.stdout


@pytest.mark.parametrize("name", ["classic", str(CLASSIC)])
def test_edition_show(name: str) -> None:
    result = run("edition", "show", name)
    assert result.exit_code == 0, result.output
    out = result.stdout
    ed = lifespin.load_edition("classic")
    assert ed.title in out and ed.version in out
    for heading in ("Sources:", "Rule choices", "Rules", "House rules", "Spaces by effect",
                    "Decks", "From each start to retirement"):
        assert heading in out
    assert "police_fine" in out and "life_tile" in out
    rules = ed.ruleset()
    for start in rules.starts:
        lo, hi = path_range(rules.spaces, start)
        assert lo is not None and hi is not None and lo <= hi
        assert lo == rules.spaces[start].to_retire
        row = next(line for line in out.splitlines() if rules.spaces[start].label in line
                   and str(lo) in line)
        assert str(hi) in row


def test_edition_validate_ok() -> None:
    result = run("edition", "validate", str(CLASSIC))
    assert result.exit_code == 0
    ed = lifespin.load_edition("classic")
    assert result.stdout.strip() == f"ok: {ed.title} {ed.version}"


def test_edition_validate_broken(tmp_path: Path) -> None:
    text = CLASSIC.read_text(encoding="utf-8")
    assert text.count("next = [12]") == 1
    broken = tmp_path / "edition.toml"
    broken.write_text(text.replace("next = [12]", "next = [999]"), encoding="utf-8")
    result = run("edition", "validate", str(broken))
    assert result.exit_code == 2
    assert "spaces[1].next" in result.stderr and "999" in result.stderr
    assert "Traceback" not in result.output
    # The same message wherever an edition is taken.
    sim = run("simulate", "--edition", str(broken), "--games", "1")
    assert sim.exit_code == 2 and "spaces[1].next" in sim.stderr


def test_edition_schema() -> None:
    result = run("edition", "schema")
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert "spaces" in schema["properties"] and "metadata" in schema["required"]


def test_path_range_on_small_tracks() -> None:
    def track(nexts: list[list[int]]) -> list[Any]:
        return [SimpleNamespace(next=tuple(n), effect="retire" if not n else "pay")
                for n in nexts]

    # 0 -> 1 -> 3 (retire), or 0 -> 2 -> 4 -> 3
    fork = track([[1, 2], [3], [4], [], [3]])
    assert path_range(fork, 0) == (2, 3)
    # A loop with a way out has no longest path.
    loop = track([[1], [0, 2], []])
    assert path_range(loop, 0) == (2, None)
