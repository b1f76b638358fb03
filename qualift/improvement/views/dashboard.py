"""The quality steward's overview and the improvement analysis pages."""

from __future__ import annotations

import datetime as dt
import json

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from qualift.core.views_helpers import enterprise_entry
from qualift.documents.selectors import documents_due_for_review
from qualift.enterprises.scoping import get_qms_enterprise_for_user
from qualift.improvement import analysis, selectors
from qualift.improvement.models import Complaint, CorrectiveAction, Nonconformity


@login_required
def quality_home(request: HttpRequest) -> HttpResponse:
    """One enterprise: straight to its overview; several (a CB): choose one."""
    return enterprise_entry(request, "improvement:dashboard", "improvement/choose.html")


def _documents_due(enterprise, today: dt.date):
    return list(
        documents_due_for_review([enterprise.pk], today, settings.QUALIFT_REVIEW_REMINDER_DAYS)[:10]
    )


@login_required
def dashboard(request: HttpRequest, enterprise_pk: int) -> HttpResponse:
    enterprise = get_qms_enterprise_for_user(request.user, enterprise_pk)
    today = timezone.localdate()
    ncs = Nonconformity.objects.filter(enterprise=enterprise)
    actions = CorrectiveAction.objects.filter(enterprise=enterprise)
    counts = analysis.nc_status_counts(ncs)
    open_ncs = sum(
        counts[s] for s in ("draft", "analysing", "action_plan", "implementing", "verifying")
    )
    context = {
        "enterprise": enterprise,
        "tab": "dashboard",
        "today": today,
        "nc_counts": counts,
        "open_ncs": open_ncs,
        "action_counts": analysis.action_counts(actions, today),
        "open_complaints": Complaint.objects.filter(enterprise=enterprise)
        .filter(~Q(status="closed"))
        .count(),
        "overdue": selectors.overdue_actions(actions, today)
        .select_related("nonconformity")
        .order_by("due_on")[:10],
        "effectiveness_due": selectors.effectiveness_due(actions, today)
        .select_related("nonconformity")
        .order_by("effectiveness_due")[:10],
        "documents_due": _documents_due(enterprise, today),
        "pareto_cause": _chart(
            analysis.pareto(ncs.filter(detected_on__gte=today - dt.timedelta(days=365)), "cause")
        ),
        "recent": ncs.order_by("-detected_on", "-id")[:5],
    }
    return render(request, "improvement/dashboard.html", context)


def _chart(bars) -> str:
    return json.dumps(
        {
            "labels": [b.label for b in bars],
            "counts": [b.count for b in bars],
            "cumulative": [b.cumulative_pct for b in bars],
        },
        ensure_ascii=False,
    )


@login_required
def analysis_page(request: HttpRequest, enterprise_pk: int) -> HttpResponse:
    enterprise = get_qms_enterprise_for_user(request.user, enterprise_pk)
    today = timezone.localdate()
    months = request.GET.get("months", "12")
    months = int(months) if months in ("3", "6", "12", "24") else 12
    since = analysis.month_starts(today, months)[0]
    ncs = Nonconformity.objects.filter(enterprise=enterprise)
    period = ncs.filter(detected_on__gte=since)
    actions = CorrectiveAction.objects.filter(enterprise=enterprise)
    trend = analysis.monthly_trend(ncs, actions, today, months)
    charts = {
        dim: _chart(analysis.pareto(period, dim))
        for dim in ("clause", "process", "cause", "source")
    }
    context = {
        "enterprise": enterprise,
        "tab": "analysis",
        "months": months,
        "since": since,
        "charts": charts,
        "pareto": {dim: analysis.pareto(period, dim) for dim in charts},
        "trend": trend,
        "trend_json": json.dumps(
            {
                "months": [t["month"].strftime("%Y-%m") for t in trend],
                "opened": [t["opened"] for t in trend],
                "closed": [t["closed"] for t in trend],
                "overdue": [t["overdue"] for t in trend],
            }
        ),
        "avg_days": analysis.average_days_to_close(period),
        "total": period.exclude(status="cancelled").count(),
    }
    return render(request, "improvement/analysis.html", context)
