"""Rollouts in compiled code, for the advisor and the expert.

`evaluate` plays each candidate action out many times from determinizations
of one seat's information: sample k re-deals everything face down that the
seat cannot see (`redeal`, the compiled `State.resample`: the same shuffle
on the same stream gives the same deal), then, for every candidate, applies
it and plays to the end with the given policy. Every candidate of sample k
starts from the same deal and draws chance from the same stream (common
random numbers), so their paired differences are far less noisy than their
separate win rates.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numba import njit, prange

from ..engine import Action, State
from ..rng import Stream
from . import codes
from . import lower as L
from .kernel import apply_decision, kernel, seat_at
from .knob_kernel import n_features
from .play import N_GAME_OUT, N_SEAT_OUT, O_WIN, O_WORTH, play, summarize
from .rng import GAMMA, below, derive, mix

__all__ = ["Evaluation", "evaluate", "redeal_state"]


@kernel
def _sort(buf, lo, hi):
    """Insertion sort of buf[lo:hi] (a few dozen cards at most)."""
    for i in range(lo + 1, hi):
        x = buf[i]
        j = i - 1
        while j >= lo and buf[j] > x:
            buf[j + 1] = buf[j]
            j -= 1
        buf[j + 1] = x


@kernel
def _shuffle(buf, n, st):
    """chance._shuffle: sorted, then Fisher-Yates drawing `below(i + 1)`;
    returns the stream's new state."""
    _sort(buf, 0, n)
    for i in range(n - 1, 0, -1):
        st += GAMMA
        j = below(mix(st), i + 1)
        x = buf[i]
        buf[i] = buf[j]
        buf[j] = x
    return st


@kernel
def _redeal_pool(S, pile, size, extra, nextra, col, ncol, skip, st, buf):
    """Gather a pool of face-down cards (a pile kept as counts at S[pile:],
    `nextra` cards in order at S[extra:], each seat's list at column `col`
    of its row, `ncol` holding its length, but seat `skip`'s), shuffle it as
    chance._shuffle does, and deal it back the same way; the new stream."""
    n = S[L.G_N]
    k = 0
    for t in range(size):
        for _ in range(S[pile + t]):
            buf[k] = t
            k += 1
    npile = k
    for j in range(nextra):
        buf[k] = S[extra + j]
        k += 1
    for i in range(n):
        if i != skip:
            at = seat_at(S, i) + col
            for j in range(S[seat_at(S, i) + ncol]):
                buf[k] = S[at + j]
                k += 1
    st = _shuffle(buf, k, st)
    for t in range(size):
        S[pile + t] = 0
    for j in range(npile):
        S[pile + buf[j]] += 1
    k = npile
    for j in range(nextra):
        S[extra + j] = buf[k]
        k += 1
    for i in range(n):
        if i != skip:
            at = seat_at(S, i) + col
            for j in range(S[seat_at(S, i) + ncol]):
                S[at + j] = buf[k]
                k += 1
    return st


@kernel
def redeal(R, S, seat, st, buf):
    """State.resample for `seat`: every face-down LIFE tile (the pile, the
    estates, every hand's, the seat's own included) and the other seats'
    Share the Wealth cards dealt again, as registry.REDEALS does, in the
    same order on the same stream. `buf` is scratch room for every card."""
    st = _redeal_pool(S, S[L.G_OG_TILE_IN], R[L.R_NTILES], S[L.G_OG_ESTATES], S[L.G_NEST],
                      L.PF_TILES, L.PF_NTILES, -1, st, buf)
    # Share the Wealth: the seat knows its own hand.
    return _redeal_pool(S, S[L.G_OG_WEALTH_IN], R[L.R_NWEALTH], 0, 0, S[L.G_OP_HAND],
                        L.PF_NHAND, seat, st, buf)


@njit(cache=True)
def _share(seat_out, seat):
    """The seat's share of the win: 1, 1/k in a k-way tie, or 0."""
    if not seat_out[seat, O_WIN]:
        return 0.0
    k = 0
    for i in range(seat_out.shape[0]):
        k += seat_out[i, O_WIN]
    return 1.0 / k


