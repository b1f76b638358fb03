"""Run rules in words, for alarms, tooltips, nonconformities and reports.

The sentences say what `qualift.process.spc.rules.RULE_TEXT` says (the engine keeps its English
text Django-free); these are the translatable versions the UI shows.
"""

from __future__ import annotations

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

RULE_WORDS = {
    "we": {
        1: _("1 point beyond the 3 sigma control limits"),
        2: _("2 of 3 points beyond 2 sigma on the same side"),
        3: _("4 of 5 points beyond 1 sigma on the same side"),
        4: _("8 points in a row on one side of the centre line"),
    },
    "nelson": {
        1: _("1 point beyond the 3 sigma control limits"),
        2: _("9 points in a row on one side of the centre line"),
        3: _("6 points in a row steadily increasing or decreasing"),
        4: _("14 points in a row alternating up and down"),
        5: _("2 of 3 points beyond 2 sigma on the same side"),
        6: _("4 of 5 points beyond 1 sigma on the same side"),
        7: _("15 points in a row within 1 sigma of the centre line"),
        8: _("8 points in a row beyond 1 sigma, on both sides of the centre line"),
    },
}

# How many consecutive points each rule's pattern spans (the window ending at a flagged point).
RULE_SPAN = {
    "we": {1: 1, 2: 3, 3: 5, 4: 8},
    "nelson": {1: 1, 2: 9, 3: 6, 4: 14, 5: 3, 6: 5, 7: 15, 8: 8},
}

# The R/S/MR chart names, as stored in Alarm.chart.
DISPERSION_CHARTS = ("R", "S", "MR")


def rule_words(family: str, rule: int, chart: str = "") -> str:
    """The rule as a sentence in the active language; `chart` names an R/S/MR chart (which is
    judged on its limits only)."""
    words = RULE_WORDS.get(family, RULE_WORDS["we"]).get(int(rule))
    if chart in DISPERSION_CHARTS:
        return gettext("%(chart)s chart: 1 point beyond its control limits") % {"chart": chart}
    if words is None:
        return gettext("Rule %(rule)s") % {"rule": rule}
    return str(words)


def rule_label(family: str, rule: int, chart: str = "") -> str:
    """A short name: "Western Electric 2", "Nelson 5", or "MR chart" for a dispersion chart."""
    if chart in DISPERSION_CHARTS:
        return gettext("%(chart)s chart") % {"chart": chart}
    if family == "nelson":
        return gettext("Nelson %(rule)s") % {"rule": rule}
    return gettext("Western Electric %(rule)s") % {"rule": rule}


def rule_span(family: str, rule: int) -> int:
    return RULE_SPAN.get(family, RULE_SPAN["we"]).get(int(rule), 1)
