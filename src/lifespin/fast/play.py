"""Whole games in compiled code: the driver loop of `lifespin.sim.play_state`
(chance from the game's stream, each seat from its policy's own per-decision
stream), and batches of games across every core.
"""

from __future__ import annotations

import numpy as np
from numba import njit, prange

from . import codes as c
from . import lower as L
from .kernel import (
    apply_chance,
    apply_decision,
    chance_count,
    chance_outcome,
    current,
    kernel,
    legal,
    seat_at,
)
from .knob_kernel import fill_features, knob_choose, n_features
from .rng import GAMMA, below, bot_draw, derive, game_seed, mix

# Errors a game can end with (FastState.g[G_ERROR]); 0: none.
ERR_STACK = 1  # the task stack overflowed
ERR_STUCK = 2  # a chance node or decision with nothing to pick
ERR_LONG = 3  # more moves than the cap: a rule that never ends

# Per-seat figures of a finished game (the columns of `seat_out`).
(
    O_WORTH,
    O_WIN,
    O_TURNS,
    O_RETIRED,
    O_CHILDREN,
    O_CASH,
    O_HOUSE_SALE,
    O_LOANS,
    O_TILES,
    O_BONUS,
    O_START,
    O_PAYDAYS,
    O_MISSED,
    O_SPOUSE,
) = range(14)
N_SEAT_OUT = 14
# Per-game figures (columns of `game_out`).
GO_ACTIONS, GO_WINNER, GO_ERROR, GO_TURNS = range(4)
N_GAME_OUT = 4

MAX_MOVES = 200_000


@kernel
def choose(R, S, la, n, seat, policies, knobs, u, feat):
    """The seat's policy's pick among `la[:n]`. 0: uniformly random
    (`rng.pick`); 1: the knob policy (knob_kernel), from the seat's features
    (`feat`, scratch room) and its knob values `knobs[seat]`."""
    if policies[seat] == 1:
        fill_features(R, S, seat, feat)
        return knob_choose(R, feat, la, n, knobs[seat])
    return below(u, n)


@kernel
def play(R, S, seed, policies, knobs, la, top, trace, choices, feat):
    """Play S to the end from wherever it stands, as `sim.play_state(state,
    seed, bots)` does: chance from Stream(seed), the seat's decision at move m
    from sub_stream(derive_seed(seed, 1, seat), m). `trace` (rows of kind, a,
    b) records the actions while it has room; `choices` (seats x kinds)
    counts each seat's decisions when it has rows. Returns the moves played.
    No allocation and no reference counting: the caller gives the room."""
    base = derive(seed, 1)
    chance = seed
    played = 0
    cap = trace.shape[0]
    count_choices = choices.shape[0] > 0
    while S[L.G_SP] > 0 and S[L.G_ERROR] == 0:
        cur = current(S)
        m = S[L.G_MOVES]
        if cur == -1:
            cnt = chance_count(R, S)
            if cnt <= 0:
                S[L.G_ERROR] = ERR_STUCK
                break
            chance += GAMMA
            k = below(mix(chance), cnt)
            kind, value = chance_outcome(R, S, k)
            if played < cap:
                trace[played, 0] = kind
                trace[played, 1] = value
                trace[played, 2] = 0
            apply_chance(R, S, top, value)
        else:
            cnt = legal(R, S, la)
            if cnt <= 0:
                S[L.G_ERROR] = ERR_STUCK
                break
            u = bot_draw(derive(base, cur), m)
            k = choose(R, S, la, cnt, cur, policies, knobs, u, feat)
            kind = la[k, 0]
            if played < cap:
                trace[played, 0] = kind
                trace[played, 1] = la[k, 1]
                trace[played, 2] = la[k, 2]
            if count_choices:
                choices[cur, kind] += 1
            apply_decision(R, S, top, kind, la[k, 1], la[k, 2])
        played += 1
        if played >= MAX_MOVES:
            S[L.G_ERROR] = ERR_LONG
    return played


