# mypy: disallow-untyped-defs=False, disallow-untyped-calls=False, disallow-incomplete-defs=False
"""The vector env's compiled side: one call steps every game of the batch.

Each game is one row of a 2-D `FastState` array. A step applies the agent's
action to each game, then plays the game on, exactly as
`lifespin.fast.play.play` (and so `lifespin.sim.play_state`) does: chance
outcomes from the game's chance stream (``Stream(seed)``: the state starts at
the game's seed and each draw adds GAMMA and mixes), every other seat from its
policy with its per-decision stream ``sub_stream(derive_seed(seed, 1, seat),
move)``, until the agent's seat must decide or the game ends. Then it writes
the agent's observation (`envs.encode.encode`) and its legal actions as a mask
(`envs.spaces.fill_mask`). A game that ends is started again at once (same
step autoreset) or on the next step (next step autoreset), from the next seed
of the batch: game slot i plays the batch's games i, i + N, i + 2N, ... where
N is the number of slots, and the batch's game g is seeded
``sim.batch_seed(seed, g)`` (`fast.rng.game_seed`), as `fast.simulate` seeds
it. So with the agent's seat played by a fast-engine policy, slot i's first
game IS `fast.simulate(..., seed)`'s game i (tests/envs/test_vector.py).

The per-game kernels take no allocation and no reference counting (as
`lifespin.fast.kernel`); the batch functions spread chunks of games over the
cores with `prange` and allocate each chunk's scratch room once.
"""

from __future__ import annotations

import numpy as np
from numba import njit, prange

from ..fast import codes as c
from ..fast import lower as L
from ..fast.kernel import (
    apply_chance,
    apply_decision,
    chance_count,
    chance_outcome,
    current,
    kernel,
    legal,
    seat_at,
    worth,
)
from ..fast.knob_kernel import n_features
from ..fast.play import ERR_LONG, ERR_STUCK, MAX_MOVES, choose
from ..fast.rng import GAMMA, below, bot_draw, derive, game_seed, mix
from .encode import encode
from .spaces import fill_mask, index_of

# Errors of a step (`step_batch` returns the first game's; 0: none), beside
# the fast engine's own game errors (fast/play.py ERR_*: 1 stack, 2 stuck, 3 long).
ERR_ILLEGAL = 10  # the agent's action is not legal in its game (checked in Python)
ERR_RANGE = 11  # the agent's action is not an index of the action space (idem)

# Columns of the per-game integer bookkeeping `meta`.
M_SEED, M_CHANCE, M_GAME, M_SEAT, M_PENDING = range(5)
N_META = 5
# M_SEED: the game's seed (uint64 bits); M_CHANCE: its chance stream's state;
# M_GAME: the game's index in the batch; M_SEAT: the agent's seat;
# M_PENDING: 1 when the game ended on the last step and waits for its reset
# (next step autoreset).

# Columns of the per-game step output `out` (float64).
O_REWARD, O_DONE, O_WORTH, O_MOVES = range(4)
N_OUT = 4


@kernel
def win_share(R, S, seat):
    """The seat's share of the win at the final count: 1/k when it is one of
    k winners, else 0 (`fast.play.summarize`'s winners: the tycoon, else the
    richest seats not in the poor farm)."""
    n = S[L.G_N]
    tycoon = S[L.G_TYCOON]
    if tycoon >= 0:
        return 1.0 if tycoon == seat else 0.0
    best = 0
    have = False
    for i in range(n):
        if S[seat_at(S, i) + L.PF_RETIRED] != c.POOR_FARM:
            w = worth(R, S, i)
            if not have or w > best:
                best = w
                have = True
    if not have or S[seat_at(S, seat) + L.PF_RETIRED] == c.POOR_FARM:
        return 0.0
    if worth(R, S, seat) != best:
        return 0.0
    k = 0
    for i in range(n):
        if S[seat_at(S, i) + L.PF_RETIRED] != c.POOR_FARM and worth(R, S, i) == best:
            k += 1
    return 1.0 / k


