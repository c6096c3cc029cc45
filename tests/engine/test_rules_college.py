"""Hand-checked scenarios for the college loans (classic and 2005).

The college start takes five $20,000 notes and the money pays the tuition
(life-rules.md section 9b): the student keeps only the $10,000 every player
starts with, owes $100,000 and repays $125,000 at retirement. The house rule
`college_loan_cash` hands the $100,000 over as cash instead (the engine's
earlier reading).
"""

from __future__ import annotations

from typing import Any

import pytest
from tests.engine.scenario import (
    at,
    begin_career,
    begin_college,
    conserved,
    events,
    legs,
    play,
    spin,
    start,
    tour,
    transfers,
)
from tests.engine.scenario_more import new
from tests.engine.test_conformance import Tracker, check_results, playout

from lifespin import new_game
from lifespin.bots import heuristic as H
from lifespin.engine import events as ev
from lifespin.rng import derive_seed

BANK = ev.BANK


@pytest.mark.parametrize("edition", ["classic", "2005"])
def test_college_loans_pay_the_tuition(edition: str) -> None:
    # Two players start with 10,000 each: the bank stands at -20,000. The five
    # notes take 100,000 from the bank and the tuition puts it straight back,
    # so the student keeps 10,000, owes 5 notes and the bank is at -20,000.
    s = new(edition)
    assert s.bank == -20_000
    s = s.play("start:college")
    assert events(s) == [
        ev.Started(0, "college"),
        ev.Borrowed(0, 5, 100_000),
        ev.Transfer(0, BANK, 100_000, "tuition"),
    ]
    p = s.players[0]
    assert (p.cash, p.loans) == (10_000, 5)
    assert s.bank == -20_000 and conserved(s)
    assert s.view(0)["players"][0]["loans"] == 5


@pytest.mark.parametrize("edition", ["classic", "2005"])
def test_house_rule_hands_the_college_loans_over_as_cash(edition: str) -> None:
    # The old reading: 10,000 + 100,000 of borrowed cash, and the bank lends it.
    s = new(edition, options={"college_loan_cash": True})
    s = s.play("start:college")
    assert events(s) == [ev.Started(0, "college"), ev.Borrowed(0, 5, 100_000)]
    assert (s.players[0].cash, s.players[0].loans) == (110_000, 5)
    assert s.bank == -120_000 and conserved(s)


def test_a_career_start_borrows_nothing() -> None:
    s = start().play("start:career")
    assert events(s) == [ev.Started(0, "career")]
    assert (s.players[0].cash, s.players[0].loans) == (10_000, 0)


_PLAN = ["10", "11", "24", "25", "35", "36", "46", "62", "72", "81", "91", "105", "115",
         "125", "135", "140"]


def _solo_college_retired(options: dict[str, Any] | None = None):
    """A solo college doctor on $50,000, insured car, no house, to Retire (147).

    From college: 10,000 - 5,000 car insurance = 5,000. Landings on the way: 24
    (car rolls away, waived by the insurance), 91 (+75,000), 105 (break-in: no
    house, nothing), 115 (-35,000) and 135 (-65,000), both paid to the bank
    (nobody is the athlete); 17 Pay Days of 50,000 up to 140: 850,000. So on
    140: 5,000 + 850,000 + 75,000 - 35,000 - 65,000 = 830,000. A 7 takes the car
    past Pay Day 143 (+50,000: 880,000) to 147, where the 5 notes are repaid at
    25,000 each: 880,000 - 125,000 = 755,000.
    """
    s = begin_college(start(["Solo"], options=options)).play("buy_insurance:auto")
    assert legs(s.rules, "college", "140") == _PLAN
    s = tour(s, {0: _PLAN}, {"deal_career": ["doctor"], "deal_salary": ["s50"]})
    assert s.players[0].paydays == 17 and s.players[0].loans == 5
    return s


def test_the_college_loans_cost_125000_at_retirement() -> None:
    s = _solo_college_retired()
    assert s.players[0].cash == 830_000
    s = spin(s, 7)
    assert at(s, 0) == "147"
    assert events(s, ev.Repaid) == [ev.Repaid(0, 5, 125_000)]
    assert (s.players[0].cash, s.players[0].loans) == (755_000, 0)
    s = s.play("retire:countryside").play("draw_tile:24")
    assert s.is_terminal
    [row] = s.results()
    assert row["breakdown"]["cash"] == 880_000 and row["breakdown"]["loans"] == -125_000
    assert conserved(s)


