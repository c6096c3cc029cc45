"""The worked learning example (examples/learn_reinforce.py) runs end to end
on a tiny budget: finite win shares with intervals, trained weights that moved,
a table and a plot. Learning itself is too noisy to assert on here; the
example's own run (benchmarks/learning_curve.png) shows it."""

from __future__ import annotations

import importlib.util
import math
import sys
from pathlib import Path
from types import ModuleType

import numpy as np

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "learn_reinforce.py"


def _example() -> ModuleType:
    spec = importlib.util.spec_from_file_location("learn_reinforce", EXAMPLE)
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    sys.modules["learn_reinforce"] = mod
    spec.loader.exec_module(mod)
    return mod


def test_learning_example_runs_end_to_end(tmp_path: Path) -> None:
    ex = _example()
    lines: list[str] = []
    w_before = ex.Agent.new(10, 4, 8, seed=3).pi.W1.copy()  # the init is seeded
    assert np.array_equal(w_before, ex.Agent.new(10, 4, 8, seed=3).pi.W1)
    run = ex.train(steps=2 * 16 * 16, against=(("knob", 6), ("random", 2)), horizon=16,
                   epochs=2, minibatch=64, hidden=8, eval_games=24, eval_every=16 * 16, seed=3,
                   log=lines.append)
    assert run.steps == 2 * 16 * 16
    assert [p.steps for p in run.points] == [0, 256, 512]
    for p in run.points:
        for name in ("random", "knob"):
            mean, half = p.vs[name]
            assert 0.0 <= mean <= 1.0 and math.isfinite(half) and half >= 0.0
    for mean, half in run.reference.values():
        assert 0.0 <= mean <= 1.0 and math.isfinite(half)
    d, n = run.agent.pi.W1.shape[0], run.agent.pi.W2.shape[1]
    init = ex.Agent.new(d, n, 8, seed=3)
    for trained, start in zip(run.agent.pi.params + run.agent.vf.params,
                              init.pi.params + init.vf.params, strict=True):
        assert trained.shape == start.shape and np.isfinite(trained).all()
    assert not np.array_equal(run.agent.pi.W2, init.pi.W2)  # the policy was trained
    assert not np.array_equal(run.agent.vf.W2, init.vf.W2)
    assert len(lines) == 4  # the reference line and three checkpoints
    table = ex.table(run)
    assert table.count("\n") == 2 + len(run.points) and "knob policy" in table
    png = tmp_path / "curve.png"
    ex.plot(run, png)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_masked_gradient_matches_finite_differences() -> None:
    """The hand-written backward pass of the policy MLP (through the
    seat-relative outputs) is the gradient of the masked log-probability
    (checked against finite differences)."""
    ex = _example()
    rng = np.random.default_rng(0)
    perm = np.array([[0, 1, 2, 3, 4, 5], [0, 2, 1, 3, 5, 4]])  # seat 1 swaps two pairs
    seats = np.array([0, 1, 1])
    agent = ex.Agent.new(5, 6, 4, seed=1, perm=perm)
    agent.pi.W2 = (rng.standard_normal(agent.pi.W2.shape)).astype(np.float32)
    x = rng.standard_normal((3, 5)).astype(np.float32)
    mask = np.array([[1, 1, 0, 1, 0, 0], [0, 1, 1, 1, 1, 0], [1, 0, 0, 0, 1, 1]], np.int8)
    acts = np.array([3, 2, 5])

    def objective() -> float:
        z = agent.logits(x, mask, seats).astype(np.float64)
        return float(ex.log_softmax(z)[np.arange(3), acts].sum())

    z, h = agent.pi.forward(x)
    lp = ex.log_softmax(np.where(mask != 0, agent.absolute(z, seats), ex.NEG))
    dz = -np.exp(lp)
    dz[np.arange(3), acts] += 1.0
    grads = agent.pi.backward(x, h, agent.relative(dz, seats).astype(np.float32))
    for param, grad in zip(agent.pi.params, grads, strict=True):
        flat = param.reshape(-1)
        for k in range(0, flat.size, max(1, flat.size // 7)):
            keep = float(flat[k])
            flat[k] = keep + 1e-2
            up = objective()
            flat[k] = keep - 1e-2
            down = objective()
            flat[k] = keep
            assert abs((up - down) / 2e-2 - float(grad.reshape(-1)[k])) < 2e-2
