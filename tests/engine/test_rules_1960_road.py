"""1960, hand-checked: the forced Detour, the washed-out bridge, the miss-a-turn
spaces and the life policy payouts.

Amounts and links come from src/lifespin/editions/data/1960/edition.toml
(inflated printing, the default): the business career pays 12,000 a Pay Day
and 6,000 in taxes; life insurance is sold on M12 for 10,000. The rule
choices quoted are those of its [metadata.choices].
"""

from __future__ import annotations

from functools import cache

from tests.engine.scenario import at, conserved, events, spin, transfers
from tests.engine.scenario_more import drive, new

from lifespin import State
from lifespin.engine import events as ev

BANK = ev.BANK

# Waypoints of a business-lane car, each within one spin, as in
# test_rules_1960_end.py (they skip the Revenge, Lucky Day, jump and
# miss-a-turn spaces).
ROUTE = ["M5", "M15", "M17", "M25", "M32", "M35", "M45", "M55", "M65", "M75", "M85",
         "M94", "M104", "M112"]
BUSINESS = {"branch": lambda s: "branch:M3" if s.players[s.current_player].space == 2
            else str(s.legal_actions()[0])}


def _life_only(s: State) -> str:
    """Buy the life policy (M12) and no other."""
    acts = [str(a) for a in s.legal_actions()]
    return "buy_policy:life" if "buy_policy:life" in acts else "skip"


@cache
def _solo(to: str, life: bool) -> State:
    """A solo business car driven along ROUTE to `to`; with `life`, it bought the
    life policy when passing M12. States are immutable, so sharing them is safe."""
    s = new("1960", ["Solo"]).play("start:M0")
    answers = {**BUSINESS, "offer": _life_only} if life else BUSINESS
    s = drive(s, ROUTE[:ROUTE.index(to) + 1], answers)
    assert at(s, 0) == to and s.phase == "turn"
    assert s.players[0].policies == (("life",) if life else ())
    return s


def _moves(s: State) -> list[tuple[str, ...]]:
    return [e.path for e in events(s, ev.Moved)]


# ---------------------------------------------------------------- the forced Detour


def test_ending_on_the_detour_sends_the_car_to_the_polar_expedition():
    s = _solo("M65", life=False)
    c, loans = s.players[0].cash, s.players[0].loans
    # M65 + 6: M66..M70, then the fork of M70 (next = M71 or P1) with one step left.
    s = spin(s, 6)
    assert s.phase == "branch" and at(s, 0) == "M70"
    assert [str(a) for a in s.legal_actions()] == ["branch:M71", "branch:P1"]
    assert transfers(s) == []  # M66 (stock only) and M67 (Revenge) act on landing only
    s = s.play("branch:M71")
    # M71 "Road closed" (jump to P1, land = true; choice "Forced detour"): the car
    # ends on the Detour, is put on P1 and does P1: outfit an expedition, 100,000.
    assert _moves(s) == [("M71",), ("P1",)]
    assert at(s, 0) == "P1"
    assert transfers(s) == [(0, BANK, 100_000, "pay")]
    assert s.players[0].cash == c - 100_000 and s.players[0].loans == loans
    assert s.phase == "turn" and conserved(s)
    # The car goes on along the polar road: P1 + 1 is P2, a Pay Day (12,000).
    s = spin(s, 1)
    assert at(s, 0) == "P2" and transfers(s) == [(BANK, 0, 12_000, "payday")]
    assert s.players[0].cash == c - 100_000 + 12_000


def test_passing_the_detour_keeps_to_the_main_road():
    s = _solo("M65", life=False)
    c = s.players[0].cash
    # M65 + 9 through the M71 branch: M71 passed (no on_pass: nothing), M72 Pay Day
    # passed (12,000), M73 (stock holders only), lands on M74 "Trade is brisk" (24,000).
    s = spin(s, 9).play("branch:M71")
    assert _moves(s) == [("M71", "M72", "M73", "M74")]
    assert at(s, 0) == "M74"
    assert transfers(s) == [(BANK, 0, 12_000, "payday"), (BANK, 0, 24_000, "collect")]
    assert s.players[0].cash == c + 12_000 + 24_000
    # No polar expedition on the way: P1's 100,000 was not charged.
    assert all(t[3] != "pay" for t in transfers(s)) and conserved(s)


