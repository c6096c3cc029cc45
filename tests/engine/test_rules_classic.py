"""Hand-checked scenarios for the classic edition, at least one per rule.

Every position is reached by play: the test picks each chance outcome (spins,
dealt cards, drawn tiles) and each decision, so the expected cash, loans,
positions and events below are worked out by hand from
src/lifespin/editions/data/classic/edition.toml (reference: the rules notes,
section 4). Space ids are the board's numbers; tile N is the (N+1)th tile of
the edition (tiles 0-6 are $50,000, 7-12 $100,000, 13-17 $150,000, 18-21
$200,000, 22-24 $250,000). `scenario.start` deals tiles 0-3 to the estates.
"""

from __future__ import annotations

import copy
from fractions import Fraction

import pytest
from tests.engine.scenario import (
    at,
    begin_career,
    begin_college,
    cash,
    choose,
    conserved,
    events,
    legs,
    play,
    spin,
    start,
    tiles_conserved,
    tour,
    transfers,
)

from lifespin import CHANCE, TERMINAL, IllegalActionError, new_game
from lifespin.engine import events as ev

BANK = ev.BANK


def labels(actions) -> list[str]:
    return [str(a) for a in actions]


def seat_view(s, seat: int) -> dict:
    return s.view(seat)["players"][seat]


def career_start_picks(*cards: tuple[str, str]) -> dict[str, list[str]]:
    """`tour` picks that start each seat in turn on the career path with these cards."""
    return {
        "start": ["start:career"] * len(cards),
        "deal_career": [c for c, _ in cards],
        "deal_salary": [s for _, s in cards],
    }


# ---------------------------------------------------------------- starting out


def test_college_start_borrows_five_notes_and_enters_at_space_1():
    s = begin_college(start())
    p = s.players[0]
    # The loans pay the tuition: the student keeps only the starting 10,000.
    assert (p.cash, p.loans, p.career, p.salary) == (10_000, 5, -1, -1)
    assert at(s, 0) == "college"
    assert events(s) == [ev.Started(0, "college"), ev.Borrowed(0, 5, 100_000),
                         ev.Transfer(0, BANK, 100_000, "tuition")]
    assert s.current_player == 0 and labels(s.legal_actions())[0] == "spin"
    assert conserved(s)
    s = spin(s, 1)  # the first space of the college road: a $20,000 scholarship
    assert at(s, 0) == "1"
    assert events(s, ev.Moved) == [ev.Moved(0, ("1",))]
    assert transfers(s) == [(BANK, 0, 20_000, "collect")]
    assert s.players[0].cash == 30_000 and conserved(s)


def test_career_start_deals_a_non_degree_career_and_a_salary():
    s = start().play("start:career")
    assert s.current_player == CHANCE
    assert labels(s.chance_outcomes()) == [
        "deal_career:artist", "deal_career:athlete", "deal_career:consultant",
        "deal_career:entertainer", "deal_career:police", "deal_career:salesperson",
        "deal_career:teacher",
    ]  # no accountant or doctor without a degree
    s = s.play("deal_career:police")  # a single card is taken without a question
    assert len(s.chance_outcomes()) == 9 and "deal_salary:s60" in labels(s.chance_outcomes())
    s = s.play("deal_salary:s60")
    v = seat_view(s, 0)
    assert (v["career"], v["salary"], v["cash"], v["loans"]) == ("police", 60_000, 10_000, 0)
    assert s.current_player == 0 and s.phase == "turn"
    # The first spin passes Pay Day 12 and pays the new salary.
    s = spin(s, 3)
    assert events(s, ev.PaydayPassed) == [ev.PaydayPassed(0, "12")]
    assert events(s, ev.Moved) == [ev.Moved(0, ("12", "13", "14"))]
    assert transfers(s) == [(BANK, 0, 60_000, "payday"), (BANK, 0, 10_000, "collect")]
    assert s.players[0].cash == 80_000 and s.players[0].paydays == 1
    assert conserved(s)


def test_college_car_stops_at_career_choice_and_keeps_one_of_three_dealt():
    s = begin_college(start())
    s = spin(s, 4)  # 1..4: lands on "campus job" +5,000
    assert at(s, 0) == "4" and s.players[0].cash == 15_000
    s = begin_career(s, "athlete", "s20")
    s = spin(s, 1)  # lands on Pay Day 12
    assert s.players[1].cash == 30_000
    # A 10 from space 4 would run past 11, but the car stops on the STOP space.
    s = spin(s, 10)
    assert events(s, ev.Moved) == [ev.Moved(0, ("5", "6", "7", "8", "9", "10", "11"))]
    assert at(s, 0) == "11" and s.players[0].degree
    # Three careers are dealt, degree careers included (the athlete is taken).
    outs = labels(s.chance_outcomes())
    assert "deal_career:doctor" in outs and "deal_career:accountant" in outs
    assert "deal_career:athlete" not in outs and len(outs) == 8
    s = play(s, "deal_career:doctor", "deal_career:accountant", "deal_career:artist")
    assert labels(s.legal_actions()) == [
        "choose_career:doctor", "choose_career:accountant", "choose_career:artist"]
    s = s.play("choose_career:doctor")
    assert seat_view(s, 0)["career"] == "doctor"
    # the two careers not kept are back in the deck
    assert len(s.career_deck) == 7  # 9 less the doctor and the athlete
    assert {s.rules.careers[i].id for i in s.career_deck} >= {"accountant", "artist"}
    deal = labels(s.chance_outcomes())  # then 3 of the 8 salaries seat 1 does not hold
    assert "deal_salary:s20" not in deal and len(deal) == 8
    s = play(s, "deal_salary:s90", "deal_salary:s50", "deal_salary:s30")
    assert labels(s.legal_actions()) == [
        "choose_salary:s90", "choose_salary:s50", "choose_salary:s30"]
    s = s.play("choose_salary:s90")
    assert seat_view(s, 0)["salary"] == 90_000
    assert len(s.salary_deck) == 7  # 9 less s90 and s20
    assert {s.rules.salary_ids[i] for i in s.salary_deck} >= {"s50", "s30"}
    # ... and spins again in the same turn.
    assert s.phase == "spin" and s.turn == 0
    s = spin(s, 1)  # 11 leads straight to Pay Day 15: the new salary is paid
    assert at(s, 0) == "15"
    assert transfers(s) == [(BANK, 0, 90_000, "payday")]
    assert s.players[0].cash == 105_000
    assert s.turn == 1 and conserved(s)


# ---------------------------------------------------------------- Pay Days


def test_payday_paid_once_when_landing_on_it():
    s = begin_career(start(), "athlete", "s40")
    s = spin(s, 1)
    assert at(s, 0) == "12"
    assert transfers(s) == [(BANK, 0, 40_000, "payday")]
    assert events(s, ev.PaydayPassed) == [ev.PaydayPassed(0, "12")]
    assert s.players[0].cash == 50_000 and s.players[0].paydays == 1


def test_passing_payday_then_life_space_pays_then_deals_a_tile():
    s = begin_career(start(), "athlete", "s40")
    s = spin(s, 1)  # Pay Day 12: 50,000
    s = begin_career(s, "teacher", "s30")
    s = spin(s, 2)  # passes 12 (+30,000), lands 13 (-5,000)
    assert at(s, 1) == "13" and s.players[1].cash == 35_000
    s = spin(s, 4)  # 13, 14, 15 (Pay Day), 16 (LIFE)
    assert at(s, 0) == "16"
    assert transfers(s) == [(BANK, 0, 40_000, "payday")]
    assert s.players[0].cash == 90_000
    # The tile is a chance node over the 21 tiles left (4 went to the estates).
    assert s.current_player == CHANCE and s.phase == "draw_tile"
    assert labels(s.chance_outcomes()) == [f"draw_tile:{i}" for i in range(4, 25)]
    s = s.play("draw_tile:20")
    assert s.players[0].tiles == (20,)
    assert events(s, ev.TileTaken)[0] == ev.TileTaken(0, "pile")
    assert 20 not in s.tile_pile and len(s.tile_pile) == 20
    assert s.turn == 1 and conserved(s)


