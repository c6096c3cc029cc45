"""The heuristic bot: sensible choices in hand-built situations, and legal
play in whole games on every edition."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

import lifespin
from lifespin import Action
from lifespin.bots import HeuristicBot, make_bot
from lifespin.bots import heuristic as H
from lifespin.bots.heuristic import SeatInfo, Situation, decide, model_for
from lifespin.engine import CHANCE, State
from lifespin.rng import Stream
from lifespin.sim.driver import play_state

RULES = lifespin.load_edition("classic").ruleset()
# The worked example of docs/editions.md, loaded from its file: no registered
# name finds it, so a bot that looked its edition up by name would fail on it.
WEEKEND = str(Path(__file__).resolve().parents[2] / "docs" / "examples" / "weekend.toml")
EDITIONS = [*lifespin.available(), pytest.param(WEEKEND, id="weekend")]
M = model_for(RULES)


def space(space_id: str | int) -> int:
    return RULES.space_index[str(space_id)]


def situation(players: Sequence[SeatInfo], seat: int = 0, tile_pile: int = 21,
              estates: int = 4, events: Sequence[Any] = ()) -> Situation:
    held_careers = {c for p in players for c in (p.career, p.career2) if c >= 0}
    held_salaries = {p.salary for p in players if p.salary >= 0}
    held_houses = {p.house for p in players if p.house >= 0}
    return Situation(
        rules=RULES, model=M, seat=seat, players=list(players),
        career_deck=tuple(i for i in range(len(RULES.careers)) if i not in held_careers),
        salary_deck=tuple(i for i in range(len(RULES.salary_amounts)) if i not in held_salaries),
        house_deck=tuple(i for i in range(len(RULES.houses)) if i not in held_houses),
        tile_pile=tile_pile, estates_tiles=estates, events=events,
        night_school_space=players[seat].space,
    )


def salary(amount: int) -> int:
    return RULES.salary_amounts.index(amount)


def acts(*texts: str) -> list[Action]:
    return [Action.parse(t) for t in texts]


# ------------------------------------------------------------------ the model


def test_model_counts_the_classic_board() -> None:
    # Every lane holds exactly one Pay Day: 19 on the career road, 18 from college.
    assert M.ahead[space("career")][H.F_PAYDAY] == pytest.approx(19.0)
    assert M.ahead[space("college")][H.F_PAYDAY] == pytest.approx(18.0)
    assert M.ahead[space(147)][H.F_SPIN] == 0.0
    # The chance of landing d spaces ahead is the spinner's renewal sequence
    # (about 1/5.5 far away; less for the first few spaces, more near 10).
    u = [1.0]
    for d in range(1, 11):
        u.append(sum(u[d - k] for k in range(1, 11) if d - k >= 0) / 10)
    assert M.land[space(110)][H.F_HOME] == 125_000
    assert M.ahead[space(100)][H.F_HOME] == pytest.approx(50_000 * u[5] + 125_000 * u[10])


# ------------------------------------------------------------------ choices


def test_takes_the_highest_salary_offered() -> None:
    sit = situation([SeatInfo(space=space(11)), SeatInfo(space=space(20))])
    legal = acts("choose_salary:s40", "choose_salary:s90", "choose_salary:s60")
    assert decide(sit, legal) == Action("choose_salary", "s90")


def test_goes_to_college() -> None:
    # Best of three salaries over 18 Pay Days beats one random card over 19,
    # after the loans are paid back.
    sit = situation([SeatInfo(cash=10_000), SeatInfo(cash=10_000)])
    assert decide(sit, acts("start:college", "start:career")) == Action("start", "college")


def test_buys_auto_insurance_when_car_spaces_lie_ahead() -> None:
    me = SeatInfo(space=space("college"), cash=110_000, loans=5)
    sit = situation([me, SeatInfo(space=space("career"), cash=10_000)])
    legal = acts("spin", "buy_stock:stock1", "buy_insurance:auto", "repay_loan")
    assert decide(sit, legal) == Action("buy_insurance", "auto")


def test_no_auto_insurance_with_no_car_spaces_ahead() -> None:
    me = SeatInfo(space=space(100), cash=500_000, stocks=(0,))
    sit = situation([me, SeatInfo(space=space(90), cash=10_000)])
    assert decide(sit, acts("spin", "buy_insurance:auto")) == Action("spin")


def test_buys_stock_early_not_late() -> None:
    early = situation([SeatInfo(space=space("college"), cash=110_000, auto=True),
                       SeatInfo(), SeatInfo(), SeatInfo()])
    assert decide(early, acts("spin", "buy_stock:stock3", "buy_stock:stock4")).kind == "buy_stock"
    late = situation([SeatInfo(space=space(140), cash=900_000, auto=True),
                      SeatInfo(space=space(147), retired=1), SeatInfo(space=space(145))])
    assert decide(late, acts("spin", "buy_stock:stock3")) == Action("spin")


def test_never_repays_a_loan_early() -> None:
    me = SeatInfo(space=space(90), cash=900_000, loans=5, auto=True, stocks=(1,))
    sit = situation([me, SeatInfo(space=space(90))])
    assert decide(sit, acts("spin", "repay_loan")) == Action("spin")


def test_home_insurance_when_disasters_ahead_cost_more() -> None:
    # The twister (125K) and the break-in (50K) still lie ahead of space 100.
    me = SeatInfo(space=space(100), cash=200_000, house=RULES.houses.index(
        next(h for h in RULES.houses if h.id == "log_cabin")), auto=True, stocks=(1,))
    sit = situation([me, SeatInfo(space=space(90))])
    assert decide(sit, acts("spin", "buy_insurance:home")) == Action("buy_insurance", "home")


def test_house_by_resale_against_price_and_loans() -> None:
    # Past every disaster, a house is its expected resale less its price.
    rich = situation([SeatInfo(space=space(111), cash=400_000), SeatInfo(space=space(90))])
    legal = [Action("buy_house", h.id) for h in RULES.houses] + [Action("skip")]
    assert decide(rich, legal) == Action("buy_house", "victorian")  # resale 231K for 200K
    # With no cash, ten notes to borrow cost more than the house gains.
    poor = situation([SeatInfo(space=space(111), cash=0), SeatInfo(space=space(90))])
    assert decide(poor, legal) != Action("buy_house", "victorian")


def test_trades_for_the_highest_salary_only_when_it_is_higher() -> None:
    players = [SeatInfo(space=space(62), salary=salary(50_000)),
               SeatInfo(space=space(60), salary=salary(90_000)),
               SeatInfo(space=space(70), salary=salary(70_000))]
    legal = acts("trade_salary:1", "trade_salary:2", "skip")
    assert decide(situation(players), legal) == Action("trade_salary", 1)
    players[0] = SeatInfo(space=space(62), salary=salary(100_000))
    assert decide(situation(players), legal) == Action("skip")


def test_retires_to_the_estates_when_richest() -> None:
    players = [SeatInfo(space=space(147), cash=3_000_000, retired=1, tiles=(-1,) * 4),
               SeatInfo(space=space(147), cash=900_000, retired=1),
               SeatInfo(space=space(140), cash=800_000, salary=salary(60_000))]
    legal = acts("retire:estates", "retire:countryside")
    assert decide(situation(players), legal) == Action("retire", "estates")


def test_retires_to_the_countryside_when_someone_richer_is_at_the_estates() -> None:
    players = [SeatInfo(space=space(147), cash=700_000, retired=1, tiles=(-1,) * 4),
               SeatInfo(space=space(147), cash=2_000_000, retired=1),
               SeatInfo(space=space(140), cash=800_000, salary=salary(60_000))]
    legal = acts("retire:estates", "retire:countryside")
    assert decide(situation(players), legal) == Action("retire", "countryside")


def test_takes_a_tile_from_the_rival_with_most_tiles() -> None:
    players = [SeatInfo(space=space(63), cash=300_000),
               SeatInfo(space=space(60), cash=300_000, tiles=(-1,) * 2),
               SeatInfo(space=space(60), cash=300_000, tiles=(-1,) * 6),
               SeatInfo(space=space(60), cash=300_000, tiles=(-1,) * 3)]
    legal = acts("take_from:1", "take_from:2", "take_from:3")
    assert decide(situation(players), legal) == Action("take_from", 2)


def test_sells_an_uninsured_house_with_disasters_ahead() -> None:
    players = [SeatInfo(space=space(81), cash=100_000, house=0), SeatInfo(space=space(70))]
    assert decide(situation(players), acts("sell_house", "skip")) == Action("sell_house")
    players[0] = SeatInfo(space=space(81), cash=100_000, house=0, home=True)
    assert decide(situation(players), acts("sell_house", "skip")) == Action("skip")


def test_branch_uses_the_steps_left_from_the_events() -> None:
    events = [{"type": "spun", "seat": 0, "value": 7, "purpose": "move"},
              {"type": "moved", "seat": 0, "path": ["82", "83", "84"]}]
    sit = situation([SeatInfo(space=space(84))], events=events)
    assert sit.steps_left == 4
    assert decide(sit, acts("branch:85", "branch:92")) in acts("branch:85", "branch:92")


# ------------------------------------------------------------------ the two doors


def decisions(edition: str, players: int, seed: int,
              bots: Sequence[Any]) -> list[tuple[State, Action]]:
    seen: list[tuple[State, Action]] = []
    play_state(lifespin.new_game(edition, players), seed, bots,
               on_decision=lambda s, a: seen.append((s, a)))
    return seen


@pytest.mark.parametrize("edition", EDITIONS)
def test_view_and_state_doors_agree(edition: str) -> None:
    """`HeuristicBot` (from the view) and `policy` (from the State) choose alike."""
    bot = HeuristicBot()
    for state, action in decisions(edition, 4, 3, [bot] * 4):
        legal = state.legal_actions()
        seat = state.current_player
        assert H.policy(state, seat, legal) == action
        assert bot.act(state.view(seat), legal, Stream(0), rules=state.rules) == action


def test_salary_choices_in_real_games_take_the_highest() -> None:
    for seed in range(3):
        for state, action in decisions("classic", 4, seed, ["heuristic"] * 4):
            if action.kind == "choose_salary":
                offered = [RULES.salary_amounts[RULES.salary_ids.index(str(a.arg))]
                           for a in state.legal_actions()]
                chosen = RULES.salary_amounts[RULES.salary_ids.index(str(action.arg))]
                assert chosen == max(offered)


@pytest.mark.parametrize("edition", EDITIONS)
@pytest.mark.parametrize("players", [2, 3, 4, 5, 6])
@pytest.mark.parametrize("name", ["heuristic", "easy", "normal"])
def test_finishes_legal_games(edition: str, players: int, name: str) -> None:
    rules = lifespin.load_edition(edition).ruleset()
    if not rules.min_players <= players <= rules.max_players:
        pytest.skip(f"{edition} seats {rules.min_players}-{rules.max_players}")
    state = lifespin.new_game(edition, players)
    bots = [make_bot(name) for _ in range(players)]
    rngs = [Stream(k) for k in range(players)]
    chance = Stream(players)
    while not state.is_terminal:
        if state.current_player == CHANCE:
            state = state.apply(chance.pick(state.chance_outcomes()))
            continue
        seat = state.current_player
        legal = state.legal_actions()
        action = bots[seat].act(state.view(seat), legal, rngs[seat], rules=state.rules)
        assert action in legal
        state = state.apply(action)
    assert state.results()


def test_easy_errs_and_heuristic_does_not() -> None:
    easy = make_bot("easy")
    sure = make_bot("heuristic")
    state = decisions("classic", 2, 1, ["heuristic"] * 2)[0][0]
    view, legal = state.view(state.current_player), state.legal_actions()
    rules = state.rules
    picks = {easy.act(view, legal, Stream(i), rules=rules) for i in range(60)}
    assert len(picks) > 1
    assert {sure.act(view, legal, Stream(i), rules=rules) for i in range(10)} == {
        sure.act(view, legal, Stream(0), rules=rules)}


def test_needs_a_view() -> None:
    with pytest.raises(ValueError, match="view"):
        HeuristicBot().act(None, acts("spin", "repay_loan"), Stream(0), rules=RULES)
    with pytest.raises(ValueError, match="mistake"):
        HeuristicBot(mistake=1.5)


# ------------------------------------------------------------------ other editions

R1960 = lifespin.load_edition("1960").ruleset()


def situation_1960(players: Sequence[SeatInfo], seat: int = 0) -> Situation:
    return Situation(rules=R1960, model=model_for(R1960), seat=seat, players=list(players),
                     career_deck=(), salary_deck=(), house_deck=(), tile_pile=0, estates_tiles=0)


def test_gambles_when_the_table_beats_the_sure_amount() -> None:
    # M31: $20,000 for sure, or $300,000 on a 9 or 10: worth $60,000 on average.
    at = R1960.space_index["M31"]
    sit = situation_1960([SeatInfo(space=at, cash=50_000), SeatInfo(space=at - 3)])
    assert decide(sit, acts("keep", "gamble")) == Action("gamble")
    # M66 is optional: lose $60,000 on 1-3, win $120,000 on 7-10: +$30,000 on average.
    at = R1960.space_index["M66"]
    sit = situation_1960([SeatInfo(space=at, cash=50_000), SeatInfo(space=at - 3)])
    assert decide(sit, acts("gamble", "skip")) == Action("gamble")


def test_bets_the_game_only_when_far_behind() -> None:
    at = R1960.space_index["M130"]
    legal = [Action("acres")] + [Action("tycoon", n) for n in range(1, 11)]
    ahead = situation_1960([SeatInfo(space=at, cash=3_000_000),
                            SeatInfo(space=R1960.space_index["M134"], cash=500_000, retired=4)])
    assert decide(ahead, legal) == Action("acres")
    behind = situation_1960([SeatInfo(space=at, cash=100_000),
                             SeatInfo(space=R1960.space_index["M134"], cash=3_000_000,
                                      retired=4)])
    assert decide(behind, legal).kind == "tycoon"


def test_plays_only_cards_it_holds() -> None:
    r = lifespin.load_edition("2005").ruleset()

    def holding(*kinds: str) -> Situation:
        return Situation(rules=r, model=model_for(r), seat=0, players=[SeatInfo(), SeatInfo()],
                         career_deck=(), salary_deck=(), house_deck=(), tile_pile=10,
                         estates_tiles=3, hand=frozenset(kinds))

    legal = acts("play_card:collect", "skip")
    assert decide(holding("collect"), legal) == Action("play_card", "collect")
    assert decide(holding("pay", "exemption"), legal) == Action("skip")
