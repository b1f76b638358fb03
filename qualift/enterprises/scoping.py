"""Scope for an enterprise's own quality records (NCs, actions, complaints, audits, documents).

Visible to the enterprise's members and to the certification bodies working with it (engaged, or
assigned to it in a program ledger). Program offices see aggregates, not these records.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from qualift.tenancy.scope import scope_of


def qms_enterprise_ids(user):
    """A subquery of the enterprise ids whose quality records the user may read."""
    from qualift.enterprises.models import Engagement, Enterprise
    from qualift.programs.models import LedgerEntry

    scope = scope_of(user)
    if scope.is_superuser:
        return Enterprise.objects.values("pk")
    engaged = Engagement.objects.filter(cb_id__in=scope.cb_ids).values("enterprise_id")
    assigned = LedgerEntry.objects.filter(cb_id__in=scope.cb_ids).values("enterprise_id")
    return Enterprise.objects.filter(
        Q(organization_id__in=scope.enterprise_org_ids) | Q(pk__in=engaged) | Q(pk__in=assigned)
    ).values("pk")


class EnterpriseOwnedQuerySet(models.QuerySet):
    """Base queryset for records that carry `enterprise_id`."""

    def visible_to(self, user):
        scope = scope_of(user)
        if not scope.is_authenticated:
            return self.none()
        if scope.is_superuser:
            return self.all()
        return self.filter(enterprise_id__in=qms_enterprise_ids(user))


def get_qms_enterprise_for_user(user, enterprise_pk: int, write_action: str | None = None):
    """The enterprise whose quality records a page shows: 404 outside the user's scope; 403 when
    `write_action` is given and the user's role in the enterprise does not grant it."""
    from django.core.exceptions import PermissionDenied
    from django.shortcuts import get_object_or_404

    from qualift.enterprises.models import Enterprise
    from qualift.tenancy.permissions import can

    enterprise = get_object_or_404(
        Enterprise.objects.filter(pk__in=qms_enterprise_ids(user)).select_related("organization"),
        pk=enterprise_pk,
    )
    if not can(user, "qms.view", [enterprise.organization_id, *_cb_orgs(user)]):
        raise PermissionDenied
    if write_action and not can(user, write_action, [enterprise.organization_id]):
        raise PermissionDenied
    return enterprise


def _cb_orgs(user) -> set[int]:
    return scope_of(user).cb_ids


def qms_enterprises_for(user):
    """Enterprises whose quality records the user may open (for choosers and navigation)."""
    from qualift.enterprises.models import Enterprise

    return Enterprise.objects.filter(pk__in=qms_enterprise_ids(user)).order_by("name")
