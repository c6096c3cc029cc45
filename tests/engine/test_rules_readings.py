"""Hand-checked scenarios for readings where the sources differ (life-rules.md §9b).

Each test plays to a position through the checked door (`State.play`) and
checks the rule the edition file chooses, and, where the other reading is a
house rule, that reading too. The amounts are worked out by hand in the
comments from src/lifespin/editions/data/*/edition.toml.
"""

from __future__ import annotations

import pytest
from tests.engine.scenario import (
    TILE_EFFECTS,
    at,
    begin_career,
    cash,
    conserved,
    events,
    legs,
    spin,
    start,
    tiles_conserved,
    tour,
    transfers,
)
from tests.engine.scenario_more import drive, new

from lifespin import CHANCE
from lifespin.engine import events as ev

BANK = ev.BANK


# ---------------------------------------------------------------- 2005: retirement gift
# C-Java3's Receiver.retire(): "received a $10,000 retirement gift from each of
# their children" (money += 10000); P-gamerules101: "collect $10,000 per child
# from the bank". The retiree collects; no source has the retiree paying.

# A solo police officer (no house, no loans) with a son (36) and adopted twins
# (64), on the pension space (149), one step from retirement (150).
_TO_149 = ["20", "24", "30", "32", "36", "41", "48", "50", "52", "60", "64", "67", "75",
           "82", "89", "90", "99", "108", "109", "117", "118", "128", "132", "142", "149"]


def _solo_on_149():
    s = new("2005", ["Solo"], deals=["draw_tile:0", "draw_tile:1", "draw_tile:2",
                                     "draw_wealth:9", "draw_wealth:13", "draw_wealth:5"])
    s = drive(s, _TO_149, {"start": ["start:career"], "deal_career": ["deal_career:police"]})
    assert at(s, 0) == "149" and s.turn == 0
    return s


def test_2005_retiree_collects_10000_from_the_bank_for_each_child():
    s = _solo_on_149()
    p = s.players[0]
    assert (p.children, p.loans, p.house) == (3, 0, -1)
    before = s.players[0].cash
    s = spin(s, 1)  # 149 -> 150: retire
    assert at(s, 0) == "150"
    # No house to sell and no notes to repay: the only money is the gift,
    # 3 children x $10,000 = $30,000, from the bank to the retiree.
    assert transfers(s) == [(BANK, 0, 30_000, "child_gift")]
    assert cash(s) == [before + 30_000]
    assert s.phase == "retire_where"
    s = s.play("retire:countryside")  # no tile on the way to the countryside: the end
    assert s.is_terminal and s.results()[0]["breakdown"]["cash"] == before + 30_000
    assert conserved(s)


# ---------------------------------------------------------------- classic: the entertainer's double
# The card: two 8s, 9s or 10s spun in a row take the $100,000 salary card. The
# default reads it as the entertainer's own two spins; `entertainer_spins =
# "game"` compares the entertainer's spin with the wheel's spin just before it,
# whoever spun that (C-musictopia). Classic: the career start leads to 12 (Pay
# Day), 13 (pay 5,000), 14 (collect 10,000), 15 (Pay Day), ..., 19 (pay 5,000
# to the doctor: the bank here), ..., 22 (LIFE tile); everyone starts with 10,000.


def _entertainer_after_the_athletes_8(option: str):
    """Seat 0 (entertainer, $20,000) spins 3, seat 1 (athlete, $100,000) spins 8;
    seat 0 is to spin."""
    s = begin_career(start(options={"entertainer_spins": option}), "entertainer", "s20")
    s = spin(s, 3)  # 12 (+20,000), 13, lands on 14 (+10,000)
    assert at(s, 0) == "14" and cash(s)[0] == 10_000 + 20_000 + 10_000
    s = begin_career(s, "athlete", "s100")
    s = spin(s, 8)  # 12 (+100,000), 15 (+100,000), lands on 19 (-5,000)
    assert at(s, 1) == "19" and cash(s)[1] == 10_000 + 200_000 - 5_000
    return s


