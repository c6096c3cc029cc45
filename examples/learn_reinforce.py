"""A policy that learns to play Life, in numpy only, on the vector env.

PPO (clipped policy gradient with a learnt value baseline, generalized
advantage estimation) with a masked softmax policy: a small MLP (one hidden
layer, tanh) from the agent's observation to one logit per action of the
fixed numbering, illegal actions masked out; a second MLP for the value.
Backpropagation is written by hand; Adam does the steps. It trains in
`lifespin.envs.vector.LifespinVectorEnv` games (4-player classic by default)
against fast-engine bots (three quarters of the games against the knob
policy, which plays about as well as the heuristic bot, the rest against the
random bot), the agent taking every seat in turn; its outputs are
seat-relative (`relative_actions`), as its observation is. It is evaluated
along the way, greedily (the most likely legal action), in fixed
games against 3 random bots and against 3 knob bots: its share of the wins,
with a 95% interval. 25% is what an equal player gets at a 4-player table.

    python examples/learn_reinforce.py                   # at most 9 CPU minutes, one core
    python examples/learn_reinforce.py --steps 200000    # a quick look
    python examples/learn_reinforce.py --plot benchmarks/learning_curve.png

The learning curve (win share against training agent steps) is printed as a
table and, with matplotlib, drawn to the PNG named by --plot. `train()` is the
same run as a function (tests/envs/test_learn.py runs it for seconds).
"""

from __future__ import annotations

import os

# One core: numpy's BLAS and numba's threads, before either starts.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")

import argparse
import math
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numba
import numpy as np

from lifespin.envs.vector import LifespinVectorEnv, relative_actions

NEG = np.float32(-1e9)


# ---------------------------------------------------------------- the networks


class Adam:
    """Adam over a list of arrays, in place."""

    def __init__(self, params: list[np.ndarray], lr: float) -> None:
        self.params = params
        self.lr = lr
        self.m = [np.zeros_like(p) for p in params]
        self.v = [np.zeros_like(p) for p in params]
        self.t = 0

    def step(self, grads: list[np.ndarray], clip: float = 0.5) -> None:
        norm = math.sqrt(sum(float((g * g).sum()) for g in grads))
        scale = min(1.0, clip / (norm + 1e-8))
        self.t += 1
        b1, b2 = 0.9, 0.999
        c1 = 1 - b1**self.t
        c2 = 1 - b2**self.t
        for p, g, m, v in zip(self.params, grads, self.m, self.v, strict=True):
            g = g * scale
            m *= b1
            m += (1 - b1) * g
            v *= b2
            v += (1 - b2) * g * g
            p -= (self.lr * (m / c1) / (np.sqrt(v / c2) + 1e-8)).astype(p.dtype)