# ---------------------------------------------------------------- forks


def _solo_at_44():
    """Solo athlete on $50,000: 21 (tile), 25 (marry, tile), 35 (tile), 36 (no house),
    44 (twins, tile). Paydays 12, 15, 23, 32, 37, 43 passed: 10,000 + 6 x 50,000."""
    s = begin_career(start(["Solo"]), "athlete", "s50")
    s = tour(s, {0: ["21", "25", "35", "36", "44"]})
    p = s.players[0]
    assert (at(s, 0), p.cash, p.children, p.spouse, len(p.tiles)) == ("44", 310_000, 2, True, 4)
    return s


def test_fork_branch_is_chosen_mid_move_and_the_rest_follows_the_lane():
    s = _solo_at_44()
    s = spin(s, 7)  # 45, 46, 47, 48, then 3 steps down the chosen lane
    assert events(s, ev.Moved) == [ev.Moved(0, ("45", "46", "47", "48"))]
    assert s.phase == "branch" and s.current_player == 0
    assert labels(s.legal_actions()) == ["branch:49", "branch:56"]
    lane_b = choose(s, "branch:56")
    assert events(lane_b, ev.Moved) == [ev.Moved(0, ("56", "57", "58"))]
    assert at(lane_b, 0) == "58" and lane_b.phase == "draw_tile"  # a LIFE space
    assert lane_b.players[0].cash == 310_000  # passing 56 costs nothing
    lane_a = choose(s, "branch:49")
    assert events(lane_a, ev.Moved) == [ev.Moved(0, ("49", "50", "51"))]
    assert at(lane_a, 0) == "51" and lane_a.players[0].children == 3
    assert events(lane_a, ev.NewBaby) == [ev.NewBaby(0, 1)]


def test_landing_on_the_fork_space_asks_the_branch_at_the_next_spin():
    s = _solo_at_44()
    s = spin(s, 4)  # lands on 48 (no house: the flood costs nothing)
    assert at(s, 0) == "48" and s.phase == "turn" and s.players[0].cash == 310_000
    s = spin(s, 1)
    assert s.phase == "branch" and events(s, ev.Moved) == []
    s = s.play("branch:56")
    assert at(s, 0) == "56"
    assert transfers(s) == [(0, BANK, 5_000, "pay")]  # nobody is the salesperson


# ---------------------------------------------------------------- STOP spaces


def test_marriage_stop_gives_spouse_and_tile_then_spin_again():
    s = begin_career(start(["Solo"]), "athlete", "s50")
    s = tour(s, {0: ["21"]})
    assert s.players[0].cash == 110_000  # Pay Days 12 and 15
    s = spin(s, 10)  # 22, 23 (Pay Day), 24, 25: STOP
    assert events(s, ev.Moved) == [ev.Moved(0, ("22", "23", "24", "25"))]
    assert ev.Married(0) in events(s)
    p = s.players[0]
    assert p.spouse and p.people == 2 and p.cash == 160_000
    assert s.phase == "draw_tile"
    s = s.play("draw_tile:10")
    assert s.phase == "spin" and s.turn == 0  # another spin, same turn
    s = spin(s, 1)  # the wedding party
    assert transfers(s) == [(0, BANK, 10_000, "pay")]
    assert s.players[0].cash == 150_000 and s.players[0].tiles[-1] == 10


def _solo_at_35_on_s20():
    """Solo athlete on $20,000 at 35: Pay Days 12, 15, 23, 32 = 10,000 + 80,000."""
    s = begin_career(start(["Solo"]), "athlete", "s20")
    s = tour(s, {0: ["21", "25", "35"]})
    assert s.players[0].cash == 90_000
    return s


def test_buy_house_stop_borrows_automatically_then_spins_again():
    s = _solo_at_35_on_s20()
    s = spin(s, 10)  # stops at 36 after one step
    # One deed is drawn at random from the face-down pile (any of the nine).
    assert at(s, 0) == "36" and s.phase == "house_deal"
    assert labels(s.chance_outcomes()) == [
        "deal_house:beach_house", "deal_house:cozy_condo", "deal_house:dutch_colonial",
        "deal_house:farmhouse", "deal_house:log_cabin", "deal_house:mobile_home",
        "deal_house:split_level", "deal_house:tudor", "deal_house:victorian"]
    s = s.play("deal_house:victorian")
    assert s.phase == "buy_house"
    assert labels(s.legal_actions()) == ["buy_house:victorian", "skip"]
    bought = s.play("buy_house:victorian")
    # 200,000 with 90,000 in hand: 6 notes of 20,000 (120,000) cover the 110,000 short.
    assert events(bought) == [
        ev.Borrowed(0, 6, 120_000),
        ev.Transfer(0, BANK, 200_000, "buy_house"),
        ev.HouseBought(0, "victorian", 200_000),
    ]
    p = bought.players[0]
    assert (p.cash, p.loans, seat_view(bought, 0)["house"]) == (10_000, 6, "victorian")
    assert "victorian" not in bought.view(None)["piles"]["houses"]
    assert bought.phase == "spin" and bought.turn == 0 and conserved(bought)
    skipped = s.play("skip")
    assert skipped.players[0].house == -1 and skipped.players[0].cash == 90_000
    assert skipped.phase == "spin" and skipped.turn == 0
    assert "victorian" in skipped.view(None)["piles"]["houses"]  # back in the pile


# ---------------------------------------------------------------- occupied spaces


def _two_on_pay_day_12(options=None):
    s = begin_career(start(options=options), "athlete", "s20")
    s = spin(s, 1)  # seat 0 on Pay Day 12: 30,000
    return begin_career(s, "teacher", "s30")


def test_landing_on_an_occupied_space_moves_on_and_passing_that_payday_pays():
    s = spin(_two_on_pay_day_12(), 1)  # 12 is taken: on to 13
    assert at(s, 1) == "13"
    assert events(s, ev.Moved) == [ev.Moved(1, ("12", "13"))]
    assert events(s, ev.PaydayPassed) == [ev.PaydayPassed(1, "12")]
    assert transfers(s) == [(BANK, 1, 30_000, "payday"), (1, BANK, 5_000, "pay")]
    assert cash(s) == [30_000, 35_000] and conserved(s)


def test_occupied_space_chain_moves_on_to_the_next_empty_space():
    s = spin(_two_on_pay_day_12(), 2)  # seat 1 on 13 (35,000)
    s = spin(s, 1)  # seat 0: 13 is taken, so 14 (+10,000)
    assert at(s, 0) == "14" and s.players[0].cash == 40_000
    s = spin(s, 1)  # seat 1: 14 is taken, so Pay Day 15: landing there pays once
    assert events(s, ev.Moved) == [ev.Moved(1, ("14", "15"))]
    assert transfers(s) == [(BANK, 1, 30_000, "payday")]
    assert at(s, 1) == "15" and s.players[1].cash == 65_000


def test_pushed_onto_a_fork_the_mover_still_chooses_the_lane():
    s = start()
    s = tour(s, {0: ["21", "25", "35", "36", "46", "48"], 1: ["20", "25", "34", "36", "45"]},
             career_start_picks(("police", "s20"), ("athlete", "s90")))
    s = spin(s, 3)  # seat 1: 46, 47, 48 where seat 0 is: one more step, past the fork
    assert events(s, ev.Moved) == [ev.Moved(1, ("46", "47", "48"))]
    assert s.phase == "branch" and s.current_player == 1
    s = s.play("branch:56")
    assert at(s, 1) == "56" and transfers(s) == [(1, BANK, 5_000, "pay")]


