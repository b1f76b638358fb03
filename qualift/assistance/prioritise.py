"""Ranking assistance issues by the four factors of DOMAIN §5 (pure; no Django).

Each issue is scored 1–5 on named sub-criteria per factor. A factor's mean is the mean of its
scored sub-criteria; the issue's score is the weighted mean of its factor means,

    score = Σ w_f · mean_f / Σ w_f        (between 1 and 5),

so each factor contributes `share_f · mean_f` with `share_f = w_f / Σ w`, and the contributions
add up to the score: anyone can see why an issue ranks where it does. Arithmetic is exact
(fractions.Fraction); Decimal only for the rounded values shown.

Order: score descending, then the prominence mean descending; issues equal on both share a rank
(competition ranking: 1, 2, 2, 4) and keep their input order. An issue with a factor that has no
scored sub-criterion is unscored: listed last, rank None.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any, NamedTuple

PROMINENCE = "prominence"

Scores = Mapping[str, Mapping[str, "int | None"]]


@dataclass(frozen=True)
class FactorPart:
    """One factor's part in an issue's score."""

    mean: Decimal | None  # 2 dp; None when no sub-criterion of the factor is scored
    weight_share: Decimal  # 4 dp: w_f / Σ w
    contribution: Decimal | None  # 2 dp: weight_share · mean (exact before rounding)


@dataclass(frozen=True)
class Ranked:
    key: Any
    rank: int | None  # None: unscored
    score: Decimal | None  # 2 dp
    exact: Fraction | None
    factors: dict[str, FactorPart]

    @property
    def is_scored(self) -> bool:
        return self.rank is not None


class Move(NamedTuple):
    key: Any
    old_rank: int
    new_rank: int


@dataclass(frozen=True)
class Shift:
    """What happens to the ranks when one factor's weight moves by `change` per cent."""

    factor: str
    change: int  # +20 / -20
    moves: list[Move]


def _round(value: Fraction, places: int) -> Decimal:
    """Round half up (values here are never negative) to `places` decimal places, exactly."""
    scale = 10**places
    scaled = value * scale
    whole = math.floor(scaled + Fraction(1, 2))
    return Decimal(whole).scaleb(-places).quantize(Decimal(1).scaleb(-places))


def _fraction(value: Any, what: str) -> Fraction:
    if isinstance(value, bool):
        raise ValueError(f"{what}: expected a number, got {value!r}")
    if isinstance(value, Fraction | int):
        return Fraction(value)
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError(f"{what}: {value} is not a finite number")
        return Fraction(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"{what}: {value} is not a finite number")
        # Read the float as the decimal people typed (0.4 → 2/5), not its binary expansion.
        return Fraction(repr(value))
    if isinstance(value, str):
        try:
            return Fraction(value.strip())
        except (ValueError, ZeroDivisionError):
            raise ValueError(f"{what}: {value!r} is not a number") from None
    raise ValueError(f"{what}: expected a number, got {value!r}")


def _weights(weights: Mapping[str, Any]) -> dict[str, Fraction]:
    out = {factor: _fraction(w, f"weight of {factor}") for factor, w in weights.items()}
    if not out:
        raise ValueError("no weights given")
    for factor, w in out.items():
        if w < 0:
            raise ValueError(f"weight of {factor} is negative")
    if sum(out.values()) <= 0:
        raise ValueError("the weights must add up to more than zero")
    return out


def _mean(subs: Mapping[str, int | None] | None) -> Fraction | None:
    if not subs:
        return None
    values = []
    for criterion, value in subs.items():
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5:
            raise ValueError(f"{criterion}: a score is a whole number from 1 to 5, not {value!r}")
        values.append(value)
    if not values:
        return None
    return Fraction(sum(values), len(values))


@dataclass
class _Row:
    position: int
    key: Any
    means: dict[str, Fraction | None]
    exact: Fraction | None


def _rows(issues: Iterable[tuple[Any, Scores]], factors: Iterable[str]) -> list[_Row]:
    factors = list(factors)
    rows = []
    for position, (key, scores) in enumerate(issues):
        means = {f: _mean(scores.get(f)) for f in factors}
        rows.append(_Row(position, key, means, None))
    return rows


def _rank(rows: list[_Row], w: dict[str, Fraction]) -> list[Ranked]:
    total = sum(w.values())
    share = {f: w[f] / total for f in w}
    scored, unscored = [], []
    for row in rows:
        if all(m is not None for m in row.means.values()):
            row.exact = sum((share[f] * row.means[f] for f in w), Fraction(0))
            scored.append(row)
        else:
            row.exact = None
            unscored.append(row)

    def prominence(row: _Row) -> Fraction:
        return row.means.get(PROMINENCE) or Fraction(0)

    # sorted() is stable, so equal issues keep their input order.
    scored.sort(key=lambda r: (-r.exact, -prominence(r)))
    out: list[Ranked] = []
    previous = None
    rank = 0
    for index, row in enumerate(scored, start=1):
        signature = (row.exact, prominence(row))
        if signature != previous:
            rank = index
            previous = signature
        out.append(_ranked(row, rank, share))
    out += [_ranked(row, None, share) for row in unscored]
    return out


def _ranked(row: _Row, rank: int | None, share: dict[str, Fraction]) -> Ranked:
    factors = {}
    for f, s in share.items():
        mean = row.means[f]
        factors[f] = FactorPart(
            mean=_round(mean, 2) if mean is not None else None,
            weight_share=_round(s, 4),
            contribution=_round(s * mean, 2) if mean is not None else None,
        )
    return Ranked(
        key=row.key,
        rank=rank,
        score=_round(row.exact, 2) if row.exact is not None else None,
        exact=row.exact,
        factors=factors,
    )


def prioritise(issues: Iterable[tuple[Any, Scores]], weights: Mapping[str, Any]) -> list[Ranked]:
    """Rank issues given as (key, {factor: {criterion: 1–5 or None}}) under `weights`
    ({factor: number ≥ 0}, adding up to more than zero, else ValueError). The factors are the
    weights' keys; a factor missing from an issue's scores counts as unscored."""
    w = _weights(weights)
    return _rank(_rows(issues, w), w)


def sensitivity(
    issues: Iterable[tuple[Any, Scores]],
    weights: Mapping[str, Any],
    step: Fraction = Fraction(1, 5),
) -> list[Shift]:
    """For each factor, its weight multiplied by (1 + step) and then by (1 − step), the others
    kept: which scored issues change rank (key, old rank, new rank), in the new order."""
    w = _weights(weights)
    step = _fraction(step, "step")
    if not 0 < step < 1:
        raise ValueError("step must be between 0 and 1")
    issues = list(issues)
    base = {r.key: r.rank for r in prioritise(issues, w) if r.rank is not None}
    change = int(step * 100)
    shifts = []
    for factor in w:
        for sign in (1, -1):
            moved = dict(w)
            moved[factor] = w[factor] * (1 + sign * step)
            moves = [
                Move(r.key, base[r.key], r.rank)
                for r in prioritise(issues, moved)
                if r.rank is not None and r.rank != base[r.key]
            ]
            shifts.append(Shift(factor=factor, change=sign * change, moves=moves))
    return shifts