@kernel
def summarize(R, S, seat_out, game_out):
    """The final count, as `State.results()` gives it, into one row each."""
    n = S[L.G_N]
    tycoon = S[L.G_TYCOON]
    best = 0
    have = False
    turns = 0
    for i in range(n):
        p = S[seat_at(S, i) :]
        tiles = 0
        bonus = 0
        nt = p[L.PF_NTILES]
        for j in range(nt):
            v = R[R[L.R_OR_TILE_VALUE] + S[seat_at(S, i) + L.PF_TILES + j]]
            if j >= nt - p[L.PF_NBONUS]:
                bonus += v
            else:
                tiles += v
        w = p[L.PF_CASH] + tiles + bonus
        row = seat_out[i]
        row[O_WORTH] = w
        row[O_WIN] = 0
        row[O_TURNS] = p[L.PF_TURNS]
        row[O_RETIRED] = p[L.PF_RETIRED]
        row[O_CHILDREN] = p[L.PF_CHILDREN]
        row[O_CASH] = p[L.PF_CASH] - p[L.PF_HOUSE_SALE] + p[L.PF_REPAID]
        row[O_HOUSE_SALE] = p[L.PF_HOUSE_SALE]
        row[O_LOANS] = -p[L.PF_REPAID]
        row[O_TILES] = tiles
        row[O_BONUS] = bonus
        row[O_START] = p[L.PF_PATH]
        row[O_PAYDAYS] = p[L.PF_PAYDAYS]
        row[O_MISSED] = p[L.PF_MISSED]
        row[O_SPOUSE] = p[L.PF_SPOUSE]
        turns += p[L.PF_TURNS]
        if p[L.PF_RETIRED] != c.POOR_FARM and (not have or w > best):
            best = w
            have = True
    winner = -1
    if tycoon >= 0:
        seat_out[tycoon, O_WIN] = 1
        winner = tycoon
    elif have:
        for i in range(n):
            if S[seat_at(S, i) + L.PF_RETIRED] != c.POOR_FARM and seat_out[i, O_WORTH] == best:
                seat_out[i, O_WIN] = 1
                if winner < 0:
                    winner = i
    game_out[GO_ACTIONS] = S[L.G_MOVES]
    game_out[GO_WINNER] = winner
    game_out[GO_ERROR] = S[L.G_ERROR]
    game_out[GO_TURNS] = turns


@njit(cache=True, error_model="numpy")
def restore(S, S0):
    """S becomes a copy of S0 (the same size)."""
    S[:] = S0


@njit(cache=True, error_model="numpy")
def play_range(R, S0, seed, first, lo, hi, policies, knobs, seat_out, game_out, choices):
    """Games lo..hi-1 of the batch (game i seeded `game_seed(seed, first + i)`)."""
    S = S0.copy()
    la = np.empty((R[L.R_MAX_LEGAL], 3), np.int64)
    top = np.empty(6, np.int64)
    trace = np.empty((0, 3), np.int64)
    none = np.empty((0, c.N_DECISION_KINDS), np.int32)
    feat = np.empty(n_features(S0[L.G_N]), np.float64)
    for i in range(lo, hi):
        restore(S, S0)
        gs = game_seed(seed, first + i)
        ch = choices[i] if choices.shape[0] > 0 else none
        play(R, S, gs, policies, knobs, la, top, trace, ch, feat)
        summarize(R, S, seat_out[i], game_out[i])


@njit(cache=True, parallel=True)
def play_batch(R, S0, seed, first, games, chunk, policies, knobs, seat_out, game_out, choices):
    """Every game of a batch, chunks spread over the cores. Each game depends
    only on its own seed, so the results do not depend on the thread count."""
    nchunks = (games + chunk - 1) // chunk
    for k in prange(nchunks):
        lo = k * chunk
        hi = min(games, lo + chunk)
        play_range(R, S0, seed, first, lo, hi, policies, knobs, seat_out, game_out, choices)