def test_without_the_occupied_space_rule_cars_share():
    s = spin(_two_on_pay_day_12({"occupied_space_rule": False}), 1)
    assert at(s, 0) == at(s, 1) == "12"
    assert transfers(s) == [(BANK, 1, 30_000, "payday")]
    assert cash(s) == [30_000, 40_000]


def test_stop_spaces_are_shared():
    # A car never rests on a STOP space while another moves (each STOP but Retire
    # gives another spin at once, and retired cars are off the track), so this
    # position is contrived: seat 0's car is put on the marriage STOP 25 by hand.
    s = begin_career(start(), "athlete", "s20")
    s = tour(s, {0: ["21", "22"], 1: ["20"]}, career_start_picks(("teacher", "s30")))
    assert s.turn == 1 and at(s, 1) == "20"
    p0 = s.players[0].clone()
    p0.space = s.rules.space_index["25"]
    contrived = copy.copy(s)
    contrived.players = (p0, s.players[1])
    shared = spin(contrived, 5)  # 21 .. 25: the STOP where seat 0's car is
    assert at(shared, 0) == at(shared, 1) == "25"
    assert events(shared, ev.Moved) == [ev.Moved(1, ("21", "22", "23", "24", "25"))]
    assert ev.Married(1) in events(shared)
    # whereas 22, where seat 0's car really is, is not shared: on to 23
    assert at(spin(s, 2), 1) == "23"


# ---------------------------------------------------------------- loans and money


def test_a_payment_that_would_overdraw_borrows_whole_notes():
    # No starting cash: seat 1 spins a 10 and owes the police officer 10,000.
    s = begin_career(start(options={"start_cash": 0}), "police", "s30")
    s = spin(s, 3)  # passes 12 (+30,000), lands 14 (+10,000)
    assert s.players[0].cash == 40_000
    s = begin_career(s, "athlete", "s20")
    assert s.players[1].cash == 0
    s = spin(s, 10)
    got = events(s)
    assert got[:3] == [
        ev.Spun(1, 10, "move"),
        ev.Borrowed(1, 1, 20_000),
        ev.Transfer(1, 0, 10_000, "spin_fine"),
    ]
    # then Pay Days 12 and 15 (+40,000) on the way to 21 (LIFE)
    assert at(s, 1) == "21"
    assert cash(s) == [50_000, 50_000] and s.players[1].loans == 1
    assert seat_view(s, 1)["debt"] == 25_000
    assert conserved(s)


def test_repay_loan_before_a_spin_costs_25000():
    # The house rule that hands the college loans over as cash gives a seat
    # notes and the cash to repay them before its first spin.
    s = begin_college(start(options={"college_loan_cash": True}))
    bank = s.bank
    assert "repay_loan" in labels(s.legal_actions())
    s = s.play("repay_loan")
    assert events(s) == [ev.Repaid(0, 1, 25_000)]
    assert (s.players[0].cash, s.players[0].loans) == (85_000, 4)
    assert s.bank == bank + 25_000 and conserved(s)
    assert s.phase == "turn" and s.current_player == 0  # still before the spin
    # Nothing to repay on the career path; and never more than the cash allows.
    s = begin_career(spin(s, 1), "athlete", "s20")
    assert "repay_loan" not in labels(s.legal_actions())
    poor = begin_college(start(options={"start_cash": 0, "college_loan_cash": True}))
    for _ in range(4):
        poor = poor.play("repay_loan")
    assert (poor.players[0].cash, poor.players[0].loans) == (0, 1)
    assert "repay_loan" not in labels(poor.legal_actions())
    with pytest.raises(IllegalActionError):
        poor.play("repay_loan")


# ---------------------------------------------------------------- career payees


def _to_28(career0: str, career1: str):
    """Seat 1 lands on 28 ("buy a faster computer", 10,000 to the salesperson)."""
    s = start()
    s = tour(s, {0: ["12", "13"], 1: ["21", "25"]},
             career_start_picks((career0, "s20"), (career1, "s30")))
    # seat 1: 10,000 + Pay Days 12, 15, 23 (3 x 30,000); seat 0: 30,000 - 5,000
    assert s.phase == "spin" and s.turn == 1 and at(s, 1) == "25"
    assert cash(s) == [25_000, 100_000]
    return spin(s, 3)


def test_career_space_pays_the_holder():
    s = _to_28("salesperson", "athlete")
    assert at(s, 1) == "28"
    assert transfers(s) == [(1, 0, 10_000, "pay")]
    assert cash(s) == [35_000, 90_000] and conserved(s)


def test_career_space_pays_the_bank_when_nobody_holds_the_career():
    s = _to_28("teacher", "athlete")
    assert transfers(s) == [(1, BANK, 10_000, "pay")]
    assert cash(s) == [25_000, 90_000] and conserved(s)


def test_career_space_costs_its_holder_nothing():
    s = _to_28("teacher", "salesperson")
    assert at(s, 1) == "28" and transfers(s) == []
    assert cash(s) == [25_000, 100_000]


def _to_33(pick: str):
    """Seat 0 goes to college and picks `pick` at 11; seat 1 (career, s30) lands on 33."""
    s = begin_college(start())
    s = spin(s, 4)  # 15,000 (the loans paid the tuition)
    s = begin_career(s, "athlete", "s30")
    s = play(spin(s, 10), "draw_tile:4")  # 21 (LIFE): 10,000 + 2 x 30,000
    s = play(spin(s, 10), "deal_career:accountant", "deal_career:doctor",
             "deal_career:artist", f"choose_career:{pick}", "deal_salary:s40",
             "deal_salary:s50", "deal_salary:s60", "choose_salary:s40")
    s = spin(s, 1)  # Pay Day 15: 55,000
    s = play(spin(s, 4), "draw_tile:5")  # 25 via Pay Day 23: 100,000
    assert cash(s) == [55_000, 100_000]
    return spin(s, 8)  # 26 .. 33, passing Pay Day 32: 130,000


def test_taxes_due_are_paid_to_the_accountant():
    s = _to_33("accountant")
    assert at(s, 1) == "33"
    assert transfers(s) == [(BANK, 1, 30_000, "payday"), (1, 0, 10_000, "taxes")]
    assert cash(s) == [65_000, 120_000] and conserved(s)


def test_taxes_due_are_paid_to_the_bank_without_an_accountant():
    s = _to_33("doctor")
    assert transfers(s) == [(BANK, 1, 30_000, "payday"), (1, BANK, 10_000, "taxes")]
    assert cash(s) == [55_000, 120_000] and conserved(s)


# ---------------------------------------------------------------- career abilities


def _first_spins(career0: str, options=None):
    s = begin_career(start(options=options), career0, "s20")
    s = spin(s, 2)  # passes 12 (+20,000), lands 13 (-5,000): 25,000
    return begin_career(s, "athlete", "s30")


def test_police_officer_collects_10000_when_another_player_spins_10():
    s = spin(_first_spins("police"), 10)
    assert transfers(s)[0] == (1, 0, 10_000, "spin_fine")
    # seat 1 paid 10,000 out of 10,000 (no loan) then passed Pay Days 12 and 15
    assert cash(s) == [35_000, 60_000] and s.players[1].loans == 0
    assert conserved(s)


def test_police_fine_house_rule_5000():
    s = spin(_first_spins("police", {"police_fine": "5000"}), 10)
    assert transfers(s)[0] == (1, 0, 5_000, "spin_fine")
    assert cash(s) == [30_000, 65_000]


def test_police_officer_spinning_10_pays_nobody():
    s = begin_career(start(), "police", "s20")
    s = spin(s, 10)
    assert [t for t in transfers(s) if t[3] == "spin_fine"] == []
    assert s.players[0].cash == 50_000  # Pay Days 12 and 15


def test_artist_collects_10000_on_a_spin_of_1():
    s = spin(_first_spins("artist"), 1)  # seat 1 lands on Pay Day 12
    assert transfers(s) == [(1, 0, 10_000, "spin_fine"), (BANK, 1, 30_000, "payday")]
    assert cash(s) == [35_000, 30_000] and conserved(s)