@pytest.mark.parametrize(("option", "swapped"), [("own", False), ("game", True)])
def test_entertainer_8_after_another_players_8(option: str, swapped: bool):
    s = _entertainer_after_the_athletes_8(option)
    s = spin(s, 8)  # 15 .. 22: Pay Day 15, a LIFE tile on 22
    assert at(s, 0) == "22"
    if swapped:
        # The wheel's last spin was seat 1's 8: the $100,000 card changes hands
        # before the car moves, so Pay Day 15 already pays it: 40,000 + 100,000.
        assert events(s)[:2] == [ev.Spun(0, 8, "move"), ev.SalaryTraded(0, 1)]
        assert transfers(s) == [(BANK, 0, 100_000, "payday")]
        assert cash(s) == [140_000, 205_000]
        assert (s.players[0].salary, s.players[1].salary) == (8, 0)  # s100, s20
    else:
        # Seat 0's own last spin was a 3: no pair; Pay Day 15 pays $20,000.
        assert not events(s, ev.SalaryTraded)
        assert transfers(s) == [(BANK, 0, 20_000, "payday")]
        assert cash(s) == [60_000, 205_000]
        assert (s.players[0].salary, s.players[1].salary) == (0, 8)
    assert conserved(s)


@pytest.mark.parametrize(("option", "swapped"), [("own", True), ("game", False)])
def test_entertainer_own_two_8s_with_another_spin_between(option: str, swapped: bool):
    s = begin_career(start(options={"entertainer_spins": option}), "entertainer", "s20")
    s = spin(s, 8)  # 12 and 15 (+40,000), lands on 19 (-5,000)
    assert cash(s)[0] == 45_000
    s = begin_career(s, "athlete", "s100")
    s = spin(s, 2)  # 12 (+100,000), lands on 13 (-5,000)
    assert cash(s)[1] == 105_000
    s = spin(s, 8)  # 20 .. 25 (STOP): Pay Day 23 on the way
    assert at(s, 0) == "25"
    if swapped:  # the entertainer's own previous spin was the 8
        assert events(s)[:2] == [ev.Spun(0, 8, "move"), ev.SalaryTraded(0, 1)]
        assert (BANK, 0, 100_000, "payday") in transfers(s)
    else:  # the wheel's previous spin was seat 1's 2
        assert not events(s, ev.SalaryTraded)
        assert (BANK, 0, 20_000, "payday") in transfers(s)
        assert s.last_spin == 8 and s.players[0].last_spin == 8
    assert conserved(s)


def test_entertainer_game_reading_is_described_and_the_default_is_own():
    from lifespin import load_edition
    from lifespin.engine.registry import ABILITIES

    ed = load_edition("classic")
    assert ed.default_options()["entertainer_spins"] == "own"
    own = ed.ruleset().career("entertainer").abilities[0]
    game = ed.ruleset({"entertainer_spins": "game"}).career("entertainer").abilities[0]
    assert (own.consecutive, game.consecutive) == ("own", "game")
    assert (own.numbers, own.salary) == (game.numbers, game.salary) == ((8, 9, 10), 100_000)
    describe = ABILITIES["double_spin_salary"].describe
    assert describe(own) == ("spin the same number (8, 9, 10) twice in a row: "
                             "take the $100,000 salary")
    assert describe(game) == ("spin the same number (8, 9, 10) twice in a row on the wheel: "
                              "take the $100,000 salary")


# ---------------------------------------------------------------- classic: a tie for the lead
# "Spin again unless you are in the lead" (space 74 and five more). By default a
# car level with the leader shares the lead (tests/engine/test_rules_ties.py);
# with `shared_lead = false` nobody leads on a tie and the tied car spins again
# (C-musictopia). The spin-again spaces each lie at their own distance from
# retirement, so cars tie only on the same space: these games let cars share
# spaces (`occupied_space_rule = false`).

_NO_SHARED_LEAD = {"occupied_space_rule": False, "shared_lead": False}


