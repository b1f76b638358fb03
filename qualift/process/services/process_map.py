"""The process map and its registers: processes, key control points, control parameters,
gauges (calibration) and equipment (maintenance).

Each function checks `process.change` in the enterprise, validates everything (the model's
`full_clean`, codes unique per enterprise, related records of the same enterprise) before it
saves, and writes one audit event. Bad input raises ValidationError and changes nothing.

Due dates: a gauge's calibration is due `calibration_interval_months` after its last
calibration, equipment maintenance `maintenance_interval_days` after the last maintenance. A due
date typed in explicitly (a certificate may name one) wins over the computed one.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qualift.core.audit import audit_enterprise_record as _audit
from qualift.core.audit import snapshot, stored_snapshot
from qualift.documents.models import ControlledDocument
from qualift.enterprises.models import Enterprise
from qualift.process.choices import ChartType, ParameterKind
from qualift.process.models import ControlPoint, Equipment, Gauge, Measurement, Parameter, Process
from qualift.tenancy.models import Membership
from qualift.tenancy.permissions import require

CHANGE = "process.change"
# Upper bounds that keep computed due dates far inside the calendar.
MAX_CALIBRATION_MONTHS = 120
MAX_MAINTENANCE_DAYS = 3650

PROCESS_FIELDS = (
    "code",
    "name",
    "is_key",
    "sequence",
    "owner_name",
    "owner",
    "description",
    "inputs",
    "outputs",
    "factor_people",
    "factor_machine",
    "factor_material",
    "factor_method",
    "factor_environment",
    "factor_measurement",
    "is_active",
)
CONTROL_POINT_FIELDS = ("name", "location", "description", "sequence")
PARAMETER_FIELDS = (
    "name",
    "kind",
    "unit",
    "target",
    "lsl",
    "usl",
    "subgroup_size",
    "sample_size",
    "frequency",
    "method",
    "gauge",
    "reaction_plan",
    "chart_type",
    "rules",
    "ewma_lambda",
    "ewma_l",
    "cusum_k",
    "cusum_h",
    "alarm_mode",
    "is_active",
    "sequence",
)
GAUGE_FIELDS = (
    "code",
    "name",
    "kind",
    "measuring_range",
    "resolution",
    "location",
    "last_calibrated_on",
    "calibration_interval_months",
    "calibration_due",
    "certificate_ref",
    "is_active",
)
EQUIPMENT_FIELDS = (
    "code",
    "name",
    "model_number",
    "location",
    "process",
    "operating_instruction",
    "instruction_document",
    "last_maintained_on",
    "maintenance_interval_days",
    "next_maintenance_on",
    "is_active",
)
# Text fields are stored stripped; a code is an identifier, so surrounding spaces never matter.
_STRIP = ("code", "name", "rules")


def add_months(day: dt.date, months: int) -> dt.date:
    """`day` plus whole calendar months; the 31st becomes the last day of a shorter month."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def _changes(before: dict, after: dict) -> tuple[dict, dict]:
    changed = {k for k in after if before.get(k) != after.get(k) and k != "updated_at"}
    return {k: before.get(k) for k in changed}, {k: after[k] for k in changed}


def _assign(obj, data: dict[str, Any], fields: tuple[str, ...]) -> None:
    for key in fields:
        if key in data:
            value = data[key]
            if key in _STRIP and isinstance(value, str):
                value = value.strip()
            setattr(obj, key, value)


def _unique_code(model, obj, label: str) -> None:
    clash = model.objects.filter(enterprise_id=obj.enterprise_id, code=obj.code)
    if obj.pk:
        clash = clash.exclude(pk=obj.pk)
    if obj.code and clash.exists():
        raise ValidationError({"code": label % {"code": obj.code}})


def _same_enterprise(errors: dict, field: str, related, enterprise_id: int, message: str) -> None:
    if related is not None and related.enterprise_id != enterprise_id:
        errors[field] = message


def _not_future(errors: dict, field: str, day: dt.date | None) -> None:
    if day and day > timezone.localdate():
        errors[field] = _("The date cannot be in the future.")


def _finite(errors: dict, obj, fields: tuple[str, ...]) -> None:
    for field in fields:
        value = getattr(obj, field)
        if value is not None and not math.isfinite(value):
            errors[field] = _("Enter a finite number.")