def test_stock_pays_its_holder_whenever_anyone_spins_its_number():
    # College loans handed over as cash (a house rule) pay for the stock.
    s = begin_college(start(options={"college_loan_cash": True}))
    s = s.play("buy_stock:stock3")
    assert events(s) == [ev.Transfer(0, BANK, 50_000, "buy_stock"),
                         ev.StockGained(0, "stock3", True)]
    assert s.players[0].cash == 60_000 and seat_view(s, 0)["stocks"] == [3]
    assert not any(str(a).startswith("buy_stock") for a in s.legal_actions())  # one only
    s = spin(s, 3)  # own spin of 3 pays too; lands on 3 (LIFE)
    assert transfers(s) == [(BANK, 0, 10_000, "stock")]
    s = s.play("draw_tile:4")
    s = begin_career(s, "athlete", "s20")
    s = spin(s, 3)  # another player's 3: 12, 13, 14
    assert transfers(s)[0] == (BANK, 0, 10_000, "stock")
    assert s.players[0].cash == 80_000
    s = spin(s, 4)  # no payout on other numbers
    assert [t for t in transfers(s) if t[3] == "stock"] == []


def test_salesperson_collects_commission_on_others_purchases():
    # College loans handed over as cash (a house rule) pay for seat 1's stock.
    s = begin_career(start(options={"college_loan_cash": True}), "salesperson", "s20")
    s = spin(s, 1)  # 30,000
    s = begin_college(s)  # 110,000
    s = s.play("buy_stock:stock5")
    assert transfers(s) == [(1, BANK, 50_000, "buy_stock"), (BANK, 0, 5_000, "commission")]
    s = s.play("buy_insurance:auto")
    assert transfers(s) == [(1, BANK, 5_000, "auto_insurance"),
                            (BANK, 0, 5_000, "commission")]
    assert events(s, ev.InsuranceBought) == [ev.InsuranceBought(1, "auto", 5_000)]
    assert cash(s) == [40_000, 55_000]
    s = spin(s, 4)  # seat 1 to space 4 (+5,000)
    s = s.play("buy_insurance:auto")  # the salesperson's own purchase: no commission
    assert transfers(s) == [(0, BANK, 5_000, "auto_insurance")]
    assert cash(s) == [35_000, 60_000] and conserved(s)


# ---------------------------------------------------------------- insurance


def test_auto_insurance_waives_the_car_spaces():
    s = begin_college(start())
    insured = spin(s.play("buy_insurance:auto"), 9)  # "friends dent your car"
    assert at(insured, 0) == "9" and transfers(insured) == []
    assert insured.players[0].cash == 5_000  # 10,000 less the insurance
    bare = spin(s, 9)
    assert transfers(bare) == [(0, BANK, 5_000, "pay")]
    assert bare.players[0].cash == 5_000


def test_homeowners_insurance_waives_house_disasters_and_no_house_pays_nothing():
    s = begin_career(start(["Solo"]), "athlete", "s50")
    s = tour(s, {0: ["21", "25", "35", "36", "44"]},
             {"deal_house": ["log_cabin"], "buy_house": ["buy_house:log_cabin"]})
    assert s.players[0].cash == 230_000  # 310,000 less the 80,000 log cabin
    assert "buy_insurance:home" in labels(s.legal_actions())
    flooded = spin(s, 4)  # 45, 46, 47, 48: the flood
    assert at(flooded, 0) == "48"
    assert transfers(flooded) == [(0, BANK, 40_000, "pay")]
    assert flooded.players[0].cash == 190_000
    insured = s.play("buy_insurance:home")
    assert events(insured, ev.InsuranceBought) == [ev.InsuranceBought(0, "home", 20_000)]
    insured = spin(insured, 4)
    assert transfers(insured) == [] and insured.players[0].cash == 210_000
    no_house = spin(_solo_at_44(), 4)
    assert transfers(no_house) == [] and no_house.players[0].cash == 310_000


# ---------------------------------------------------------------- babies


def _solo_at_41():
    """Solo athlete, married at 25, a boy at 39 and a girl at 41: 4 people, 5 tiles."""
    s = begin_career(start(["Solo"]), "athlete", "s50")
    s = tour(s, {0: ["21", "25", "35", "36", "39", "41"]})
    p = s.players[0]
    assert (p.children, p.people, len(p.tiles)) == (2, 4, 5)
    return s


def test_babies_and_twins_add_pegs_and_a_tile_up_to_six_people():
    s = spin(_solo_at_41(), 3)  # twins at 44
    assert events(s, ev.NewBaby) == [ev.NewBaby(0, 2)]
    assert s.players[0].children == 4 and s.players[0].people == 6
    assert s.phase == "draw_tile"
    s = spin(s.play("draw_tile:20"), 2)  # a girl at 46, but the car is full
    assert events(s, ev.NewBaby) == [ev.NewBaby(0, 0)]
    assert s.players[0].children == 4 and seat_view(s, 0)["children"] == 4
    assert s.phase == "draw_tile"  # the tile still comes with the space
    s = s.play("draw_tile:21")
    assert len(s.players[0].tiles) == 7


def test_twins_with_one_seat_left_add_one_peg():
    s = spin(_solo_at_41(), 5)  # a girl at 46: 3 children
    assert s.players[0].children == 3
    s = tour(s.play("draw_tile:20"), {0: ["62", "72", "81", "84"]})  # twins at 84
    assert s.players[0].children == 4 and s.players[0].people == 6
    assert len(s.players[0].tiles) == 8  # + 46, 72 and 84 (62 and 81 give none)


# ---------------------------------------------------------------- an empty LIFE pile


def _pile_emptied(where: str):
    """Three players, cars may share spaces. Seat 2 takes every LIFE space it can and
    retires to `where`; seats 0 and 1 keep off LIFE spaces (but the STOP 25) until it
    has, then draw what is left; seat 0 is to spin from 130 with the pile empty."""
    s = start(["Ana", "Bo", "Cy"], options={"occupied_space_rule": False})
    r = s.rules
    fast = ["21", "25", "35", "36", "46", "55", "69", "72", "81", "87", "101", "102",
            "112", "121", "130", "140", "147"]
    slow = ["15", "20", "25", "31", "36", "42", "48", "54", "66", "71", "77", "81", "86",
            "96", "100", "106", "112"]
    assert fast == legs(r, "career", "147", prefer={"life_tile", "baby", "marry"})
    # 21 tiles in the pile: 13 for seat 2 on its way, 1 each at 25 for seats 0 and 1,
    # 1 more for seat 2 at the countryside: 5 (estates: 6) for 121, 128 and 130.
    last1 = ["121", "128", "131"] if where == "countryside" else ["121", "128", "130"]
    picks = {**career_start_picks(("athlete", "s20"), ("teacher", "s30"),
                                  ("salesperson", "s40")),
             "retire_where": [f"retire:{where}"]}
    s = tour(s, {0: [*slow, "121", "128", "130"], 1: slow + last1, 2: fast}, picks)
    assert s.players[2].retired and not s.tile_pile
    assert [len(p.tiles) for p in s.players] == [4, 4 if where == "estates" else 3,
                                                 13 if where == "estates" else 14]
    assert s.turn == 0 and at(s, 0) == "130"
    return s


def test_empty_pile_takes_a_tile_from_the_chosen_player():
    s = _pile_emptied("estates")
    s = spin(s, 3)  # 131, 132 (Pay Day), 133: LIFE
    # Two players have tiles (the retiree at the estates counts): the taker chooses.
    assert s.phase == "steal_from" and s.current_player == 0
    assert labels(s.legal_actions()) == ["take_from:1", "take_from:2"]
    s = s.play("take_from:2")
    assert s.current_player == CHANCE
    victim_tiles = s.players[2].tiles
    assert labels(s.chance_outcomes()) == [f"take_tile:{t}" for t in victim_tiles]
    tile = victim_tiles[5]
    s = s.play(f"take_tile:{tile}")
    assert events(s, ev.TileTaken) == [ev.TileTaken(0, "seat 2")]
    assert tile in s.players[0].tiles and tile not in s.players[2].tiles
    assert [len(p.tiles) for p in s.players] == [5, 4, 12]
    assert not s.tile_pile and tiles_conserved(s)


