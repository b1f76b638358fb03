"""``analyze``: one control chart (plus its R/S/MR chart, run rules and capability) in one call.

Conventions (Montgomery, Introduction to SQC; R package qcc 3.0):
- limits = centre ± 3·SE of the plotted point; LCL floored at 0 for R, S, MR, c, u, np; p limits
  clipped to [0, 1]; per-point limits when sample sizes vary.
- within σ: R̄/d2 (X̄-R), S̄/c4 (X̄-S), MR̄/d2(2) (I-MR; also EWMA/CUSUM on individuals; on
  subgroups they use R̄/d2); unequal subgroup sizes use qcc's UWAVE-R / UWAVE-SD weighting.
- attribute charts: p̄ = ΣD/Σn, σ = sqrt(p̄(1-p̄)) (SE σ/√n_i); np: centre n·p̄, σ = SE =
  sqrt(n·p̄(1-p̄)) (constant n); c: c̄, σ = sqrt(c̄); u: ū = Σc/Σn, σ = sqrt(ū) (SE σ/√n_i).
- phase I (``phase1`` mask, default all points) estimates the limits; every point (phase I then
  II, in plotted order) is judged against them. ``exclude_flagged=True`` drops phase I points
  beyond the limits of either chart and re-estimates until nothing changes.
- run rules (see ``rules.py``) on X̄, I, p, np, c, u; the R/S/MR chart, EWMA and CUSUM report
  rule 1 only (a point beyond its limits).
- speed: when every point has the same size (I-MR, equal subgroups) the limits are computed once
  as scalars, and the per-point lines of the result (centre, limits, se, sizes, and those of the
  R/S/MR chart) are read-only broadcast views of that one value (index or copy them freely;
  ``np.array(line)`` for a writable copy). docs/performance.md has the figures.
"""

from __future__ import annotations

import math

import numpy as np

from . import charts as C
from . import constants as K
from .capability import capability as _capability
from .result import SecondaryChart, SPCResult

CHARTS = ("xbar-r", "xbar-s", "imr", "p", "np", "c", "u", "ewma", "cusum")
VARIABLE_CHARTS = ("xbar-r", "xbar-s", "imr", "ewma", "cusum")
ATTRIBUTE_CHARTS = ("p", "np", "c", "u")
OPTIONS = {
    "xbar-r": {"exclude_flagged"},
    "xbar-s": {"exclude_flagged"},
    "imr": {"exclude_flagged"},
    "p": {"exclude_flagged"},
    "np": {"exclude_flagged"},
    "c": {"exclude_flagged"},
    "u": {"exclude_flagged"},
    "ewma": {"lambda_", "L"},
    "cusum": {"k", "h"},
}
DEFAULTS = {"lambda_": 0.2, "L": 3.0, "k": 0.5, "h": 4.0, "exclude_flagged": False}


def _line(value, n: int) -> np.ndarray:
    """One value per point: an array is returned as it is; a scalar (every point shares it) as a
    read-only broadcast view, so a 10⁷-point chart does not write 80 MB per constant line."""
    if isinstance(value, np.ndarray) and value.ndim == 1:
        return value
    return np.broadcast_to(np.float64(value), (n,))


def _rules():
    from . import rules  # the rules module is written separately; imported when first needed

    return rules


def _finite_or_none(value, name):
    if value is None:
        return None
    try:
        value = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a number, not {value!r}") from None
    if not math.isfinite(value):
        raise ValueError(f"{name} must be a finite number")
    return value