def test_with_the_loans_as_cash_college_costs_only_the_interest() -> None:
    # The same road with 100,000 more from the start: 930,000 on 140, and
    # 980,000 - 125,000 = 855,000 after the notes are repaid.
    s = _solo_college_retired({"college_loan_cash": True})
    assert s.players[0].cash == 930_000
    s = spin(s, 7)
    assert events(s, ev.Repaid) == [ev.Repaid(0, 5, 125_000)]
    assert s.players[0].cash == 855_000 and conserved(s)


@pytest.mark.parametrize("edition", ["classic", "2005"])
def test_the_heuristic_prices_college_by_the_ruleset(edition: str) -> None:
    # Its estimate of the college start differs between the two readings by
    # exactly the cash the loans would hand over: 5 notes x 20,000.
    values = []
    for options in ({}, {"college_loan_cash": True}):
        s = new(edition, ["Ana", "Bo", "Cy", "Di"], options=options)
        sit = H.situation_from_state(s, 0)
        values.append(H.start_value(sit, s.rules.space_index["college"]))
    assert values[1] - values[0] == pytest.approx(100_000)


@pytest.mark.parametrize("edition", ["classic", "2005"])
@pytest.mark.parametrize("options", [{}, {"college_loan_cash": True}])
def test_random_games_keep_money_conserved(edition: str, options: dict[str, Any]) -> None:
    # The conformance checks (every dollar named by an event, bank + cash = 0)
    # over random games in which some seats go to college.
    students = 0
    for game in range(3):
        seed = derive_seed(0xC011E6E, game)
        tracker = None
        state = None
        for parent, action, state in playout(edition, options, 4, seed):
            if parent is None:
                tracker = Tracker(state)
            else:
                assert tracker is not None and action is not None
                tracker.step(parent, action, state)
                students += ev.Started(state.turn, "college") in state.events
        assert tracker is not None and state is not None
        tracker.finish(state)
        check_results(state)
    assert students >= 2


def test_new_game_reads_the_option() -> None:
    assert not new_game("classic", 2).rules.spaces[0].loan_cash
    assert new_game("classic", 2, {"college_loan_cash": True}).rules.spaces[0].loan_cash


# ---------------------------------------------------------------- night school (classic)
#
# Printed rules (the default): landing on 31 or 68 deals 2 careers (degree
# careers too) and 2 salaries. Keeping the old cards is free; taking one new
# career and one new salary costs the $20,000 tuition (to the teacher's
# holder, else the bank; a teacher pays nobody) and gives a degree.
# The computer port (house rule night_school = "port"): pay first, then 2
# careers to choose from or keep the old one; a new career brings a new
# salary card dealt at random once the old one is back in the deck.


def _to_31(options: dict[str, Any] | None = None, career0: str = "teacher",
           career1: str = "athlete", salary1: str = "s30"):
    """Seat 1 (`career1` on `salary1`) lands on night school 31; seat 0 holds
    `career0` on $20,000. Seat 1 has passed Pay Days 12, 15 and 23 and landed
    on 21 (a tile) and 25 (the wedding): 10,000 + 3 salaries. Seat 0 passed
    Pay Day 12 and paid the 5,000 rent on 13: 25,000."""
    s = begin_career(start(options=options), career0, "s20")
    s = spin(s, 1)  # seat 0: Pay Day 12
    s = begin_career(s, career1, salary1)
    s = play(spin(s, 10), "draw_tile:4")  # seat 1: 21, via Pay Days 12 and 15
    s = spin(s, 1)  # seat 0: 13
    s = play(spin(s, 4), "draw_tile:5")  # seat 1: the wedding STOP 25, via Pay Day 23
    s = spin(s, 6)  # seat 1: 26 .. 31
    assert at(s, 1) == "31"
    return s


def _labels(actions) -> list[str]:
    return [str(a) for a in actions]


def _ids(s, deck) -> set[str]:
    return {s.rules.careers[i].id for i in deck}


def _salary_ids(s, deck) -> set[str]:
    return {s.rules.salary_ids[i] for i in deck}


def _dealt(s, careers=("doctor", "accountant"), salaries=("s90", "s50")):
    """Deal the printed night school's cards, checking what may be dealt."""
    # Any career nobody holds, degree careers included (seat 1 has no degree).
    assert not s.players[1].degree
    held = {s.rules.careers[p.career].id for p in s.players}
    assert _labels(s.chance_outcomes()) == [
        f"deal_career:{c.id}" for c in s.rules.careers if c.id not in held]
    assert len(held) == 2 and {"doctor", "accountant"}.isdisjoint(held)
    for c in careers:
        s = s.play(f"deal_career:{c}")
    # Salary cards nobody holds (s20 is seat 0's).
    outs = _labels(s.chance_outcomes())
    assert "deal_salary:s20" not in outs and len(outs) == 7
    for x in salaries:
        s = s.play(f"deal_salary:{x}")
    return s


