"""Fetching a certification record with the right 404 / 403."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from qualift.tenancy.permissions import can


def acting_orgs(record) -> list[int]:
    """The organisations a write on a certification record may be made for: its CB, then the
    client enterprise (the permission table decides which roles in each may do what)."""
    return [record.cb_id, record.enterprise.organization_id]


def check_write(user, action: str, record) -> None:
    """403 unless the user may do `action` on a record they can already see."""
    if not can(user, action, acting_orgs(record)):
        raise PermissionDenied


def get_for_user(model, user, pk: int, write_action: str | None = None, **related):
    """`model` visible to the user (404 otherwise); 403 when `write_action` is not granted."""
    queryset = model.objects.visible_to(user)
    if related.get("select"):
        queryset = queryset.select_related(*related["select"])
    record = get_object_or_404(queryset, pk=pk)
    if write_action:
        check_write(user, write_action, record)
    return record
