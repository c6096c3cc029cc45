"""lifespin as an OpenSpiel game: ``pyspiel.load_game("python_lifespin", {...})``.

Importing this module registers the game ``python_lifespin`` with pyspiel
(`pyspiel.register_game`); that registration is its one side effect. It needs
the ``envs`` extra (``pip install 'lifespin[envs]'``, which brings
``open_spiel``).

Parameters (all optional):

- ``edition`` (str, default ``"classic"``): a shipped edition's name or the
  path of an edition TOML (a path must not hold ``,``, ``(``, ``)`` or ``=``:
  OpenSpiel's game strings split on them). A name that reads as a number
  (``2005``, ``1960``) is kept quoted, ``edition='2005'``, so that the game
  string reads back as text rather than a number; quotes around the edition
  are accepted and dropped.
- ``players`` (int, default 4): the table size (the edition's range, or 1
  for the analysis game).
- ``options`` (str, default ``"{}"``): the house rules as a JSON object,
  e.g. ``'{"stall_price": "6000"}'``. The game keeps them in a canonical
  form with ``;`` in place of ``,`` between entries
  (``{"a":1;"b":2}``), because OpenSpiel's game strings split on commas;
  either form is accepted.

The game (`GAME_TYPE`):

- sequential, explicit chance, imperfect information, terminal rewards;
- chance nodes list their outcomes with exact probabilities: the engine's
  outcomes are an equally likely multiset (`State.chance_outcomes`), merged
  here, each distinct outcome with probability count / n (they sum to 1);
- actions: one fixed numbering per ruleset (edition + house rules) and table
  size, `lifespin.envs.spaces.ActionSpace`: decision ``i`` is
  ``space.action(i)``, chance outcome ``j`` is ``space.chance_action(j)``
  (``space.describe()`` is the whole table). `num_distinct_actions` is
  ``space.n``, `max_chance_outcomes` is ``space.n_chance``; legal actions
  come sorted ascending; action strings are the engine's notation
  (``str(Action)``: ``"spin"``, ``"branch:49"``, ``"spun:7"``);
- returns: each seat's share of the win, `lifespin.sim.stats.win_shares`
  (1 for a sole winner, 1/k each for a k-way tie for first, 0 otherwise).
  They sum to 1 whenever somebody wins, but a game can end with no winner
  (1960: every seat at the Poor Farm, frequent with random play), so the
  utility is GENERAL_SUM in [0, 1];
- `max_game_length`: the engine's termination bound, `game_length_bound`,
  as tests/engine/test_conformance.py derives and asserts it (with the
  ``wheel_misspins`` house rule a run of misspins could in principle go past
  it; the chance of that is negligible).

What a seat sees (`lifespin.envs.encode.Observer`, one encoding for every
door): the observation tensor is the Observer's float32 vector of what that
seat may see now (public facts, its own Share the Wealth hand, the cards
dealt for its own choice while it chooses; never another seat's private
card nor a LIFE tile's value). The observation string names the tensor's
non-zero slots with their raw values (``p0.cash=10000 ...``).

The information state is that observation plus the public history: every
decision (all decisions are made in the open) and every chance outcome as
the table saw it. Spins are public; so is the teacher's second career, dealt
face up. Every other chance outcome is a face-down card or tile and shows
only as its kind, ``c:draw_tile:?``, to every seat, its receiver included:
what a seat holds privately is in its observation instead. So the
information state string is ``seat k``, the observation string and the
public history (``0:spin c:spun:7 0:branch:49 c:draw_tile:? ...``); it is a
function of what the seat knows, and `resample_from_infostate` keeps it. The
one thing it drops is a private card a seat once saw and no longer holds (a
career dealt to it and declined, which goes back into a deck whose contents
are public). The information state tensor is the observation tensor: every
fact a policy acts on is on the table now; the history lives in the string.

>>> import pyspiel
>>> import lifespin.envs.openspiel as los
>>> game = pyspiel.load_game("python_lifespin", {"edition": "classic", "players": 2})
>>> state = game.new_initial_state()
>>> state.is_chance_node(), abs(sum(p for _, p in state.chance_outcomes()) - 1) < 1e-12
(True, True)
>>> while state.is_chance_node():
...     state.apply_action(state.chance_outcomes()[0][0])
>>> [state.action_to_string(a) for a in state.legal_actions()]
['start:college', 'start:career']
>>> state.information_state_string(0).splitlines()[-1].split()[-1]
'c:draw_tile:?'
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import pyspiel

from ..editions import new_game
from ..engine import CHANCE, Action, State
from ..engine.ruleset import Ruleset
from ..engine.tasks import Deal, Deck, Spin
from ..rng import Stream
from ..sim.stats import win_shares
from .encode import Observer, observer
from .spaces import ActionSpace, action_space

__all__ = [
    "GAME_NAME",
    "GAME_TYPE",
    "LifespinGame",
    "LifespinState",
    "canonical_edition",
    "canonical_options",
    "game_length_bound",
    "load",
    "longest_route",
]

GAME_NAME = "python_lifespin"

ACTIONS_PER_MOVE_SPIN = 40
"""The most actions between two move spins (tests/engine/test_conformance.py)."""

GAME_TYPE = pyspiel.GameType(
    short_name=GAME_NAME,
    long_name="lifespin: the game of Life (Python)",
    dynamics=pyspiel.GameType.Dynamics.SEQUENTIAL,
    chance_mode=pyspiel.GameType.ChanceMode.EXPLICIT_STOCHASTIC,
    information=pyspiel.GameType.Information.IMPERFECT_INFORMATION,
    utility=pyspiel.GameType.Utility.GENERAL_SUM,
    reward_model=pyspiel.GameType.RewardModel.TERMINAL,
    max_num_players=12,
    min_num_players=1,
    provides_information_state_string=True,
    provides_information_state_tensor=True,
    provides_observation_string=True,
    provides_observation_tensor=True,
    parameter_specification={"edition": "classic", "players": 4, "options": "{}"},
)


# ---------------------------------------------------------------- parameters


def _parse_options(text: str) -> dict[str, Any]:
    """House rules from their JSON text (``;`` accepted in place of ``,``)."""
    try:
        value = json.loads(text)
    except json.JSONDecodeError:
        try:
            value = json.loads(text.replace(";", ","))
        except json.JSONDecodeError as err:
            raise ValueError(f"options must be a JSON object, not {text!r}: {err}") from None
    if not isinstance(value, dict):
        raise ValueError(f"options must be a JSON object, not {text!r}")
    return value


def canonical_options(options: str | Mapping[str, Any] | None) -> str:
    """The game-string form of house rules: JSON, keys sorted, no spaces, ``;``
    between entries (OpenSpiel's game strings split on commas).

    >>> canonical_options('{"stall_price": "6000", "start_cash": 7000}')
    '{"stall_price":"6000";"start_cash":7000}'
    >>> canonical_options(None)
    '{}'
    """
    if options is None:
        value: dict[str, Any] = {}
    elif isinstance(options, str):
        value = _parse_options(options)
    else:
        value = dict(options)
    items = sorted(value.items())
    parts = [f"{json.dumps(str(k))}:{json.dumps(v, separators=(',', ':'))}" for k, v in items]
    bad = [part for part in parts if any(ch in part for ch in ",;()=")]
    if bad:
        raise ValueError(f"a house rule in a game string cannot hold , ; ( ) or =: {bad[0]}")
    return "{" + ";".join(parts) + "}"


def canonical_edition(edition: str) -> str:
    """The game-string form of an edition: quoted when OpenSpiel would read it
    as a number or a truth value.

    >>> canonical_edition("2005"), canonical_edition("'1960'"), canonical_edition("classic")
    ("'2005'", "'1960'", 'classic')
    """
    text = _unquote(edition)
    if text.lower() in ("true", "false") or not text.strip("+-0123456789."):
        return f"'{text}'"
    return text


def _unquote(text: str) -> str:
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
        return text[1:-1]
    return text


def longest_route(rules: Ruleset) -> int:
    """Steps on the longest route from a start space to a space with no
    successor (the board is acyclic: the loader refuses a cycle)."""
    spaces = rules.spaces
    memo: dict[int, int] = {}
    for start in rules.starts:
        stack = [start]
        while stack:
            i = stack[-1]
            if i in memo:
                stack.pop()
                continue
            todo = [j for j in spaces[i].next if j not in memo]
            if todo:
                stack.extend(todo)
                if len(stack) > 4 * len(spaces):
                    raise ValueError(f"{rules.id}: the board has a cycle through {spaces[i].id}")
                continue
            stack.pop()
            memo[i] = 1 + max((memo[j] for j in spaces[i].next), default=-1)
    return max(memo[s] for s in rules.starts)


def game_length_bound(rules: Ruleset, players: int) -> int:
    """The most actions (decisions and chance outcomes) a game can take: what
    the box holds (one action per card or tile dealt, plus 100), then at most
    ``ACTIONS_PER_MOVE_SPIN`` actions per move spin, of which a car makes at
    most one per step of the longest route (the bound of
    tests/engine/test_conformance.py, which asserts it on every edition).

    >>> import lifespin
    >>> rules = lifespin.new_game("classic", 4).rules
    >>> longest_route(rules), game_length_bound(rules, 4)
    (134, 21623)
    """
    box = (len(rules.tile_values) + len(rules.careers) + len(rules.salary_amounts)
           + len(rules.wealth_cards) + 100)
    return box + (players * longest_route(rules) + 1) * ACTIONS_PER_MOVE_SPIN


# ---------------------------------------------------------------- the shared parts


@dataclass(frozen=True, eq=False)
class _Setup:
    """What every state of one game shares (never copied: see `__deepcopy__`)."""

    key: tuple[str, int, str]
    initial: State
    space: ActionSpace
    observer: Observer
    max_length: int
    # Indices of actions already looked up (the numbering is fixed; only
    # ``buy_policy`` needs the state, and is not kept here).
    decision_ids: dict[Action, int] = field(default_factory=dict)
    chance_ids: dict[Action, int] = field(default_factory=dict)

    def __deepcopy__(self, memo: dict[int, Any]) -> _Setup:
        return self

    def decision_index(self, action: Action, state: State) -> int:
        i = self.decision_ids.get(action)
        if i is None:
            i = self.space.index(action, state)
            if action.kind != "buy_policy":
                self.decision_ids[action] = i
        return i

    def chance_index(self, action: Action) -> int:
        i = self.chance_ids.get(action)
        if i is None:
            i = self.chance_ids[action] = self.space.chance_index(action)
        return i


@lru_cache(maxsize=64)
def _setup(edition: str, players: int, options: str) -> _Setup:
    initial = new_game(edition, players, _parse_options(options))
    rules = initial.rules
    return _Setup((edition, players, options), initial, action_space(rules, players),
                  observer(rules, players), game_length_bound(rules, players))


def _hidden_to_all(state: State) -> bool:
    """Whether the chance node of `state` deals something face down: every
    chance node but the wheel and the teacher's second career (dealt face up)."""
    top = state.tasks[-1]
    if isinstance(top, Spin):
        return False
    return not (isinstance(top, Deal) and top.deck == Deck.CAREER2)


class _Node:
    """One position: the engine's state and the public history, immutable and
    shared by every clone (OpenSpiel clones a Python state by deep-copying its
    attributes; a node copies as itself). Serialized as the engine's actions,
    replayed from the start (or, for a re-dealt state, which has no history,
    the engine state itself)."""

    __slots__ = ("_chance", "_legal", "_said", "_seen", "_text", "public", "setup", "state")

    def __init__(self, setup: _Setup, state: State, public: Any) -> None:
        self.setup = setup
        self.state = state
        self.public = public  # (token, earlier public history) or None
        self._legal: dict[int, Action] | None = None
        self._chance: dict[int, tuple[Action, int]] | None = None
        self._text: str | None = None
        self._seen: dict[int, np.ndarray] = {}
        self._said: dict[tuple[int, bool], str] = {}

    def __deepcopy__(self, memo: dict[int, Any]) -> _Node:
        return self

    def __reduce__(self) -> tuple[Any, ...]:
        s = self.state
        history = s.history
        replay = len(history) == s.move_number
        return (_rebuild, (self.setup.key, tuple(str(a) for a in history) if replay else None,
                           None if replay else s, self.tokens()))

    def legal(self) -> dict[int, Action]:
        """The current seat's legal actions by index (ascending)."""
        if self._legal is None:
            s, setup = self.state, self.setup
            pairs = sorted((setup.decision_index(a, s), a) for a in s.legal_actions())
            self._legal = dict(pairs)
        return self._legal

    def chance(self) -> dict[int, tuple[Action, int]]:
        """The chance node's distinct outcomes by index (ascending), each with
        how many of the equally likely outcomes it is."""
        if self._chance is None:
            setup = self.setup
            out: dict[int, tuple[Action, int]] = {}
            for a in self.state.chance_outcomes():
                i = setup.chance_index(a)
                hit = out.get(i)
                out[i] = (a, 1) if hit is None else (a, hit[1] + 1)
            self._chance = dict(sorted(out.items()))
        return self._chance

    def seen(self, seat: int) -> np.ndarray:
        """The seat's observation (the Observer's vector), computed once."""
        x = self._seen.get(seat)
        if x is None:
            x = self._seen[seat] = self.setup.observer.observe(self.state, seat)
            x.flags.writeable = False
        return x

    def said(self, seat: int, recall: bool) -> str:
        """The seat's observation string (`recall`: its information state
        string), computed once."""
        key = (seat, recall)
        text = self._said.get(key)
        if text is None:
            x = self.seen(seat)
            slots = self.setup.observer.slots
            text = " ".join(f"{slots[i].name}={float(x[i]) * slots[i].scale:.6g}"
                            for i in np.flatnonzero(x))
            if recall:
                text = f"seat {seat}\n{text}\n{self.history_text()}"
            self._said[key] = text
        return text

    def tokens(self) -> tuple[str, ...]:
        out: list[str] = []
        node = self.public
        while node is not None:
            out.append(node[0])
            node = node[1]
        out.reverse()
        return tuple(out)

    def history_text(self) -> str:
        if self._text is None:
            self._text = " ".join(self.tokens())
        return self._text

    def child(self, action: int) -> _Node:
        s = self.state
        cp = s.current_player
        if cp == CHANCE:
            hit = self.chance().get(action)
            if hit is None:
                raise ValueError(f"chance outcome {action} is not possible now ({s.describe()})")
            a = hit[0]
            token = f"c:{a.kind}:?" if _hidden_to_all(s) else f"c:{a}"
        else:
            found = self.legal().get(action)
            if found is None:
                raise ValueError(f"action {action} is not legal now ({s.describe()})")
            a = found
            token = f"{cp}:{a}"
        return _Node(self.setup, s.apply(a), (token, self.public))


def _rebuild(key: tuple[str, int, str], actions: tuple[str, ...] | None,
             state: State | None, tokens: tuple[str, ...]) -> _Node:
    setup = _setup(*key)
    if state is None:
        state = setup.initial
        for text in actions or ():
            state = state.play(text)
    public: Any = None
    for token in tokens:
        public = (token, public)
    return _Node(setup, state, public)


# ---------------------------------------------------------------- the game


class LifespinGame(pyspiel.Game):  # type: ignore[misc]
    """One ruleset at one table size, as an OpenSpiel game (use
    ``pyspiel.load_game("python_lifespin", params)`` or `load`)."""

    def __init__(self, params: Mapping[str, Any] | None = None) -> None:
        p = dict(params or {})
        edition = canonical_edition(str(p.get("edition", "classic")))
        players = int(p.get("players", 4))
        options = canonical_options(str(p.get("options", "{}")))
        setup = _setup(_unquote(edition), players, options)
        info = pyspiel.GameInfo(
            num_distinct_actions=setup.space.n,
            max_chance_outcomes=setup.space.n_chance,
            num_players=players,
            min_utility=0.0,
            max_utility=1.0,
            utility_sum=None,
            max_game_length=setup.max_length,
        )
        super().__init__(GAME_TYPE, info, {"edition": edition, "players": players,
                                           "options": options})
        self.setup = setup
        self._root = _Node(setup, setup.initial, None)

    @property
    def action_space(self) -> ActionSpace:
        """The action numbering (`lifespin.envs.spaces.ActionSpace`)."""
        return self.setup.space

    @property
    def observer(self) -> Observer:
        """The observation encoding (`lifespin.envs.encode.Observer`)."""
        return self.setup.observer

    def new_initial_state(self, *args: Any) -> LifespinState:
        """The state before anything has happened."""
        if args:
            raise ValueError("python_lifespin starts only from its initial state")
        return LifespinState(self, self._root)

    def make_py_observer(self, iig_obs_type: Any = None,
                         params: Mapping[str, Any] | None = None) -> _PyObserver:
        """The observer OpenSpiel asks for: the observation (perfect_recall
        false) or the information state (perfect_recall true), of one seat's
        public and private information."""
        if params:
            raise ValueError(f"python_lifespin's observers take no parameters, not {params}")
        if iig_obs_type is None:
            return _PyObserver(self.setup, False)
        if (not iig_obs_type.public_info
                or iig_obs_type.private_info != pyspiel.PrivateInfoType.SINGLE_PLAYER):
            raise ValueError(
                "python_lifespin observes public information and the observing seat's own "
                f"private information only, not public_info={iig_obs_type.public_info}, "
                f"private_info={iig_obs_type.private_info}")
        return _PyObserver(self.setup, bool(iig_obs_type.perfect_recall))


class LifespinState(pyspiel.State):  # type: ignore[misc]
    """A position of a `LifespinGame`: the engine's immutable `State` inside
    (`lifespin_state`), so a clone shares it."""

    def __init__(self, game: LifespinGame, node: _Node) -> None:
        super().__init__(game)
        self._node = node

    # OpenSpiel's API -------------------------------------------------------

    def current_player(self) -> int:
        cp = self._node.state.current_player
        if cp >= 0:
            return cp
        return int(pyspiel.PlayerId.CHANCE if cp == CHANCE else pyspiel.PlayerId.TERMINAL)

    def _legal_actions(self, player: int) -> list[int]:
        if player != self._node.state.current_player:
            return []
        return list(self._node.legal())

    def chance_outcomes(self) -> list[tuple[int, float]]:
        """The distinct outcomes, ascending, with their exact odds (count / n)."""
        ch = self._node.chance()
        n = sum(k for _, k in ch.values())
        return [(i, k / n) for i, (_, k) in ch.items()]

    def _apply_action(self, action: int) -> None:
        self._node = self._node.child(int(action))

    def _action_to_string(self, player: int, action: int) -> str:
        space = self._node.setup.space
        if player == pyspiel.PlayerId.CHANCE:
            return str(space.chance_action(int(action)))
        return str(space.action(int(action)))

    def is_terminal(self) -> bool:
        return self._node.state.is_terminal

    def returns(self) -> list[float]:
        """Each seat's share of the win at the end (`win_shares`); 0s before."""
        s = self._node.state
        if not s.is_terminal:
            return [0.0] * len(s.players)
        shares = win_shares(s.results())
        return [float(shares[i]) for i in range(len(s.players))]

    def rewards(self) -> list[float]:
        return self.returns()

    def resample_from_infostate(self, player_id: int,
                                probability_sampler: Callable[[], float]) -> LifespinState:
        """A state `player_id` cannot tell from this one (same information
        state string): everything face down it cannot see is dealt again
        (`State.resample`), from a stream seeded by one draw of
        `probability_sampler` (a callable giving a uniform float in [0, 1),
        e.g. ``pyspiel.UniformProbabilitySampler(0., 1.)``). The new state
        keeps the public history but not OpenSpiel's action history."""
        seed = int(float(probability_sampler()) * (1 << 53))
        node = self._node
        fresh: LifespinState = self.get_game().new_initial_state()
        fresh._node = _Node(node.setup, node.state.resample(player_id, Stream(seed)),
                            node.public)
        return fresh

    def __str__(self) -> str:
        s = self._node.state
        r = s.rules
        lines = [s.describe()]
        for i, p in enumerate(s.players):
            where = r.spaces[p.space].id if p.space >= 0 else "-"
            lines.append(f"seat {i}: space {where} cash {p.cash} loans {p.loans} "
                         f"tiles {len(p.tiles)} retired {p.retired}")
        return "\n".join(lines)

    # lifespin's extras -----------------------------------------------------

    @property
    def lifespin_state(self) -> State:
        """The engine's state (immutable)."""
        return self._node.state

    def public_history(self) -> tuple[str, ...]:
        """The history as every seat saw it: ``seat:notation`` for a decision,
        ``c:notation`` for a public chance outcome, ``c:kind:?`` for a face-down one."""
        return self._node.tokens()

    def chance_probabilities(self) -> list[tuple[int, Fraction]]:
        """The chance outcomes with their exact odds as fractions."""
        ch = self._node.chance()
        n = sum(k for _, k in ch.values())
        return [(i, Fraction(k, n)) for i, (_, k) in ch.items()]

    def action_index(self, action: Action | str) -> int:
        """The index of an engine action (a decision or, at a chance node, an
        outcome), e.g. to replay a lifespin record."""
        a = Action.parse(action) if isinstance(action, str) else action
        s = self._node.state
        setup = self._node.setup
        if s.current_player == CHANCE:
            return setup.chance_index(a)
        return setup.decision_index(a, s)

    def chance_from_stream(self, stream: Stream) -> int:
        """The chance outcome lifespin's drivers would pick with `stream`
        (``outcomes[next_u64() % n]`` over the engine's equally likely list),
        as an index: a game driven this way is lifespin's game for that seed."""
        s = self._node.state
        return self._node.setup.chance_index(stream.pick(s.chance_outcomes()))


# ---------------------------------------------------------------- observers


class _PyObserver:
    """OpenSpiel's Python observer protocol: `tensor`, `dict`, `set_from`,
    `string_from`. The information state adds the public history to the
    string; its tensor is the observation's."""

    def __init__(self, setup: _Setup, perfect_recall: bool) -> None:
        self.setup = setup
        self.perfect_recall = perfect_recall
        self.tensor = np.zeros(setup.observer.size, np.float32)
        name = "info_state" if perfect_recall else "observation"
        self.dict = {name: self.tensor}

    def set_from(self, state: LifespinState, player: int) -> None:
        self.tensor[:] = state._node.seen(player)

    def string_from(self, state: LifespinState, player: int) -> str:
        return state._node.said(player, self.perfect_recall)


# ---------------------------------------------------------------- registration


def load(edition: str | Path = "classic", players: int = 4,
         options: str | Mapping[str, Any] | None = None) -> LifespinGame:
    """``pyspiel.load_game("python_lifespin", ...)`` with typed arguments
    (`options`: house rules as a mapping or as JSON text)."""
    game = pyspiel.load_game(GAME_NAME, {"edition": str(edition), "players": players,
                                         "options": canonical_options(options)})
    assert isinstance(game, LifespinGame)
    return game


if GAME_NAME not in pyspiel.registered_names():
    pyspiel.register_game(GAME_TYPE, LifespinGame)