def _seat0_on_66_to_land_on_74(others: dict[int, str]):
    """Seat 0 (police) on 66 and to move; seat 1 (athlete) and seat 2 (teacher, if
    any) on the spaces in `others` (their last landings); then seat 0 spins 8:
    67 .. 74, nothing on the way but Pay Day 69."""
    picks = {"start": ["start:career"] * (1 + len(others)),
             "deal_career": ["police", "athlete", "teacher"][:1 + len(others)],
             "deal_salary": ["s20", "s90", "s30"][:1 + len(others)]}
    road = ["20", "25", "34", "36", "45", "55", "65"]
    plans = {0: ["21", "25", "35", "36", "46", "54", "64", "66"],
             **{seat: [*road, space] for seat, space in others.items()}}
    names = ["Ana", "Bo", "Cy"][:1 + len(others)]
    s = tour(start(names, options=_NO_SHARED_LEAD), plans, picks)
    assert s.turn == 0 and s.phase == "turn" and at(s, 0) == "66"
    assert [at(s, seat) for seat in others] == list(others.values())
    s = spin(s, 8)
    assert at(s, 0) == "74"
    assert events(s, ev.Moved) == [ev.Moved(0, ("67", "68", "69", "70", "71", "72", "73",
                                                 "74"))]
    return s


@pytest.mark.parametrize(
    ("others", "again"),
    [
        ({1: "73"}, False),  # one space behind: seat 0 leads alone
        ({1: "74"}, True),  # level: nobody leads, seat 0 spins again (default: it does not)
        ({1: "75"}, True),  # one space ahead
        ({1: "74", 2: "73"}, True),  # level with seat 1, seat 2 behind
        ({1: "72", 2: "73"}, False),  # both behind
    ],
)
def test_without_a_shared_lead_a_tied_car_spins_again(others: dict[int, str], again: bool):
    s = _seat0_on_66_to_land_on_74(others)
    assert s.rules.shared_lead is False
    if again:
        assert s.phase == "spin" and s.turn == 0 and s.current_player == CHANCE
        s = spin(s, 2)  # 75, 76: taxes (the police officer's 20,000 salary card: 5,000)
        assert at(s, 0) == "76" and s.turn == 1
        assert transfers(s) == [(0, BANK, 5_000, "taxes")]
    else:
        assert s.phase == "turn" and s.turn == 1 and s.current_player == 1
        assert events(s)[-1] == ev.TurnStarted(1)
    assert conserved(s)


def test_the_tie_reading_is_a_rule_the_space_names():
    from lifespin import load_edition
    from lifespin.engine.registry import EFFECTS

    ed = load_edition("classic")
    assert ed.default_options()["shared_lead"] is True
    shared, alone = ed.ruleset(), ed.ruleset({"shared_lead": False})
    assert (shared.shared_lead, alone.shared_lead) == (True, False)
    describe = EFFECTS["spin_again_unless_leading"].describe
    assert describe(shared.space("74"), shared) == "spin again unless you are in the lead"
    assert describe(alone.space("74"), alone) == "spin again unless you are in the lead alone"


# ---------------------------------------------------------------- retiring with an empty pile
# Classic: 25 LIFE tiles, 4 dealt to the estates, 21 in the pile; retiring to
# Countryside Acres earns one more tile. Two cars that may share spaces follow
# the same 17 landings from the career start to 147, 13 of which give a tile
# (LIFE spaces, the wedding on 25, the baby on 46). Turn by turn (a STOP gives
# another spin in the same turn) each car takes 1, 2 (25 and 35), then 1 tile a
# turn on 46, 55, 69, 72, 87, 101 and 102: 10 tiles each, 20 from the pile.
# Nobody draws on 112; then seat 0 lands on 121 and takes the 21st and last
# tile (11 : 10). From then on a LIFE space takes a tile from the other car:
# seat 1 on 121 (10 : 11), seat 0 on 130 (11 : 10), seat 1 on 130 (10 : 11),
# and the same again on 140 (10 : 11). Seat 0 retires to the estates (no tile
# there) with 10 tiles; seat 1 retires to the countryside with 11, owed a tile
# the pile no longer has.