class MLP:
    """x -> tanh(x W1 + b1) W2 + b2, float32, with its backward pass."""

    def __init__(self, d: int, h: int, out: int, rng: np.random.Generator,
                 out_scale: float) -> None:
        self.W1 = (rng.standard_normal((d, h)) * math.sqrt(1.0 / d)).astype(np.float32)
        self.b1 = np.zeros(h, np.float32)
        self.W2 = (rng.standard_normal((h, out)) * out_scale / math.sqrt(h)).astype(np.float32)
        self.b2 = np.zeros(out, np.float32)

    @property
    def params(self) -> list[np.ndarray]:
        return [self.W1, self.b1, self.W2, self.b2]

    def forward(self, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        h = np.tanh(x @ self.W1 + self.b1)
        return h @ self.W2 + self.b2, h

    def backward(self, x: np.ndarray, h: np.ndarray, dy: np.ndarray) -> list[np.ndarray]:
        dh = (dy @ self.W2.T) * (1 - h * h)
        return [x.T @ dh, dh.sum(0), h.T @ dy, dy.sum(0)]


class Normalizer:
    """Running mean and variance of the observations (clipped z-scores)."""

    def __init__(self, d: int) -> None:
        self.mean = np.zeros(d, np.float64)
        self.var = np.ones(d, np.float64)
        self.count = 1e-4

    def update(self, x: np.ndarray) -> None:
        m, v, k = x.mean(0), x.var(0), x.shape[0]
        delta = m - self.mean
        tot = self.count + k
        self.mean = self.mean + delta * k / tot
        self.var = (self.var * self.count + v * k + delta**2 * self.count * k / tot) / tot
        self.count = tot

    def __call__(self, x: np.ndarray) -> np.ndarray:
        z = (x - self.mean) / np.sqrt(self.var + 1e-8)
        return np.clip(z, -5, 5).astype(np.float32)


@dataclass
class Agent:
    """The policy and value MLPs over normalized observations. The policy's
    outputs are seat-relative (as the observation is): `perm` (players, n),
    from `relative_actions`, turns them into the numbering's absolute seats."""

    pi: MLP
    vf: MLP
    norm: Normalizer
    perm: np.ndarray

    @classmethod
    def new(cls, d: int, n: int, hidden: int, seed: int, perm: np.ndarray | None = None
            ) -> Agent:
        rng = np.random.default_rng(seed)
        if perm is None:
            perm = np.arange(n, dtype=np.int64)[None, :]
        return cls(MLP(d, hidden, n, rng, 0.01), MLP(d, hidden, 1, rng, 1.0), Normalizer(d),
                   perm)

    def absolute(self, z: np.ndarray, seats: np.ndarray) -> np.ndarray:
        """Seat-relative logits to the numbering's (each row in its seat)."""
        return np.take_along_axis(z, self.perm[seats % self.perm.shape[0]], axis=1)

    def relative(self, dz: np.ndarray, seats: np.ndarray) -> np.ndarray:
        """The gradient of `absolute`'s output back to its input."""
        out = np.empty_like(dz)
        np.put_along_axis(out, self.perm[seats % self.perm.shape[0]], dz, axis=1)
        return out

    def logits(self, x: np.ndarray, mask: np.ndarray, seats: np.ndarray) -> np.ndarray:
        z, _ = self.pi.forward(x)
        return np.where(mask != 0, self.absolute(z, seats), NEG)

    def act(self, obs: np.ndarray, mask: np.ndarray, seats: np.ndarray,
            rng: np.random.Generator | None) -> np.ndarray:
        """Sampled actions (rng given) or the most likely legal ones (greedy)."""
        z = self.logits(self.norm(obs), mask, seats)
        if rng is None:
            return np.asarray(z.argmax(1), np.int64)
        g = rng.gumbel(size=z.shape).astype(np.float32)
        return np.asarray((z + g).argmax(1), np.int64)


def log_softmax(z: np.ndarray) -> np.ndarray:
    m = z.max(1, keepdims=True)
    return z - m - np.log(np.exp(z - m).sum(1, keepdims=True))


# ---------------------------------------------------------------- evaluation


def evaluate(env: LifespinVectorEnv, choose: Any, seed: int) -> tuple[float, float, int]:
    """Win share (mean over the slots' first games) and its 95% half-width:
    every slot plays one game of the batch `seed` (the same games each time)."""
    obs, info = env.reset(seed=seed)
    n = env.num_envs
    share = np.full(n, np.nan)
    steps = 0
    while np.isnan(share).any():
        acts = choose(env, obs, info["action_mask"])
        obs, reward, done, _, info = env.step(acts)
        steps += int(np.isnan(share).sum())
        fresh = done & np.isnan(share)
        share[fresh] = reward[fresh]
    mean = float(share.mean())
    half = 1.96 * float(share.std(ddof=1)) / math.sqrt(n)
    return mean, half, steps


@dataclass
class Point:
    steps: int
    seconds: float  # CPU seconds so far
    vs: dict[str, tuple[float, float]] = field(default_factory=dict)


@dataclass
class Run:
    points: list[Point]
    reference: dict[str, tuple[float, float]]  # the knob policy in the agent's seat
    agent: Agent
    steps: int
    seconds: float  # CPU seconds of the process
    wall: float
    edition: str
    players: int


# ---------------------------------------------------------------- training


def train(
    steps: int = 12_000_000,
    minutes: float = 9.0,
    edition: str = "classic",
    players: int = 4,
    horizon: int = 64,
    epochs: int = 3,
    minibatch: int = 4096,
    hidden: int = 64,
    lr: float = 1e-3,
    clip: float = 0.2,
    ent: float = 0.01,
    vf_coef: float = 0.5,
    lam: float = 0.95,
    against: tuple[tuple[str, int], ...] = (("knob", 384), ("random", 128)),
    eval_games: int = 2000,
    eval_every: int = 1_000_000,
    seed: int = 0,
    log: Any = print,
) -> Run:
    """Train for `steps` agent steps or `minutes` of CPU time of this process
    (evaluations included), whichever comes first; the learning curve is
    evaluated every `eval_every` steps and at the end."""
    t0 = time.process_time()
    w0 = time.perf_counter()
    trains = [LifespinVectorEnv(k, edition, players, seat="rotate", opponents=o)
              for o, k in against if k > 0]
    evals = {o: LifespinVectorEnv(eval_games, edition, players, seat="rotate", opponents=o)
             for o in ("random", "knob")}
    d, n = trains[0].observer.size, trains[0].space.n
    agent = Agent.new(d, n, hidden, seed, relative_actions(trains[0].space))
    opt_pi = Adam(agent.pi.params, lr)
    opt_vf = Adam(agent.vf.params, lr)
    rng = np.random.default_rng(seed + 1)
    eval_seed = 10_000 + seed

    def greedy(env: LifespinVectorEnv, o: np.ndarray, m: np.ndarray) -> np.ndarray:
        return agent.act(o, m, env.seats, None)

    reference = {}
    for name, env in evals.items():
        mean, half, _ = evaluate(env, lambda e, o, m: e.policy_actions("knob"), eval_seed)
        reference[name] = (mean, half)
    log(f"knob policy in the agent's seat: vs random {100 * reference['random'][0]:.1f}%, "
        f"vs knob {100 * reference['knob'][0]:.1f}%  ({time.process_time() - t0:.1f} s)")

    points: list[Point] = []

    def checkpoint(done_steps: int) -> None:
        p = Point(done_steps, time.process_time() - t0)
        for name, env in evals.items():
            mean, half, _ = evaluate(env, greedy, eval_seed)
            p.vs[name] = (mean, half)
        points.append(p)
        log(f"{done_steps:>11,} steps {p.seconds:7.1f} s   vs random "
            f"{100 * p.vs['random'][0]:5.1f} ± {100 * p.vs['random'][1]:.1f}%   vs knob "
            f"{100 * p.vs['knob'][0]:5.1f} ± {100 * p.vs['knob'][1]:.1f}%")

    obs_l, mask_l = [], []
    for k, env in enumerate(trains):
        o, info = env.reset(seed=seed * 1000 + k)
        obs_l.append(o)
        mask_l.append(info["action_mask"])
    obs = np.concatenate(obs_l)
    mask = np.concatenate(mask_l)
    seats = np.concatenate([env.seats for env in trains])
    B = obs.shape[0]
    checkpoint(0)
    done_steps = 0
    next_eval = eval_every
    while done_steps < steps and time.process_time() - t0 < minutes * 60:
        # ---- rollout: `horizon` steps of every game
        X = np.empty((horizon, B, d), np.float32)
        M = np.empty((horizon, B, n), np.int8)
        A = np.empty((horizon, B), np.int64)
        LP = np.empty((horizon, B), np.float32)
        V = np.empty((horizon + 1, B), np.float32)
        Rw = np.empty((horizon, B), np.float32)
        D = np.empty((horizon, B), np.float32)
        raw = np.empty((horizon, B, d), np.float32)
        for t in range(horizon):
            raw[t] = obs
            x = agent.norm(obs)
            z = agent.logits(x, mask, seats)
            lp = log_softmax(z)
            g = rng.gumbel(size=z.shape).astype(np.float32)
            a = (z + g).argmax(1)
            X[t], M[t], A[t] = x, mask, a
            LP[t] = lp[np.arange(B), a]
            V[t] = agent.vf.forward(x)[0][:, 0]
            outs = []
            lo = 0
            for env in trains:
                hi = lo + env.num_envs
                outs.append(env.step(a[lo:hi]))
                lo = hi
            obs = np.concatenate([o[0] for o in outs])
            mask = np.concatenate([o[4]["action_mask"] for o in outs])
            Rw[t] = np.concatenate([o[1] for o in outs])
            D[t] = np.concatenate([o[2] for o in outs])
        V[horizon] = agent.vf.forward(agent.norm(obs))[0][:, 0]
        agent.norm.update(raw[:, ::4].reshape(-1, d))
        # ---- advantages (gamma 1: the reward is the game's result)
        adv = np.zeros((horizon, B), np.float32)
        last = np.zeros(B, np.float32)
        for t in range(horizon - 1, -1, -1):
            keep = 1.0 - D[t]
            delta = Rw[t] + keep * V[t + 1] - V[t]
            last = delta + lam * keep * last
            adv[t] = last
        ret = adv + V[:horizon]
        # ---- PPO epochs over minibatches (forced moves teach the value only)
        Xf, Mf, Af = X.reshape(-1, d), M.reshape(-1, n), A.reshape(-1)
        SEATS = np.broadcast_to(seats, (horizon, B)).reshape(-1)
        LPf, ADVf, RETf = LP.reshape(-1), adv.reshape(-1), ret.reshape(-1)
        total = Xf.shape[0]
        for _ in range(epochs):
            order = rng.permutation(total)
            for s in range(0, total, minibatch):
                idx = order[s:s + minibatch]
                x, m, a = Xf[idx], Mf[idx], Af[idx]
                k = idx.size
                # value
                v, hv = agent.vf.forward(x)
                dv = (vf_coef * 2.0 / k) * (v[:, 0] - RETf[idx])
                opt_vf.step(agent.vf.backward(x, hv, dv[:, None].astype(np.float32)))
                # policy, on the decisions with a choice
                free = m.sum(1) > 1
                if not free.any():
                    continue
                x, m, a = x[free], m[free], a[free]
                ad = ADVf[idx][free]
                ad = (ad - ad.mean()) / (ad.std() + 1e-8)
                st = SEATS[idx][free]
                z, h = agent.pi.forward(x)
                z = np.where(m != 0, agent.absolute(z, st), NEG)
                lp = log_softmax(z)
                p = np.exp(lp)
                rows = np.arange(a.size)
                ratio = np.exp(lp[rows, a] - LPf[idx][free])
                live = ~(((ad > 0) & (ratio > 1 + clip)) | ((ad < 0) & (ratio < 1 - clip)))
                g_lp = -(ad * ratio * live) / a.size
                dz = -p * g_lp[:, None]
                dz[rows, a] += g_lp
                lpm = np.where(m != 0, lp, 0.0)
                entropy = -(p * lpm).sum(1)
                dz += (ent / a.size) * p * (lpm + entropy[:, None])
                opt_pi.step(agent.pi.backward(x, h, agent.relative(dz, st).astype(np.float32)))
        done_steps += horizon * B
        # the step size falls linearly to a tenth over the budget (steps or time)
        progress = max(done_steps / steps, (time.process_time() - t0) / (minutes * 60))
        opt_pi.lr = opt_vf.lr = lr * max(0.1, 1.0 - 0.9 * progress)
        if done_steps >= next_eval:
            checkpoint(done_steps)
            next_eval += eval_every
    if not points or points[-1].steps != done_steps:
        checkpoint(done_steps)
    return Run(points, reference, agent, done_steps, time.process_time() - t0,
               time.perf_counter() - w0, edition, players)


# ---------------------------------------------------------------- output


def table(run: Run) -> str:
    lines = ["| training agent steps | CPU seconds | vs 3 random bots | vs 3 knob bots |",
             "|---|---|---|---|"]
    for p in run.points:
        r, k = p.vs["random"], p.vs["knob"]
        lines.append(f"| {p.steps:,} | {p.seconds:.0f} | {100 * r[0]:.1f}% ± {100 * r[1]:.1f} | "
                     f"{100 * k[0]:.1f}% ± {100 * k[1]:.1f} |")
    r, k = run.reference["random"], run.reference["knob"]
    lines.append(f"| knob policy (reference) | | {100 * r[0]:.1f}% ± {100 * r[1]:.1f} | "
                 f"{100 * k[0]:.1f}% ± {100 * k[1]:.1f} |")
    return "\n".join(lines)


def plot(run: Run, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(7, 4.2), dpi=120)
    xs = np.array([p.steps for p in run.points]) / 1e6
    for name, colour in (("random", "tab:blue"), ("knob", "tab:red")):
        m = np.array([p.vs[name][0] for p in run.points]) * 100
        h = np.array([p.vs[name][1] for p in run.points]) * 100
        ax.plot(xs, m, "o-", color=colour, ms=3, label=f"learnt policy vs 3 {name} bots")
        ax.fill_between(xs, m - h, m + h, color=colour, alpha=0.2)
        ref = run.reference[name][0] * 100
        ax.axhline(ref, color=colour, ls="--", lw=1,
                   label=f"knob policy vs 3 {name} bots ({ref:.1f}%)")
    ax.axhline(25, color="grey", ls=":", lw=1, label="equal strength (25%)")
    ax.set_xlabel("training agent steps (millions)")
    ax.set_ylabel("win share (%), 95% interval")
    ax.set_title(f"PPO in numpy, {run.edition}, {run.players} players, greedy evaluation")
    ax.legend(fontsize=7, loc="lower right")
    ax.grid(alpha=0.3)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path)
    plt.close(fig)


