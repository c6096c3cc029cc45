"""The heuristic's choices where money and winning part ways: Spin to Win
stakes, homeowner's insurance, keeping or selling a house, and the chance of
winning they are weighed by. Positions are built from seats' public facts
(`SeatInfo`), as a view shows them."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from pathlib import Path

import pytest

import lifespin
from lifespin import Action
from lifespin.bots import HeuristicBot
from lifespin.bots import heuristic as H
from lifespin.bots.heuristic import SeatInfo, Situation, decide, model_for
from lifespin.editions import new_game
from lifespin.engine import CHANCE
from lifespin.engine.ruleset import Ruleset
from lifespin.rng import Stream, derive_seed

CLASSIC = lifespin.load_edition("classic").ruleset()
R2005 = lifespin.load_edition("2005").ruleset()


def situation(rules: Ruleset, players: Sequence[SeatInfo], seat: int = 0, turn: int = 0,
              hand: frozenset[str] = frozenset()) -> Situation:
    held = {p.house for p in players if p.house >= 0}
    return Situation(
        rules=rules, model=model_for(rules), seat=seat, players=list(players),
        career_deck=tuple(range(len(rules.careers))),
        salary_deck=tuple(range(len(rules.salary_amounts))),
        house_deck=tuple(i for i in range(len(rules.houses)) if i not in held),
        tile_pile=15, estates_tiles=rules.estates_tiles, turn=turn, hand=hand)


def house(rules: Ruleset, house_id: str) -> int:
    return next(h.index for h in rules.houses if h.id == house_id)


def at(rules: Ruleset, space_id: str | int) -> int:
    return rules.space_index[str(space_id)]


# ------------------------------------------------------------------ the chance of winning


def test_p_win_matches_the_exact_chance_against_one_rival_and_settled_amounts() -> None:
    # One rival: X - Y is normal with mean 100 and variance 100**2 + 0, so
    # P(X > Y) = Phi(1) = 0.8413.
    assert H.p_win(1100.0, 100.0 ** 2, [(1000.0, 0.0)]) == pytest.approx(0.841345, abs=1e-6)
    # Two settled amounts: X must pass the larger (1000); Phi((1100 - 1000) / 200).
    assert H.p_win(1100.0, 200.0 ** 2, [(1000.0, 0.0), (900.0, 0.0)]) == pytest.approx(
        0.5 * math.erfc(-0.5 / math.sqrt(2.0)), abs=1e-9)
    # A settled worth against settled rivals: beaten, tied (half), ahead.
    assert H.p_win(10.0, 0.0, [(20.0, 0.0)]) == 0.0
    assert H.p_win(20.0, 0.0, [(20.0, 0.0)]) == 0.5
    assert H.p_win(30.0, 0.0, [(20.0, 0.0), (25.0, 0.0)]) == 1.0


def test_p_win_of_three_equal_players_is_a_third_and_rises_with_the_lead() -> None:
    # By symmetry each of three identical players wins a third; Clark's
    # normal for the best of the other two gets within 0.01 of it.
    even = H.p_win(0.0, 1.0, [(0.0, 1.0), (0.0, 1.0)])
    assert even == pytest.approx(1 / 3, abs=0.01)
    ahead = H.p_win(1.0, 1.0, [(0.0, 1.0), (0.0, 1.0)])
    behind = H.p_win(-1.0, 1.0, [(0.0, 1.0), (0.0, 1.0)])
    assert behind < even < ahead
    # Far behind the chance is tiny but exact, and grows with the spread:
    # Phi(-20 / sqrt(2)) = erfc(10) / 2, about 1e-45; Phi(-20 / sqrt(5)),
    # about 2e-19.
    far = H.p_win(-20.0, 1.0, [(0.0, 1.0)])
    assert far == pytest.approx(0.5 * math.erfc(10.0), rel=1e-9)
    assert far < H.p_win(-20.0, 4.0, [(0.0, 1.0)]) == pytest.approx(
        0.5 * math.erfc(20.0 / math.sqrt(10.0)), rel=1e-9)


def test_best_of_follows_clarks_moments() -> None:
    # The larger of two independent standard normals: mean 1/sqrt(pi),
    # second moment 1, so variance 1 - 1/pi.
    mean, var = H.best_of([(0.0, 1.0), (0.0, 1.0)])
    assert mean == pytest.approx(1 / math.sqrt(math.pi), abs=1e-12)
    assert var == pytest.approx(1 - 1 / math.pi, abs=1e-12)
    # A settled amount far above the other is the maximum.
    assert H.best_of([(5.0, 0.0), (-100.0, 1.0)]) == pytest.approx((5.0, 0.0), abs=1e-9)


def test_the_outlook_counts_tiles_the_pay_to_come_and_a_retired_players_cash() -> None:
    r = CLASSIC
    m = model_for(r)
    retired = SeatInfo(space=at(r, 147), cash=900_000, retired=H.COUNTRYSIDE, tiles=(-1,) * 3)
    sit = situation(r, [SeatInfo(space=at(r, 140), cash=0), retired])
    mean, var = H.worth_outlook(sit, retired)
    # Settled cash, three tiles at their mean value (a countryside retiree
    # takes no estates' tiles and loses none to steals); the tiles' values
    # are the only spread left.
    assert mean == pytest.approx(900_000 + 3 * m.tile_mean)
    assert var == pytest.approx(3 * m.tile_var)
    # A student with no salary yet expects the best of the cards the career
    # choice deals, over the Pay Days ahead: worth more than the same seat
    # with the lowest salary card, less than with the highest.
    student = SeatInfo(space=at(r, 3))
    low = SeatInfo(space=at(r, 3), salary=r.salary_amounts.index(min(r.salary_amounts)),
                   career=0)
    high = SeatInfo(space=at(r, 3), salary=r.salary_amounts.index(max(r.salary_amounts)),
                    career=0)
    sit = situation(r, [student, SeatInfo(space=at(r, 3))])
    assert (H.worth_outlook(sit, low)[0] < H.worth_outlook(sit, student)[0]
            < H.worth_outlook(sit, high)[0])


# ------------------------------------------------------------------ Spin to Win

STAKES = [Action("bet", f"{n}-{s}") for n in range(1, 11)
          for s in range(10_000, 50_001, 10_000)] + [Action("skip")]


def spin_to_win(cash: int, hand: frozenset[str] = frozenset()) -> Situation:
    """Seat 0 has just landed on a Spin to Win space (82) with `cash`; three
    rivals just behind hold $1,500,000 each; everyone has a career."""
    r = R2005
    me = SeatInfo(space=at(r, 82), cash=cash, career=0)
    rivals = [SeatInfo(space=at(r, 79), cash=1_500_000, career=c) for c in (1, 2, 3)]
    return situation(r, [me, *rivals], turn=0, hand=hand)


def test_a_trailing_player_stakes_the_most_at_spin_to_win() -> None:
    # The wheel is fair (10 times the stake, one number in ten): a bet only
    # spreads the outcomes, and a player $900,000 behind can only win on a
    # lucky spread.
    choice = decide(spin_to_win(600_000), STAKES)
    assert choice.kind == "bet" and str(choice.arg).endswith("-50000")


def test_a_clear_leader_stays_out_of_spin_to_win() -> None:
    sit = spin_to_win(3_000_000)
    assert H._Contest(sit).p() > 0.9
    assert decide(sit, STAKES) == Action("skip")


def test_a_boost_card_makes_even_the_leader_bet() -> None:
    # A boost card covers more numbers at the same stake: the bet is better
    # than fair, and the leader takes it.
    assert decide(spin_to_win(3_000_000, frozenset({"boost"})), STAKES).kind == "bet"


def test_spin_to_win_bets_shrink_as_the_lead_grows() -> None:
    def stake(cash: int) -> int:
        a = decide(spin_to_win(cash), STAKES)
        return 0 if a.kind == "skip" else int(str(a.arg).rpartition("-")[2])

    stakes = [stake(cash) for cash in range(200_000, 3_000_001, 200_000)]
    assert stakes == sorted(stakes, reverse=True)  # never more with a bigger lead
    assert stakes[0] == 50_000 and stakes[-1] == 0


# ------------------------------------------------------------------ homeowner's insurance

MENU = [Action("spin"), Action("buy_insurance", "home")]


def insured_choice(space: int, house_id: str, cash: int) -> Action:
    """Seat 0 at classic space `space` with an uninsured house and `cash`,
    against two rivals five spaces behind with $1,000,000 each."""
    r = CLASSIC
    salary = r.salary_amounts.index(80_000)
    me = SeatInfo(space=at(r, space), cash=cash, house=house(r, house_id), auto=True,
                  salary=salary, career=0)
    rivals = [SeatInfo(space=at(r, space - 5), cash=1_000_000, salary=salary, career=c,
                       auto=True) for c in (1, 2)]
    return decide(situation(r, [me, *rivals]), MENU)


def test_buys_home_insurance_when_cheap_against_the_disasters_ahead() -> None:
    # From space 100 the break-in (50K, space 105) and the twister (125K,
    # space 110) lie ahead, and no chance to sell the house before them:
    # about 37K of expected losses. The Log Cabin's policy costs 20K.
    m = model_for(CLASSIC)
    loss, _ = H._house_road(m, at(CLASSIC, 100), False)
    assert 30_000 < -loss < 40_000
    for cash in (200_000, 1_000_000, 3_000_000):
        assert insured_choice(100, "log_cabin", cash) == Action("buy_insurance", "home")


def test_no_home_insurance_that_costs_far_more_than_the_losses() -> None:
    # From space 106 only the twister is left: about 17K expected; the
    # Victorian's policy costs 50K.
    for cash in (200_000, 1_000_000, 3_000_000):
        assert insured_choice(106, "victorian", cash) == Action("spin")


def test_a_clear_leader_pays_a_little_over_the_losses_to_be_rid_of_them() -> None:
    # From space 104: about 25K of expected losses; the Dutch Colonial's
    # policy costs 30K. A player who trails keeps the risk (and the 5K); a
    # player far ahead pays it, since only a disaster could cost the game.
    assert insured_choice(104, "dutch_colonial", 1_000_000) == Action("spin")
    assert insured_choice(104, "dutch_colonial", 2_600_000) == Action("buy_insurance", "home")


# ------------------------------------------------------------------ keeping or selling a house

SELL = [Action("sell_house"), Action("skip")]


def test_sells_an_uninsured_house_when_only_disasters_lie_ahead() -> None:
    # Classic space 81: selling spins the same resale table as retirement
    # would, and the break-in and the twister lie ahead: keeping only risks
    # losses, whoever leads.
    r = CLASSIC
    for cash in (100_000, 3_000_000):
        me = SeatInfo(space=at(r, 81), cash=cash, house=house(r, "tudor"))
        sit = situation(r, [me, SeatInfo(space=at(r, 70), cash=1_000_000)])
        assert decide(sit, SELL) == Action("sell_house")


@pytest.fixture(scope="module")
def royalties(tmp_path_factory: pytest.TempPathFactory) -> Ruleset:
    """Classic with space 83 paying $400,000 to house holders only (the
    chance of landing there from the STOP at 81 is about 1 in 10)."""
    text = (Path(lifespin.__file__).parent / "editions" / "data" / "classic"
            / "edition.toml").read_text(encoding="utf-8")
    text, n = re.subn(r'(id = 83\nlabel = "[^"]*"\neffect = "collect"\n)amount = 80000\n',
                      r'\1amount = 400000\nrequires = "house"\n', text)
    assert n == 1
    path = tmp_path_factory.mktemp("royalties") / "edition.toml"
    path.write_text(text, encoding="utf-8")
    return lifespin.load_edition(path).ruleset()


def test_keeps_a_house_that_collects_more_ahead_than_it_risks(royalties: Ruleset) -> None:
    # Seat 0 holds the Beach House (price 140K, resale 128K on average) at
    # space 81, and the deck is empty: once sold, the only house to buy is
    # this one, at a loss. So selling only makes sense to escape the road
    # ahead. With the royalties ahead (about 1 in 10 for 400K, to holders
    # only) the house brings more than the break-in and the twister take:
    # keep it. On the plain board the same position sells.
    def choice(r: Ruleset) -> Action:
        me = SeatInfo(space=at(r, 81), cash=100_000, house=house(r, "beach_house"))
        sit = situation(r, [me, SeatInfo(space=at(r, 70), cash=1_000_000)])
        sit.house_deck = ()
        return decide(sit, SELL)

    money, _ = H._house_road(model_for(royalties), at(royalties, 81), False)
    assert money > 0
    assert choice(royalties) == Action("skip")
    plain, _ = H._house_road(model_for(CLASSIC), at(CLASSIC, 81), False)
    assert plain < 0
    assert choice(CLASSIC) == Action("sell_house")


def test_sells_to_buy_a_better_house_when_the_deck_has_one() -> None:
    # An insured house risks nothing ahead, so keeping and selling it are
    # worth the same, but selling opens the deck: a player who trails sells
    # the Split-Level (resale 36K for a 40K house) to buy a house that
    # resells for more than its price, with a wider spin.
    r = CLASSIC
    me = SeatInfo(space=at(r, 81), cash=200_000, house=house(r, "split_level"), home=True)
    sit = situation(r, [me, SeatInfo(space=at(r, 70), cash=2_000_000)])
    assert decide(sit, SELL) == Action("sell_house")


def test_an_insured_house_is_kept_by_a_leader() -> None:
    # Insured, the house risks nothing ahead: selling gains nothing unless a
    # new house would, and none is worth its price and risk to a leader.
    r = CLASSIC
    me = SeatInfo(space=at(r, 81), cash=3_000_000, house=house(r, "tudor"), home=True)
    sit = situation(r, [me, SeatInfo(space=at(r, 70), cash=500_000)])
    assert decide(sit, SELL) == Action("skip")


def test_buys_the_house_with_the_best_chance_not_just_the_best_mean() -> None:
    # Past every disaster (space 111), houses differ only by price and resale
    # spin. A player far behind wants the widest spin; a leader wants the
    # surest gain; both buy one, since every house here gains on average.
    r = CLASSIC
    legal = [Action("buy_house", h.id) for h in r.houses] + [Action("skip")]
    m = model_for(r)
    gains = {h.id: m.resale_mean[h.index] - h.price for h in r.houses}
    behind = situation(r, [SeatInfo(space=at(r, 111), cash=400_000),
                           SeatInfo(space=at(r, 111), cash=3_000_000)])
    ahead = situation(r, [SeatInfo(space=at(r, 111), cash=3_000_000),
                          SeatInfo(space=at(r, 111), cash=400_000)])
    pick_behind, pick_ahead = decide(behind, legal), decide(ahead, legal)
    assert pick_behind.kind == pick_ahead.kind == "buy_house"
    assert gains[str(pick_behind.arg)] > 0 and gains[str(pick_ahead.arg)] > 0
    spread = {h.id: m.resale_var[h.index] for h in r.houses}
    assert spread[str(pick_behind.arg)] > spread[str(pick_ahead.arg)]


# ------------------------------------------------------------------ deterministic


@pytest.mark.parametrize("edition", ["classic", "2005"])
def test_choices_are_the_same_from_view_or_state_and_whatever_the_stream(edition: str) -> None:
    """Play a game; at every real decision the bot, asked through the view
    with two different streams, and the rollout door through the state, all
    choose the same action. The game must reach the choices this file is
    about (bets and house sales in 2005; house buys and sales in classic)."""
    state = new_game(edition, 4)
    bot = HeuristicBot()
    chance = Stream(derive_seed(17, 3))
    seen: set[str] = set()
    while state.tasks:
        cp = state.current_player
        if cp == CHANCE:
            state = state.apply(chance.pick(state.chance_outcomes()))
            continue
        legal = state.legal_actions()
        view = state.view(cp)
        a = bot.act(view, legal, Stream(1), rules=state.rules)
        if len(legal) > 1:
            assert bot.act(view, legal, Stream(2), rules=state.rules) == a
            assert H.policy(state, cp, legal) == a
            seen.add(state.phase)
        state = state.apply(a)
    assert {"sell_house", "buy_house"} <= seen
    if edition == "2005":
        assert "bet" in seen