@kernel
def advance(R, S, meta, policies, knobs, la, top, feat):
    """Play on until the agent's seat must decide or the game ends, as
    `fast.play.play` does; the game's error (0: none)."""
    seed = np.uint64(meta[M_SEED])
    chance = np.uint64(meta[M_CHANCE])
    agent = meta[M_SEAT]
    base = derive(seed, 1)
    while S[L.G_SP] > 0 and S[L.G_ERROR] == 0:
        cur = current(S)
        if cur == agent:
            break
        if cur == -1:
            cnt = chance_count(R, S)
            if cnt <= 0:
                S[L.G_ERROR] = ERR_STUCK
                break
            chance += GAMMA
            k = below(mix(chance), cnt)
            _kind, value = chance_outcome(R, S, k)
            apply_chance(R, S, top, value)
        else:
            cnt = legal(R, S, la)
            if cnt <= 0:
                S[L.G_ERROR] = ERR_STUCK
                break
            u = bot_draw(derive(base, cur), S[L.G_MOVES])
            k = choose(R, S, la, cnt, cur, policies, knobs, u, feat)
            apply_decision(R, S, top, la[k, 0], la[k, 1], la[k, 2])
        if S[L.G_MOVES] >= MAX_MOVES:
            S[L.G_ERROR] = ERR_LONG
    meta[M_CHANCE] = np.int64(chance)
    return S[L.G_ERROR]


@kernel
def begin(R, S, S0, meta, batch, nslots, policies, knobs, la, top, feat):
    """Start the slot's next game of the batch (its index moves on by
    `nslots`) and play it to the agent's first decision; the game's error."""
    for j in range(S0.shape[0]):
        S[j] = S0[j]
    g = meta[M_GAME] + nslots
    meta[M_GAME] = g
    seed = game_seed(batch, g)
    meta[M_SEED] = np.int64(seed)
    meta[M_CHANCE] = np.int64(seed)
    meta[M_PENDING] = 0
    return advance(R, S, meta, policies, knobs, la, top, feat)


@kernel
def look(R, S, meta, lookup, la, obs, mask):
    """The agent's observation and its legal actions as a mask. At the end of
    a game every action is marked (each is accepted, and ignored)."""
    encode(R, S, meta[M_SEAT], obs)
    if S[L.G_SP] == 0:
        for j in range(mask.shape[0]):
            mask[j] = 1
    else:
        fill_mask(R, S, lookup, la, mask)


@kernel
def step_one(R, S, S0, meta, batch, nslots, same_step, action, codes, lookup, policies, knobs,
             la, top, feat, obs, mask, out, final_obs):
    """One game's step: the agent's action (legal: the caller checked it against
    the mask), play on, then the observation.
    `out` gets the reward, done flag, the agent's final worth and the game's
    moves; `final_obs` the last observation of a game that ended (same step
    autoreset). Returns an error code (0: none)."""
    out[O_REWARD] = 0.0
    out[O_DONE] = 0.0
    if meta[M_PENDING] != 0:
        # next step autoreset: the game ended last step; this action is ignored
        err = begin(R, S, S0, meta, batch, nslots, policies, knobs, la, top, feat)
        look(R, S, meta, lookup, la, obs, mask)
        return err
    apply_decision(R, S, top, codes[action, 0], codes[action, 1], codes[action, 2])
    err = advance(R, S, meta, policies, knobs, la, top, feat)
    if err != 0:
        return err
    if S[L.G_SP] > 0:
        look(R, S, meta, lookup, la, obs, mask)
        return 0
    seat = meta[M_SEAT]
    out[O_REWARD] = win_share(R, S, seat)
    out[O_DONE] = 1.0
    out[O_WORTH] = worth(R, S, seat)
    out[O_MOVES] = S[L.G_MOVES]
    if same_step:
        encode(R, S, seat, final_obs)
        err = begin(R, S, S0, meta, batch, nslots, policies, knobs, la, top, feat)
        look(R, S, meta, lookup, la, obs, mask)
        return err
    meta[M_PENDING] = 1
    look(R, S, meta, lookup, la, obs, mask)
    return 0


@njit(cache=True, error_model="numpy")
def step_range(R, S, S0, meta, batch, same_step, actions, codes, lookup, policies, knobs,
                obs, mask, out, final_obs, errors, lo, hi):
    la = np.empty((R[L.R_MAX_LEGAL], 3), np.int64)
    top = np.empty(6, np.int64)
    feat = np.empty(n_features(S0[L.G_N]), np.float64)
    nslots = S.shape[0]
    for i in range(lo, hi):
        errors[i] = step_one(R, S[i], S0, meta[i], batch, nslots, same_step, actions[i], codes,
                             lookup, policies, knobs, la, top, feat, obs[i], mask[i], out[i],
                             final_obs[i])