def test_detour_then_the_polar_life_payout_only_for_a_holder():
    # P3 "A life policy pays out": 60,000, requires = "life".
    for life, payout in ((True, [(BANK, 0, 60_000, "collect")]), (False, [])):
        s = spin(_solo("M65", life), 6).play("branch:M71")
        assert at(s, 0) == "P1"
        c = s.players[0].cash
        s = spin(s, 2)  # P2 Pay Day passed (12,000), lands on P3
        assert at(s, 0) == "P3"
        assert transfers(s) == [(BANK, 0, 12_000, "payday"), *payout]
        assert s.players[0].cash == c + 12_000 + sum(t[2] for t in payout)


# ---------------------------------------------------------------- bridge out


def test_washed_out_bridge_sends_the_car_back_to_the_yacht_for_free():
    s = _solo("M104", life=False)
    c, loans = s.players[0].cash, s.players[0].loans
    # M104 + 3: M105, M106 passed (both act on landing only), lands on M107
    # "The bridge is washed out" (jump to M92, land = false; choice "Bridge out").
    s = spin(s, 3)
    assert _moves(s) == [("M105", "M106", "M107"), ("M92",)]
    assert at(s, 0) == "M92"
    # Not the yacht's 80,000 again, and nothing on the way back: no Pay Days
    # (M97, M104), no taxes (M93, on_pass), no homeless shelter (M100, on_pass).
    assert transfers(s) == []
    assert s.players[0].cash == c and s.players[0].loans == loans
    assert s.phase == "turn" and conserved(s)
    # From the yacht the car drives forward again: M93 taxes passed (6,000, on_pass),
    # M94-M96 passed, lands on the M97 Pay Day (12,000).
    s = spin(s, 5)
    assert at(s, 0) == "M97"
    assert transfers(s) == [(0, BANK, 6_000, "taxes"), (BANK, 0, 12_000, "payday")]
    assert s.players[0].cash == c - 6_000 + 12_000


def test_passing_the_washed_out_bridge_does_nothing():
    s = _solo("M104", life=False)
    c = s.players[0].cash
    # M104 + 4: M107 only passed, lands on M108 "Sell your luxury car" (40,000).
    s = spin(s, 4)
    assert _moves(s) == [("M105", "M106", "M107", "M108")]
    assert at(s, 0) == "M108"
    assert transfers(s) == [(BANK, 0, 40_000, "collect")]
    assert s.players[0].cash == c + 40_000


# ---------------------------------------------------------------- miss a turn


def test_hit_the_books_skips_the_students_next_turn_once():
    s = new("1960", ["Ana", "Bo"]).play("start:M0")
    # Ana: M0 + 6 by the college lane: M1, M2 (passed), C1 (passed), C2 scholarship
    # passed (+3,000, on_pass), C3 tuition passed (-5,000, on_pass), lands on C4
    # "Hit the books" (miss_turn).
    s = spin(s, 6).play("branch:C1")
    assert at(s, 0) == "C4"
    assert transfers(s) == [(BANK, 0, 3_000, "collect"), (0, BANK, 5_000, "pay")]
    assert s.players[0].cash == 10_000 + 3_000 - 5_000
    assert s.turn == 1 and events(s, ev.TurnSkipped) == []
    # Bo: M0 + 5 by the business lane: M4 passed (business career), M5 (+12,000).
    s = spin(s.play("start:M0"), 5).play("branch:M3")
    assert at(s, 1) == "M5" and transfers(s) == [(BANK, 1, 12_000, "collect")]
    # Ana's turn is passed over: Bo spins again.
    assert events(s, ev.TurnSkipped) == [ev.TurnSkipped(0)]
    assert s.turn == 1 and s.players[0].missed == 1
    s = spin(s, 2)  # Bo: M6 passed, M7 Pay Day (12,000)
    assert at(s, 1) == "M7" and transfers(s) == [(BANK, 1, 12_000, "payday")]
    assert s.players[1].cash == 10_000 + 12_000 + 12_000
    # Only once: now it is Ana's turn, and she moves from C4 (C5: +2,000).
    assert s.turn == 0 and events(s, ev.TurnSkipped) == []
    s = spin(s, 1)
    assert at(s, 0) == "C5" and transfers(s) == [(BANK, 0, 2_000, "collect")]
    assert s.players[0].cash == 10_000 + 3_000 - 5_000 + 2_000
    assert s.turn == 1 and s.players[0].missed == 1 and conserved(s)


