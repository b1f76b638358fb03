"""Reads for assistance issues: an entry's issues, their ranking and its sensitivity."""

from __future__ import annotations

from django.shortcuts import get_object_or_404

from qualift.assistance.access import check_write
from qualift.assistance.models import AssistanceIssue
from qualift.assistance.prioritise import Ranked, Shift, prioritise, sensitivity
from qualift.assistance.services.weights import weights_for


def entry_issues(entry):
    """Every issue found in the entry's diagnoses, oldest first (the ranking's input order)."""
    return (
        AssistanceIssue.objects.filter(diagnosis__ledger_entry=entry)
        .select_related("diagnosis")
        .order_by("created_at", "id")
    )


def rank_entry(entry) -> tuple[list[Ranked], list[Shift], dict[int, AssistanceIssue]]:
    """The entry's issues ranked under its CB's weights, the ±20 % sensitivity of the ranks, and
    the issues by id (the keys of both lists)."""
    issues = {issue.pk: issue for issue in entry_issues(entry)}
    weights = weights_for(entry.cb_id)
    rows = [(pk, issue.scores()) for pk, issue in issues.items()]
    return prioritise(rows, weights), sensitivity(rows, weights), issues


def get_issue_for_user(user, pk: int, write_action: str | None = None) -> AssistanceIssue:
    """The issue among those the user sees (404), and 403 when `write_action` is not granted."""
    issue = get_object_or_404(
        AssistanceIssue.objects.visible_to(user).select_related(
            "diagnosis__ledger_entry", "enterprise", "cb", "program"
        ),
        pk=pk,
    )
    if write_action:
        check_write(user, write_action, issue)
    return issue
