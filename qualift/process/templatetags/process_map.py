"""Template filters of the process map pages: short chart names and compact numbers."""

from __future__ import annotations

from django import template

register = template.Library()

CHART_SHORT = {
    "xbar-r": "X̄-R",
    "xbar-s": "X̄-S",
    "imr": "I-MR",
    "p": "p",
    "np": "np",
    "c": "c",
    "u": "u",
    "ewma": "EWMA",
    "cusum": "CUSUM",
}


@register.filter
def chart_short(value: str) -> str:
    """The chart's short name as printed on the chart (X̄-R, I-MR, p, …)."""
    return CHART_SHORT.get(value, value)


@register.filter
def num(value) -> str:
    """A typed number as entered: 19.95 (not 19.9500), 20 (not 20.0); empty for None."""
    if value is None or value == "":
        return ""
    try:
        return f"{float(value):.10g}"
    except (TypeError, ValueError):
        return str(value)