def test_empty_pile_never_takes_from_the_countryside():
    s = _pile_emptied("countryside")
    s = spin(s, 3)
    # Only seat 1 can give a tile: no question, straight to the draw from its tiles.
    assert s.current_player == CHANCE and s.phase == "steal_tile"
    assert labels(s.chance_outcomes()) == [f"take_tile:{t}" for t in s.players[1].tiles]
    s = s.play(str(s.chance_outcomes()[0]))
    assert events(s, ev.TileTaken) == [ev.TileTaken(0, "seat 1")]
    assert [len(p.tiles) for p in s.players] == [5, 2, 14]
    assert tiles_conserved(s)


# ---------------------------------------------------------------- action spaces


def test_miss_a_turn():
    s = begin_career(start(), "athlete", "s20")
    s = spin(s, 6)  # 12 .. 17 "take a wrong turn"
    assert at(s, 0) == "17" and s.players[0].skip_next
    assert seat_view(s, 0)["misses_next_turn"]
    s = begin_career(s, "teacher", "s30")
    s = spin(s, 1)  # seat 1 on 12; seat 0 sits out, so seat 1 goes again
    assert events(s)[-2:] == [ev.TurnSkipped(0), ev.TurnStarted(1)]
    assert s.turn == 1 and not s.players[0].skip_next
    s = spin(s, 1)
    assert s.turn == 0 and events(s)[-1] == ev.TurnStarted(0)


def _two_at_64_and_65():
    """Seat 0 (police, $20,000) on 64, seat 1 (athlete, $90,000) on 65; seat 0 to move."""
    s = start()
    s = tour(s, {0: ["21", "25", "35", "36", "46", "54", "64"],
                 1: ["20", "25", "34", "36", "45", "55", "65"]},
             career_start_picks(("police", "s20"), ("athlete", "s90")))
    assert s.turn == 0 and (at(s, 0), at(s, 1)) == ("64", "65")
    return s


def test_spin_again_when_not_in_the_lead():
    s = tour(_two_at_64_and_65(), {0: ["66"], 1: ["75"]})
    s = spin(s, 8)  # 67 .. 74 while seat 1 is on 75, ahead
    assert at(s, 0) == "74"
    assert s.phase == "spin" and s.turn == 0  # another spin
    s = spin(s, 1)  # 75 is taken: on to 76 (taxes)
    assert at(s, 0) == "76" and s.turn == 1


def test_no_spin_again_for_the_leader():
    s = tour(_two_at_64_and_65(), {0: ["66"], 1: ["67"]})
    s = spin(s, 8)  # 74 with seat 1 behind on 67
    assert at(s, 0) == "74"
    assert s.phase == "turn" and s.turn == 1


def test_trade_salary_swaps_cards_with_the_chosen_player():
    s = start()
    s = tour(s, {0: ["21", "25", "35", "36", "46"], 1: ["20", "25", "34", "36", "45"]},
             career_start_picks(("police", "s20"), ("athlete", "s90")))
    s = spin(s, 4)  # 47, 48, then the fork
    s = s.play("branch:49")  # 49, 50: "offer to swap salaries"
    assert at(s, 0) == "50" and s.phase == "trade_salary"
    assert labels(s.legal_actions()) == ["trade_salary:1", "skip"]
    traded = s.play("trade_salary:1")
    assert events(traded, ev.SalaryTraded) == [ev.SalaryTraded(0, 1)]
    assert seat_view(traded, 0)["salary"] == 90_000 and seat_view(traded, 1)["salary"] == 20_000
    assert cash(traded) == cash(s)  # cards change hands, not money
    kept = s.play("skip")
    assert seat_view(kept, 0)["salary"] == 20_000


def _to_night_school(teacher: str = "teacher"):
    """Seat 1 (athlete, $30,000) lands on 31 with 100,000; seat 0 is `teacher`.
    Night school as the computer port plays it (pay first): the house rule."""
    s = begin_career(start(options={"night_school": "port"}), teacher, "s20")
    s = spin(s, 1)  # 12
    s = begin_career(s, "athlete", "s30")
    s = play(spin(s, 10), "draw_tile:4")  # 21: Pay Days 12 and 15
    s = spin(s, 1)  # seat 0 to 13
    s = play(spin(s, 4), "draw_tile:5")  # 25 via Pay Day 23
    s = spin(s, 6)  # 26 .. 31
    assert at(s, 1) == "31" and s.phase == "night_school"
    assert labels(s.legal_actions()) == ["night_school", "skip"]
    assert s.players[1].cash == 100_000
    return s


def test_night_school_pays_the_teacher_and_offers_two_careers_or_the_old_one():
    s = _to_night_school()
    teacher_cash = s.players[0].cash
    s = s.play("night_school")
    assert transfers(s) == [(1, 0, 20_000, "night_school")]
    assert s.players[1].degree and s.players[1].cash == 80_000
    assert s.players[0].cash == teacher_cash + 20_000
    outs = labels(s.chance_outcomes())  # degree careers may be dealt now
    assert "deal_career:doctor" in outs and "deal_career:accountant" in outs
    assert "deal_career:athlete" not in outs and "deal_career:teacher" not in outs
    s = play(s, "deal_career:doctor", "deal_career:accountant")
    assert labels(s.legal_actions()) == [
        "choose_career:doctor", "choose_career:accountant", "keep_career"]
    new = s.play("choose_career:doctor")
    # A new career brings a new salary, dealt at random (the old card goes back first).
    assert "deal_salary:s30" in labels(new.chance_outcomes())
    new = new.play("deal_salary:s70")
    v = seat_view(new, 1)
    assert (v["career"], v["salary"]) == ("doctor", 70_000)
    back = {new.rules.careers[i].id for i in new.career_deck}
    assert {"athlete", "accountant"} <= back and "doctor" not in back
    kept = s.play("keep_career")
    assert seat_view(kept, 1)["career"] == "athlete" and kept.players[1].degree
    assert {"doctor", "accountant"} <= {kept.rules.careers[i].id for i in kept.career_deck}
    assert kept.turn == 0 and conserved(kept)


def test_night_school_pays_the_bank_without_a_teacher_and_is_optional():
    s = _to_night_school("consultant")
    paid = s.play("night_school")
    assert transfers(paid) == [(1, BANK, 20_000, "night_school")]
    skipped = s.play("skip")
    assert transfers(skipped) == [] and not skipped.players[1].degree
    assert skipped.players[1].cash == 100_000 and skipped.turn == 0


def test_lose_your_job_deals_a_new_career_and_salary():
    s = begin_career(start(["Solo"]), "athlete", "s50")
    s = tour(s, {0: ["21", "25", "35", "36"]})
    s = spin(s, 2)  # 37 (Pay Day), 38: laid off
    assert at(s, 0) == "38" and s.phase == "deal"
    assert s.players[0].career == -1 and s.players[0].salary == -1
    # Both cards went back: the athlete can be dealt again; no degree careers.
    assert labels(s.chance_outcomes()) == [
        "deal_career:artist", "deal_career:athlete", "deal_career:consultant",
        "deal_career:entertainer", "deal_career:police", "deal_career:salesperson",
        "deal_career:teacher"]
    s = s.play("deal_career:police")
    assert len(s.chance_outcomes()) == 9  # s50 is back in the deck
    s = s.play("deal_salary:s90")
    v = seat_view(s, 0)
    assert (v["career"], v["salary"]) == ("police", 90_000)
    assert s.phase == "turn"


