"""SPC engine benchmark (issue 4 §7): prints figures, asserts nothing.

    python benchmarks/spc_bench.py [--points 10000000] [--subgroups 2000000] [--repeat 7]

Measures, on synthetic normal data with a shift and a trend mixed in:
- I-MR + Nelson 1-8 on --points points through ``analyze(values, chart="imr", rules="nelson")``
  (the whole engine: limits, MR chart, run rules), and ``rules.evaluate`` alone;
- the plain vectorised numpy I-MR pass over the same data (mean, moving range, σ = MR̄/d2, limit
  comparisons on both charts) and the ratio engine / plain pass (issue target: <= 1.5);
- a fair "plain pass + zone comparisons" pass: the plain pass plus the six further zone masks
  any run-rule pass needs (above/below the centre, ±1σ, ±2σ; ±3σ is in the plain pass already),
  each kept as its own array, without recomputing centre or σ;
- X̄-R on --subgroups subgroups of 5 through ``analyze`` (2-D array, one row per subgroup), with
  its plain numpy pass.
Measurement ingestion and chart loading are measured elsewhere (see docs/performance.md).
Each figure is the best of --repeat runs after one warm-up run; the median is shown beside it
because this machine is shared and single runs vary.
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

from qualift.process.spc import analyze, rules  # noqa: E402

D2_2 = 1.128379167095513  # d2 for n = 2, 2/sqrt(pi)
D4_2 = 3.266531  # D4 for n = 2 (qcc / Montgomery)


def timed(fn: Callable[[], object], repeat: int) -> tuple[float, float]:
    """(best, median) of ``repeat`` runs after one warm-up run (page faults, imports)."""
    fn()
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times), float(np.median(times))


def show(label: str, t: tuple[float, float], note: str = "") -> None:
    print(f"  {label:<44} {t[0]:7.3f} s  (median {t[1]:.3f} s){note}")


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


def zones_baseline(x: np.ndarray) -> list[np.ndarray]:
    """The plain pass plus the six further zone masks a run-rule pass needs (above/below the
    centre, beyond ±1σ and ±2σ), each kept as an array; centre and σ are computed once."""
    center = x.mean()
    mr = np.abs(np.diff(x))
    mr_bar = mr.mean()
    sigma = mr_bar / D2_2
    out = (x > center + 3 * sigma) | (x < center - 3 * sigma)
    out[1:] |= mr > D4_2 * mr_bar
    masks = [out, x > center, x < center]
    for k in (1, 2):
        masks += [x > center + k * sigma, x < center - k * sigma]
    return masks


def xbar_r_baseline(v: np.ndarray) -> np.ndarray:
    means = v.mean(axis=1)
    ranges = v.max(axis=1) - v.min(axis=1)
    center, r_bar = means.mean(), ranges.mean()
    a2, d4 = 0.577, 2.114
    return (means > center + a2 * r_bar) | (means < center - a2 * r_bar) | (ranges > d4 * r_bar)


def xbar_r_engine(v: np.ndarray) -> tuple[str, Callable[[], object]]:
    return "analyze(2-D array, chart='xbar-r')", lambda: analyze(v, chart="xbar-r")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--points", type=int, default=10_000_000)
    parser.add_argument("--subgroups", type=int, default=2_000_000)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()

    print(f"numpy {np.__version__}, Python {platform.python_version()}, {os.cpu_count()} CPUs")
    x = synthetic(args.points)
    print(f"I-MR + Nelson 1-8, {args.points:,} points")
    t_engine = timed(lambda: analyze(x, chart="imr", rules="nelson"), args.repeat)
    t_rules = timed(lambda: rules.evaluate(x, 10.0, 0.5, "nelson"), args.repeat)
    t_base = timed(lambda: imr_baseline(x), args.repeat)
    t_zones = timed(lambda: zones_baseline(x), args.repeat)
    show("analyze(values, chart='imr', rules='nelson')", t_engine, "   (target ~1 s)")
    show("rules.evaluate alone (Nelson 1-8)", t_rules)
    show("plain numpy I-MR pass", t_base)
    show("plain pass + zone comparisons", t_zones)
    ratio = t_engine[0] / t_base[0]
    print(f"  ratio engine / plain pass:              {ratio:5.2f}   (target <= 1.5)")
    print(f"  ratio engine / (plain pass + zones):    {t_engine[0] / t_zones[0]:5.2f}")

    v = synthetic(args.subgroups * 5, seed=2).reshape(args.subgroups, 5)
    print(f"X-bar R, {args.subgroups:,} subgroups of 5")
    xlabel, xengine = xbar_r_engine(v)
    show(xlabel, timed(xengine, args.repeat), "   (target <= 0.5 s)")
    show("plain numpy X-bar R pass", timed(lambda: xbar_r_baseline(v), args.repeat))

    print("Ingestion of 1,000,000 readings from CSV (SQLite, PostgreSQL): see docs/performance.md")
    print("Loading one parameter's 1,000,000 readings for a chart: see docs/performance.md")


if __name__ == "__main__":
    main()
