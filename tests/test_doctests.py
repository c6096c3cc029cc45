"""The `>>>` examples in lifespin's modules run as tests.

Every module under src/lifespin is found by its file (so new modules join
without a list to keep), imported by its package name (the same module
objects the rest of the suite uses, never a second copy under a path-derived
name), and its docstrings' examples run with `doctest`.

This is a test module rather than pytest's `--doctest-modules` because that
option imports every file it collects: `lifespin/web/__main__.py` would start
a server, and a module that needs an optional extra would break collection
instead of being skipped. Here `__main__` modules are left out, and a module
that needs a package this environment lacks (an optional extra) is skipped
with the name of what is missing. Examples run in a temporary directory, so
one that writes a file writes it there.
"""

from __future__ import annotations

import doctest
import importlib
from pathlib import Path

import pytest

import lifespin

ROOT = Path(lifespin.__file__).resolve().parent


def _module_names() -> list[str]:
    names = []
    for path in sorted(ROOT.rglob("*.py")):
        rel = path.relative_to(ROOT).with_suffix("")
        parts = list(rel.parts)
        if parts[-1] == "__main__" or "__pycache__" in parts:
            continue
        if parts[-1] == "__init__":
            parts.pop()
        names.append(".".join(["lifespin", *parts]))
    return names


MODULES = _module_names()


def test_modules_are_found() -> None:
    assert {"lifespin", "lifespin.errors", "lifespin.rng", "lifespin.bots.heuristic"} <= set(
        MODULES)
    assert not any(name.endswith("__main__") for name in MODULES)


@pytest.mark.parametrize("name", MODULES)
def test_doctests(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    try:
        module = importlib.import_module(name)
    except ModuleNotFoundError as exc:
        if exc.name and exc.name.partition(".")[0] != "lifespin":
            pytest.skip(f"{name} needs {exc.name}, which is not installed (an optional extra)")
        raise
    monkeypatch.chdir(tmp_path)
    finder = doctest.DocTestFinder(exclude_empty=True)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    report: list[str] = []
    for test in finder.find(module, name):  # globals: a copy of the module's, per docstring
        runner.run(test, out=report.append)
    assert runner.failures == 0, "".join(report)
    source = Path(module.__file__ or "").read_text(encoding="utf-8")
    if ">>>" in source:
        assert runner.tries > 0, f"{name} shows examples that doctest does not find"
