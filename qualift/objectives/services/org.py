"""The enterprise's organisation: departments (a tree), positions (what each job is responsible
for and may decide, and whom it reports to) and employees (ISO 9001 5.3).

Every write needs org.change on the enterprise and writes one audit event. Links (part of,
reports to, manager, department, position) must stay inside the enterprise and never form a
loop.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from qualift.core.audit import audit_enterprise_record as _audit
from qualift.core.audit import audit_record, snapshot, stored_snapshot
from qualift.enterprises.models import Enterprise
from qualift.objectives.models import Department, Employee, Position
from qualift.objectives.org_templates import TEMPLATES
from qualift.tenancy.models import Membership
from qualift.tenancy.permissions import require

CHANGE = "org.change"
DEPARTMENT_FIELDS = ("name", "parent", "sequence", "is_active")
POSITION_FIELDS = (
    "title",
    "department",
    "responsibilities",
    "authorities",
    "reports_to",
    "is_top_management",
    "sequence",
    "is_active",
)
EMPLOYEE_FIELDS = (
    "name",
    "position",
    "department",
    "manager",
    "start_date",
    "phone",
    "email",
    "user",
    "is_active",
)


def _same_enterprise(field: str, obj, enterprise: Enterprise) -> None:
    if obj is not None and obj.enterprise_id != enterprise.pk:
        raise ValidationError({field: _("Choose one of this enterprise's own records.")})


def _no_loop(field: str, obj, start, link: str, message: str) -> None:
    """Walking `link` up from `start` must never come back to `obj` (nor start at it)."""
    if obj.pk is None:
        return
    seen: set[int] = set()
    node = start
    while node is not None and node.pk not in seen:
        if node.pk == obj.pk:
            raise ValidationError({field: message})
        seen.add(node.pk)
        node = getattr(node, link)


def _changes(before: dict, after: dict) -> tuple[dict, dict]:
    changed = {k for k in after if before.get(k) != after.get(k) and k != "updated_at"}
    return {k: before.get(k) for k in changed}, {k: after[k] for k in changed}


def _save(actor, entity: str, obj, enterprise: Enterprise, fields, data, check) -> Any:
    require(actor, CHANGE, [enterprise.organization_id])
    if obj.pk is not None and obj.enterprise_id != enterprise.pk:
        raise ValidationError(_("This record belongs to another enterprise."))
    before = stored_snapshot(obj) if obj.pk else None
    for key in fields:
        if key in data:
            value = data[key]
            setattr(obj, key, value.strip() if isinstance(value, str) else value)
    check(obj)
    obj.full_clean(validate_unique=False, validate_constraints=False)
    obj.save()
    if before is None:
        _audit(actor, f"{entity}.create", obj, after=snapshot(obj))
    else:
        _audit(actor, f"{entity}.update", obj, *_changes(before, snapshot(obj)))
    return obj


@transaction.atomic
def department_save(
    *, actor, enterprise: Enterprise, data: dict[str, Any], department: Department | None = None
) -> Department:
    """Create a department, or change one (name, part of, sequence, active)."""
    department = department or Department(enterprise=enterprise)

    def check(dept: Department) -> None:
        if not dept.name:
            raise ValidationError({"name": _("Give the department a name.")})
        clash = Department.objects.filter(enterprise=enterprise, name=dept.name)
        if clash.exclude(pk=dept.pk).exists():
            raise ValidationError({"name": _("This enterprise already has a department so named.")})
        _same_enterprise("parent", dept.parent, enterprise)
        _no_loop(
            "parent",
            dept,
            dept.parent,
            "parent",
            _("A department cannot be part of itself or of one of its own sub-departments."),
        )

    return _save(actor, "department", department, enterprise, DEPARTMENT_FIELDS, data, check)


@transaction.atomic
def position_save(
    *, actor, enterprise: Enterprise, data: dict[str, Any], position: Position | None = None
) -> Position:
    """Create a position, or change its title, department, responsibilities, authorities,
    reporting line or top-management flag."""
    position = position or Position(enterprise=enterprise)

    def check(pos: Position) -> None:
        if not pos.title:
            raise ValidationError({"title": _("Give the position a title.")})
        clash = Position.objects.filter(enterprise=enterprise, title=pos.title)
        if clash.exclude(pk=pos.pk).exists():
            raise ValidationError({"title": _("This enterprise already has a position so named.")})
        _same_enterprise("department", pos.department, enterprise)
        _same_enterprise("reports_to", pos.reports_to, enterprise)
        _no_loop(
            "reports_to",
            pos,
            pos.reports_to,
            "reports_to",
            _("A position cannot report to itself or to a position that reports to it."),
        )

    return _save(actor, "position", position, enterprise, POSITION_FIELDS, data, check)


@transaction.atomic
def employee_save(
    *, actor, enterprise: Enterprise, data: dict[str, Any], employee: Employee | None = None
) -> Employee:
    """Create an employee, or change one. Without a department of its own, the employee takes
    the department of the position."""
    employee = employee or Employee(enterprise=enterprise)

    def check(emp: Employee) -> None:
        if not emp.name:
            raise ValidationError({"name": _("Enter the employee's name.")})
        _same_enterprise("position", emp.position, enterprise)
        _same_enterprise("department", emp.department, enterprise)
        _same_enterprise("manager", emp.manager, enterprise)
        if emp.department is None and emp.position is not None:
            emp.department = emp.position.department
        _no_loop(
            "manager",
            emp,
            emp.manager,
            "manager",
            _("An employee cannot report to themselves or to someone who reports to them."),
        )
        if (
            emp.user_id
            and not Membership.objects.filter(
                user_id=emp.user_id, organization_id=enterprise.organization_id, is_active=True
            ).exists()
        ):
            raise ValidationError(
                {"user": _("Choose a user account of one of this enterprise's own people.")}
            )

    return _save(actor, "employee", employee, enterprise, EMPLOYEE_FIELDS, data, check)


@transaction.atomic
def org_import(*, actor, enterprise: Enterprise, rows: list[dict[str, Any]]) -> list[Employee]:
    """Add every checked row of an employee import, or none (one transaction).

    Rows come from importing_org.validate_rows: `position`, `department` and a stored `manager`
    are objects, a manager named in the same file is `manager_row` (its row number). Managers are
    added before the people who report to them.
    """
    require(actor, CHANGE, [enterprise.organization_id])
    created: dict[int, Employee] = {}
    pending = list(rows)
    while pending:
        ready = [r for r in pending if not r.get("manager_row") or r["manager_row"] in created]
        if not ready:  # validate_rows rejects loops; this guards a caller that skipped it
            raise ValidationError(_("The reporting lines in the file form a loop."))
        for row in ready:
            data = {k: row.get(k) for k in EMPLOYEE_FIELDS if k in row}
            if row.get("manager_row"):
                data["manager"] = created[row["manager_row"]]
            created[row["row_number"]] = employee_save(
                actor=actor, enterprise=enterprise, data=data
            )
        pending = [r for r in pending if r["row_number"] not in created]
    return [created[r["row_number"]] for r in rows]


@transaction.atomic
def apply_org_template(
    *, actor, enterprise: Enterprise, key: str, language: str | None = None
) -> dict[str, int]:
    """Add the template's departments and positions the enterprise does not have yet (matched by
    name and title in `language`); existing ones are left as they are. Returns the counts added."""
    require(actor, CHANGE, [enterprise.organization_id])
    template = TEMPLATES.get(key)
    if template is None:
        raise ValidationError({"template": _("Choose one of the industry templates.")})
    language = language or get_language() or "en"
    departments = {d.name: d for d in Department.objects.filter(enterprise=enterprise)}
    positions = {p.title: p for p in Position.objects.filter(enterprise=enterprise)}
    by_key: dict[str, Department] = {}
    added_departments, added_positions = [], []
    for spec in template.departments:
        name = spec.name.get(language)
        if name not in departments:
            parent = by_key.get(spec.parent) if spec.parent else None
            dept = Department(enterprise=enterprise, name=name, parent=parent)
            dept.sequence = 10 * (len(departments) + 1)
            dept.full_clean(validate_unique=False, validate_constraints=False)
            dept.save()
            departments[name] = dept
            added_departments.append(name)
        by_key[spec.key] = departments[name]
    position_by_key: dict[str, Position] = {}
    for spec in template.positions:
        title = spec.title.get(language)
        if title not in positions:
            pos = Position(
                enterprise=enterprise,
                title=title,
                department=by_key.get(spec.department) if spec.department else None,
                responsibilities=spec.responsibilities.get(language),
                authorities=spec.authorities.get(language),
                reports_to=position_by_key.get(spec.reports_to) if spec.reports_to else None,
                is_top_management=spec.top_management,
                sequence=10 * (len(positions) + 1),
            )
            pos.full_clean(validate_unique=False, validate_constraints=False)
            pos.save()
            positions[title] = pos
            added_positions.append(title)
        position_by_key[spec.key] = positions[title]
    counts = {"departments": len(added_departments), "positions": len(added_positions)}
    if added_departments or added_positions:
        audit_record(
            actor=actor,
            verb="org.apply_template",
            target_type="objectives.organisation",
            target_id=enterprise.pk,
            target_label=template.name.get(language),
            organization=enterprise.organization,
            enterprise_id=enterprise.pk,
            after={
                "template": key,
                "departments": added_departments,
                "positions": added_positions,
            },
        )
    return counts
