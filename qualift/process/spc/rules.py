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


# ---------------------------------------------------------------- chunked evaluation
#
# Every rule looks back at most 14 points (N7: 15 points within 1σ; N4: 14 points, i.e. 13
# differences). The series is processed in chunks of ``CHUNK`` points so that the boolean masks
# of one chunk stay in the CPU cache; every mask lives in a buffer allocated once per call and
# reused from chunk to chunk (no temporaries, no page faults on fresh memory), and the boolean
# operations of the selected rules are built once as a list of ufunc calls on fixed views of
# those buffers, then replayed for every chunk.
#
# Layout of a work buffer (length L = LOOKBACK + chunk): position t holds point ``lo + t - pad``
# of the series. The first LOOKBACK positions are the points just before the chunk; where the
# series has no such points (the first chunk: pad = LOOKBACK) every mask is False there, which
# is exactly the truncation at the start of the series that the rules define (points that do not
# exist are not beyond any zone and break every run). Results are read from positions
# LOOKBACK .. L-1 only; a window of k points ending there reaches back to position
# LOOKBACK - k + 1 >= 1, so the lowest positions of intermediate buffers may hold anything.
# Every chunk has the same length: when the last one would be short, it starts earlier and
# recomputes some points of the previous chunk (with the same result).
#
# Codes: each selected rule's mask is weighted 16 - rule and the per-point maximum kept, so
# (16 - maximum) & 15 is the lowest rule firing, or 0 when none does.

LOOKBACK = 15  # >= 14, the longest look-back (points before the current one) of any rule
CHUNK = 1 << 16  # points per chunk: 64 kB boolean masks and a 512 kB slice of float64 values

# zone masks each rule needs: 0..3 = above/below center ± kσ, "d" = up/down steps, "w" = within 1σ
_NEEDS: dict[str, dict[int, tuple]] = {
    "we": {1: (3,), 2: (2,), 3: (1,), 4: (0,)},
    "nelson": {1: (3,), 2: (0,), 3: ("d",), 4: ("d",), 5: (2,), 6: (1,), 7: ("w",), 8: (1,)},
}
_AND, _OR = np.logical_and, np.logical_or


def _limit(c, s, k: int, sign: int, f: np.ndarray):
    """center + k·sigma (sign 1) or center - k·sigma (sign -1), computed exactly as
    ``center ± k * sigma`` would be (``center`` alone for k = 0): a float, or ``f`` filled in."""
    if k == 0:
        return c
    c_arr, s_arr = isinstance(c, np.ndarray), isinstance(s, np.ndarray)
    if not c_arr and not s_arr:
        return c + k * s if sign > 0 else c - k * s
    if s_arr:
        np.multiply(s, k, out=f)
        ks = f
    else:
        ks = k * s
    if sign > 0:
        np.add(c, ks, out=f)
    else:
        np.subtract(c, ks, out=f)
    return f


