"""What the browser gets to draw a control chart: `chart_payload(analysis)`.

The engine's `to_dict()` (the summary) plus per-point arrays for the displayed points: subgroup,
time, plotted value, centre / limits / ±1σ and ±2σ zone lines (a scalar when they are the same for
every displayed point, a list when they vary), rule codes with the rule's label and words, the
phase I range, the R/S/MR chart, and the capability histogram of the phase I readings.

A chart never sends more than `max_points` points: every flagged point, the first and the last are
kept, and the rest are thinned by keeping the lowest and the highest value of each of equal-width
buckets (the min/max envelope, as LTTB-style display downsampling does), so shifts, trends and
spikes stay visible.
"""

from __future__ import annotations

import math

import numpy as np
from django.db.models import Min
from django.utils import timezone

from qualift.process.models import Measurement, Parameter
from qualift.process.rule_text import rule_label, rule_words
from qualift.process.series import Analysis
from qualift.process.spc.result import _json_safe, _num

MAX_POINTS = 5000
SNAPSHOT_POINTS = 50
PHASES = ("all", "1", "2")
ZONE_CHARTS = ("xbar-r", "xbar-s", "imr", "p", "np", "c", "u")  # charts judged by zone rules


# ---------------------------------------------------------------- downsampling (pure)


def downsample(
    values: np.ndarray, candidates: np.ndarray, keep: np.ndarray, max_points: int
) -> np.ndarray:
    """Indices (sorted, a subset of `candidates`) of at most `max_points` points to display.

    `keep` is a boolean mask over all points (flagged points): those among the candidates are
    always kept, with the first and the last candidate — unless they would leave less than a
    fifth of `max_points` for the rest, when the most recent flagged points are kept. The
    remaining budget goes to the min and max of equal buckets of the other candidates.
    """
    candidates = np.asarray(candidates, dtype=np.int64)
    m = candidates.size
    max_points = max(int(max_points), 2)
    if m <= max_points:
        return candidates
    must = keep[candidates].copy()
    must[0] = must[-1] = True
    reserve = max_points // 5  # for the envelope, so the chart keeps its shape
    if int(must.sum()) > max_points - reserve:
        # More flagged points than fit: the most recent ones stay (the summary lists them all).
        inner = np.flatnonzero(must[1:-1]) + 1
        allowed = max(max_points - reserve - 2, 0)
        must[inner[: inner.size - allowed]] = False
    n_must = int(must.sum())
    rest = candidates[~must]
    budget = max_points - n_must
    buckets = budget // 2
    if buckets < 1 or rest.size == 0:
        return np.sort(candidates[must])
    size = math.ceil(rest.size / buckets)
    rows = math.ceil(rest.size / size)
    vals = values[rest].astype(np.float64)
    vals = np.where(np.isfinite(vals), vals, np.nan)
    pad = rows * size - rest.size
    lo_src = np.concatenate([np.where(np.isnan(vals), np.inf, vals), np.full(pad, np.inf)])
    hi_src = np.concatenate([np.where(np.isnan(vals), -np.inf, vals), np.full(pad, -np.inf)])
    base = np.arange(rows) * size
    lo = base + np.argmin(lo_src.reshape(rows, size), axis=1)
    hi = base + np.argmax(hi_src.reshape(rows, size), axis=1)
    picked = np.unique(np.concatenate([lo, hi]))
    picked = picked[picked < rest.size]
    out = np.union1d(candidates[must], rest[picked])
    if out.size > max_points:  # odd budgets and rounding: drop surplus bucket picks evenly
        extra = np.setdiff1d(out, candidates[must])
        surplus = out.size - max_points
        drop = extra[np.linspace(0, extra.size - 1, surplus).astype(np.int64)]
        out = np.setdiff1d(out, drop)
    return out


# ---------------------------------------------------------------- display arrays


def _floats(arr: np.ndarray) -> list:
    return [v if math.isfinite(v) else None for v in np.asarray(arr, dtype=np.float64).tolist()]


def _level(arr: np.ndarray):
    """A scalar when every displayed point shares the value, otherwise a list."""
    arr = np.asarray(arr, dtype=np.float64)
    if arr.size == 0:
        return None
    finite = arr[np.isfinite(arr)]
    if finite.size == 0:
        return None
    if np.all(finite == finite[0]) and finite.size == arr.size:
        return _num(finite[0])
    return _floats(arr)


def rules_legend(analysis: Analysis, codes) -> dict:
    """{code: {"label", "words"}} for the rule codes present, plus the dispersion chart's."""
    family = analysis.result.rules[0]
    out = {
        str(int(c)): {"label": rule_label(family, int(c)), "words": rule_words(family, int(c))}
        for c in sorted({int(c) for c in codes if c})
    }
    sec = analysis.result.secondary
    if sec is not None:
        out[sec.chart] = {
            "label": rule_label(family, 1, sec.chart),
            "words": rule_words(family, 1, sec.chart),
        }
    return out


