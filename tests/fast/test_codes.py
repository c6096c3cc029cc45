"""Action codes: every action the reference offers, and every chance outcome,
goes to a compiled (kind, a, b) and back unchanged; the tables agree."""

from __future__ import annotations

from typing import Any

from tests.fast.diff import EDITIONS

import lifespin
from lifespin.engine import Action
from lifespin.fast import codes
from lifespin.rng import Stream

# House rules that bring actions the default rules never offer.
OPTIONS: dict[str, list[dict[str, Any]]] = {
    "classic": [{}, {"night_school": "port", "house_deeds": "free_choice"},
                {"house_deeds": "draw_two", "loans": "when_short"}],
    "2005": [{}, {"shared_bet_numbers": True, "house_deeds": "free_choice"}],
    "1960": [{}, {"auto_insurance_offer": "every_turn"}],
    "weekend": [{}],
}
GAMES = 8  # per setting: enough that every kind of action is offered


def test_the_tables_agree() -> None:
    assert len(codes.KIND_NAMES) == codes.N_KINDS
    assert len(set(codes.KIND_NAMES)) == codes.N_KINDS
    assert len(codes.TASK_NAMES) == codes.T_FINAL + 1
    assert codes.N_DECISION_KINDS == codes.C_SPUN
    assert codes.kind_name(codes.A_BET) == "bet"
    assert codes.describe_task([codes.T_TURN, 2, 0, 0, 0, 0]) == "Turn(seat=2, 0, 0, 0, 0)"


def test_every_action_offered_goes_there_and_back() -> None:
    """Random games of every edition: each decision and chance outcome offered
    on the way round-trips, and between them they offer every kind."""
    seen: set[str] = set()
    for name, settings in OPTIONS.items():
        for k, options in enumerate(settings):
            for game in range(GAMES):
                state = lifespin.new_game(EDITIONS[name], 2 + game % 3, options)
                stream = Stream(100 * k + game)
                rules = state.rules
                while state.tasks:
                    chance = state.chance_outcomes()
                    offered = chance or state.legal_actions()
                    space = getattr(state.tasks[-1], "space", -1)
                    for action in offered:
                        kind, a, b = codes.from_action(rules, action, space)
                        # decisions and chance outcomes keep to their own ranges
                        assert (kind >= codes.N_DECISION_KINDS) == bool(chance), action
                        assert codes.to_action(rules, kind, a, b) == action, (kind, a, b)
                        seen.add(codes.KIND_NAMES[kind])
                    state = state.apply(stream.pick(offered))
    assert seen == set(codes.KIND_NAMES)


def test_actions_with_arguments() -> None:
    r = lifespin.load_edition("2005").ruleset()
    assert codes.from_action(r, Action("bet", "3-2")) == (codes.A_BET, 3, 2)
    assert codes.to_action(r, codes.A_BET, 3, 2) == Action("bet", "3-2")
    assert codes.to_action(r, codes.A_RETIRE, 1, 0) == Action("retire", "countryside")
    assert codes.from_action(r, Action("retire", "estates")) == (codes.A_RETIRE, 0, 0)
    assert codes.to_action(r, codes.C_SPUN, 7, 0) == Action("spun", 7)
