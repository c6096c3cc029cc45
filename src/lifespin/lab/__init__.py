"""The strategy lab: paired experiments on the fast engine.

Does having children help you win? Is college worth the loans? An
experiment (`spec`, a TOML file) gives arms, knob diffs for one subject
seat; `run_experiment` plays them on common random numbers until the answer
is as precise as asked (`run`), with intervals (`stats`); `report` writes
the answer as a table, JSON, an HTML page or one row per game.

>>> from lifespin.lab import load_experiment
>>> load_experiment("children").setup("classic").arms[1].name
'family'
"""

from __future__ import annotations

from .run import ArmResult, LabResult, play_arm, run_experiment
from .spec import (
    Arm,
    EditionSetup,
    Experiment,
    LabError,
    Variant,
    arm_vector,
    builtin_names,
    load_experiment,
    parse_experiment,
)
from .stats import Estimate, mean_ci, paired, wilson

__all__ = [
    "Arm",
    "ArmResult",
    "EditionSetup",
    "Estimate",
    "Experiment",
    "LabError",
    "LabResult",
    "Variant",
    "arm_vector",
    "builtin_names",
    "load_experiment",
    "mean_ci",
    "paired",
    "parse_experiment",
    "play_arm",
    "run_experiment",
    "wilson",
]