def _phase_mask(phase1, n_points: int, row_group) -> np.ndarray:
    if phase1 is None:
        return np.ones(n_points, dtype=bool)
    if isinstance(phase1, int | np.integer) and not isinstance(phase1, bool | np.bool_):
        if not 0 < int(phase1) <= n_points:
            raise ValueError(f"phase1 = {phase1} must be between 1 and the {n_points} points")
        mask = np.zeros(n_points, dtype=bool)
        mask[: int(phase1)] = True
        return mask
    mask = np.asarray(phase1)
    if mask.dtype != bool:
        raise ValueError("phase1 must be a boolean mask or a number of leading points")
    if mask.ndim != 1:
        raise ValueError("phase1 must be one-dimensional")
    if mask.shape[0] == n_points:
        out = mask.copy()
    elif row_group is not None and mask.shape[0] == row_group.shape[0]:
        true = np.bincount(row_group, weights=mask, minlength=n_points)
        total = np.bincount(row_group, minlength=n_points)
        mixed = (true > 0) & (true < total)
        if mixed.any():
            g = int(np.flatnonzero(mixed)[0]) + 1
            raise ValueError(f"phase1 mixes phase I and phase II rows inside subgroup {g}")
        out = true == total
    else:
        raise ValueError(
            f"phase1 has {mask.shape[0]} entries; expected one per plotted point ({n_points})"
            + (f" or one per value ({row_group.shape[0]})" if row_group is not None else "")
        )
    if not out.any():
        raise ValueError("phase1 selects no points: limits need at least one phase I point")
    return out


def analyze(
    values,
    chart: str,
    subgroups=None,
    sizes=None,
    phase1=None,
    rules=None,
    center=None,
    sigma=None,
    lsl=None,
    usl=None,
    target=None,
    constants: str = "exact",
    **chart_options,
) -> SPCResult:
    """Analyse ``values`` on control chart ``chart`` and return an :class:`SPCResult`.

    values: individual observations (1-D; with ``subgroups`` labels for X̄ charts, or a 2-D array
        with one subgroup per row, NaN = missing) or, for p/np/c/u, the count of each sample.
    chart: one of xbar-r, xbar-s, imr, p, np, c, u, ewma, cusum.
    sizes: sample sizes of attribute charts (scalar or one per sample; needed for p, np, u).
    phase1: None (all points phase I), a boolean mask over plotted points (or over values when
        subgrouped) or an int N (the first N points).
    rules: run rules ("we" default, "nelson", "we:1,4", "nelson:2,5", list of Nelson numbers).
    center, sigma: known parameters (σ of one observation / per-unit σ; see module docstring).
    lsl, usl, target: specification limits for capability (variables charts only).
    constants: "exact" (default), "table" (Montgomery's printed Appendix VI values) or "qcc"
        (the tables of R's qcc 3.0, to reproduce its published numbers digit for digit).
    chart_options: exclude_flagged (Shewhart charts); lambda_, L (EWMA; default 0.2, 3);
        k, h (CUSUM, in σ units; default 0.5, 4).
    """
    if chart not in CHARTS:
        raise ValueError(f"unknown chart {chart!r}; choose one of {', '.join(CHARTS)}")
    mode = K.check_mode(constants)
    unknown = set(chart_options) - OPTIONS[chart]
    if unknown:
        raise ValueError(
            f"unknown option(s) for {chart}: {', '.join(sorted(unknown))}"
            f" (allowed: {', '.join(sorted(OPTIONS[chart]))})"
        )
    opt = {key: chart_options.get(key, DEFAULTS[key]) for key in OPTIONS[chart]}
    _rules().parse_rules(rules)  # a bad rule spec fails before any work
    rule_spec = rules
    center = _finite_or_none(center, "center")
    sigma = _finite_or_none(sigma, "sigma")
    if sigma is not None and sigma <= 0:
        raise ValueError("sigma must be positive")
    lsl = _finite_or_none(lsl, "lsl")
    usl = _finite_or_none(usl, "usl")
    target = _finite_or_none(target, "target")
    if (lsl is not None or usl is not None) and chart in ATTRIBUTE_CHARTS:
        raise ValueError("capability (lsl/usl) needs a variables chart, not a " + chart + " chart")
    if target is not None and lsl is None and usl is None:
        raise ValueError("target needs lsl and/or usl")
    if chart == "ewma":
        if not 0 < float(opt["lambda_"]) <= 1:
            raise ValueError("lambda_ must be in (0, 1]")
        if not float(opt["L"]) > 0:
            raise ValueError("L must be positive")
    if chart == "cusum":
        if not float(opt["k"]) >= 0 or not float(opt["h"]) > 0:
            raise ValueError("cusum needs k >= 0 and h > 0")

    if chart in ATTRIBUTE_CHARTS:
        return _attribute(values, chart, subgroups, sizes, phase1, rule_spec, center, sigma, opt)
    if sizes is not None:
        raise ValueError(f"sizes= is for attribute charts; {chart} takes subgroups= instead")
    return _variable(
        values, chart, subgroups, phase1, rule_spec, center, sigma, lsl, usl, target, mode, opt
    )


