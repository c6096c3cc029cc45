"""The rules' vocabulary: every named effect, career ability, decision, chance
node and step, registered once with its parameters, its handler and its label.

A rule lives in one function of one module (`effects.py` for what a space
does, `abilities.py` for careers, `decisions.py`, `chance.py`, `turn.py`) and
registers itself here with a decorator. Everything else reads these tables:
the edition schema and loader (which names exist, which parameters each
takes), the engine's step loop (which handler runs), the bots (which features
a space has) and every shell (what to call a space). To find a rule, search
for its name.

>>> from lifespin.engine import registry
>>> registry.EFFECTS["payday"].label
'Pay Day'
>>> sorted(registry.EFFECTS["pay"].required)
['amount']
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from .actions import Action
    from .ruleset import AbilitySpec, Ruleset, SpaceSpec

__all__ = [
    "ABILITIES",
    "EFFECTS",
    "REDEALS",
    "TASKS",
    "AbilityRule",
    "EffectRule",
    "Kind",
    "TaskRule",
    "ability",
    "chance",
    "decision",
    "effect",
    "money",
    "redeal",
    "step",
]

F = TypeVar("F", bound=Callable[..., Any])
C = TypeVar("C", bound=type)


def money(amount: int) -> str:
    """Dollars as a label shows them: ``$5,000``, ``-$20,000``."""
    return f"-${-amount:,}" if amount < 0 else f"${amount:,}"


# ---------------------------------------------------------------- effects


@dataclass(frozen=True, slots=True)
class EffectRule:
    """What a space can do.

    `handler(draft, seat, space, passing)` does it; it returns the tasks that
    follow it in place of a STOP's usual ones (a spin-again space), or None.
    `describe(space, rules)` says it in a few words with its amounts.
    """

    name: str
    label: str
    glyph: str
    icon: str
    required: frozenset[str]
    optional: frozenset[str]
    on_pass: bool
    handler: Callable[..., Any]
    describe: Callable[[SpaceSpec, Ruleset], str]
    doc: str

    @property
    def params(self) -> frozenset[str]:
        return self.required | self.optional


EFFECTS: dict[str, EffectRule] = {}
"""Every effect a space may name, in registration order."""


def effect(
    name: str,
    *,
    label: str,
    glyph: str,
    icon: str,
    describe: Callable[[SpaceSpec, Ruleset], str],
    required: Iterable[str] = (),
    optional: Iterable[str] = (),
    on_pass: bool = False,
) -> Callable[[F], F]:
    """Register the decorated function as the handler of effect `name`.

    `required` and `optional` are the space parameters the effect reads (any
    other is an error in an edition file); `on_pass`: the effect may also act
    on a car that passes the space; `glyph`: one ASCII character for text
    boards; `icon`: one symbol for graphic boards.
    """
    if len(glyph) != 1 or not glyph.isascii() or len(icon) != 1:
        raise ValueError(f"effect {name!r}: a glyph is one ASCII character and an icon "
                         f"one character, not {glyph!r} and {icon!r}")

    def register(fn: F) -> F:
        _unique(EFFECTS, name, "effect")
        EFFECTS[name] = EffectRule(
            name=name, label=label, glyph=glyph, icon=icon, required=frozenset(required),
            optional=frozenset(optional), on_pass=on_pass, handler=fn, describe=describe,
            doc=(fn.__doc__ or "").strip(),
        )
        return fn

    return register


# ---------------------------------------------------------------- abilities


@dataclass(frozen=True, slots=True)
class AbilityRule:
    """A career's special ability, named by its trigger in edition files."""

    name: str
    label: str
    required: frozenset[str]
    optional: frozenset[str]
    handler: Callable[..., Any]
    describe: Callable[[AbilitySpec], str]
    doc: str

    @property
    def params(self) -> frozenset[str]:
        return self.required | self.optional


ABILITIES: dict[str, AbilityRule] = {}
"""Every career ability, in registration order."""