def _both_retire(option: bool):
    s = start(["Ana", "Bo"], options={"occupied_space_rule": False,
                                       "bonus_tile_from_players": option})
    plan = legs(s.rules, "career", "147", prefer=TILE_EFFECTS)
    assert len(plan) == 17
    assert sum(s.rules.space(x).effect in TILE_EFFECTS for x in plan) == 13
    picks = {"start": ["start:career"] * 2, "deal_career": ["police", "athlete"],
             "deal_salary": ["s20", "s90"], "retire_where": ["retire:estates"]}
    s = tour(s, {0: plan, 1: plan}, picks, strict=False,
             until=lambda st: st.phase == "retire_where" and st.current_player == 1)
    assert not s.tile_pile and [len(p.tiles) for p in s.players] == [10, 11]
    assert s.players[0].retired and at(s, 1) == "147"
    return s.play("retire:countryside")


def test_countryside_tile_with_an_empty_pile_is_taken_from_another_player():
    s = _both_retire(True)
    # Seat 0, at the estates, is the only player seat 1 may take from: one of
    # its 10 tiles, at random (the chance node lists them).
    assert s.phase == "steal_tile"
    assert [a.arg for a in s.chance_outcomes()] == list(s.players[0].tiles)
    taken = s.players[0].tiles[0]
    s = s.play(f"take_tile:{taken}")
    assert events(s)[0] == ev.TileTaken(1, "seat 0")
    assert taken in s.players[1].tiles and taken not in s.players[0].tiles
    # The estates' 4 tiles then go to seat 0, the only (so the richest) player there.
    s = s.play("take_tile:0").play("take_tile:1").play("take_tile:2").play("take_tile:3")
    assert s.is_terminal
    assert [len(p.tiles) for p in s.players] == [10 - 1 + 4, 11 + 1]
    assert tiles_conserved(s)


def test_countryside_tile_with_an_empty_pile_is_lost_under_the_house_rule():
    s = _both_retire(False)
    # No tile to give: straight to the estates' 4 tiles for seat 0.
    assert s.phase == "estates_deal"
    assert not events(s, ev.TileTaken)
    s = s.play("take_tile:0").play("take_tile:1").play("take_tile:2").play("take_tile:3")
    assert s.is_terminal
    assert [len(p.tiles) for p in s.players] == [10 + 4, 11]
    assert tiles_conserved(s)


# 2005: 25 tiles, 3 at the estates, 22 in the pile; a player who retires to
# Millionaire Estates takes one tile on arrival (C-Java3, whose arrival tile is
# drawn like a LIFE space's: from another player once the pile is empty). Three
# cars that may share spaces follow the same 16 landings from the career start
# to 150, 8 of them with a tile; with the same plan, each car's k-th tile comes
# in the same turn, in seat order. The 22 pile tiles last until seat 0's 8th
# (on 142: 3 x 7 + 1); seats 1 and 2 then land on 142 with the pile empty and
# each takes one from the first player offered, seat 0: 8 - 2, 8 and 8.


def _2005_seat0_retires(option: bool):
    s = new("2005", ["Ana", "Bo", "Cy"],
            options={"occupied_space_rule": False, "bonus_tile_from_players": option},
            deals=["draw_tile:0", "draw_tile:1", "draw_tile:2",
                   *(f"draw_wealth:{c}" for c in (9, 10, 11, 13, 14, 15, 17, 18, 19))])
    plan = legs(s.rules, "career", "150", prefer=TILE_EFFECTS)
    assert len(plan) == 16 and plan[-2:] == ["142", "150"]
    assert sum(s.rules.space(x).effect in TILE_EFFECTS for x in plan) == 8
    jobs = ["deal_career:police", "deal_career:mechanic", "deal_career:salesperson"]
    s = drive(s, {0: plan[:-1], 1: plan[:-1], 2: plan[:-1]},
              {"start": ["start:career"] * 3, "deal_career": jobs})
    assert [at(s, seat) for seat in range(3)] == ["142"] * 3 and s.turn == 0
    assert not s.tile_pile and [len(p.tiles) for p in s.players] == [6, 8, 8]
    s = spin(s, 8)  # 143 .. 150
    assert at(s, 0) == "150" and s.phase == "retire_where"
    return s.play("retire:estates")


