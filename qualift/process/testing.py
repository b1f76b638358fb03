"""Test helpers: a small process map and readings written straight to the tables (tests only;
the application writes through the services)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.utils import timezone

from qualift.enterprises.models import Enterprise
from qualift.process.models import ControlPoint, Gauge, Measurement, Parameter, Process

T0 = dt.datetime(2026, 1, 5, 8, 0, tzinfo=dt.UTC)


def make_parameter(enterprise: Enterprise, code: str = "P10", **fields) -> Parameter:
    """A key process with one control point and one parameter (I-MR unless told otherwise)."""
    process, _ = Process.objects.get_or_create(
        enterprise=enterprise, code=code, defaults={"name": f"Process {code}", "is_key": True}
    )
    point = ControlPoint.objects.create(enterprise=enterprise, process=process, name="Point")
    values = {"name": "Diameter", "unit": "mm", "chart_type": "imr", "subgroup_size": 1}
    values.update(fields)
    parameter = Parameter(enterprise=enterprise, control_point=point, **values)
    parameter.full_clean()
    parameter.save()
    return parameter


def make_gauge(enterprise: Enterprise, code: str = "G1", due: dt.date | None = None) -> Gauge:
    due = due if due is not None else timezone.localdate() + dt.timedelta(days=90)
    return Gauge.objects.create(
        enterprise=enterprise, code=code, name=f"Caliper {code}", calibration_due=due
    )


def add_readings(
    parameter: Parameter,
    values: Sequence[float],
    subgroups: Sequence[int] | None = None,
    sizes: Sequence[int] | None = None,
    start: dt.datetime = T0,
    step: dt.timedelta = dt.timedelta(hours=1),
) -> list[Measurement]:
    """Store readings; subgroups default to one per reading (or blocks of the subgroup size)."""
    n = parameter.subgroup_size if parameter.chart_type in ("xbar-r", "xbar-s") else 1
    first = parameter.next_subgroup
    if subgroups is None:
        subgroups = [first + i // n for i in range(len(values))]
    rows = []
    for i, (value, subgroup) in enumerate(zip(values, subgroups, strict=True)):
        row = Measurement(
            enterprise_id=parameter.enterprise_id,
            parameter=parameter,
            taken_at=start + step * (subgroup - 1),
            subgroup=subgroup,
        )
        if parameter.is_attribute:
            row.count = int(value)
            row.sample_size = sizes[i] if sizes is not None else parameter.sample_size
        else:
            row.value = float(value)
        rows.append(row)
    Measurement.objects.bulk_create(rows)
    parameter.next_subgroup = max(subgroups) + 1
    Parameter.objects.filter(pk=parameter.pk).update(next_subgroup=parameter.next_subgroup)
    return rows
