"""Permission-matrix rows for the process map, the gauge register and the equipment register
(UI and API)."""

from __future__ import annotations

import datetime as dt

from tests.test_permission_matrix import QMS_VISIBLE, QMS_WRITE, Row

ENTERPRISE_READ = Row("enterprise", visible=QMS_VISIBLE)
ENTERPRISE_FORM = Row("enterprise", visible=QMS_VISIBLE, writable=QMS_WRITE)

ROWS = {
    "process:process-list": ENTERPRISE_READ,
    "process:process-create": ENTERPRISE_FORM,
    "process:process-detail": Row("process", visible=QMS_VISIBLE),
    "process:process-edit": Row("process", visible=QMS_VISIBLE, writable=QMS_WRITE),
    "process:control-point-create": Row("process", visible=QMS_VISIBLE, writable=QMS_WRITE),
    "process:control-point-edit": Row("control_point", visible=QMS_VISIBLE, writable=QMS_WRITE),
    "process:parameter-create": Row("control_point", visible=QMS_VISIBLE, writable=QMS_WRITE),
    "process:parameter-detail": Row("parameter", visible=QMS_VISIBLE),
    "process:parameter-edit": Row("parameter", visible=QMS_VISIBLE, writable=QMS_WRITE),
    "process:gauge-list": ENTERPRISE_READ,
    "process:gauge-create": ENTERPRISE_FORM,
    "process:gauge-edit": Row("gauge", visible=QMS_VISIBLE, writable=QMS_WRITE),
    "process:gauge-calibrate": Row("gauge", visible=QMS_VISIBLE, writable=QMS_WRITE),
    "process:equipment-list": ENTERPRISE_READ,
    "process:equipment-create": ENTERPRISE_FORM,
    "process:equipment-edit": Row("equipment", visible=QMS_VISIBLE, writable=QMS_WRITE),
    "process:equipment-maintained": Row("equipment", visible=QMS_VISIBLE, writable=QMS_WRITE),
}

# An empty PATCH is a no-op update (200); an empty POST to an action is an incomplete body (400).
API_ROWS = {
    "api:process-list": Row(),
    "api:process-detail": Row("process", method="patch", visible=QMS_VISIBLE, writable=QMS_WRITE),
    "api:control-point-list": Row(),
    "api:control-point-detail": Row(
        "control_point", method="patch", visible=QMS_VISIBLE, writable=QMS_WRITE
    ),
    "api:parameter-list": Row(),
    "api:parameter-detail": Row(
        "parameter", method="patch", visible=QMS_VISIBLE, writable=QMS_WRITE
    ),
    "api:gauge-list": Row(),
    "api:gauge-detail": Row("gauge", method="patch", visible=QMS_VISIBLE, writable=QMS_WRITE),
    "api:gauge-calibrate": Row(
        "gauge", method="post", visible=QMS_VISIBLE, writable=QMS_WRITE, ok=(400,)
    ),
    "api:equipment-list": Row(),
    "api:equipment-detail": Row(
        "equipment", method="patch", visible=QMS_VISIBLE, writable=QMS_WRITE
    ),
    "api:equipment-maintained": Row(
        "equipment", method="post", visible=QMS_VISIBLE, writable=QMS_WRITE, ok=(400,)
    ),
}

KINDS = ("process", "control_point", "parameter", "gauge", "equipment")


def _build(enterprise, key: str) -> dict[str, int]:
    """One small map per enterprise, written through the services (CLI operator)."""
    from qualift.process.services import process_map as services

    process = services.process_save(
        actor=None,
        enterprise=enterprise,
        data={"code": "P10", "name": f"Turning ({key})", "is_key": True},
    )
    point = services.control_point_save(
        actor=None, process=process, data={"name": "After finishing"}
    )
    gauge = services.gauge_save(
        actor=None,
        enterprise=enterprise,
        data={"code": "G1", "name": "Caliper", "last_calibrated_on": dt.date(2025, 1, 10)},
    )
    parameter = services.parameter_save(
        actor=None,
        control_point=point,
        data={"name": "Diameter", "unit": "mm", "lsl": 9.9, "usl": 10.1, "gauge": gauge},
    )
    equipment = services.equipment_save(
        actor=None,
        enterprise=enterprise,
        data={"code": "M1", "name": "Lathe", "process": process, "maintenance_interval_days": 30},
    )
    return {
        "process": process.pk,
        "control_point": point.pk,
        "parameter": parameter.pk,
        "gauge": gauge.pk,
        "equipment": equipment.pk,
    }


def targets(world, kind: str) -> dict[str, dict] | None:
    if kind not in KINDS:
        return None
    out = {}
    for key in ("a1", "a2", "b1"):
        out[key] = {"pk": _build(getattr(world, key), key)[kind]}
    out["missing"] = {"pk": 999_999}
    return out
