"""How often each bot makes each choice, per edition: one bot type in every seat.

    python benchmarks/choice_rates.py [--games 400] [--players 4] [--seed 2026]
                                      [--bot heuristic] [--bot random] [--edition classic]
                                      [--jobs 2] [--json out.json]

For each edition and bot, plays `--games` games with that bot in every seat
(game i seeded `batch_seed(seed, i)`, as the simulator does: lifespin.sim)
and counts, at every decision with more than one legal action, what was
chosen. Rates are per opportunity:

* a decision of its own (a fork, Spin to Win, selling the house, night
  school, a salary trade, where to retire, the Tycoon gamble, an offered
  policy, ...): the share of those decisions that took each option;
* a buy on the turn menu (auto or homeowner's insurance, stock): the share
  of players who bought it at least once among those offered it at least
  once in the game (the menu comes back every turn, so per decision would
  count the same refusal many times).

Spin to Win also shows the mean stake of the bets placed (boost tokens ride
the stake of the bet, so they are counted apart). One table per edition, a
column per bot.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor

import lifespin
from _common import machine
from lifespin.bots import make_bot
from lifespin.editions import new_game
from lifespin.engine import Action, State
from lifespin.engine.ruleset import Ruleset
from lifespin.sim.driver import batch_seed, play_state

EDITIONS = ("classic", "2005", "1960")
MENU_BUYS = ("buy_insurance", "buy_stock", "trade_tiles", "second_career")
"""Turn-menu actions counted once per player and game (offered / taken)."""


def _menu_key(a: Action) -> str:
    return f"{a.kind}:{a.arg}" if a.kind == "buy_insurance" else a.kind


def _lane(rules: Ruleset, arg: object) -> str:
    sp = rules.spaces[rules.space_index[str(arg)]]
    return sp.branch or sp.label or str(sp.id)


def play_one(args: tuple[str, int, int, int, str]) -> Counter[str]:
    """Game `index` of the batch seeded `seed`, `bot` in every seat: the
    choice counts (keys 'phase|group|option', and 'menu|offered|X' /
    'menu|took|X' per seat for the turn menu's buys)."""
    edition, players, seed, index, bot = args
    state = new_game(edition, players)
    rules = state.rules
    counts: Counter[str] = Counter()
    offered: set[tuple[int, str]] = set()
    took: set[tuple[int, str]] = set()

    def on_decision(s: State, action: Action) -> None:
        legal = s.legal_actions()
        if len(legal) < 2:
            return
        phase = s.phase
        seat = s.current_player
        kinds = {a.kind for a in legal}
        if phase == "turn":
            for a in legal:
                if a.kind in MENU_BUYS:
                    offered.add((seat, _menu_key(a)))
            if action.kind in MENU_BUYS:
                took.add((seat, _menu_key(action)))
            if action.kind == "start":
                counts[f"start||{_lane(rules, action.arg)}"] += 1
            return
        group, option = "", action.kind
        if phase == "branch":
            group = " / ".join(_lane(rules, a.arg) for a in legal)
            option = _lane(rules, action.arg)
        elif phase == "bet":
            if "bet" in kinds:
                group = "stake"
                if action.kind == "bet":
                    counts["bet|stake|sum"] += int(str(action.arg).rpartition("-")[2])
            elif "token" in kinds:
                group = "boost token"
            else:
                group = "boost card"
        elif phase == "buy_house":
            # The first house, or one bought after selling (or where an owner may sell).
            here = s.players[seat].space
            group = rules.spaces[here].label if here >= 0 else ""
        elif phase == "offer":
            group = str(next(a.arg for a in legal if a.kind == "buy_policy"))
        elif phase == "retire_where":
            option = str(action.arg)
        elif phase in ("steal_from", "sue", "revenge", "lucky", "free_stock", "return_stock",
                       "choose_career", "choose_salary", "play_pay"):
            return  # whom or which card: no rate to read
        counts[f"{phase}|{group}|{option}"] += 1

    play_state(state, batch_seed(seed, index), [make_bot(bot) for _ in range(players)],
               on_decision)
    for _, key in offered:
        counts[f"menu|offered|{key}"] += 1
    for _, key in took:
        counts[f"menu|took|{key}"] += 1
    return counts


def run(edition: str, bot: str, games: int, players: int, seed: int,
        jobs: int) -> Counter[str]:
    work = [(edition, players, seed, i, bot) for i in range(games)]
    total: Counter[str] = Counter()
    results: Iterator[Counter[str]]
    if jobs <= 1:
        results = map(play_one, work)
        for c in results:
            total.update(c)
        return total
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        for c in pool.map(play_one, work, chunksize=max(1, games // (jobs * 8))):
            total.update(c)
    return total


_TITLES = {
    "start": "Start",
    "branch": "Fork",
    "bet": "Spin to Win",
    "buy_house": "Buy a house",
    "sell_house": "Sell the house",
    "night_school": "Night school",
    "trade_salary": "Trade salary",
    "retire_where": "Retire to",
    "tycoon": "Tycoon gamble",
    "offer": "Policy offered",
    "gamble": "Gamble space",
    "exempt": "Exemption card",
    "play_collect": "Collect card",
}
_OPTION = {"skip": "no", "acres": "drive on", "tycoon": "bet the game", "keep": "take the sure sum",
           "gamble": "gamble", "buy_policy": "buy", "play_card": "play", "token": "place",
           "sell_house": "sell", "buy_house": "buy", "night_school": "go",
           "trade_salary": "trade", "bet": "bet"}
_MENU = {"buy_insurance:auto": "auto insurance (turn menu)",
         "buy_insurance:home": "homeowner's insurance (turn menu)",
         "buy_stock": "stock (turn menu)", "trade_tiles": "tiles for salary (turn menu)",
         "second_career": "second career (turn menu)"}


def rows(counts: Counter[str]) -> tuple[dict[tuple[str, str], str], dict[str, int]]:
    """The cells of one edition and bot, (choice, option) -> "rate (taken/of)",
    and how many times each choice was offered."""
    out: dict[tuple[str, str], str] = {}
    offered: dict[str, int] = {}
    groups: dict[tuple[str, str], Counter[str]] = {}
    for key, n in counts.items():
        phase, group, option = key.split("|", 2)
        if phase == "menu" or (phase == "bet" and option == "sum"):
            continue
        groups.setdefault((phase, group), Counter())[option] += n
    order = list(_TITLES)
    for phase, group in sorted(groups, key=lambda k: (order.index(k[0]) if k[0] in order
                                                      else len(order), k)):
        c = groups[(phase, group)]
        total = sum(c.values())
        title = _TITLES.get(phase, phase) + (f" ({group})" if group else "")
        offered[title] = total
        for option, n in sorted(c.items()):
            out[(title, _OPTION.get(option, option))] = f"{n / total:.1%} ({n}/{total})"
        if phase == "bet" and group == "stake" and c["bet"]:
            mean = counts["bet|stake|sum"] / c["bet"]
            out[(title, "mean stake of a bet")] = f"{mean:,.0f}"
    for key, label in _MENU.items():
        n = counts[f"menu|offered|{key}"]
        if n:
            took = counts[f"menu|took|{key}"]
            out[(label, "bought (players)")] = f"{took / n:.1%} ({took}/{n})"
    return out, offered


def table(by_bot: dict[str, Counter[str]]) -> list[str]:
    """One edition's Markdown table: a row per choice and option, a column per bot."""
    cells = {bot: rows(counts) for bot, counts in by_bot.items()}
    titles: list[str] = []
    options: dict[str, list[str]] = {}
    for bot_cells, _ in cells.values():
        for title, option in bot_cells:
            if title not in options:
                titles.append(title)
                options[title] = []
            if option not in options[title]:
                options[title].append(option)
    out = ["| choice | option | " + " | ".join(cells) + " |",
           "|---|---|" + "---|" * len(cells)]
    for title in titles:
        for option in options[title]:
            row = []
            for bot_cells, offered in cells.values():
                cell = bot_cells.get((title, option), "")
                if not cell and title in offered and option != "mean stake of a bet":
                    cell = f"0.0% (0/{offered[title]})"
                row.append(cell)
            out.append(f"| {title} | {option} | " + " | ".join(row) + " |")
    return out


def main(argv: Sequence[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--games", type=int, default=400)
    ap.add_argument("--players", type=int, default=4)
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--bot", action="append", help="bot name (repeatable; default heuristic)")
    ap.add_argument("--edition", action="append", choices=EDITIONS,
                    help="edition (repeatable; default all)")
    ap.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1))
    ap.add_argument("--json", help="also write the raw counts here")
    args = ap.parse_args(argv)
    bots = args.bot or ["heuristic"]
    editions = args.edition or list(EDITIONS)
    print("## Choice rates\n")
    print(f"lifespin {lifespin.__version__}. Machine: {machine()}. {args.games:,} games per "
          f"edition and bot, {args.players} players, the same bot in every seat, "
          f"seed {args.seed}, {args.jobs} processes.\n")
    raw: dict[str, dict[str, dict[str, int]]] = {}
    for edition in editions:
        by_bot: dict[str, Counter[str]] = {}
        t0 = time.perf_counter()
        for bot in bots:
            by_bot[bot] = run(edition, bot, args.games, args.players, args.seed, args.jobs)
            raw.setdefault(edition, {})[bot] = dict(sorted(by_bot[bot].items()))
        print(f"### {edition} ({time.perf_counter() - t0:.0f} s)\n")
        print("\n".join(table(by_bot)))
        print()
    print("Each cell: the share taken (taken / offered). A rate is per decision offered, "
          "except the turn menu's buys: the share of players offered one at least once who "
          "bought it.")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as fh:
            json.dump({"games": args.games, "players": args.players, "seed": args.seed,
                       "counts": raw}, fh, indent=1)


if __name__ == "__main__":
    main()
