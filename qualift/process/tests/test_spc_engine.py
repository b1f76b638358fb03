"""The SPC engine against published reference values and its own conventions.

Reference values: qcc 3.0 vignette / Montgomery, Introduction to SQC (the data sets as shipped
with the R package qcc, in /work/shared/data/spc/). qcc computes σ with its 3-decimal d2 table and
its 7-decimal d3 table; ``constants="qcc"`` reproduces those digits, the default exact constants
agree to the 4th significant digit of σ (d2(5) = 2.3259289 instead of 2.326).
"""

from __future__ import annotations

import csv
import json
import math
from pathlib import Path

import numpy as np
import pytest

from qualift.process.spc import constants as K
from qualift.process.spc.capability import anderson_darling, chi2_ppf
from qualift.spc import analyze

DATA = Path(__file__).resolve().parent / "data"  # copy of shared/data/spc


def _rows(name):
    with open(DATA / name, newline="") as fh:
        return list(csv.DictReader(fh))


def _trial(rows):
    return np.array([r["trial"] == "TRUE" for r in rows])


@pytest.fixture(scope="module")
def pistonrings():
    rows = _rows("pistonrings.csv")
    x = np.array([float(r["diameter"]) for r in rows])
    sample = np.array([int(r["sample"]) for r in rows])
    return x, sample, _trial(rows)


def test_engine_reproduces_qcc_pistonrings_xbar_r_limits(pistonrings):
    """qcc 3.0 vignette / Montgomery, Introduction to SQC: pistonrings X̄ chart, trial samples
    1-25: centre 74.00118, σ 0.009785039, LCL 73.98805, UCL 74.0143; R centre 0.02276,
    UCL 0.04812533."""
    x, sample, trial = pistonrings
    result = analyze(x, chart="xbar-r", subgroups=sample, phase1=trial, constants="qcc")
    d = result.to_dict()
    assert d["chart"] == "xbar-r"
    assert d["n_points"] == 40
    assert d["center"] == pytest.approx(74.00118, abs=5e-6)
    assert d["sigma"] == pytest.approx(0.009785039, abs=5e-10)
    assert d["lcl"] == pytest.approx(73.98805, abs=5e-6)
    assert d["ucl"] == pytest.approx(74.0143, abs=5e-5)
    assert d["secondary"]["chart"] == "R"
    assert d["secondary"]["center"] == pytest.approx(0.02276, abs=5e-6)
    assert d["secondary"]["ucl"] == pytest.approx(0.04812533, abs=5e-9)
    assert d["secondary"]["lcl"] == 0.0


def test_engine_exact_constants_agree_with_qcc_to_printed_limits(pistonrings):
    """qcc 3.0 vignette / Montgomery, Introduction to SQC: with exact d2 the σ is R̄/2.3259289,
    3.1e-5 (relative) from qcc's R̄/2.326, and the X̄ limits still match the printed digits."""
    x, sample, trial = pistonrings
    d = analyze(x, chart="xbar-r", subgroups=sample, phase1=trial).to_dict()
    assert d["sigma"] == pytest.approx(0.02276 / 2.3259289, rel=1e-7)
    assert d["sigma"] == pytest.approx(0.009785039, rel=3.2e-5)
    assert d["lcl"] == pytest.approx(73.98805, abs=5e-6)
    assert d["ucl"] == pytest.approx(74.0143, abs=5e-5)
    assert d["secondary"]["ucl"] == pytest.approx(0.02276 * (1 + 3 * 0.8640819 / 2.3259289))


def test_engine_flags_pistonrings_phase2_samples_37_to_39(pistonrings):
    """qcc 3.0 vignette / Montgomery, Introduction to SQC: samples 26-40 judged against the trial
    limits: 37, 38, 39 beyond the limits (rule 1); indices 1-based over all 40 plotted points."""
    x, sample, trial = pistonrings
    d = analyze(x, chart="xbar-r", subgroups=sample, phase1=trial, rules="we:1").to_dict()
    assert d["violations"] == [{"index": i, "rule": 1} for i in (37, 38, 39)]
    d = analyze(x, chart="xbar-r", subgroups=sample, phase1=trial).to_dict()
    assert [v["index"] for v in d["violations"] if v["rule"] == 1] == [37, 38, 39]
    assert all(v["index"] > 25 for v in d["violations"])


