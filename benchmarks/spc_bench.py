"""SPC engine benchmark (issue 4 §7): prints figures, asserts nothing.

    python benchmarks/spc_bench.py [--points 10000000] [--subgroups 2000000] [--repeat 3]

Measures, on synthetic normal data with a shift and a trend mixed in:
- I-MR + Nelson 1-8 on --points points through ``qualift.process.spc.analyze`` when it exists,
  else ``rules.evaluate`` alone (said so in the output);
- the plain vectorised numpy pass over the same data (mean, moving range, limit comparisons),
  and the ratio engine / baseline;
- X̄-R on --subgroups subgroups of 5 through ``analyze`` (when it exists), with its numpy baseline.
Measurement ingestion and chart loading need the process models (later work): reported as
"not yet measured". Each figure is the best of --repeat runs (after one warm-up run).
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from qualift.process.spc import rules  # noqa: E402

try:
    from qualift.process.spc import analyze  # noqa: E402
except ImportError:
    analyze = None

D2_2 = 1.128379167095513  # d2 for n = 2, 2/sqrt(pi)
D4_2 = 3.266531  # D4 for n = 2 (qcc / Montgomery)


def best_of(fn: Callable[[], object], repeat: int) -> float:
    fn()  # warm-up: page faults, imports
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def synthetic(n: int, seed: int = 1) -> np.ndarray:
    rng = np.random.default_rng(seed)
    x = rng.normal(10.0, 0.5, size=n)
    x[n // 2 : n // 2 + n // 100] += 0.75  # a shift
    x[n // 4 : n // 4 + 1000] += np.linspace(0.0, 2.0, min(1000, n - n // 4))  # a trend
    return x


def imr_baseline(x: np.ndarray) -> np.ndarray:
    """Plain numpy pass: centre, moving range, sigma, limit comparisons on both charts."""
    center = x.mean()
    mr = np.abs(np.diff(x))
    mr_bar = mr.mean()
    sigma = mr_bar / D2_2
    out = (x > center + 3 * sigma) | (x < center - 3 * sigma)
    out[1:] |= mr > D4_2 * mr_bar
    return out


def zones_baseline(x: np.ndarray) -> np.ndarray:
    """The baseline plus the six zone comparisons (±1, ±2, ±3σ) every run-rule pass needs."""
    out = imr_baseline(x)
    center, sigma = x.mean(), np.abs(np.diff(x)).mean() / D2_2
    for k in (1, 2, 3):
        out ^= (x > center + k * sigma) | (x < center - k * sigma)
    return out


def xbar_r_baseline(v: np.ndarray) -> np.ndarray:
    means = v.mean(axis=1)
    ranges = v.max(axis=1) - v.min(axis=1)
    center, r_bar = means.mean(), ranges.mean()
    a2, d4 = 0.577, 2.114
    return (means > center + a2 * r_bar) | (means < center - a2 * r_bar) | (ranges > d4 * r_bar)


def imr_engine(x: np.ndarray) -> tuple[str, Callable[[], object]]:
    if analyze is not None:
        return "analyze(values, chart='imr', rules='nelson')", lambda: analyze(
            x, chart="imr", rules="nelson"
        )

    def run() -> np.ndarray:
        return rules.evaluate(x, 10.0, 0.5, "nelson")

    return "rules.evaluate(values, center, sigma, 'nelson') ALONE (analyze not available)", run


def xbar_r_engine(v: np.ndarray) -> tuple[str, Callable[[], object]] | None:
    if analyze is None:
        return None
    m, n = v.shape
    labels = np.repeat(np.arange(m), n)
    flat = v.ravel()
    attempts = [
        ("analyze(2-D array, chart='xbar-r')", lambda: analyze(v, chart="xbar-r")),
        (
            "analyze(values, chart='xbar-r', subgroups=labels)",
            lambda: analyze(flat, chart="xbar-r", subgroups=labels),
        ),
    ]
    for label, fn in attempts:
        try:
            fn()
        except (TypeError, ValueError) as exc:
            print(f"  ({label} refused: {exc})")
            continue
        return label, fn
    return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--points", type=int, default=10_000_000)
    parser.add_argument("--subgroups", type=int, default=2_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    print(f"numpy {np.__version__}, Python {platform.python_version()}, {os.cpu_count()} CPUs")
    x = synthetic(args.points)

    label, engine = imr_engine(x)
    t_engine = best_of(engine, args.repeat)
    t_base = best_of(lambda: imr_baseline(x), args.repeat)
    t_rules = best_of(lambda: rules.evaluate(x, 10.0, 0.5, "nelson"), args.repeat)
    print(f"I-MR + Nelson 1-8, {args.points:,} points")
    print(f"  engine:   {t_engine:7.3f} s   [{label}]")
    print(f"  rules.evaluate alone (Nelson 1-8): {t_rules:7.3f} s")
    print(f"  baseline: {t_base:7.3f} s   [numpy: mean, moving range, limit comparisons]")
    t_zones = best_of(lambda: zones_baseline(x), args.repeat)
    print(f"  baseline + the six zone comparisons: {t_zones:7.3f} s")
    print(f"  ratio engine / baseline: {t_engine / t_base:5.2f}   (target <= 1.5, ~1 s)")
    print(f"  ratio engine / (baseline + zones): {t_engine / t_zones:5.2f}")

    v = synthetic(args.subgroups * 5, seed=2).reshape(args.subgroups, 5)
    t_xbase = best_of(lambda: xbar_r_baseline(v), args.repeat)
    print(f"X-bar R, {args.subgroups:,} subgroups of 5")
    found = xbar_r_engine(v)
    if found is None:
        print("  engine:   not measured (analyze not available or did not accept the data)")
    else:
        xlabel, xengine = found
        t_x = best_of(xengine, args.repeat)
        print(f"  engine:   {t_x:7.3f} s   [{xlabel}]   (target <= 0.5 s)")
    print(f"  baseline: {t_xbase:7.3f} s   [numpy: means, ranges, limit comparisons]")

    print("Ingestion of 1,000,000 readings from CSV (SQLite, PostgreSQL): not yet measured")
    print("Loading one parameter's 1,000,000 readings for a chart: not yet measured")


if __name__ == "__main__":
    main()
