"""The chunked run-rule pass (``rules.evaluate``) against a straightforward whole-array reference.

``evaluate`` works through the series in cache-sized chunks with preallocated buffers and a
15-point look-back. The reference below is the whole-array implementation it replaced (one
boolean array per zone and rule, no chunks), kept here verbatim in logic: both must give the same
int8 code for every point, for both rule families, every single rule, scalar or per-point centre
and sigma, NaN values and limits, and lengths around chunk boundaries. Rule definitions: see the
module docstring of ``qualift.process.spc.rules`` (Nelson 1984; Western Electric 1956;
Montgomery §5.3.6).
"""

from __future__ import annotations

import numpy as np
import pytest

from qualift.process.spc import analyze, rules
from qualift.process.spc.rules import LOOKBACK, evaluate, parse_rules

# --- the reference: whole-array boolean passes, no chunking ------------------------------------


def _windows_all(flags: np.ndarray, k: int) -> np.ndarray:
    """True at i when flags[i-k+1 .. i] are all True (False for i < k-1)."""
    n = flags.shape[0]
    out = np.zeros(n, dtype=bool)
    if k > n:
        return out
    w = flags
    p = 1
    while 2 * p <= k:
        w = w[p:] & w[:-p]
        p *= 2
    np.logical_and(w[: n - k + 1], w[k - p :], out=out[k - 1 :])
    return out


def _count_last(flags: np.ndarray, k: int) -> np.ndarray:
    counts = flags.astype(np.uint8)
    for lag in range(1, k):
        counts[lag:] += flags[:-lag]
    return counts


def _above(x, c, s, k):
    return x > (c + k * s if k else c)


def _below(x, c, s, k):
    return x < (c - k * s if k else c)


def _k_of_m(x, c, s, zone, k, m):
    up, down = _above(x, c, s, zone), _below(x, c, s, zone)
    return (up & (_count_last(up, m) >= k)) | (down & (_count_last(down, m) >= k))


def _one_side(x, c, s, length):
    return _windows_all(_above(x, c, s, 0), length) | _windows_all(_below(x, c, s, 0), length)


def _trend(x, points):
    out = np.zeros(x.shape[0], dtype=bool)
    if x.shape[0] >= 2:
        up, down = x[1:] > x[:-1], x[1:] < x[:-1]
        out[1:] = _windows_all(up, points - 1) | _windows_all(down, points - 1)
    return out


def _alternating(x, points):
    out = np.zeros(x.shape[0], dtype=bool)
    if x.shape[0] >= 3:
        up, down = x[1:] > x[:-1], x[1:] < x[:-1]
        flip = (up[1:] & down[:-1]) | (down[1:] & up[:-1])
        out[2:] = _windows_all(flip, points - 2)
    return out


def _rule(family, number, x, c, s):
    if number == 1:
        return _above(x, c, s, 3) | _below(x, c, s, 3)
    if family == "we":
        return {
            2: lambda: _k_of_m(x, c, s, 2, 2, 3),
            3: lambda: _k_of_m(x, c, s, 1, 4, 5),
            4: lambda: _one_side(x, c, s, 8),
        }[number]()
    if number == 2:
        return _one_side(x, c, s, 9)
    if number == 3:
        return _trend(x, 6)
    if number == 4:
        return _alternating(x, 14)
    if number == 5:
        return _k_of_m(x, c, s, 2, 2, 3)
    if number == 6:
        return _k_of_m(x, c, s, 1, 4, 5)
    if number == 7:
        return _windows_all((x >= c - s) & (x <= c + s), 15)
    up, down = _above(x, c, s, 1), _below(x, c, s, 1)
    return _windows_all(up | down, 8) & ~_windows_all(~up, 8) & ~_windows_all(~down, 8)


def reference(values, center, sigma, spec) -> np.ndarray:
    family, numbers = parse_rules(spec)
    x = np.asarray(values, dtype=np.float64)
    c = np.asarray(center, dtype=np.float64)
    s = np.asarray(sigma, dtype=np.float64)
    c = float(c) if c.ndim == 0 else c
    s = float(s) if s.ndim == 0 else s
    codes = np.zeros(x.shape[0], dtype=np.int8)
    for number in sorted(numbers, reverse=True):
        np.copyto(codes, np.int8(number), where=_rule(family, number, x, c, s))
    return codes


# --- random series that make every rule fire -----------------------------------------------------