def test_engine_reproduces_qcc_pistonrings_capability(pistonrings):
    """qcc 3.0 vignette / Montgomery, Introduction to SQC: process.capability with specs
    73.95/74.05: Cp 1.70, Cpk 1.66, Cpm 1.69 (target = spec midpoint)."""
    x, sample, trial = pistonrings
    for mode in ("qcc", "exact"):
        result = analyze(
            x, chart="xbar-r", subgroups=sample, phase1=trial, lsl=73.95, usl=74.05, constants=mode
        )
        cap = result.to_dict()["capability"]
        assert round(cap["cp"], 2) == 1.70
        assert round(cap["cpk"], 2) == 1.66
        assert round(cap["cpm"], 2) == 1.69
        assert cap["cpk"] == min(cap["cp_l"], cap["cp_u"])
        assert cap["n"] == 125
        assert cap["target"] == pytest.approx(74.0)
        sd = float(np.std(x[trial], ddof=1))
        assert cap["pp"] == pytest.approx(0.1 / (6 * sd))
        assert cap["ppk"] == pytest.approx((74.05 - result.center) / (3 * sd))
        lo, hi = cap["cp_ci"]
        assert lo < cap["cp"] < hi
        assert cap["cpk_ci"][0] < cap["cpk"] < cap["cpk_ci"][1]
        assert cap["cpm_ci"][0] < cap["cpm"] < cap["cpm_ci"][1]
        assert cap["observed_pct_below"] == 0.0 and cap["observed_pct_above"] == 0.0
        assert 0 < cap["expected_pct_below"] < cap["expected_pct_above"] < 1e-3
        assert cap["normality"]["test"] == "anderson-darling"
        assert 0 < cap["normality"]["p_value"] <= 1


def test_engine_reproduces_qcc_orangejuice_p_chart():
    """qcc 3.0 vignette / Montgomery, Introduction to SQC: orangejuice p chart on the trial
    samples: centre 0.2313333, LCL 0.05242755, UCL 0.4102391."""
    rows = _rows("orangejuice.csv")
    d = analyze(
        [float(r["D"]) for r in rows],
        chart="p",
        sizes=[float(r["size"]) for r in rows],
        phase1=_trial(rows),
    ).to_dict()
    assert d["center"] == pytest.approx(0.2313333, abs=5e-8)
    assert d["lcl"] == pytest.approx(0.05242755, abs=5e-9)
    assert d["ucl"] == pytest.approx(0.4102391, abs=5e-8)
    assert d["sigma"] == pytest.approx(math.sqrt(0.2313333 * (1 - 0.2313333)), rel=1e-6)
    assert "secondary" not in d and "capability" not in d
    # Montgomery: samples 15 and 23 of the trial period are beyond the limits
    assert [v["index"] for v in d["violations"] if v["rule"] == 1 and v["index"] <= 30] == [15, 23]


def test_engine_reproduces_qcc_circuit_c_chart():
    """qcc 3.0 vignette / Montgomery, Introduction to SQC: circuit c chart on the trial samples:
    centre 19.84615, LCL 6.481447, UCL 33.21086."""
    rows = _rows("circuit.csv")
    d = analyze(
        [float(r["x"]) for r in rows],
        chart="c",
        sizes=[float(r["size"]) for r in rows],
        phase1=_trial(rows),
    ).to_dict()
    assert d["center"] == pytest.approx(19.84615, abs=5e-6)
    assert d["lcl"] == pytest.approx(6.481447, abs=5e-7)
    assert d["ucl"] == pytest.approx(33.21086, abs=5e-6)
    # Montgomery: samples 6 and 20 are beyond the trial limits
    assert [v["index"] for v in d["violations"] if v["rule"] == 1] == [6, 20]


