"""Editions: the rules as data, validated on load, found through a registry."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import Any

from ..engine import State
from ..errors import EditionError
from .loader import Edition, load_file, parse_edition

__all__ = ["DATA_DIR", "Edition", "available", "load_edition", "load_file", "new_game",
           "parse_edition"]

DATA_DIR = Path(__file__).parent / "data"


def available() -> list[str]:
    """Names of the editions that ship with lifespin, in registry order."""
    order = ["classic", "2005", "1960"]
    found = sorted(p.parent.name for p in DATA_DIR.glob("*/edition.toml"))
    return [n for n in order if n in found] + [n for n in found if n not in order]


@cache
def _builtin(name: str) -> Edition:
    return load_file(DATA_DIR / name / "edition.toml")


@cache
def _from_path(path: Path, mtime_ns: int, size: int) -> Edition:
    # Keyed by the file's mtime and size, so an edited file is read again.
    return load_file(path)


def _load_path(path: Path) -> Edition:
    file = path / "edition.toml" if path.is_dir() else path
    try:
        st = file.stat()
    except OSError:
        return load_file(file)  # raises EditionError naming the file
    return _from_path(file.resolve(), st.st_mtime_ns, st.st_size)


def load_edition(name_or_path: str | Path | Edition) -> Edition:
    """An edition by registry name (``"classic"``) or by path to a TOML file or folder.

    Raises:
        EditionError: unknown name, missing file, or an invalid file (naming the
            file, the path inside it and the bad value).
    """
    if isinstance(name_or_path, Edition):
        return name_or_path
    text = str(name_or_path)
    if isinstance(name_or_path, str) and text in available():
        return _builtin(text)
    path = Path(text)
    if path.suffix == ".toml" or path.exists() or "/" in text or "\\" in text:
        return _load_path(path)
    import difflib

    near = difflib.get_close_matches(text, available(), n=1)
    hint = f" (did you mean {near[0]!r}?)" if near else ""
    raise EditionError(text, "", None,
                       f"unknown edition; known: {', '.join(available())}{hint}")


def new_game(
    edition: str | Path | Edition = "classic",
    players: int | Sequence[str] = 4,
    options: Mapping[str, Any] | None = None,
) -> State:
    """A new game: the edition (name, path or Edition), the players (a count or
    their names) and house rules (unknown names or bad values are EditionError).

    >>> import lifespin
    >>> s = lifespin.new_game("classic", players=["Ana", "Bo"])
    >>> s.current_player == lifespin.CHANCE   # the estates' tiles are dealt first
    True
    """
    ed = load_edition(edition)
    rules = ed.ruleset(options)
    if isinstance(players, int):
        if isinstance(players, bool):
            raise TypeError("players is a count or a list of names")
        names = tuple(f"Player {i + 1}" for i in range(players))
    else:
        names = tuple(str(n) for n in players)
    return State.initial(rules, names)