def test_stock_soars_gives_a_free_stock_and_stock_crash_takes_one_back():
    s = begin_career(start(["Solo"]), "athlete", "s50")
    s = tour(s, {0: ["21"]})
    s = s.play("buy_stock:stock7")  # 110,000 - 50,000
    assert s.players[0].cash == 60_000
    s = tour(s, {0: ["25", "35", "36", "46"]})
    s = spin(s, 4)  # 47, 48, then the fork
    s = s.play("branch:56")  # 56, 57
    assert at(s, 0) == "57" and s.phase == "free_stock"
    assert labels(s.legal_actions()) == [
        f"free_stock:stock{n}" for n in (1, 2, 3, 4, 5, 6, 8, 9)]
    s = s.play("free_stock:stock2")
    assert events(s, ev.StockGained) == [ev.StockGained(0, "stock2", False)]
    assert seat_view(s, 0)["stocks"] == [7, 2]
    s = tour(s, {0: ["62", "71", "79"]})
    s = spin(s, 1)  # 80: the market slumps
    assert s.phase == "return_stock"
    assert labels(s.legal_actions()) == ["return_stock:stock7", "return_stock:stock2"]
    s = s.play("return_stock:stock7")
    assert events(s, ev.StockLost) == [ev.StockLost(0, "stock7")]
    assert seat_view(s, 0)["stocks"] == [2] and 7 in s.view(None)["piles"]["stocks"]
    s = tour(s, {0: ["81", "91", "100", "108"]})
    s = spin(s, 1)  # 109: the last stock goes without a question
    assert events(s, ev.StockLost) == [ev.StockLost(0, "stock2")]
    assert seat_view(s, 0)["stocks"] == []


def test_entertainer_two_8s_in_a_row_takes_the_100000_card_from_its_holder():
    s = begin_career(start(), "entertainer", "s20")
    s = spin(s, 8)  # 12 .. 19: Pay Days 12 and 15, the doctor's 5,000 to the bank
    assert s.players[0].cash == 45_000
    s = begin_career(s, "athlete", "s100")
    s = spin(s, 2)
    s = spin(s, 8)  # a second 8 in a row: the cards swap before the car moves
    assert events(s)[:2] == [ev.Spun(0, 8, "move"), ev.SalaryTraded(0, 1)]
    assert seat_view(s, 0)["salary"] == 100_000 and seat_view(s, 1)["salary"] == 20_000
    # 20 .. 25 (STOP): Pay Day 23 already pays the new salary
    assert (BANK, 0, 100_000, "payday") in transfers(s)
    assert at(s, 0) == "25"


def test_entertainer_takes_the_card_from_the_deck_and_needs_the_same_number_twice():
    s = begin_career(start(["Solo"]), "entertainer", "s20")
    s = spin(s, 9)  # 12 .. 20
    assert s.players[0].salary == s.rules.salary_ids.index("s20")
    s = spin(s, 10)  # 9 then 10: nothing; 21 .. 25
    assert seat_view(s, 0)["salary"] == 20_000
    s = spin(s.play(str(s.chance_outcomes()[0])), 10)  # 10 again, 26 .. 35
    assert events(s, ev.SalaryTaken) == [ev.SalaryTaken(0, "s100", 100_000)]
    assert seat_view(s, 0)["salary"] == 100_000
    assert s.rules.salary_ids.index("s20") in s.salary_deck


def test_athlete_trades_four_tiles_for_the_100000_salary_card():
    s = _solo_at_44()
    assert "trade_tiles" in labels(s.legal_actions())
    pile = len(s.tile_pile)
    s = s.play("trade_tiles")
    assert events(s) == [ev.TilesHandedIn(0, 4), ev.SalaryTaken(0, "s100", 100_000)]
    assert s.players[0].tiles == () and len(s.tile_pile) == pile + 4
    assert tiles_conserved(s)
    assert seat_view(s, 0)["salary"] == 100_000
    assert "trade_tiles" not in labels(s.legal_actions())


def test_teacher_second_career_once_everyone_has_a_job():
    s = begin_career(start(), "teacher", "s20")
    assert "second_career" not in labels(s.legal_actions())  # seat 1 has no job yet
    s = spin(s, 1)
    s = spin(begin_career(s, "athlete", "s30"), 2)
    assert "second_career" in labels(s.legal_actions())
    s = s.play("second_career")
    assert s.current_player == CHANCE
    outs = labels(s.chance_outcomes())
    assert len(outs) == 7 and "deal_career:doctor" in outs
    s = s.play("deal_career:police")
    assert ev.CareerTaken(0, "police", True) in events(s)
    v = seat_view(s, 0)
    assert (v["career"], v["second_career"], v["salary"]) == ("teacher", "police", 20_000)
    assert "second_career" not in labels(s.legal_actions())
    s = spin(s, 1)  # 13 is taken by seat 1: on to 14
    s = spin(s, 10)  # seat 1 spins a 10: the second career's fine
    assert transfers(s)[0] == (1, 0, 10_000, "spin_fine")


def _teacher_with_police_second_career():
    s = begin_career(start(), "teacher", "s20")
    s = spin(s, 1)
    s = spin(begin_career(s, "athlete", "s30"), 2)
    return play(s, "second_career", "deal_career:police")


def test_losing_the_job_gives_back_the_second_career_too():
    s = _teacher_with_police_second_career()
    s = tour(s, {0: ["21", "25", "35", "36"], 1: ["20", "25", "34"]})
    assert s.phase == "spin" and s.turn == 0  # the STOP's spin again, from 36
    s = spin(s, 2)  # 37, 38: laid off
    v = seat_view(s, 0)
    assert (v["career"], v["second_career"], v["salary"]) == (None, None, None)
    back = {s.rules.careers[i].id for i in s.career_deck}
    assert {"teacher", "police"} <= back


def test_leaving_the_teacher_job_at_night_school_gives_back_the_second_career():
    s = _teacher_with_police_second_career()
    s = tour(s, {0: ["21", "25", "31"], 1: ["20", "25", "30"]},
             {"deal_career": ["doctor", "accountant"], "deal_salary": ["s90", "s50"],
              "night_school": ["night_school:doctor.s90"]})
    v = seat_view(s, 0)
    assert v["career"] == "doctor"
    # The second career came with the teacher card: it goes back with it.
    assert v["second_career"] is None
    assert "police" in {s.rules.careers[i].id for i in s.career_deck}
    s = spin(spin(s, 3), 10)  # seat 1 spins a 10: no fine for a former teacher
    assert [t for t in transfers(s) if t[3] == "spin_fine"] == []


def test_sell_house_at_81_by_a_spin_then_buy_another():
    s = begin_career(start(["Solo"]), "athlete", "s50")
    s = tour(s, {0: ["21", "25", "35", "36", "46", "62", "72"]},
             {"deal_house": ["cozy_condo"], "buy_house": ["buy_house:cozy_condo"]})
    assert s.players[0].cash == 360_000  # 10,000 + 9 Pay Days - 100,000
    s = spin(s, 9)  # 73 .. 81, Pay Day 79
    assert at(s, 0) == "81" and s.players[0].cash == 410_000
    assert labels(s.legal_actions()) == ["sell_house", "skip"]
    sold = s.play("sell_house")
    assert sold.current_player == CHANCE and sold.phase == "spin"
    sold = sold.play("spun:9")  # the condo's table: 9 -> 125,000
    assert events(sold, ev.HouseSold) == [ev.HouseSold(0, "cozy_condo", 125_000)]
    assert sold.players[0].cash == 535_000 and sold.players[0].house == -1
    # The condo is back in the pile, and may be the deed drawn next.
    assert "deal_house:cozy_condo" in labels(sold.chance_outcomes())
    sold = sold.play("deal_house:tudor")
    assert labels(sold.legal_actions()) == ["buy_house:tudor", "skip"]
    sold = sold.play("buy_house:tudor")
    assert sold.players[0].cash == 355_000 and seat_view(sold, 0)["house"] == "tudor"
    assert sold.phase == "spin" and sold.turn == 0  # the STOP's spin again
    kept = s.play("skip")
    assert seat_view(kept, 0)["house"] == "cozy_condo" and kept.phase == "spin"


