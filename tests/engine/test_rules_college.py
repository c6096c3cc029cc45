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
from tests.engine.scenario import at, begin_college, conserved, events, legs, spin, start, tour
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
