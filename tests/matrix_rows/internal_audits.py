"""Permission-matrix rows for internal audits and checklist templates (UI and API)."""

from __future__ import annotations

import datetime as dt

from tests.test_permission_matrix import EVERYONE, QMS_VISIBLE, QMS_WRITE, Row

AUDIT = "internal_audit"

ROWS = {
    "improvement:audit-list": Row("enterprise", visible=QMS_VISIBLE),
    "improvement:audit-create": Row("enterprise", visible=QMS_VISIBLE, writable=QMS_WRITE),
    "improvement:audit-detail": Row(AUDIT, visible=QMS_VISIBLE),
    "improvement:audit-results": Row(AUDIT, visible=QMS_VISIBLE),
    "improvement:audit-edit": Row(AUDIT, visible=QMS_VISIBLE, writable=QMS_WRITE),
    # Starting redirects to the workspace (the second writer gets "already started" there).
    "improvement:audit-start": Row(
        AUDIT, method="post", visible=QMS_VISIBLE, writable=QMS_WRITE, ok=(302,)
    ),
    # An empty answer / raise-NC post is refused with a message, back to the workspace.
    "improvement:audit-answer": Row(
        AUDIT, method="post", visible=QMS_VISIBLE, writable=QMS_WRITE, ok=(302,)
    ),
    "improvement:audit-raise-nc": Row(
        AUDIT, method="post", visible=QMS_VISIBLE, writable=QMS_WRITE, ok=(302,)
    ),
    "improvement:audit-complete": Row(AUDIT, visible=QMS_VISIBLE, writable=QMS_WRITE),
    "improvement:audit-cancel": Row(AUDIT, visible=QMS_VISIBLE, writable=QMS_WRITE),
}

API_ROWS = {
    "api:internal-audit-list": Row(),
    "api:internal-audit-detail": Row(
        AUDIT, method="patch", visible=QMS_VISIBLE, writable=QMS_WRITE
    ),
    # The first writer starts the planned audit (200), the next one is told it already runs.
    "api:internal-audit-start": Row(
        AUDIT, method="post", visible=QMS_VISIBLE, writable=QMS_WRITE, ok=(200, 400)
    ),
    "api:internal-audit-answer": Row(
        AUDIT, method="post", visible=QMS_VISIBLE, writable=QMS_WRITE, ok=(400,)
    ),
    "api:internal-audit-raise-nc": Row(
        AUDIT, method="post", visible=QMS_VISIBLE, writable=QMS_WRITE, ok=(400,)
    ),
    "api:internal-audit-complete": Row(
        AUDIT, method="post", visible=QMS_VISIBLE, writable=QMS_WRITE, ok=(400,)
    ),
    "api:internal-audit-cancel": Row(
        AUDIT, method="post", visible=QMS_VISIBLE, writable=QMS_WRITE, ok=(400,)
    ),
    "api:checklist-template-list": Row(),
    # The shipped template has no owner: every signed-in user reads it.
    "api:checklist-template-detail": Row("checklist_template", visible={"default": EVERYONE}),
}


def targets(world, kind: str) -> dict[str, dict] | None:
    if kind == "checklist_template":
        from qualift.standards.selectors import default_template

        return {"default": {"pk": default_template().pk}, "missing": {"pk": 999_999}}
    if kind != AUDIT:
        return None
    from qualift.improvement.services.internal_audits import internal_audit_plan

    out = {}
    for key in ("a1", "a2", "b1"):
        audit = internal_audit_plan(
            actor=None,
            enterprise=getattr(world, key),
            data={
                "title": f"Internal audit {key}",
                "planned_on": dt.date(2026, 3, 2),
                "auditors": "Li Min",
                "scope": "All processes",
            },
        )
        out[key] = {"pk": audit.pk}
    out["missing"] = {"pk": 999_999}
    return out