def display_arrays(analysis: Analysis, idx: np.ndarray) -> dict:
    """The per-point arrays of the points `idx` (no database access)."""
    r = analysis.result
    idx = np.asarray(idx, dtype=np.int64)
    points = analysis.point_subgroups
    out = {
        "subgroup": points[idx].tolist(),
        "value": _floats(r.statistic[idx]),
        "center": _level(r.center_line[idx]),
        "lcl": _level(r.lcl_line[idx]),
        "ucl": _level(r.ucl_line[idx]),
        "zones": None,
        "code": r.codes[idx].astype(int).tolist(),
        "phase1": r.phase1[idx].astype(int).tolist(),
        "excluded": [int(i) for i in np.flatnonzero(r.excluded[idx]).tolist()],
        "lower": _floats(r.statistic_lower[idx]) if r.statistic_lower is not None else None,
    }
    if r.chart in ZONE_CHARTS:
        se, center = r.se[idx], r.center_line[idx]
        zones = {}
        for k in (1, 2):
            lo, hi = center - k * se, center + k * se
            if r.chart in ("p", "np", "c", "u"):
                lo = np.maximum(lo, 0.0)
            if r.chart == "p":
                hi = np.minimum(hi, 1.0)
            zones[f"lo{k}"], zones[f"hi{k}"] = _level(lo), _level(hi)
        out["zones"] = zones
    sec = r.secondary
    if sec is not None:
        out["secondary"] = {
            "chart": sec.chart,
            "value": _floats(sec.statistic[idx]),
            "center": _level(np.broadcast_to(sec.center, r.statistic.shape)[idx]),
            "lcl": _level(np.broadcast_to(sec.lcl, r.statistic.shape)[idx]),
            "ucl": _level(np.broadcast_to(sec.ucl, r.statistic.shape)[idx]),
            "code": sec.codes[idx].astype(int).tolist(),
        }
    else:
        out["secondary"] = None
    return out


def phase1_values(analysis: Analysis) -> np.ndarray:
    """The individual readings of the phase I points used for the limits."""
    r, series = analysis.result, analysis.series
    used = r.phase1 & ~r.excluded
    if used.all():
        return series.values
    return series.values[np.isin(series.subgroups, analysis.point_subgroups[used])]


def histogram(analysis: Analysis) -> dict | None:
    """Bins of the phase I individual readings with the specification (variables charts)."""
    parameter = analysis.parameter
    if parameter.is_attribute:
        return None
    data = phase1_values(analysis)
    data = data[np.isfinite(data)]
    if data.size < 2:
        return None
    lo, hi = float(data.min()), float(data.max())
    for v in (parameter.lsl, parameter.usl):
        if v is not None:
            lo, hi = min(lo, v), max(hi, v)
    if hi == lo:
        lo, hi = lo - 0.5, hi + 0.5
    bins = int(min(max(round(math.sqrt(data.size)), 5), 40))
    counts, edges = np.histogram(data, bins=bins, range=(lo, hi))
    cap = analysis.result.capability or {}
    return {
        "edges": _floats(edges),
        "counts": counts.astype(int).tolist(),
        "n": int(data.size),
        "mean": _num(data.mean()),
        "sigma_within": _num(cap.get("sigma_within", analysis.result.sigma)),
        "sigma_overall": _num(data.std(ddof=1)),
        "lsl": parameter.lsl,
        "usl": parameter.usl,
        "target": cap.get("target", parameter.target),
    }


def taken_at_map(parameter: Parameter, subgroups) -> dict[int, str]:
    """Local time of the first reading of each of `subgroups` (one query)."""
    subgroups = [int(s) for s in subgroups]
    if not subgroups:
        return {}
    rows = (
        Measurement.objects.filter(parameter_id=parameter.pk, subgroup__in=subgroups)
        .order_by()
        .values("subgroup")
        .annotate(at=Min("taken_at"))
        .values_list("subgroup", "at")
    )
    return {s: timezone.localtime(at).strftime("%Y-%m-%d %H:%M") for s, at in rows}


def _summary(analysis: Analysis, max_points: int) -> dict:
    """The engine's to_dict(), with long per-point lists left to the display arrays."""
    out = analysis.result.to_dict()
    for key in ("lcl", "ucl"):
        if isinstance(out.get(key), list):
            out[key] = None
            out[f"{key}_varies"] = True
    sec = out.get("secondary")
    if sec:
        for key in ("center", "lcl", "ucl"):
            if isinstance(sec.get(key), list):
                sec[key] = None
                sec[f"{key}_varies"] = True
        if len(sec["violations"]) > max_points:
            sec["violations"] = sec["violations"][-max_points:]
            sec["violations_truncated"] = True
    if len(out["violations"]) > max_points:
        out["violations"] = out["violations"][-max_points:]
        out["violations_truncated"] = True
    return out


