"""Vectorised building blocks: subgroup statistics, within-σ estimators, EWMA and CUSUM."""

from __future__ import annotations

import numpy as np

from . import constants as K


class Subgroups:
    """Per-subgroup statistics in plotted order; ``row_group`` maps each observation to its group
    (None for 2-D input, where row i of the matrix is subgroup i).

    ``sds``, ``observations`` (flat observations, grouped: group k's rows are contiguous) and
    ``obs_group`` (group index of each entry of ``observations``) are computed when first read:
    an X̄-R chart never needs the SDs, and only capability needs the observations.
    ``equal_size`` is the common subgroup size when every subgroup has the same size, else None.
    """

    def __init__(self, means, ranges, sizes, row_group, *, sds, observations, obs_group):
        self.means = means
        self.ranges = ranges
        self.sizes = sizes
        self.row_group = row_group
        self._lazy = {"sds": sds, "observations": observations, "obs_group": obs_group}
        self.equal_size = int(sizes[0]) if sizes.size and np.all(sizes == sizes[0]) else None

    def _get(self, name: str) -> np.ndarray:
        value = self._lazy[name]
        if callable(value):
            value = self._lazy[name] = value()
        return value

    @property
    def sds(self) -> np.ndarray:
        return self._get("sds")

    @property
    def observations(self) -> np.ndarray:
        return self._get("observations")

    @property
    def obs_group(self) -> np.ndarray:
        return self._get("obs_group")


def _check_finite(x: np.ndarray, what: str = "values") -> None:
    bad = ~np.isfinite(x)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise ValueError(f"{what} must be finite numbers; entry {i + 1} is {x[i]!r}")


def _group_codes(labels, n: int) -> np.ndarray:
    """Group index (0..m-1, in order of first appearance) of each observation."""
    labels = np.asarray(labels)
    if labels.ndim != 1 or labels.shape[0] != n:
        raise ValueError(f"subgroups must have one label per value ({n}), got shape {labels.shape}")
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    if labels.dtype.kind in "iuf":
        if labels.dtype.kind == "f":
            _check_finite(labels, "subgroup labels")
        step = np.diff(labels)
        if np.all(step >= 0):  # fast path: sorted numeric labels, no sort needed
            codes = np.empty(n, dtype=np.int64)
            codes[0] = 0
            np.cumsum(step > 0, out=codes[1:])
            return codes
    _uniq, first, inverse = np.unique(labels, return_index=True, return_inverse=True)
    order = np.argsort(first, kind="stable")
    rank = np.empty_like(order)
    rank[order] = np.arange(order.size)
    return rank[inverse.ravel()]


def subgroup_stats(values, subgroups) -> Subgroups:
    """Means, ranges, SDs and sizes of subgroups: ``values`` 2-D (rows = subgroups, NaN = missing)
    or 1-D with one label per value in ``subgroups``."""
    x = np.asarray(values, dtype=np.float64)
    if x.ndim == 2:
        if subgroups is not None:
            raise ValueError(
                "give subgroups= only with 1-D values (a 2-D array is one row per subgroup)"
            )
        if x.size == 0:
            raise ValueError("no values to analyse")
        if np.isinf(x).any():
            raise ValueError("values must be finite numbers (NaN marks a missing observation)")
        m, k = x.shape
        if not np.isnan(x).any():
            # no missing observations: column passes (a max/min over axis 1 of a narrow matrix
            # is several times slower than k-1 elementwise passes; both are exact)
            sizes = np.full(m, k, dtype=np.intp)
            means = x.mean(axis=1)
            if k <= 32:
                hi, lo = x[:, 0].copy(), x[:, 0].copy()
                for j in range(1, k):
                    np.maximum(hi, x[:, j], out=hi)
                    np.minimum(lo, x[:, j], out=lo)
                ranges = np.subtract(hi, lo, out=hi)
            else:
                ranges = x.max(axis=1) - x.min(axis=1)
            return Subgroups(
                means,
                ranges,
                sizes,
                None,
                sds=lambda: x.std(axis=1, ddof=1) if k > 1 else np.zeros(m),
                observations=lambda: x.reshape(-1),
                obs_group=lambda: np.repeat(np.arange(m), k),
            )
        present = ~np.isnan(x)
        sizes = present.sum(axis=1)
        if (sizes == 0).any():
            raise ValueError(f"subgroup {int(np.flatnonzero(sizes == 0)[0]) + 1} has no values")
        means = np.nansum(x, axis=1) / sizes
        ranges = np.nanmax(x, axis=1) - np.nanmin(x, axis=1)

        def sds():
            dev = np.where(present, x - means[:, None], 0.0)
            with np.errstate(invalid="ignore", divide="ignore"):
                return np.sqrt((dev * dev).sum(axis=1) / (sizes - 1))

        return Subgroups(
            means,
            ranges,
            sizes,
            None,
            sds=sds,
            observations=lambda: x[present],
            obs_group=lambda: np.broadcast_to(np.arange(m)[:, None], x.shape)[present],
        )
    if x.ndim != 1:
        raise ValueError(f"values must be 1-D or 2-D, not of shape {x.shape}")
    if x.size == 0:
        raise ValueError("no values to analyse")
    _check_finite(x)
    if subgroups is None:
        raise ValueError("this chart needs subgroups= (one label per value) or a 2-D array")
    codes = _group_codes(subgroups, x.shape[0])
    if np.all(codes[1:] >= codes[:-1]):
        order = None
        xs, cs = x, codes
    else:
        order = np.argsort(codes, kind="stable")
        xs, cs = x[order], codes[order]
    starts = np.flatnonzero(np.r_[True, cs[1:] != cs[:-1]])
    sizes = np.diff(np.r_[starts, xs.size])
    means = np.add.reduceat(xs, starts) / sizes
    ranges = np.maximum.reduceat(xs, starts) - np.minimum.reduceat(xs, starts)

    def sds():
        dev = xs - np.repeat(means, sizes)
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.sqrt(np.add.reduceat(dev * dev, starts) / (sizes - 1))

    return Subgroups(means, ranges, sizes, codes, sds=sds, observations=xs, obs_group=cs)


