"""A certification body's prioritisation weights (DOMAIN §5): how much each of the four factors
counts when its experts rank assistance issues. Defaults: choices.DEFAULT_WEIGHTS."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from qualift.assistance.choices import DEFAULT_WEIGHTS, Factor
from qualift.assistance.models import PriorityWeights
from qualift.core.audit import audit_record, snapshot
from qualift.tenancy.choices import OrgKind
from qualift.tenancy.models import Organization
from qualift.tenancy.permissions import require

# The factor each model field holds (the CB factor's field is `cb_ability`: `cb` is the FK).
FIELD_OF = {
    Factor.PROMINENCE: "prominence",
    Factor.ENTERPRISE: "enterprise",
    Factor.CB: "cb_ability",
    Factor.EVALUABILITY: "evaluability",
}
MAX_WEIGHT = Decimal("10")


def weights_for(cb) -> dict[str, float]:
    """The CB's saved weights ({factor: weight}), or the documented defaults. `cb` is an
    Organization or its id."""
    cb_id = getattr(cb, "pk", cb)
    saved = PriorityWeights.objects.filter(cb_id=cb_id).first()
    if saved is None:
        return {str(k): v for k, v in DEFAULT_WEIGHTS.items()}
    return {str(k): v for k, v in saved.as_dict().items()}


def _clean(data: dict[str, Any], current: dict[str, float]) -> dict[str, Decimal]:
    values: dict[str, Decimal] = {}
    errors: dict[str, list[str]] = {}
    for factor in Factor.values:
        raw = data.get(factor, data.get(FIELD_OF[factor], current[factor]))
        try:
            if isinstance(raw, bool) or raw is None or raw == "":
                raise InvalidOperation
            value = Decimal(str(raw).strip())
            if not value.is_finite():
                raise InvalidOperation
        except (InvalidOperation, ValueError):
            errors[factor] = [_("Enter a number from 0 to 10.")]
            continue
        if value < 0 or value > MAX_WEIGHT:
            errors[factor] = [_("Enter a number from 0 to 10.")]
        elif value != value.quantize(Decimal("0.01")):
            errors[factor] = [_("At most two decimal places.")]
        else:
            values[factor] = value.quantize(Decimal("0.01"))
    if not errors and sum(values.values()) <= 0:
        errors["__all__"] = [_("At least one factor needs a weight above zero.")]
    if errors:
        raise ValidationError(errors)
    return values


@transaction.atomic
def weights_save(*, actor, cb: Organization, data: dict[str, Any]) -> PriorityWeights:
    """Set the CB's weights (0–10 each, two decimals, adding up to more than zero). Keys are the
    factor names (prominence, enterprise, cb, evaluability); a missing key keeps its value."""
    require(actor, "weights.change", [cb.pk])
    if cb.kind != OrgKind.CERTIFICATION_BODY:
        raise ValidationError(_("Only a certification body has prioritisation weights."))
    values = _clean(data, weights_for(cb))
    weights = PriorityWeights.objects.select_for_update().filter(cb=cb).first()
    before = snapshot(weights) if weights else None
    if weights is None:
        weights = PriorityWeights(cb=cb)
    for factor, value in values.items():
        setattr(weights, FIELD_OF[factor], value)
    weights.full_clean()
    weights.save()
    after = snapshot(weights)
    if before is not None and all(before.get(k) == after.get(k) for k in FIELD_OF.values()):
        return weights
    audit_record(
        actor=actor,
        verb="priority_weights.save",
        target=weights,
        organization=cb,
        before=before,
        after=after,
    )
    return weights
