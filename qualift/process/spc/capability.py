"""Process capability (Cp, Cpk, Cp_l, Cp_u, Pp, Ppk, Cpm) with 95% intervals and a normality check.

Conventions (Montgomery, Introduction to SQC, ch. 8; qcc 3.0 ``process.capability``):
- μ is the chart's centre, σ_within the chart's σ, σ_overall the sample SD of the phase I data.
- Cp = (USL - LSL) / 6σ; Cp_l = (μ - LSL) / 3σ; Cp_u = (USL - μ) / 3σ; Cpk = min of the sides
  present; Pp, Ppk the same with σ_overall; Cpm = (USL - LSL) / 6·sqrt(σ² + (μ - T)²), T defaults
  to the spec midpoint. With a one-sided spec the indices needing the missing side are None.
- 95% intervals as in qcc: Cp (and Pp) from the χ² distribution with n - 1 df; Cp_l, Cp_u, Cpk
  (and Ppk) by the normal approximation Ĉ·(1 ± z·sqrt(1/(9nĈ²) + 1/(2(n-1)))); Cpm by χ² with
  Boyles' df ν = n(1 + δ²)² / (1 + 2δ²), δ = (μ - T)/σ. χ² quantiles are computed exactly
  (regularized incomplete gamma inverted by bisection).
- Expected % outside: normal tails with μ, σ_within; observed % outside: share of phase I data.
- Normality: Anderson-Darling A² (estimated mean and SD) with the D'Agostino & Stephens (1986)
  p-value for the adjusted statistic A²(1 + 0.75/n + 2.25/n²), as R's nortest::ad.test.
"""

from __future__ import annotations

import math
from statistics import NormalDist

import numpy as np

_Z = NormalDist()


def norm_cdf(x: np.ndarray) -> np.ndarray:
    """Vectorised standard normal CDF (Numerical Recipes erfc, relative error < 1.2e-7)."""
    x = np.asarray(x, dtype=np.float64)
    z = np.abs(x) / math.sqrt(2.0)
    t = 1.0 / (1.0 + 0.5 * z)
    poly = (
        -z * z
        - 1.26551223
        + t
        * (
            1.00002368
            + t
            * (
                0.37409196
                + t
                * (
                    0.09678418
                    + t
                    * (
                        -0.18628806
                        + t
                        * (
                            0.27886807
                            + t
                            * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))
                        )
                    )
                )
            )
        )
    )
    erfc = t * np.exp(poly)
    return np.where(x >= 0, 1.0 - 0.5 * erfc, 0.5 * erfc)


def _gamma_p(a: float, x: float) -> float:
    """Regularized lower incomplete gamma P(a, x) (series / continued fraction)."""
    if x <= 0:
        return 0.0
    gln = math.lgamma(a)
    if x < a + 1.0:
        term = total = 1.0 / a
        ap = a
        for _ in range(1000):
            ap += 1.0
            term *= x / ap
            total += term
            if abs(term) < abs(total) * 1e-15:
                break
        return total * math.exp(-x + a * math.log(x) - gln)
    b = x + 1.0 - a
    c = 1.0 / 1e-300
    d = 1.0 / b
    h = d
    for i in range(1, 1000):
        an = -i * (i - a)
        b += 2.0
        d = an * d + b
        d = 1e-300 if abs(d) < 1e-300 else d
        c = b + an / c
        c = 1e-300 if abs(c) < 1e-300 else c
        d = 1.0 / d
        delta = d * c
        h *= delta
        if abs(delta - 1.0) < 1e-15:
            break
    return 1.0 - math.exp(-x + a * math.log(x) - gln) * h


def chi2_ppf(p: float, df: float) -> float:
    """Quantile of the χ² distribution (bisection on P(df/2, x/2))."""
    lo, hi = 0.0, max(10.0, df * 10.0 + 100.0)
    for _ in range(200):
        mid = 0.5 * (lo + hi)
        if _gamma_p(df / 2.0, mid / 2.0) < p:
            lo = mid
        else:
            hi = mid
        if hi - lo < 1e-12 * max(1.0, mid):
            break
    return 0.5 * (lo + hi)


def anderson_darling(x: np.ndarray) -> dict:
    """Anderson-Darling normality test (mean and SD estimated); statistic A² and p-value."""
    x = np.sort(np.asarray(x, dtype=np.float64))
    n = x.size
    sd = float(x.std(ddof=1)) if n > 1 else 0.0
    if n < 8 or sd == 0.0:
        return {"test": "anderson-darling", "statistic": None, "p_value": None}
    z = (x - x.mean()) / sd
    lower = norm_cdf(z)
    upper = norm_cdf(-z[::-1])  # 1 - F(z_{n+1-i})
    tiny = np.finfo(np.float64).tiny
    i = np.arange(1, n + 1)
    s = np.sum((2 * i - 1) * (np.log(np.maximum(lower, tiny)) + np.log(np.maximum(upper, tiny))))
    a2 = float(-n - s / n)
    aa = a2 * (1.0 + 0.75 / n + 2.25 / n**2)
    if aa < 0.2:
        p = 1.0 - math.exp(-13.436 + 101.14 * aa - 223.73 * aa**2)
    elif aa < 0.34:
        p = 1.0 - math.exp(-8.318 + 42.796 * aa - 59.938 * aa**2)
    elif aa < 0.6:
        p = math.exp(0.9177 - 4.279 * aa - 1.38 * aa**2)
    elif aa < 153.467:
        p = math.exp(1.2937 - 5.709 * aa + 0.0186 * aa**2)
    else:
        p = 0.0
    return {"test": "anderson-darling", "statistic": a2, "p_value": min(max(p, 0.0), 1.0)}


