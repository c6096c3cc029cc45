"""Hand-checked ties: for the lead at "spin again unless leading", and in the final count.

Classic rules (src/lifespin/editions/data/classic/edition.toml, effect
`spin_again_unless_leading`): a car that lands on such a space spins again
unless it is leading, and a car leads unless another car is retired or strictly
nearer retirement. A tie for the lead is leading: no extra spin. No two spaces
of the classic board are the same distance from retirement, so two cars tie
only on the same space: these games turn the occupied-space rule off
(`occupied_space_rule = false`), which lets cars share any space.

Final count: players with equal worth share a rank; everyone ranked first wins.

Space ids are the board's numbers; tile N is the (N+1)th tile of the edition
(tiles 0-6 are $50,000, 7-12 $100,000, 13-17 $150,000, 18-21 $200,000, 22-24
$250,000). `scenario.start` deals tiles 0-3 to the estates.
"""

from __future__ import annotations

import pytest
from tests.engine.scenario import at, cash, conserved, events, legs, spin, start, tour

from lifespin import CHANCE
from lifespin.engine import events as ev

SHARED = {"occupied_space_rule": False}


def career_start_picks(*cards: tuple[str, str]) -> dict[str, list[str]]:
    """`tour` picks that start each seat in turn on the career path with these cards."""
    return {
        "start": ["start:career"] * len(cards),
        "deal_career": [c for c, _ in cards],
        "deal_salary": [s for _, s in cards],
    }


# ---------------------------------------------------------------- spin again unless leading


def _seat0_on_66(players: int, others: dict[int, list[str]]):
    """Cars may share spaces. Seat 0 (police) ends on 66 (Pay Day) and seat 1 (athlete)
    on 65, as in test_rules_classic; seat 2 (teacher), if any, lands where seat 1 does.
    Seat 1 (and seat 2) then take one more turn each, to the spaces in `others`; seat 0
    is to move, 8 spaces (67 .. 74) from space 74."""
    plans = {0: ["21", "25", "35", "36", "46", "54", "64", "66"],
             1: ["20", "25", "34", "36", "45", "55", "65", *others[1]]}
    cards = [("police", "s20"), ("athlete", "s90"), ("teacher", "s30")][:players]
    names = ["Ana", "Bo", "Cy"][:players]
    if players == 3:
        plans[2] = [*plans[1][:-len(others[1])], *others[2]]
    s = tour(start(names, options=SHARED), plans, career_start_picks(*cards))
    assert s.turn == 0 and s.phase == "turn" and at(s, 0) == "66"
    return s


def _lands_on_74(s):
    s = spin(s, 8)
    assert at(s, 0) == "74"
    assert events(s, ev.Moved) == [ev.Moved(0, ("67", "68", "69", "70", "71", "72", "73",
                                                 "74"))]
    assert s.rules.spaces[s.players[0].space].effect == "spin_again_unless_leading"
    return s


def _spins_again(s) -> bool:
    """After landing: another move spin for seat 0 in the same turn, or the next seat's turn."""
    if s.phase == "spin" and s.turn == 0:
        assert s.current_player == CHANCE
        return True
    assert s.phase == "turn" and s.turn == 1 and s.current_player == 1, s.describe()
    assert events(s)[-1] == ev.TurnStarted(1)
    return False


@pytest.mark.parametrize(
    ("other", "again"),
    [
        ("73", False),  # seat 1 one space behind: seat 0 leads
        ("74", False),  # seat 1 on the same space: a tie for the lead is leading
        ("75", True),  # seat 1 one space ahead: seat 0 is behind and spins again
    ],
)
def test_spin_again_unless_leading_against_one_car(other: str, again: bool):
    s = _seat0_on_66(2, {1: [other]})
    assert at(s, 1) == other
    s = _lands_on_74(s)
    assert [e.value for e in events(s, ev.Spun)] == [8]  # one spin so far
    assert _spins_again(s) is again
    if again:
        s = spin(s, 2)  # 75 (shared with seat 1), 76: taxes
        assert at(s, 0) == "76" and s.turn == 1
    assert conserved(s)


def test_tied_for_the_lead_on_the_space_itself_does_not_spin_again():
    """Both cars on 74, the mover tied with the other: the tie is leading, so the turn
    passes to seat 1 (were a tie counted as behind, seat 0 would spin again)."""
    s = _seat0_on_66(2, {1: ["74"]})
    # Seat 1 landed on 74 with seat 0 behind on 66: it led, and did not spin again.
    assert at(s, 1) == "74" and s.players[1].space == s.rules.space_index["74"]
    s = _lands_on_74(s)
    assert s.players[0].space == s.players[1].space  # a tie: the same distance to retire
    assert s.phase == "turn" and s.turn == 1 and s.current_player == 1
    # seat 1's turn now, not a second spin of seat 0
    assert s.legal_actions()[0].kind == "spin"
    assert [str(a) for a in s.chance_outcomes()] == []


