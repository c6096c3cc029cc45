"""Actions: small frozen values with a text notation and a JSON form."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ..errors import InvalidActionError

__all__ = ["Action"]

_KIND = re.compile(r"^[a-z][a-z0-9_]*$")
_ARG = re.compile(r"^[A-Za-z0-9_.-]+$")
_INT = re.compile(r"^-?[0-9]+$")


@dataclass(frozen=True, slots=True)
class Action:
    """One move: a player's decision or a chance outcome.

    ``str(a)`` is its notation (``"spin"``, ``"spun:7"``, ``"branch:49"``) and
    ``Action.parse(str(a)) == a``. An argument that is all digits is an int.
    """

    kind: str
    arg: int | str | None = None

    def __str__(self) -> str:
        return self.kind if self.arg is None else f"{self.kind}:{self.arg}"

    def __repr__(self) -> str:
        return f"Action.parse({str(self)!r})"

    @classmethod
    def parse(cls, text: str) -> Action:
        """The action written ``kind`` or ``kind:arg``.

        Raises:
            InvalidActionError: the text is not an action (quoted in the message).
        """
        if not isinstance(text, str):
            raise InvalidActionError(f"an action is text like 'spin', not {text!r}")
        raw = text.strip()
        kind, sep, arg = raw.partition(":")
        if not _KIND.fullmatch(kind) or (sep and not _ARG.fullmatch(arg)):
            raise InvalidActionError(
                f"not an action: {text!r} (write 'kind' or 'kind:arg', e.g. 'spin' or 'branch:49')"
            )
        if not sep:
            return cls(kind)
        return cls(kind, int(arg) if _INT.fullmatch(arg) else arg)

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "arg": self.arg}

    @classmethod
    def from_json(cls, data: Any) -> Action:
        """The action from its JSON form (or its notation as a string)."""
        if isinstance(data, str):
            return cls.parse(data)
        if not isinstance(data, dict) or set(data) - {"kind", "arg"} or "kind" not in data:
            raise InvalidActionError(
                f"not an action: {data!r} (expected {{'kind': ..., 'arg': ...}})"
            )
        kind, arg = data["kind"], data.get("arg")
        if not isinstance(kind, str) or not _KIND.fullmatch(kind):
            raise InvalidActionError(f"not an action kind: {kind!r}")
        if arg is not None and (
            isinstance(arg, bool)
            or not isinstance(arg, int | str)
            or (isinstance(arg, str) and (not _ARG.fullmatch(arg) or _INT.fullmatch(arg)))
        ):
            raise InvalidActionError(f"not an action argument: {arg!r}")
        return cls(kind, arg)
