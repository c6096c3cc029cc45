"""What the server accepts from outside, checked once at the door: JSON that
Python's parser takes but no client should send (NaN, Infinity, 1e309, numbers
of thousands of digits, lone surrogates, nesting hundreds deep), names with
characters that hide or reorder text, and error texts that must not show a
file's absolute path.

>>> loads_strict('{"seats": [{"name": "Ana"}]}')
{'seats': [{'name': 'Ana'}]}
>>> loads_strict('{"seed": NaN}')
Traceback (most recent call last):
...
lifespin.web.inputs.BadInput: NaN is not a JSON number; send a finite number
>>> name_problem("Ana\\u202e")
'character U+202E (a formatting or direction control) is not allowed in a name'
"""

from __future__ import annotations

import json
import math
import unicodedata
from typing import Any

from ..errors import EditionError, LifespinError

__all__ = [
    "MAX_DEPTH",
    "MAX_NUMBER_DIGITS",
    "BadInput",
    "loads_strict",
    "name_problem",
    "public_message",
]

MAX_DEPTH = 32
"""How deep a JSON document may nest; the deepest the API needs is 4."""

MAX_NUMBER_DIGITS = 40
"""The longest number accepted in JSON (digits, sign and exponent); a seed,
the largest, has 19 digits."""

# Joiners stay allowed: they are part of emoji sequences and of Persian and
# Indic spellings, and change no order.
_ALLOWED_FORMAT = frozenset({"\u200c", "\u200d"})
_WHAT = {
    "Cc": "a control character",
    "Cf": "a formatting or direction control",
    "Cs": "a lone surrogate",
    "Co": "a private-use character",
    "Cn": "an unassigned code point",
    "Zl": "a line separator",
    "Zp": "a paragraph separator",
}


class BadInput(ValueError):
    """JSON or text the server refuses; the message says what and where."""


def _refuse_constant(name: str) -> Any:
    raise BadInput(f"{name} is not a JSON number; send a finite number")


def _parse_float(text: str) -> float:
    if len(text) > MAX_NUMBER_DIGITS:
        raise BadInput(f"a number of {len(text)} characters is too long "
                       f"(at most {MAX_NUMBER_DIGITS})")
    value = float(text)
    if not math.isfinite(value):
        raise BadInput(f"the number {text} is too large for a float")
    return value


def _parse_int(text: str) -> int:
    if len(text) > MAX_NUMBER_DIGITS:
        raise BadInput(f"a number of {len(text)} digits is too long "
                       f"(at most {MAX_NUMBER_DIGITS})")
    return int(text)


def loads_strict(data: str | bytes, *, max_depth: int = MAX_DEPTH) -> Any:
    """JSON as a client may send it.

    Raises:
        BadInput: not UTF-8, not JSON, a non-finite or over-long number, a lone
            surrogate, or nesting deeper than `max_depth`; the message says which
            (and where, for a syntax error).
    """
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise BadInput(f"not UTF-8 text (byte {exc.start})") from None
    try:
        value = json.loads(data, parse_constant=_refuse_constant, parse_float=_parse_float,
                           parse_int=_parse_int)
    except BadInput:
        raise
    except RecursionError:
        raise BadInput(f"JSON nested deeper than {max_depth} levels") from None
    except ValueError as exc:
        # json.JSONDecodeError: its message names the line and column.
        raise BadInput(f"not JSON: {exc}") from None
    _check(value, max_depth)
    return value


def _check(root: Any, max_depth: int) -> None:
    """Depth and text of a parsed document, without recursion."""
    stack: list[tuple[Any, int]] = [(root, 0)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, str):
            _check_text(value)
        elif isinstance(value, dict | list):
            if depth >= max_depth:
                raise BadInput(f"JSON nested deeper than {max_depth} levels")
            if isinstance(value, dict):
                for key, item in value.items():
                    _check_text(key)
                    stack.append((item, depth + 1))
            else:
                stack.extend((item, depth + 1) for item in value)


def _check_text(text: str) -> None:
    if text.isascii():
        return
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise BadInput(f"a lone surrogate U+{ord(text[exc.start]):04X} is not text; "
                       "send valid UTF-16 pairs or UTF-8") from None


def name_problem(name: str) -> str | None:
    """Why `name` cannot be shown to other players (None when it can): control
    characters, direction overrides (which make a name read as another), lone
    surrogates, private-use and unassigned code points."""
    for ch in name:
        if ch.isascii() and ch.isprintable():
            continue
        category = unicodedata.category(ch)
        if category in _WHAT and ch not in _ALLOWED_FORMAT:
            return f"character U+{ord(ch):04X} ({_WHAT[category]}) is not allowed in a name"
    return None


def public_message(exc: LifespinError) -> str:
    """An error's text for a client: an edition's problem without the file's
    path on this machine, and with a long bad value cut short."""
    if isinstance(exc, EditionError):
        shown = "" if exc.value is None else f" = {_short(repr(exc.value))}"
        where = exc.path or "edition"
        return f"{where}{shown}: {exc.message}"
    return str(exc)


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else f"{text[:limit]}... ({len(text)} characters)"
