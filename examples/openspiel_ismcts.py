"""OpenSpiel's information-set MCTS plays lifespin through the OpenSpiel door.

One seat is OpenSpiel's `ISMCTSBot` (information-set Monte Carlo tree search:
each simulation re-deals what that seat cannot see, with the game's
`resample_from_infostate`, then searches; leaves are valued by random
rollouts that sample chance nodes from their exact odds). The other seats are
random players: OpenSpiel's uniform random bot, or lifespin's random bot
(``--opponent lifespin``), which picks from lifespin's legal list with its own
stream. The searching seat moves round the table from game to game. Chance is
drawn from lifespin's stream (``Stream(batch_seed(seed, game))``), so a run
is reproducible.

    python examples/openspiel_ismcts.py [--games 40] [--simulations 100]
        [--edition docs/examples/weekend.toml] [--players 2] [--opponent uniform]

It prints the searching seat's share of the wins with a 95% Wilson interval
(a random seat's share is 1/players), and the time per searched move.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pyspiel
from open_spiel.python.algorithms import ismcts, mcts

import lifespin.envs.openspiel as los
from lifespin.bots import make_bot
from lifespin.rng import Stream, derive_seed
from lifespin.sim.driver import batch_seed
from lifespin.sim.stats import wilson_interval

WEEKEND = str(Path(__file__).resolve().parent.parent / "docs" / "examples" / "weekend.toml")


def searcher(game: Any, simulations: int, rollouts: int, uct_c: float,
             seed: int) -> Any:
    """An ISMCTS bot whose every random choice comes from one seeded generator."""
    rs = np.random.RandomState(seed % (1 << 32))
    bot = ismcts.ISMCTSBot(
        game,
        mcts.RandomRolloutEvaluator(n_rollouts=rollouts, random_state=rs),
        uct_c=uct_c,
        max_simulations=simulations,
        random_state=rs,
    )
    bot.set_resampler(
        lambda state, player: state.resample_from_infostate(player, rs.random_sample))
    return bot


def play(game: Any, seat: int, seed: int, args: argparse.Namespace) -> tuple[float, int, float]:
    """One game with the searcher at `seat`: its win share, how many moves it
    searched and the seconds they took."""
    n = game.num_players()
    bot = searcher(game, args.simulations, args.rollouts, args.uct_c, seed)
    others = {p: pyspiel.make_uniform_random_bot(p, derive_seed(seed, 3, p) % (1 << 31))
              for p in range(n) if p != seat}
    lifespin_random = make_bot("random")
    chance = Stream(seed)
    state = game.new_initial_state()
    searched, seconds = 0, 0.0
    while not state.is_terminal():
        cp = state.current_player()
        if state.is_chance_node():
            action = state.chance_from_stream(chance)
        elif cp == seat:
            t0 = time.perf_counter()
            action = bot.step(state)
            seconds += time.perf_counter() - t0
            searched += 1
        elif args.opponent == "lifespin":
            s = state.lifespin_state
            rng = Stream(derive_seed(seed, 1, cp, s.move_number))
            choice = lifespin_random.act(None, s.legal_actions(), rng, rules=s.rules)
            action = state.action_index(choice)
        else:
            action = others[cp].step(state)
        state.apply_action(action)
    return state.returns()[seat], searched, seconds


def main(argv: Sequence[str] | None = None) -> dict[str, float]:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--games", type=int, default=40)
    ap.add_argument("--edition", default=WEEKEND)
    ap.add_argument("--players", type=int, default=2)
    ap.add_argument("--simulations", type=int, default=100,
                    help="ISMCTS simulations per searched move")
    ap.add_argument("--rollouts", type=int, default=1, help="random rollouts per leaf")
    ap.add_argument("--uct-c", type=float, default=1.4)
    ap.add_argument("--opponent", choices=("uniform", "lifespin"), default="uniform")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10_000))  # ISMCTS recurses per step

    game = los.load(args.edition, args.players)
    game.new_initial_state().information_state_tensor(0)  # compile the encoding before timing
    wins = 0.0
    searched, seconds = 0, 0.0
    t0 = time.perf_counter()
    for i in range(args.games):
        share, moves, secs = play(game, i % args.players, batch_seed(args.seed, i), args)
        wins += share
        searched += moves
        seconds += secs
    wall = time.perf_counter() - t0
    lo, hi = wilson_interval(wins, args.games)
    share = wins / args.games if args.games else 0.0
    per_move = seconds / searched if searched else 0.0
    print(f"ISMCTS ({args.simulations} simulations, {args.rollouts} rollout(s) a leaf, "
          f"uct_c {args.uct_c:g}) against {args.opponent} random, {game}")
    print(f"games {args.games}: win share {share:.3f} (95% interval {lo:.3f}-{hi:.3f}; "
          f"a random seat: {1 / args.players:.3f})")
    print(f"searched moves {searched}: {per_move * 1000:.1f} ms a move; "
          f"{wall / max(args.games, 1):.2f} s a game")
    return {"games": args.games, "win_share": share, "low": lo, "high": hi,
            "ms_per_move": per_move * 1000}


if __name__ == "__main__":
    main()