def sigma_from_ranges(ranges, sizes, mode: str) -> float:
    """Within σ from ranges: R̄/d2 for equal sizes; qcc's "UWAVE-R" weighted mean of R_i/d2(n_i),
    weights d2²/d3², for unequal sizes."""
    if ranges.size == 0:
        raise ValueError("no phase I subgroups left to estimate sigma")
    d2 = K.d2(sizes, mode)
    if np.all(sizes == sizes[0]):
        return float(ranges.mean() / d2[0])
    w = d2**2 / K.d3(sizes, mode) ** 2
    return float(np.sum(w * ranges / d2) / np.sum(w))


def sigma_from_sds(sds, sizes, mode: str) -> float:
    """Within σ from SDs: S̄/c4 for equal sizes; qcc's "UWAVE-SD" (weights c4²/(1 - c4²))."""
    if sds.size == 0:
        raise ValueError("no phase I subgroups left to estimate sigma")
    c4 = K.c4(sizes, mode)
    if np.all(sizes == sizes[0]):
        return float(sds.mean() / c4[0])
    w = c4**2 / (1.0 - c4**2)
    return float(np.sum(w * sds / c4) / np.sum(w))


def moving_ranges(x: np.ndarray) -> np.ndarray:
    """|x_i - x_{i-1}|, with NaN at the first point (so the MR chart lines up with the I chart)."""
    mr = np.empty_like(x)
    if x.size:
        mr[0] = np.nan
        step = 1 << 16  # in cache-sized pieces: the difference is still in cache for abs()
        for a in range(1, x.size, step):
            out = mr[a : a + step]
            np.subtract(x[a : a + step], x[a - 1 : a - 1 + out.size], out=out)
            np.abs(out, out=out)
    return mr


def linear_scan(b: np.ndarray, a: float) -> np.ndarray:
    """y_i = a·y_{i-1} + b_i with y_{-1} = 0, by a doubling scan (log₂ passes over the array,
    stopping once a^k falls below 1e-18, when further terms are below double precision)."""
    y = np.array(b, dtype=np.float64, copy=True)
    k, ak = 1, float(a)
    while k < y.size and ak > 1e-18:
        y[k:] += ak * y[:-k]  # numpy buffers the overlapping operands
        k *= 2
        ak *= ak
    return y


def ewma(x: np.ndarray, center: float, lam: float) -> np.ndarray:
    """z_i = λ x_i + (1 - λ) z_{i-1}, z_0 = centre."""
    return center + linear_scan(lam * (x - center), 1.0 - lam)


def ewma_se(sigma: float, sizes: np.ndarray, lam: float) -> np.ndarray:
    """Exact SD of z_i: σ·sqrt(λ² Σ_j (1-λ)^{2(i-j)} / n_j) (= σ/√n·sqrt(λ/(2-λ)(1-(1-λ)^{2i}))
    for a constant n)."""
    return sigma * np.sqrt(linear_scan(lam * lam / sizes, (1.0 - lam) ** 2))


def cusum(z: np.ndarray, k: float) -> tuple[np.ndarray, np.ndarray]:
    """Tabular CUSUM of standardised z: C+_i = max(0, z_i - k + C+_{i-1}) and
    C-_i = max(0, -k - z_i + C-_{i-1}), by the Lindley identity
    C_i = s_i - min(0, min_{j≤i} s_j) on the cumulative sums s."""
    s = np.cumsum(z - k)
    upper = s - np.minimum(np.minimum.accumulate(s), 0.0)
    t = np.cumsum(-z - k)
    lower = t - np.minimum(np.minimum.accumulate(t), 0.0)
    return np.maximum(upper, 0.0), np.maximum(lower, 0.0)