def _ci_normal(index: float | None, n: int, z: float) -> list[float] | None:
    if index is None or n < 2:
        return None
    half = z * math.sqrt(1.0 / (9.0 * n * index**2) + 1.0 / (2.0 * (n - 1))) if index else math.inf
    return [index * (1.0 - half), index * (1.0 + half)]


def capability(
    data: np.ndarray,
    center: float,
    sigma: float,
    lsl: float | None,
    usl: float | None,
    target: float | None = None,
    confidence: float = 0.95,
) -> dict:
    """Capability indices of phase I individual ``data`` against a chart's ``center``/``sigma``."""
    if lsl is None and usl is None:
        raise ValueError("capability needs lsl or usl")
    if lsl is not None and usl is not None and not lsl < usl:
        raise ValueError(f"lsl ({lsl}) must be below usl ({usl})")
    if target is not None and (
        (lsl is not None and target < lsl) or (usl is not None and target > usl)
    ):
        raise ValueError(f"target ({target}) lies outside the specification limits")
    x = np.asarray(data, dtype=np.float64)
    x = x[~np.isnan(x)]
    n = int(x.size)
    if not sigma > 0:
        raise ValueError("capability needs a positive sigma")
    overall = float(x.std(ddof=1)) if n > 1 else math.nan
    mu = float(center)
    two_sided = lsl is not None and usl is not None
    if target is None and two_sided:
        target = (lsl + usl) / 2.0
    z = _Z.inv_cdf(0.5 + confidence / 2.0)
    alpha = 1.0 - confidence

    def indices(s: float):
        cp = (usl - lsl) / (6.0 * s) if two_sided else None
        cp_l = (mu - lsl) / (3.0 * s) if lsl is not None else None
        cp_u = (usl - mu) / (3.0 * s) if usl is not None else None
        cpk = min(v for v in (cp_l, cp_u) if v is not None)
        return cp, cp_l, cp_u, cpk

    cp, cp_l, cp_u, cpk = indices(sigma)
    if overall > 0:
        pp, _pl, _pu, ppk = indices(overall)
    else:
        pp = ppk = None
    cpm = None
    cpm_ci = None
    if two_sided and target is not None:
        cpm = (usl - lsl) / (6.0 * math.sqrt(sigma**2 + (mu - target) ** 2))
    df = n - 1
    chi_lo = chi2_ppf(alpha / 2.0, df) if df > 0 else math.nan
    chi_hi = chi2_ppf(1.0 - alpha / 2.0, df) if df > 0 else math.nan

    def chi_ci(value):
        if value is None or df <= 0:
            return None
        return [value * math.sqrt(chi_lo / df), value * math.sqrt(chi_hi / df)]

    if cpm is not None and n > 1:
        delta = (mu - target) / sigma
        nu = n * (1.0 + delta**2) ** 2 / (1.0 + 2.0 * delta**2)
        cpm_ci = [
            cpm * math.sqrt(chi2_ppf(alpha / 2.0, nu) / nu),
            cpm * math.sqrt(chi2_ppf(1.0 - alpha / 2.0, nu) / nu),
        ]
    below = float(_Z.cdf((lsl - mu) / sigma)) * 100.0 if lsl is not None else None
    above = float(1.0 - _Z.cdf((usl - mu) / sigma)) * 100.0 if usl is not None else None
    obs_below = float(np.count_nonzero(x < lsl)) / n * 100.0 if lsl is not None and n else None
    obs_above = float(np.count_nonzero(x > usl)) / n * 100.0 if usl is not None and n else None
    return {
        "lsl": lsl,
        "usl": usl,
        "target": target,
        "n": n,
        "mean": mu,
        "sigma_within": float(sigma),
        "sigma_overall": overall if n > 1 else None,
        "cp": cp,
        "cp_l": cp_l,
        "cp_u": cp_u,
        "cpk": cpk,
        "pp": pp,
        "ppk": ppk,
        "cpm": cpm,
        "cp_ci": chi_ci(cp),
        "cp_l_ci": _ci_normal(cp_l, n, z),
        "cp_u_ci": _ci_normal(cp_u, n, z),
        "cpk_ci": _ci_normal(cpk, n, z),
        "pp_ci": chi_ci(pp),
        "ppk_ci": _ci_normal(ppk, n, z),
        "cpm_ci": cpm_ci,
        "expected_pct_below": below,
        "expected_pct_above": above,
        "observed_pct_below": obs_below,
        "observed_pct_above": obs_above,
        "normality": anderson_darling(x),
    }
