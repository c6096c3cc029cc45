"""Load, validate and compile edition files.

An edition that loads can never fail mid-game: every check runs here, for the
file as written and for every value of every house rule.
"""

from __future__ import annotations

import copy
import difflib
import tomllib
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..engine import ruleset as rs
from ..engine.registry import ABILITIES, EFFECTS
from ..errors import EditionError
from .schema import EditionFile, Option, Space

__all__ = ["Edition", "load_file", "parse_edition", "validate_options"]

DECKS = ("spaces", "careers", "salaries", "houses", "stocks", "life_tiles")

# Which parameters each effect and ability reads, and which effects may act
# on a passing car: the registry's (engine/registry.py), never a copy.
_SPACE_BASE = frozenset(
    {"id", "label", "effect", "next", "stop", "branch", "branch_costs", "on_pass"}
)
_PASSABLE = frozenset(name for name, rule in EFFECTS.items() if rule.on_pass)


def _loc(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + part
    return out


def _closest(word: str, choices: tuple[str, ...] | list[str]) -> str:
    near = difflib.get_close_matches(word, list(choices), n=1)
    return f" (did you mean {near[0]!r}?)" if near else ""


def _fail(source: str, path: str, value: object, message: str) -> EditionError:
    return EditionError(source, path, value, message)


def _validate_model(raw: Mapping[str, Any], source: str) -> EditionFile:
    try:
        return EditionFile.model_validate(raw)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = tuple(err["loc"])
        msg = err["msg"]
        if err["type"] == "extra_forbidden":
            parent = loc[:-1]
            msg = f"unknown key {loc[-1]!r}" + (f" in {_loc(parent)}" if parent else "")
            # Suggest the key that was probably meant.
            model = _model_at(parent)
            if model is not None:
                msg += _closest(str(loc[-1]), list(model.model_fields))
        more = len(exc.errors()) - 1
        if more:
            msg += f" (and {more} more problem{'s' if more > 1 else ''})"
        raise _fail(source, _loc(loc), err.get("input"), msg) from None


def _model_at(loc: tuple[int | str, ...]) -> Any:
    model: Any = EditionFile
    for part in loc:
        if isinstance(part, int):
            continue
        fld = getattr(model, "model_fields", {}).get(part)
        if fld is None:
            return None
        ann = fld.annotation
        args = getattr(ann, "__args__", ())
        cand = [a for a in (ann, *args) if hasattr(a, "model_fields")]
        if not cand:
            return None
        model = cand[0]
    return model


def _merge(base: Any, patch: Any, where: str, source: str) -> Any:
    if isinstance(base, dict) and isinstance(patch, dict):
        out = dict(base)
        for key, value in patch.items():
            if key in DECKS and isinstance(out.get(key), list) and isinstance(value, dict):
                out[key] = _merge_deck(out[key], value, f"{where}.{key}", source)
            elif key in out:
                out[key] = _merge(out[key], value, f"{where}.{key}", source)
            else:
                out[key] = copy.deepcopy(value)
        return out
    return copy.deepcopy(patch)


def _merge_deck(items: list[Any], patch: dict[str, Any], where: str, source: str) -> list[Any]:
    out = [dict(item) if isinstance(item, dict) else item for item in items]
    by_id = {str(item.get("id")): i for i, item in enumerate(out) if isinstance(item, dict)}
    for key, fields in patch.items():
        if str(key) not in by_id:
            raise _fail(
                source, f"{where}.{key}", key,
                f"the patch names {key!r}, which is not an id in this list"
                + _closest(str(key), list(by_id)),
            )
        if not isinstance(fields, dict):
            raise _fail(source, f"{where}.{key}", fields, "a patch entry must be a table")
        i = by_id[str(key)]
        out[i] = _merge(out[i], fields, f"{where}.{key}", source)
    return out


def _check(ed: EditionFile, source: str) -> None:
    rules = ed.rules
    if rules.min_players > rules.max_players:
        raise _fail(source, "rules.min_players", rules.min_players,
                    f"min_players is more than max_players ({rules.max_players})")

    def unique(kind: str, ids: list[str]) -> dict[str, int]:
        seen: dict[str, int] = {}
        for i, ident in enumerate(ids):
            if ident in seen:
                raise _fail(source, f"{kind}[{i}].id", ident,
                            f"duplicate id (also {kind}[{seen[ident]}])")
            seen[ident] = i
        return seen

    space_idx = unique("spaces", [str(s.id) for s in ed.spaces])
    career_idx = unique("careers", [c.id for c in ed.careers])
    unique("salaries", [s.id for s in ed.salaries])
    unique("houses", [h.id for h in ed.houses])
    unique("stocks", [s.id for s in ed.stocks])
    unique("life_tiles", [t.id for t in ed.life_tiles])
    if not ed.spaces:
        raise _fail(source, "spaces", [], "an edition needs spaces")

    for i, sp in enumerate(ed.spaces):
        where = f"spaces[{i}]"
        rule = EFFECTS.get(sp.effect)
        if rule is None:
            raise _fail(source, f"{where}.effect", sp.effect,
                        "unknown effect" + _closest(sp.effect, list(EFFECTS)))
        required, optional = rule.required, rule.optional
        given = set(sp.model_fields_set) - _SPACE_BASE
        for param in sorted(given - required - optional):
            raise _fail(source, f"{where}.{param}", getattr(sp, param),
                        f"effect {sp.effect!r} takes no parameter {param!r}")
        for param in sorted(required - given):
            raise _fail(source, f"{where}.{param}", None,
                        f"effect {sp.effect!r} needs {param!r}")
        if sp.payee is not None and sp.payee not in career_idx:
            raise _fail(source, f"{where}.payee", sp.payee,
                        "no career has this id" + _closest(sp.payee, list(career_idx)))
        if sp.effect == "start" and sp.borrow % rules.loan_amount:
            raise _fail(source, f"{where}.borrow", sp.borrow,
                        f"not a whole number of {rules.loan_amount} loans")
        if sp.next is not None:
            if len(set(sp.next)) != len(sp.next):
                raise _fail(source, f"{where}.next", sp.next, "a branch is listed twice")
            targets = [str(t) for t in sp.next]
            for j, target in enumerate(targets):
                if target not in space_idx:
                    raise _fail(source, f"{where}.next[{j}]", target,
                                "no space has this id" + _closest(target, list(space_idx)))
        nxt = _next_of(ed.spaces, i)
        if sp.effect == "retire":
            if nxt:
                raise _fail(source, f"{where}.next", sp.next, "a retire space ends the track")
        elif not nxt:
            raise _fail(source, f"{where}.next", sp.next,
                        "the track ends here but the space is not a retire space")
        if sp.effect in ("career_choice", "night_school") and not ed.careers:
            raise _fail(source, f"{where}.effect", sp.effect, "the edition has no careers")

    starts = [i for i, sp in enumerate(ed.spaces) if sp.effect == "start"]
    if not starts:
        raise _fail(source, "spaces", None, "no space has effect 'start'")
    graph = [[space_idx[t] for t in _next_of(ed.spaces, i)] for i in range(len(ed.spaces))]
    dist = _to_retire(ed, graph)
    for i, sp in enumerate(ed.spaces):
        if dist[i] < 0:
            raise _fail(source, f"spaces[{i}]", sp.id,
                        "a car here can never reach a retire space (a loop with no way out?)")
    reach = _reachable(graph, starts)
    for i, sp in enumerate(ed.spaces):
        if i not in reach:
            raise _fail(source, f"spaces[{i}]", sp.id, "no start can reach this space")
    for i, sp in enumerate(ed.spaces):
        if sp.effect == "start" and any(ed.spaces[j].effect == "start" for j in graph[i]):
            raise _fail(source, f"spaces[{i}].next", sp.next, "a start leads to another start")

    for i, car in enumerate(ed.careers):
        for j, ab in enumerate(car.abilities):
            where = f"careers[{i}].abilities[{j}]"
            ability = ABILITIES.get(ab.trigger)
            if ability is None:
                raise _fail(source, f"{where}.trigger", ab.trigger,
                            "unknown ability" + _closest(ab.trigger, list(ABILITIES)))
            need = ability.required
            given = set(ab.model_fields_set) - {"trigger"}
            for param in sorted(given - ability.params):
                raise _fail(source, f"{where}.{param}", getattr(ab, param),
                            f"ability {ab.trigger!r} takes no parameter {param!r}")
            for param in sorted(need - given):
                raise _fail(source, f"{where}.{param}", None,
                            f"ability {ab.trigger!r} needs {param!r}")
            if ab.salary is not None and ab.salary not in {s.amount for s in ed.salaries}:
                raise _fail(source, f"{where}.salary", ab.salary, "no salary card has this amount")
            for n in [ab.number] if ab.number is not None else ab.numbers:
                if not 1 <= n <= rules.spinner:
                    raise _fail(source, f"{where}.number", n,
                                f"the spinner only shows 1 to {rules.spinner}")

    for i, house in enumerate(ed.houses):
        if house.sale is not None:
            if house.resale:
                raise _fail(source, f"houses[{i}].resale", house.resale,
                            "give either a fixed `sale` price or a `resale` table, not both")
        elif len(house.resale) != rules.spinner:
            raise _fail(source, f"houses[{i}].resale", house.resale,
                        f"needs one sale price per spinner number ({rules.spinner})")
    decks = _house_decks(ed)
    for i, sp in enumerate(ed.spaces):
        where = f"spaces[{i}]"
        if sp.deck is not None and sp.deck not in decks:
            raise _fail(source, f"{where}.deck", sp.deck,
                        "no house has this deck" + _closest(sp.deck, decks))
        for j, g in enumerate(sp.gifts or ()):
            if not 1 <= g.low <= g.high <= rules.spinner:
                raise _fail(source, f"{where}.gifts[{j}]", [g.low, g.high],
                            f"a spin range within 1 to {rules.spinner}, low first")
        if sp.branch_costs is not None and len(sp.branch_costs) != len(_next_of(ed.spaces, i)):
            raise _fail(source, f"{where}.branch_costs", sp.branch_costs,
                        "needs one cost per branch in `next`")
        if sp.effect == "crossroads" and len(_next_of(ed.spaces, i)) < 2:
            raise _fail(source, f"{where}.next", sp.next, "a crossroads needs two or more branches")
        if sp.effect == "spin_to_win" and sp.max_bet and sp.bet_step and sp.max_bet % sp.bet_step:
            raise _fail(source, f"{where}.max_bet", sp.max_bet,
                        f"not a whole number of bet steps ({sp.bet_step})")
        if sp.effect == "share_the_wealth" and not ed.wealth_cards:
            raise _fail(source, f"{where}.effect", sp.effect, "the edition has no wealth_cards")
        college_deal = sp.effect == "graduate" or (sp.effect == "career_choice" and sp.degree_only)
        if college_deal and not any(c.degree for c in ed.careers):
            raise _fail(source, f"{where}.effect", sp.effect, "no career needs a degree")
        if sp.career is not None and sp.career not in career_idx:
            raise _fail(source, f"{where}.career", sp.career,
                        "no career has this id" + _closest(sp.career, list(career_idx)))
        if sp.to is not None and str(sp.to) not in space_idx:
            raise _fail(source, f"{where}.to", sp.to,
                        "no space has this id" + _closest(str(sp.to), list(space_idx)))
        if sp.on_pass and sp.effect not in _PASSABLE:
            raise _fail(source, f"{where}.on_pass", True,
                        f"effect {sp.effect!r} cannot fire on passing; these can: "
                        + ", ".join(sorted(_PASSABLE)))
        for j, o in enumerate(sp.outcomes or ()):
            if not 1 <= o.low <= o.high <= rules.spinner:
                raise _fail(source, f"{where}.outcomes[{j}]", [o.low, o.high],
                            f"a spin range within 1 to {rules.spinner}, low first")
    for i, card in enumerate(ed.wealth_cards):
        if (card.kind == "boost") != (card.tokens is not None):
            raise _fail(source, f"wealth_cards[{i}].tokens", card.tokens,
                        "boost cards, and only they, give tokens")
    if rules.wealth_hand and sum(c.copies for c in ed.wealth_cards) < (
        rules.wealth_hand * rules.max_players
    ):
        raise _fail(source, "rules.wealth_hand", rules.wealth_hand,
                    f"too few Share the Wealth cards to deal {rules.max_players} hands")
    numbers: dict[int, int] = {}
    for i, stock in enumerate(ed.stocks):
        if not 1 <= stock.number <= rules.spinner:
            raise _fail(source, f"stocks[{i}].number", stock.number,
                        f"the spinner only shows 1 to {rules.spinner}")
        if stock.number in numbers:
            raise _fail(source, f"stocks[{i}].number", stock.number,
                        f"stocks[{numbers[stock.number]}] already pays on this number")
        numbers[stock.number] = i

    uses_jobs = any(sp.effect in ("career_choice", "lose_job", "night_school") or sp.draw_job
                    for sp in ed.spaces)
    if uses_jobs:
        plain = [c for c in ed.careers if not c.degree]
        # Everyone holds one career; a new one must still be there to deal.
        if len(plain) < rules.max_players + 1 and len(ed.careers) < rules.max_players + 2:
            raise _fail(source, "careers", len(ed.careers),
                        f"too few careers for {rules.max_players} players")
        uses_cards = any(c.salary == 0 for c in ed.careers)
        if uses_cards and len(ed.salaries) < rules.max_players + 1:
            raise _fail(source, "salaries", len(ed.salaries),
                        f"too few salary cards for {rules.max_players} players")
    if rules.estates_tiles > len(ed.life_tiles):
        raise _fail(source, "rules.estates_tiles", rules.estates_tiles,
                    f"only {len(ed.life_tiles)} LIFE tiles are defined")
    uses_tiles = any(sp.effect == "life_tile" or (sp.effect in ("baby", "marry") and sp.life_tile)
                     for sp in ed.spaces)
    if uses_tiles and len(ed.life_tiles) <= rules.estates_tiles:
        raise _fail(source, "life_tiles", len(ed.life_tiles),
                    "the board deals LIFE tiles but none are left after the estates take theirs")
    if any(sp.effect in ("buy_house", "sell_buy_house") for sp in ed.spaces) and not ed.houses:
        raise _fail(source, "houses", [], "the board sells houses but none are defined")


def _next_of(spaces: list[Space], i: int) -> list[str]:
    sp = spaces[i]
    if sp.next is not None:
        return [str(t) for t in sp.next]
    if sp.effect == "retire" or i + 1 >= len(spaces):
        return []
    return [str(spaces[i + 1].id)]


def _reachable(graph: list[list[int]], starts: list[int]) -> set[int]:
    seen = set(starts)
    todo = deque(starts)
    while todo:
        for j in graph[todo.popleft()]:
            if j not in seen:
                seen.add(j)
                todo.append(j)
    return seen


def _to_retire(ed: EditionFile, graph: list[list[int]]) -> list[int]:
    back: list[list[int]] = [[] for _ in graph]
    for i, outs in enumerate(graph):
        for j in outs:
            back[j].append(i)
    dist = [-1] * len(graph)
    todo: deque[int] = deque()
    for i, sp in enumerate(ed.spaces):
        if sp.effect == "retire":
            dist[i] = 0
            todo.append(i)
    while todo:
        j = todo.popleft()
        for i in back[j]:
            if dist[i] < 0:
                dist[i] = dist[j] + 1
                todo.append(i)
    return dist


def _compile(ed: EditionFile, options: dict[str, Any]) -> rs.Ruleset:
    r = ed.rules
    space_index = {str(s.id): i for i, s in enumerate(ed.spaces)}
    career_index = {c.id: i for i, c in enumerate(ed.careers)}
    graph = [[space_index[t] for t in _next_of(ed.spaces, i)] for i in range(len(ed.spaces))]
    dist = _to_retire(ed, graph)
    house_decks = _house_decks(ed)
    # Sending a car back follows the first way in (in file order): the main line.
    prev = [-1] * len(ed.spaces)
    for i, outs in enumerate(graph):
        for j in outs:
            if prev[j] < 0 and ed.spaces[i].effect != "start":
                prev[j] = i
    spaces = tuple(
        rs.SpaceSpec(
            index=i,
            id=str(s.id),
            label=s.label,
            effect=s.effect,
            next=tuple(graph[i]),
            stop=s.stop or s.effect == "retire",
            branch=s.branch,
            amount=s.amount or 0,
            payee=career_index[s.payee] if s.payee else -1,
            waived_by=s.waived_by or "",
            per_child=s.per_child,
            requires_house=s.requires_house,
            count=s.count or 0,
            life_tile=s.life_tile,
            careers=s.careers or 0,
            salaries=s.salaries or 0,
            borrow_notes=s.borrow // r.loan_amount,
            draw_job=s.draw_job,
            to_retire=dist[i],
            degree_only=s.degree_only,
            loan_cash=s.loan_cash,
            pay_first=s.pay_first,
            raise_amount=s.raise_amount or 0,
            gift=s.gift or 0,
            gifts=tuple((g.low, g.high, g.amount) for g in s.gifts or ()),
            deck=house_decks.index(s.deck) if s.deck is not None else -1,
            max_bet=s.max_bet or 0,
            bet_step=s.bet_step or 0,
            multiplier=s.multiplier or 0,
            child_gift=s.child_gift or 0,
            branch_costs=tuple(s.branch_costs or ()),
            on_pass=s.on_pass,
            requires=s.requires or ("house" if s.requires_house else ""),
            if_spun=s.if_spun or 0,
            career=career_index[s.career] if s.career else -1,
            to=space_index[str(s.to)] if s.to is not None else -1,
            land=s.land,
            kind=s.kind or "",
            sure=s.sure or 0,
            optional=s.optional,
            outcomes=tuple((o.low, o.high, o.amount) for o in s.outcomes or ()),
            back=s.back or 0,
            choose_place=s.choose_place,
            first_bonus=s.first_bonus or 0,
            stock_bonus=s.stock_bonus or 0,
            life_bonus=s.life_bonus or 0,
            lucky_fine=s.lucky_fine or 0,
            tycoon=s.tycoon,
            prev=prev[i],
            acts_on_pass=s.on_pass or s.effect == "payday",
        )
        for i, s in enumerate(ed.spaces)
    )
    careers = tuple(
        rs.CareerSpec(
            index=i,
            id=c.id,
            name=c.name,
            degree=c.degree,
            abilities=tuple(
                rs.AbilitySpec(
                    trigger=a.trigger,
                    number=a.number or 0,
                    numbers=tuple(a.numbers),
                    amount=a.amount,
                    own_spin=a.own_spin,
                    tiles=a.tiles or 0,
                    salary=a.salary or 0,
                    consecutive=a.consecutive,
                )
                for a in c.abilities
            ),
            salary=c.salary,
            max_salary=c.max_salary,
            taxes=c.taxes,
        )
        for i, c in enumerate(ed.careers)
    )
    wealth: list[rs.WealthSpec] = []
    for card in ed.wealth_cards:
        for _ in range(card.copies):
            wealth.append(rs.WealthSpec(len(wealth), card.id, card.kind, card.tokens or 0))
    return rs.Ruleset(
        id=ed.metadata.id,
        version=ed.metadata.version,
        title=ed.metadata.title,
        options=dict(options),
        start_cash=r.start_cash,
        min_players=r.min_players,
        max_players=r.max_players,
        loan_amount=r.loan_amount,
        loan_payback=r.loan_payback,
        borrow_limit=r.borrow_limit,
        house_draw=r.house_draw,
        car_capacity=r.car_capacity,
        estates_tiles=r.estates_tiles,
        countryside_tiles=r.countryside_tiles,
        stock_price=r.stock_price,
        stock_payout=r.stock_payout,
        max_stocks=r.max_stocks,
        auto_insurance_price=r.auto_insurance_price,
        auto_insurance_offer=r.auto_insurance_offer,
        spinner=r.spinner,
        misspin_weight=r.misspin_weight,
        occupied_space_rule=r.occupied_space_rule,
        shared_lead=r.shared_lead,
        estates_retire_tiles=r.estates_retire_tiles,
        bonus_tile_from_players=r.bonus_tile_from_players,
        wealth_hand=r.wealth_hand,
        wealth_threshold=r.wealth_threshold,
        shared_bet_numbers=r.shared_bet_numbers,
        spaces=spaces,
        starts=tuple(i for i, s in enumerate(ed.spaces) if s.effect == "start"),
        careers=careers,
        salary_amounts=tuple(s.amount for s in ed.salaries),
        salary_taxes=tuple(s.taxes for s in ed.salaries),
        salary_ids=tuple(s.id for s in ed.salaries),
        houses=tuple(
            rs.HouseSpec(i, h.id, h.name, h.price, h.insurance, tuple(h.resale),
                         -1 if h.sale is None else h.sale, house_decks.index(h.deck))
            for i, h in enumerate(ed.houses)
        ),
        stock_numbers=tuple(s.number for s in ed.stocks),
        stock_ids=tuple(s.id for s in ed.stocks),
        tile_values=tuple(t.value for t in ed.life_tiles),
        tile_labels=tuple(t.label for t in ed.life_tiles),
        house_decks=tuple(house_decks),
        wealth_cards=tuple(wealth),
        space_index=space_index,
        career_index=career_index,
    )


def _house_decks(ed: EditionFile) -> list[str]:
    return list(dict.fromkeys(h.deck for h in ed.houses))


def _option_patch(name: str, opt: Option, value: Any) -> dict[str, Any]:
    if opt.type == "int":
        section, _, key = opt.target.partition(".")
        return {section: {key: value}}
    return opt.patches.get(_value_key(opt, value), {})


def _value_key(opt: Option, value: Any) -> str:
    if opt.type == "bool":
        return "true" if value else "false"
    return str(value)


def _coerce(source: str, name: str, opt: Option, value: Any) -> Any:
    where = f"options.{name}"
    if opt.type == "bool":
        if isinstance(value, str) and value.lower() in ("true", "false", "yes", "no", "on", "off"):
            return value.lower() in ("true", "yes", "on")
        if not isinstance(value, bool):
            raise _fail(source, where, value, "this house rule is true or false")
        return value
    if opt.type == "int":
        digits = value.strip().removeprefix("-") if isinstance(value, str) else ""
        # ASCII digits only ("²".isdigit() holds, and int() refuses it), and no
        # more than a house rule can need (int() refuses thousands of digits).
        if digits.isascii() and digits.isdecimal() and len(digits) <= 18:
            value = int(value)
        if not isinstance(value, int) or isinstance(value, bool):
            raise _fail(source, where, value, "this house rule is a whole number")
        if opt.min is not None and value < opt.min:
            raise _fail(source, where, value, f"the smallest allowed is {opt.min}")
        if opt.max is not None and value > opt.max:
            raise _fail(source, where, value, f"the largest allowed is {opt.max}")
        return value
    text = str(value)
    if text not in opt.choices:
        raise _fail(source, where, value,
                    f"choose one of {', '.join(opt.choices)}" + _closest(text, opt.choices))
    return text


_RULESET_CACHE = 32


@dataclass(frozen=True)
class Edition:
    """A validated edition file and its house rules.

    `ruleset(options)` gives the compiled rules the engine plays (cached).
    """

    file: EditionFile
    source: str
    raw: Mapping[str, Any] = field(repr=False)
    _cache: dict[tuple[tuple[str, Any], ...], rs.Ruleset] = field(
        default_factory=dict, repr=False, compare=False
    )

    @property
    def id(self) -> str:
        return self.file.metadata.id

    @property
    def version(self) -> str:
        return self.file.metadata.version

    @property
    def title(self) -> str:
        return self.file.metadata.title

    def default_options(self) -> dict[str, Any]:
        return {name: opt.default for name, opt in self.file.options.items()}

    def resolve_options(self, options: Mapping[str, Any] | None) -> dict[str, Any]:
        """Defaults with `options` applied; EditionError for an unknown or bad value."""
        return validate_options(self, options)

    def ruleset(self, options: Mapping[str, Any] | None = None) -> rs.Ruleset:
        resolved = self.resolve_options(options)
        key = tuple(sorted(resolved.items()))
        cached = self._cache.pop(key, None)
        if cached is None:
            cached = _build(self.raw, self.file, resolved, self.source)
            # Bounded: house rules such as start_cash take many values, and a
            # server must not grow without limit (least recently used goes).
            while len(self._cache) >= _RULESET_CACHE:
                del self._cache[next(iter(self._cache))]
        self._cache[key] = cached
        return cached


def validate_options(edition: Edition, options: Mapping[str, Any] | None) -> dict[str, Any]:
    resolved = edition.default_options()
    for name, value in (options or {}).items():
        if not isinstance(name, str):
            raise _fail(edition.source, "options", name, "a house rule is named by text")
        opt = edition.file.options.get(name)
        if opt is None:
            raise _fail(edition.source, f"options.{name}", value,
                        "this edition has no such house rule"
                        + _closest(name, list(edition.file.options)))
        resolved[name] = _coerce(edition.source, name, opt, value)
    return resolved


def _build(raw: Mapping[str, Any], file: EditionFile, options: dict[str, Any],
           source: str) -> rs.Ruleset:
    patched: Any = raw
    changed = False
    for name, value in options.items():
        opt = file.options[name]
        if value == opt.default:
            continue
        patch = _option_patch(name, opt, value)
        if patch:
            patched = _merge(patched, patch, f"options.{name}", source)
            changed = True
    ed = file
    if changed:
        ed = _validate_model(patched, f"{source} (house rules {options})")
        _check(ed, f"{source} (house rules {options})")
    return _compile(ed, options)


def parse_edition(raw: Mapping[str, Any], source: str) -> Edition:
    """Validate a parsed edition document; every house-rule value is checked too."""
    ed = _validate_model(raw, source)
    _check(ed, source)
    for name, opt in ed.options.items():
        where = f"options.{name}"
        if opt.type == "choice":
            if not opt.choices:
                raise _fail(source, f"{where}.choices", [], "a choice needs choices")
            if str(opt.default) not in opt.choices:
                raise _fail(source, f"{where}.default", opt.default,
                            f"not one of the choices {opt.choices}")
            keys = set(opt.choices)
        elif opt.type == "bool":
            if not isinstance(opt.default, bool):
                raise _fail(source, f"{where}.default", opt.default,
                            "a bool option needs true/false")
            keys = {"true", "false"}
        else:
            if isinstance(opt.default, bool) or not isinstance(opt.default, int):
                raise _fail(source, f"{where}.default", opt.default, "an int option needs a number")
            section, _, key = opt.target.partition(".")
            if section != "rules" or key not in type(ed.rules).model_fields:
                raise _fail(source, f"{where}.target", opt.target,
                            "an int option targets a rules key, like 'rules.start_cash'"
                            + _closest(key, list(type(ed.rules).model_fields)))
            keys = set()
        for key in opt.patches:
            if key not in keys:
                raise _fail(source, f"{where}.patches.{key}", key,
                            f"not a value of this option ({', '.join(sorted(keys)) or 'int'})")
    edition = Edition(file=ed, source=source, raw=raw)
    # Every single house-rule value must give a playable edition.
    for name, opt in ed.options.items():
        values: list[Any]
        if opt.type == "choice":
            values = list(opt.choices)
        elif opt.type == "bool":
            values = [True, False]
        else:
            values = [v for v in (opt.min, opt.max, opt.default) if v is not None]
        for value in values:
            edition.ruleset({name: value})
    return edition


def load_file(path: str | Path) -> Edition:
    """Read and validate one edition.toml."""
    p = Path(path)
    source = str(p)
    try:
        with p.open("rb") as fh:
            raw = tomllib.load(fh)
    except FileNotFoundError:
        raise _fail(source, "", None, "no such file") from None
    except IsADirectoryError:
        return load_file(p / "edition.toml")
    except tomllib.TOMLDecodeError as exc:
        raise _fail(source, "", None, f"not valid TOML: {exc}") from None
    return parse_edition(raw, source)
