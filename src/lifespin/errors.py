"""The errors lifespin raises. Each names the bad input and the situation."""

from __future__ import annotations

__all__ = [
    "EditionError",
    "GameOverError",
    "IllegalActionError",
    "InvalidActionError",
    "LifespinError",
    "RecordError",
]


class LifespinError(Exception):
    """Base class of every lifespin error."""


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