def test_engine_reproduces_qcc_viscosity_imr():
    """qcc 3.0 vignette / Montgomery, Introduction to SQC: viscosity individuals chart on the
    trial batches: centre 34.088, σ 0.5076521 (MR̄/1.128)."""
    rows = _rows("viscosity.csv")
    values = [float(r["viscosity"]) for r in rows]
    d = analyze(values, chart="imr", phase1=_trial(rows), constants="qcc").to_dict()
    assert d["center"] == pytest.approx(34.088, abs=5e-4)
    assert d["sigma"] == pytest.approx(0.5076521, abs=5e-8)
    assert d["secondary"]["chart"] == "MR"
    mrbar = d["sigma"] * 1.128
    assert d["secondary"]["center"] == pytest.approx(mrbar)
    assert d["secondary"]["ucl"] == pytest.approx(mrbar + 3 * 0.8525033 * d["sigma"])
    exact = analyze(values, chart="imr", phase1=_trial(rows)).to_dict()
    assert exact["sigma"] == pytest.approx(mrbar / (2 / math.sqrt(math.pi)))


def test_engine_gives_per_point_limits_for_varying_sample_sizes():
    """Montgomery, Introduction to SQC (dyed cloth u chart): varying inspection units give
    per-point limits ū ± 3·sqrt(ū/n_i); a p chart with varying n likewise, clipped to [0, 1]."""
    rows = _rows("dyedcloth.csv")
    x = np.array([float(r["x"]) for r in rows])
    n = np.array([float(r["size"]) for r in rows])
    result = analyze(x, chart="u", sizes=n)
    d = result.to_dict()
    ubar = x.sum() / n.sum()
    assert d["center"] == pytest.approx(ubar)
    assert isinstance(d["ucl"], list) and len(d["ucl"]) == len(rows)
    assert d["ucl"] == pytest.approx(list(ubar + 3 * np.sqrt(ubar / n)))
    assert d["lcl"] == pytest.approx(list(np.maximum(ubar - 3 * np.sqrt(ubar / n), 0)))
    assert result.statistic == pytest.approx(x / n)
    p = analyze([10, 30, 25, 40, 9], chart="p", sizes=[100, 200, 150, 300, 10]).to_dict()
    pbar = 114 / 760
    assert p["center"] == pytest.approx(pbar)
    assert isinstance(p["ucl"], list) and isinstance(p["lcl"], list)
    assert p["lcl"][0] == pytest.approx(pbar - 3 * math.sqrt(pbar * (1 - pbar) / 100))
    assert p["lcl"][4] == 0.0  # clipped: n = 10 would give a negative LCL
    assert all(0 <= v <= 1 for v in p["ucl"] + p["lcl"])


def test_engine_reports_one_sided_capability(pistonrings):
    """Montgomery, Introduction to SQC §8.3: with only an upper spec, Cpk = Cp_u and the
    two-sided indices are null."""
    x, sample, trial = pistonrings
    result = analyze(x, chart="xbar-r", subgroups=sample, phase1=trial, usl=74.05)
    cap = result.to_dict()["capability"]
    assert cap["cp"] is None and cap["cp_l"] is None and cap["cpm"] is None
    assert cap["pp"] is None and cap["cp_ci"] is None
    assert cap["cpk"] == cap["cp_u"] == pytest.approx((74.05 - result.center) / (3 * result.sigma))
    assert cap["expected_pct_below"] is None and cap["observed_pct_below"] is None
    assert cap["expected_pct_above"] > 0
    json.dumps(result.to_dict())