def parameter_info(parameter: Parameter, analysis: Analysis | None = None) -> dict:
    limit_set = analysis.limit_set if analysis is not None else None
    return {
        "id": parameter.pk,
        "name": parameter.name,
        "unit": parameter.unit,
        "kind": parameter.kind,
        "chart_type": parameter.chart_type,
        "rules": parameter.rules,
        "lsl": parameter.lsl,
        "usl": parameter.usl,
        "target": parameter.target,
        "limit_set": (
            {
                "id": limit_set.pk,
                "version": limit_set.version,
                "first_subgroup": limit_set.first_subgroup,
                "last_subgroup": limit_set.last_subgroup,
                "frozen_at": limit_set.frozen_at.isoformat(),
                "frozen_by": limit_set.frozen_by_name,
            }
            if limit_set is not None
            else None
        ),
    }


def chart_payload(analysis: Analysis, *, max_points: int = MAX_POINTS, phase: str = "all") -> dict:
    """Everything the browser needs to draw the analysis (see the module docstring)."""
    if phase not in PHASES:
        raise ValueError(f"phase must be one of {', '.join(PHASES)}")
    r = analysis.result
    n = r.n_points
    if phase == "1":
        candidates = np.flatnonzero(r.phase1)
    elif phase == "2":
        candidates = np.flatnonzero(~r.phase1)
    else:
        candidates = np.arange(n)
    flagged = r.codes != 0
    if r.secondary is not None:
        flagged = flagged | (r.secondary.codes != 0)
    idx = downsample(r.statistic, candidates, flagged, max_points)
    points = display_arrays(analysis, idx)
    taken = taken_at_map(analysis.parameter, points["subgroup"])
    points["taken_at"] = [taken.get(s) for s in points["subgroup"]]
    p1 = np.flatnonzero(r.phase1)
    phase1_range = (
        [int(analysis.point_subgroups[p1[0]]), int(analysis.point_subgroups[p1[-1]])]
        if p1.size
        else None
    )
    return {
        "parameter": parameter_info(analysis.parameter, analysis),
        "summary": _summary(analysis, max_points),
        "n_points": n,
        "n_candidates": int(candidates.size),
        "n_shown": int(idx.size),
        "n_flagged": int(flagged.sum()),
        "n_flagged_shown": int(flagged[idx].sum()),
        "downsampled": bool(idx.size < candidates.size),
        "phase": phase,
        "phase1_range": phase1_range,
        "has_phase2": bool((~r.phase1).any()),
        "points": points,
        "rules": rules_legend(analysis, np.unique(r.codes[idx])),
        "histogram": histogram(analysis),
        "capability": _json_safe(r.capability) if r.capability is not None else None,
        "message": "",
    }


def empty_payload(parameter: Parameter, message: str) -> dict:
    """The payload of a parameter whose chart cannot be drawn yet (fewer than 2 points)."""
    return {
        "parameter": parameter_info(parameter),
        "summary": None,
        "n_points": 0,
        "n_candidates": 0,
        "n_shown": 0,
        "n_flagged": 0,
        "n_flagged_shown": 0,
        "downsampled": False,
        "phase": "all",
        "phase1_range": None,
        "has_phase2": False,
        "points": None,
        "rules": {},
        "histogram": None,
        "capability": None,
        "message": message,
    }


def snapshot(analysis: Analysis, last_index: int, size: int = SNAPSHOT_POINTS) -> dict:
    """The chart as it was at an alarm: the `size` points ending at `last_index` (no queries)."""
    start = max(0, last_index - size + 1)
    idx = np.arange(start, last_index + 1)
    r = analysis.result
    return {
        "parameter": parameter_info(analysis.parameter, analysis),
        "chart": r.chart,
        "center": _num(r.center),
        "sigma": _num(r.sigma),
        "points": display_arrays(analysis, idx),
        "rules": rules_legend(analysis, np.unique(r.codes[idx])),
        "taken": timezone.now().isoformat(),
    }


def parameter_chart_payload(
    parameter: Parameter, *, max_points: int = MAX_POINTS, phase: str = "all"
) -> dict:
    """chart_payload of the parameter's present analysis, or an empty payload saying why."""
    from django.utils.translation import gettext

    from qualift.process.series import NotEnoughData, analyze_parameter

    try:
        analysis = analyze_parameter(parameter)
    except NotEnoughData:
        return empty_payload(
            parameter, gettext("Not enough readings for a chart yet (at least 2 points).")
        )
    return chart_payload(analysis, max_points=max_points, phase=phase)


def parse_max_points(value, default: int = MAX_POINTS) -> int:
    """A `max_points` query value clamped to 10…MAX_POINTS (the browser never gets more)."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return default
    return min(max(number, 10), MAX_POINTS)
