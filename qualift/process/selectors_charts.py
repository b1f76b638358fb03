"""Scoped reads for charts, alarms and the process dashboard: single-record lookups (404 outside
the user's scope, 403 when a write is not granted) and query-efficient lists."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.shortcuts import get_object_or_404

from qualift.process.choices import AlarmStatus, Health
from qualift.process.models import Alarm, LimitSet, Measurement, Parameter
from qualift.tenancy.permissions import can

PARAMETER_RELATED = ("enterprise__organization", "control_point__process", "gauge")


def _checked(user, obj, action: str | None):
    if action and not can(user, action, [obj.enterprise.organization_id]):
        raise PermissionDenied
    return obj


def get_parameter_for_user(user, pk: int, action: str | None = None) -> Parameter:
    parameter = get_object_or_404(
        Parameter.objects.visible_to(user).select_related(*PARAMETER_RELATED), pk=pk
    )
    return _checked(user, parameter, action)


def get_alarm_for_user(user, pk: int, action: str | None = None) -> Alarm:
    alarm = get_object_or_404(
        Alarm.objects.visible_to(user).select_related(
            "enterprise__organization",
            "parameter__control_point__process",
            "nonconformity",
            "limit_set",
            "closed_by",
        ),
        pk=pk,
    )
    return _checked(user, alarm, action)


def limit_sets(parameter: Parameter) -> QuerySet[LimitSet]:
    return LimitSet.objects.filter(parameter=parameter).order_by("-version")


def alarm_list(user, enterprise, *, status: str = "", parameter=None) -> QuerySet[Alarm]:
    qs = Alarm.objects.visible_to(user).filter(enterprise=enterprise)
    if status:
        qs = qs.filter(status=status)
    if parameter is not None:
        qs = qs.filter(parameter=parameter)
    return qs.select_related("parameter__control_point__process", "nonconformity").order_by(
        "-created_at", "-id"
    )


def dashboard_parameters(
    user, enterprise, *, process=None, health: str = ""
) -> QuerySet[Parameter]:
    """Active parameters of the enterprise's key processes, with their open alarms and last
    reading time (a correlated subquery on the (parameter, taken_at) index, not a join over
    every reading)."""
    qs = Parameter.objects.visible_to(user).filter(
        enterprise=enterprise,
        is_active=True,
        control_point__process__is_key=True,
        control_point__process__is_active=True,
    )
    if process is not None:
        qs = qs.filter(control_point__process=process)
    if health:
        qs = qs.filter(health=health)
    last = (
        Measurement.objects.filter(parameter=OuterRef("pk"))
        .order_by("-taken_at")
        .values("taken_at")[:1]
    )
    return (
        qs.select_related("control_point__process")
        .annotate(
            open_alarms=Count("alarms", filter=Q(alarms__status=AlarmStatus.OPEN)),
            last_reading=Subquery(last),
        )
        .order_by(
            "control_point__process__sequence",
            "control_point__process__code",
            "control_point__sequence",
            "sequence",
            "id",
        )
    )


def health_counts(user, enterprise, *, process=None) -> dict[str, int]:
    """Key parameters per colour, in one aggregate query."""
    qs = Parameter.objects.visible_to(user).filter(
        enterprise=enterprise,
        is_active=True,
        control_point__process__is_key=True,
        control_point__process__is_active=True,
    )
    if process is not None:
        qs = qs.filter(control_point__process=process)
    agg = qs.aggregate(**{h: Count("pk", filter=Q(health=h)) for h in Health.values})
    return {h: agg[h] or 0 for h in Health.values}
