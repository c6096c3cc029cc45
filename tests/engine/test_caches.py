"""Lookups derived from a ruleset live on it and go with it: no global grows
with the number of rulesets a process has seen."""

from __future__ import annotations

import gc
import weakref

import pytest

import lifespin
from lifespin.bots.heuristic import model_for
from lifespin.editions import loader
from lifespin.rng import Stream

KEPT = 3


def test_per_ruleset_tables_and_bot_models_are_freed_with_the_ruleset(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(loader, "_RULESET_CACHE", KEPT)  # a small cache, for speed
    edition = lifespin.load_edition("classic")
    refs = []
    for extra in range(KEPT + 5):
        # (never the default start cash: other tests hold the default ruleset)
        state = lifespin.new_game(edition, 2, {"start_cash": 10_001 + extra})
        stream = Stream(extra)
        for _ in range(20):  # play on: the engine's tables get built
            state = state.apply(stream.pick(state.chance_outcomes() or state.legal_actions()))
        assert "engine" in state.rules.cache
        if extra < 2:  # the bot's model too (slower to build)
            assert model_for(state.rules) is state.rules.cache["heuristic"]
        refs.append(weakref.ref(state.rules))
    del state
    gc.collect()
    alive = [ref() is not None for ref in refs]
    # Only the edition's bounded cache of recent rulesets keeps any alive: the
    # oldest, with their tables and models, are gone.
    assert sum(alive) <= KEPT
    assert not any(alive[:2])
