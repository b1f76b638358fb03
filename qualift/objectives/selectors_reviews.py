"""Scoped reads for management reviews and leadership commitments."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db.models import Count, QuerySet
from django.shortcuts import get_object_or_404

from qualift.objectives.choices import CommitmentStatus
from qualift.objectives.models import LeadershipCommitment, ManagementReview, ReviewOutput
from qualift.tenancy.permissions import can

UPCOMING_DAYS = 30


def review_list(user, enterprise, *, status: str = "", year: int | None = None) -> QuerySet:
    qs = (
        ManagementReview.objects.visible_to(user)
        .filter(enterprise=enterprise)
        .annotate(n_outputs=Count("outputs", distinct=True))
        .order_by("-held_on", "-id")
    )
    if status:
        qs = qs.filter(status=status)
    if year:
        qs = qs.filter(held_on__year=year)
    return qs


def get_review_for_user(user, pk: int, action: str | None = None) -> ManagementReview:
    """A review the user may see (else 404); with `action`, one the user may change (else 403)."""
    review = get_object_or_404(
        ManagementReview.objects.visible_to(user).select_related(
            "enterprise__organization", "previous"
        ),
        pk=pk,
    )
    if action and not can(user, action, [review.enterprise.organization_id]):
        raise PermissionDenied
    return review


def outputs_of(review: ManagementReview) -> QuerySet[ReviewOutput]:
    return review.outputs.select_related("action", "owner").order_by("id")


def commitment_list(user, enterprise, *, status: str = "") -> QuerySet[LeadershipCommitment]:
    qs = (
        LeadershipCommitment.objects.visible_to(user)
        .filter(enterprise=enterprise)
        .select_related("leader", "review")
        .order_by("due_on", "id")
    )
    if status:
        qs = qs.filter(status=status)
    return qs


def commitments_due(user, enterprise, today: dt.date) -> tuple[list, list]:
    """(overdue, upcoming): planned commitments past their date, and those due within
    UPCOMING_DAYS days."""
    planned = commitment_list(user, enterprise, status=CommitmentStatus.PLANNED)
    overdue = list(planned.filter(due_on__lt=today))
    upcoming = list(
        planned.filter(due_on__gte=today, due_on__lte=today + dt.timedelta(days=UPCOMING_DAYS))
    )
    return overdue, upcoming


def get_commitment_for_user(user, pk: int, action: str | None = None) -> LeadershipCommitment:
    commitment = get_object_or_404(
        LeadershipCommitment.objects.visible_to(user).select_related(
            "enterprise__organization", "leader", "review"
        ),
        pk=pk,
    )
    if action and not can(user, action, [commitment.enterprise.organization_id]):
        raise PermissionDenied
    return commitment
