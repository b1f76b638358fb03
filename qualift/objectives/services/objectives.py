"""The objectives cascade (ISO 9001 6.2): objectives at enterprise, department, position and
employee level, their measurements per period, and the roll-up of children into parents.

Every write needs objective.change on the enterprise, runs in one transaction and writes one
audit event. Values and attainment come from qualift.objectives.kpi (pure arithmetic) and, for
computed sources, from qualift.objectives.sources.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qualift.core.audit import audit_enterprise_record as _audit
from qualift.core.audit import snapshot, stored_snapshot
from qualift.enterprises.models import Enterprise
from qualift.objectives import kpi, sources
from qualift.objectives.choices import (
    COMPUTED_SOURCES,
    Attainment,
    DataSource,
    Direction,
    ObjectiveLevel,
)
from qualift.objectives.models import Objective, ObjectiveMeasurement
from qualift.tenancy.permissions import require

CHANGE = "objective.change"
OBJECTIVE_FIELDS = (
    "parent",
    "level",
    "department",
    "position",
    "employee",
    "name",
    "description",
    "unit",
    "direction",
    "target",
    "target_low",
    "target_high",
    "at_risk_margin",
    "baseline",
    "baseline_date",
    "frequency",
    "source",
    "rollup",
    "weight",
    "source_parameter",
    "owner",
    "starts_on",
    "ends_on",
)
HOLDERS = {
    ObjectiveLevel.DEPARTMENT: "department",
    ObjectiveLevel.POSITION: "position",
    ObjectiveLevel.EMPLOYEE: "employee",
}
JUDGED = ("direction", "target", "target_low", "target_high", "at_risk_margin", "baseline")


def _user(actor):
    return actor if getattr(actor, "pk", None) else None


def _check(obj: Objective) -> None:
    """The rules of a well-formed objective; all problems reported at once."""
    errors: dict[str, str] = {}
    holder_field = HOLDERS.get(obj.level)
    for level, name in HOLDERS.items():
        value = getattr(obj, f"{name}_id")
        if name == holder_field and value is None:
            errors[name] = _("Choose the %(holder)s this objective belongs to.") % {
                "holder": ObjectiveLevel(level).label.lower()
            }
        elif name != holder_field and value is not None:
            errors[name] = _("Leave this empty: the objective's level is %(level)s.") % {
                "level": ObjectiveLevel(obj.level).label.lower()
                if obj.level in ObjectiveLevel.values
                else obj.level
            }
    for name in ("department", "position", "employee", "owner", "parent", "source_parameter"):
        related = getattr(obj, name)
        if related is not None and related.enterprise_id != obj.enterprise_id:
            errors[name] = _("Choose one of this enterprise's own records.")
    parent = obj.parent
    if parent is not None and "parent" not in errors:
        if not parent.is_active:
            errors["parent"] = _("The objective it contributes to is no longer active.")
        else:
            node, seen = parent, set()
            while node is not None and node.pk not in seen:
                if obj.pk is not None and node.pk == obj.pk:
                    errors["parent"] = _(
                        "An objective cannot contribute to itself or to one of its own "
                        "sub-objectives."
                    )
                    break
                seen.add(node.pk)
                node = node.parent
    if obj.direction in (Direction.UP, Direction.DOWN):
        if obj.target is None:
            errors["target"] = _("Give the target value.")
    elif obj.direction == Direction.BAND:
        if obj.target_low is None:
            errors["target_low"] = _("Give the lower end of the band.")
        if obj.target_high is None:
            errors["target_high"] = _("Give the upper end of the band.")
        if (
            obj.target_low is not None
            and obj.target_high is not None
            and obj.target_low > obj.target_high
        ):
            errors["target_high"] = _("The upper end of the band must not be below the lower.")
    if obj.at_risk_margin is not None and obj.at_risk_margin < 0:
        errors["at_risk_margin"] = _("The margin cannot be negative.")
    if obj.weight is not None and obj.weight < 0:
        errors["weight"] = _("The weight cannot be negative.")
    if obj.source == DataSource.SPC_CPK and obj.source_parameter_id is None:
        errors["source_parameter"] = _("Choose the process parameter whose Cpk is the value.")
    if obj.source == DataSource.ROLLUP and not obj.rollup:
        errors["rollup"] = _("Choose how the sub-objectives' values are combined.")
    if obj.source != DataSource.ROLLUP and obj.rollup:
        errors["rollup"] = _("Only an objective rolled up from its sub-objectives has a method.")
    if obj.starts_on and obj.ends_on and obj.ends_on < obj.starts_on:
        errors["ends_on"] = _("The end date cannot be before the start date.")
    if errors:
        raise ValidationError(errors)


def _apply(obj: Objective, data: dict[str, Any]) -> None:
    for key in OBJECTIVE_FIELDS:
        if key in data:
            value = data[key]
            setattr(obj, key, value.strip() if isinstance(value, str) else value)
    if obj.source != DataSource.SPC_CPK:
        obj.source_parameter = None
    if obj.rollup is None:
        obj.rollup = ""


def _judge(objective: Objective, value: Decimal | None) -> str:
    return kpi.attainment(
        objective.direction,
        value,
        target=objective.target,
        low=objective.target_low,
        high=objective.target_high,
        margin=objective.at_risk_margin,
        baseline=objective.baseline,
    )


def _refresh_latest(objective: Objective) -> None:
    """Copy the newest measurement's value and attainment onto the objective (tree lights)."""
    latest = objective.measurements.order_by("-period_end").first()
    objective.latest_value = latest.value if latest else None
    objective.latest_period_end = latest.period_end if latest else None
    objective.attainment = latest.attainment if latest else Attainment.NO_DATA
    Objective.objects.filter(pk=objective.pk).update(
        latest_value=objective.latest_value,
        latest_period_end=objective.latest_period_end,
        attainment=objective.attainment,
    )


