"""Scoped reads for programs, ledger entries and policies."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404

from qualift.programs.choices import LedgerStatus
from qualift.programs.models import IncentivePolicy, LedgerEntry, Program
from qualift.tenancy.permissions import can


def program_list(user) -> QuerySet[Program]:
    return (
        Program.objects.visible_to(user)
        .select_related("owner")
        .annotate(n_entries=Count("entries", distinct=True))
        .order_by("-start", "name", "pk")
    )


def get_program_for_user(user, pk: int, write: bool = False) -> Program:
    program = get_object_or_404(Program.objects.visible_to(user).select_related("owner"), pk=pk)
    if write and not can(user, "program.change", [program.owner_id]):
        raise PermissionDenied
    return program


def ledger_for(
    user, program: Program, *, status: str = "", cb=None, q: str = ""
) -> QuerySet[LedgerEntry]:
    qs = (
        LedgerEntry.objects.visible_to(user)
        .filter(program=program)
        .select_related("enterprise", "enterprise__region", "cb")
    )
    if status:
        qs = qs.filter(status=status)
    if cb:
        qs = qs.filter(cb=cb)
    if q:
        qs = qs.filter(Q(enterprise__name__icontains=q) | Q(enterprise__uscc__icontains=q))
    return qs.order_by("enterprise__name", "pk")


def ledger_status_counts(user, program: Program) -> list[tuple[str, str, int]]:
    """Entries per status, in one aggregate query."""
    qs = LedgerEntry.objects.visible_to(user).filter(program=program)
    counts = qs.aggregate(**{s.value: Count("pk", filter=Q(status=s.value)) for s in LedgerStatus})
    return [(s.value, str(s.label), counts[s.value]) for s in LedgerStatus]


def get_entry_for_user(user, pk: int, write: bool = False) -> LedgerEntry:
    entry = get_object_or_404(
        LedgerEntry.objects.visible_to(user).select_related("program", "enterprise", "cb"), pk=pk
    )
    if write and not can(user, "ledger.move", [entry.program.owner_id, entry.cb_id]):
        raise PermissionDenied
    return entry


def policy_list(user, *, kind: str = "", region=None, q: str = "") -> QuerySet[IncentivePolicy]:
    qs = IncentivePolicy.objects.visible_to(user).select_related("region", "owner")
    if kind:
        qs = qs.filter(kind=kind)
    if region:
        qs = qs.filter(region=region)
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(summary__icontains=q))
    return qs


def get_policy_for_user(user, pk: int, write: bool = False) -> IncentivePolicy:
    policy = get_object_or_404(IncentivePolicy.objects.visible_to(user), pk=pk)
    if write and not can(user, "policy.change", [policy.owner_id]):
        raise PermissionDenied
    return policy
