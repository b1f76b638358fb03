"""Permission-matrix rows for readings: the entry form, the list, the imports, the bulk API."""

from __future__ import annotations

from tests.test_permission_matrix import QMS_USERS, QMS_VISIBLE, Row

# measurement.create: an enterprise's admin, steward and staff (not the CBs, not program offices).
MEASURE_WRITE = {
    "a1": {"a1_admin", "a1_steward", "a1_staff"},
    "a2": {"a2_admin"},
    "b1": {"b1_admin"},
}

ROWS = {
    "process:reading-entry": Row("reading_parameter", visible=QMS_VISIBLE, writable=MEASURE_WRITE),
    "process:reading-list": Row("reading_parameter", visible=QMS_VISIBLE),
    "process:reading-import": Row("reading_parameter", visible=QMS_VISIBLE, writable=MEASURE_WRITE),
    "process:reading-import-enterprise": Row(
        "enterprise", visible=QMS_VISIBLE, writable=MEASURE_WRITE
    ),
}

API_ROWS = {
    # Without a parameter (or enterprise) filter the list is a 400; roles that read no quality
    # records (program offices) get 403 first.
    "api:measurement-list": Row(allowed=QMS_USERS, ok=(400,)),
}


def targets(world, kind: str) -> dict[str, dict] | None:
    if kind != "reading_parameter":
        return None
    from qualift.process.testing import add_readings, make_parameter

    out = {}
    for key in ("a1", "a2", "b1"):
        parameter = make_parameter(getattr(world, key), "RD1", name=f"Bore {key}")
        add_readings(parameter, [10.0, 10.1, 9.9])
        out[key] = {"pk": parameter.pk}
    out["missing"] = {"pk": 999_999}
    return out
