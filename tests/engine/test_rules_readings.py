"""Hand-checked scenarios for readings where the sources differ (life-rules.md §9b).

Each test plays to a position through the checked door (`State.play`) and
checks the rule the edition file chooses, and, where the other reading is a
house rule, that reading too. The amounts are worked out by hand in the
comments from src/lifespin/editions/data/*/edition.toml.
"""

from __future__ import annotations

from tests.engine.scenario import at, cash, conserved, spin, transfers
from tests.engine.scenario_more import drive, new

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
