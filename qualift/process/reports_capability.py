"""The capability report of one parameter as a PDF: the parameter and its specification, the
frozen limit set, the control chart and the histogram (SVG), the capability indices with their
95% intervals and the normality check; in the reader's language."""

from __future__ import annotations

import dataclasses
from html import escape

import numpy as np
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from qualift.process.charting import downsample, histogram
from qualift.process.models import Parameter
from qualift.process.series import Analysis, NotEnoughData, analyze_parameter
from qualift.process.spc.plot import to_svg
from qualift.process.spc.result import SecondaryChart, SPCResult
from qualift.reports.pdf import render_pdf

PDF_POINTS = 400  # points drawn in the printed chart (flagged points always among them)

INDICES = (
    ("cp", "Cp"),
    ("cp_l", "Cpl"),
    ("cp_u", "Cpu"),
    ("cpk", "Cpk"),
    ("pp", "Pp"),
    ("ppk", "Ppk"),
    ("cpm", "Cpm"),
)


def capability_rows(cap: dict | None) -> list[dict]:
    """Index name, value and 95% interval, for the page and the PDF."""
    if not cap:
        return []
    rows = []
    for key, name in INDICES:
        value = cap.get(key)
        if value is None:
            continue
        ci = cap.get(f"{key}_ci")
        rows.append({"key": key, "name": name, "value": value, "ci": ci})
    return rows


def spec_rows(cap: dict | None) -> list[dict]:
    """Expected (from the normal model) and observed % outside each specification limit."""
    if not cap:
        return []
    rows = []
    if cap.get("lsl") is not None:
        rows.append(
            {
                "name": _("Below LSL"),
                "expected": cap.get("expected_pct_below"),
                "observed": cap.get("observed_pct_below"),
            }
        )
    if cap.get("usl") is not None:
        rows.append(
            {
                "name": _("Above USL"),
                "expected": cap.get("expected_pct_above"),
                "observed": cap.get("observed_pct_above"),
            }
        )
    return rows


def normality_text(cap: dict | None) -> str:
    """The Anderson–Darling check in one sentence."""
    normality = (cap or {}).get("normality") or {}
    p = normality.get("p_value")
    if p is None:
        return _("Too few readings (or no variation) for a normality check.")
    a2 = normality.get("statistic")
    if p < 0.05:
        return _(
            "Anderson–Darling A² = %(a2).3f, p = %(p).3f: the readings do not look normal; "
            "read the indices with care."
        ) % {"a2": a2, "p": p}
    return _(
        "Anderson–Darling A² = %(a2).3f, p = %(p).3f: no evidence against a normal distribution."
    ) % {"a2": a2, "p": p}


def _sliced(result: SPCResult, idx: np.ndarray) -> SPCResult:
    """The result restricted to the points `idx` (for drawing)."""

    def cut(arr):
        return None if arr is None else np.asarray(arr)[idx]

    sec = result.secondary
    if sec is not None:
        n = result.statistic.shape[0]
        sec = SecondaryChart(
            sec.chart,
            sec.statistic[idx],
            np.broadcast_to(sec.center, (n,))[idx],
            np.broadcast_to(sec.lcl, (n,))[idx],
            np.broadcast_to(sec.ucl, (n,))[idx],
            sec.codes[idx],
        )
    return dataclasses.replace(
        result,
        statistic=result.statistic[idx],
        center_line=result.center_line[idx],
        lcl_line=result.lcl_line[idx],
        ucl_line=result.ucl_line[idx],
        se=result.se[idx],
        codes=result.codes[idx],
        sizes=result.sizes[idx],
        phase1=result.phase1[idx],
        excluded=result.excluded[idx],
        statistic_lower=cut(result.statistic_lower),
        secondary=sec,
    )


def chart_svg(analysis: Analysis, max_points: int = PDF_POINTS) -> str:
    r = analysis.result
    flagged = r.codes != 0
    if r.secondary is not None:
        flagged = flagged | (r.secondary.codes != 0)
    idx = downsample(r.statistic, np.arange(r.n_points), flagged, max_points)
    return to_svg(_sliced(r, idx))


