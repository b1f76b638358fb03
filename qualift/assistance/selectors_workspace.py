"""Reads for the assistance workspace, an entry's overview, the enterprise's task list and the
program progress table. Counts and dates are aggregated in the database."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Avg, Count, Exists, Min, OuterRef, Q

from qualift.assistance.access import assistance_entries, reach_entries
from qualift.assistance.choices import (
    DiagnosisStatus,
    MilestoneStatus,
    PlanStatus,
    SignSide,
)
from qualift.assistance.models import (
    AssistanceIssue,
    Diagnosis,
    Involvement,
    Measure,
    Milestone,
    Plan,
    Visit,
)
from qualift.assistance.scoping import assisting_cb_ids
from qualift.programs.models import LedgerEntry, Program
from qualift.tenancy.models import Organization
from qualift.tenancy.scope import scope_of

DUE_SOON_DAYS = 30


# ---- role -----------------------------------------------------------------------------------


def workspace_role(user) -> str | None:
    """Which assistance home the user gets: "cb" (workspace), "enterprise" (my tasks), "office"
    (the program list) or None (e.g. an auditor only: no assistance home)."""
    scope = scope_of(user)
    if scope.is_superuser or assisting_cb_ids(user):
        return "cb"
    if scope.enterprise_org_ids:
        return "enterprise"
    if scope.office_ids:
        return "office"
    return None


# ---- CB workspace ---------------------------------------------------------------------------


def _pending_milestones(today: dt.date):
    return Milestone.objects.filter(
        plan_id=OuterRef("plan__pk"), status=MilestoneStatus.PENDING, due_on__lt=today
    )


def my_entries(user, today: dt.date, *, show_all: bool = False):
    """Ledger entries of the user's CBs: where the user was involved (diagnosis, visit, measure),
    or all of them with `show_all`; with plan status, progress and overdue-milestone count."""
    entries = assistance_entries(user).filter(cb_id__in=_cb_ids(user))
    if not show_all:
        mine = Involvement.objects.filter(
            person_id=user.pk, enterprise_id=OuterRef("enterprise_id"), cb_id=OuterRef("cb_id")
        )
        entries = entries.filter(Exists(mine))
    return (
        entries.select_related("enterprise__region", "program", "cb", "plan")
        .annotate(
            overdue=Count(
                "plan__milestones",
                filter=Q(
                    plan__milestones__status=MilestoneStatus.PENDING,
                    plan__milestones__due_on__lt=today,
                ),
            )
        )
        .order_by("enterprise__name", "program_id")
    )


def _cb_ids(user) -> set[int] | None:
    scope = scope_of(user)
    if scope.is_superuser:
        return set(LedgerEntry.objects.values_list("cb_id", flat=True).distinct())
    return assisting_cb_ids(user)


def diagnoses_to_finish(user):
    """Draft diagnoses of the user's CBs on which the user is an expert."""
    return (
        Diagnosis.objects.filter(
            cb_id__in=_cb_ids(user), experts=user, status=DiagnosisStatus.DRAFT
        )
        .select_related("enterprise", "program", "ledger_entry")
        .order_by("held_on", "id")
        .distinct()
    )


@dataclass
class PlanToAgree:
    plan: Plan
    missing: list[str]  # the SignSide labels still to sign the current revision


def plans_to_agree(user) -> list[PlanToAgree]:
    """Draft plans of the user's CBs, each with the sides that have not signed its current
    revision."""
    plans = list(
        Plan.objects.filter(cb_id__in=_cb_ids(user), status=PlanStatus.DRAFT)
        .select_related("enterprise", "program", "ledger_entry")
        .prefetch_related("signatures")
        .order_by("updated_at", "id")[:100]
    )
    result = []
    for plan in plans:
        signed = {s.side for s in plan.signatures.all() if s.revision == plan.revision}
        missing = [label for value, label in SignSide.choices if value not in signed]
        result.append(PlanToAgree(plan, missing))
    return result


def milestones_due(user, today: dt.date, days: int = DUE_SOON_DAYS):
    """Pending milestones of agreed plans of the user's CBs, overdue or due within `days`."""
    return (
        Milestone.objects.filter(
            cb_id__in=_cb_ids(user),
            plan__status=PlanStatus.AGREED,
            status=MilestoneStatus.PENDING,
            due_on__lte=today + dt.timedelta(days=days),
        )
        .select_related("plan", "enterprise", "measure")
        .order_by("due_on", "id")
    )


# ---- program office -------------------------------------------------------------------------