def test_jury_service_on_the_main_road_skips_one_turn():
    s = new("1960", ["Ana", "Bo"])
    # Ana: M5, M11, then the M17 wedding (STOP; gift spin 1: Bo gives 2,000), and
    # she is left at her spin again. Bo spins 2 twice: M2, then M4.
    s = drive(s, {0: ["M5", "M11", "M17"], 1: [2, 2]},
              {"start": ["start:M0", "start:M0"], "branch": ["branch:M3"]})
    assert (at(s, 0), at(s, 1)) == ("M17", "M4") and s.turn == 0 and s.phase == "spin"
    ana, bo = s.players[0].cash, s.players[1].cash
    s = spin(s, 2)  # M18 passed (pays on landing only), lands on M19 jury service
    assert at(s, 0) == "M19" and transfers(s) == [] and s.turn == 1
    s = spin(s, 2)  # Bo: M5 passed, M6 rent (1,000)
    assert at(s, 1) == "M6" and transfers(s) == [(1, BANK, 1_000, "pay")]
    assert events(s, ev.TurnSkipped) == [ev.TurnSkipped(0)] and s.turn == 1
    s = spin(s, 1)  # Bo again: M7 Pay Day (12,000)
    assert at(s, 1) == "M7" and transfers(s) == [(BANK, 1, 12_000, "payday")]
    assert events(s, ev.TurnSkipped) == [] and s.turn == 0
    s = spin(s, 1)  # Ana: M20 furnish your home (6,000)
    assert at(s, 0) == "M20" and transfers(s) == [(0, BANK, 6_000, "pay")]
    assert s.players[0].cash == ana - 6_000
    assert s.players[1].cash == bo - 1_000 + 12_000
    assert s.turn == 1 and s.players[0].missed == 1 and s.players[1].missed == 0


# ---------------------------------------------------------------- life insurance


def test_life_policy_pays_a_holder_who_lands_not_one_who_passes():
    # M122 "A life policy pays out": 240,000, requires = "life", no on_pass.
    # M112 + 10: M114 property tax passed (50,000, on_pass), M118 Pay Day passed.
    for life, payout in ((True, [(BANK, 0, 240_000, "collect")]), (False, [])):
        s = _solo("M112", life)
        c = s.players[0].cash
        landed = spin(s, 10)
        assert at(landed, 0) == "M122"
        assert transfers(landed) == [(0, BANK, 50_000, "pay"), (BANK, 0, 12_000, "payday"),
                                     *payout]
        assert landed.players[0].cash == c - 50_000 + 12_000 + sum(t[2] for t in payout)
    # The holder passing M122 (M120 + 3: M121, M122, lands on M123, stock only) gets nothing.
    s = spin(_solo("M112", True), 8)
    assert at(s, 0) == "M120" and transfers(s)[-1] == (BANK, 0, 3_000, "collect")
    c = s.players[0].cash
    s = spin(s, 3)
    assert at(s, 0) == "M123" and transfers(s) == [] and s.players[0].cash == c


def _at_reckoning(life: bool) -> State:
    s = spin(_solo("M112", life), 10)  # M122
    s = spin(s, 8)  # M123..M130, the Day of Reckoning (STOP)
    assert at(s, 0) == "M130" and s.phase == "tycoon"
    s = s.play("acres")
    assert s.players[0].loans == 0  # the note was repaid at the Day of Reckoning
    return s


def test_maturing_life_policy_pays_a_holder_passing_it():
    # M132 "Your life policy matures": 240,000, requires = "life", on_pass = true
    # (choice "Spaces that fire when passed": the maturing life insurance).
    for life, payout in ((True, [(BANK, 0, 240_000, "collect")]), (False, [])):
        s = _at_reckoning(life)
        c = s.players[0].cash
        # M130 + 3: M131 (stock only) passed, M132 passed, lands on M133 (-20,000).
        passed = spin(s, 3)
        assert at(passed, 0) == "M133"
        assert transfers(passed) == [*payout, (0, BANK, 20_000, "pay")]
        assert passed.players[0].cash == c + sum(t[2] for t in payout) - 20_000
        # Landing on M132 (M130 + 2) pays the holder the same.
        landed = spin(s, 2)
        assert at(landed, 0) == "M132" and transfers(landed) == payout
        # M130 + 4 to Millionaire Acres (STOP): M132 on the way, then the arrival
        # bonus: 240,000 for the first car plus 8,000 for a life policy holder
        # (choice "Millionaire Acres bonuses").
        home = spin(s, 4)
        assert at(home, 0) == "M134"
        bonus = 240_000 + (8_000 if life else 0)
        assert transfers(home) == [*payout, (BANK, 0, bonus, "arrival_bonus")]
        assert home.players[0].cash == c + sum(t[2] for t in payout) + bonus
        assert conserved(home)
