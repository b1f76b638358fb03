"""The assistance home by role (CB workspace, the enterprise's tasks, the office's programs), an
entry's overview, and a program's progress table."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from qualift.assistance import selectors_workspace as selectors
from qualift.assistance.access import acting_orgs, get_entry_for_user, get_program_for_user
from qualift.assistance.choices import PlanStatus
from qualift.core.views_helpers import paginate, querystring_without_page, render_page
from qualift.programs.choices import LedgerStatus
from qualift.tenancy.models import Organization
from qualift.tenancy.permissions import can
from qualift.tenancy.scope import scope_of

MAX_LISTED = 50


@login_required
def home(request: HttpRequest) -> HttpResponse:
    role = selectors.workspace_role(request.user)
    if role is None:
        raise PermissionDenied
    if role == "enterprise":
        return redirect("assistance:my-tasks")
    if role == "office":
        programs = selectors.office_programs(request.user)
        return render(request, "assistance/workspace.html", {"role": role, "programs": programs})
    today = timezone.localdate()
    show_all = request.GET.get("all") == "1"
    context = {
        "role": role,
        "today": today,
        "show_all": show_all,
        "page": paginate(request, selectors.my_entries(request.user, today, show_all=show_all)),
        "querystring": querystring_without_page(request),
        "diagnoses": list(selectors.diagnoses_to_finish(request.user)[:MAX_LISTED]),
        "plans": selectors.plans_to_agree(request.user),
        "milestones": list(selectors.milestones_due(request.user, today)[:MAX_LISTED]),
        "programs": list(selectors.cb_programs(request.user)[:MAX_LISTED]),
    }
    return render_page(request, "assistance/workspace.html", context)


@login_required
def entry(request: HttpRequest, pk: int) -> HttpResponse:
    ledger_entry = get_entry_for_user(request.user, pk)
    today = timezone.localdate()
    orgs = acting_orgs(ledger_entry)
    context = {
        "entry": ledger_entry,
        "today": today,
        **selectors.entry_overview(ledger_entry, today),
        "can_diagnose": can(request.user, "diagnosis.change", orgs),
        "can_visit": can(request.user, "visit.change", orgs),
        "can_plan": can(request.user, "plan.change", orgs),
    }
    return render(request, "assistance/entry.html", context)


@login_required
def my_tasks(request: HttpRequest) -> HttpResponse:
    if not scope_of(request.user).enterprise_org_ids:
        raise PermissionDenied
    today = timezone.localdate()
    context = {
        "today": today,
        "plans": list(selectors.enterprise_plans(request.user)[:MAX_LISTED]),
        "measures": list(selectors.my_measures(request.user)[:MAX_LISTED]),
    }
    return render(request, "assistance/my_tasks.html", context)


def _id(value: str) -> int | None:
    return int(value) if value.isascii() and value.isdigit() and len(value) < 19 else None


@login_required
def program_progress(request: HttpRequest, pk: int) -> HttpResponse:
    program = get_program_for_user(request.user, pk)
    today = timezone.localdate()
    cb = _id(request.GET.get("cb", ""))
    status = request.GET.get("status", "")
    status = status if status in LedgerStatus.values else ""
    q = request.GET.get("q", "").strip()[:100]
    visible = selectors.progress_entries(request.user, program)
    entries = selectors.progress_entries(request.user, program, cb=cb, status=status, q=q)
    charts = selectors.progress_charts(entries)
    chart = {
        "cbs": [row["cb"] for row in charts["per_cb"]],
        "means": [
            round(row["mean"], 1) if row["mean"] is not None else None for row in charts["per_cb"]
        ],
        "statuses": [str(label) for _value, label in LedgerStatus.choices],
        "counts": [charts["per_status"].get(value, 0) for value in LedgerStatus.values],
    }
    cb_options = Organization.objects.filter(
        pk__in=visible.order_by().values("cb_id").distinct()
    ).order_by("name")
    context = {
        "program": program,
        "today": today,
        "page": paginate(request, selectors.progress_rows(entries, today)),
        "querystring": querystring_without_page(request),
        "filters": {"cb": cb, "status": status, "q": q},
        "cb_options": cb_options,
        "statuses": LedgerStatus.choices,
        "plan_statuses": dict(PlanStatus.choices),
        "chart": chart,
        "per_cb": charts["per_cb"],
    }
    return render_page(request, "assistance/program_progress.html", context)
