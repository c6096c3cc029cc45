"""The portable stream: standard SplitMix64, checked against published vectors
and against a reference implementation written here from the algorithm's
definition (Steele, Lea & Flood, "Fast splittable pseudorandom number
generators", OOPSLA 2014; Vigna's splitmix64.c)."""

from __future__ import annotations

import pytest

from lifespin import Stream
from lifespin.rng import GOLDEN_GAMMA, derive_seed

M64 = 2**64


def reference_splitmix64(seed: int, count: int) -> list[int]:
    """splitmix64.c, transcribed: x += 0x9e3779b97f4a7c15; z = x;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9; z = (z ^ (z >> 27)) * 0x94d049bb133111eb;
    return z ^ (z >> 31) -- all arithmetic mod 2**64."""
    x = seed % M64
    out = []
    for _ in range(count):
        x = (x + 11400714819323198485) % M64  # 0x9e3779b97f4a7c15
        z = x
        z = ((z ^ (z >> 30)) * 13787848793156543929) % M64  # 0xbf58476d1ce4e5b9
        z = ((z ^ (z >> 27)) * 10723151780598845931) % M64  # 0x94d049bb133111eb
        out.append(z ^ (z >> 31))
    return out


# Published vectors.
KNOWN = {
    0: [0xE220A8397B1DCDAF],
    1234567: [6457827717110365317, 3203168211198807973, 9817491932198370423],
}


@pytest.mark.parametrize("seed", sorted(KNOWN))
def test_known_vectors(seed: int) -> None:
    want = KNOWN[seed]
    assert reference_splitmix64(seed, len(want)) == want  # the reference is right
    s = Stream(seed)
    assert [s.next_u64() for _ in want] == want


def test_matches_reference_on_many_seeds() -> None:
    seeds = [0, 1, 2, 7, 42, 2**32 - 1, 2**32, 2**63 - 1, 2**63, M64 - 1,
             0x0123456789ABCDEF, 0xDEADBEEFCAFEBABE]
    seeds += reference_splitmix64(99, 20)  # arbitrary 64-bit seeds
    for seed in seeds:
        s = Stream(seed)
        assert [s.next_u64() for _ in range(50)] == reference_splitmix64(seed, 50), seed


def test_gamma_and_state() -> None:
    assert GOLDEN_GAMMA == 0x9E3779B97F4A7C15
    s = Stream(5)
    assert s.state == 5  # the state starts at the seed
    s.next_u64()
    assert s.state == 5 + GOLDEN_GAMMA
    wrap = Stream(M64 - 1)
    wrap.next_u64()
    assert wrap.state == (M64 - 1 + GOLDEN_GAMMA) % M64
    assert 0 <= wrap.state < M64
    assert "0x" in repr(s)


def test_outputs_are_64_bit() -> None:
    s = Stream(3)
    outs = [s.next_u64() for _ in range(2000)]
    assert all(type(o) is int and 0 <= o < M64 for o in outs)
    assert len(set(outs)) == len(outs)
    assert max(outs) > 2**63  # the top bit is used


def test_below_is_next_mod_n() -> None:
    for n in (1, 2, 3, 10, 31, 1000, M64 - 1, M64 + 5):
        a, b = Stream(77), Stream(77)
        for _ in range(30):
            got = a.below(n)
            assert got == b.next_u64() % n
            assert 0 <= got < n


def test_below_consumes_one_output_even_for_one_outcome() -> None:
    a, b = Stream(9), Stream(9)
    assert a.below(1) == 0
    b.next_u64()
    assert a.state == b.state
    assert a.next_u64() == b.next_u64()


def test_pick_is_the_drivers_rule() -> None:
    items = ["a", "b", "c", "d", "e", "f", "g"]
    a, b = Stream(123), Stream(123)
    picks = [a.pick(items) for _ in range(200)]
    assert picks == [items[b.next_u64() % len(items)] for _ in range(200)]
    assert set(picks) == set(items)
    assert Stream(4).pick((10,)) == 10
    assert Stream(4).pick(range(5, 9)) in range(5, 9)


@pytest.mark.parametrize("n", [0, -1, -10])
def test_below_refuses_an_empty_choice(n: int) -> None:
    s = Stream(1)
    with pytest.raises(ValueError, match=str(n)):
        s.below(n)
    assert s.state == 1  # nothing drawn


def test_pick_from_nothing_raises() -> None:
    with pytest.raises(ValueError):
        Stream(1).pick([])


@pytest.mark.parametrize("bad", [1.0, "1", None, True, False, b"1", [1], 2.5])
def test_bad_seeds_raise(bad: object) -> None:
    with pytest.raises(TypeError, match="seed"):
        Stream(bad)  # type: ignore[arg-type]


def test_same_seed_same_stream_and_independent_instances() -> None:
    a, b = Stream(2024), Stream(2024)
    xs = [a.next_u64() for _ in range(10)]
    c = Stream(2024)
    assert xs == [b.next_u64() for _ in range(10)]
    assert xs == [c.next_u64() for _ in range(10)]
    assert xs != [Stream(2025).next_u64() for _ in range(10)]


# ---------------------------------------------------------------- derive_seed


def test_derive_seed_is_deterministic() -> None:
    assert derive_seed(5, 1, 2) == derive_seed(5, 1, 2)
    assert derive_seed(5) == 5  # no keys: the seed itself
    assert derive_seed(M64 + 5) == 5


def test_derive_seed_is_a_splitmix_step() -> None:
    """derive_seed(s, k) is the (k+1)-th output of SplitMix64 seeded s: the
    published algorithm, one level per key."""
    for s in (0, 1, 42, M64 - 1, 0xC0FFEE):
        for k in (0, 1, 2, 9):
            assert derive_seed(s, k) == reference_splitmix64(s, k + 1)[-1]
        inner = reference_splitmix64(s, 2)[-1]
        assert derive_seed(s, 1, 3) == reference_splitmix64(inner, 4)[-1]


def test_derive_seed_differs_by_key_seed_and_order() -> None:
    seeds = {derive_seed(7, k) for k in range(1000)}
    assert len(seeds) == 1000
    assert derive_seed(7, 1, 2) != derive_seed(7, 2, 1)
    assert derive_seed(7, 1) != derive_seed(8, 1)
    assert derive_seed(7, 0) != derive_seed(7, 0, 0)
    assert derive_seed(7, 2, 0) != derive_seed(7, 2, 1)  # games of a batch
    assert derive_seed(7, 1, 0) != derive_seed(7, 2, 0)  # a bot's stream vs a game's
    for k in range(100):
        assert 0 <= derive_seed(k, k, k) < M64
