"""Scoped reads for enterprises, sites and engagements."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from qualift.enterprises.models import Engagement, Enterprise
from qualift.tenancy.permissions import can


def enterprise_list(
    user, *, q: str = "", region=None, industry=None, iaf=None, size: str = ""
) -> QuerySet[Enterprise]:
    qs = Enterprise.objects.visible_to(user).select_related("region")
    if q:
        qs = qs.filter(
            Q(name__icontains=q)
            | Q(name_en__icontains=q)
            | Q(uscc__icontains=q)
            | Q(address__icontains=q)
        )
    if region:
        qs = qs.filter(region=region)
    if industry:
        qs = qs.filter(miit_industry=industry)
    if iaf:
        qs = qs.filter(iaf_codes=iaf)
    if size:
        qs = qs.filter(size_miit=size)
    return qs.order_by("name", "pk")


def get_enterprise_for_user(user, pk: int, write: bool = False) -> Enterprise:
    """Another tenant's enterprise answers 404; a read-only role asking to write gets 403."""
    enterprise = get_object_or_404(
        Enterprise.objects.visible_to(user).select_related("region", "organization"), pk=pk
    )
    if write:
        from qualift.enterprises.services import enterprise_related_orgs

        if not can(user, "enterprise.change", enterprise_related_orgs(enterprise)):
            raise PermissionDenied
    return enterprise


def get_engagement_for_user(user, pk: int, write: bool = False) -> Engagement:
    engagement = get_object_or_404(
        Engagement.objects.visible_to(user).select_related("cb", "enterprise"), pk=pk
    )
    if write and not can(user, "engagement.change", [engagement.cb_id]):
        raise PermissionDenied
    return engagement