def test_buy_house_at_81_without_a_house():
    s = begin_career(start(["Solo"]), "athlete", "s50")
    s = tour(s, {0: ["21", "25", "35", "36", "46", "62", "72"]})
    s = spin(s, 9)
    assert s.phase == "house_deal"  # a deed is drawn for the one without a house
    s = s.play(str(s.chance_outcomes()[0]))
    assert s.phase == "buy_house" and "skip" in labels(s.legal_actions())


# ---------------------------------------------------------------- retirement


def _solo_college_at_140():
    """Solo college doctor on $50,000 with auto insurance, a Tudor and 7 loans, on 140:
    the 5 college loans pay the tuition; 10,000 - 5,000 insurance + 3 Pay Days leave
    155,000 for the 180,000 Tudor at 36, so 2 more notes are borrowed (15,000 left);
    then 14 Pay Days + 75,000 (91) - 50,000 burglary (105) - 35,000 (115)
    - 65,000 (135): 15,000 + 700,000 - 75,000 = 640,000."""
    s = begin_college(start(["Solo"])).play("buy_insurance:auto")
    plan = ["10", "11", "24", "25", "35", "36", "46", "62", "72", "81", "91", "105", "115",
            "125", "135", "140"]
    assert plan == legs(s.rules, "college", "140")
    s = tour(s, {0: plan}, {"deal_career": ["doctor"], "deal_salary": ["s50"],
                            "deal_house": ["tudor"], "buy_house": ["buy_house:tudor"]})
    p = s.players[0]
    assert (p.cash, p.loans, p.auto, p.paydays, len(p.tiles)) == (640_000, 7, True, 17, 6)
    assert seat_view(s, 0)["career"] == "doctor" and seat_view(s, 0)["house"] == "tudor"
    return s


def test_retirement_repays_loans_sells_the_house_and_returns_the_cards():
    s = spin(_solo_college_at_140(), 7)  # 141 .. 147, Pay Day 143: 690,000
    assert at(s, 0) == "147"
    assert events(s, ev.Repaid) == [ev.Repaid(0, 7, 175_000)]
    p = s.players[0]
    assert (p.cash, p.loans, p.auto, p.career, p.salary) == (515_000, 0, False, -1, -1)
    assert len(s.career_deck) == 9 and len(s.salary_deck) == 9
    assert s.phase == "spin" and s.current_player == CHANCE  # the house-sale spin
    s = s.play("spun:10")  # the Tudor's table: 10 -> 250,000
    assert events(s, ev.HouseSold) == [ev.HouseSold(0, "tudor", 250_000)]
    assert s.players[0].cash == 765_000 and s.players[0].house == -1
    assert labels(s.legal_actions()) == ["retire:estates", "retire:countryside"]
    country = s.play("retire:countryside")
    assert events(country, ev.Retired) == [ev.Retired(0, "countryside")]
    # one extra tile from the pile
    assert country.phase == "bonus_tiles"
    assert labels(country.chance_outcomes()) == [f"draw_tile:{t}" for t in s.tile_pile]
    country = country.play("draw_tile:24")
    assert country.is_terminal and country.current_player == TERMINAL
    assert 24 in country.players[0].tiles and len(country.players[0].tiles) == 7
    [row] = country.results()
    assert row["breakdown"] == {
        "cash": 690_000, "house_sale": 250_000, "loans": -175_000,
        "life_tiles": sum(s.rules.tile_values[t] for t in country.players[0].tiles),
        "estates_bonus": 0,
    }
    assert row["worth"] == sum(row["breakdown"].values()) == country.worth(0)
    assert row["rank"] == 1 and row["retired"] == "countryside"
    assert country.estates == (0, 1, 2, 3)  # nobody at the estates
    assert conserved(country)


def test_countryside_tile_house_rule_off_gives_no_tile():
    s = begin_career(start(["Solo"], options={"countryside_tile": False}), "athlete", "s50")
    s = tour(s, {0: legs(s.rules, "career", "147")}, {"retire_where": ["retire:countryside"]})
    assert s.is_terminal and s.players[0].retired
    assert len(s.players[0].tiles) == 5  # 21, 25, 35, 46 and 72; no extra tile


def test_solo_at_the_estates_takes_the_four_estates_tiles():
    s = spin(_solo_college_at_140(), 7).play("spun:10").play("retire:estates")
    assert s.phase == "estates_deal"
    for _ in range(4):
        assert labels(s.chance_outcomes()) == [f"take_tile:{t}" for t in s.estates]
        s = s.play(str(s.chance_outcomes()[-1]))
        assert events(s, ev.TileTaken) == [ev.TileTaken(0, "estates")]
    assert s.is_terminal and s.estates == ()
    [row] = s.results()
    assert row["breakdown"]["estates_bonus"] == 200_000
    assert row["worth"] == sum(row["breakdown"].values())


# Three players whose cars may share spaces land on the same spaces, except that the
# $30,000 and $40,000 earners pay for what their salary gave them over the $20,000
# earner across 19 Pay Days (190,000 and 380,000):
#   seat 1: 103 (-90,000, bank) and 123 (-100,000, nobody is the doctor);
#   seat 2: the same, 129 (-125,000, no artist) and 135 (-65,000, no athlete).
# So all three retire with 10,000 + 19 x 20,000 = 390,000. Nobody lands on a tax,
# baby, trade, pension or career space of theirs (teacher, salesperson, consultant).
_COMMON = ["21", "25", "35", "36", "43", "52", "68", "75", "81", "89"]
_EQUAL = {
    0: [*_COMMON, "102", "111", "121", "131", "140", "147"],
    1: [*_COMMON, "103", "111", "121", "123", "133", "143", "147"],
    2: [*_COMMON, "103", "111", "121", "123", "129", "135", "143", "147"],
}
# Tiles by seat, so that seats 0 and 1 hold the same value (550,000).
_TILES = {0: [4, 5, 6, 7, 8, 18], 1: [9, 10, 11, 12, 13], 2: [14, 15, 16, 17, 19]}


def _three_retire(plans, where=("estates", "estates", "estates")):
    tiles = {k: list(v) for k, v in _TILES.items()}

    def draw(st):  # the drawing seat's next tile (then the lowest left)
        left = tiles[st.turn]
        return f"draw_tile:{left.pop(0) if left else min(st.tile_pile)}"

    s = start(["Ana", "Bo", "Cy"], options={"occupied_space_rule": False})
    picks = {
        **career_start_picks(("teacher", "s20"), ("salesperson", "s30"),
                             ("consultant", "s40")),
        "draw_tile": draw,
    }
    # retire_where is asked in the order the cars arrive: fewest landings first
    order = sorted(plans, key=lambda k: (len(plans[k]), k))
    picks["retire_where"] = [f"retire:{where[k]}" for k in order]
    s = tour(s, plans, picks, until=lambda st: st.phase == "estates_deal")
    assert all(p.retired for p in s.players)
    assert [p.paydays for p in s.players] == [19, 19, 19]
    return s


def test_three_way_tie_at_the_estates_takes_no_tiles():
    s = _three_retire(_EQUAL)
    assert s.is_terminal
    assert cash(s) == [390_000, 390_000, 390_000]
    assert s.estates == (0, 1, 2, 3)
    rows = s.results()
    assert [(r["seat"], r["worth"], r["rank"], r["winner"]) for r in rows] == [
        (2, 990_000, 1, True), (0, 940_000, 2, False), (1, 940_000, 2, False)]
    for r in rows:
        assert r["breakdown"]["estates_bonus"] == 0
        assert r["worth"] == sum(r["breakdown"].values())
    assert ev.GameOver((2,)) in events(s)
    assert conserved(s)