def test_engine_table_constants_are_montgomerys_printed_values(pistonrings):
    """Montgomery, Introduction to SQC, Appendix VI: d2(5) = 2.326 as printed; exact d2(5) is
    2.325929, d2(2) = 2/√π, c4 from the gamma function."""
    assert K.d2(5, "table") == 2.326
    assert [K.d2(n, "table") for n in (2, 3, 4, 10, 25)] == [1.128, 1.693, 2.059, 3.078, 3.931]
    assert K.c4(5, "table") == 0.94
    assert K.d2(5) == pytest.approx(2.325929, abs=5e-7)
    assert K.d3(5) == pytest.approx(0.8640819, abs=5e-7)
    assert K.d2(2) == pytest.approx(2 / math.sqrt(math.pi), abs=1e-10)
    assert K.d3(2) == pytest.approx(math.sqrt(2 - 4 / math.pi), abs=1e-9)
    assert K.c4(5) == pytest.approx(0.9399856, abs=5e-8)
    for n in range(2, 26):
        assert K.d2(n) == pytest.approx(K.d2(n, "table"), abs=5e-4)
    x, sample, trial = pistonrings
    d = analyze(x, chart="xbar-r", subgroups=sample, phase1=trial, constants="table").to_dict()
    assert d["sigma"] == pytest.approx(0.02276 / 2.326)
    with pytest.raises(ValueError, match="2..25"):
        K.d2(26, "table")
    with pytest.raises(ValueError, match="constants"):
        analyze(x, chart="xbar-r", subgroups=sample, constants="printed")


def test_engine_xbar_s_uses_sbar_over_c4(pistonrings):
    """Montgomery, Introduction to SQC §6.3: X̄-S chart with σ = S̄/c4, S limits c4σ ± 3σ√(1-c4²)."""
    x, sample, trial = pistonrings
    result = analyze(x, chart="xbar-s", subgroups=sample, phase1=trial)
    sbar = x.reshape(40, 5)[:25].std(axis=1, ddof=1).mean()
    c4 = K.c4(5)
    assert result.sigma == pytest.approx(sbar / c4)
    sec = result.to_dict()["secondary"]
    assert sec["chart"] == "S" and sec["center"] == pytest.approx(sbar)
    assert sec["ucl"] == pytest.approx(sbar + 3 * sbar / c4 * math.sqrt(1 - c4**2))
    same = analyze(x.reshape(40, 5), chart="xbar-s", phase1=25)
    assert same.sigma == pytest.approx(result.sigma) and same.center == result.center


def test_engine_excludes_flagged_phase1_subgroups_until_stable(pistonrings):
    """Montgomery §6.2: out-of-control trial subgroups are dropped and the limits recomputed."""
    x, sample, _trial_mask = pistonrings
    result = analyze(x, chart="xbar-r", subgroups=sample, exclude_flagged=True, rules="we:1")
    assert np.flatnonzero(result.excluded).tolist() == [36, 37, 38]
    keep = np.ones(40, dtype=bool)
    keep[36:39] = False
    means = x.reshape(40, 5).mean(axis=1)
    assert result.center == pytest.approx(means[keep].mean())
    assert result.phase1.all()
    # rules still run over every plotted point
    assert [v["index"] for v in result.violations()] == [37, 38, 39]


def test_engine_known_parameters_and_phase1_forms(pistonrings):
    """Known centre/σ fix the limits; phase1 as an int or as a per-point mask agree."""
    x, sample, trial = pistonrings
    d = analyze(x, chart="xbar-r", subgroups=sample, center=74.0, sigma=0.01).to_dict()
    assert d["center"] == 74.0 and d["sigma"] == 0.01
    assert d["ucl"] == pytest.approx(74 + 3 * 0.01 / math.sqrt(5))
    a = analyze(x, chart="xbar-r", subgroups=sample, phase1=25).to_dict()
    b = analyze(x, chart="xbar-r", subgroups=sample, phase1=np.arange(40) < 25).to_dict()
    c = analyze(x, chart="xbar-r", subgroups=sample, phase1=trial).to_dict()
    assert a == b == c
    bad = trial.copy()
    bad[0] = False
    with pytest.raises(ValueError, match="mixes phase I and phase II rows inside subgroup 1"):
        analyze(x, chart="xbar-r", subgroups=sample, phase1=bad)