# ---------------------------------------------------------------- variables charts


def _variable(
    values, chart, subgroups, phase1, rule_spec, center, sigma, lsl, usl, target, mode, opt
):
    arr = np.asarray(values, dtype=np.float64) if not isinstance(values, np.ndarray) else values
    grouped = chart in ("xbar-r", "xbar-s") or subgroups is not None or arr.ndim == 2
    if chart == "imr" and grouped:
        raise ValueError("imr takes individual values (1-D, no subgroups)")
    if grouped:
        g = C.subgroup_stats(arr, subgroups)
        stat, row_group, n_eq = g.means, g.row_group, g.equal_size
        # with one common subgroup size, constants and limits are scalars (see _line)
        n_i = _line(float(n_eq), stat.shape[0]) if n_eq else g.sizes.astype(np.float64)
        size_arg = n_eq if n_eq else g.sizes
        if chart in ("xbar-r", "ewma", "cusum") and (sigma is None):
            K.d2(size_arg, mode)  # validates subgroup sizes up front with a clear message
        if chart == "xbar-s" and sigma is None:
            K.c4(size_arg, mode)
    else:
        x = np.asarray(arr, dtype=np.float64)
        if x.ndim != 1:
            raise ValueError(f"values must be 1-D, not of shape {x.shape}")
        if x.size == 0:
            raise ValueError("no values to analyse")
        x_sum = x.sum()
        if not np.isfinite(x_sum):  # a finite sum proves every value finite
            C._check_finite(x)
        g = None
        stat, row_group, n_eq = x, None, 1
        n_i = _line(1.0, x.size)
        mr = C.moving_ranges(x)
    n_points = stat.shape[0]
    p1 = _phase_mask(phase1, n_points, row_group)
    excluded = np.zeros(n_points, dtype=bool)
    d2_2, d3_2 = K.d2(2, mode), K.d3(2, mode)

    def estimate(use):
        if not use.any():
            raise ValueError("every phase I point was excluded; no limits can be estimated")
        if g is not None:
            every = use.all()  # then skip the copies: same values, same order

            def sel(a):
                return a if every else a[use]

            mu = float(np.sum(sel(g.sizes) * sel(stat)) / np.sum(sel(g.sizes)))
            if sigma is not None:
                s = sigma
            elif chart == "xbar-s":
                s = C.sigma_from_sds(sel(g.sds), sel(g.sizes), mode)
            else:
                s = C.sigma_from_ranges(sel(g.ranges), sel(g.sizes), mode)
        else:
            # x.mean() is x.sum() / n, the very same operations: reuse the sum
            mu = float(x_sum / n_points if use.all() else stat[use].mean())
            if sigma is not None:
                s = sigma
            elif use.all():
                if n_points < 2:
                    raise ValueError(
                        "sigma from moving ranges needs two consecutive phase I points"
                    )
                s = float(mr[1:].mean() / d2_2)
            else:
                pair = use.copy()
                pair[0] = False
                pair[1:] &= use[:-1]
                if not pair.any():
                    raise ValueError(
                        "sigma from moving ranges needs two consecutive phase I points"
                    )
                s = float(mr[pair].mean() / d2_2)
        return (center if center is not None else mu), s

    def lines(mu, s):
        # scalars when every point has the same size (the same arithmetic, once), else arrays
        se = s / np.sqrt(np.float64(n_eq)) if n_eq else s / np.sqrt(n_i)
        if chart == "xbar-r":
            d2, d3 = K.d2(size_arg, mode), K.d3(size_arg, mode)
            sc = d2 * s
            sec = ("R", g.ranges, sc, np.maximum(sc - 3 * d3 * s, 0.0), sc + 3 * d3 * s)
        elif chart == "xbar-s":
            c4 = K.c4(size_arg, mode)
            sc = c4 * s
            ss = s * np.sqrt(1.0 - c4**2)
            sec = ("S", g.sds, sc, np.maximum(sc - 3 * ss, 0.0), sc + 3 * ss)
        elif chart == "imr":
            sc = np.float64(d2_2 * s)
            sec = ("MR", mr, sc, np.maximum(sc - 3 * d3_2 * s, 0.0), sc + 3 * d3_2 * s)
        else:
            sec = None
        return se, sec

    def flagged(mu, s):
        se, sec = lines(mu, s)
        out = (stat > mu + 3 * se) | (stat < mu - 3 * se)
        if sec is not None:
            _name, st, _c, lo, hi = sec
            with np.errstate(invalid="ignore"):
                out |= (st > hi) | (st < lo)
        return out

    mu, s = estimate(p1)
    if opt.get("exclude_flagged") and chart not in ("ewma", "cusum"):
        for _ in range(n_points):
            new = p1 & flagged(mu, s) & ~excluded
            if not new.any():
                break
            excluded |= new
            mu, s = estimate(p1 & ~excluded)

    se, sec = lines(mu, s)
    lower_stat = None
    if chart == "ewma":
        lam, L = float(opt["lambda_"]), float(opt["L"])
        plotted = C.ewma(stat, mu, lam)
        ese = C.ewma_se(s, n_i, lam)
        lcl, ucl = mu - L * ese, mu + L * ese
        codes = ((plotted > ucl) | (plotted < lcl)).astype(np.int8)
        center_line = np.full(n_points, mu)
        se = ese
    elif chart == "cusum":
        k, h = float(opt["k"]), float(opt["h"])
        upper, lower = C.cusum((stat - mu) / se, k)
        plotted, lower_stat = upper, -lower
        center_line = np.zeros(n_points)
        lcl, ucl = np.full(n_points, -h), np.full(n_points, h)
        codes = ((upper > h) | (lower > h)).astype(np.int8)
        se = np.ones(n_points)
    else:
        plotted = stat
        center_line = _line(mu, n_points)
        lcl, ucl = _line(mu - 3 * se, n_points), _line(mu + 3 * se, n_points)
        codes = _rules().evaluate(plotted, mu, se, rule_spec).astype(np.int8, copy=False)
    se = _line(se, n_points)
    secondary = None
    if sec is not None:
        name, st, sc, lo, hi = sec
        with np.errstate(invalid="ignore"):
            sec_codes = np.greater(st, hi)
            if not (np.ndim(lo) == 0 and lo <= 0.0):  # ranges and SDs are never below 0
                sec_codes |= np.less(st, lo)
        sec_codes = sec_codes.view(np.int8)
        m = n_points
        secondary = SecondaryChart(name, st, _line(sc, m), _line(lo, m), _line(hi, m), sec_codes)
    cap = None
    if lsl is not None or usl is not None:
        use = p1 & ~excluded
        data = g.observations[use[g.obs_group]] if g is not None else stat[use]
        cap = _capability(data, mu, s, lsl, usl, target)
    return SPCResult(
        chart=chart,
        statistic=plotted,
        center=mu,
        sigma=s,
        center_line=center_line,
        lcl_line=lcl,
        ucl_line=ucl,
        se=se,
        codes=codes,
        sizes=n_i,
        phase1=p1,
        excluded=excluded,
        rules=_rules().parse_rules(rule_spec),
        constants=mode,
        secondary=secondary,
        capability=cap,
        statistic_lower=lower_stat,
        options=opt,
    )


