"""Reads for checklist templates, and the checklist engine's tallies shared by certification and
internal audits: progress per main clause (4–10) and result counts per clause and focus area."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404

from qualift.standards.choices import ChecklistResult, FocusArea, TemplatePurpose
from qualift.standards.models import ChecklistQuestion, ChecklistTemplate, Clause

# The results counted in summaries, in display order (not applicable is counted apart).
SUMMARY_RESULTS: tuple[str, ...] = (
    ChecklistResult.CONFORM,
    ChecklistResult.MINOR_NC,
    ChecklistResult.MAJOR_NC,
    ChecklistResult.OBSERVATION,
    ChecklistResult.OFI,
)


def template_list(user, *, purpose: str = "") -> QuerySet[ChecklistTemplate]:
    """Templates the user may use: shipped ones and their own organisations'."""
    qs = ChecklistTemplate.objects.visible_to(user).annotate(n_questions=Count("questions"))
    if purpose:
        qs = qs.filter(purpose__in=[TemplatePurpose.BOTH, purpose])
    return qs.order_by("-is_default", "name_en", "pk")


def get_template_for_user(user, pk: int) -> ChecklistTemplate:
    return get_object_or_404(ChecklistTemplate.objects.visible_to(user), pk=pk)


def default_template() -> ChecklistTemplate | None:
    """The shipped default template (no owner, marked default)."""
    return (
        ChecklistTemplate.objects.filter(owner__isnull=True, is_default=True).order_by("pk").first()
    )


def templates_for_organization(org_id: int, purpose: str) -> QuerySet[ChecklistTemplate]:
    """Templates an organisation may audit with: shipped ones and its own, for `purpose`."""
    return ChecklistTemplate.objects.filter(
        Q(owner__isnull=True) | Q(owner_id=org_id),
        purpose__in=[TemplatePurpose.BOTH, purpose],
    ).order_by("-is_default", "name_en", "pk")


def template_questions(template: ChecklistTemplate) -> QuerySet[ChecklistQuestion]:
    return template.questions.select_related("clause").order_by("position", "pk")


def main_clauses() -> dict[str, Clause]:
    """The main clauses 4–10 by number."""
    return {c.number: c for c in Clause.objects.filter(parent__isnull=True)}


def main_number(clause_number: str) -> str:
    return clause_number.split(".")[0]


def _clause_sort_key(number: str) -> tuple[int, ...]:
    return tuple(int(part) for part in number.split(".") if part.isdigit())


@dataclass
class ClauseProgress:
    """Answered / total questions under one main clause."""

    number: str
    title: str
    answered: int = 0
    total: int = 0

    @property
    def percent(self) -> int:
        return round(100 * self.answered / self.total) if self.total else 0

    @property
    def done(self) -> bool:
        return self.total > 0 and self.answered == self.total


def progress_by_clause(pairs: Iterable[tuple[str, bool]]) -> list[ClauseProgress]:
    """Progress per main clause from (clause number, answered?) pairs, in clause order."""
    titles = main_clauses()
    groups: dict[str, ClauseProgress] = {}
    for number, answered in pairs:
        top = main_number(number)
        group = groups.get(top)
        if group is None:
            clause = titles.get(top)
            group = groups[top] = ClauseProgress(top, clause.title if clause else top)
        group.total += 1
        group.answered += 1 if answered else 0
    return [groups[k] for k in sorted(groups, key=_clause_sort_key)]


@dataclass
class ResultRow:
    """Counts of each checklist result for one clause or focus area."""

    key: str
    label: str
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def cells(self) -> list[int]:
        return [self.counts.get(r, 0) for r in SUMMARY_RESULTS]

    @property
    def not_applicable(self) -> int:
        return self.counts.get(ChecklistResult.NOT_APPLICABLE, 0)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def results_by_clause(rows: Iterable[tuple[str, str, int]]) -> list[ResultRow]:
    """Fold (clause number, result, count) rows — a database GROUP BY — into main clauses."""
    titles = main_clauses()
    out: dict[str, ResultRow] = {}
    for number, result, n in rows:
        if not result:
            continue
        top = main_number(number)
        row = out.get(top)
        if row is None:
            clause = titles.get(top)
            row = out[top] = ResultRow(top, f"{top} {clause.title}" if clause else top)
        row.counts[result] = row.counts.get(result, 0) + n
    return [out[k] for k in sorted(out, key=_clause_sort_key)]


def results_by_focus(rows: Iterable[tuple[str, str, int]]) -> list[ResultRow]:
    """(focus area, result, count) rows into one row per focus area, all five always shown."""
    out = {area.value: ResultRow(area.value, str(area.label)) for area in FocusArea}
    for area, result, n in rows:
        if result and area in out:
            out[area].counts[result] = out[area].counts.get(result, 0) + n
    return list(out.values())
