"""Scoped reads for suggestions: the filtered list, monthly counts by status for the chart, the
reward ledger and the leaderboard (points and money per employee)."""

from __future__ import annotations

import datetime as dt
import re

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.shortcuts import get_object_or_404

from qualift.objectives.choices import SuggestionStatus
from qualift.objectives.models import RewardEntry, Suggestion, SuggestionBox
from qualift.tenancy.permissions import can

MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def parse_month(value: str | None) -> tuple[dt.date, dt.date] | None:
    """ "2025-03" → (first day, first day of the next month); None for anything else."""
    match = MONTH.match(value or "")
    if not match:
        return None
    year, month = int(match.group(1)), int(match.group(2))
    if not (1 <= month <= 12 and 1900 <= year <= 9999):
        return None
    start = dt.date(year, month, 1)
    end = dt.date(year + (month == 12), month % 12 + 1, 1)
    return start, end


def suggestions_for(
    user, enterprise, *, status: str = "", month: str = "", q: str = ""
) -> QuerySet[Suggestion]:
    qs = (
        Suggestion.objects.visible_to(user)
        .filter(enterprise=enterprise)
        .select_related("employee")
        .order_by("-submitted_on", "-id")
    )
    if status in SuggestionStatus.values:
        qs = qs.filter(status=status)
    bounds = parse_month(month)
    if bounds:
        qs = qs.filter(submitted_on__gte=bounds[0], submitted_on__lt=bounds[1])
    q = (q or "").strip()[:100]
    if q:
        qs = qs.filter(
            Q(number__icontains=q)
            | Q(title__icontains=q)
            | Q(description__icontains=q)
            | Q(submitter_name__icontains=q)
        )
    return qs


def get_suggestion_for_user(user, pk: int, action: str | None = None) -> Suggestion:
    """A suggestion the user may see (else 404); with `action`, one whose enterprise grants the
    user that action (else 403)."""
    suggestion = get_object_or_404(
        Suggestion.objects.visible_to(user).select_related(
            "enterprise__organization", "employee", "evaluated_by"
        ),
        pk=pk,
    )
    if action and not can(user, action, [suggestion.enterprise.organization_id]):
        raise PermissionDenied
    return suggestion


def monthly_counts(enterprise, today: dt.date, months: int = 12) -> dict:
    """Suggestions submitted per month over the last `months` months (this one included), split
    by their status now: {"months": ["2025-01", …], "series": {status: [n, …]}}."""
    first = dt.date(today.year, today.month, 1)
    for _ in range(months - 1):
        first = (first - dt.timedelta(days=1)).replace(day=1)
    labels = []
    day = first
    for _ in range(months):
        labels.append(day.strftime("%Y-%m"))
        day = (day + dt.timedelta(days=32)).replace(day=1)
    series = {status: [0] * months for status in SuggestionStatus.values}
    rows = (
        Suggestion.objects.filter(enterprise=enterprise, submitted_on__gte=first)
        .annotate(month=TruncMonth("submitted_on"))
        .values("month", "status")
        .annotate(n=Count("id"))
    )
    for row in rows:
        label = row["month"].strftime("%Y-%m")
        if label in labels:
            series[row["status"]][labels.index(label)] = row["n"]
    return {"months": labels, "series": series}


def ledger_for(user, enterprise, employee_id: int | None = None) -> QuerySet[RewardEntry]:
    qs = (
        RewardEntry.objects.visible_to(user)
        .filter(enterprise=enterprise)
        .select_related("employee", "suggestion")
        .order_by("-awarded_on", "-id")
    )
    if employee_id:
        qs = qs.filter(employee_id=employee_id)
    return qs


def leaderboard(enterprise, year: int | None = None) -> list[dict]:
    """Points and money per employee (all time, or in `year`), most points first:
    [{"employee_id", "name", "points", "amount", "suggestions"}]."""
    qs = RewardEntry.objects.filter(enterprise=enterprise)
    if year:
        qs = qs.filter(awarded_on__year=year)
    rows = (
        qs.values("employee_id", "employee__name")
        .annotate(
            points=Sum("points"),
            amount=Sum("amount"),
            suggestions=Count("suggestion", distinct=True),
        )
        .order_by("-points", "-amount", "employee__name")
    )
    return [
        {
            "employee_id": r["employee_id"],
            "name": r["employee__name"],
            "points": r["points"] or 0,
            "amount": r["amount"] or 0,
            "suggestions": r["suggestions"],
        }
        for r in rows
    ]


def open_box_by_token(token: str) -> SuggestionBox:
    """The open box a public link names, else 404 (unknown, renewed or closed alike)."""
    return get_object_or_404(
        SuggestionBox.objects.select_related("enterprise"), token=token, is_open=True
    )