def office_programs(user):
    """The programs the user's program office owns, with entry and plan counts."""
    scope = scope_of(user)
    programs = (
        Program.objects.all()
        if scope.is_superuser
        else Program.objects.filter(owner_id__in=scope.office_ids)
    )
    return programs.annotate(
        entry_count=Count("entries", distinct=True),
        plan_count=Count("entries__plan", distinct=True),
    ).order_by("-start", "name")


# ---- enterprise: my tasks -------------------------------------------------------------------


def enterprise_plans(user):
    """The plans of the user's enterprises (any program)."""
    scope = scope_of(user)
    return (
        Plan.objects.filter(enterprise__organization_id__in=scope.enterprise_org_ids)
        .select_related("enterprise", "program", "cb", "ledger_entry")
        .order_by("-updated_at", "id")
    )


def my_measures(user):
    """Measures of the user's enterprises' plans that the user owns on the enterprise side, with
    their milestones."""
    scope = scope_of(user)
    return (
        Measure.objects.filter(
            enterprise_owner=user, enterprise__organization_id__in=scope.enterprise_org_ids
        )
        .select_related("plan", "enterprise")
        .prefetch_related("milestones")
        .order_by("due_on", "id")
    )


# ---- one entry ------------------------------------------------------------------------------


def entry_overview(entry: LedgerEntry, today: dt.date) -> dict:
    """What the entry's overview page shows: diagnoses, issue counts, the plan and its progress,
    the latest visits."""
    diagnoses = list(
        Diagnosis.objects.filter(ledger_entry=entry)
        .prefetch_related("experts")
        .annotate(issue_count=Count("issues"))
        .order_by("-held_on", "-id")
    )
    issues = AssistanceIssue.objects.filter(diagnosis__ledger_entry=entry).aggregate(
        total=Count("id"), points=Count("id", filter=Q(is_point=True))
    )
    plan = Plan.objects.filter(ledger_entry=entry).first()
    milestones = None
    if plan is not None:
        milestones = plan.milestones.aggregate(
            total=Count("id"),
            achieved=Count("id", filter=Q(status=MilestoneStatus.ACHIEVED)),
            overdue=Count("id", filter=Q(status=MilestoneStatus.PENDING, due_on__lt=today)),
            next_due=Min("due_on", filter=Q(status=MilestoneStatus.PENDING, due_on__gte=today)),
        )
    visits = Visit.objects.filter(ledger_entry=entry).prefetch_related("experts")
    return {
        "diagnoses": diagnoses,
        "issues": issues,
        "plan": plan,
        "milestones": milestones,
        "visits": list(visits[:5]),
        "visit_count": visits.count(),
    }


# ---- program progress -----------------------------------------------------------------------


def progress_entries(user, program: Program, *, cb=None, status="", q=""):
    """The program's ledger entries the user follows (the office: all; a CB: its own),
    filtered by CB, ledger status and a name / USCC search."""
    entries = reach_entries(program, user)
    if cb:
        entries = entries.filter(cb_id=cb)
    if status:
        entries = entries.filter(status=status)
    if q:
        entries = entries.filter(
            Q(enterprise__name__icontains=q)
            | Q(enterprise__name_en__icontains=q)
            | Q(enterprise__uscc__icontains=q)
        )
    return entries


def progress_rows(entries, today: dt.date):
    """The table rows: each entry with its plan status and progress, the number of overdue
    milestones and the next due date. No working papers."""
    pending = Q(plan__milestones__status=MilestoneStatus.PENDING)
    return (
        entries.select_related("enterprise__region", "cb", "plan")
        .annotate(
            overdue=Count(
                "plan__milestones", filter=pending & Q(plan__milestones__due_on__lt=today)
            ),
            next_due=Min(
                "plan__milestones__due_on", filter=pending & Q(plan__milestones__due_on__gte=today)
            ),
        )
        .order_by("enterprise__name", "id")
    )


def progress_charts(entries) -> dict:
    """Mean plan progress per CB (over entries that have a plan) and the number of entries per
    ledger status, over the filtered entries."""
    base = entries.order_by()
    per_cb = list(
        base.values("cb_id")
        .annotate(mean=Avg("plan__progress"), plans=Count("plan"), entries=Count("id"))
        .order_by("cb_id")
    )
    names = Organization.objects.in_bulk([row["cb_id"] for row in per_cb])
    for row in per_cb:
        row["cb"] = str(names[row["cb_id"]])
    per_status = dict(base.values_list("status").annotate(n=Count("id")).order_by())
    return {"per_cb": per_cb, "per_status": per_status}


def cb_programs(user):
    """Programs in which the user's CBs assist (participating, or with entries assigned)."""
    cbs = _cb_ids(user)
    return (
        Program.objects.filter(Q(participating_cbs__in=cbs) | Q(entries__cb_id__in=cbs))
        .distinct()
        .order_by("-start", "name")
    )