class _Plan:
    """Buffers and the replayable ufunc calls for one family and rule selection."""

    def __init__(self, family: str, numbers: tuple[int, ...], length: int, arrays: bool):
        self.length = L = length
        needs = {z for number in numbers for z in _NEEDS[family][number]}

        def mask():
            return np.empty(L, dtype=bool)

        self.up = {k: mask() for k in (0, 1, 2, 3) if k in needs}
        self.dn = {k: mask() for k in self.up}
        self.win = mask() if "w" in needs else None
        self.dup = mask() if "d" in needs else None  # dup[t]: point t is above point t-1
        self.ddn = mask() if "d" in needs else None
        self.f = np.empty(L) if arrays else None  # per-point limits
        self.hit, self.h2, self.h3, self.t1, self.t2 = (mask() for _ in range(5))
        self.p2, self.s4 = np.empty(L, np.uint8), np.empty(L, np.uint8)
        self.acc, self.weighted = np.empty(L, np.uint8), np.empty(L, np.uint8)
        self.ops: list[tuple] = []
        if "d" in needs:
            # step directions d[t] = +1 / -1 / 0 (point t above / below / equal to or no t-1),
            # and e[t] = d[t]·d[t-1]: 1 = two steps the same way, -1 = the direction flips
            d, e = np.empty(L, np.int8), np.empty(L, np.int8)
            self._op(np.subtract, self.dup.view(np.int8), self.ddn.view(np.int8), out=d)
            self._op(np.multiply, d[1:], d[:-1], out=e[1:])
            self.same_step, self.flip = mask(), mask()
            self._op(np.equal, e, 1, out=self.same_step)
            self._op(np.equal, e, -1, out=self.flip)
        for i, number in enumerate(numbers):
            self._rule(family, number)  # leaves the rule's mask in self.hit
            if i == 0:
                self._op(np.multiply, self.hit.view(np.uint8), 16 - number, out=self.acc)
            else:
                self._op(np.multiply, self.hit.view(np.uint8), 16 - number, out=self.weighted)
                self._op(np.maximum, self.acc, self.weighted, out=self.acc)

    def _op(self, fn, *args, out):
        self.ops.append((fn, args, out))

    def _all_last(self, w: np.ndarray, k: int, out: np.ndarray) -> np.ndarray:
        """out[t] = w[t-k+1 .. t] all True (for t >= k-1). Doubling: after the step with shift
        p a buffer holds "all True over the last 2p points"; two overlapping windows of the
        largest power of two p <= k then cover k points."""
        src, p, i = w, 1, 0
        while 2 * p <= k:
            dst = out if 2 * p == k else (self.t1, self.t2)[i]
            self._op(_AND, src[p:], src[:-p], out=dst[p:])
            src, p, i = dst, 2 * p, i ^ 1
        if p < k:
            r = k - p
            self._op(_AND, src[r:], src[:-r], out=out[r:])
        return out

    def _same_side(self, zu: np.ndarray, zd: np.ndarray, out: np.ndarray) -> np.ndarray:
        """out[t]: points t-1 and t both in zu, or both in zd (zu, zd exclusive)."""
        self._op(_AND, zu[1:], zu[:-1], out=out[1:])
        self._op(_AND, zd[1:], zd[:-1], out=self.t1[1:])
        self._op(_OR, out, self.t1, out=out)
        return out

    def _side_run(self, zu: np.ndarray, zd: np.ndarray, k: int) -> None:
        # k points on one side = k-1 consecutive pairs each on one side (pairs overlap, and a
        # point cannot be on both sides, so it is the same side throughout)
        self._all_last(self._same_side(zu, zd, self.h3), k - 1, self.hit)

    def _two_of_three(self, zu: np.ndarray, zd: np.ndarray) -> None:
        # the point itself beyond, and one of the two points before it on the same side
        for z, res in ((zu, self.hit), (zd, self.h2)):
            self._op(_OR, z[1:-1], z[:-2], out=res[2:])
            self._op(_AND, res, z, out=res)
        self._op(_OR, self.hit, self.h2, out=self.hit)

    def _four_of_five(self, zu: np.ndarray, zd: np.ndarray) -> None:
        # the point itself beyond, and at least 3 of the 4 points before it on the same side
        p2, s4 = self.p2, self.s4
        for z, res in ((zu, self.hit), (zd, self.h2)):
            u = z.view(np.uint8)
            self._op(np.add, u[1:], u[:-1], out=p2[1:])  # p2[t] = z[t-1] + z[t]
            self._op(np.add, p2[3:-1], p2[1:-3], out=s4[4:])  # s4[t] = z[t-4] + … + z[t-1]
            self._op(np.greater_equal, s4, 3, out=res)
            self._op(_AND, res, z, out=res)
        self._op(_OR, self.hit, self.h2, out=self.hit)

    def _rule(self, family: str, number: int) -> None:
        up, dn, hit, h2, h3 = self.up, self.dn, self.hit, self.h2, self.h3
        if number == 1:
            self._op(_OR, up[3], dn[3], out=hit)
        elif family == "we":
            if number == 2:
                self._two_of_three(up[2], dn[2])
            elif number == 3:
                self._four_of_five(up[1], dn[1])
            else:
                self._side_run(up[0], dn[0], 8)
        elif number == 2:
            self._side_run(up[0], dn[0], 9)
        elif number == 3:
            # 6 points steadily up (down) = 5 steps the same way = 4 same-way step pairs
            self._all_last(self.same_step, 4, hit)
        elif number == 4:
            # 14 points alternating = 13 steps, each turning the other way = 12 flips in a row
            self._all_last(self.flip, 12, hit)
        elif number == 5:
            self._two_of_three(up[2], dn[2])
        elif number == 6:
            self._four_of_five(up[1], dn[1])
        elif number == 7:
            self._all_last(self.win, 15, hit)
        else:
            # 8 in a row beyond 1σ, but not 8 on one side (for bools a > b is a & ~b)
            self._op(_OR, up[1], dn[1], out=h3)
            self._all_last(h3, 8, hit)
            self._all_last(self._same_side(up[1], dn[1], h3), 7, h2)
            self._op(np.greater, hit, h2, out=hit)

    def run(self, xs: np.ndarray, c, s, pad: int, codes: np.ndarray) -> None:
        """Codes of one chunk: ``xs`` (and array ``c``/``s``) fill positions pad .. L-1;
        ``codes`` (int8) receives positions LOOKBACK .. L-1."""
        f = self.f[pad:] if self.f is not None else None
        for k, up in self.up.items():
            dn = self.dn[k]
            if pad:
                up[:pad] = False
                dn[:pad] = False
            np.greater(xs, _limit(c, s, k, 1, f), out=up[pad:])
            np.less(xs, _limit(c, s, k, -1, f), out=dn[pad:])
        if self.win is not None:
            # within ±1σ inclusive: two comparisons, so that NaN (value or limit) is never
            # "within" (not the same as "not above and not below")
            win, tmp = self.win, self.h2
            if pad:
                win[:pad] = False
            np.greater_equal(xs, _limit(c, s, 1, -1, f), out=win[pad:])
            np.less_equal(xs, _limit(c, s, 1, 1, f), out=tmp[pad:])
            _AND(win[pad:], tmp[pad:], out=win[pad:])
        if self.dup is not None:
            self.dup[: pad + 1] = False
            self.ddn[: pad + 1] = False
            np.greater(xs[1:], xs[:-1], out=self.dup[pad + 1 :])
            np.less(xs[1:], xs[:-1], out=self.ddn[pad + 1 :])
        for fn, args, out in self.ops:
            fn(*args, out=out)
        tail = self.acc[LOOKBACK:]
        np.subtract(16, tail, out=tail)
        np.bitwise_and(tail, 15, out=codes.view(np.uint8))


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
    chunk: int = CHUNK,
) -> np.ndarray:
    """Run rules over plotted points; int8 codes, 0 or the lowest rule number firing (see module).

    ``rules`` is parsed by :func:`parse_rules`; codes are rule numbers of that family (WE 1-4 or
    Nelson 1-8). ``sigma`` must not be negative (0 collapses every zone onto the centre line).
    ``chunk`` (points per pass, default ``CHUNK``) changes the speed only, never the result.
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
    size = min(max(int(chunk), 1), n)
    c_arr, s_arr = isinstance(c, np.ndarray), isinstance(s, np.ndarray)
    plan = _Plan(family, numbers, LOOKBACK + size, c_arr or s_arr)
    starts = list(range(0, n - size + 1, size))
    if starts[-1] + size < n:
        starts.append(n - size)  # a full-length last chunk, overlapping the previous one
    for a in starts:
        lo, b = max(0, a - LOOKBACK), a + size
        plan.run(
            x[lo:b],
            c[lo:b] if c_arr else c,
            s[lo:b] if s_arr else s,
            LOOKBACK - (a - lo),
            codes[a:b],
        )
    return codes