def _rejudge(objective: Objective) -> None:
    """The target changed: judge every stored measurement again."""
    rows = list(objective.measurements.all())
    for row in rows:
        row.attainment = _judge(objective, row.value)
    ObjectiveMeasurement.objects.bulk_update(rows, ["attainment"])
    _refresh_latest(objective)


def _store(
    objective: Objective, start: dt.date, end: dt.date, value: Decimal, origin: str, **extra
) -> tuple[ObjectiveMeasurement, dict | None]:
    """Create or update the objective's measurement for the period; returns it and the stored
    row's snapshot before the change (None when created)."""
    value = kpi.quantize(value)
    row = ObjectiveMeasurement.objects.filter(objective=objective, period_end=end).first()
    before = snapshot(row, ["value", "attainment", "note"]) if row else None
    if row is None:
        row = ObjectiveMeasurement(
            enterprise_id=objective.enterprise_id, objective=objective, period_end=end
        )
    row.period_start = start
    row.value = value
    row.attainment = _judge(objective, value)
    row.origin = origin
    for key, val in extra.items():
        setattr(row, key, val)
    row.full_clean(validate_unique=False, validate_constraints=False)
    row.save()
    return row, before


def _children_values(parent: Objective, start: dt.date, end: dt.date):
    """Each active child's value for the parent's period: for a sum roll-up, the sum of the
    child's measurements ending in the period; otherwise the child's latest one in it."""
    values, weights = [], []
    children = parent.children.filter(is_active=True).order_by("pk")
    rows = ObjectiveMeasurement.objects.filter(
        objective__in=children, period_end__range=(start, end)
    ).order_by("objective_id", "period_end")
    by_child: dict[int, list[Decimal]] = {}
    for row in rows:
        by_child.setdefault(row.objective_id, []).append(row.value)
    for child in children:
        found = by_child.get(child.pk)
        if not found:
            continue
        values.append(sum(found, Decimal(0)) if parent.rollup == "sum" else found[-1])
        weights.append(child.weight)
    return values, weights


def _rollup_value(parent: Objective, start: dt.date, end: dt.date) -> Decimal | None:
    values, weights = _children_values(parent, start, end)
    return kpi.rollup(
        parent.rollup,
        values,
        weights,
        direction=parent.direction,
        low=parent.target_low,
        high=parent.target_high,
    )


def _roll_up_chain(objective: Objective, day: dt.date) -> list[int]:
    """Recompute the roll-up parents above `objective` for the period containing `day`."""
    touched = []
    parent = objective.parent
    seen: set[int] = set()
    while parent is not None and parent.source == DataSource.ROLLUP and parent.pk not in seen:
        seen.add(parent.pk)
        start, end = kpi.period_bounds(parent.frequency, day)
        value = _rollup_value(parent, start, end)
        if value is not None:
            _store(parent, start, end, value, DataSource.ROLLUP)
            _refresh_latest(parent)
            touched.append(parent.pk)
        parent = parent.parent
    return touched


