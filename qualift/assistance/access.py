"""Fetching the ledger entry an assistance page works on, with the right 404 / 403."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from qualift.assistance.scoping import assisting_cb_ids
from qualift.programs.models import LedgerEntry, Program
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


# ---- program-wide pages (progress, common problems, exports) ---------------------------------
# Reach on a program: its program office sees every enterprise on the ledger; a participating CB's
# administrators and assistance experts see the ledger entries assigned to their CB.


def assistance_programs(user) -> QuerySet[Program]:
    """Programs whose program-wide assistance pages the user may open: the owning office's users
    and the administrators and assistance experts of the participating CBs."""
    scope = scope_of(user)
    if not scope.is_authenticated:
        return Program.objects.none()
    if scope.is_superuser:
        return Program.objects.all()
    participating = Program.participating_cbs.through.objects.filter(
        organization_id__in=assisting_cb_ids(user)
    ).values("program_id")
    return Program.objects.filter(Q(owner_id__in=scope.office_ids) | Q(pk__in=participating))


def program_orgs(user, program: Program) -> list[int]:
    """The organisations a user may act for on a program: its office, then the user's
    participating CBs (the permission table decides which roles may do what)."""
    cbs = set(program.participating_cbs.values_list("pk", flat=True))
    return [program.owner_id, *sorted(cbs & assisting_cb_ids(user))]


def get_program_for_user(user, pk: int, write_action: str | None = None) -> Program:
    """The program: 404 outside the user's reach; 403 when `write_action` is not granted."""
    program = get_object_or_404(assistance_programs(user), pk=pk)
    if write_action and not can(user, write_action, program_orgs(user, program)):
        raise PermissionDenied
    return program


def reach_cb_ids(program: Program, user) -> set[int] | None:
    """The CBs whose ledger entries the user reaches on the program; None means all of them (the
    program office, a superuser, or the operator at the command line)."""
    if user is None:
        return None
    scope = scope_of(user)
    if scope.is_superuser or program.owner_id in scope.office_ids:
        return None
    return assisting_cb_ids(user)


def reach_entries(program: Program, user) -> QuerySet[LedgerEntry]:
    entries = LedgerEntry.objects.filter(program=program)
    cbs = reach_cb_ids(program, user)
    return entries if cbs is None else entries.filter(cb_id__in=cbs)


def program_assistance_visible(user, program) -> bool:
    """Whether the user sees a program's assistance pages (a button on the program page)."""
    return assistance_programs(user).filter(pk=program.pk).exists()
