"""A parameter's readings as numpy arrays, and the SPC analysis of them.

`load_series` reads one parameter's readings in subgroup order with a single raw query (no model
instances: a chart over 10⁶ readings must load in under a second); `analyze_parameter` runs the
engine with the parameter's chart, rules and specification, judged against its newest frozen
limit set when there is one (phase II) or on trial limits from all readings (phase I).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from qualift.process.choices import ATTRIBUTE_CHARTS, ChartType
from qualift.process.fastload import load_rows
from qualift.process.models import LimitSet, Parameter
from qualift.process.spc import analyze
from qualift.process.spc.result import SPCResult


class NotEnoughData(ValueError):
    """Too few readings for the parameter's chart."""


@dataclass
class Series:
    """One parameter's readings in plotted order.

    `subgroups` and `values` have one entry per reading (attributes: `values` are the counts and
    `sizes` the sample sizes); `point_subgroups` holds the subgroup number of each plotted point.
    """

    subgroups: np.ndarray
    values: np.ndarray
    sizes: np.ndarray | None
    point_subgroups: np.ndarray

    @property
    def n_readings(self) -> int:
        return int(self.values.shape[0])

    @property
    def n_points(self) -> int:
        return int(self.point_subgroups.shape[0])


def load_series(parameter: Parameter, first_subgroup: int | None = None) -> Series:
    """Read the parameter's readings (optionally from `first_subgroup` on) in subgroup order."""
    if parameter.is_attribute:
        data = load_rows(parameter.pk, ("subgroup", "count", "sample_size"), first_subgroup)
        subgroups = data[:, 0].astype(np.int64)
        sizes = data[:, 2]
        if np.isnan(sizes).any():  # a missing per-reading size falls back to the parameter's
            sizes = np.where(np.isnan(sizes), float(parameter.sample_size or 1), sizes)
        return Series(subgroups, data[:, 1].copy(), sizes, subgroups)
    data = load_rows(parameter.pk, ("subgroup", "value"), first_subgroup)
    subgroups = data[:, 0].astype(np.int64)
    if subgroups.size and parameter.chart_type != ChartType.IMR and parameter.subgroup_size > 1:
        keep = np.empty(subgroups.size, dtype=bool)
        keep[0] = True
        np.not_equal(subgroups[1:], subgroups[:-1], out=keep[1:])
        points = subgroups[keep]
    else:
        points = subgroups
    return Series(subgroups, data[:, 1].copy(), None, points)


def current_limit_set(parameter: Parameter) -> LimitSet | None:
    """The newest frozen limit set for the parameter's present chart type, if any."""
    return (
        LimitSet.objects.filter(parameter=parameter, chart_type=parameter.chart_type)
        .order_by("-version")
        .first()
    )


@dataclass
class Analysis:
    parameter: Parameter
    series: Series
    result: SPCResult
    limit_set: LimitSet | None

    @property
    def point_subgroups(self) -> np.ndarray:
        return self.series.point_subgroups


_MISSING = object()


def analyze_parameter(
    parameter: Parameter,
    *,
    limit_set: LimitSet | None | object = _MISSING,
    series: Series | None = None,
    phase1_subgroups: tuple[int, int] | None = None,
    exclude_flagged: bool = False,
) -> Analysis:
    """Analyse the parameter's readings.

    With a limit set (by default the current one), every point is judged against its frozen
    centre and sigma and the points of its phase I range are marked phase I. Without one, trial
    limits are estimated from `phase1_subgroups` (first, last; default all readings).
    Raises NotEnoughData when the chart cannot be drawn yet.
    """
    if limit_set is _MISSING:
        limit_set = current_limit_set(parameter)
    series = series if series is not None else load_series(parameter)
    chart = parameter.chart_type
    minimum = 2
    if series.n_points < minimum:
        raise NotEnoughData(f"{series.n_points} point(s); at least {minimum} are needed")
    kwargs: dict = {"rules": parameter.rules, **parameter.chart_options()}
    if chart in ATTRIBUTE_CHARTS:
        values, sizes, subgroups = series.values, series.sizes, None
        if chart == ChartType.C:
            sizes = None
    else:
        values, sizes = series.values, None
        grouped = chart != ChartType.IMR and parameter.subgroup_size > 1
        subgroups = series.subgroups if grouped else None
        if parameter.lsl is not None or parameter.usl is not None:
            kwargs.update(lsl=parameter.lsl, usl=parameter.usl, target=parameter.target)
    points = series.point_subgroups
    if limit_set is not None:
        kwargs.update(center=limit_set.center, sigma=limit_set.sigma)
        first, last = limit_set.first_subgroup, limit_set.last_subgroup
    elif phase1_subgroups is not None:
        first, last = phase1_subgroups
    else:
        first = last = None
    if first is not None:
        phase1 = (points >= first) & (points <= last)
        if not phase1.any():
            raise NotEnoughData("no readings in the phase I range")
        kwargs["phase1"] = phase1
    if exclude_flagged and limit_set is None and chart not in ("ewma", "cusum"):
        kwargs["exclude_flagged"] = True
    try:
        result = analyze(values, chart=chart, subgroups=subgroups, sizes=sizes, **kwargs)
    except ValueError as exc:
        raise NotEnoughData(str(exc)) from exc
    return Analysis(parameter, series, result, limit_set)  # type: ignore[arg-type]
