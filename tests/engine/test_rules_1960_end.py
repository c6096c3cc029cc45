"""1960, hand-checked: the toll bridge, the Day of Reckoning with the Tycoon
gamble and the Poor Farm, Millionaire Acres with its bonus and lucky number.

Amounts come from src/lifespin/editions/data/1960/edition.toml (inflated
printing): toll 24,000 (M111), 48,000 per child at the Day of Reckoning (M130),
240,000 for the first car at Millionaire Acres (M134), 24,000 lucky-number fine.
"""

from __future__ import annotations

import tomllib

from tests.engine.scenario_more import drive, new

import lifespin
from lifespin.editions import DATA_DIR
from lifespin.engine.events import Borrowed, BridgeOwned, Moved, Repaid, Retired, Transfer
from lifespin.record import Record, replay_states
from lifespin.sim.driver import play_state

# What each note costs to repay: the edition's `loan_payback` ($25,000; a note
# lends $20,000).
EDITION = tomllib.loads((DATA_DIR / "1960" / "edition.toml").read_text(encoding="utf-8"))
PAYBACK = 25_000

# Waypoints along the business lane and the main line, each within one spin,
# avoiding the spaces that ask (Revenge, Lucky Day), jump (M71, M107) or make
# a car miss a turn (M19, M27, M110). M32 is a son: one child in the car.
ROUTE = ["M5", "M15", "M17", "M25", "M32", "M35", "M45", "M55", "M65", "M75", "M85",
         "M94", "M104", "M112", "M122", "M130"]
OTHER = ["M6", "M16", "M17", "M26", "M33", "M36", "M46", "M56", "M66", "M74", "M84",
         "M93", "M101", "M108", "M113"]
BUSINESS = {"branch": lambda s: "branch:M3" if s.players[s.current_player].space == 2
            else str(s.legal_actions()[0])}


def all_events(state: lifespin.State) -> list[object]:
    record = Record.from_state(state, 0)
    return [e for st in replay_states(record) for e in st.events]


def test_toll_bridge_first_across_owns_it_and_later_crossers_pay() -> None:
    s = new("1960", ["Ana", "Bo"]).play("start:M0")
    s = drive(s, {0: [*ROUTE[:14], "M118"], 1: OTHER}, BUSINESS)
    assert s.players[0].space == s.rules.space_index["M118"]
    assert s.players[1].space == s.rules.space_index["M113"]
    events = all_events(s)
    owned = [e for e in events if isinstance(e, BridgeOwned)]
    assert owned == [BridgeOwned(0, "M111")]  # Ana crossed first
    tolls = [e for e in events if isinstance(e, Transfer) and e.reason == "toll"]
    assert tolls == [Transfer(1, 0, 24_000, "toll")]  # Bo pays Ana on passing
    assert s.view(None)["toll_owners"] == {"M111": 0}


def _at_reckoning() -> lifespin.State:
    s = new("1960", ["Solo"]).play("start:M0")
    s = drive(s, ROUTE[:-1], BUSINESS)  # to M122; the last spin by hand
    s = s.play("spin").play("spun:8")
    assert s.players[0].space == s.rules.space_index["M130"]
    assert s.phase == "tycoon"
    return s


def test_day_of_reckoning_pays_per_child_and_repays_notes() -> None:
    assert EDITION["rules"]["loan_payback"] == PAYBACK
    assert EDITION["rules"]["loan_amount"] == 20_000
    s = new("1960", ["Solo"]).play("start:M0")
    s = drive(s, ROUTE[:-1], BUSINESS)  # to M122, one note owed
    before = s.players[0]
    assert (before.loans, before.cash) == (1, 50_000)
    s = _at_reckoning()
    p = s.players[0]
    assert p.children == 1
    gifts = [e for e in s.events if isinstance(e, Transfer) and e.reason == "child_gift"]
    assert gifts == [Transfer(-1, 0, 48_000, "child_gift")]  # the bank pays per child
    # The note is repaid at 25,000 (not the 20,000 it lent), after the Pay Day
    # passed on the way (M127) and the child's gift.
    assert [e for e in s.events if isinstance(e, Repaid)] == [Repaid(0, 1, PAYBACK)]
    assert p.loans == 0
    assert p.cash == 50_000 + 12_000 + 48_000 - PAYBACK
    assert [str(a) for a in s.legal_actions()] == ["acres"] + [f"tycoon:{n}" for n in
                                                               range(1, 11)]