def main(argv: list[str] | None = None) -> Run:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--steps", type=int, default=12_000_000, help="training agent steps")
    ap.add_argument("--minutes", type=float, default=9.0, help="CPU time cap")
    ap.add_argument("--edition", default="classic")
    ap.add_argument("--players", type=int, default=4)
    ap.add_argument("--knob-games", type=int, default=384,
                    help="training games stepped at once against 3 knob bots")
    ap.add_argument("--random-games", type=int, default=128,
                    help="training games stepped at once against 3 random bots")
    ap.add_argument("--eval-games", type=int, default=2000)
    ap.add_argument("--eval-every", type=int, default=1_000_000)
    ap.add_argument("--hidden", type=int, default=64)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--plot", type=Path, help="save the learning curve as this PNG")
    args = ap.parse_args(argv)
    numba.set_num_threads(1)
    run = train(steps=args.steps, minutes=args.minutes, edition=args.edition,
                players=args.players,
                against=(("knob", args.knob_games), ("random", args.random_games)),
                eval_games=args.eval_games,
                eval_every=args.eval_every, hidden=args.hidden, lr=args.lr, seed=args.seed)
    print(f"\n{run.steps:,} training agent steps in {run.seconds:.0f} CPU seconds "
          f"({run.wall:.0f} s wall; {run.steps / run.seconds:,.0f} agent steps per CPU second "
          f"with learning and evaluation)\n")
    print(table(run))
    if args.plot:
        plot(run, args.plot)
        print(f"\nlearning curve: {args.plot}")
    return run


if __name__ == "__main__":
    main()