def test_2005_estates_tile_with_an_empty_pile_is_taken_from_another_player():
    s = _2005_seat0_retires(True)
    # Two players to take from, both still on the road: the retiree chooses.
    assert s.phase == "steal_from" and s.current_player == 0
    assert [str(a) for a in s.legal_actions()] == ["take_from:1", "take_from:2"]
    s = s.play("take_from:2")
    assert [a.arg for a in s.chance_outcomes()] == list(s.players[2].tiles)
    s = s.play(str(s.chance_outcomes()[0]))
    assert events(s)[0] == ev.TileTaken(0, "seat 2")
    assert [len(p.tiles) for p in s.players] == [6 + 1, 8, 8 - 1]
    assert s.phase == "turn" and s.turn == 1 and tiles_conserved(s)


def test_2005_estates_tile_with_an_empty_pile_is_lost_under_the_house_rule():
    s = _2005_seat0_retires(False)
    assert not events(s, ev.TileTaken)
    assert [len(p.tiles) for p in s.players] == [6, 8, 8]
    assert s.phase == "turn" and s.turn == 1 and tiles_conserved(s)


# ---------------------------------------------------------------- 2005: Spin to Win numbers
# Spin to Win (space 50 and nine more): every player still on the road, the
# lander first, may stake $10,000 to $50,000 in steps of $10,000 on a number; the
# lander spins and the bank pays each stake on the number 10 times over. By
# default a number another player covers is taken; with `shared_bet_numbers`
# (C-Java3) players may cover the same number, but nobody covers one twice.
# Seat 1 (police) lands on 50; seats 0 (salesperson) and 2 (mechanic) crawl one
# space a turn. Share the Wealth hands: seat 0 collect, collect, exemption;
# seat 1 a boost of 2 tokens, pay, exemption; seat 2 a boost of 4, collect,
# exemption.


def _bets_open_on_50(shared: bool):
    s = new("2005", ["Ana", "Bo", "Cy"], options={"shared_bet_numbers": shared},
            deals=["draw_tile:0", "draw_tile:1", "draw_tile:2",
                   *(f"draw_wealth:{c}" for c in (0, 1, 9, 13, 5, 10, 17, 2, 11))])
    plan1 = ["20", "24", "30", "32", "41", "48"]
    s = drive(s, {0: [1] * 7, 1: plan1, 2: [1] * 6},
              {"start": ["start:career"] * 3,
               "deal_career": ["deal_career:salesperson", "deal_career:police",
                               "deal_career:mechanic"]})
    assert s.turn == 1 and at(s, 1) == "48"
    s = spin(s, 2)  # 49, 50
    assert at(s, 1) == "50" and s.phase == "bet" and s.current_player == 1
    assert min(cash(s)) >= 50_000  # everyone can stake the most
    return s


def _labels(s) -> list[str]:
    return [str(a) for a in s.legal_actions()]


def test_spin_to_win_players_share_a_number_under_the_house_rule():
    s = _bets_open_on_50(True)
    before = cash(s)
    s = s.play("bet:7-20000").play("play_card:boost")
    # Boost tokens: any number but the bettor's own 7.
    assert _labels(s) == [f"token:{n}" for n in (1, 2, 3, 4, 5, 6, 8, 9, 10)] + ["skip"]
    s = s.play("token:3")
    assert "token:3" not in _labels(s) and "token:7" not in _labels(s)
    s = s.play("token:9")
    # Seat 2 may cover 7, 3 and 9 too.
    assert s.current_player == 2 and "bet:7-50000" in _labels(s)
    assert len(_labels(s)) == 10 * 5 + 1  # every number at five stakes, or skip
    s = s.play("bet:7-50000").play("skip")  # keeps its boost card
    assert s.current_player == 0 and "bet:3-10000" in _labels(s)
    s = s.play("bet:3-10000")
    assert s.bets == ((1, 7, 20_000), (1, 3, 20_000), (1, 9, 20_000), (2, 7, 50_000),
                      (0, 3, 10_000))
    s = s.play("spun:7")  # the lander spins a 7: both tokens on 7 win
    # Seat 1: 10 x 20,000 = 200,000; seat 2: 10 x 50,000 = 500,000; seat 0 lost 10,000.
    assert transfers(s) == [(BANK, 1, 200_000, "spin_to_win"),
                            (BANK, 2, 500_000, "spin_to_win")]
    after = cash(s)
    assert [a - b for a, b in zip(after, before, strict=True)] == [
        -10_000, -20_000 + 200_000, -50_000 + 500_000]
    assert s.bets == () and conserved(s)


