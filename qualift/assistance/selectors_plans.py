"""Reads for plans: scoped lookups (404 outside the user's scope, 403 for a role that may not
do the action), progress and what a plan page shows."""

from __future__ import annotations

import datetime as dt

from django.shortcuts import get_object_or_404

from qualift.assistance.access import check_write
from qualift.assistance.choices import MilestoneStatus, SignSide
from qualift.assistance.models import (
    Measure,
    Milestone,
    Plan,
    PlanIndicator,
    PlanRevision,
    PlanSignature,
)


def plans_for(user):
    return Plan.objects.visible_to(user).select_related(
        "enterprise__organization", "cb", "program", "ledger_entry"
    )


def _get(queryset, user, pk: int, action: str | None):
    obj = get_object_or_404(queryset, pk=pk)
    if action:
        check_write(user, action, obj)
    return obj


def get_plan_for_user(user, pk: int, action: str | None = None) -> Plan:
    return _get(plans_for(user), user, pk, action)


def get_measure_for_user(user, pk: int, action: str | None = None) -> Measure:
    queryset = Measure.objects.visible_to(user).select_related(
        "plan__ledger_entry", "enterprise__organization", "cb", "program"
    )
    return _get(queryset, user, pk, action)


def get_milestone_for_user(user, pk: int, action: str | None = None) -> Milestone:
    queryset = Milestone.objects.visible_to(user).select_related(
        "plan__ledger_entry", "enterprise__organization", "cb", "program", "measure"
    )
    return _get(queryset, user, pk, action)


def get_indicator_for_user(user, pk: int, action: str | None = None) -> PlanIndicator:
    queryset = PlanIndicator.objects.visible_to(user).select_related(
        "plan__ledger_entry", "enterprise__organization", "cb", "program"
    )
    return _get(queryset, user, pk, action)


def get_revision_for_user(user, pk: int) -> PlanRevision:
    queryset = PlanRevision.objects.visible_to(user).select_related(
        "plan__ledger_entry", "enterprise", "cb", "program", "created_by"
    )
    return get_object_or_404(queryset, pk=pk)


def plan_progress(plan: Plan, today: dt.date) -> dict:
    """Achieved / all milestones (percent, halves rounded up) and the overdue milestones."""
    milestones = list(plan.milestones.all())
    total = len(milestones)
    achieved = sum(1 for m in milestones if m.status == MilestoneStatus.ACHIEVED)
    percent = (200 * achieved + total) // (2 * total) if total else 0
    overdue = [m for m in milestones if m.is_overdue(today)]
    return {"achieved": achieved, "total": total, "percent": percent, "overdue": overdue}


def signatures_by_revision(plan: Plan) -> list[dict]:
    """Newest revision first: {"revision", "cb": signature|None, "enterprise": signature|None}."""
    rows: dict[int, dict] = {}
    for signature in PlanSignature.objects.filter(plan=plan).select_related("signed_by"):
        row = rows.setdefault(
            signature.revision, {"revision": signature.revision, "cb": None, "enterprise": None}
        )
        row[signature.side] = signature
    rows.setdefault(plan.revision, {"revision": plan.revision, "cb": None, "enterprise": None})
    return [rows[number] for number in sorted(rows, reverse=True)]


def missing_sides(plan: Plan) -> list[str]:
    """The sides that have not signed the current revision yet."""
    signed = set(
        PlanSignature.objects.filter(plan=plan, revision=plan.revision).values_list(
            "side", flat=True
        )
    )
    return [side for side in SignSide.values if side not in signed]


def measures_by_point(plan: Plan) -> list[dict]:
    """The plan's measures grouped under their point (measures without one come last)."""
    measures = list(
        plan.measures.select_related("issue", "cb_owner", "enterprise_owner", "common_issue")
    )
    groups = []
    for point in plan.points.order_by("pk"):
        groups.append({"point": point, "measures": [m for m in measures if m.issue_id == point.pk]})
    point_ids = {g["point"].pk for g in groups}
    others = [m for m in measures if m.issue_id not in point_ids]
    if others:
        groups.append({"point": None, "measures": others})
    return groups