@njit(cache=True, parallel=True)
def step_batch(R, S, S0, meta, batch, same_step, actions, codes, lookup, policies, knobs,
               obs, mask, out, final_obs, errors, chunk):
    """Every slot's step, chunks of `chunk` games spread over the threads.
    A game depends only on its own row and seed: the results do not depend on
    the thread count."""
    n = S.shape[0]
    nchunks = (n + chunk - 1) // chunk
    for k in prange(nchunks):
        lo = k * chunk
        hi = min(n, lo + chunk)
        step_range(R, S, S0, meta, batch, same_step, actions, codes, lookup, policies, knobs,
                    obs, mask, out, final_obs, errors, lo, hi)


@njit(cache=True, error_model="numpy")
def reset_range(R, S, S0, meta, batch, lookup, policies, knobs, obs, mask, errors, lo, hi):
    la = np.empty((R[L.R_MAX_LEGAL], 3), np.int64)
    top = np.empty(6, np.int64)
    feat = np.empty(n_features(S0[L.G_N]), np.float64)
    nslots = S.shape[0]
    for i in range(lo, hi):
        errors[i] = begin(R, S[i], S0, meta[i], batch, nslots, policies, knobs, la, top, feat)
        look(R, S[i], meta[i], lookup, la, obs[i], mask[i])


@njit(cache=True, parallel=True)
def reset_batch(R, S, S0, meta, batch, lookup, policies, knobs, obs, mask, errors, chunk):
    """Start every slot's next game (`meta[:, M_GAME]` moves on by the slot
    count first: set it to i - N for slot i to start at the batch's game i)."""
    n = S.shape[0]
    nchunks = (n + chunk - 1) // chunk
    for k in prange(nchunks):
        lo = k * chunk
        hi = min(n, lo + chunk)
        reset_range(R, S, S0, meta, batch, lookup, policies, knobs, obs, mask, errors, lo, hi)


@kernel
def _pick(R, S, meta, code, knob_row, lookup, la, feat, pol, kn):
    seat = meta[M_SEAT]
    if S[L.G_SP] == 0 or current(S) != seat:
        return 0
    cnt = legal(R, S, la)
    if cnt <= 0:
        return 0
    pol[seat] = code
    for j in range(knob_row.shape[0]):
        kn[seat, j] = knob_row[j]
    u = bot_draw(derive(derive(np.uint64(meta[M_SEED]), 1), seat), S[L.G_MOVES])
    k = choose(R, S, la, cnt, seat, pol, kn, u, feat)
    return index_of(lookup, la[k, 0], la[k, 1], la[k, 2])


@njit(cache=True, error_model="numpy")
def policy_range(R, S, meta, code, knob_row, lookup, out, lo, hi):
    la = np.empty((R[L.R_MAX_LEGAL], 3), np.int64)
    n = S[0, L.G_N]
    feat = np.empty(n_features(n), np.float64)
    pol = np.zeros(n, np.int64)
    kn = np.zeros((n, max(1, knob_row.shape[0])), np.float64)
    for i in range(lo, hi):
        out[i] = _pick(R, S[i], meta[i], code, knob_row, lookup, la, feat, pol, kn)


@njit(cache=True, parallel=True)
def policy_batch(R, S, meta, code, knob_row, lookup, out, chunk):
    """The action index a fast-engine policy (0 random, 1 knob with
    `knob_row`) picks for the agent's seat in every game, drawing as that
    seat's bot would (`sub_stream(derive_seed(seed, 1, seat), move)`)."""
    n = S.shape[0]
    nchunks = (n + chunk - 1) // chunk
    for k in prange(nchunks):
        lo = k * chunk
        hi = min(n, lo + chunk)
        policy_range(R, S, meta, code, knob_row, lookup, out, lo, hi)


@njit(cache=True, error_model="numpy")
def sample_masks(mask, seed, out):
    """One legal index per row of `mask`, uniformly at random, from a
    SplitMix64 stream per call (`seed`, then one draw per row); the stream's
    next state. A row with nothing marked gets 0."""
    z = np.uint64(seed)
    n = mask.shape[1]
    for i in range(mask.shape[0]):
        cnt = 0
        for j in range(n):
            cnt += mask[i, j]
        z += GAMMA
        if cnt == 0:
            out[i] = 0
            continue
        k = below(mix(z), cnt)
        for j in range(n):
            if mask[i, j]:
                if k == 0:
                    out[i] = j
                    break
                k -= 1
    return z
