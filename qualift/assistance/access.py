"""Fetching the ledger entry an assistance page works on, with the right 404 / 403."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404

from qualift.assistance.scoping import assisting_cb_ids
from qualift.programs.models import LedgerEntry
from qualift.tenancy.permissions import can
from qualift.tenancy.scope import scope_of


def assistance_entries(user, *, papers: bool = True):
    """Ledger entries whose assistance records the user may read.

    `papers=True` (diagnoses, issues, visits): the assisting CB's administrators and experts and
    the enterprise. `papers=False` (plans): also the program office that owns the program.
    """
    scope = scope_of(user)
    entries = LedgerEntry.objects.select_related("enterprise", "program", "cb")
    if scope.is_superuser:
        return entries
    if not scope.is_authenticated:
        return entries.none()
    visible = Q(cb_id__in=assisting_cb_ids(user)) | Q(
        enterprise__organization_id__in=scope.enterprise_org_ids
    )
    if not papers:
        visible |= Q(program__owner_id__in=scope.office_ids)
    return entries.filter(visible)


def get_entry_for_user(user, pk: int, write_action: str | None = None, *, papers: bool = True):
    """The ledger entry: 404 outside the user's assistance scope; 403 when `write_action` is
    given and the user's role (in the CB or the enterprise) does not grant it."""
    entry = get_object_or_404(assistance_entries(user, papers=papers), pk=pk)
    if write_action and not can(user, write_action, acting_orgs(entry)):
        raise PermissionDenied
    return entry


def acting_orgs(record) -> list[int]:
    """The organisations a write on an assistance record may be made for: its CB, then the
    enterprise (the permission table decides which roles in each may do what)."""
    return [record.cb_id, record.enterprise.organization_id]


def check_write(user, action: str, record) -> None:
    """403 unless the user may do `action` on a record they can already see."""
    if not can(user, action, acting_orgs(record)):
        raise PermissionDenied


def program_assistance_visible(user, program) -> bool:
    """Whether the user sees a program's assistance pages (progress, common problems, exports):
    the office that owns it, and the admins and experts of its participating CBs."""
    scope = scope_of(user)
    if scope.is_superuser or program.owner_id in scope.office_ids:
        return True
    return program.participating_cbs.filter(pk__in=assisting_cb_ids(user)).exists()
