"""Where bots and the advisor think.

A hard bot's decision or an advice plays hundreds of games out: seconds of
CPU. Run in the server's own threads it would hold the interpreter's lock
and every other game would wait (ten bot-only games of hard bots took
another game's p95 from 5 ms to 600 ms). So heavy thinking runs in worker
processes, off the event loop and off its lock, at most `workers` at once;
the slots are handed out first come, first served, and each game has at most
one decision in flight, so the CPU is shared out between games in turn
rather than to whichever game asks most.

Light bots (random, easy, normal: microseconds to milliseconds) stay in a
thread: shipping their state to another process would cost more than they do.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from typing import Any, TypeVar

from starlette.concurrency import run_in_threadpool

__all__ = ["HEAVY_BOTS", "Thinking", "default_workers"]

T = TypeVar("T")

HEAVY_BOTS = frozenset({"hard", "expert"})
"""Bot names whose decisions go to a worker process."""


def default_workers() -> int:
    """One worker per core but one (the event loop's), at least one."""
    return max(1, (os.cpu_count() or 2) - 1)


class Thinking:
    """A pool of worker processes and a fair queue in front of it. With
    `workers` 0, heavy work runs in threads (still one at a time per slot)."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self._pool: ProcessPoolExecutor | None = None
        self._slots: asyncio.Semaphore | None = None

    def _semaphore(self) -> asyncio.Semaphore:
        if self._slots is None:  # made on the loop that uses it
            self._slots = asyncio.Semaphore(max(1, self.workers))
        return self._slots

    def _executor(self) -> ProcessPoolExecutor:
        if self._pool is None:
            # spawn: the server has threads (writer, listener); forking them is unsafe.
            self._pool = ProcessPoolExecutor(self.workers,
                                             mp_context=multiprocessing.get_context("spawn"))
        return self._pool

    async def run(self, fn: Callable[..., T], *args: Any, heavy: bool = True) -> T:
        """`fn(*args)` off the event loop: heavy work in a worker process when
        there are workers (fn and args must pickle), light work in a thread."""
        if not heavy:
            return await run_in_threadpool(fn, *args)
        async with self._semaphore():
            if self.workers <= 0:
                return await run_in_threadpool(fn, *args)
            loop = asyncio.get_running_loop()
            return await loop.run_in_executor(self._executor(), fn, *args)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None