@njit(cache=True, parallel=True)
def _evaluate(R, S0, seat, acts, first, samples, seed, policies, knobs, wins, worths, steps):
    m = acts.shape[0]
    n = S0[L.G_N]
    deal_base = derive(seed, 3)
    luck_base = derive(seed, 4)
    for k in prange(samples):
        S = S0.copy()
        buf = np.empty(R[L.R_NTILES] + R[L.R_NWEALTH] + 1, np.int64)
        la = np.empty((R[L.R_MAX_LEGAL], 3), np.int64)
        top = np.empty(6, np.int64)
        trace = np.empty((0, 3), np.int64)
        none = np.empty((0, codes.N_DECISION_KINDS), np.int32)
        feat = np.empty(n_features(n), np.float64)
        seat_out = np.zeros((n, N_SEAT_OUT), np.int64)
        game_out = np.zeros(N_GAME_OUT, np.int64)
        redeal(R, S, seat, derive(deal_base, first + k), buf)
        luck = derive(luck_base, first + k)
        S2 = S.copy()
        for a in range(m):
            S2[:] = S
            apply_decision(R, S2, top, acts[a, 0], acts[a, 1], acts[a, 2])
            steps[a, k] = play(R, S2, luck, policies, knobs, la, top, trace, none, feat)
            summarize(R, S2, seat_out, game_out)
            wins[a, k] = _share(seat_out, seat)
            worths[a, k] = seat_out[seat, O_WORTH]


@dataclass
class Evaluation:
    """Rollouts of each candidate: `wins[a, k]` is the seat's share of the win
    after candidate a in sample k (the same deal and luck for every a);
    `worths` its final worth; `steps` the actions each rollout took."""

    actions: list[Action]
    wins: np.ndarray
    worths: np.ndarray
    steps: np.ndarray

    def means(self) -> np.ndarray:
        return np.asarray(self.wins.mean(axis=1))


def evaluate(state: State, seat: int, actions: Sequence[Action], samples: int, seed: int = 0,
             policy: str | Sequence[str] = "knob", first: int = 0,
             jobs: int | None = None, determinized: bool = False) -> Evaluation:
    """Play each of `actions` (legal now for `seat`, the seat to decide) out
    `samples` times from determinizations of the seat's information.

    Only what the seat may know is used: the state is first re-dealt for it
    (`State.resample`; `determinized`: it already is one), and every sample
    re-deals again in compiled code.
    Samples `first` .. `first + samples - 1` of `seed` are played, so a
    search can add samples in rounds and get the same numbers as in one go.
    """
    import numba

    from . import _threads, policies_for

    # A state the seat cannot tell from the true one (nothing else of the
    # state is read); each sample re-deals it.
    known = state if determinized else state.resample(seat, Stream(seed))
    r = known.rules
    fr = L.lower_rules(r)
    det = L.lower_state(known)
    acts = np.array([codes.from_action(r, a, _offer_space(known)) for a in actions],
                    np.int64).reshape(-1, 3)
    pol, knobs = policies_for(policy, len(known.players), r)
    wins = np.zeros((len(actions), samples), np.float64)
    worths = np.zeros((len(actions), samples), np.int64)
    steps = np.zeros((len(actions), samples), np.int64)
    before = numba.get_num_threads()
    numba.set_num_threads(_threads(jobs))
    try:
        _evaluate(fr, det, seat, acts, first, samples, np.uint64(seed & 0xFFFFFFFFFFFFFFFF),
                  pol, knobs, wins, worths, steps)
    finally:
        numba.set_num_threads(before)
    return Evaluation(list(actions), wins, worths, steps)


def _offer_space(state: State) -> int:
    """The space of an insurance offer being decided (`buy_policy`'s code)."""
    top = state.tasks[-1] if state.tasks else None
    return int(getattr(top, "space", -1))


def redeal_state(state: State, seat: int | None, seed: int) -> np.ndarray:
    """The compiled re-deal of `state` for `seat` with Stream(seed): the same
    deal `State.resample(seat, Stream(seed))` makes (tested)."""
    fr = L.lower_rules(state.rules)
    fs = L.lower_state(state)
    buf = np.empty(int(fr[L.R_NTILES] + fr[L.R_NWEALTH]) + 1, np.int64)
    redeal(fr, fs, -1 if seat is None else seat, np.uint64(seed & 0xFFFFFFFFFFFFFFFF), buf)
    return fs
