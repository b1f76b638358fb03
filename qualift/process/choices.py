"""Choices for key process control: parameter kinds, chart types, alarms, measurement sources."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ParameterKind(models.TextChoices):
    VARIABLE = "variable", _("Variable (measured value)")
    ATTRIBUTE = "attribute", _("Attribute (count of defects or defectives)")


class ChartType(models.TextChoices):
    XBAR_R = "xbar-r", _("X̄-R (subgroup means and ranges)")
    XBAR_S = "xbar-s", _("X̄-S (subgroup means and standard deviations)")
    IMR = "imr", _("I-MR (individuals and moving ranges)")
    P = "p", _("p (fraction defective)")
    NP = "np", _("np (number defective)")
    C = "c", _("c (defects per sample)")
    U = "u", _("u (defects per unit)")
    EWMA = "ewma", _("EWMA")
    CUSUM = "cusum", _("CUSUM")


VARIABLE_CHARTS = (
    ChartType.XBAR_R,
    ChartType.XBAR_S,
    ChartType.IMR,
    ChartType.EWMA,
    ChartType.CUSUM,
)
ATTRIBUTE_CHARTS = (ChartType.P, ChartType.NP, ChartType.C, ChartType.U)
SUBGROUP_CHARTS = (ChartType.XBAR_R, ChartType.XBAR_S)


class RuleSet(models.TextChoices):
    """Common rule sets; a parameter may also store a subset such as "we:1,4" or "nelson:1,2,5"."""

    WE = "we", _("Western Electric rules 1–4")
    NELSON = "nelson", _("Nelson rules 1–8")
    BEYOND = "we:1", _("Only points beyond the control limits")


class AlarmMode(models.TextChoices):
    AUTOMATIC = "automatic", _("Raise a nonconformity automatically")
    ONE_CLICK = "one_click", _("Raise a nonconformity on one click")


class AlarmStatus(models.TextChoices):
    OPEN = "open", _("Open")
    NC_RAISED = "nc_raised", _("Nonconformity raised")
    CLOSED = "closed", _("Closed")


class Health(models.TextChoices):
    """The process dashboard's traffic light for one parameter."""

    GREEN = "green", _("Stable and capable")
    AMBER = "amber", _("Unstable, or Cpk below 1.33")
    RED = "red", _("Out of specification")
    UNKNOWN = "unknown", _("Not enough readings yet")


class MeasurementSource(models.TextChoices):
    FORM = "form", _("Entry form")
    IMPORT = "import", _("File import")
    API = "api", _("API")
    DEMO = "demo", _("Demo data")
