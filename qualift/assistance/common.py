"""Industry-common problems: the program-wide pages' reach, and the grouping of assistance issues
by industry (GB/T 4754 division) and focus area ("solve common problems collectively").

Reach on a program: its program office sees every enterprise on the ledger; a participating CB's
administrators and assistance experts see the ledger entries assigned to their CB. The groups are
counts only (no issue text), so the office sees them although it does not see working papers.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import get_language

from qualift.assistance.choices import Area
from qualift.assistance.scoping import assisting_cb_ids
from qualift.enterprises.reference_data import GBT4754_DIVISIONS
from qualift.programs.models import LedgerEntry, Program
from qualift.tenancy.permissions import can
from qualift.tenancy.scope import scope_of

DIVISIONS = {code: (name_en, name_zh) for _section, code, name_en, name_zh in GBT4754_DIVISIONS}


def division_label(code: str) -> str:
    """The division's name in the active language ("" for an unknown code)."""
    names = DIVISIONS.get(code)
    if names is None:
        return ""
    return names[1] if (get_language() or "").startswith("zh") else names[0]


def division_choices() -> list[tuple[str, str]]:
    return [(code, f"{code} {division_label(code)}") for code in DIVISIONS]


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


@dataclass(frozen=True)
class Group:
    """Enterprises of one industry sharing issues in one focus area."""

    division: str
    division_label: str
    area: str
    area_label: str
    enterprise_ids: list[int]
    enterprise_names: list[str]
    issue_count: int


def common_problems(
    program: Program,
    user,
    min_enterprises: int = 2,
    *,
    area: str = "",
    division: str = "",
) -> list[Group]:
    """Groups of (industry division, focus area) with issues at ≥ `min_enterprises` enterprises
    in the user's reach, most enterprises first. Counted in the database."""
    from qualift.assistance.models import AssistanceIssue

    issues = AssistanceIssue.objects.filter(
        program=program, enterprise_id__in=reach_entries(program, user).values("enterprise_id")
    ).exclude(enterprise__gbt4754_division="")
    if area:
        issues = issues.filter(area=area)
    if division:
        issues = issues.filter(enterprise__gbt4754_division=division)
    keys = list(
        issues.values("enterprise__gbt4754_division", "area")
        .annotate(n_enterprises=Count("enterprise", distinct=True), n_issues=Count("id"))
        .filter(n_enterprises__gte=min_enterprises)
        .order_by("-n_enterprises", "-n_issues", "enterprise__gbt4754_division", "area")
    )
    if not keys:
        return []
    wanted = Q()
    for key in keys:
        wanted |= Q(
            enterprise__gbt4754_division=key["enterprise__gbt4754_division"], area=key["area"]
        )
    members: dict[tuple[str, str], list[tuple[int, str]]] = {}
    rows = (
        issues.filter(wanted)
        .values_list("enterprise__gbt4754_division", "area", "enterprise_id", "enterprise__name")
        .distinct()
        .order_by("enterprise__name", "enterprise_id")
    )
    for div, ar, enterprise_id, name in rows:
        members.setdefault((div, ar), []).append((enterprise_id, name))
    groups = []
    for key in keys:
        div, ar = key["enterprise__gbt4754_division"], key["area"]
        people = members.get((div, ar), [])
        groups.append(
            Group(
                division=div,
                division_label=division_label(div),
                area=ar,
                area_label=str(Area(ar).label) if ar in Area.values else ar,
                enterprise_ids=[pk for pk, _name in people],
                enterprise_names=[name for _pk, name in people],
                issue_count=key["n_issues"],
            )
        )
    return groups
