"""Editions: the list for the lobby form, and a board for drawing."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import APIRouter, HTTPException, Request

from ...editions import Edition, available, load_edition
from ...engine import Ruleset
from ...engine.registry import EFFECTS
from ...errors import EditionError
from ..games import DIFFICULTIES
from ..guard import StrictJSONRoute
from ..inputs import public_message
from ..schemas import (
    AbilityPublic,
    Board,
    CareerPublic,
    ChoicePublic,
    EditionSummary,
    HousePublic,
    LifeTilesPublic,
    OptionPublic,
    SalaryPublic,
    SpacePublic,
    SpinRangePublic,
    StockPublic,
    WealthCardPublic,
)

router = APIRouter(prefix="/editions", tags=["editions"], route_class=StrictJSONRoute)
log = logging.getLogger("lifespin.web")



def _edition(name: str) -> Edition:
    if name not in available():
        raise HTTPException(status_code=404, detail="Edition not found")
    try:
        return load_edition(name)
    except EditionError as exc:
        log.error("edition %s cannot be loaded: %s", name, exc)
        raise HTTPException(status_code=503, detail="This edition cannot be loaded") from None


def _summary(ed: Edition) -> EditionSummary:
    meta = ed.file.metadata
    return EditionSummary(
        name=ed.id, title=meta.title, era=meta.era, version=meta.version, summary=meta.summary,
        min_players=ed.file.rules.min_players, max_players=ed.file.rules.max_players,
        options=[
            OptionPublic(name=name, type=opt.type, default=opt.default,
                         description=opt.description, choices=list(opt.choices),
                         min=opt.min, max=opt.max)
            for name, opt in ed.file.options.items()
        ],
        bots=list(DIFFICULTIES),
    )


@router.get("", response_model=list[EditionSummary])
async def list_editions() -> Any:
    """Retrieve the editions, each with its house rules and their defaults."""
    out = []
    for name in available():
        try:
            out.append(_summary(load_edition(name)))
        except EditionError as exc:  # one broken file must not hide the others
            log.error("edition %s is not offered: %s", name, exc)
    return out


@router.get("/{name}", response_model=Board)
async def read_board(*, name: str, request: Request) -> Any:
    """Retrieve an edition's board; house rules may be given as query parameters."""
    ed = _edition(name)
    try:
        rules = ed.ruleset(dict(request.query_params))
    except EditionError as exc:
        raise HTTPException(status_code=422, detail=public_message(exc)) from None
    return _board(ed, rules)


def _wealth_kinds(r: Ruleset) -> dict[str, int]:
    """How many Share the Wealth cards of each kind the deck holds (public)."""
    counts: dict[str, int] = {}
    for card in r.wealth_cards:
        counts[card.id] = counts.get(card.id, 0) + 1
    return counts


def _board(ed: Edition, r: Ruleset) -> Board:
    spaces = r.spaces
    return Board(
        name=r.id, title=r.title, version=r.version, options=dict(r.options),
        spinner=r.spinner, start_cash=r.start_cash, loan_amount=r.loan_amount,
        loan_payback=r.loan_payback, min_players=r.min_players, max_players=r.max_players,
        spaces=[
            SpacePublic(
                id=s.id, label=s.label, effect=s.effect,
                effect_label=EFFECTS[s.effect].label, icon=EFFECTS[s.effect].icon,
                says=EFFECTS[s.effect].describe(s, r),
                next=[spaces[j].id for j in s.next], stop=s.stop, branch=s.branch,
                to_retire=s.to_retire, amount=s.amount,
                payee=r.careers[s.payee].id if s.payee >= 0 else None,
                waived_by=s.waived_by or None, per_child=s.per_child,
                requires_house=s.requires_house, count=s.count, life_tile=s.life_tile,
                careers=s.careers, salaries=s.salaries,
                borrow=s.borrow_notes * r.loan_amount, draw_job=s.draw_job,
                on_pass=s.on_pass, requires=s.requires or None, degree_only=s.degree_only,
                raise_amount=s.raise_amount, gift=s.gift,
                gifts=[SpinRangePublic(low=lo, high=hi, amount=a) for lo, hi, a in s.gifts],
                deck=r.house_decks[s.deck] if s.deck >= 0 else None,
                max_bet=s.max_bet, bet_step=s.bet_step, multiplier=s.multiplier,
                child_gift=s.child_gift, branch_costs=list(s.branch_costs), if_spun=s.if_spun,
                career=r.careers[s.career].id if s.career >= 0 else None,
                to=spaces[s.to].id if s.to >= 0 else None, land=s.land, kind=s.kind or None,
                sure=s.sure, optional=s.optional,
                outcomes=[SpinRangePublic(low=lo, high=hi, amount=a) for lo, hi, a in s.outcomes],
                back=s.back, first_bonus=s.first_bonus, stock_bonus=s.stock_bonus,
                life_bonus=s.life_bonus, lucky_fine=s.lucky_fine, tycoon=s.tycoon,
            )
            for s in spaces
        ],
        careers=[
            CareerPublic(id=c.id, name=c.name, degree=c.degree, salary=c.salary,
                         max_salary=c.max_salary, taxes=c.taxes, abilities=[
                AbilityPublic(trigger=a.trigger, number=a.number, numbers=list(a.numbers),
                              amount=a.amount, tiles=a.tiles, salary=a.salary)
                for a in c.abilities
            ])
            for c in r.careers
        ],
        salaries=[SalaryPublic(id=i, amount=a, taxes=t)
                  for i, a, t in zip(r.salary_ids, r.salary_amounts, r.salary_taxes, strict=True)],
        houses=[HousePublic(id=h.id, name=h.name, price=h.price, insurance=h.insurance,
                            resale=list(h.resale), sale=h.sale if h.sale >= 0 else None,
                            deck=r.house_decks[h.deck]) for h in r.houses],
        stock_price=r.stock_price, stock_payout=r.stock_payout,
        auto_insurance_price=r.auto_insurance_price,
        wealth_cards=_wealth_kinds(r),
        wealth_kinds={c.id: WealthCardPublic(kind=c.kind, tokens=c.tokens) for c in r.wealth_cards},
        stocks=[StockPublic(id=i, number=n)
                for i, n in zip(r.stock_ids, r.stock_numbers, strict=True)],
        life_tiles=LifeTilesPublic(count=len(r.tile_values), values=sorted(r.tile_values)),
        display=dict(ed.file.display.model_extra or {}),
        era=ed.file.metadata.era, summary=ed.file.metadata.summary,
        choices=[ChoicePublic(topic=c.topic, choice=c.choice, why=c.why, option=c.option)
                 for c in ed.file.metadata.choices],
    )
