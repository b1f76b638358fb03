"""Objective values computed from Qualift's own records, one period at a time.

Every computed source is enterprise-wide: a department's "nonconformities detected" objective
counts all of the enterprise's nonconformities, because nonconformities, complaints and actions
are not recorded against departments. `compute_value` returns None when the period has nothing
to judge (no action completed, no policy in force, too few readings for a chart).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import numpy as np
from django.utils import timezone

from qualift.objectives.choices import CommunicationMethod, DataSource, PolicyStatus

HUNDRED = Decimal(100)


def _end_of_day(day: dt.date) -> dt.datetime:
    """The last instant of `day` in the site's time zone (readings and approvals are aware)."""
    start = dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min)
    return timezone.make_aware(start) - dt.timedelta(microseconds=1)


def _percent(part: int, whole: int) -> Decimal | None:
    return None if whole == 0 else Decimal(part) * HUNDRED / Decimal(whole)


def nc_count(enterprise_id: int, start: dt.date, end: dt.date) -> Decimal:
    """Nonconformities detected in the period, cancelled ones (raised in error) left out."""
    from qualift.improvement.choices import NcStatus
    from qualift.improvement.models import Nonconformity

    qs = Nonconformity.objects.filter(
        enterprise_id=enterprise_id, detected_on__range=(start, end)
    ).exclude(status=NcStatus.CANCELLED)
    return Decimal(qs.count())


def complaint_count(enterprise_id: int, start: dt.date, end: dt.date) -> Decimal:
    """Customer complaints received in the period."""
    from qualift.improvement.models import Complaint

    qs = Complaint.objects.filter(enterprise_id=enterprise_id, received_on__range=(start, end))
    return Decimal(qs.count())


def action_timeliness(enterprise_id: int, start: dt.date, end: dt.date) -> Decimal | None:
    """Of the actions completed in the period, the percentage completed on or before their due
    date (None when none was completed)."""
    from django.db.models import Count, F, Q

    from qualift.improvement.choices import ActionStatus
    from qualift.improvement.models import CorrectiveAction

    counts = (
        CorrectiveAction.objects.filter(
            enterprise_id=enterprise_id, completed_on__range=(start, end)
        )
        .exclude(status=ActionStatus.CANCELLED)
        .aggregate(done=Count("id"), on_time=Count("id", filter=Q(completed_on__lte=F("due_on"))))
    )
    return _percent(counts["on_time"], counts["done"])


def training_completion(enterprise_id: int, start: dt.date, end: dt.date) -> Decimal | None:
    """Of the employees employed at the period's end (active, started by then), the percentage
    named in a training on the policy version in force at the period's end, held by then.
    None when no version was in force (or nobody was employed)."""
    from qualift.objectives.models import Employee, PolicyCommunication, QualityPolicy

    policy = (
        QualityPolicy.objects.filter(
            enterprise_id=enterprise_id,
            status__in=(PolicyStatus.APPROVED, PolicyStatus.SUPERSEDED),
            approved_at__lte=_end_of_day(end),
        )
        .order_by("-approved_at", "-version")
        .first()
    )
    if policy is None:
        return None
    employed = Employee.objects.filter(enterprise_id=enterprise_id, is_active=True).exclude(
        start_date__gt=end
    )
    trained = employed.filter(
        pk__in=PolicyCommunication.employees.through.objects.filter(
            policycommunication__policy=policy,
            policycommunication__method=CommunicationMethod.TRAINING,
            policycommunication__communicated_on__lte=end,
        ).values("employee_id")
    )
    return _percent(trained.count(), employed.count())


def spc_cpk(parameter, end: dt.date) -> Decimal | None:
    """Cpk of the parameter from its readings taken up to the period's end, as the process app
    computes it (same chart, rules, limits and specification). None without a specification or
    with too few readings."""
    from qualift.process.models import Measurement
    from qualift.process.series import NotEnoughData, Series, analyze_parameter, load_series

    if parameter is None:
        return None
    last = (
        Measurement.objects.filter(parameter=parameter, taken_at__lte=_end_of_day(end))
        .order_by("-subgroup")
        .values_list("subgroup", flat=True)
        .first()
    )
    if last is None:
        return None
    full = load_series(parameter)
    keep = full.subgroups <= last
    series = Series(
        full.subgroups[keep],
        full.values[keep],
        full.sizes[keep] if full.sizes is not None else None,
        full.point_subgroups[full.point_subgroups <= last],
    )
    try:
        analysis = analyze_parameter(parameter, series=series)
    except NotEnoughData:
        return None
    cpk = (analysis.result.capability or {}).get("cpk")
    if cpk is None or not np.isfinite(cpk):
        return None
    return Decimal(str(round(float(cpk), 4)))


def compute_value(objective, start: dt.date, end: dt.date) -> Decimal | None:
    """The objective's value for the period [start, end] from its data source (None for manual
    and roll-up objectives, which get their values elsewhere)."""
    source = objective.source
    enterprise_id = objective.enterprise_id
    if source == DataSource.NC_COUNT:
        return nc_count(enterprise_id, start, end)
    if source == DataSource.COMPLAINT_COUNT:
        return complaint_count(enterprise_id, start, end)
    if source == DataSource.ACTION_TIMELINESS:
        return action_timeliness(enterprise_id, start, end)
    if source == DataSource.TRAINING_COMPLETION:
        return training_completion(enterprise_id, start, end)
    if source == DataSource.SPC_CPK:
        return spc_cpk(objective.source_parameter, end)
    return None