def test_engine_ewma_matches_the_recursion_and_exact_limits():
    """Montgomery §9.2: z_i = λx_i + (1-λ)z_{i-1}; limits μ ± Lσ·sqrt(λ/(2-λ)(1-(1-λ)^{2i}))."""
    rng = np.random.default_rng(4)
    x = rng.normal(10, 2, size=300)
    result = analyze(x, chart="ewma", center=10, sigma=2, lambda_=0.1, L=2.7)
    z, expected = 10.0, []
    for v in x:
        z = 0.1 * v + 0.9 * z
        expected.append(z)
    assert result.statistic == pytest.approx(expected, rel=1e-12)
    i = np.arange(1, 301)
    width = 2.7 * 2 * np.sqrt(0.1 / 1.9 * (1 - 0.9 ** (2 * i)))
    d = result.to_dict()
    assert d["ucl"] == pytest.approx(list(10 + width), rel=1e-12)
    assert d["lcl"] == pytest.approx(list(10 - width), rel=1e-12)
    flags = (np.array(expected) > 10 + width) | (np.array(expected) < 10 - width)
    assert [v["index"] for v in d["violations"]] == (np.flatnonzero(flags) + 1).tolist()


def test_engine_cusum_matches_the_tabular_recursion():
    """Montgomery §9.1 tabular CUSUM: C+ = max(0, z - k + C+), C- = max(0, -k - z + C-); a
    signal when either exceeds h (k, h in σ units)."""
    rng = np.random.default_rng(5)
    x = np.r_[rng.normal(0, 1, 60), rng.normal(1.0, 1, 40)]
    result = analyze(x, chart="cusum", center=0, sigma=1, k=0.5, h=4)
    cp = cm = 0.0
    up, lo = [], []
    for v in x:
        cp = max(0.0, v - 0.5 + cp)
        cm = max(0.0, -0.5 - v + cm)
        up.append(cp)
        lo.append(-cm)
    assert result.statistic == pytest.approx(up, abs=1e-9)
    assert result.statistic_lower == pytest.approx(lo, abs=1e-9)
    expected = [i + 1 for i in range(100) if up[i] > 4 or -lo[i] > 4]
    d = result.to_dict()
    assert [v["index"] for v in d["violations"]] == expected and expected
    assert d["ucl"] == 4 and d["lcl"] == -4


def test_engine_rejects_bad_input_with_clear_messages():
    """Empty data, NaN, mismatched sizes, unknown charts and options are ValueErrors."""
    with pytest.raises(ValueError, match="no values"):
        analyze([], chart="imr")
    with pytest.raises(ValueError, match="finite"):
        analyze([1.0, float("nan"), 2.0], chart="imr")
    with pytest.raises(ValueError, match="sizes has 2 entries"):
        analyze([1, 2, 3], chart="p", sizes=[10, 10])
    with pytest.raises(ValueError, match="unknown chart 'xbar'"):
        analyze([1, 2, 3], chart="xbar")
    with pytest.raises(ValueError, match="unknown option"):
        analyze([1, 2, 3], chart="imr", lambda_=0.3)
    with pytest.raises(ValueError, match="one label per value"):
        analyze([1, 2, 3], chart="xbar-r", subgroups=[1, 1])
    with pytest.raises(ValueError, match="needs sizes"):
        analyze([1, 2, 3], chart="p")
    with pytest.raises(ValueError, match="exceeds the sample size"):
        analyze([1, 20, 3], chart="p", sizes=10)
    with pytest.raises(ValueError, match="phase1 has 2 entries"):
        analyze([1.0, 2.0, 3.0], chart="imr", phase1=[True, False])
    with pytest.raises(ValueError, match="variables chart"):
        analyze([1, 2, 3], chart="c", usl=5)
    with pytest.raises(ValueError, match="at least 2 observations"):
        analyze([1.0, 2.0, 3.0], chart="xbar-r", subgroups=[1, 1, 2])
    with pytest.raises(ValueError):
        analyze([1.0, 2.0, 3.0], chart="imr", rules="bogus")


