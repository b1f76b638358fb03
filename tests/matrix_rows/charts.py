"""Permission-matrix rows for control charts, limits, alarms, the process dashboard and the
capability report (UI and API)."""

from __future__ import annotations

from tests.test_permission_matrix import QMS_VISIBLE, QMS_WRITE, Row

ROWS = {
    "process:dashboard": Row("enterprise", visible=QMS_VISIBLE),
    "process:alarm-list": Row("enterprise", visible=QMS_VISIBLE),
    "process:parameter-chart": Row("chart_parameter", visible=QMS_VISIBLE),
    "process:parameter-chart-data": Row("chart_parameter", visible=QMS_VISIBLE),
    "process:capability-pdf": Row("chart_parameter", visible=QMS_VISIBLE),
    # An empty freeze form is shown again with its errors.
    "process:limits-freeze": Row(
        "chart_parameter", method="post", visible=QMS_VISIBLE, writable=QMS_WRITE, ok=(200,)
    ),
    "process:alarm-detail": Row("alarm", visible=QMS_VISIBLE),
    # Raises the nonconformity (the second writer gets the same one): to the NC page.
    "process:alarm-raise-nc": Row(
        "alarm", method="post", visible=QMS_VISIBLE, writable=QMS_WRITE, ok=(302,)
    ),
    # Closing without a reason shows the alarm again with the error.
    "process:alarm-close": Row(
        "alarm", method="post", visible=QMS_VISIBLE, writable=QMS_WRITE, ok=(200,)
    ),
}

API_ROWS = {
    "api:parameter-chart": Row("chart_parameter", visible=QMS_VISIBLE),
    "api:parameter-freeze-limits": Row(
        "chart_parameter", method="post", visible=QMS_VISIBLE, writable=QMS_WRITE, ok=(400,)
    ),
    "api:alarm-list": Row(),
    "api:alarm-detail": Row("alarm", visible=QMS_VISIBLE),
    "api:alarm-raise-nc": Row(
        "alarm", method="post", visible=QMS_VISIBLE, writable=QMS_WRITE, ok=(200, 201)
    ),
    "api:alarm-close": Row(
        "alarm", method="post", visible=QMS_VISIBLE, writable=QMS_WRITE, ok=(400,)
    ),
}

# Alternating readings around 10 (σ ≈ 0.89), then a reading far beyond the upper limit.
STABLE = [10.5, 9.5] * 10
SPIKE = 14.0


def _parameter(enterprise, key: str, values):
    from qualift.process.testing import add_readings, make_parameter

    parameter = make_parameter(
        enterprise,
        code="PCH",
        name=f"Shaft diameter ({key})",
        rules="we:1",
        lsl=5.0,
        usl=15.0,
        reaction_plan="Stop, re-measure, tell the steward.",
    )
    add_readings(parameter, values)
    return parameter


def targets(world, kind: str) -> dict[str, dict] | None:
    if kind not in ("chart_parameter", "alarm"):
        return None
    from qualift.process.models import Alarm
    from qualift.process.services.alarms import check_new_readings
    from qualift.process.services.limits import freeze_limits

    out = {}
    for key in ("a1", "a2", "b1"):
        enterprise = getattr(world, key)
        if kind == "chart_parameter":
            parameter = _parameter(enterprise, key, STABLE)
            freeze_limits(
                actor=None, parameter=parameter, first_subgroup=1, last_subgroup=20, reason="P1"
            )
            out[key] = {"pk": parameter.pk}
        else:
            parameter = _parameter(enterprise, key, [*STABLE, SPIKE])
            check_new_readings(actor=None, parameter=parameter, first_subgroup=1)
            out[key] = {"pk": Alarm.objects.get(parameter=parameter, chart="").pk}
    out["missing"] = {"pk": 999_999}
    return out
