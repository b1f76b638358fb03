"""Pure arithmetic of objectives: measurement periods, roll-up of children into a parent, and
attainment (on track / at risk / missed). No database access; the services call these."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

from qualift.objectives.choices import Attainment, Direction, Frequency, Rollup

DEFAULT_MARGIN_SHARE = Decimal("0.1")
PLACES = Decimal("0.0001")


def period_bounds(frequency: str, day: dt.date) -> tuple[dt.date, dt.date]:
    """The period of `frequency` containing `day`: ISO weeks (Monday–Sunday), calendar months,
    calendar quarters or calendar years."""
    if frequency == Frequency.WEEKLY:
        start = day - dt.timedelta(days=day.weekday())
        return start, start + dt.timedelta(days=6)
    if frequency == Frequency.MONTHLY:
        start = day.replace(day=1)
    elif frequency == Frequency.QUARTERLY:
        start = dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    elif frequency == Frequency.YEARLY:
        return dt.date(day.year, 1, 1), dt.date(day.year, 12, 31)
    else:
        raise ValueError(f"unknown frequency {frequency!r}")
    months = 1 if frequency == Frequency.MONTHLY else 3
    year, month = divmod(start.month - 1 + months, 12)
    return start, dt.date(start.year + year, month + 1, 1) - dt.timedelta(days=1)


def completed_periods(
    frequency: str, starts_on: dt.date, today: dt.date, ends_on: dt.date | None = None
) -> list[tuple[dt.date, dt.date]]:
    """Every period that has ended before `today`, from the one containing `starts_on` (and not
    beyond `ends_on`), oldest first."""
    periods = []
    start, end = period_bounds(frequency, starts_on)
    while end < today and (ends_on is None or start <= ends_on):
        periods.append((start, end))
        start, end = period_bounds(frequency, end + dt.timedelta(days=1))
    return periods


def last_due_period(
    frequency: str, starts_on: dt.date, today: dt.date, ends_on: dt.date | None = None
) -> tuple[dt.date, dt.date] | None:
    """The most recent period that should have a measurement by `today` (None if none yet)."""
    periods = completed_periods(frequency, starts_on, today, ends_on)
    return periods[-1] if periods else None


def rollup(
    method: str,
    values: Sequence[Decimal],
    weights: Sequence[Decimal] | None = None,
    *,
    direction: str = Direction.UP,
    low: Decimal | None = None,
    high: Decimal | None = None,
) -> Decimal | None:
    """Combine the children's values for one period into the parent's value.

    `min` is the worst child in the parent's direction of good: the smallest value when higher
    is better, the largest when lower is better, and the one farthest outside the band for a
    band (a child inside the band counts as distance 0). None when there are no values, or when
    the weights of a weighted mean add up to zero."""
    values = [Decimal(v) for v in values]
    if not values:
        return None
    if method == Rollup.SUM:
        return sum(values, Decimal(0))
    if method == Rollup.MEAN:
        return sum(values, Decimal(0)) / len(values)
    if method == Rollup.WEIGHTED_MEAN:
        weights = [Decimal(w) for w in (weights or [1] * len(values))]
        if len(weights) != len(values):
            raise ValueError("one weight per value")
        total = sum(weights, Decimal(0))
        if total == 0:
            return None
        return sum((w * v for w, v in zip(weights, values, strict=True)), Decimal(0)) / total
    if method == Rollup.MIN:
        if direction == Direction.UP:
            return min(values)
        if direction == Direction.DOWN:
            return max(values)
        return max(values, key=lambda v: _outside(v, low, high))
    raise ValueError(f"unknown roll-up method {method!r}")


def _outside(value: Decimal, low: Decimal | None, high: Decimal | None) -> Decimal:
    if low is not None and value < low:
        return low - value
    if high is not None and value > high:
        return value - high
    return Decimal(0)


def default_margin(
    direction: str,
    target: Decimal | None,
    baseline: Decimal | None,
    low: Decimal | None = None,
    high: Decimal | None = None,
) -> Decimal:
    """10% of the way from baseline to target; without a baseline 10% of the target's size;
    for a band 10% of its width."""
    if direction == Direction.BAND:
        if low is None or high is None:
            return Decimal(0)
        return abs(high - low) * DEFAULT_MARGIN_SHARE
    if target is None:
        return Decimal(0)
    if baseline is not None and baseline != target:
        return abs(target - baseline) * DEFAULT_MARGIN_SHARE
    return abs(target) * DEFAULT_MARGIN_SHARE


def attainment(
    direction: str,
    value: Decimal | None,
    *,
    target: Decimal | None = None,
    low: Decimal | None = None,
    high: Decimal | None = None,
    margin: Decimal | None = None,
    baseline: Decimal | None = None,
) -> str:
    """On track when the target is met (or the value lies in the band); at risk when it falls
    short by no more than the margin; missed beyond that. No value: no data."""
    if value is None:
        return Attainment.NO_DATA
    value = Decimal(value)
    if margin is None:
        margin = default_margin(direction, target, baseline, low, high)
    if direction == Direction.BAND:
        shortfall = _outside(value, low, high)
    elif direction == Direction.UP:
        shortfall = max(Decimal(target) - value, Decimal(0))
    elif direction == Direction.DOWN:
        shortfall = max(value - Decimal(target), Decimal(0))
    else:
        raise ValueError(f"unknown direction {direction!r}")
    if shortfall == 0:
        return Attainment.ON_TRACK
    if shortfall <= margin:
        return Attainment.AT_RISK
    return Attainment.MISSED


def quantize(value: Decimal | None) -> Decimal | None:
    """Round to the four decimals objectives store."""
    return None if value is None else Decimal(value).quantize(PLACES)
