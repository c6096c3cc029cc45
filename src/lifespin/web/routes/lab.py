"""The Lab pages: the strategy lab's built-in answers (lifespin.lab).

``/lab`` lists every built-in experiment for every edition it applies to;
``/lab/{name}/{edition}`` is that answer's report (the page `lifespin lab run
NAME --html` writes). An answer is computed on its first request, in a worker
thread, and kept for the life of the server (one computation per answer, even
when many ask at once).
"""

from __future__ import annotations

import html
import threading
from typing import Any

from fastapi import APIRouter, HTTPException
from fastapi.responses import HTMLResponse
from starlette.concurrency import run_in_threadpool

router = APIRouter(tags=["lab"])

# Enough for a clear answer in a few seconds per page on a small server.
PRECISION = 0.01
GAMES = 20_000
SEED = 0
LEDGER = 200  # children's money: games replayed in the reference engine

_HEADERS = {"X-Content-Type-Options": "nosniff", "Cache-Control": "no-cache"}
_answers: dict[tuple[str, str], tuple[str, str]] = {}  # (sentence, page)
_locks: dict[tuple[str, str], threading.Lock] = {}
_guard = threading.Lock()


def _experiments() -> list[Any]:
    from ...lab import builtin_names, load_experiment

    return [load_experiment(n) for n in builtin_names()]


def _answer(name: str, edition: str) -> tuple[str, str]:
    """The sentence and report page of one built-in answer (computed once)."""
    from ...lab import run_experiment
    from ...lab.report import to_html

    key = (name, edition)
    with _guard:
        lock = _locks.setdefault(key, threading.Lock())
    with lock:
        if key not in _answers:
            exp = next(e for e in _experiments() if e.name == name)
            result = run_experiment(exp, edition, precision=PRECISION, games=GAMES, seed=SEED,
                                    ledger=LEDGER)
            _answers[key] = (result.sentence(), to_html(result))
    return _answers[key]


_CSS = """body{font:15px/1.45 system-ui,sans-serif;max-width:980px;margin:2em auto;padding:0 1em}
td,th{padding:.3em .6em;border-bottom:1px solid #ddd;text-align:left;vertical-align:top}
table{border-collapse:collapse}.todo{color:#777}"""


@router.get("/lab", response_class=HTMLResponse, include_in_schema=False)
async def lab_index() -> HTMLResponse:
    """Every built-in question, with its answer where it is already known."""
    rows = []
    for e in await run_in_threadpool(_experiments):
        for ed in e.editions:
            known = _answers.get((e.name, ed))
            answer = (html.escape(known[0]) if known else
                      "<span class='todo'>worked out when you open it (a few seconds)</span>")
            rows.append(f"<tr><td><a href='/lab/{html.escape(e.name)}/{html.escape(ed)}'>"
                        f"{html.escape(e.title)}</a></td><td>{html.escape(ed)}</td>"
                        f"<td>{answer}</td></tr>")
    page = ("<!doctype html><html lang='en'><head><meta charset='utf-8'>"
            "<title>lifespin: the strategy lab</title>"
            f"<style>{_CSS}</style></head><body><p><a href='/'>&larr; the lobby</a></p>"
            "<h1>The strategy lab</h1><p>Each question is answered by playing the same games "
            "twice or more, once each way, with one seat changing one choice and the others "
            "playing the default policy; intervals are 95%. Run your own with "
            "<code>lifespin lab run</code>.</p><table><thead><tr><th>question</th>"
            "<th>edition</th><th>answer</th></tr></thead><tbody>" + "".join(rows)
            + "</tbody></table></body></html>")
    return HTMLResponse(page, headers=_HEADERS)


@router.get("/lab/{name}/{edition}", response_class=HTMLResponse, include_in_schema=False)
async def lab_answer(name: str, edition: str) -> HTMLResponse:
    """One built-in answer's report."""
    exps = {e.name: e for e in await run_in_threadpool(_experiments)}
    if name not in exps or edition not in exps[name].editions:
        raise HTTPException(status_code=404, detail="No such experiment for this edition")
    _, page = await run_in_threadpool(_answer, name, edition)
    return HTMLResponse(page, headers=_HEADERS)