@pytest.mark.parametrize(
    ("seat1", "seat2", "again"),
    [
        ("74", "73", False),  # tied with seat 1, seat 2 behind: leading
        ("74", "74", False),  # a three-way tie: leading
        ("74", "75", True),  # tied with seat 1, but seat 2 is ahead
        ("73", "75", True),  # seat 2 ahead
    ],
)
def test_spin_again_unless_leading_against_two_cars(seat1: str, seat2: str, again: bool):
    s = _seat0_on_66(3, {1: [seat1], 2: [seat2]})
    assert (at(s, 1), at(s, 2)) == (seat1, seat2)
    s = _lands_on_74(s)
    assert _spins_again(s) is again
    assert conserved(s)


def test_a_retired_car_is_ahead_of_everyone():
    """Seat 1 races to retirement in 15 turns while seat 0 crawls to 66 in 17; then
    seat 0, the only car on the road, lands on 74 and still spins again. (The retired
    car sits on 147, no steps from retirement, so it is ahead by distance too.)"""
    s = start(["Ana", "Bo"], options=SHARED)
    fast = legs(s.rules, "career", "147")
    slow = legs(s.rules, "career", "66", reach=3)
    assert (len(fast), len(slow)) == (15, 17)
    s = tour(s, {0: slow, 1: fast},
             {**career_start_picks(("police", "s20"), ("athlete", "s90")),
              "retire_where": ["retire:countryside"]})
    assert s.players[1].retired and at(s, 0) == "66" and s.turn == 0
    s = _lands_on_74(s)
    assert s.phase == "spin" and s.turn == 0 and s.current_player == CHANCE


# ---------------------------------------------------------------- a tie in the final count

# Two players whose cars may share spaces. The $30,000 earner (seat 1) pays the
# difference over the $20,000 earner (seat 0) across 19 Pay Days (190,000): 103
# (-90,000, to the bank) and 123 (-100,000, nobody is the doctor). Neither lands on a
# tax, baby, trade, pension or career space of the other's. Both retire with
# 10,000 + 19 x 20,000 = 390,000 to the countryside.
_COMMON = ["21", "25", "35", "36", "43", "52", "68", "75", "81", "89"]
_PLANS = {
    0: [*_COMMON, "102", "111", "121", "131", "140", "147"],
    1: [*_COMMON, "103", "111", "121", "123", "133", "143", "147"],
}
# The tiles each seat draws, the countryside tile last:
#   seat 0: 3 x 50,000 + 2 x 100,000 + 200,000 + 250,000 (countryside) = 800,000
#   seat 1: 4 x 100,000 + 150,000 + 250,000 (countryside) = 800,000
_TILES = {0: [4, 5, 6, 7, 8, 18, 22], 1: [9, 10, 11, 12, 13, 23]}


def _tied_retirement(extra: dict[int, int] | None = None):
    tiles = {k: list(v) for k, v in _TILES.items()}
    for seat, tile in (extra or {}).items():
        tiles[seat][-1] = tile

    def draw(st):  # the drawing seat's next tile
        return f"draw_tile:{tiles[st.turn].pop(0)}"

    s = start(["Ana", "Bo"], options=SHARED)
    picks = {**career_start_picks(("teacher", "s20"), ("salesperson", "s30")),
             "draw_tile": draw, "retire_where": ["retire:countryside"] * 2}
    s = tour(s, _PLANS, picks)
    assert s.is_terminal
    assert tiles == {0: [], 1: []}, "every planned tile drawn"
    return s


def test_equal_worth_shares_first_place_and_both_win():
    s = _tied_retirement()
    assert cash(s) == [390_000, 390_000] and [p.paydays for p in s.players] == [19, 19]
    rows = s.results()
    assert [(r["seat"], r["worth"], r["rank"], r["winner"]) for r in rows] == [
        (0, 1_190_000, 1, True), (1, 1_190_000, 1, True)]
    for r in rows:
        assert r["breakdown"] == {"cash": 390_000, "house_sale": 0, "loans": 0,
                                  "life_tiles": 800_000, "estates_bonus": 0}
        assert r["retired"] == "countryside"
    assert [e for e in events(s) if isinstance(e, ev.GameOver)] == [ev.GameOver((0, 1))]
    assert s.view(None)["results"] == rows
    assert conserved(s)


def test_one_tile_less_breaks_the_tie():
    # seat 1's countryside tile is a 200,000 one: seat 0 alone wins
    s = _tied_retirement({1: 21})
    rows = s.results()
    assert [(r["seat"], r["worth"], r["rank"], r["winner"]) for r in rows] == [
        (0, 1_190_000, 1, True), (1, 1_140_000, 2, False)]
    assert ev.GameOver((0,)) in events(s)
