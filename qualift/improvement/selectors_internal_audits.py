"""Scoped reads for internal audits: the list, one audit, its workspace and its results."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from qualift.improvement.models import InternalAudit, InternalAuditAnswer
from qualift.standards.choices import NC_RESULTS
from qualift.standards.selectors import (
    ClauseProgress,
    ResultRow,
    main_number,
    progress_by_clause,
    results_by_clause,
    results_by_focus,
)
from qualift.tenancy.permissions import can


def with_counts(qs: QuerySet[InternalAudit]) -> QuerySet[InternalAudit]:
    """Questions, answered questions and NC answers per audit, counted in the database."""
    return qs.annotate(
        n_questions=Count("answers", distinct=True),
        n_answered=Count("answers", filter=~Q(answers__result=""), distinct=True),
        n_nc=Count("answers", filter=Q(answers__result__in=NC_RESULTS), distinct=True),
    )


def audit_list(user, enterprise, *, status: str = "", q: str = "") -> QuerySet[InternalAudit]:
    qs = InternalAudit.objects.visible_to(user).filter(enterprise=enterprise)
    if status:
        qs = qs.filter(status=status)
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(auditors__icontains=q) | Q(scope__icontains=q))
    return with_counts(qs.select_related("template")).order_by("-planned_on", "-id")


def get_audit_for_user(user, pk: int, write: bool = False) -> InternalAudit:
    """404 outside the user's scope; 403 for a write the user's role does not grant."""
    audit = get_object_or_404(
        InternalAudit.objects.visible_to(user).select_related(
            "enterprise__organization", "template"
        ),
        pk=pk,
    )
    if write and not can(user, "internal_audit.change", [audit.enterprise.organization_id]):
        raise PermissionDenied
    return audit


def answers_prefetch() -> Prefetch:
    return Prefetch(
        "answers",
        queryset=InternalAuditAnswer.objects.select_related(
            "question__clause", "nonconformity"
        ).order_by("question__position", "pk"),
    )


def audit_answers(audit: InternalAudit) -> list[InternalAuditAnswer]:
    return list(
        audit.answers.select_related("question__clause", "nonconformity").order_by(
            "question__position", "pk"
        )
    )


@dataclass
class ClauseGroup:
    """A main clause's questions in the workspace, with its progress."""

    progress: ClauseProgress
    answers: list[InternalAuditAnswer]


def workspace_groups(answers: list[InternalAuditAnswer]) -> list[ClauseGroup]:
    """Answers grouped under their main clause (4–10), each group with answered/total."""
    progress = progress_by_clause((a.question.clause.number, bool(a.result)) for a in answers)
    by_top: dict[str, list[InternalAuditAnswer]] = {}
    for answer in answers:
        by_top.setdefault(main_number(answer.question.clause.number), []).append(answer)
    return [ClauseGroup(p, by_top[p.number]) for p in progress]


def clause_progress(audit: InternalAudit, number: str) -> ClauseProgress:
    """Progress of one main clause (after an answer is saved, for the in-place update)."""
    rows = audit.answers.values_list("question__clause__number", "result")
    pairs = [(n, bool(r)) for n, r in rows if main_number(n) == number]
    found = progress_by_clause(pairs)
    return found[0] if found else ClauseProgress(number, number)


def overall_progress(audit: InternalAudit) -> tuple[int, int]:
    """(answered, total) for the whole audit, in one query."""
    counts = audit.answers.aggregate(total=Count("pk"), answered=Count("pk", filter=~Q(result="")))
    return counts["answered"], counts["total"]


@dataclass
class AuditResults:
    by_clause: list[ResultRow]
    by_focus: list[ResultRow]


def audit_results(audit: InternalAudit) -> AuditResults:
    """Result counts per main clause and per focus area (two GROUP BY queries)."""
    answers = audit.answers.exclude(result="").order_by()
    clause_rows = answers.values_list("question__clause__number", "result").annotate(n=Count("pk"))
    focus_rows = answers.values_list("question__focus_area", "result").annotate(n=Count("pk"))
    return AuditResults(results_by_clause(clause_rows), results_by_focus(focus_rows))
