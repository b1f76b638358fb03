"""Scoped reads for the objectives cascade: the tree, one objective, its chart data."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from qualift.objectives.choices import Direction
from qualift.objectives.models import Objective, ObjectiveMeasurement
from qualift.tenancy.permissions import can


def num(value) -> str:
    """A stored decimal without trailing zeros: 96.5000 → "96.5", 100.0000 → "100"."""
    if value is None:
        return ""
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def target_text(objective: Objective) -> str:
    """The target with its unit: "≥ 95 %", "≤ 2 pcs" or "20–24 °C"."""
    unit = f" {objective.unit}" if objective.unit else ""
    if objective.direction == Direction.BAND:
        return f"{num(objective.target_low)}–{num(objective.target_high)}{unit}"
    if objective.target is None:
        return "–"
    sign = "≥" if objective.direction == Direction.UP else "≤"
    return f"{sign} {num(objective.target)}{unit}"


def decorate(objectives) -> None:
    """Give each objective display strings for its latest value and target."""
    for obj in objectives:
        obj.latest_text = num(obj.latest_value)
        obj.target_text = target_text(obj)
        obj.baseline_text = num(obj.baseline)
        obj.margin_text = num(obj.at_risk_margin)
        obj.weight_text = num(obj.weight)


RELATED = ("department", "position", "employee", "owner", "parent", "source_parameter")


def objective_list(user, enterprise=None) -> QuerySet[Objective]:
    qs = Objective.objects.visible_to(user).select_related("enterprise", *RELATED)
    if enterprise is not None:
        qs = qs.filter(enterprise=enterprise)
    return qs


def get_objective_for_user(user, pk: int, action: str | None = None) -> Objective:
    """404 outside the user's scope; 403 when `action` is given and not granted."""
    obj = get_object_or_404(
        Objective.objects.visible_to(user).select_related("enterprise__organization", *RELATED),
        pk=pk,
    )
    if action and not can(user, action, [obj.enterprise.organization_id]):
        raise PermissionDenied
    return obj


@dataclass
class TreeRow:
    objective: Objective
    depth: int
    matches: bool = True


def objective_tree(
    user,
    enterprise,
    *,
    level: str = "",
    attainment: str = "",
    owner=None,
    q: str = "",
    include_inactive: bool = False,
) -> list[TreeRow]:
    """The cascade depth first (enterprise objectives at the top, each followed by the
    objectives contributing to it). With filters, only matching objectives are listed, each
    still indented at its depth in the cascade. One query."""
    qs = objective_list(user, enterprise)
    if not include_inactive:
        qs = qs.filter(is_active=True)
    objectives = list(qs)
    decorate(objectives)
    by_parent: dict[int | None, list[Objective]] = {}
    pks = {o.pk for o in objectives}
    for obj in objectives:
        parent = obj.parent_id if obj.parent_id in pks else None
        by_parent.setdefault(parent, []).append(obj)
    order = {"enterprise": 0, "department": 1, "position": 2, "employee": 3}
    rows: list[TreeRow] = []

    def walk(parent: int | None, depth: int) -> None:
        for obj in sorted(
            by_parent.get(parent, []), key=lambda o: (order.get(o.level, 9), o.name, o.pk)
        ):
            rows.append(TreeRow(obj, depth))
            walk(obj.pk, depth + 1)

    walk(None, 0)
    q = q.strip().lower()

    def matches(obj: Objective) -> bool:
        if level and obj.level != level:
            return False
        if attainment and obj.attainment != attainment:
            return False
        if owner is not None and obj.owner_id != owner.pk:
            return False
        if q:
            holder = obj.holder
            text = " ".join(
                [obj.name, obj.unit, obj.description, str(holder or ""), str(obj.owner or "")]
            ).lower()
            if q not in text:
                return False
        return True

    if level or attainment or owner is not None or q:
        rows = [r for r in rows if matches(r.objective)]
    return rows


def measurements_of(objective: Objective) -> list[ObjectiveMeasurement]:
    rows = list(objective.measurements.select_related("recorded_by").order_by("period_end"))
    for row in rows:
        row.value_text = num(row.value)
    return rows


def _num(value) -> float | None:
    return None if value is None else float(value)


def chart_data(objective: Objective, measurements) -> dict:
    """What the detail page's ECharts line needs: periods, values, attainment per point and the
    target line or band."""
    data = {
        "periods": [m.period_end.isoformat() for m in measurements],
        "values": [_num(m.value) for m in measurements],
        "attainment": [m.attainment for m in measurements],
        "unit": objective.unit,
        "direction": objective.direction,
        "target": None,
        "low": None,
        "high": None,
    }
    if objective.direction == Direction.BAND:
        data.update(low=_num(objective.target_low), high=_num(objective.target_high))
    else:
        data["target"] = _num(objective.target)
    return data


def children_of(objective: Objective) -> list[Objective]:
    children = list(
        objective.children.select_related("department", "position", "employee", "owner")
        .filter(is_active=True)
        .order_by("level", "name")
    )
    decorate(children)
    return children
