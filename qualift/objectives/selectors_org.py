"""Scoped reads for the organisation: lists, one-object lookups, and the org chart."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404

from qualift.objectives.models import Department, Employee, Position
from qualift.tenancy.permissions import can


def department_list(user, enterprise, *, q: str = "") -> QuerySet[Department]:
    qs = (
        Department.objects.visible_to(user)
        .filter(enterprise=enterprise)
        .select_related("parent")
        .annotate(
            n_positions=Count("positions", distinct=True),
            n_employees=Count("employees", filter=Q(employees__is_active=True), distinct=True),
        )
    )
    if q:
        qs = qs.filter(name__icontains=q)
    return qs.order_by("sequence", "name")


def position_list(
    user, enterprise, *, q: str = "", department: Department | None = None
) -> QuerySet[Position]:
    qs = (
        Position.objects.visible_to(user)
        .filter(enterprise=enterprise)
        .select_related("department", "reports_to")
        .annotate(n_employees=Count("employees", filter=Q(employees__is_active=True)))
    )
    if q:
        qs = qs.filter(
            Q(title__icontains=q) | Q(responsibilities__icontains=q) | Q(authorities__icontains=q)
        )
    if department is not None:
        qs = qs.filter(department=department)
    return qs.order_by("-is_top_management", "sequence", "title")


def employee_list(
    user,
    enterprise,
    *,
    q: str = "",
    department: Department | None = None,
    position: Position | None = None,
    is_active: bool | None = None,
) -> QuerySet[Employee]:
    qs = (
        Employee.objects.visible_to(user)
        .filter(enterprise=enterprise)
        .select_related("position", "department", "manager")
    )
    if q:
        qs = qs.filter(
            Q(name__icontains=q)
            | Q(phone__icontains=q)
            | Q(email__icontains=q)
            | Q(position__title__icontains=q)
        )
    if department is not None:
        qs = qs.filter(department=department)
    if position is not None:
        qs = qs.filter(position=position)
    if is_active is not None:
        qs = qs.filter(is_active=is_active)
    return qs.order_by("name", "id")


def _get_for_user(model, user, pk: int, action: str | None, related: tuple[str, ...]):
    obj = get_object_or_404(
        model.objects.visible_to(user).select_related("enterprise__organization", *related), pk=pk
    )
    if action and not can(user, action, [obj.enterprise.organization_id]):
        raise PermissionDenied
    return obj


def get_department_for_user(user, pk: int, action: str | None = None) -> Department:
    """404 outside the user's scope; 403 when `action` is given and not granted."""
    return _get_for_user(Department, user, pk, action, ("parent",))


def get_position_for_user(user, pk: int, action: str | None = None) -> Position:
    return _get_for_user(Position, user, pk, action, ("department", "reports_to"))


def get_employee_for_user(user, pk: int, action: str | None = None) -> Employee:
    return _get_for_user(Employee, user, pk, action, ("position", "department", "manager"))


@dataclass
class ChartPosition:
    position: Position
    employees: list[Employee] = field(default_factory=list)


@dataclass
class ChartDepartment:
    department: Department
    depth: int
    positions: list[ChartPosition] = field(default_factory=list)
    employees: list[Employee] = field(default_factory=list)  # in the department, no position


@dataclass
class OrgChart:
    top: list[ChartPosition]
    departments: list[ChartDepartment]
    loose_positions: list[ChartPosition]  # positions in no department
    loose_employees: list[Employee]  # employees with neither position nor department

    @property
    def is_empty(self) -> bool:
        return not (self.top or self.departments or self.loose_positions or self.loose_employees)


def org_chart(user, enterprise) -> OrgChart:
    """Top management first, then the department tree (depth first, by sequence) with each
    department's positions and the active employees in each; three queries."""
    departments = list(
        Department.objects.visible_to(user).filter(enterprise=enterprise, is_active=True)
    )
    positions = list(
        Position.objects.visible_to(user)
        .filter(enterprise=enterprise, is_active=True)
        .select_related("reports_to")
    )
    employees = list(
        Employee.objects.visible_to(user)
        .filter(enterprise=enterprise, is_active=True)
        .select_related("manager")
    )
    chart_positions = {p.pk: ChartPosition(p) for p in positions}
    dept_nodes = {d.pk: ChartDepartment(d, 0) for d in departments}
    loose_employees = []
    for emp in employees:
        if emp.position_id in chart_positions:
            chart_positions[emp.position_id].employees.append(emp)
        elif emp.department_id in dept_nodes:
            dept_nodes[emp.department_id].employees.append(emp)
        else:
            loose_employees.append(emp)
    top, loose_positions = [], []
    for cp in chart_positions.values():
        if cp.position.is_top_management:
            top.append(cp)
        elif cp.position.department_id in dept_nodes:
            dept_nodes[cp.position.department_id].positions.append(cp)
        else:
            loose_positions.append(cp)
    children: dict[int | None, list[Department]] = {}
    for dept in departments:
        parent = dept.parent_id if dept.parent_id in dept_nodes else None
        children.setdefault(parent, []).append(dept)
    ordered: list[ChartDepartment] = []

    def walk(parent: int | None, depth: int) -> None:
        for dept in sorted(children.get(parent, []), key=lambda d: (d.sequence, d.name)):
            node = dept_nodes[dept.pk]
            node.depth = depth
            ordered.append(node)
            walk(dept.pk, depth + 1)

    walk(None, 0)
    return OrgChart(top, ordered, loose_positions, loose_employees)