def _raise(errors: dict) -> None:
    if errors:
        raise ValidationError(errors)


def _save(actor, obj, verb: str, is_new: bool, before: dict | None):
    obj.full_clean()
    obj.save()
    if is_new:
        _audit(actor, f"{verb}.create", obj, after=snapshot(obj))
    else:
        old, new = _changes(before or {}, snapshot(obj))
        _audit(actor, f"{verb}.update", obj, old, new)
    return obj


# -- processes ---------------------------------------------------------------------------------


@transaction.atomic
def process_save(
    *, actor, enterprise: Enterprise, data: dict[str, Any], process: Process | None = None
) -> Process:
    """Create a process of the enterprise, or change one (`process`)."""
    require(actor, CHANGE, [enterprise.organization_id])
    if process is not None and process.enterprise_id != enterprise.pk:
        raise ValidationError(_("This process belongs to another enterprise."))
    before = stored_snapshot(process) if process is not None else None
    obj = process or Process(enterprise=enterprise)
    _assign(obj, data, PROCESS_FIELDS)
    errors: dict[str, str] = {}
    owner_changed = before is None or before.get("owner_id") != obj.owner_id
    if obj.owner_id is not None and owner_changed:
        member = Membership.objects.filter(
            user_id=obj.owner_id, organization_id=enterprise.organization_id, is_active=True
        ).exists()
        if not member:
            errors["owner"] = _("The owner must be a member of this enterprise.")
    _raise(errors)
    _unique_code(Process, obj, _("A process with the code %(code)s already exists."))
    return _save(actor, obj, "process", process is None, before)


@transaction.atomic
def control_point_save(
    *, actor, process: Process, data: dict[str, Any], point: ControlPoint | None = None
) -> ControlPoint:
    """Add a key control point to `process`, or change one (`point`, kept in `process`)."""
    require(actor, CHANGE, [process.enterprise.organization_id])
    if point is not None and point.enterprise_id != process.enterprise_id:
        raise ValidationError(_("This control point belongs to another enterprise."))
    before = stored_snapshot(point) if point is not None else None
    obj = point or ControlPoint(enterprise_id=process.enterprise_id)
    obj.process = process
    _assign(obj, data, CONTROL_POINT_FIELDS)
    return _save(actor, obj, "control_point", point is None, before)


# -- parameters --------------------------------------------------------------------------------


def _parameter_checks(obj: Parameter, stored_kind: str | None) -> None:
    errors: dict[str, str] = {}
    _finite(errors, obj, ("target", "lsl", "usl", "ewma_lambda", "ewma_l", "cusum_k", "cusum_h"))
    _raise(errors)
    _same_enterprise(
        errors, "gauge", obj.gauge, obj.enterprise_id, _("Choose a gauge of this enterprise.")
    )
    if stored_kind is not None and stored_kind != obj.kind:
        if Measurement.objects.filter(parameter_id=obj.pk).exists():
            errors["kind"] = _(
                "Readings are recorded for this parameter: its kind can no longer change."
            )
    if obj.chart_type == ChartType.EWMA:
        if obj.ewma_lambda is not None and not 0 < obj.ewma_lambda <= 1:
            errors["ewma_lambda"] = _("λ must be above 0 and at most 1.")
        if obj.ewma_l is not None and obj.ewma_l <= 0:
            errors["ewma_l"] = _("L must be above 0.")
    if obj.chart_type == ChartType.CUSUM:
        if obj.cusum_k is not None and obj.cusum_k < 0:
            errors["cusum_k"] = _("k cannot be negative.")
        if obj.cusum_h is not None and obj.cusum_h <= 0:
            errors["cusum_h"] = _("h must be above 0.")
    if obj.sample_size is not None and obj.sample_size < 1:
        errors["sample_size"] = _("The sample size must be at least 1.")
    _raise(errors)


def _normalise_parameter(obj: Parameter) -> None:
    """Options that do not apply to the chosen chart or kind are not kept, so the record never
    says more than the chart uses."""
    if obj.chart_type != ChartType.EWMA:
        obj.ewma_lambda = obj.ewma_l = None
    if obj.chart_type != ChartType.CUSUM:
        obj.cusum_k = obj.cusum_h = None
    if obj.kind == ParameterKind.VARIABLE:
        obj.sample_size = None
    else:
        obj.subgroup_size = 1
    if isinstance(obj.rules, str):
        obj.rules = obj.rules.replace(" ", "").lower()