def test_engine_handles_ten_million_points_vectorised():
    """A 10⁷-point I-MR with Nelson rules runs (vectorised) and exposes its arrays."""
    x = np.random.default_rng(0).normal(size=10_000_000)
    result = analyze(x, chart="imr", rules="nelson")
    assert result.n_points == 10_000_000
    assert result.codes.shape == x.shape and result.ucl_line.shape == x.shape
    assert result.sigma == pytest.approx(1.0, rel=2e-3)


def test_engine_numeric_helpers():
    """χ² quantiles (printed χ² tables, e.g. Montgomery Appendix III) and Anderson-Darling."""
    assert chi2_ppf(0.975, 10) == pytest.approx(20.483, abs=1e-3)
    assert chi2_ppf(0.025, 30) == pytest.approx(16.791, abs=1e-3)
    assert chi2_ppf(0.005, 2) == pytest.approx(0.010, abs=1e-3)
    ad = anderson_darling(np.random.default_rng(1).normal(size=500))
    assert ad["p_value"] > 0.01
    ad = anderson_darling(np.random.default_rng(1).exponential(size=500))
    assert ad["p_value"] < 1e-3


def test_engine_np_chart_and_constant_size_charts():
    """Montgomery §7.2: np chart centre n·p̄, limits n·p̄ ± 3·sqrt(n·p̄(1-p̄)), LCL floored at 0;
    np and c need a constant sample size (else p and u)."""
    counts = np.array([3, 5, 2, 8, 4, 6])
    d = analyze(counts, chart="np", sizes=50).to_dict()
    pbar = counts.sum() / 300
    assert d["center"] == pytest.approx(50 * pbar)
    assert d["sigma"] == pytest.approx(math.sqrt(50 * pbar * (1 - pbar)))
    assert d["ucl"] == pytest.approx(50 * pbar + 3 * d["sigma"])
    assert d["lcl"] == 0.0
    with pytest.raises(ValueError, match="use a p chart"):
        analyze(counts, chart="np", sizes=[50, 50, 50, 50, 50, 40])
    with pytest.raises(ValueError, match="use a u chart"):
        analyze(counts, chart="c", sizes=[5, 5, 5, 5, 5, 4])


def test_engine_unequal_subgroups_use_qcc_weighted_sigma():
    """qcc 3.0 "UWAVE-R": σ = Σ h_i R_i/d2(n_i) / Σ h_i with h = d2²/d3²; centre the grand mean;
    per-point X̄ limits μ ± 3σ/√n_i; 2-D input with NaN padding equals labelled 1-D input."""
    rows = [[1.0, 2.0, 4.0], [2.0, 3.0, np.nan], [0.5, 2.5, 3.5], [1.5, 1.0, np.nan]]
    flat = [v for r in rows for v in r if not np.isnan(v)]
    labels = ["b"] * 3 + ["a"] * 2 + ["c"] * 3 + ["d"] * 2  # groups keep order of appearance
    one = analyze(flat, chart="xbar-r", subgroups=labels)
    two = analyze(np.array(rows), chart="xbar-r")
    n = np.array([3, 2, 3, 2])
    r = np.array([3.0, 1.0, 3.0, 0.5])
    d2, d3 = K.d2(n), K.d3(n)
    h = d2**2 / d3**2
    assert one.sigma == pytest.approx(np.sum(h * r / d2) / np.sum(h))
    assert one.center == pytest.approx(np.mean(flat))
    assert one.to_dict() == two.to_dict()
    assert one.ucl_line == pytest.approx(one.center + 3 * one.sigma / np.sqrt(n))
    assert isinstance(one.to_dict()["secondary"]["center"], list)
