"""Scoped reads for the process map and its registers: filtered lists (query-efficient) and
single-record lookups (404 outside the user's scope, 403 when a write is not granted)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from qualift.process.models import ControlPoint, Equipment, Gauge, Parameter, Process
from qualift.tenancy.permissions import can


def _checked(user, obj, action: str | None):
    if action and not can(user, action, [obj.enterprise.organization_id]):
        raise PermissionDenied
    return obj


def overdue_gauges_q(today=None) -> Q:
    """Gauges whose calibration is past due or not on record (Gauge.calibration_overdue)."""
    today = today or timezone.localdate()
    return Q(calibration_due__isnull=True) | Q(calibration_due__lt=today)


def process_map(
    user, enterprise, *, q: str = "", key_only: bool = False, inactive: bool = False
) -> QuerySet[Process]:
    """The enterprise's processes in sequence, each with its control points and their
    parameters (and gauges) prefetched: three queries for the whole map."""
    qs = Process.objects.visible_to(user).filter(enterprise=enterprise)
    if not inactive:
        qs = qs.filter(is_active=True)
    if key_only:
        qs = qs.filter(is_key=True)
    if q:
        qs = qs.filter(
            Q(code__icontains=q)
            | Q(name__icontains=q)
            | Q(owner_name__icontains=q)
            | Q(control_points__name__icontains=q)
            | Q(control_points__parameters__name__icontains=q)
        ).distinct()
    parameters = Parameter.objects.select_related("gauge").order_by("sequence", "id")
    points = ControlPoint.objects.order_by("sequence", "id").prefetch_related(
        Prefetch("parameters", queryset=parameters)
    )
    return (
        qs.select_related("owner")
        .prefetch_related(Prefetch("control_points", queryset=points))
        .order_by("sequence", "code")
    )


def gauge_list(
    user, enterprise, *, q: str = "", overdue: bool = False, inactive: bool = False
) -> QuerySet[Gauge]:
    """The enterprise's gauge register with the number of parameters using each gauge."""
    qs = Gauge.objects.visible_to(user).filter(enterprise=enterprise)
    if not inactive:
        qs = qs.filter(is_active=True)
    if overdue:
        qs = qs.filter(overdue_gauges_q())
    if q:
        qs = qs.filter(
            Q(code__icontains=q)
            | Q(name__icontains=q)
            | Q(kind__icontains=q)
            | Q(location__icontains=q)
            | Q(certificate_ref__icontains=q)
        )
    return qs.annotate(parameter_count=Count("parameters")).order_by("code")


def equipment_list(
    user,
    enterprise,
    *,
    q: str = "",
    process: Process | None = None,
    overdue: bool = False,
    inactive: bool = False,
) -> QuerySet[Equipment]:
    """The enterprise's equipment register."""
    qs = Equipment.objects.visible_to(user).filter(enterprise=enterprise)
    if not inactive:
        qs = qs.filter(is_active=True)
    if process is not None:
        qs = qs.filter(process=process)
    if overdue:
        qs = qs.filter(is_active=True, next_maintenance_on__lt=timezone.localdate())
    if q:
        qs = qs.filter(
            Q(code__icontains=q)
            | Q(name__icontains=q)
            | Q(model_number__icontains=q)
            | Q(location__icontains=q)
        )
    return qs.select_related("process", "instruction_document").order_by("code")


def get_process_for_user(user, pk: int, action: str | None = None) -> Process:
    process = get_object_or_404(
        Process.objects.visible_to(user).select_related("enterprise__organization", "owner"),
        pk=pk,
    )
    return _checked(user, process, action)


def get_control_point_for_user(user, pk: int, action: str | None = None) -> ControlPoint:
    point = get_object_or_404(
        ControlPoint.objects.visible_to(user).select_related(
            "enterprise__organization", "process__enterprise__organization"
        ),
        pk=pk,
    )
    return _checked(user, point, action)


def get_parameter_for_user(user, pk: int, action: str | None = None) -> Parameter:
    parameter = get_object_or_404(
        Parameter.objects.visible_to(user).select_related(
            "enterprise__organization",
            "control_point__enterprise__organization",
            "control_point__process",
            "gauge",
        ),
        pk=pk,
    )
    return _checked(user, parameter, action)


def get_gauge_for_user(user, pk: int, action: str | None = None) -> Gauge:
    gauge = get_object_or_404(
        Gauge.objects.visible_to(user).select_related("enterprise__organization"), pk=pk
    )
    return _checked(user, gauge, action)


def get_equipment_for_user(user, pk: int, action: str | None = None) -> Equipment:
    equipment = get_object_or_404(
        Equipment.objects.visible_to(user).select_related(
            "enterprise__organization", "process", "instruction_document"
        ),
        pk=pk,
    )
    return _checked(user, equipment, action)