@transaction.atomic
def parameter_save(
    *,
    actor,
    control_point: ControlPoint,
    data: dict[str, Any],
    parameter: Parameter | None = None,
) -> Parameter:
    """Add a control parameter to `control_point`, or change one (`parameter`).

    `data` keys are Parameter fields (`gauge` a Gauge of the same enterprise). The model's
    clean() checks chart against kind, subgroup size, specification and rules; a one-sided
    specification (only LSL or only USL) is allowed. A parameter's kind cannot change once
    readings are recorded."""
    require(actor, CHANGE, [control_point.enterprise.organization_id])
    if parameter is not None and parameter.enterprise_id != control_point.enterprise_id:
        raise ValidationError(_("This parameter belongs to another enterprise."))
    before = stored_snapshot(parameter) if parameter is not None else None
    obj = parameter or Parameter(enterprise_id=control_point.enterprise_id)
    obj.control_point = control_point
    _assign(obj, data, PARAMETER_FIELDS)
    _normalise_parameter(obj)
    _parameter_checks(obj, before["kind"] if before else None)
    return _save(actor, obj, "parameter", parameter is None, before)


# -- gauges ------------------------------------------------------------------------------------


def _explicit(data: dict, key: str, stored: dict | None):
    """The date typed in for `key` when it differs from what is stored (else None: compute)."""
    value = data.get(key)
    if value is None:
        return None
    if stored is not None and str(value) == str(stored.get(key)):
        return None
    return value


@transaction.atomic
def gauge_save(*, actor, enterprise: Enterprise, data: dict[str, Any], gauge: Gauge | None = None):
    """Add a gauge to the register, or change one. Calibration is due `calibration_interval_months`
    after the last calibration unless a due date is typed in; with neither the gauge counts as
    overdue (no calibration on record)."""
    require(actor, CHANGE, [enterprise.organization_id])
    if gauge is not None and gauge.enterprise_id != enterprise.pk:
        raise ValidationError(_("This gauge belongs to another enterprise."))
    before = stored_snapshot(gauge) if gauge is not None else None
    obj = gauge or Gauge(enterprise=enterprise)
    _assign(obj, data, GAUGE_FIELDS)
    errors: dict[str, str] = {}
    _not_future(errors, "last_calibrated_on", obj.last_calibrated_on)
    _finite(errors, obj, ("resolution",))
    if not obj.calibration_interval_months:
        errors["calibration_interval_months"] = _("The interval must be at least one month.")
    elif obj.calibration_interval_months > MAX_CALIBRATION_MONTHS:
        errors["calibration_interval_months"] = _("The interval can be at most %(n)s months.") % {
            "n": MAX_CALIBRATION_MONTHS
        }
    _raise(errors)
    explicit = _explicit(data, "calibration_due", before)
    if explicit is None and obj.last_calibrated_on:
        obj.calibration_due = add_months(obj.last_calibrated_on, obj.calibration_interval_months)
    if (
        obj.calibration_due
        and obj.last_calibrated_on
        and obj.calibration_due < obj.last_calibrated_on
    ):
        raise ValidationError(
            {"calibration_due": _("The due date cannot be before the last calibration.")}
        )
    _unique_code(Gauge, obj, _("A gauge with the code %(code)s already exists."))
    return _save(actor, obj, "gauge", gauge is None, before)


@transaction.atomic
def gauge_calibrated(
    *, actor, gauge: Gauge, calibrated_on: dt.date, certificate_ref: str = ""
) -> Gauge:
    """Record a calibration: the next one is due `calibration_interval_months` later."""
    require(actor, CHANGE, [gauge.enterprise.organization_id])
    gauge = (
        Gauge.objects.select_for_update(of=("self",)).select_related("enterprise").get(pk=gauge.pk)
    )
    errors: dict[str, str] = {}
    if calibrated_on is None:
        errors["calibrated_on"] = _("Enter the calibration date.")
    else:
        _not_future(errors, "calibrated_on", calibrated_on)
        if gauge.last_calibrated_on and calibrated_on < gauge.last_calibrated_on:
            errors["calibrated_on"] = _("A later calibration (%(date)s) is already on record.") % {
                "date": gauge.last_calibrated_on.isoformat()
            }
    _raise(errors)
    fields = ["last_calibrated_on", "calibration_due", "certificate_ref"]
    before = snapshot(gauge, fields)
    gauge.last_calibrated_on = calibrated_on
    gauge.calibration_due = add_months(calibrated_on, gauge.calibration_interval_months)
    gauge.certificate_ref = (certificate_ref or "").strip()
    gauge.full_clean()
    gauge.save()
    _audit(actor, "gauge.calibrate", gauge, before, snapshot(gauge, fields))
    return gauge


