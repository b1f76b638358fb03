"""Freezing control limits: phase I readings → a versioned limit set (who, when, why).

Later readings (phase II) are judged against the newest set; see series.analyze_parameter.
"""

from __future__ import annotations

import numpy as np
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qualift.core.audit import audit_record
from qualift.process.health import refresh_health
from qualift.process.models import LimitSet, Parameter
from qualift.process.series import NotEnoughData, analyze_parameter
from qualift.process.spc.result import _level
from qualift.tenancy.permissions import require

MIN_PHASE1_POINTS = 2


def _scalar(arr) -> float | None:
    """The limit when every point shares it, None when it varies point by point."""
    level = _level(np.asarray(arr, dtype=np.float64))
    return level if not isinstance(level, list) else None


def actor_name(actor) -> str:
    if actor is None or not getattr(actor, "pk", None):
        return "system"
    return (actor.get_full_name() or actor.get_username())[:150]


@transaction.atomic
def freeze_limits(
    *,
    actor,
    parameter: Parameter,
    first_subgroup: int,
    last_subgroup: int,
    reason: str,
    exclude_flagged: bool = False,
) -> LimitSet:
    """Estimate limits from subgroups `first_subgroup`…`last_subgroup` (phase I; optionally
    leaving out points beyond the limits and re-estimating) and store them as the next version."""
    require(actor, "limits.freeze", [parameter.enterprise.organization_id])
    reason = (reason or "").strip()
    errors = {}
    if not reason:
        errors["reason"] = _("Say why these limits are frozen (e.g. the process is stable).")
    if first_subgroup is None or last_subgroup is None:
        errors["first_subgroup"] = _("Give the first and last subgroup of phase I.")
    elif first_subgroup < 1 or last_subgroup < first_subgroup:
        errors["last_subgroup"] = _("The last subgroup must not be before the first.")
    if errors:
        raise ValidationError(errors)
    # The parameter row is the lock that numbers the versions (and orders readings).
    parameter = (
        Parameter.objects.select_for_update(of=("self",))
        .select_related("enterprise")
        .get(pk=parameter.pk)
    )
    try:
        analysis = analyze_parameter(
            parameter,
            limit_set=None,
            phase1_subgroups=(first_subgroup, last_subgroup),
            exclude_flagged=exclude_flagged,
        )
    except NotEnoughData as exc:
        raise ValidationError(
            {
                "first_subgroup": _(
                    "Not enough readings in subgroups %(a)s to %(b)s for limits (%(why)s)."
                )
                % {"a": first_subgroup, "b": last_subgroup, "why": exc}
            }
        ) from exc
    result = analysis.result
    used = result.phase1 & ~result.excluded
    if int(used.sum()) < MIN_PHASE1_POINTS:
        raise ValidationError(
            {
                "first_subgroup": _("Phase I needs at least %(n)s points; it has %(k)s.")
                % {"n": MIN_PHASE1_POINTS, "k": int(used.sum())}
            }
        )
    if not (np.isfinite(result.center) and np.isfinite(result.sigma) and result.sigma > 0):
        raise ValidationError(
            {"first_subgroup": _("These readings show no variation; no limits can be set.")}
        )
    previous = LimitSet.objects.filter(parameter=parameter).order_by("-version").first()
    sec = result.secondary
    limit_set = LimitSet(
        enterprise=parameter.enterprise,
        parameter=parameter,
        version=(previous.version + 1) if previous else 1,
        chart_type=parameter.chart_type,
        center=float(result.center),
        sigma=float(result.sigma),
        lcl=_scalar(result.lcl_line),
        ucl=_scalar(result.ucl_line),
        secondary_center=_scalar(sec.center) if sec is not None else None,
        secondary_lcl=_scalar(sec.lcl) if sec is not None else None,
        secondary_ucl=_scalar(sec.ucl) if sec is not None else None,
        first_subgroup=first_subgroup,
        last_subgroup=last_subgroup,
        n_points=int(used.sum()),
        excluded_subgroups=[int(s) for s in analysis.point_subgroups[result.excluded].tolist()],
        reason=reason,
        frozen_by=actor if getattr(actor, "pk", None) else None,
        frozen_by_name=actor_name(actor),
        frozen_at=timezone.now(),
    )
    limit_set.full_clean()
    limit_set.save()
    audit_record(
        actor=actor,
        verb="limits.freeze",
        target=limit_set,
        organization=parameter.enterprise.organization,
        enterprise_id=parameter.enterprise_id,
        after={
            "parameter": parameter.pk,
            "version": limit_set.version,
            "center": limit_set.center,
            "sigma": limit_set.sigma,
            "lcl": limit_set.lcl,
            "ucl": limit_set.ucl,
            "phase1": [first_subgroup, last_subgroup],
            "excluded_subgroups": limit_set.excluded_subgroups,
        },
        reason=reason,
    )
    refresh_health(parameter)
    return limit_set
