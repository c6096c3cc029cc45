"""Plain English for what happens in a game: events and choices as sentences.

Pure functions over a State (no I/O): the terminal game, replays and logs use
them. Players are named by name, spaces by their label, money as ``$12,345``.

>>> import lifespin
>>> from lifespin.narrate import describe_events, money
>>> s = lifespin.new_game("classic", ["Ana", "Bo"])
>>> while s.current_player == lifespin.CHANCE:       # the estates' tiles
...     s = s.apply(s.chance_outcomes()[0])
>>> s = s.apply(lifespin.Action.parse("start:college"))
>>> for line in describe_events(s):
...     print(line)
Ana starts: Go to college (borrow $100,000).
Ana borrows $100,000 (5 loans).
Ana pays $100,000 to the bank for tuition.
>>> money(-25000)
'-$25,000'
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .engine import events as ev
from .engine.actions import Action

if TYPE_CHECKING:
    from .engine.ruleset import Ruleset
    from .engine.state import State

__all__ = [
    "RETIRE_PLACES",
    "describe_action",
    "describe_event",
    "describe_events",
    "money",
    "space_text",
    "stock_number",
]

RETIRE_PLACES = {"estates": "Millionaire Estates", "countryside": "Countryside Acres"}
"""How the two ways to retire are called on the board."""

# How a Transfer's reason reads after the amount.
_REASONS = {
    "payday": " (payday)",
    "collect": "",
    "pay": "",
    "collect_spin": " (spin bonus)",
    "stock": " (stock payout)",
    "commission": " (sales commission)",
    "house_sale": " for the house",
    "buy_house": " for the house",
    "buy_stock": " for a stock",
    "auto_insurance": " for auto insurance",
    "home_insurance": " for home insurance",
    "night_school": " for night school",
    "tuition": " for tuition",
    "taxes": " in taxes",
    "spin_fine": " as a fine for the spin",
    "misspin": " for the missed spin",
}


# What declining means, by what the game is waiting for (State.phase).
_SKIPS = {
    "buy_house": "buy no house",
    "sell_house": "keep the house",
    "night_school": "skip night school",
    "trade_salary": "keep the salary",
}


def money(amount: int) -> str:
    """Dollars as ``$12,345`` (``-$25,000`` when negative)."""
    return f"-${-amount:,}" if amount < 0 else f"${amount:,}"


def _name(state: State, seat: int) -> str:
    if seat == ev.BANK:
        return "the bank"
    if 0 <= seat < len(state.names):
        return state.names[seat]
    return f"seat {seat}"


def _label(rules: Ruleset, space_id: str) -> str:
    try:
        return rules.space(space_id).label
    except KeyError:
        return ""


def space_text(rules: Ruleset, space_id: str) -> str:
    """A space as ``48: Floodwater in the basement`` (starts by label only)."""
    label = _label(rules, space_id)
    if not label:
        return f"space {space_id}"
    return f"{space_id}: {label}" if space_id.lstrip("-").isdigit() else label


def _career_name(rules: Ruleset, career_id: str) -> str:
    try:
        return rules.career(career_id).name
    except KeyError:
        return career_id


def _house_name(rules: Ruleset, house_id: str) -> str:
    for house in rules.houses:
        if house.id == house_id:
            return house.name
    return house_id


def stock_number(rules: Ruleset, stock_id: str) -> str:
    """The number on the wheel a stock pays on (its id if the edition has no such stock)."""
    try:
        return str(rules.stock_numbers[rules.stock_ids.index(stock_id)])
    except ValueError:
        return stock_id


def _article(word: str) -> str:
    return f"an {word}" if word[:1].lower() in "aeiou" else f"a {word}"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def describe_event(state: State, event: ev.Event) -> str:
    """One event as a sentence; `state` is the state the event led to."""
    r = state.rules
    match event:
        case ev.TurnStarted(seat):
            return f"It is {_name(state, seat)}'s turn."
        case ev.Started(seat, path):
            return f"{_name(state, seat)} starts: {_label(r, path) or path}."
        case ev.Spun(seat, value, purpose):
            who = _name(state, seat)
            if value == 0:
                return f"{who}'s spin misses the numbers; spin again."
            if purpose == "house_sale":
                return f"{who} spins {value} to sell the house."
            if purpose == "collect":
                return f"{who} spins {value} for the payout."
            return f"{who} spins {value}."
        case ev.Moved(seat, path):
            who = _name(state, seat)
            if not path:
                return f"{who} stays put."
            where = space_text(r, path[-1])
            if state.phase == "branch" and state.current_player == seat:
                return f"{who} moves {_plural(len(path), 'space')} to a fork at {where}."
            return f"{who} moves {_plural(len(path), 'space')} to {where}."
        case ev.PaydayPassed(seat, space):
            here = 0 <= seat < len(state.players) and state.players[seat].space >= 0 and (
                r.spaces[state.players[seat].space].id == space)
            if here:
                return f"{_name(state, seat)} lands on a Payday."
            return f"{_name(state, seat)} passes a Payday (space {space})."
        case ev.Transfer(payer, payee, amount, reason):
            why = _REASONS.get(reason, f" ({reason.replace('_', ' ')})")
            if payer == ev.BANK and reason in ("collect", "collect_spin"):
                return f"{_name(state, payee)} collects {money(amount)}{why}."
            if payer == ev.BANK:
                return f"The bank pays {_name(state, payee)} {money(amount)}{why}."
            if payee == ev.BANK:
                return f"{_name(state, payer)} pays {money(amount)} to the bank{why}."
            return f"{_name(state, payer)} pays {_name(state, payee)} {money(amount)}{why}."
        case ev.Borrowed(seat, notes, amount):
            return f"{_name(state, seat)} borrows {money(amount)} ({_plural(notes, 'loan')})."
        case ev.Repaid(seat, notes, amount):
            return f"{_name(state, seat)} repays {_plural(notes, 'loan')} for {money(amount)}."
        case ev.TileTaken(seat, source):
            who = _name(state, seat)
            if source == "pile":
                return f"{who} takes a LIFE tile."
            if source == "estates":
                return f"{who} takes a LIFE tile left at {RETIRE_PLACES['estates']}."
            if source.startswith("seat "):
                victim = source.removeprefix("seat ")
                if victim.isdigit():
                    return f"{who} takes a LIFE tile from {_name(state, int(victim))}."
            return f"{who} takes a LIFE tile ({source})."
        case ev.TilesHandedIn(seat, count):
            return f"{_name(state, seat)} hands in {_plural(count, 'LIFE tile')}."
        case ev.CardsDealt(seat, deck, count):
            what = "house deed" if deck == "house" else deck + " card"
            return f"{_name(state, seat)} is dealt {_plural(count, what)}."
        case ev.CareerTaken(seat, career, second):
            name = _career_name(r, career)
            if second:
                return f"{_name(state, seat)} takes {name} as a second career."
            return f"{_name(state, seat)} becomes {_article(name)}."
        case ev.SalaryTaken(seat, _salary, amount):
            return f"{_name(state, seat)} takes a {money(amount)} salary."
        case ev.SalaryTraded(seat, other):
            return f"{_name(state, seat)} swaps salaries with {_name(state, other)}."
        case ev.Married(seat):
            return f"{_name(state, seat)} gets married."
        case ev.NewBaby(seat, count):
            who = _name(state, seat)
            if count == 0:
                return f"{who}'s car is full: no room for another child."
            if count == 1:
                return f"{who} has a baby."
            if count == 2:
                return f"{who} has twins."
            return f"{who} has {count} babies."
        case ev.HouseBought(seat, house, price):
            return f"{_name(state, seat)} buys the {_house_name(r, house)} for {money(price)}."
        case ev.HouseSold(seat, house, price):
            return f"{_name(state, seat)} sells the {_house_name(r, house)} for {money(price)}."
        case ev.InsuranceBought(seat, kind, price):
            return f"{_name(state, seat)} buys {kind} insurance for {money(price)}."
        case ev.StockGained(seat, stock, bought):
            n = stock_number(r, stock)
            verb = "buys" if bought else "gets a free"
            return f"{_name(state, seat)} {verb} stock {n}."
        case ev.StockLost(seat, stock):
            return f"{_name(state, seat)} loses stock {stock_number(r, stock)}."
        case ev.TurnSkipped(seat):
            return f"{_name(state, seat)} misses this turn."
        case ev.Retired(seat, where):
            return f"{_name(state, seat)} retires to {RETIRE_PLACES.get(where, where)}."
        case ev.GameOver(winners):
            names = [_name(state, s) for s in winners]
            if len(names) == 1:
                return f"The game is over: {names[0]} wins."
            return f"The game is over: {', '.join(names[:-1])} and {names[-1]} tie for first."
    return str(event)  # pragma: no cover - every event type is handled above


def describe_events(state: State) -> list[str]:
    """What the action that led to `state` caused, one sentence per event."""
    return [describe_event(state, e) for e in state.events]


def describe_action(state: State, action: Action) -> str:
    """A legal action of `state` as a short imperative, e.g. ``take the Family lane``."""
    r = state.rules
    kind, arg = action.kind, action.arg
    seat = state.current_player
    player = state.players[seat] if 0 <= seat < len(state.players) else None
    text = "" if arg is None else str(arg)
    if kind == "spin":
        return "spin"
    if kind == "start":
        return f"start: {_label(r, text) or text}"
    if kind == "branch":
        try:
            sp = r.space(text)
        except KeyError:
            return f"go to space {text}"
        lane = sp.branch or f"road to {space_text(r, sp.id)}"
        return f"take the {lane} (first: {sp.label})"
    if kind == "buy_stock":
        return f"buy stock {stock_number(r, text)} for {money(r.stock_price)}"
    if kind == "buy_insurance":
        if text == "auto":
            return f"buy auto insurance for {money(r.auto_insurance_price)}"
        price = r.houses[player.house].insurance if player and player.house >= 0 else 0
        return f"buy home insurance for {money(price)}"
    if kind == "repay_loan":
        return f"repay a loan for {money(r.loan_payback)}"
    if kind == "borrow":
        return f"take a loan of {money(r.loan_amount)} (repaid at {money(r.loan_payback)})"
    if kind == "trade_tiles":
        for c in (player.career, player.career2) if player else ():
            for ab in r.careers[c].abilities if c >= 0 else ():
                if ab.trigger == "tiles_for_salary":
                    return (f"hand in {_plural(ab.tiles, 'LIFE tile')} for the "
                            f"{money(ab.salary)} salary")
        return "trade LIFE tiles for a salary"
    if kind == "second_career":
        return "draw a second career"
    if kind == "choose_career":
        try:
            spec = r.career(text)
        except KeyError:
            return f"become {text}"
        return f"become {_article(spec.name)}" + (" (needs a degree)" if spec.degree else "")
    if kind == "keep_career":
        return "keep the current career"
    if kind == "choose_salary":
        if text in r.salary_ids:
            i = r.salary_ids.index(text)
            return (f"take the {money(r.salary_amounts[i])} salary "
                    f"(taxes {money(r.salary_taxes[i])})")
        return f"take salary {text}"
    if kind == "buy_house":
        for h in r.houses:
            if h.id == text:
                return (f"buy the {h.name} for {money(h.price)} "
                        f"(insurance {money(h.insurance)})")
        return f"buy house {text}"
    if kind == "sell_house":
        return "sell the house (spin for the price)"
    if kind == "night_school":
        amount = r.spaces[player.space].amount if player and player.space >= 0 else 0
        if text in state.t.night_job_index:
            career, salary = state.t.night_job_index[text]
            pay = f" on {money(r.salary_amounts[salary])}" if salary >= 0 else ""
            return (f"become {_article(r.careers[career].name)}{pay} "
                    f"(night school for {money(amount)})")
        return f"go to night school for {money(amount)}"
    if kind == "trade_salary" and isinstance(arg, int):
        other = state.players[arg] if 0 <= arg < len(state.players) else None
        pay = (f" (their salary: {money(r.salary_amounts[other.salary])})"
               if other is not None and other.salary >= 0 else "")
        return f"swap salaries with {_name(state, arg)}{pay}"
    if kind == "free_stock":
        return f"take stock {stock_number(r, text)} free"
    if kind == "return_stock":
        return f"give back stock {stock_number(r, text)}"
    if kind == "retire":
        return f"retire to {RETIRE_PLACES.get(text, text)}"
    if kind == "take_from" and isinstance(arg, int):
        return f"take a LIFE tile from {_name(state, arg)}"
    if kind == "skip":
        return _SKIPS.get(state.phase, "skip")
    return str(action)
