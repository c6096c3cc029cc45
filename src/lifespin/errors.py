"""The errors lifespin raises. Each names the bad input and the situation."""

from __future__ import annotations

from typing import Any

__all__ = [
    "EditionError",
    "GameOverError",
    "IllegalActionError",
    "InvalidActionError",
    "LifespinError",
    "RecordError",
]


class LifespinError(Exception):
    """Base class of every lifespin error.

    Every lifespin error survives pickling with its message and its fields,
    whatever its constructor takes: a worker process (`sim.play_many`, a
    tournament) that raises one hands the same error to the parent, where
    `concurrent.futures` re-raises it, rather than breaking the pool.

    >>> import pickle
    >>> err = pickle.loads(pickle.dumps(EditionError("my.toml", "rules.start_cash", -1,
    ...                                              "must not be negative")))
    >>> err.path, str(err)
    ('rules.start_cash', 'my.toml: rules.start_cash = -1: must not be negative')
    """

    def __reduce__(self) -> tuple[Any, ...]:
        # Exception's own reduce calls type(self)(*self.args), which fails for a
        # constructor that takes other arguments than the message
        # (EditionError): rebuild without calling __init__, then restore the
        # message (args) and the fields (__dict__).
        return _restore, (type(self), self.args, self.__dict__.copy())


def _restore(cls: type[LifespinError], args: tuple[Any, ...],
             fields: dict[str, Any]) -> LifespinError:
    err = cls.__new__(cls, *args)
    err.args = args
    err.__dict__.update(fields)
    return err


class EditionError(LifespinError, ValueError):
    """An edition file (or a house-rule value) is not valid.

    Carries the file, the path inside it (``spaces[37].amount``) and the bad value.
    """

    def __init__(self, source: str, path: str, value: object, message: str) -> None:
        self.source = source
        self.path = path
        self.value = value
        self.message = message
        where = f"{source}: {path}" if path else source
        shown = "" if value is None else f" = {value!r}"
        super().__init__(f"{where}{shown}: {message}")


class InvalidActionError(LifespinError, ValueError):
    """Text or JSON that is not an action at all."""


class IllegalActionError(LifespinError, ValueError):
    """A well-formed action that is not legal in this state."""


class GameOverError(IllegalActionError):
    """An action on a finished game."""


class RecordError(LifespinError, ValueError):
    """A saved game that is corrupt, foreign, or does not replay."""
