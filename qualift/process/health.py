"""The process dashboard's traffic light for one parameter.

red     a reading among the last 50 plotted points lies outside the specification (variables);
amber   an open alarm, a run-rule violation among the last 25 points, or Cpk below 1.33 (when a
        specification exists);
green   stable and capable;
unknown fewer than 2 points (no chart yet).
"""

from __future__ import annotations

import numpy as np
from django.utils import timezone
from django.utils.translation import gettext

from qualift.process.choices import AlarmStatus, Health
from qualift.process.models import Alarm, Parameter
from qualift.process.series import Analysis, NotEnoughData, analyze_parameter

RED_WINDOW = 50
AMBER_WINDOW = 25
CPK_MIN = 1.33


def _out_of_spec(parameter: Parameter, analysis: Analysis) -> int:
    """How many readings of the last RED_WINDOW plotted points lie outside the specification."""
    if parameter.is_attribute or (parameter.lsl is None and parameter.usl is None):
        return 0
    series = analysis.series
    points = series.point_subgroups
    if not points.size:
        return 0
    first = points[-RED_WINDOW:][0]
    values = series.values[series.subgroups >= first]
    outside = np.zeros(values.shape, dtype=bool)
    if parameter.lsl is not None:
        outside |= values < parameter.lsl
    if parameter.usl is not None:
        outside |= values > parameter.usl
    return int(outside.sum())


def assess(parameter: Parameter, analysis: Analysis | None) -> tuple[str, str, float | None]:
    """(health, note, Cpk) for the parameter; `analysis` None means fewer than 2 points."""
    if analysis is None:
        return Health.UNKNOWN, gettext("Not enough readings for a chart yet."), None
    result = analysis.result
    cap = result.capability or {}
    cpk = cap.get("cpk")
    cpk = float(cpk) if cpk is not None and np.isfinite(cpk) else None
    outside = _out_of_spec(parameter, analysis)
    if outside:
        note = gettext("%(n)s reading(s) outside the specification in the last %(w)s points.") % {
            "n": outside,
            "w": RED_WINDOW,
        }
        return Health.RED, note, cpk
    open_alarms = Alarm.objects.filter(parameter=parameter, status=AlarmStatus.OPEN).count()
    if open_alarms:
        note = gettext("%(n)s open alarm(s).") % {"n": open_alarms}
        return Health.AMBER, note, cpk
    recent = bool(result.codes[-AMBER_WINDOW:].any())
    if result.secondary is not None:
        recent = recent or bool(result.secondary.codes[-AMBER_WINDOW:].any())
    if recent:
        note = gettext("A run rule fired in the last %(w)s points.") % {"w": AMBER_WINDOW}
        return Health.AMBER, note, cpk
    if cpk is not None and cpk < CPK_MIN:
        note = gettext("Cpk %(cpk).2f is below %(min)s.") % {"cpk": cpk, "min": CPK_MIN}
        return Health.AMBER, note, cpk
    if cpk is not None:
        note = gettext("Stable and capable (Cpk %(cpk).2f).") % {"cpk": cpk}
    else:
        note = gettext("Stable: no rule fired in the last %(w)s points.") % {"w": AMBER_WINDOW}
    return Health.GREEN, note, cpk


def refresh_health(parameter: Parameter, analysis: Analysis | None = None) -> str:
    """Recompute and store the parameter's traffic light; returns the health value."""
    if analysis is None:
        try:
            analysis = analyze_parameter(parameter)
        except NotEnoughData:
            analysis = None
    health, note, cpk = assess(parameter, analysis)
    limit = Parameter._meta.get_field("health_note").max_length
    now = timezone.now()
    # A derived cache of the readings, recomputed after every batch and freeze, not a user's
    # change: a queryset update without an audit event (the batch or freeze has its own).
    Parameter.objects.filter(pk=parameter.pk).update(
        health=health, health_note=note[:limit], health_cpk=cpk, health_at=now
    )
    parameter.health, parameter.health_note = health, note[:limit]
    parameter.health_cpk, parameter.health_at = cpk, now
    return health
