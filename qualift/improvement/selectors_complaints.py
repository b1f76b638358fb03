"""Scoped reads for customer complaints, and the monthly counts evaluation builds on."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.shortcuts import get_object_or_404

from qualift.improvement.models import Complaint
from qualift.tenancy.permissions import can


def complaint_list(
    user,
    enterprise,
    *,
    q: str = "",
    status: str = "",
    severity: str = "",
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> QuerySet[Complaint]:
    """The enterprise's complaints the user may read, newest first."""
    qs = (
        Complaint.objects.visible_to(user)
        .filter(enterprise=enterprise)
        .select_related("nonconformity")
    )
    if q:
        qs = qs.filter(
            Q(number__icontains=q)
            | Q(customer__icontains=q)
            | Q(product__icontains=q)
            | Q(description__icontains=q)
        )
    if status:
        qs = qs.filter(status=status)
    if severity:
        qs = qs.filter(severity=severity)
    if start:
        qs = qs.filter(received_on__gte=start)
    if end:
        qs = qs.filter(received_on__lte=end)
    return qs.order_by("-received_on", "-id")


def get_complaint_for_user(user, pk: int, action: str | None = None) -> Complaint:
    """404 outside the user's scope; 403 when `action` is given and not granted."""
    complaint = get_object_or_404(
        Complaint.objects.visible_to(user).select_related(
            "enterprise__organization", "nonconformity"
        ),
        pk=pk,
    )
    if action and not can(user, action, [complaint.enterprise.organization_id]):
        raise PermissionDenied
    return complaint


def _month(day: dt.date) -> dt.date:
    return day.replace(day=1)


def complaint_counts(
    enterprise_ids: Iterable[int] | QuerySet, start: dt.date, end: dt.date
) -> dict[dt.date, int]:
    """Complaints received per calendar month from `start` to `end` (both inclusive) over the
    given enterprises: {first day of month: count}, every month of the range present (0 when
    none), in order. Counted in the database. Not scoped: the caller passes the enterprise ids
    it may aggregate over (a queryset of ids is used as a subquery)."""
    if end < start:
        return {}
    rows = (
        Complaint.objects.filter(
            enterprise_id__in=enterprise_ids, received_on__gte=start, received_on__lte=end
        )
        .annotate(month=TruncMonth("received_on"))
        .values("month")
        .annotate(n=Count("id"))
        .order_by("month")
    )
    found = {_as_date(row["month"]): row["n"] for row in rows}
    counts: dict[dt.date, int] = {}
    month = _month(start)
    while month <= end:
        counts[month] = found.get(month, 0)
        month = (month + dt.timedelta(days=32)).replace(day=1)
    return counts


def _as_date(value) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value
