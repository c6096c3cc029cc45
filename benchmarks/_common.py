"""Shared bits for the benchmark scripts: machine facts and a median helper."""

from __future__ import annotations

import os
import platform
import statistics
import sys


def machine() -> str:
    cores = os.cpu_count()
    return (f"{platform.machine()}, {cores} core{'s' if cores != 1 else ''}, "
            f"Python {sys.version.split()[0]}, {platform.system()}")


def median(values: list[float]) -> float:
    return statistics.median(values)
