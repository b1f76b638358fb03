"""The result of :func:`qualift.process.spc.analyze`: arrays for the UI, ``to_dict()`` for JSON."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np


def _num(value) -> float | None:
    """A JSON-safe float (None for NaN/inf/None)."""
    if value is None:
        return None
    value = float(value)
    return value if math.isfinite(value) else None


def _level(arr: np.ndarray, force_list: bool = False):
    """A scalar when every point shares the level, otherwise a per-point list (NaN → null)."""
    arr = np.asarray(arr, dtype=np.float64)
    if arr.size == 0:
        return None
    finite = arr[np.isfinite(arr)]
    if not force_list and (finite.size == 0 or np.all(finite == finite[0])):
        return _num(finite[0]) if finite.size else None
    return [_num(v) for v in arr.tolist()]


def _violations(codes: np.ndarray) -> list[dict]:
    idx = np.flatnonzero(codes)
    rules = codes[idx].tolist()
    return [{"index": i + 1, "rule": int(r)} for i, r in zip(idx.tolist(), rules, strict=True)]


@dataclass
class SecondaryChart:
    """The dispersion chart beneath X̄ or I: R, S or MR (rule 1 only: points beyond its limits)."""

    chart: str  # "R" | "S" | "MR"
    statistic: np.ndarray
    center: np.ndarray
    lcl: np.ndarray
    ucl: np.ndarray
    codes: np.ndarray

    def to_dict(self) -> dict:
        return {
            "chart": self.chart,
            "center": _level(self.center),
            "lcl": _level(self.lcl),
            "ucl": _level(self.ucl),
            "violations": _violations(self.codes),
        }


@dataclass
class SPCResult:
    """Everything one analysis produced.

    Arrays (one entry per plotted point, phase I and phase II in plotted order): ``statistic``
    (the plotted values: subgroup means, individuals, proportions, counts, EWMA, or CUSUM C+),
    ``statistic_lower`` (CUSUM only: -C-), ``center_line``, ``lcl_line``, ``ucl_line``, ``se``
    (standard error of each point: the rule zones are center ± k·se), ``codes`` (0 or the lowest
    rule number firing), ``sizes``, ``phase1`` and ``excluded`` (phase I points left out of the
    estimate by ``exclude_flagged``). ``center`` and ``sigma`` are the estimated (or given)
    process parameters; ``constants`` is "exact" or "table"; ``rules`` the parsed rule family.
    """

    chart: str
    statistic: np.ndarray
    center: float
    sigma: float
    center_line: np.ndarray
    lcl_line: np.ndarray
    ucl_line: np.ndarray
    se: np.ndarray
    codes: np.ndarray
    sizes: np.ndarray
    phase1: np.ndarray
    excluded: np.ndarray
    rules: tuple[str, tuple[int, ...]]
    constants: str = "exact"
    secondary: SecondaryChart | None = None
    capability: dict | None = None
    statistic_lower: np.ndarray | None = None
    options: dict = field(default_factory=dict)

    @property
    def n_points(self) -> int:
        return int(self.statistic.shape[0])

    @property
    def lcl(self):
        return _level(self.lcl_line, force_list=self.chart == "ewma")

    @property
    def ucl(self):
        return _level(self.ucl_line, force_list=self.chart == "ewma")

    def violations(self) -> list[dict]:
        return _violations(self.codes)

    def to_dict(self) -> dict:
        """Exactly the JSON of ``qualift spc --json``."""
        out = {
            "chart": self.chart,
            "n_points": self.n_points,
            "center": _num(self.center),
            "sigma": _num(self.sigma),
            "lcl": self.lcl,
            "ucl": self.ucl,
            "violations": self.violations(),
        }
        if self.capability is not None:
            out["capability"] = _json_safe(self.capability)
        if self.secondary is not None:
            out["secondary"] = self.secondary.to_dict()
        return out


def _json_safe(value):
    if isinstance(value, dict):
        return {k: _json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_json_safe(v) for v in value]
    if isinstance(value, float | np.floating):
        return _num(value)
    if isinstance(value, np.integer):
        return int(value)
    return value