def ability(
    name: str,
    *,
    label: str,
    describe: Callable[[AbilitySpec], str],
    required: Iterable[str] = (),
    optional: Iterable[str] = (),
) -> Callable[[F], F]:
    """Register the decorated function as the rule of career ability `name`."""

    def register(fn: F) -> F:
        _unique(ABILITIES, name, "ability")
        ABILITIES[name] = AbilityRule(
            name=name, label=label, required=frozenset(required),
            optional=frozenset(optional), handler=fn, describe=describe,
            doc=(fn.__doc__ or "").strip(),
        )
        return fn

    return register


# ---------------------------------------------------------------- tasks


class Kind(Enum):
    DECISION = "decision"  # a seat chooses from legal_actions()
    CHANCE = "chance"  # a driver picks one of chance_outcomes()
    STEP = "step"  # the engine does it by itself


@dataclass(frozen=True, slots=True)
class TaskRule:
    """How one type of task on the stack is handled.

    `choices(board, task)`: the legal actions (a decision) or the equally
    likely outcomes (a chance node). `auto(draft, task)`: resolves the task by
    itself when there is nothing to choose (pops it and returns True).
    `resolve(draft, task, action)`: applies the action (None for a step).
    """

    name: str
    kind: Kind
    label: str
    task: type
    choices: Callable[..., list[Action]]
    auto: Callable[..., bool] | None
    resolve: Callable[..., None]
    chance: bool  # a chance node
    waits: bool  # a decision or a chance node: the step loop stops here unless `auto`


TASKS: dict[type, TaskRule] = {}
"""Every task type, by its record type."""


def _task(task: type, name: str, kind: Kind, label: str, choices: Any, auto: Any,
          resolve: Any) -> None:
    if task in TASKS:
        raise ValueError(f"task {task.__name__} is registered twice")
    if any(rule.name == name for rule in TASKS.values()):
        raise ValueError(f"a task named {name!r} is registered twice")
    TASKS[task] = TaskRule(name=name, kind=kind, label=label, task=task,
                           choices=choices or _no_choices, auto=auto, resolve=resolve,
                           chance=kind is Kind.CHANCE, waits=kind is not Kind.STEP)


def _no_choices(board: Any, task: Any) -> list[Action]:
    return []  # a step is taken by the engine, nobody chooses


def decision(task: type, name: str, *, label: str) -> Callable[[C], C]:
    """Register a decision: the decorated class holds its rule together,
    `legal(board, task)`, `resolve(draft, task, action)` and optionally
    `auto(draft, task)`, all static methods."""

    def register(cls: C) -> C:
        rule: Any = cls
        _task(task, name, Kind.DECISION, label, rule.legal, getattr(rule, "auto", None),
              rule.resolve)
        return cls

    return register


def chance(task: type, name: str, *, label: str) -> Callable[[C], C]:
    """Register a chance node: the decorated class holds `outcomes(board,
    task)`, `resolve(draft, task, action)` and optionally `auto(draft, task)`
    (a node with nothing to draw from that resolves by itself)."""

    def register(cls: C) -> C:
        rule: Any = cls
        _task(task, name, Kind.CHANCE, label, rule.outcomes, getattr(rule, "auto", None),
              rule.resolve)
        return cls

    return register


def step(task: type, name: str, *, label: str) -> Callable[[F], F]:
    """Register the decorated function `(draft, task, None)` as a step the
    engine takes by itself."""

    def register(fn: F) -> F:
        _task(task, name, Kind.STEP, label, None, None, fn)
        return fn

    return register


# ---------------------------------------------------------------- hidden information

REDEALS: dict[str, Callable[..., None]] = {}
"""How each kind of face-down thing is dealt again for a seat that cannot see
it (`State.resample`), in the order they draw from the stream."""


def redeal(name: str) -> Callable[[F], F]:
    """Register `fn(draft, source_state, seat, stream)` as the re-deal of `name`."""

    def register(fn: F) -> F:
        _unique(REDEALS, name, "re-deal")
        REDEALS[name] = fn
        return fn

    return register


def _unique(table: dict[str, Any], name: str, what: str) -> None:
    if name in table:
        raise ValueError(f"{what} {name!r} is registered twice")