def series(rng: np.random.Generator, n: int) -> np.ndarray:
    """Normal noise with a mean shift, a trend, a stretch of alternation, a flat stretch, runs of
    ties (rounding) and values exactly on zone boundaries."""
    x = rng.normal(0.0, 1.0, n)
    if n > 20:
        a = int(rng.integers(0, n - 10))
        x[a : a + int(rng.integers(5, n // 2 + 6))] += rng.choice([-1.8, -1.2, 1.2, 1.8])
        b = int(rng.integers(0, n - 10))
        length = int(rng.integers(5, 40))
        x[b : b + length] += np.linspace(0.0, rng.choice([-4.0, 4.0]), x[b : b + length].size)
        c = int(rng.integers(0, n - 10))
        length = min(int(rng.integers(10, 30)), n - c)
        x[c : c + length] = 0.3 * (-1.0) ** np.arange(length) + rng.normal(0, 0.05, length)
        d = int(rng.integers(0, n - 5))
        x[d : d + int(rng.integers(2, 20))] = 0.25  # flat: ties break trends and alternation
    if rng.random() < 0.5:
        x = np.round(x, 1)  # ties, and points exactly on ±1σ, ±2σ, ±3σ and the centre
    return x


def _levels(rng, n, kind):
    if kind == "scalar":
        return 0.0, 1.0
    center = rng.normal(0.0, 0.1, n) if kind in ("center", "both") else 0.0
    sigma = rng.uniform(0.6, 1.4, n) if kind in ("sigma", "both") else 1.0
    return center, sigma


SPECS = ["we", "nelson", *[f"nelson:{k}" for k in range(1, 9)], *[f"we:{k}" for k in range(1, 5)]]


@pytest.mark.parametrize("seed", range(12))
def test_chunked_rules_match_the_whole_array_reference_on_random_series(seed):
    rng = np.random.default_rng(1000 + seed)
    chunk = int(rng.choice([1, 2, 7, 15, 16, 17, 31, 64, 100]))
    # lengths around chunk boundaries: shorter than the look-back, one chunk, one more or less
    lengths = {1, 2, 14, 15, 16, chunk - 1, chunk, chunk + 1, 2 * chunk + LOOKBACK, 3 * chunk - 1}
    lengths |= {int(rng.integers(20, 600))}
    for n in sorted(v for v in lengths if v >= 1):
        x = series(rng, n)
        kind = ["scalar", "center", "sigma", "both"][int(rng.integers(0, 4))]
        center, sigma = _levels(rng, n, kind)
        for spec in SPECS:
            expected = reference(x, center, sigma, spec)
            got = evaluate(x, center, sigma, spec, chunk=chunk)
            assert got.dtype == np.int8
            np.testing.assert_array_equal(got, expected, err_msg=f"{spec} n={n} {kind}")


@pytest.mark.parametrize("seed", range(4))
def test_chunked_rules_match_the_reference_with_nan_values_and_limits(seed):
    rng = np.random.default_rng(2000 + seed)
    n = int(rng.integers(150, 400))
    x = series(rng, n)
    x[rng.integers(0, n, n // 15)] = np.nan
    center, sigma = _levels(rng, n, "both")
    sigma[rng.integers(0, n, 3)] = np.nan
    center[rng.integers(0, n, 3)] = np.nan
    for chunk in (16, 33, 1 << 16):
        for spec in ("we", "nelson"):
            got = evaluate(x, center, sigma, spec, chunk=chunk)
            np.testing.assert_array_equal(got, reference(x, center, sigma, spec))
            assert not got[np.isnan(x)].any()  # a NaN point is never flagged


def test_chunked_rules_match_the_reference_across_default_chunk_boundaries():
    rng = np.random.default_rng(3000)
    n = 2 * rules.CHUNK + 37  # three chunks with the default size; the last one overlaps
    x = series(rng, n)
    x[rules.CHUNK - 20 : rules.CHUNK + 20] = 0.1  # a run of ties straddling the boundary
    x[2 * rules.CHUNK - 8 : 2 * rules.CHUNK + 8] = 1.5  # a one-side run straddling it
    center, sigma = _levels(rng, n, "sigma")
    for spec in ("we", "nelson"):
        np.testing.assert_array_equal(
            evaluate(x, center, sigma, spec), reference(x, center, sigma, spec)
        )


def test_chunked_rules_chunk_size_never_changes_the_codes():
    rng = np.random.default_rng(4000)
    x = series(rng, 5000)
    first = evaluate(x, 0.0, 1.0, "nelson", chunk=1 << 16)
    assert first.any()
    for chunk in (1, 3, 15, 16, 250, 4999, 5000, 5001):
        np.testing.assert_array_equal(evaluate(x, 0.0, 1.0, "nelson", chunk=chunk), first)


def test_analyze_codes_are_the_reference_rules_on_its_own_limits():
    # the whole I-MR analysis on more than one default chunk: its codes are the reference rules
    # applied to the plotted points with the analysis' centre and standard error
    rng = np.random.default_rng(5000)
    x = 10.0 + 0.5 * series(rng, rules.CHUNK + 5000)
    result = analyze(x, chart="imr", rules="nelson")
    expected = reference(result.statistic, result.center, result.se, "nelson")
    np.testing.assert_array_equal(result.codes, expected)
    assert set(np.unique(result.codes)) >= {0, 1, 2}


def test_random_series_make_every_rule_fire():
    # the equivalence above is only worth something if each rule fires in those series
    fired = np.zeros(9, dtype=int)
    for seed in range(12):
        x = series(np.random.default_rng(1000 + seed), 300)
        for k in range(1, 9):
            fired[k] += int(reference(x, 0.0, 1.0, f"nelson:{k}").astype(bool).sum())
    assert (fired[1:] > 0).all(), fired
