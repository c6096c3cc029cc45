"""The edition figures of a batch: 1960's Tycoon rate, 2005's games decided by
Spin to Win, and the money ledger, checked against replays of the records."""

from __future__ import annotations

import lifespin
from lifespin.engine.events import Transfer
from lifespin.sim import play_many
from lifespin.sim.stats import aggregate


def _replayed_ledger(record: dict[str, object]) -> tuple[lifespin.State, dict[str, list[int]]]:
    ledger: dict[str, list[int]] = {}
    final = None
    for state in lifespin.record.replay_states(lifespin.Record.from_json(record)):
        n = len(state.names)
        for e in state.events:
            if isinstance(e, Transfer):
                row = ledger.setdefault(e.reason, [0] * n)
                if e.payer >= 0:
                    row[e.payer] -= e.amount
                if e.payee >= 0:
                    row[e.payee] += e.amount
        final = state
    assert final is not None
    return final, ledger


def test_ledger_matches_a_replay_of_each_record() -> None:
    for summary in play_many("2005", 3, games=6, seed=11, jobs=1, keep_records=True):
        assert summary.record is not None
        final, ledger = _replayed_ledger(summary.record)
        assert {k: v for k, v in ledger.items()} == summary.ledger
        # Every dollar a seat holds came through the ledger, loans and its start cash.
        for seat, p in enumerate(final.players):
            moved = sum(row[seat] for row in ledger.values())
            assert p.cash == final.rules.start_cash + moved + _loans_net(summary.record, seat)


def _loans_net(record: dict[str, object], seat: int) -> int:
    net = 0
    for state in lifespin.record.replay_states(lifespin.Record.from_json(record)):
        for e in state.events:
            if type(e).__name__ == "Borrowed" and e.seat == seat:  # type: ignore[union-attr]
                net += e.amount  # type: ignore[union-attr]
            elif type(e).__name__ == "Repaid" and e.seat == seat:  # type: ignore[union-attr]
                net -= e.amount  # type: ignore[union-attr]
    return net


def test_spin_to_win_decided_share_recomputed_from_records() -> None:
    summaries = list(play_many("2005", 4, games=40, seed=5, jobs=1, keep_records=True))
    figures = aggregate(summaries)["edition_figures"]["decided_by_spin_to_win"]
    decided = clear = 0
    for s in summaries:
        assert s.record is not None
        final, ledger = _replayed_ledger(s.record)
        ranked = final.results()
        if ranked[1]["rank"] == 1 or "spin_to_win_bet" not in ledger:
            continue
        clear += 1
        winner = ranked[0]["seat"]
        gain = ledger.get("spin_to_win", [0] * 4)[winner] + ledger.get(
            "spin_to_win_bet", [0] * 4)[winner]
        decided += gain > ranked[0]["worth"] - ranked[1]["worth"]
    assert figures["of"] == clear and figures["games"] == decided
    assert 0 <= figures["ci95"][0] <= figures["rate"] <= figures["ci95"][1] <= 1


def test_tycoon_rate_counts_games_won_by_a_tycoon() -> None:
    summaries = list(play_many("1960", 3, games=40, seed=2, jobs=1))
    figures = aggregate(summaries)["edition_figures"]
    won = sum(any(row["tycoon"] for row in s.results) for s in summaries)
    farm = sum(row["retired"] == "poor_farm" for s in summaries for row in s.results)
    assert figures["tycoon_win_rate"]["games"] == won
    assert figures["poor_farm_per_game"] == farm / 40
    assert "tycoon_win_rate" not in aggregate(play_many("classic", 2, 5, jobs=1))["edition_figures"]