def test_money_and_tiles_are_conserved_at_every_step():
    end = _three_retire(_EQUAL)
    s = new_game("classic", players=["Ana", "Bo", "Cy"],
                 options={"occupied_space_rule": False})
    for action in end.history:
        s = s.play(action)
        assert conserved(s), f"money not conserved after {action} ({s.describe()})"
        assert tiles_conserved(s), f"tiles not conserved after {action}"
    assert s.is_terminal and cash(s) == cash(end)


def test_two_tied_at_the_estates_take_two_tiles_each():
    # seat 2 also throws the awards party (144: -35,000, nobody is the entertainer)
    plans = {**_EQUAL, 2: [*_COMMON, "103", "111", "121", "123", "129", "135", "144",
                           "147"]}
    s = _three_retire(plans)
    assert cash(s) == [390_000, 390_000, 355_000]
    assert s.phase == "estates_deal"
    for seat in (0, 1, 0, 1):  # dealt in turn
        s = s.play(str(s.chance_outcomes()[0]))
        assert events(s, ev.TileTaken) == [ev.TileTaken(seat, "estates")]
    assert s.is_terminal and s.estates == ()
    assert [len(p.bonus_tiles) for p in s.players] == [2, 2, 0]
    rows = s.results()
    assert [(r["seat"], r["worth"], r["rank"], r["winner"]) for r in rows] == [
        (0, 1_040_000, 1, True), (1, 1_040_000, 1, True), (2, 955_000, 3, False)]
    assert all(r["worth"] == sum(r["breakdown"].values()) for r in rows)
    assert rows[0]["breakdown"]["estates_bonus"] == 100_000
    assert ev.GameOver((0, 1)) in events(s)


def test_richest_at_the_estates_takes_all_four_and_the_countryside_does_not_count():
    # seat 2 skips the racehorse (135 -> 133): 455,000, the richest
    plans = {**_EQUAL, 2: [*_COMMON, "103", "111", "121", "123", "129", "133", "143",
                           "147"]}
    s = _three_retire(plans)
    assert cash(s) == [390_000, 390_000, 455_000]
    for _ in range(4):
        s = s.play(str(s.chance_outcomes()[0]))
        assert events(s, ev.TileTaken) == [ev.TileTaken(2, "estates")]
    assert s.is_terminal and len(s.players[2].bonus_tiles) == 4
    # The same with the richest off to the countryside: the two tied at the estates
    # share the tiles.
    s = _three_retire(plans, where=("estates", "estates", "countryside"))
    assert s.phase == "estates_deal"
    assert s.players[2].retired and seat_view(s, 2)["retired"] == "countryside"
    got = []
    while not s.is_terminal:
        s = s.play(str(s.chance_outcomes()[0]))
        got.append(events(s, ev.TileTaken)[0].seat)
    assert got == [0, 1, 0, 1]


def test_retired_stock_holder_still_collects():
    s = begin_career(start(), "athlete", "s50")
    s = tour(s, {0: ["21"], 1: ["15"]}, career_start_picks(("teacher", "s20")))
    s = s.play("buy_stock:stock4")  # 110,000 - 50,000
    fast = legs(s.rules, "21", "147")
    slow = legs(s.rules, "15", "100", reach=6)
    s = tour(s, {0: fast, 1: slow})
    assert seat_view(s, 0)["retired"] == "estates" and seat_view(s, 0)["stocks"] == [4]
    assert s.turn == 1 and s.players[0].cash > 0
    before = s.players[0].cash
    s = spin(s, 4)
    assert transfers(s)[0] == (BANK, 0, 10_000, "stock")
    assert s.players[0].cash == before + 10_000


# ---------------------------------------------------------------- house rules


def _solo_at_140(options=None):
    s = begin_career(start(["Solo"], options=options), "athlete", "s50")
    s = tour(s, {0: ["21", "25", "35", "36", "46", "62", "72", "81", "91", "105", "115",
                     "125", "135", "140"]})
    # 10,000 + 18 Pay Days + 75,000 (91); the athlete pays nothing on 115 and 135
    assert s.players[0].cash == 985_000
    return s


def test_pension_is_a_flat_20000_by_default():
    s = spin(_solo_at_140(), 6)  # 141 .. 146, Pay Day 143
    assert at(s, 0) == "146"
    assert transfers(s) == [(BANK, 0, 50_000, "payday"), (BANK, 0, 20_000, "collect")]
    assert s.players[0].cash == 1_055_000


def test_pension_per_spin_pays_20000_times_a_spin():
    s = spin(_solo_at_140({"pension": "per_spin"}), 6)
    assert at(s, 0) == "146" and s.players[0].cash == 1_035_000
    assert s.phase == "spin" and s.current_player == CHANCE
    s = s.play("spun:7")
    assert events(s, ev.Spun)[0] == ev.Spun(0, 7, "collect")
    assert transfers(s) == [(BANK, 0, 140_000, "collect_spin")]
    assert s.players[0].cash == 1_175_000
    assert at(s, 0) == "146" and s.phase == "turn"  # the pension spin does not move


@pytest.mark.parametrize(("values", "cost"), [("corrected", 15_000), ("csharp_port", 1_500)])
def test_space_values_house_rule_sets_the_fallen_tree(values, cost):
    s = begin_career(start(["Solo"], options={"space_values": values}), "athlete", "s50")
    s = tour(s, {0: ["21", "25", "35", "36", "46", "53"]},
             {"deal_house": ["log_cabin"], "buy_house": ["buy_house:log_cabin"]})
    s = spin(s, 1)  # 54: a tree on the roof
    assert transfers(s) == [(0, BANK, cost, "pay")]


@pytest.mark.parametrize(("values", "cost"), [("corrected", 100_000), ("csharp_port", 50_000)])
def test_space_values_house_rule_sets_university_fees(values, cost):
    s = begin_career(start(["Solo"], options={"space_values": values}), "athlete", "s50")
    s = tour(s, {0: ["21", "25", "35", "36", "44", "54", "70", "80", "81", "91", "105",
                     "115", "123"]})
    assert s.players[0].children == 2  # the twins at 44
    s = spin(s, 1)  # 124: 50,000 per child, or a flat 50,000
    assert transfers(s) == [(0, BANK, cost, "pay")]


def test_wheel_misspins_pay_the_consultant_and_spin_again():
    s = begin_career(start(options={"wheel_misspins": True}), "consultant", "s20")
    s = s.play("spin")
    outs = labels(s.chance_outcomes())
    assert len(outs) == 31 and outs.count("spun:0") == 1
    assert all(outs.count(f"spun:{n}") == 3 for n in range(1, 11))
    assert dict((str(a), p) for a, p in s.chance_probabilities())["spun:0"] == Fraction(1, 31)
    s = s.play("spun:0")  # the consultant's own misspin pays nothing by default
    assert transfers(s) == [] and s.phase == "spin" and s.turn == 0
    s = s.play("spun:1")  # 12
    s = begin_career(s, "athlete", "s30")
    s = spin(s, 0)
    # 50,000 with 10,000 in hand: two notes
    assert events(s)[1:3] == [ev.Borrowed(1, 2, 40_000), ev.Transfer(1, 0, 50_000, "misspin")]
    assert s.phase == "spin" and s.turn == 1 and at(s, 1) == "career"
    s = s.play("spun:3")
    assert at(s, 1) == "14"
    assert cash(s) == [80_000, 40_000] and s.players[1].loans == 2 and conserved(s)


def test_consultant_own_spin_house_rule_pays_from_the_bank():
    s = begin_career(start(options={"wheel_misspins": True, "consultant_own_spin": True}),
                     "consultant", "s20")
    s = spin(s, 0)
    assert transfers(s) == [(BANK, 0, 50_000, "misspin")]
    assert s.phase == "spin" and s.turn == 0
