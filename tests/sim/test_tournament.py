"""Tournaments: rotated lineups, standings per bot type, independence from
the number of processes (the `lifespin tournament` command: tests/cli)."""

from __future__ import annotations

import pytest

from lifespin.sim.tournament import lineup, play_tournament_game, run_tournament, standings


def test_lineup_rotates_every_seat_through_every_bot() -> None:
    seats = ["expert", "heuristic", "random"]
    assert lineup(seats, 0) == seats
    assert lineup(seats, 1) == ["heuristic", "random", "expert"]
    assert lineup(seats, 3) == seats
    for bot in seats:
        assert sorted(lineup(seats, g).index(bot) for g in range(3)) == [0, 1, 2]


def test_games_use_the_rotated_lineups_and_standings_add_up() -> None:
    seen: list[tuple[int, int]] = []
    res = run_tournament("classic", ["heuristic", "random", "random"], games=6, seed=3,
                         jobs=1, progress=lambda done, total: seen.append((done, total)))
    assert seen == [(i, 6) for i in range(1, 7)]
    assert [r.bots for r in res.results] == [tuple(lineup(res.seats, g)) for g in range(6)]
    assert [r.index for r in res.results] == list(range(6))
    assert sum(s.wins for s in res.standings) == pytest.approx(6)
    rnd = res.standing("random")
    assert rnd.seats == 2 and rnd.games == 6
    assert rnd.win_rate == pytest.approx(rnd.wins / 12)
    for s in res.standings:
        assert 0.0 <= s.low <= s.win_rate <= s.high <= 1.0 / s.seats + 1e-12
        assert s.mean_worth > 0
    assert res.fair_share == pytest.approx(1 / 3)
    with pytest.raises(KeyError):
        res.standing("expert")


def test_results_do_not_depend_on_jobs() -> None:
    kwargs = dict(edition="classic", seats=["heuristic", "easy", "random", "random"],
                  games=8, seed=11)
    one = run_tournament(**kwargs, jobs=1)  # type: ignore[arg-type]
    two = run_tournament(**kwargs, jobs=2)  # type: ignore[arg-type]
    assert one == two
    assert one.to_json() == two.to_json()


def test_a_tournament_can_be_played_in_pieces() -> None:
    seats = ["heuristic", "random", "random", "random"]
    whole = run_tournament("classic", seats, games=6, seed=5, jobs=1)
    tail = run_tournament("classic", seats, games=3, seed=5, jobs=1, first=3)
    assert [r.index for r in tail.results] == [3, 4, 5]
    assert tail.results == whole.results[3:]
    assert play_tournament_game("classic", seats, 5, 4) == whole.results[4]
    head = run_tournament("classic", seats, games=3, seed=5, jobs=1)
    assert standings(seats, head.results + tail.results) == whole.standings


def test_the_final_count_decides_the_shares_not_the_richest_worth() -> None:
    # 1960: a Tycoon wins outright and the Poor Farm cannot win, whatever the
    # worths; with random bots both happen within a few dozen games (a Tycoon
    # who is not the richest in several of them).
    import lifespin
    from lifespin.engine.player import POOR_FARM
    from lifespin.sim.driver import play_state

    res = run_tournament("1960", ["random"] * 4, games=40, seed=2, jobs=1)
    tycoon_not_richest = 0
    for r in res.results:
        final = play_state(lifespin.new_game("1960", 4), r.seed, list(r.bots))
        assert r.worths == tuple(final.worth(i) for i in range(4))
        if final.tycoon >= 0:
            assert r.shares[final.tycoon] == 1
            tycoon_not_richest += r.worths[final.tycoon] < max(r.worths)
        for i, p in enumerate(final.players):
            if p.retired == POOR_FARM:
                assert r.shares[i] == 0
    assert tycoon_not_richest >= 2


def test_bad_arguments() -> None:
    with pytest.raises(ValueError, match="unknown bot"):
        run_tournament("classic", ["heuristic", "wizard"], games=1)
    with pytest.raises(ValueError, match="games"):
        run_tournament("classic", ["heuristic", "random"], games=0)
    with pytest.raises(ValueError, match="first"):
        run_tournament("classic", ["heuristic", "random"], games=1, first=-1)
    with pytest.raises(ValueError):
        run_tournament("classic", ["heuristic"] * 9, games=1)