def histogram_svg(hist: dict | None, width: int = 640, height: int = 260) -> str:
    """Bars of the phase I readings with LSL / USL (red) and target (green) lines."""
    if not hist:
        return ""
    edges, counts = hist["edges"], hist["counts"]
    lo, hi = edges[0], edges[-1]
    pad = 36
    top = max(counts) or 1

    def x_of(v):
        return pad + (width - 2 * pad) * (v - lo) / (hi - lo)

    def y_of(c):
        return height - pad - (height - 2 * pad) * c / top

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}"><rect width="100%" height="100%" fill="white"/>',
        f'<line x1="{pad}" x2="{width - pad}" y1="{height - pad}" y2="{height - pad}" '
        'stroke="#667"/>',
    ]
    for i, c in enumerate(counts):
        x0, x1 = x_of(edges[i]), x_of(edges[i + 1])
        parts.append(
            f'<rect x="{x0:.1f}" y="{y_of(c):.1f}" width="{max(x1 - x0 - 1, 0.5):.1f}" '
            f'height="{height - pad - y_of(c):.1f}" fill="#206bc4" fill-opacity="0.7"/>'
        )
    for value, colour, label in (
        (hist.get("lsl"), "#d63939", "LSL"),
        (hist.get("usl"), "#d63939", "USL"),
        (hist.get("target"), "#2fb344", "T"),
    ):
        if value is None:
            continue
        x = x_of(value)
        # Labels right of the middle are written leftwards so they stay inside the picture.
        anchor, tx = ("end", x - 3) if x > width / 2 else ("start", x + 3)
        parts.append(
            f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{pad / 2}" y2="{height - pad}" '
            f'stroke="{colour}" stroke-width="1.5" stroke-dasharray="5 3"/>'
            f'<text x="{tx:.1f}" y="{pad / 2 + 10}" font-size="11" fill="{colour}" '
            f'text-anchor="{anchor}" font-family="sans-serif">{escape(label)} {value:g}</text>'
        )
    for v in (lo, hi):
        parts.append(
            f'<text x="{x_of(v):.1f}" y="{height - pad + 14}" font-size="10" fill="#667" '
            f'text-anchor="middle" font-family="sans-serif">{v:.5g}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def inline_svg(svg: str) -> str:
    """An SVG drawn by this module, safe to place inline in the report's HTML (inline SVG needs
    no URL fetching, which the report renderer restricts)."""
    return mark_safe(svg.replace('<?xml version="1.0"?>', ""))  # noqa: S308 - built here


def capability_context(parameter: Parameter) -> dict:
    try:
        analysis = analyze_parameter(parameter)
    except NotEnoughData:
        analysis = None
    cap = analysis.result.capability if analysis is not None else None
    return {
        "parameter": parameter,
        "process": parameter.control_point.process,
        "analysis": analysis,
        "result": analysis.result.to_dict() if analysis is not None else None,
        "limit_set": analysis.limit_set if analysis is not None else None,
        "chart_svg": inline_svg(chart_svg(analysis)) if analysis is not None else "",
        "histogram_svg": (
            inline_svg(histogram_svg(histogram(analysis))) if analysis is not None else ""
        ),
        "capability": cap,
        "capability_rows": capability_rows(cap),
        "spec_rows": spec_rows(cap),
        "normality": normality_text(cap) if cap else "",
    }


def capability_pdf(parameter: Parameter, language: str | None = None) -> bytes:
    """The report as PDF bytes in `language` (default: the active one)."""
    with translation.override(language or translation.get_language()):
        context = capability_context(parameter)
        context["table"] = {
            "title": _("Process capability report"),
            "enterprise": parameter.enterprise.name,
            "generated": timezone.localtime().strftime("%Y-%m-%d %H:%M"),
        }
        return render_pdf("process/reports/capability.html", context)
