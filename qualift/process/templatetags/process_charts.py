"""`{% control_chart_text %}`: the control chart's words in the active language, as a JSON
script element that static/process/control-chart.js reads (the script itself has no text)."""

from __future__ import annotations

from django import template
from django.utils.html import json_script
from django.utils.translation import gettext as _

register = template.Library()


def chart_text() -> dict[str, str]:
    return {
        "value": _("Value"),
        "centre": _("Centre"),
        "lcl": _("LCL"),
        "ucl": _("UCL"),
        "zone1": _("±1σ"),
        "zone2": _("±2σ"),
        "subgroup": _("Subgroup"),
        "taken": _("Taken"),
        "phase1": _("Phase I"),
        "phase2": _("Phase II"),
        "phaseStart": _("Phase I starts"),
        "phaseEnd": _("Phase II starts"),
        "flagged": _("Flagged"),
        "lower": _("Lower CUSUM"),
        "count": _("Readings"),
        "normal": _("Normal curve (within σ)"),
        "lsl": _("LSL"),
        "usl": _("USL"),
        "target": _("Target"),
        "index": _("Index"),
        "estimate": _("Estimate"),
        "interval": _("95% CI"),
        "downsampled": _(
            "Showing %(shown)s of %(total)s points (every flagged point kept); zoom in for detail."
        ),
        "flagsHidden": _("%(hidden)s older flagged points are not drawn; the alarm list has them."),
        "empty": _("No points to show."),
        "loading": _("Loading the chart…"),
        "failed": _("The chart could not be loaded."),
        "alarm": _("Alarm"),
        "excluded": _("Left out of the limits"),
    }


@register.simple_tag
def control_chart_text():
    return json_script(chart_text(), "control-chart-text")
