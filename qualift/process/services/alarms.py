"""Alarms: run-rule violations in newly entered readings, and the nonconformities they raise.

One alarm per pattern: while the same rule (of the same family, on the same chart) keeps firing,
the alarm that is not yet closed grows (`last_subgroup`, `point_count`) instead of a new alarm
opening for every point. "Keeps firing" means the rule's window ending at the new flagged point
(8 points for WE4, 1 for rule 1, …) reaches back to the alarm's last flagged point.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Min
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from qualift.core.audit import audit_enterprise_record as _audit
from qualift.core.audit import audit_record
from qualift.improvement.choices import NcSource
from qualift.improvement.models import Nonconformity
from qualift.improvement.services.nonconformities import nc_create
from qualift.process.charting import snapshot
from qualift.process.choices import AlarmMode, AlarmStatus
from qualift.process.health import refresh_health
from qualift.process.models import Alarm, Measurement, Parameter
from qualift.process.rule_text import rule_label, rule_span, rule_words
from qualift.process.series import NotEnoughData, analyze_parameter
from qualift.tenancy.permissions import can, require

# A historical import can hold thousands of separate violations; the newest runs become alarms
# (the chart still shows every flagged point), so the alarm list stays something people read.
MAX_NEW_ALARMS = 200


@dataclass
class _Run:
    """One pattern found in the new points, before it is stored."""

    family: str
    rule: int
    chart: str
    first_index: int
    last_index: int
    count: int = 1
    alarm: Alarm | None = None  # the existing alarm this run extends
    indices: list[int] = field(default_factory=list)


def _events(analysis, first_subgroup: int) -> list[tuple[int, int, str]]:
    """(point index, rule, chart) of every flagged point from `first_subgroup` on, in order."""
    r = analysis.result
    new = analysis.point_subgroups >= first_subgroup
    events = [(int(i), int(r.codes[i]), "") for i in np.flatnonzero(new & (r.codes != 0))]
    if r.secondary is not None:
        sec = np.flatnonzero(new & (r.secondary.codes != 0))
        events += [(int(i), 1, r.secondary.chart) for i in sec]
    events.sort()
    return events


def _find_runs(analysis, first_subgroup: int, open_alarms: list[Alarm]) -> list[_Run]:
    family = analysis.result.rules[0]
    points = analysis.point_subgroups
    current: dict[tuple[str, int, str], _Run] = {}
    runs: list[_Run] = []
    listed: set[int] = set()  # id() of the runs already in `runs` (a scan per point is O(n²))
    for alarm in sorted(open_alarms, key=lambda a: a.last_subgroup):
        key = (alarm.rule_family, alarm.rule, alarm.chart)
        last = int(np.searchsorted(points, alarm.last_subgroup))
        first = int(np.searchsorted(points, alarm.first_subgroup))
        current[key] = _Run(*key, first_index=first, last_index=last, count=0, alarm=alarm)
    for i, rule, chart in _events(analysis, first_subgroup):
        key = (family, rule, chart)
        run = current.get(key)
        span = 1 if chart else rule_span(family, rule)
        if run is not None and run.first_index <= i <= run.last_index:
            continue  # already part of this alarm (the same readings checked again)
        if run is not None and i - run.last_index <= span:
            run.last_index = i
            run.count += 1
            run.indices.append(i)
            if id(run) not in listed:
                listed.add(id(run))
                runs.append(run)
            continue
        run = _Run(family, rule, chart, first_index=i, last_index=i, indices=[i])
        current[key] = run
        listed.add(id(run))
        runs.append(run)
    return runs


def _first_taken(parameter: Parameter, subgroups: list[int]) -> dict[int, object]:
    rows = (
        Measurement.objects.filter(parameter_id=parameter.pk, subgroup__in=subgroups)
        .order_by()
        .values("subgroup")
        .annotate(at=Min("taken_at"))
        .values_list("subgroup", "at")
    )
    return dict(rows)


@transaction.atomic
def check_new_readings(*, actor, parameter: Parameter, first_subgroup: int) -> list[Alarm]:
    """Judge the readings from `first_subgroup` on (just recorded) and open or extend alarms;
    raise the nonconformity at once when the parameter's alarm mode is automatic. Refreshes the
    parameter's dashboard status. Returns the alarms opened or extended.

    Called by the reading services after every saved batch, inside their transaction."""
    try:
        analysis = analyze_parameter(parameter)
    except NotEnoughData:
        refresh_health(parameter, None)
        return []
    open_alarms = list(
        Alarm.objects.filter(
            parameter=parameter, status__in=[AlarmStatus.OPEN, AlarmStatus.NC_RAISED]
        ).select_related("enterprise__organization")
    )
    runs = _find_runs(analysis, first_subgroup, open_alarms)
    extended = [run for run in runs if run.alarm is not None]
    fresh = [run for run in runs if run.alarm is None][-MAX_NEW_ALARMS:]
    points = analysis.point_subgroups
    statistic = analysis.result.statistic
    touched: list[Alarm] = []
    for run in extended:
        alarm = run.alarm
        alarm.last_subgroup = int(points[run.last_index])
        alarm.point_count += run.count
        alarm.snapshot = snapshot(analysis, run.last_index)
        alarm.save(update_fields=["last_subgroup", "point_count", "snapshot", "updated_at"])
        touched.append(alarm)
    taken = _first_taken(parameter, [int(points[run.first_index]) for run in fresh])
    enterprise = parameter.enterprise
    for run in fresh:
        first = int(points[run.first_index])
        stat = statistic[run.first_index] if not run.chart else None
        if run.chart and analysis.result.secondary is not None:
            stat = analysis.result.secondary.statistic[run.first_index]
        alarm = Alarm(
            enterprise=enterprise,
            parameter=parameter,
            limit_set=analysis.limit_set,
            rule_family=run.family,
            rule=run.rule,
            chart=run.chart,
            first_subgroup=first,
            last_subgroup=int(points[run.last_index]),
            point_count=run.count,
            taken_at=taken.get(first) or timezone.now(),
            value=float(stat) if stat is not None and np.isfinite(stat) else None,
            snapshot=snapshot(analysis, run.last_index),
        )
        alarm.full_clean(exclude=["nonconformity", "limit_set"])
        alarm.save()
        _audit(
            actor,
            "alarm.open",
            alarm,
            after={
                "parameter": parameter.pk,
                "rule": rule_label(run.family, run.rule, run.chart),
                "first_subgroup": alarm.first_subgroup,
                "last_subgroup": alarm.last_subgroup,
                "value": alarm.value,
            },
        )
        touched.append(alarm)
    if parameter.alarm_mode == AlarmMode.AUTOMATIC and (
        actor is None or can(actor, "nc.create", [enterprise.organization_id])
    ):
        for alarm in touched:
            if alarm.nonconformity_id is None and alarm.status == AlarmStatus.OPEN:
                _raise_nc(actor, alarm)
    refresh_health(parameter, analysis)
    return touched


# ---------------------------------------------------------------- nonconformity and closing


def alarm_title(alarm: Alarm) -> str:
    return f"{alarm.parameter.name}: {rule_words(alarm.rule_family, alarm.rule, alarm.chart)}"


def _nc_description(alarm: Alarm) -> str:
    parameter = alarm.parameter
    lines = [
        _("Process alarm on %(parameter)s (%(point)s, %(process)s).")
        % {
            "parameter": parameter,
            "point": parameter.control_point.name,
            "process": parameter.control_point.process.name,
        },
        _("Rule: %(label)s – %(words)s.")
        % {
            "label": rule_label(alarm.rule_family, alarm.rule, alarm.chart),
            "words": rule_words(alarm.rule_family, alarm.rule, alarm.chart),
        },
        _("Subgroups %(first)s to %(last)s (%(n)s point(s)); first reading taken %(at)s.")
        % {
            "first": alarm.first_subgroup,
            "last": alarm.last_subgroup,
            "n": alarm.point_count,
            "at": timezone.localtime(alarm.taken_at).strftime("%Y-%m-%d %H:%M"),
        },
    ]
    if alarm.value is not None:
        value = f"{alarm.value:.6g} {parameter.unit}".strip()
        lines.append(_("Plotted value: %(value)s") % {"value": value})
    snap = (alarm.snapshot or {}).get("points") or {}
    for key, name in (("lcl", _("LCL")), ("center", _("Centre")), ("ucl", _("UCL"))):
        level = snap.get(key)
        if isinstance(level, int | float):
            lines.append(f"{name}: {level:.6g}")
    if parameter.lsl is not None or parameter.usl is not None:
        lines.append(
            _("Specification: %(lsl)s to %(usl)s")
            % {
                "lsl": "–" if parameter.lsl is None else f"{parameter.lsl:g}",
                "usl": "–" if parameter.usl is None else f"{parameter.usl:g}",
            }
        )
    if parameter.reaction_plan:
        lines.append(_("Reaction plan: %(plan)s") % {"plan": parameter.reaction_plan})
    lines.append(
        _("Alarm and chart snapshot: %(path)s")
        % {"path": reverse("process:alarm-detail", kwargs={"pk": alarm.pk})}
    )
    return "\n".join(lines)


def _raise_nc(actor, alarm: Alarm) -> Nonconformity:
    """Create the nonconformity for a locked, open alarm and link it (nc.create is checked by
    nc_create)."""
    parameter = alarm.parameter
    title_limit = Nonconformity._meta.get_field("title").max_length
    process_limit = Nonconformity._meta.get_field("process_name").max_length
    location_limit = Nonconformity._meta.get_field("location").max_length
    nc = nc_create(
        actor=actor,
        enterprise=alarm.enterprise,
        source=NcSource.INSPECTION,
        data={
            "title": alarm_title(alarm)[:title_limit],
            "description": _nc_description(alarm),
            "process_name": parameter.control_point.process.name[:process_limit],
            "detected_on": timezone.localtime(alarm.taken_at).date(),
            "detected_by": _("SPC alarm")[:100],
            "location": parameter.control_point.location[:location_limit],
        },
    )
    alarm.nonconformity = nc
    alarm.status = AlarmStatus.NC_RAISED
    alarm.save(update_fields=["nonconformity", "status", "updated_at"])
    _audit(actor, "alarm.raise_nc", alarm, after={"nonconformity": nc.number})
    return nc


def _locked(alarm: Alarm) -> Alarm:
    return (
        Alarm.objects.select_for_update(of=("self",))
        .select_related(
            "enterprise__organization", "parameter__control_point__process", "nonconformity"
        )
        .get(pk=alarm.pk)
    )


@transaction.atomic
def alarm_raise_nc(*, actor, alarm: Alarm) -> Nonconformity:
    """Raise the nonconformity for this alarm (source: inspection / process alarm), or return
    the one it already raised. Needs alarm.change and nc.create."""
    require(actor, "alarm.change", [alarm.enterprise.organization_id])
    require(actor, "nc.create", [alarm.enterprise.organization_id])
    alarm = _locked(alarm)
    if alarm.nonconformity_id:
        return alarm.nonconformity
    if alarm.status == AlarmStatus.CLOSED:
        raise ValidationError(_("This alarm is closed; reopen the question with a new reading."))
    return _raise_nc(actor, alarm)


@transaction.atomic
def alarm_close(*, actor, alarm: Alarm, reason: str) -> Alarm:
    """Close the alarm, saying why (e.g. a measurement error, or the cause is removed)."""
    require(actor, "alarm.change", [alarm.enterprise.organization_id])
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the alarm is closed.")})
    alarm = _locked(alarm)
    if alarm.status == AlarmStatus.CLOSED:
        raise ValidationError(_("This alarm is already closed."))
    before = {"status": alarm.status}
    alarm.status = AlarmStatus.CLOSED
    alarm.closed_by = actor if getattr(actor, "pk", None) else None
    alarm.closed_at = timezone.now()
    alarm.close_reason = reason
    alarm.save(update_fields=["status", "closed_by", "closed_at", "close_reason", "updated_at"])
    audit_record(
        actor=actor,
        verb="alarm.close",
        target=alarm,
        organization=alarm.enterprise.organization,
        enterprise_id=alarm.enterprise_id,
        before=before,
        after={"status": alarm.status},
        reason=reason,
    )
    refresh_health(alarm.parameter)
    return alarm
