"""Scoped reads for nonconformities and actions, and recurrence lookups."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from qualift.improvement.choices import ACTION_OPEN, NC_OPEN, ActionStatus
from qualift.improvement.models import CorrectiveAction, Nonconformity
from qualift.tenancy.permissions import can


def nc_list(
    user,
    enterprise,
    *,
    q: str = "",
    status: str = "",
    source: str = "",
    severity: str = "",
    open_only: bool = False,
) -> QuerySet[Nonconformity]:
    qs = (
        Nonconformity.objects.visible_to(user)
        .filter(enterprise=enterprise)
        .select_related("clause")
        .annotate(
            n_actions=Count("actions", distinct=True),
            n_open=Count("actions", filter=Q(actions__status__in=ACTION_OPEN), distinct=True),
        )
    )
    if q:
        qs = qs.filter(
            Q(number__icontains=q)
            | Q(title__icontains=q)
            | Q(product__icontains=q)
            | Q(process_name__icontains=q)
        )
    if status:
        qs = qs.filter(status=status)
    if open_only:
        qs = qs.filter(status__in=NC_OPEN)
    if source:
        qs = qs.filter(source=source)
    if severity:
        qs = qs.filter(severity=severity)
    return qs.order_by("-detected_on", "-id")


def get_nc_for_user(user, pk: int, action: str | None = None) -> Nonconformity:
    """404 outside the user's scope; 403 when `action` is given and not granted."""
    nc = get_object_or_404(
        Nonconformity.objects.visible_to(user).select_related("enterprise__organization", "clause"),
        pk=pk,
    )
    if action and not can(user, action, [nc.enterprise.organization_id]):
        raise PermissionDenied
    return nc


def action_list(
    user,
    enterprise,
    *,
    q: str = "",
    status: str = "",
    kind: str = "",
    overdue: bool = False,
    today: dt.date | None = None,
) -> QuerySet[CorrectiveAction]:
    today = today or timezone.localdate()
    qs = (
        CorrectiveAction.objects.visible_to(user)
        .filter(enterprise=enterprise)
        .select_related("nonconformity")
    )
    if q:
        qs = qs.filter(
            Q(title__icontains=q)
            | Q(owner_name__icontains=q)
            | Q(nonconformity__number__icontains=q)
        )
    if status:
        qs = qs.filter(status=status)
    if kind:
        qs = qs.filter(kind=kind)
    if overdue:
        qs = overdue_actions(qs, today)
    return qs.order_by("status", "due_on", "id")


def overdue_actions(qs, today: dt.date):
    return qs.filter(status__in=ACTION_OPEN, due_on__lt=today)


def effectiveness_due(qs, today: dt.date):
    return qs.filter(status=ActionStatus.DONE, effective__isnull=True, effectiveness_due__lte=today)


def get_action_for_user(user, pk: int) -> CorrectiveAction:
    return get_object_or_404(
        CorrectiveAction.objects.visible_to(user).select_related(
            "enterprise__organization", "nonconformity", "owner", "manager"
        ),
        pk=pk,
    )


def recurrences(
    *,
    enterprise_id: int,
    process_name: str,
    category: str,
    start: dt.date,
    exclude_pk: int | None = None,
) -> QuerySet[Nonconformity]:
    """Nonconformities with the same process and root-cause category detected in the window
    after `start` (settings.QUALIFT_RECURRENCE_DAYS): evidence that a fix did not hold."""
    if not process_name or not category:
        return Nonconformity.objects.none()
    end = start + dt.timedelta(days=settings.QUALIFT_RECURRENCE_DAYS)
    qs = Nonconformity.objects.filter(
        enterprise_id=enterprise_id,
        process_name=process_name,
        root_cause_category=category,
        detected_on__gt=start,
        detected_on__lte=end,
    )
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    return qs.order_by("detected_on")


def recurrences_for_action(action: CorrectiveAction) -> QuerySet[Nonconformity]:
    nc = action.nonconformity
    if nc is None or action.completed_on is None:
        return Nonconformity.objects.none()
    return recurrences(
        enterprise_id=nc.enterprise_id,
        process_name=nc.process_name,
        category=nc.root_cause_category,
        start=action.completed_on,
        exclude_pk=nc.pk,
    )


def recurrences_for_nc(nc: Nonconformity) -> QuerySet[Nonconformity]:
    done = nc.actions.filter(completed_on__isnull=False).order_by("-completed_on").first()
    start = done.completed_on if done else nc.detected_on
    return recurrences(
        enterprise_id=nc.enterprise_id,
        process_name=nc.process_name,
        category=nc.root_cause_category,
        start=start,
        exclude_pk=nc.pk,
    )
