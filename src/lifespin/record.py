"""Saved games: seed + edition id/version + options + players + action log.

Replaying a record's actions through the checked door rebuilds every state;
web persistence, golden tests and bug reports all use this one format.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .editions import available, load_edition, new_game
from .engine import Action, State
from .errors import EditionError, LifespinError, RecordError

__all__ = ["FORMAT", "Record", "replay", "replay_states"]

FORMAT = "lifespin-record/1"


@dataclass(frozen=True)
class Record:
    """One game, enough to rebuild it exactly."""

    edition: str
    edition_version: str
    players: tuple[str, ...]
    seed: int | None = None
    options: Mapping[str, Any] = field(default_factory=dict)
    actions: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "edition": self.edition,
            "edition_version": self.edition_version,
            "options": dict(self.options),
            "players": list(self.players),
            "seed": self.seed,
            "actions": list(self.actions),
        }

    def dumps(self) -> str:
        return json.dumps(self.to_json(), indent=1)

    def save(self, path: str | Path) -> None:
        """Write the record as JSON (to a temporary file first, so a crash
        never leaves half a record)."""
        p = Path(path)
        tmp = p.with_name(p.name + ".tmp")
        try:
            tmp.write_text(self.dumps() + "\n", encoding="utf-8")
            tmp.replace(p)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise

    @classmethod
    def from_state(cls, state: State, seed: int | None = None) -> Record:
        r = state.rules
        return cls(
            edition=r.id,
            edition_version=r.version,
            players=state.names,
            seed=seed,
            options=dict(r.options),
            actions=tuple(str(a) for a in state.history),
        )

    @classmethod
    def from_json(cls, data: Any, source: str = "record") -> Record:
        """Check the shape of a parsed record.

        Raises:
            RecordError: a missing or mistyped field, or another format.
        """
        if not isinstance(data, dict):
            raise RecordError(f"{source}: a record is a JSON object, not {type(data).__name__}")
        fmt = data.get("format")
        if fmt != FORMAT:
            raise RecordError(f"{source}: format is {fmt!r}; this lifespin reads {FORMAT!r}")
        unknown = set(data) - {"format", "edition", "edition_version", "options", "players",
                               "seed", "actions"}
        if unknown:
            raise RecordError(f"{source}: unknown field(s) {sorted(unknown)}")

        def need(key: str, kind: type | tuple[type, ...]) -> Any:
            if key not in data:
                raise RecordError(f"{source}: missing field {key!r}")
            value = data[key]
            if not isinstance(value, kind) or isinstance(value, bool):
                raise RecordError(f"{source}: field {key!r} has the wrong type: {value!r}")
            return value

        players = need("players", list)
        actions = need("actions", list)
        for i, name in enumerate(players):
            if not isinstance(name, str):
                raise RecordError(f"{source}: players[{i}] is not a name: {name!r}")
        for i, a in enumerate(actions):
            if not isinstance(a, str):
                raise RecordError(f"{source}: actions[{i}] is not an action: {a!r}")
        seed = data.get("seed")
        if seed is not None and (not isinstance(seed, int) or isinstance(seed, bool)):
            raise RecordError(f"{source}: field 'seed' has the wrong type: {seed!r}")
        options = data.get("options", {})
        if not isinstance(options, dict) or not all(isinstance(k, str) for k in options):
            raise RecordError(f"{source}: field 'options' has the wrong type: {options!r}")
        return cls(
            edition=need("edition", str),
            edition_version=need("edition_version", str),
            players=tuple(players),
            seed=seed,
            options=options,
            actions=tuple(actions),
        )

    @classmethod
    def loads(cls, text: str, source: str = "record") -> Record:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise RecordError(f"{source}: not JSON ({exc})") from None
        except RecursionError:
            raise RecordError(f"{source}: not a record (nested too deeply)") from None
        return cls.from_json(data, source)

    @classmethod
    def load(cls, path: str | Path) -> Record:
        p = Path(path)
        try:
            text = p.read_text(encoding="utf-8")
        except OSError as exc:
            raise RecordError(f"{p}: cannot read ({exc.strerror})") from None
        except UnicodeDecodeError:
            raise RecordError(f"{p}: not a record (not UTF-8 text)") from None
        return cls.loads(text, str(p))

    def with_actions(self, actions: Sequence[str]) -> Record:
        return Record(self.edition, self.edition_version, self.players, self.seed,
                      dict(self.options), tuple(actions))


def _start(record: Record, edition: str | Path | None) -> State:
    if edition is None and record.edition not in available():
        # A record names an edition; only built-in ones are looked up by that
        # name, so a record cannot make us read an arbitrary file.
        raise RecordError(
            f"the record is for edition {record.edition!r}, which is not built in "
            f"({', '.join(available())}); pass its edition file explicitly"
        )
    try:
        ed = load_edition(edition or record.edition)
    except EditionError as exc:
        raise RecordError(f"the record's edition cannot be loaded: {exc}") from None
    if ed.id != record.edition:
        raise RecordError(f"the record is for edition {record.edition!r}, not {ed.id!r}")
    if ed.version != record.edition_version:
        raise RecordError(
            f"the record was made with {record.edition} {record.edition_version}; "
            f"this is {ed.version}, whose rules may differ"
        )
    try:
        return new_game(ed, list(record.players), record.options)
    except (EditionError, ValueError) as exc:
        raise RecordError(f"the record's set-up is not valid: {exc}") from None


def replay_states(record: Record, edition: str | Path | None = None) -> Iterator[State]:
    """Every state of the game, from the start, each action checked.

    Raises:
        RecordError: naming the first action that does not parse or is not legal.
    """
    state = _start(record, edition)
    yield state
    for i, text in enumerate(record.actions):
        try:
            state = state.play(Action.parse(text))
        except LifespinError as exc:
            raise RecordError(f"actions[{i}] = {text!r} does not replay: {exc}") from None
        yield state


def replay(record: Record | Mapping[str, Any] | str | Path,
           edition: str | Path | None = None) -> State:
    """The last state of a record (a Record, its JSON object, or a file path)."""
    if isinstance(record, Mapping):
        record = Record.from_json(dict(record))
    elif isinstance(record, str | Path):
        record = Record.load(record)
    last: State | None = None
    for last in replay_states(record, edition):  # noqa: B007 - we want the final one
        pass
    assert last is not None
    return last