@transaction.atomic
def objective_create(*, actor, enterprise: Enterprise, data: dict[str, Any]) -> Objective:
    """Set a new objective at one level of the cascade."""
    require(actor, CHANGE, [enterprise.organization_id])
    objective = Objective(enterprise=enterprise)
    _apply(objective, data)
    _check(objective)
    objective.full_clean(validate_unique=False, validate_constraints=False)
    objective.save()
    _audit(actor, "objective.create", objective, after=snapshot(objective))
    return objective


@transaction.atomic
def objective_update(*, actor, objective: Objective, data: dict[str, Any]) -> Objective:
    """Change an objective; a new target or direction re-judges its stored measurements."""
    require(actor, CHANGE, [objective.enterprise.organization_id])
    before = stored_snapshot(objective)
    _apply(objective, data)
    _check(objective)
    objective.full_clean(validate_unique=False, validate_constraints=False)
    objective.save()
    after = snapshot(objective)
    changed = {k for k in after if before.get(k) != after.get(k) and k != "updated_at"}
    if any(f"{k}" in changed for k in JUDGED):
        _rejudge(objective)
    _audit(
        actor,
        "objective.update",
        objective,
        before={k: before.get(k) for k in changed},
        after={k: after[k] for k in changed},
    )
    return objective


@transaction.atomic
def objective_deactivate(*, actor, objective: Objective, reason: str) -> Objective:
    """Retire an objective (kept with its history); its sub-objectives stay as they are."""
    require(actor, CHANGE, [objective.enterprise.organization_id])
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the objective is retired.")})
    if not objective.is_active:
        raise ValidationError(_("This objective is already inactive."))
    objective.is_active = False
    objective.save(update_fields=["is_active", "updated_at"])
    _audit(
        actor,
        "objective.deactivate",
        objective,
        before={"is_active": True},
        after={"is_active": False},
        reason=reason,
    )
    return objective


def _decimal(value, field: str = "value") -> Decimal:
    try:
        number = Decimal(str(value).strip()) if not isinstance(value, Decimal) else value
    except (InvalidOperation, ValueError, TypeError):
        raise ValidationError({field: _("Enter a number.")}) from None
    if not number.is_finite():
        raise ValidationError({field: _("Enter a number.")})
    return number


def _check_manual(objective: Objective) -> None:
    if objective.source != DataSource.MANUAL:
        raise ValidationError(
            _("This objective's value is computed (%(source)s); it is not entered by hand.")
            % {"source": objective.get_source_display()}
        )
    if not objective.is_active:
        raise ValidationError(_("This objective is no longer active."))


def _period_for(objective: Objective, day) -> tuple[dt.date, dt.date]:
    """The objective's period containing `day`, refused for future days and days outside the
    objective's time span."""
    if not isinstance(day, dt.date):
        raise ValidationError({"day": _("Enter a date.")})
    if day > timezone.localdate():
        raise ValidationError({"day": _("A measurement cannot be for a future day.")})
    start, end = kpi.period_bounds(objective.frequency, day)
    first_start, _end = kpi.period_bounds(objective.frequency, objective.starts_on)
    if start < first_start or (objective.ends_on and start > objective.ends_on):
        raise ValidationError({"day": _("The day lies outside the objective's time span.")})
    return start, end


@transaction.atomic
def measurement_record(
    *, actor, objective: Objective, day: dt.date, value, note: str = ""
) -> ObjectiveMeasurement:
    """Record a manual objective's value for the period containing `day`; a second entry for the
    same period replaces the first (audited with before and after). Roll-up parents above it are
    recomputed for that period."""
    require(actor, CHANGE, [objective.enterprise.organization_id])
    _check_manual(objective)
    start, end = _period_for(objective, day)
    number = _decimal(value)
    note = (note or "").strip()
    row, before = _store(
        objective,
        start,
        end,
        number,
        DataSource.MANUAL,
        note=note,
        recorded_by=_user(actor),
    )
    _refresh_latest(objective)
    touched = _roll_up_chain(objective, day)
    after = snapshot(row, ["value", "attainment", "note"])
    after.update(period_start=start.isoformat(), period_end=end.isoformat())
    if touched:
        after["rolled_up"] = touched
    _audit(
        actor,
        "objective.measure" if before is None else "objective.measure_update",
        objective,
        before=before,
        after=after,
    )
    return row