# -- equipment ---------------------------------------------------------------------------------


@transaction.atomic
def equipment_save(
    *, actor, enterprise: Enterprise, data: dict[str, Any], equipment: Equipment | None = None
) -> Equipment:
    """Add a machine to the equipment register, or change one. Next maintenance is
    `maintenance_interval_days` after the last unless a date is typed in."""
    require(actor, CHANGE, [enterprise.organization_id])
    if equipment is not None and equipment.enterprise_id != enterprise.pk:
        raise ValidationError(_("This equipment belongs to another enterprise."))
    before = stored_snapshot(equipment) if equipment is not None else None
    obj = equipment or Equipment(enterprise=enterprise)
    _assign(obj, data, EQUIPMENT_FIELDS)
    errors: dict[str, str] = {}
    _same_enterprise(
        errors, "process", obj.process, enterprise.pk, _("Choose a process of this enterprise.")
    )
    document: ControlledDocument | None = obj.instruction_document
    _same_enterprise(
        errors,
        "instruction_document",
        document,
        enterprise.pk,
        _("Choose a document of this enterprise."),
    )
    if document is not None and document.enterprise_id == enterprise.pk and document.is_withdrawn:
        if before is None or before.get("instruction_document_id") != document.pk:
            errors["instruction_document"] = _("This document is withdrawn.")
    _not_future(errors, "last_maintained_on", obj.last_maintained_on)
    interval = obj.maintenance_interval_days
    if interval is not None and not 1 <= interval <= MAX_MAINTENANCE_DAYS:
        errors["maintenance_interval_days"] = _(
            "The interval must be between 1 and %(n)s days."
        ) % {"n": MAX_MAINTENANCE_DAYS}
    _raise(errors)
    explicit = _explicit(data, "next_maintenance_on", before)
    if explicit is None and obj.last_maintained_on and obj.maintenance_interval_days:
        obj.next_maintenance_on = obj.last_maintained_on + dt.timedelta(
            days=obj.maintenance_interval_days
        )
    last, nxt = obj.last_maintained_on, obj.next_maintenance_on
    if last and nxt and nxt < last:
        raise ValidationError(
            {"next_maintenance_on": _("The next maintenance cannot be before the last.")}
        )
    _unique_code(Equipment, obj, _("Equipment with the code %(code)s already exists."))
    return _save(actor, obj, "equipment", equipment is None, before)


@transaction.atomic
def equipment_maintained(*, actor, equipment: Equipment, maintained_on: dt.date) -> Equipment:
    """Record a maintenance: the next is due `maintenance_interval_days` later (when an interval
    is set; otherwise no next date is planned)."""
    require(actor, CHANGE, [equipment.enterprise.organization_id])
    equipment = (
        Equipment.objects.select_for_update(of=("self",))
        .select_related("enterprise")
        .get(pk=equipment.pk)
    )
    errors: dict[str, str] = {}
    if maintained_on is None:
        errors["maintained_on"] = _("Enter the maintenance date.")
    else:
        _not_future(errors, "maintained_on", maintained_on)
        if equipment.last_maintained_on and maintained_on < equipment.last_maintained_on:
            errors["maintained_on"] = _("A later maintenance (%(date)s) is already on record.") % {
                "date": equipment.last_maintained_on.isoformat()
            }
    _raise(errors)
    fields = ["last_maintained_on", "next_maintenance_on"]
    before = snapshot(equipment, fields)
    equipment.last_maintained_on = maintained_on
    if equipment.maintenance_interval_days:
        equipment.next_maintenance_on = maintained_on + dt.timedelta(
            days=equipment.maintenance_interval_days
        )
    else:
        equipment.next_maintenance_on = None
    equipment.full_clean()
    equipment.save()
    _audit(actor, "equipment.maintain", equipment, before, snapshot(equipment, fields))
    return equipment