def test_day_of_reckoning_repays_notes_as_far_as_cash_goes() -> None:
    """In random games, every car that stops on the Day of Reckoning owing
    notes repays min(notes, cash // 25,000) of them, 25,000 each: all, some
    or none (each case happens in these games)."""
    seen = {"all": 0, "some": 0, "none": 0}
    last: list[lifespin.State] = []  # the state before the step being checked

    def check(s: lifespin.State) -> None:
        prev = last[0]
        last[:] = [s]
        for e in s.events:
            if not (isinstance(e, Moved) and e.path and e.path[-1] == "M130"):
                continue
            seat, owed = e.seat, prev.players[e.seat].loans
            cash = prev.players[seat].cash  # then the money moved before the repayment
            repaid = []
            for x in s.events:
                if isinstance(x, Transfer):
                    cash += (x.amount if x.payee == seat else 0) - (
                        x.amount if x.payer == seat else 0)
                elif isinstance(x, Borrowed) and x.seat == seat:
                    cash += x.amount
                    owed += x.notes
                elif isinstance(x, Repaid) and x.seat == seat:
                    repaid.append(x)
                    break
            notes = min(owed, max(0, cash) // PAYBACK)
            assert repaid == ([Repaid(seat, notes, notes * PAYBACK)] if notes else [])
            assert s.players[seat].loans == owed - notes
            if owed:
                seen["all" if notes == owed else "some" if notes else "none"] += 1

    for seed in range(300):
        start = lifespin.new_game("1960", 4)
        last[:] = [start]
        play_state(start, seed, ["random"] * 4, on_step=check)
    assert all(seen.values()), seen


def test_tycoon_match_wins_the_game_at_once() -> None:
    s = _at_reckoning().play("tycoon:5").play("spun:5")
    assert s.is_terminal
    (row,) = s.results()
    assert row["tycoon"] and row["rank"] == 1 and row["winner"]
    assert any(isinstance(e, Retired) and e.where == "tycoon" for e in s.events)


def test_tycoon_miss_goes_to_the_poor_farm_and_nobody_wins() -> None:
    s = _at_reckoning().play("tycoon:5").play("spun:6")
    assert s.is_terminal
    (row,) = s.results()
    assert row["retired"] == "poor_farm" and not row["winner"]


def test_millionaire_acres_first_arrival_bonus_and_lucky_number() -> None:
    s = _at_reckoning().play("acres")
    before = s.players[0].cash
    s = s.play("spun:4")  # M131..M134: Millionaire Acres, the end
    assert s.rules.spaces[s.players[0].space].id == "M134"
    assert s.phase == "lucky"
    bonus = [e for e in s.events if isinstance(e, Transfer) and e.reason == "arrival_bonus"]
    assert bonus == [Transfer(-1, 0, 240_000, "arrival_bonus")]  # no stock, no life policy
    assert s.players[0].cash - before == 240_000 + _passed_on_the_way(s)
    s = s.play("lucky:7")
    assert s.is_terminal
    assert s.results()[0]["retired"] == "acres"


def _passed_on_the_way(s: lifespin.State) -> int:
    """Money from the spaces passed between M130 and M134 (M131 to M133)."""
    return sum(e.amount if e.payee == 0 else -e.amount for e in s.events
               if isinstance(e, Transfer) and e.reason != "arrival_bonus")


def test_lucky_number_fine_paid_by_another_spinner() -> None:
    s = new("1960", ["Ana", "Bo"]).play("start:M0")
    s = drive(s, {0: ROUTE[:-1], 1: OTHER}, BUSINESS)  # Ana at M122, Bo at M113
    assert s.current_player == 0 and s.phase == "turn"
    s = s.play("spin").play("spun:8").play("acres").play("spun:4").play("lucky:7")
    assert s.lucky == (0, 7, 24_000)
    assert s.current_player == 1
    cash0 = s.players[0].cash
    s = s.play("spin").play("spun:7")
    fines = [e for e in s.events if isinstance(e, Transfer) and e.reason == "lucky_number"]
    assert fines == [Transfer(1, 0, 24_000, "lucky_number")]
    assert s.players[0].cash - cash0 == 24_000
