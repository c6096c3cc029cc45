"""One game as the doors run it: the state, the seed, the chance stream, the
observation and mask of the seat to decide, the checked step and the reward.

Chance is drawn exactly as `lifespin.sim` and `lifespin.table` draw it:
``Stream(seed)``, one draw per chance node, ``outcomes[next_u64() % n]``
(`table.draw_chance`). A game whose decisions are the simulator's bots'
decisions is therefore the simulator's game for that seed, action for action.

The reward is each seat's share of the win at the end: 1 for a sole winner,
1/k for each of k tied winners, 0 for the others (and 0 before the end).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import numpy as np

from ..editions import Edition, load_edition, new_game
from ..engine import CHANCE, Action, State
from ..errors import GameOverError, IllegalActionError, InvalidActionError
from ..fast import lower as L
from ..narrate import describe_action, money
from ..record import Record
from ..rng import Stream
from ..table import draw_chance
from .encode import Observer, encode, observer
from .spaces import ActionSpace, action_space, fill_mask

__all__ = ["Game", "win_shares"]


def win_shares(state: State) -> list[float]:
    """Each seat's share of the win of a finished game (1/k for k tied winners)."""
    rows = state.results()
    winners = [row["seat"] for row in rows if row["winner"]]
    out = [0.0] * len(state.players)
    for seat in winners:
        out[seat] = 1.0 / len(winners)
    return out


class Game:
    """One game of an edition at a table size, for a door to drive."""

    def __init__(self, edition: str | Path | Edition = "classic", players: int = 4,
                 options: Mapping[str, Any] | None = None) -> None:
        self.edition = load_edition(edition)
        self.options = dict(options or {})
        self.rules = self.edition.ruleset(self.options)
        self.rules.check_players(players, solo=False)
        self.players = players
        self.space: ActionSpace = action_space(self.rules, players)
        self.observer: Observer = observer(self.rules, players)
        self._la = np.empty((int(L.lower_rules(self.rules)[L.R_MAX_LEGAL]), 3), np.int64)
        self.seed = 0
        self.stream = Stream(0)
        self.state: State = new_game(self.edition, players, self.options)
        self._fs: np.ndarray | None = None
        self._mask: np.ndarray | None = None
        self.last: tuple[State, Action] | None = None  # the last decision and its state

    # ------------------------------------------------------------ running

    def reset(self, seed: int) -> None:
        """A new game seeded `seed`, run on to the first decision."""
        self.seed = seed
        self.stream = Stream(seed)
        self.state = new_game(self.edition, self.players, self.options)
        self.last = None
        self.advance_chance()

    def advance_chance(self) -> None:
        """Draw chance until a seat decides or the game ends."""
        s = self.state
        while s.current_player == CHANCE:
            s = s.apply(draw_chance(s, self.stream))
        self._set(s)

    def _set(self, s: State) -> None:
        self.state = s
        self._fs = None
        self._mask = None

    def apply(self, action: Action) -> None:
        """Play a legal decision (trusted), then chance up to the next decision."""
        self.last = (self.state, action)
        self._set(self.state.apply(action))
        self.advance_chance()

    def check(self, index: Any) -> Action:
        """The legal action numbered `index` for the seat to decide.

        Raises:
            InvalidActionError: `index` is not an integer.
            GameOverError: the game is over.
            IllegalActionError: no such index, or not legal now (the message
                names the index, its action, the situation and the legal ones).
        """
        try:
            i = int(index)
            if i != index:
                raise ValueError
        except (TypeError, ValueError):
            raise InvalidActionError(f"an action is an index 0..{self.space.n - 1}, "
                                     f"not {index!r}") from None
        s = self.state
        if s.current_player < 0:
            raise GameOverError(f"action {i}: the game is over ({s.describe()}); reset it")
        if not 0 <= i < self.space.n:
            raise IllegalActionError(f"no action {i}: {self.rules.id} actions are numbered "
                                     f"0..{self.space.n - 1}; now {s.describe()}; "
                                     f"legal: {self.legal_text()}")
        if not self.mask()[i]:
            action = self.space.action(i)
            raise IllegalActionError(f"action {i} ({action}) is not legal now: {s.describe()}; "
                                     f"legal: {self.legal_text()}")
        return self.space.action(i)

    def legal_text(self) -> str:
        return ", ".join(f"{i} ({self.space.labels()[i]})" for i in self.legal())

    def legal(self) -> list[int]:
        """The indices legal now, in order."""
        return [int(i) for i in np.flatnonzero(self.mask())]

    # ------------------------------------------------------------ seeing

    def lowered(self) -> np.ndarray:
        if self._fs is None:
            self._fs = L.lower_state(self.state)
        return self._fs

    def observation(self, seat: int) -> np.ndarray:
        """Seat's observation now (a new float32 array)."""
        out = np.empty(self.observer.size, np.float32)
        encode(self.observer.R, self.lowered(), seat, out)
        return out

    def mask(self) -> np.ndarray:
        """int8 (n,): the legal decisions of the seat to decide (all 0 otherwise)."""
        if self._mask is None:
            m = np.zeros(self.space.n, np.int8)
            got = fill_mask(self.observer.R, self.lowered(), self.space.lookup, self._la, m)
            if got < 0:  # pragma: no cover - tests/envs/test_spaces.py rules it out
                raise AssertionError(f"a legal action of {self.state.describe()} has no index")
            self._mask = m
        return self._mask

    def mask_for(self, seat: int) -> np.ndarray:
        """Seat's mask: the legal decisions if it decides now, all 0 otherwise."""
        if seat == self.state.current_player:
            return self.mask().copy()
        return np.zeros(self.space.n, np.int8)

    # ------------------------------------------------------------ the end

    @property
    def over(self) -> bool:
        return not self.state.tasks

    def shares(self) -> list[float]:
        """Each seat's reward: its win share at the end, 0 before."""
        return win_shares(self.state) if self.over else [0.0] * self.players

    def record(self) -> Record:
        """The game so far as a record (replays to the same state)."""
        return Record.from_state(self.state, seed=self.seed)

    def render(self, mode: str | None, warn: Callable[[str], None]) -> str | None:
        """What both doors' `render()` do: the text line for "ansi", printed
        for "human"; without a render mode, `warn` says how to ask for one."""
        if mode is None:
            warn("render() without a render_mode: pass render_mode='ansi' or 'human'")
            return None
        text = self.text()
        if mode == "human":
            print(text)
            return None
        return text

    def text(self) -> str:
        """One line: the last decision in words, what the game waits for, and
        each seat's cash."""
        s = self.state
        parts = [f"move {s.move_number}"]
        if self.last is not None:
            before, action = self.last
            who = before.names[before.current_player]
            parts.append(f"{who}: {describe_action(before, action)}")
        parts.append(s.describe())
        cash = " / ".join(money(p.cash) for p in s.players)
        parts.append(f"cash {cash}")
        if self.over:
            won = [s.names[i] for i, x in enumerate(self.shares()) if x > 0]
            parts.append(f"won by {', '.join(won) or 'nobody'}")
        return " | ".join(parts)
