"""Permission-matrix rows for the organisation: org chart, departments, positions, employees
(UI and API)."""

from __future__ import annotations

from tests.test_permission_matrix import QMS_VISIBLE, QMS_WRITE, Row

ROWS = {
    "objectives:org-chart": Row("enterprise", visible=QMS_VISIBLE),
    # An empty POST names no template: refused with a message, back to the chart.
    "objectives:org-template": Row(
        "enterprise", method="post", visible=QMS_VISIBLE, writable=QMS_WRITE, ok=(302,)
    ),
    "objectives:department-list": Row("enterprise", visible=QMS_VISIBLE),
    "objectives:department-create": Row("enterprise", visible=QMS_VISIBLE, writable=QMS_WRITE),
    "objectives:department-edit": Row("department", visible=QMS_VISIBLE, writable=QMS_WRITE),
    "objectives:position-list": Row("enterprise", visible=QMS_VISIBLE),
    "objectives:position-create": Row("enterprise", visible=QMS_VISIBLE, writable=QMS_WRITE),
    "objectives:position-detail": Row("position", visible=QMS_VISIBLE),
    "objectives:position-edit": Row("position", visible=QMS_VISIBLE, writable=QMS_WRITE),
    "objectives:employee-list": Row("enterprise", visible=QMS_VISIBLE),
    "objectives:employee-create": Row("enterprise", visible=QMS_VISIBLE, writable=QMS_WRITE),
    "objectives:employee-edit": Row("employee", visible=QMS_VISIBLE, writable=QMS_WRITE),
    "objectives:employee-import": Row("enterprise", visible=QMS_VISIBLE, writable=QMS_WRITE),
}

API_ROWS = {
    "api:department-list": Row(),
    "api:department-detail": Row(
        "department", method="patch", visible=QMS_VISIBLE, writable=QMS_WRITE
    ),
    "api:position-list": Row(),
    "api:position-detail": Row("position", method="patch", visible=QMS_VISIBLE, writable=QMS_WRITE),
    "api:employee-list": Row(),
    "api:employee-detail": Row("employee", method="patch", visible=QMS_VISIBLE, writable=QMS_WRITE),
}

KINDS = ("department", "position", "employee")


def targets(world, kind: str) -> dict[str, dict] | None:
    if kind not in KINDS:
        return None
    from qualift.objectives.services.org import department_save, employee_save, position_save

    out = {}
    for key in ("a1", "a2", "b1"):
        enterprise = getattr(world, key)
        dept = department_save(actor=None, enterprise=enterprise, data={"name": "Workshop"})
        pos = position_save(
            actor=None,
            enterprise=enterprise,
            data={"title": "Machinist", "department": dept, "responsibilities": "Turn parts"},
        )
        emp = employee_save(
            actor=None, enterprise=enterprise, data={"name": f"Worker {key}", "position": pos}
        )
        out[key] = {"pk": {"department": dept, "position": pos, "employee": emp}[kind].pk}
    out["missing"] = {"pk": 999_999}
    return out