def test_spin_to_win_numbers_are_taken_by_default():
    s = _bets_open_on_50(False)
    before = cash(s)
    s = s.play("bet:7-20000").play("play_card:boost").play("token:3").play("token:9")
    # Seat 2 chooses among the 7 numbers left: 1, 2, 4, 5, 6, 8 and 10.
    assert s.current_player == 2
    assert _labels(s) == [f"bet:{n}-{k}0000" for n in (1, 2, 4, 5, 6, 8, 10)
                          for k in range(1, 6)] + ["skip"]
    s = s.play("bet:8-50000").play("skip")
    assert s.current_player == 0 and not any(a.startswith(("bet:3-", "bet:7-", "bet:8-"))
                                             for a in _labels(s))
    s = s.play("bet:5-10000")
    s = s.play("spun:7")  # only seat 1 is on 7: 10 x 20,000
    assert transfers(s) == [(BANK, 1, 200_000, "spin_to_win")]
    after = cash(s)
    assert [a - b for a, b in zip(after, before, strict=True)] == [
        -10_000, -20_000 + 200_000, -50_000]
    assert conserved(s)


# ---------------------------------------------------------------- every other reading at once
# Random games with every house rule above set to its other reading pass the
# conformance checks (money and tiles conserved, events explain every change,
# the game ends), and show the readings at work.

_OTHER_READINGS = {
    "classic": {"entertainer_spins": "game", "shared_lead": False,
                "bonus_tile_from_players": False, "occupied_space_rule": False},
    "2005": {"shared_bet_numbers": True, "bonus_tile_from_players": False},
}


@pytest.mark.parametrize("edition", sorted(_OTHER_READINGS))
def test_random_games_under_the_other_readings(edition: str):
    from tests.engine.test_conformance import Tracker, check_results, playout

    options = _OTHER_READINGS[edition]
    shared_numbers = tied_spins = 0
    for players in (2, 4, 6):
        for seed in range(12):
            tracker = None
            for parent, action, state in playout(edition, options, players, seed):
                if parent is None:
                    tracker = Tracker(state)
                    continue
                assert tracker is not None and action is not None
                tracker.step(parent, action, state)
                numbers = [n for _, n, _ in state.bets]
                shared_numbers += len(numbers) != len(set(numbers))
                tied_spins += _tied_and_spins_again(state)
            assert tracker is not None
            tracker.finish(state)
            check_results(state)
    if edition == "2005":
        assert shared_numbers  # two players on one number at some Spin to Win
    else:
        assert tied_spins  # a car level with the leader spun again


def _tied_and_spins_again(s) -> bool:
    """The last action left a car on a spin-again-unless-leading space level
    with the car furthest ahead, and the car spins again."""
    moved = [e for e in s.events if isinstance(e, ev.Moved)]
    if not moved or s.phase != "spin" or s.turn != moved[-1].seat:
        return False
    seat = moved[-1].seat
    here = s.players[seat].space
    sp = s.rules.spaces[here]
    if sp.effect != "spin_again_unless_leading":
        return False
    others = [q for i, q in enumerate(s.players) if i != seat]
    nearest = min((s.rules.spaces[q.space].to_retire for q in others if q.space >= 0),
                  default=-1)
    return not any(q.retired for q in others) and nearest == sp.to_retire
