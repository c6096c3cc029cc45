"""The heuristic bot: the choices a sensible player makes, from the rules' arithmetic.

Every choice is an expected-money comparison worked out from the edition's
data, never a constant tuned to a seed or to one board:

* `Model` walks the board once per ruleset. For every space it computes, by
  dynamic programming over the spinner, the expected *features* of the rest of
  the road from there: Pay Days passed, spins, LIFE tiles drawn, money
  collected or paid, losses that car or home insurance would cancel, taxes
  and per-child bills, money paid to each career's holder, trade-salary and
  lose-your-job spaces, stock crashes... Forks count each lane with equal
  weight; STOP spaces end a move. A landing probability is therefore exact
  for the spinner (about 1/5.5 per space on a 1-10 wheel, less for the first
  few spaces after a stop) rather than a guess.
* A decision scores each legal action by the money it is expected to bring
  *this* player (their salary, children, insurance, career) and takes the best.
* Where money and winning part ways, by the chance of winning instead: each
  player's worth at the final count is taken as a normal variable (its mean
  from the road ahead, its variance from the squared amounts of the spaces
  ahead, the tiles, the resale spin, the Spin to Win rounds to come), and
  `p_win` is the chance of ending above the best of the rivals. A fair bet,
  a policy, a house and the Tycoon's spin are choices about spread as much
  as about money: a player who trails gains from a wider spread, a leader
  loses by it.

Information: the bot reads only what its seat may see. `HeuristicBot.act`
turns the seat's `view` dict, read against the ruleset it is handed (the
rules are public), into a `Situation`; the fast `policy` entry, used
for rollouts by the expert, builds the same `Situation` straight from a
(determinized) `State` and reads only its public fields (tile *counts*, never
tile values) and the seat's own Share the Wealth hand, which its view shows
it too. Both run the same `decide` function, so the two entries agree.

The same reasoning covers the other editions' choices, each by the chance of
winning: a gamble space's spin against its sure amount, an offered policy
against its price (the losses it cancels are a risk on one side only), a
Spin to Win stake (the wheel is fair, so a player who trails bets and a
clear leader stays out; a boost card's free numbers make any bet better than
fair), a house bought, kept or sold, and the 1960 Tycoon's spin, taken only
when its one-in-ten chance beats the chance of winning by driving on.
Lawsuits and Share the Wealth cards are aimed at the rival expected to
finish richest.

Loans are never repaid early: a note costs the same `loan_payback` at
retirement as before it, cash in hand earns nothing, and a player who runs
short after repaying must borrow a new note, which costs `loan_payback -
loan_amount` more. Repaying early can only lose money, so the bot keeps its
cash and lets retirement settle the notes. For the same reason it never
borrows at will: it borrows only through a purchase on credit that is worth
its price plus the notes' cost (a purchase borrows exactly its shortfall).
"""

from __future__ import annotations

from .decide import HeuristicBot, decide, policy, start_value
from .model import (
    F_AUTO,
    F_HOME,
    F_PAYDAY,
    F_SPIN,
    UNVALUED_EFFECTS,
    VALUED_EFFECTS,
    Model,
    model_for,
)
from .situation import (
    COUNTRYSIDE,
    PlayerLike,
    SeatInfo,
    Situation,
    situation_from_state,
    situation_from_view,
)
from .values import _house_road, projected_cash
from .winning import _Contest, best_of, p_win, worth_outlook

__all__ = [
    "COUNTRYSIDE",
    "F_AUTO",
    "F_HOME",
    "F_PAYDAY",
    "F_SPIN",
    "UNVALUED_EFFECTS",
    "VALUED_EFFECTS",
    "HeuristicBot",
    "Model",
    "PlayerLike",
    "SeatInfo",
    "Situation",
    "_Contest",
    "_house_road",
    "best_of",
    "decide",
    "model_for",
    "p_win",
    "policy",
    "projected_cash",
    "situation_from_state",
    "situation_from_view",
    "start_value",
    "worth_outlook",
]
