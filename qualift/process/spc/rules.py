"""Run rules for control charts: Western Electric 1-4 and Nelson 1-8, vectorised with numpy.

``evaluate(values, center, sigma, rules)`` returns one int8 code per plotted point: 0 when no
selected rule fires there, otherwise the LOWEST selected rule number (of the chosen family) that
fires. ``sigma`` is the standard error of each plotted point, so zone k is ``center ± k·sigma``;
``center`` and ``sigma`` may be scalars or per-point arrays (varying sample sizes).

Rules (Nelson, J. Qual. Technol. 16(4), 1984; Western Electric Statistical Quality Control
Handbook, 1956; Montgomery, Introduction to Statistical Quality Control, §5.3.6):

====  =====  ===============================================================================
WE    N      pattern
====  =====  ===============================================================================
1     1      one point beyond 3σ (strictly: a point exactly on center ± 3σ is not beyond)
2     5      2 of 3 consecutive points beyond 2σ on the same side
3     6      4 of 5 consecutive points beyond 1σ on the same side
4     —      8 points in a row on one side of the centre line
—     2      9 points in a row on one side of the centre line
—     3      6 points in a row steadily increasing, or steadily decreasing
—     4      14 points in a row alternating up and down
—     7      15 points in a row within ±1σ (inclusive)
—     8      8 points in a row beyond ±1σ (none within ±1σ), with points on both sides
====  =====  ===============================================================================

Semantics, stated precisely (one definition for every rule): point ``i`` is flagged by a rule when
the pattern holds in the window of the rule's length that ENDS at ``i``. So the point completing
a pattern is flagged, and so is every following point while the pattern continues (WE4: the 8th
point of a run on one side and every later point of that run). Further:

- WE2/WE3 and N5/N6: the flagged point must itself be beyond the zone, on the same side as the
  others. At the start of the series a window is truncated (points before the first do not
  exist and count as "not beyond"), so two first points both beyond 2σ flag the second one: any
  window of three containing them already holds the pattern.
- "One side" means strictly above or strictly below the centre line; a point exactly on the
  centre line breaks the run.
- N3 counts POINTS, as Nelson (1984) and qcc do: 6 points steadily increasing = 5 successive
  strict increases. A tie (equal consecutive values) breaks the trend.
- N4: 14 points whose 13 successive differences alternate in sign; a zero difference breaks it.
- N8: the 8 points ending at ``i`` are all beyond ±1σ (strictly) and include at least one above
  and one below the centre.
- NaN values never satisfy any condition, so they break every run and are never flagged.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

FAMILIES: dict[str, tuple[int, ...]] = {
    "we": (1, 2, 3, 4),
    "nelson": (1, 2, 3, 4, 5, 6, 7, 8),
}

RULE_TEXT: dict[str, dict[int, str]] = {
    "we": {
        1: "1 point beyond 3 sigma",
        2: "2 of 3 points beyond 2 sigma on the same side",
        3: "4 of 5 points beyond 1 sigma on the same side",
        4: "8 points in a row on one side of the centre line",
    },
    "nelson": {
        1: "1 point beyond 3 sigma",
        2: "9 points in a row on one side of the centre line",
        3: "6 points in a row steadily increasing or decreasing",
        4: "14 points in a row alternating up and down",
        5: "2 of 3 points beyond 2 sigma on the same side",
        6: "4 of 5 points beyond 1 sigma on the same side",
        7: "15 points in a row within 1 sigma of the centre line",
        8: "8 points in a row beyond 1 sigma, on both sides of the centre line",
    },
}

_FAMILY_NAMES = {"we": "Western Electric", "nelson": "Nelson"}
_SPEC_HELP = "use 'we', 'nelson', 'we:1,4', 'nelson:2,5' or a list of Nelson rule numbers"


def parse_rules(spec: str | Iterable[int] | None) -> tuple[str, tuple[int, ...]]:
    """Parse a rule specification into ``(family, sorted unique rule numbers)``.

    ``None`` means the default ``"we"``; ``"we"`` → ``("we", (1, 2, 3, 4))``; ``"nelson"`` →
    ``("nelson", (1, …, 8))``; ``"we:1,4"`` / ``"nelson:2,5"`` select rules of that family; a list
    (or tuple) of ints names Nelson rules, and an empty list selects none. Case and spaces are
    ignored. Anything else raises ``ValueError`` with a message naming the problem.
    """
    if spec is None:
        return "we", FAMILIES["we"]
    if isinstance(spec, str):
        text = spec.strip().lower()
        family, sep, numbers = text.partition(":")
        family = family.strip()
        if family not in FAMILIES:
            raise ValueError(f"unknown rule set {spec!r}: {_SPEC_HELP}")
        if not sep:
            return family, FAMILIES[family]
        parts = [p.strip() for p in numbers.split(",")]
        if not any(parts):
            raise ValueError(f"rule set {spec!r} names no rules: {_SPEC_HELP}")
        picked: list[int] = []
        for part in parts:
            if not part.isdigit():
                raise ValueError(f"rule {part!r} in {spec!r} is not a rule number: {_SPEC_HELP}")
            picked.append(int(part))
        return family, _check(family, picked)
    if isinstance(spec, (bytes, bytearray)):
        raise ValueError(f"rule set {spec!r} is not a text or a list of ints: {_SPEC_HELP}")
    try:
        items = list(spec)
    except TypeError:
        raise ValueError(f"rule set {spec!r} is not understood: {_SPEC_HELP}") from None
    for item in items:
        if isinstance(item, bool) or not isinstance(item, (int, np.integer)):
            raise ValueError(f"rule {item!r} is not a Nelson rule number (an int 1-8)")
    return "nelson", _check("nelson", [int(i) for i in items])


def _check(family: str, picked: list[int]) -> tuple[int, ...]:
    valid = FAMILIES[family]
    for number in picked:
        if number not in valid:
            raise ValueError(
                f"{_FAMILY_NAMES[family]} rule {number} does not exist; "
                f"{family} rules are {valid[0]}-{valid[-1]}"
            )
    return tuple(sorted(set(picked)))


def _windows_all(flags: np.ndarray, k: int) -> np.ndarray:
    """True at i when flags[i-k+1 .. i] are all True (False for i < k-1); same length.

    Doubling: ``w`` holds "all True over the last p points"; two overlapping windows of length
    p ≤ k cover k points. O(n log k) boolean operations, no integer arrays.
    """
    n = flags.shape[0]
    out = np.zeros(n, dtype=bool)
    if k > n:
        return out
    w = flags
    p = 1
    while 2 * p <= k:
        w = w[p:] & w[:-p]  # w[j] now covers points j .. j+2p-1
        p *= 2
    # w[j] covers j .. j+p-1; windows of k starting at j: w[j] & w[j+k-p]
    np.logical_and(w[: n - k + 1], w[k - p :], out=out[k - 1 :])
    return out


def _count_last(flags: np.ndarray, k: int) -> np.ndarray:
    """Number of True among the last k points ending at each i (truncated at the start), uint8."""
    counts = flags.astype(np.uint8)
    for lag in range(1, k):
        counts[lag:] += flags[:-lag]
    return counts


class _Zones:
    """Lazily computed zone comparisons, each one vectorised pass over the data."""

    def __init__(self, x: np.ndarray, center: np.ndarray | float, sigma: np.ndarray | float):
        self.x = x
        self.center = center
        self.sigma = sigma
        self._cache: dict[tuple[str, int], np.ndarray] = {}

    def above(self, k: int) -> np.ndarray:
        key = ("above", k)
        if key not in self._cache:
            limit = self.center + k * self.sigma if k else self.center
            self._cache[key] = self.x > limit
        return self._cache[key]

    def below(self, k: int) -> np.ndarray:
        key = ("below", k)
        if key not in self._cache:
            limit = self.center - k * self.sigma if k else self.center
            self._cache[key] = self.x < limit
        return self._cache[key]


def _beyond(z: _Zones, k: int) -> np.ndarray:
    return z.above(k) | z.below(k)


def _k_of_m(z: _Zones, zone: int, k: int, m: int) -> np.ndarray:
    """k of m points beyond ``zone``σ on one side, the flagged point itself beyond on that side."""
    up = z.above(zone)
    down = z.below(zone)
    return (up & (_count_last(up, m) >= k)) | (down & (_count_last(down, m) >= k))


def _one_side(z: _Zones, length: int) -> np.ndarray:
    return _windows_all(z.above(0), length) | _windows_all(z.below(0), length)


def _trend(x: np.ndarray, points: int) -> np.ndarray:
    out = np.zeros(x.shape[0], dtype=bool)
    if x.shape[0] < 2:
        return out
    up = x[1:] > x[:-1]  # up[j]: point j+1 is above point j
    down = x[1:] < x[:-1]
    out[1:] = _windows_all(up, points - 1) | _windows_all(down, points - 1)
    return out


def _alternating(x: np.ndarray, points: int) -> np.ndarray:
    out = np.zeros(x.shape[0], dtype=bool)
    if x.shape[0] < 3:
        return out
    up = x[1:] > x[:-1]
    down = x[1:] < x[:-1]
    flip = (up[1:] & down[:-1]) | (down[1:] & up[:-1])  # flip[j]: direction turns at point j+1
    out[2:] = _windows_all(flip, points - 2)
    return out


def _within(z: _Zones, length: int) -> np.ndarray:
    # written as two inclusive comparisons so that NaN (value or limit) is never "within"
    inside = (z.x >= z.center - z.sigma) & (z.x <= z.center + z.sigma)
    return _windows_all(inside, length)


def _mixture(z: _Zones, length: int) -> np.ndarray:
    up = z.above(1)
    down = z.below(1)
    return (
        _windows_all(up | down, length) & ~_windows_all(~up, length) & ~_windows_all(~down, length)
    )


def _rule_flags(family: str, number: int, x: np.ndarray, z: _Zones) -> np.ndarray:
    if number == 1:
        return _beyond(z, 3)
    if family == "we":
        if number == 2:
            return _k_of_m(z, 2, 2, 3)
        if number == 3:
            return _k_of_m(z, 1, 4, 5)
        return _one_side(z, 8)
    if number == 2:
        return _one_side(z, 9)
    if number == 3:
        return _trend(x, 6)
    if number == 4:
        return _alternating(x, 14)
    if number == 5:
        return _k_of_m(z, 2, 2, 3)
    if number == 6:
        return _k_of_m(z, 1, 4, 5)
    if number == 7:
        return _within(z, 15)
    return _mixture(z, 8)


def _as_levels(value: float | np.ndarray, n: int, name: str) -> np.ndarray | float:
    arr = np.asarray(value, dtype=np.float64)
    if arr.ndim == 0:
        return float(arr)
    if arr.shape != (n,):
        raise ValueError(
            f"{name} must be a scalar or have one value per point ({n}), not {arr.shape}"
        )
    return arr


def evaluate(
    values: np.ndarray,
    center: float | np.ndarray,
    sigma: float | np.ndarray,
    rules: str | Iterable[int] | None = "we",
) -> np.ndarray:
    """Run rules over plotted points; int8 codes, 0 or the lowest rule number firing (see module).

    ``rules`` is parsed by :func:`parse_rules`; codes are rule numbers of that family (WE 1-4 or
    Nelson 1-8). ``sigma`` must not be negative (0 collapses every zone onto the centre line).
    """
    family, numbers = parse_rules(rules)
    x = np.asarray(values, dtype=np.float64)
    if x.ndim != 1:
        raise ValueError(f"values must be one-dimensional, not of shape {x.shape}")
    n = x.shape[0]
    c = _as_levels(center, n, "center")
    s = _as_levels(sigma, n, "sigma")
    if np.any(np.less(s, 0)):
        raise ValueError("sigma must not be negative")
    codes = np.zeros(n, dtype=np.int8)
    if n == 0 or not numbers:
        return codes
    zones = _Zones(x, c, s)
    for number in sorted(numbers, reverse=True):  # lower rules overwrite: the lowest wins
        np.copyto(codes, np.int8(number), where=_rule_flags(family, number, x, zones))
    return codes