@transaction.atomic
def measurements_record_series(
    *, actor, objective: Objective, rows: list[tuple[dt.date, Any, str]]
) -> list[ObjectiveMeasurement]:
    """Record a manual objective's values for several new periods at once (history taken over
    from paper, an import, the demo): every row is checked as `measurement_record` would and
    every bad row reported together, nothing saved unless all are good; periods already
    recorded are refused (change them one at a time). One audit event for the series; roll-up
    parents are recomputed once per period touched."""
    require(actor, CHANGE, [objective.enterprise.organization_id])
    _check_manual(objective)
    existing = set(objective.measurements.values_list("period_end", flat=True))
    made: list[ObjectiveMeasurement] = []
    errors: list[str] = []
    user = _user(actor)
    for number, (day, value, note) in enumerate(rows, start=1):
        try:
            start, end = _period_for(objective, day)
            amount = kpi.quantize(_decimal(value))
        except ValidationError as exc:
            errors += [
                _("Row %(row)d: %(reason)s") % {"row": number, "reason": message}
                for message in exc.messages
            ]
            continue
        if end in existing:
            errors.append(
                _("Row %(row)d: the period %(start)s – %(end)s already has a value.")
                % {"row": number, "start": start, "end": end}
            )
            continue
        existing.add(end)
        made.append(
            ObjectiveMeasurement(
                enterprise_id=objective.enterprise_id,
                objective=objective,
                period_start=start,
                period_end=end,
                value=amount,
                attainment=_judge(objective, amount),
                origin=DataSource.MANUAL,
                note=(note or "").strip()[:300],
                recorded_by=user,
            )
        )
    if errors:
        raise ValidationError({"rows": errors})
    ObjectiveMeasurement.objects.bulk_create(made)
    _refresh_latest(objective)
    touched: set[int] = set()
    for row in made:
        touched.update(_roll_up_chain(objective, row.period_end))
    after: dict[str, Any] = {
        "periods": [[r.period_end.isoformat(), str(r.value), r.attainment] for r in made]
    }
    if touched:
        after["rolled_up"] = sorted(touched)
    _audit(actor, "objective.measure_series", objective, after=after)
    return made


def _compute_rows(objective: Objective, today: dt.date) -> int:
    written = 0
    for start, end in kpi.completed_periods(
        objective.frequency, objective.starts_on, today, objective.ends_on
    ):
        if objective.source == DataSource.ROLLUP:
            value = _rollup_value(objective, start, end)
        else:
            value = sources.compute_value(objective, start, end)
        if value is None:
            continue
        _store(objective, start, end, value, objective.source)
        written += 1
    _refresh_latest(objective)
    return written


@transaction.atomic
def objective_compute(*, actor, objective: Objective, today: dt.date) -> int:
    """(Re)compute a roll-up or computed objective for every completed period; returns the
    number of periods written (periods with nothing to judge are skipped)."""
    require(actor, CHANGE, [objective.enterprise.organization_id])
    if objective.source not in (DataSource.ROLLUP, *COMPUTED_SOURCES):
        raise ValidationError(_("This objective is entered by hand; there is nothing to compute."))
    written = _compute_rows(objective, today)
    _audit(
        actor,
        "objective.compute",
        objective,
        after={
            "periods": written,
            "today": today.isoformat(),
            "latest_value": str(objective.latest_value) if objective.latest_value else None,
            "attainment": objective.attainment,
        },
    )
    return written


def _depth(objective: Objective, by_pk: dict[int, Objective]) -> int:
    depth, node, seen = 0, objective, set()
    while node.parent_id in by_pk and node.pk not in seen:
        seen.add(node.pk)
        node = by_pk[node.parent_id]
        depth += 1
    return depth


@transaction.atomic
def objectives_compute_all(*, actor, enterprise: Enterprise, today: dt.date) -> int:
    """Compute every active roll-up and computed objective of the enterprise, deepest first so
    that children are fresh before their parents roll them up. Returns periods written."""
    require(actor, CHANGE, [enterprise.organization_id])
    objectives = list(
        Objective.objects.filter(enterprise=enterprise, is_active=True).select_related(
            "enterprise__organization", "source_parameter"
        )
    )
    by_pk = {o.pk: o for o in objectives}
    for obj in objectives:  # parents from the same list, so chains see fresh values
        if obj.parent_id in by_pk:
            obj.parent = by_pk[obj.parent_id]
    computed = [o for o in objectives if o.source != DataSource.MANUAL]
    computed.sort(key=lambda o: (-_depth(o, by_pk), o.pk))
    return sum(objective_compute(actor=actor, objective=o, today=today) for o in computed)
