"""Coverage: "every employee has responsibilities and goals, and knows how to contribute".

`coverage_report(enterprise, today)` lists the holes in an enterprise's goals-and-responsibilities
set-up (issue 5 §4), each with the page where it is fixed, and a score:

    checks = 2 × active employees + active positions + 2 × active objectives
    score  = 100 × (checks − gaps) / checks        (one decimal; 0 when there is nothing to check)

Each active employee is checked twice (has a position; is covered by an objective), each active
position once (has responsibilities), each objective in force twice (has an owner; is measured on
schedule). The score is one of the indicators the effect evaluation uses.

An employee is covered by an objective of their own (employee level), of their position, or of
their department — the employee's department, their position's department, or any department
above either in the tree. Enterprise-level objectives alone cover nobody: each person must see
their own part of the goals, which an enterprise-wide figure does not tell them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from urllib.parse import urlencode

from django.db.models import Max, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from qualift.objectives import kpi
from qualift.objectives.choices import DataSource, ObjectiveLevel
from qualift.objectives.models import Department, Employee, Objective, Position

EMPLOYEE_WITHOUT_POSITION = "employee_without_position"
POSITION_WITHOUT_RESPONSIBILITIES = "position_without_responsibilities"
EMPLOYEE_WITHOUT_OBJECTIVE = "employee_without_objective"
OBJECTIVE_WITHOUT_OWNER = "objective_without_owner"
OBJECTIVE_NOT_MEASURED = "objective_not_measured"

# The kinds in the order the page shows them, with their headings.
KINDS: dict[str, object] = {
    EMPLOYEE_WITHOUT_POSITION: _("Employees without a position"),
    POSITION_WITHOUT_RESPONSIBILITIES: _("Positions without written responsibilities"),
    EMPLOYEE_WITHOUT_OBJECTIVE: _("Employees with no objective at their level or above them"),
    OBJECTIVE_WITHOUT_OWNER: _("Objectives without an owner"),
    OBJECTIVE_NOT_MEASURED: _("Objectives not measured on schedule"),
}
# Which permission the page a gap links to needs (the page itself enforces it too).
FIX_PERMISSION = {
    EMPLOYEE_WITHOUT_POSITION: "org.change",
    POSITION_WITHOUT_RESPONSIBILITIES: "org.change",
    EMPLOYEE_WITHOUT_OBJECTIVE: "objective.change",
    OBJECTIVE_WITHOUT_OWNER: "objective.change",
    OBJECTIVE_NOT_MEASURED: "qms.view",
}
ONE_DECIMAL = Decimal("0.1")


@dataclass(frozen=True)
class Gap:
    """One hole: what kind, who or what it concerns, and where it is fixed."""

    kind: str
    subject: str
    obj_id: int
    fix_url: str
    fix_label: str
    extra_fixes: list[tuple[str, str]] = field(default_factory=list)
    detail: str = ""  # a short explanation (e.g. which period is missing)


@dataclass
class CoverageReport:
    gaps: list[Gap]
    checks: int
    score: Decimal
    by_kind: dict[str, int]

    @property
    def passed(self) -> int:
        return self.checks - len(self.gaps)

    def grouped(self) -> list[tuple[str, object, list[Gap]]]:
        """(kind, heading, gaps) for every kind, in page order."""
        return [
            (kind, heading, [g for g in self.gaps if g.kind == kind])
            for kind, heading in KINDS.items()
        ]


def coverage_score(checks: int, gaps: int) -> Decimal:
    """100 × (checks − gaps) / checks, rounded half up to one decimal; 0 with nothing to check."""
    if checks <= 0:
        return Decimal("0.0")
    return (Decimal(100) * (checks - gaps) / checks).quantize(ONE_DECIMAL, ROUND_HALF_UP)


def objectives_in_force(enterprise, today: date):
    """Active objectives whose validity includes `today`."""
    return Objective.objects.filter(
        enterprise=enterprise, is_active=True, starts_on__lte=today
    ).filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))


def _create_url(enterprise_pk: int, **params) -> str:
    url = reverse("objectives:objective-create", kwargs={"enterprise_pk": enterprise_pk})
    return f"{url}?{urlencode(params)}"


def _department_chain(start_ids: set[int], parents: dict[int, int | None]) -> set[int]:
    """The departments in `start_ids` and every department above them."""
    chain: set[int] = set()
    todo = [d for d in start_ids if d is not None]
    while todo:
        dept = todo.pop()
        if dept in chain:  # the services forbid loops; do not hang if one slipped in
            continue
        chain.add(dept)
        parent = parents.get(dept)
        if parent is not None:
            todo.append(parent)
    return chain


def coverage_report(enterprise, today: date) -> CoverageReport:
    """The coverage gaps of `enterprise` on `today`, and its score (see the module docstring)."""
    employees = list(
        Employee.objects.filter(enterprise=enterprise, is_active=True)
        .select_related("position")
        .order_by("name", "id")
    )
    positions = list(
        Position.objects.filter(enterprise=enterprise, is_active=True).order_by("title", "id")
    )
    objectives = list(
        objectives_in_force(enterprise, today)
        .select_related("owner")
        .annotate(last_measured=Max("measurements__period_end"))
        .order_by("name", "id")
    )
    parents = dict(Department.objects.filter(enterprise=enterprise).values_list("id", "parent_id"))
    gaps: list[Gap] = []

    for emp in employees:
        if emp.position is None or not emp.position.is_active:
            gaps.append(
                Gap(
                    kind=EMPLOYEE_WITHOUT_POSITION,
                    subject=emp.name,
                    obj_id=emp.pk,
                    fix_url=reverse("objectives:employee-edit", kwargs={"pk": emp.pk}),
                    fix_label=str(_("Assign a position")),
                )
            )

    for pos in positions:
        if not pos.responsibilities.strip():
            gaps.append(
                Gap(
                    kind=POSITION_WITHOUT_RESPONSIBILITIES,
                    subject=pos.title,
                    obj_id=pos.pk,
                    fix_url=reverse("objectives:position-edit", kwargs={"pk": pos.pk}),
                    fix_label=str(_("Write the responsibilities")),
                )
            )

    held_by_employee = {o.employee_id for o in objectives if o.level == ObjectiveLevel.EMPLOYEE}
    held_by_position = {o.position_id for o in objectives if o.level == ObjectiveLevel.POSITION}
    held_by_department = {
        o.department_id for o in objectives if o.level == ObjectiveLevel.DEPARTMENT
    }
    for emp in employees:
        position = emp.position
        departments = _department_chain(
            {emp.department_id, position.department_id if position else None}, parents
        )
        covered = (
            emp.pk in held_by_employee
            or (emp.position_id is not None and emp.position_id in held_by_position)
            or bool(departments & held_by_department)
        )
        if covered:
            continue
        personal = (
            str(_("Add a personal objective")),
            _create_url(enterprise.pk, level=ObjectiveLevel.EMPLOYEE, employee=emp.pk),
        )
        if position is not None and position.is_active:
            gap = Gap(
                kind=EMPLOYEE_WITHOUT_OBJECTIVE,
                subject=emp.name,
                obj_id=emp.pk,
                fix_url=_create_url(
                    enterprise.pk, level=ObjectiveLevel.POSITION, position=position.pk
                ),
                fix_label=str(_("Add an objective for the position")),
                extra_fixes=[personal],
                detail=position.title,
            )
        else:
            gap = Gap(
                kind=EMPLOYEE_WITHOUT_OBJECTIVE,
                subject=emp.name,
                obj_id=emp.pk,
                fix_url=personal[1],
                fix_label=personal[0],
            )
        gaps.append(gap)

    for obj in objectives:
        if obj.owner_id is None or not obj.owner.is_active:
            gaps.append(
                Gap(
                    kind=OBJECTIVE_WITHOUT_OWNER,
                    subject=obj.name,
                    obj_id=obj.pk,
                    fix_url=reverse("objectives:objective-edit", kwargs={"pk": obj.pk}),
                    fix_label=str(_("Name an owner")),
                    detail=str(_("The owner has left.")) if obj.owner_id else "",
                )
            )

    for obj in objectives:
        due = kpi.last_due_period(obj.frequency, obj.starts_on, today, obj.ends_on)
        if due is None:
            continue
        if obj.last_measured is not None and obj.last_measured >= due[1]:
            continue
        gaps.append(
            Gap(
                kind=OBJECTIVE_NOT_MEASURED,
                subject=obj.name,
                obj_id=obj.pk,
                fix_url=reverse("objectives:objective-detail", kwargs={"pk": obj.pk}),
                fix_label=str(
                    _("Record the measurement")
                    if obj.source == DataSource.MANUAL
                    else _("Compute the values")
                ),
                detail=str(_("No value for the period %(start)s – %(end)s."))
                % {"start": due[0].isoformat(), "end": due[1].isoformat()},
            )
        )

    checks = 2 * len(employees) + len(positions) + 2 * len(objectives)
    by_kind = {kind: 0 for kind in KINDS}
    for gap in gaps:
        by_kind[gap.kind] += 1
    return CoverageReport(
        gaps=gaps, checks=checks, score=coverage_score(checks, len(gaps)), by_kind=by_kind
    )
