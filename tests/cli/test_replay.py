"""`lifespin replay`: a recorded game told in words."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.cli.helpers import run

import lifespin
from lifespin.narrate import describe_events
from lifespin.sim import play_game


@pytest.fixture(scope="module")
def saved_game(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("replay") / "seven.json"
    play_game("classic", ["Ana", "Bo", "Cy"], seed=7).save(path)
    return path


def test_replay_tells_the_game(saved_game: Path) -> None:
    result = run("replay", str(saved_game))
    assert result.exit_code == 0, result.output
    out = result.stdout
    final = lifespin.replay(saved_game)
    assert "Final standings" in out
    assert "Ana spins" in out and "Bo" in out and "Cy" in out
    # Every event of the last action is told.
    for line in describe_events(final):
        assert line in out
    assert final.results()[0]["name"] in out


def test_replay_step_waits_between_turns(saved_game: Path) -> None:
    stopped = run("replay", str(saved_game), "--step", input="\nq\n")
    assert stopped.exit_code == 0
    assert stopped.stdout.count("-- Enter: next turn") == 2
    assert "Stopped at move" in stopped.stdout
    assert "Final standings" not in stopped.stdout
    # Input ending stops the waiting, not the replay.
    full = run("replay", str(saved_game), "--step", input="")
    assert full.exit_code == 0 and "Final standings" in full.stdout


def test_replay_corrupt_records(tmp_path: Path, saved_game: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text('{"format": "lifespin-record/1", ', encoding="utf-8")
    result = run("replay", str(broken))
    assert result.exit_code == 2
    assert "not JSON" in result.stderr and str(broken) in result.stderr

    data = json.loads(saved_game.read_text(encoding="utf-8"))
    data["actions"][30] = "spun:99"
    bad = tmp_path / "illegal.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    result = run("replay", str(bad))
    assert result.exit_code == 2
    assert "actions[30] = 'spun:99' does not replay" in result.stderr

    missing = run("replay", str(tmp_path / "nothing.json"))
    assert missing.exit_code == 2 and "cannot read" in missing.stderr