def test_printed_night_school_deals_first_and_charges_nothing_to_look() -> None:
    s = _to_31()
    assert s.players[1].cash == 100_000  # 10,000 + 3 x 30,000
    assert s.phase == "deal" and transfers(s) == []
    s = _dealt(s)
    assert s.phase == "night_school" and s.current_player == 1
    assert _labels(s.legal_actions()) == [
        "night_school:doctor.s90", "night_school:doctor.s50",
        "night_school:accountant.s90", "night_school:accountant.s50", "skip"]
    assert s.players[1].cash == 100_000 and not s.players[1].degree
    # The chooser sees the dealt cards (as the switches on offer); nobody else does.
    assert s.view(1)["offer"] == _labels(s.legal_actions())
    assert "offer" not in s.view(0) and "offer" not in s.view(None)


def test_printed_night_school_switch_pays_the_teacher_and_swaps_both_cards() -> None:
    s = _dealt(_to_31())
    teacher = s.players[0].cash
    assert teacher == 25_000
    s = s.play("night_school:doctor.s90")
    # 20,000 from seat 1 (100,000 -> 80,000) to the teacher (25,000 -> 45,000).
    assert transfers(s) == [(1, 0, 20_000, "night_school")]
    assert [p.cash for p in s.players] == [45_000, 80_000]
    p = s.players[1]
    assert p.degree
    v = s.view(1)["players"][1]
    assert (v["career"], v["salary"]) == ("doctor", 90_000)
    assert events(s, ev.CareerTaken) == [ev.CareerTaken(1, "doctor", False)]
    assert events(s, ev.SalaryTaken) == [ev.SalaryTaken(1, "s90", 90_000)]
    # The old cards and the cards not taken go back to the decks.
    assert {"athlete", "accountant"} <= _ids(s, s.career_deck)
    assert "doctor" not in _ids(s, s.career_deck)
    assert {"s30", "s50"} <= _salary_ids(s, s.salary_deck)
    assert "s90" not in _salary_ids(s, s.salary_deck)
    assert len(s.career_deck) == 7 and len(s.salary_deck) == 7
    assert s.offer == () and s.salary_offer == ()
    assert s.turn == 0 and conserved(s)


def test_printed_night_school_keeping_the_old_cards_is_free() -> None:
    s = _dealt(_to_31())
    kept = s.play("skip")
    assert transfers(kept) == [] and kept.players[1].cash == 100_000
    assert not kept.players[1].degree
    v = kept.view(1)["players"][1]
    assert (v["career"], v["salary"]) == ("athlete", 30_000)
    # Every dealt card is back: 9 careers less the 2 held, 9 salaries less the 2 held.
    assert {"doctor", "accountant"} <= _ids(kept, kept.career_deck)
    assert {"s90", "s50"} <= _salary_ids(kept, kept.salary_deck)
    assert len(kept.career_deck) == 7 and len(kept.salary_deck) == 7
    assert kept.offer == () and kept.salary_offer == ()
    assert kept.turn == 0 and conserved(kept)


def test_printed_night_school_pays_the_bank_without_a_teacher() -> None:
    s = _dealt(_to_31(career0="consultant"))
    s = s.play("night_school:accountant.s50")
    assert transfers(s) == [(1, BANK, 20_000, "night_school")]
    assert [p.cash for p in s.players] == [25_000, 80_000] and conserved(s)
    v = s.view(1)["players"][1]
    assert (v["career"], v["salary"]) == ("accountant", 50_000)


def test_printed_night_school_a_teacher_pays_nobody_and_gives_the_card_back() -> None:
    # Seat 1 is the teacher (on $30,000), seat 0 the consultant.
    s = _dealt(_to_31(career0="consultant", career1="teacher"))
    s = s.play("night_school:doctor.s90")
    assert transfers(s) == [] and s.players[1].cash == 100_000
    assert s.view(1)["players"][1]["career"] == "doctor"
    assert "teacher" in _ids(s, s.career_deck)


