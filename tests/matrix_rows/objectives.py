"""Permission-matrix rows for the objectives cascade (issue 5 §3): /goals/…/objectives/… and
/api/v1/objectives/, /api/v1/objective-measurements/.

Kinds: "objective_manual" (a manual enterprise-level objective per enterprise; the pk is the
objective's) and "objective_measurement" (one measurement of such an objective).
"""

from __future__ import annotations

from tests.test_permission_matrix import QMS_VISIBLE, QMS_WRITE, Row

MANUAL = "objective_manual"
MEASUREMENT = "objective_measurement"

ROWS = {
    "objectives:objective-tree": Row("enterprise", visible=QMS_VISIBLE),
    "objectives:objective-create": Row("enterprise", visible=QMS_VISIBLE, writable=QMS_WRITE),
    # Compute all: nothing to compute in the matrix world, back to the tree.
    "objectives:objectives-compute": Row(
        "enterprise", method="post", visible=QMS_VISIBLE, writable=QMS_WRITE, ok=(302,)
    ),
    "objectives:objective-detail": Row(MANUAL, visible=QMS_VISIBLE),
    "objectives:objective-edit": Row(MANUAL, visible=QMS_VISIBLE, writable=QMS_WRITE),
    # Empty POSTs: the measurement and retire forms come back with their errors (200).
    "objectives:objective-measure": Row(
        MANUAL, method="post", visible=QMS_VISIBLE, writable=QMS_WRITE
    ),
    "objectives:objective-deactivate": Row(
        MANUAL, method="post", visible=QMS_VISIBLE, writable=QMS_WRITE
    ),
    # A manual objective has nothing to compute: a message and back to its page.
    "objectives:objective-compute": Row(
        MANUAL, method="post", visible=QMS_VISIBLE, writable=QMS_WRITE, ok=(302,)
    ),
}

API_ROWS = {
    "api:objective-list": Row(),
    "api:objective-detail": Row(MANUAL, method="patch", visible=QMS_VISIBLE, writable=QMS_WRITE),
    # Computing a manual objective is refused (400).
    "api:objective-compute": Row(
        MANUAL, method="post", visible=QMS_VISIBLE, writable=QMS_WRITE, ok=(400,)
    ),
    "api:objective-measurement-list": Row(),
    "api:objective-measurement-detail": Row(MEASUREMENT, visible=QMS_VISIBLE),
}


def targets(world, kind: str) -> dict[str, dict] | None:
    if kind not in (MANUAL, MEASUREMENT):
        return None
    import datetime as dt

    from qualift.objectives.services.objectives import measurement_record, objective_create

    out = {}
    for key in ("a1", "a2", "b1"):
        objective = objective_create(
            actor=None,
            enterprise=getattr(world, key),
            data={
                "level": "enterprise",
                "name": f"Matrix yield {key}",
                "unit": "%",
                "direction": "up",
                "target": 95,
                "starts_on": dt.date(2025, 1, 1),
            },
        )
        if kind == MANUAL:
            out[key] = {"pk": objective.pk}
        else:
            row = measurement_record(
                actor=None, objective=objective, day=dt.date(2025, 1, 15), value="96"
            )
            out[key] = {"pk": row.pk}
    out["missing"] = {"pk": 999_999}
    return out