# ---------------------------------------------------------------- attribute charts


def _attribute(values, chart, subgroups, sizes, phase1, rule_spec, center, sigma, opt):
    if subgroups is not None:
        raise ValueError(f"{chart} charts take one count per sample, not subgroups=")
    x = np.asarray(values, dtype=np.float64)
    if x.ndim != 1:
        raise ValueError(f"{chart} counts must be 1-D, not of shape {x.shape}")
    if x.size == 0:
        raise ValueError("no values to analyse")
    C._check_finite(x, "counts")
    if (x < 0).any():
        raise ValueError("counts must not be negative")
    m = x.size
    if sizes is None:
        if chart in ("p", "np", "u"):
            raise ValueError(f"a {chart} chart needs sizes= (the sample size of each point)")
        n = np.ones(m)
    else:
        n = np.asarray(sizes, dtype=np.float64)
        if n.ndim == 0:
            n = np.full(m, float(n))
        if n.shape != (m,):
            raise ValueError(f"sizes has {n.size} entries; expected 1 or one per count ({m})")
        C._check_finite(n, "sizes")
        if (n <= 0).any():
            raise ValueError("sizes must be positive")
    if chart in ("p", "np") and (x > n).any():
        i = int(np.flatnonzero(x > n)[0]) + 1
        raise ValueError(f"point {i}: the count exceeds the sample size")
    if chart in ("np", "c") and sizes is not None and not np.all(n == n[0]):
        alt = "p" if chart == "np" else "u"
        raise ValueError(f"a {chart} chart needs a constant sample size; use a {alt} chart")
    p1 = _phase_mask(phase1, m, None)
    excluded = np.zeros(m, dtype=bool)
    stat = x / n if chart in ("p", "u") else x

    def estimate(use):
        if not use.any():
            raise ValueError("every phase I point was excluded; no limits can be estimated")
        if chart in ("p", "np"):
            pbar = float(x[use].sum() / n[use].sum())
            if center is not None:
                pbar = center if chart == "p" else center / n[0]
            mu = pbar if chart == "p" else pbar * n[0]
            s = math.sqrt(pbar * (1 - pbar)) * (1.0 if chart == "p" else math.sqrt(n[0]))
        elif chart == "c":
            mu = center if center is not None else float(x[use].mean())
            s = math.sqrt(mu)
        else:
            mu = center if center is not None else float(x[use].sum() / n[use].sum())
            s = math.sqrt(mu)
        if sigma is not None:
            s = sigma
        return mu, s

    def limits(mu, s):
        se = s / np.sqrt(n) if chart in ("p", "u") else np.full(m, s)
        lo, hi = mu - 3 * se, mu + 3 * se
        lo = np.maximum(lo, 0.0)
        if chart == "p":
            hi = np.minimum(hi, 1.0)
        return se, lo, hi

    mu, s = estimate(p1)
    if opt.get("exclude_flagged"):
        for _ in range(m):
            se, lo, hi = limits(mu, s)
            new = p1 & ((stat > hi) | (stat < lo)) & ~excluded
            if not new.any():
                break
            excluded |= new
            mu, s = estimate(p1 & ~excluded)
    se, lcl, ucl = limits(mu, s)
    codes = _rules().evaluate(stat, mu, se, rule_spec).astype(np.int8)
    return SPCResult(
        chart=chart,
        statistic=stat,
        center=mu,
        sigma=s,
        center_line=np.full(m, mu),
        lcl_line=lcl,
        ucl_line=ucl,
        se=se,
        codes=codes,
        sizes=n,
        phase1=p1,
        excluded=excluded,
        rules=_rules().parse_rules(rule_spec),
        secondary=None,
        capability=None,
        options=opt,
    )
