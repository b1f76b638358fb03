"""Industry-common problems: the grouping of assistance issues by industry (GB/T 4754 division)
and focus area ("solve common problems collectively").

The groups are counts only (no issue text), so the program office sees them although it does not
see working papers; who reaches which ledger entries is access.reach_entries.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils.translation import get_language

from qualift.assistance.access import reach_entries
from qualift.assistance.choices import Area
from qualift.enterprises.reference_data import GBT4754_DIVISIONS
from qualift.programs.models import Program

DIVISIONS = {code: (name_en, name_zh) for _section, code, name_en, name_zh in GBT4754_DIVISIONS}


def division_label(code: str) -> str:
    """The division's name in the active language ("" for an unknown code)."""
    names = DIVISIONS.get(code)
    if names is None:
        return ""
    return names[1] if (get_language() or "").startswith("zh") else names[0]


def division_choices() -> list[tuple[str, str]]:
    return [(code, f"{code} {division_label(code)}") for code in DIVISIONS]


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