def test_port_night_school_pays_first_then_deals_careers_and_a_new_salary() -> None:
    s = _to_31(options={"night_school": "port"})
    assert s.phase == "night_school"
    assert _labels(s.legal_actions()) == ["night_school", "skip"]
    s = s.play("night_school")
    # Paid up front: 20,000 to the teacher, and a degree.
    assert transfers(s) == [(1, 0, 20_000, "night_school")]
    assert [p.cash for p in s.players] == [45_000, 80_000] and s.players[1].degree
    outs = _labels(s.chance_outcomes())
    assert {"deal_career:doctor", "deal_career:accountant"} <= set(outs)
    assert "deal_career:athlete" not in outs and len(outs) == 7
    s = s.play("deal_career:doctor").play("deal_career:accountant")
    assert _labels(s.legal_actions()) == [
        "choose_career:doctor", "choose_career:accountant", "keep_career"]
    new = s.play("choose_career:doctor")
    # The old salary card (s30) goes back before one salary is dealt at random.
    outs = _labels(new.chance_outcomes())
    assert "deal_salary:s30" in outs and "deal_salary:s20" not in outs and len(outs) == 8
    new = new.play("deal_salary:s30")  # it may even be the same card again
    v = new.view(1)["players"][1]
    assert (v["career"], v["salary"]) == ("doctor", 30_000)
    new2 = s.play("choose_career:doctor").play("deal_salary:s80")
    v = new2.view(1)["players"][1]
    assert (v["career"], v["salary"]) == ("doctor", 80_000)
    assert events(new2, ev.SalaryTaken) == [ev.SalaryTaken(1, "s80", 80_000)]
    assert "athlete" in _ids(new2, new2.career_deck)
    assert "s30" in _salary_ids(new2, new2.salary_deck)
    assert new2.players[1].cash == 80_000 and new2.turn == 0 and conserved(new2)


def test_port_night_school_may_keep_the_old_career_after_paying() -> None:
    s = _to_31(options={"night_school": "port"}).play("night_school")
    s = s.play("deal_career:doctor").play("deal_career:accountant")
    kept = s.play("keep_career")
    v = kept.view(1)["players"][1]
    assert (v["career"], v["salary"]) == ("athlete", 30_000)
    assert kept.players[1].cash == 80_000 and kept.players[1].degree  # paid all the same
    assert {"doctor", "accountant"} <= _ids(kept, kept.career_deck)
    assert kept.turn == 0 and conserved(kept)


def test_port_night_school_skip_pays_nothing() -> None:
    s = _to_31(options={"night_school": "port"}, career0="consultant")
    paid = s.play("night_school")
    assert transfers(paid) == [(1, BANK, 20_000, "night_school")]
    skipped = s.play("skip")
    assert transfers(skipped) == [] and skipped.players[1].cash == 100_000
    assert not skipped.players[1].degree and skipped.turn == 0


def _heuristic(s, seat: int = 1):
    return H.decide(H.situation_from_view(s.view(seat), s.rules), s.legal_actions())


def test_heuristic_switches_at_printed_night_school_only_for_a_better_job() -> None:
    # On $30,000 the $90,000 card is worth far more than the tuition.
    s = _dealt(_to_31())
    assert str(_heuristic(s)) in ("night_school:doctor.s90", "night_school:accountant.s90")
    # On $100,000, neither $40,000 nor $50,000 is worth switching for.
    rich = _dealt(_to_31(salary1="s100"), salaries=("s40", "s50"))
    assert rich.players[1].cash == 310_000  # 10,000 + 3 x 100,000
    assert str(_heuristic(rich)) == "skip"


def test_heuristic_counts_the_new_salary_at_the_port_night_school() -> None:
    # Paying first: a new career brings a salary card at random from the deck
    # (mean well above $30,000, far below $100,000).
    poor = _to_31(options={"night_school": "port"})
    assert str(_heuristic(poor)) == "night_school"
    rich = _to_31(options={"night_school": "port"}, salary1="s100")
    assert str(_heuristic(rich)) == "skip"
    # Made to choose after paying, the $100,000 earner keeps the old job.
    forced = rich.play("night_school").play("deal_career:doctor").play("deal_career:artist")
    assert str(_heuristic(forced)) == "keep_career"


@pytest.mark.parametrize("reading", ["printed", "port"])
def test_random_games_with_either_night_school_keep_every_check(reading: str) -> None:
    # The conformance checks over random games; random players do attend.
    schooled = 0
    for game in range(6):
        seed = derive_seed(0x5C4001, game)
        tracker = None
        state = None
        for parent, action, state in playout("classic", {"night_school": reading}, 6, seed):
            if parent is None:
                tracker = Tracker(state)
            else:
                assert tracker is not None and action is not None
                tracker.step(parent, action, state)
                schooled += any(isinstance(e, ev.Transfer) and e.reason == "night_school"
                                for e in state.events)
        assert tracker is not None and state is not None
        tracker.finish(state)
        check_results(state)
    assert schooled >= 2
