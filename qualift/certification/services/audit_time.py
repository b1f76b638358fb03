"""Setting an audit's time (IAF MD 5) and reading a CB's certification policy."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from fractions import Fraction

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from qualift.certification.access import acting_orgs
from qualift.certification.audit_time import AuditTimeError, audit_time, parse_adjustment
from qualift.certification.choices import AuditKind, AuditStatus
from qualift.certification.models import Audit, CertificationPolicy
from qualift.core.audit import audit_enterprise_record, snapshot
from qualift.tenancy.permissions import require

INPUT_KEYS = ("employees", "part_time_fte", "shift_staff", "shifts", "adjustments", "days")
TIME_FIELDS = ["time_inputs", "time_result", "planned_days", "justification"]
# Which figure of the calculation an audit of each kind is planned with.
FIGURE_FOR_KIND = {
    AuditKind.STAGE1: "stage1_days",
    AuditKind.STAGE2: "stage2_days",
    AuditKind.SURVEILLANCE: "surveillance_days",
    AuditKind.RECERTIFICATION: "recertification_days",
    AuditKind.TRANSFER: "recertification_days",
    AuditKind.SPECIAL: "surveillance_days",
    AuditKind.SCOPE_CHANGE: "surveillance_days",
}
OWN_DAYS_KINDS = (AuditKind.SPECIAL, AuditKind.SCOPE_CHANGE)


def policy_for(cb) -> CertificationPolicy:
    """The CB's saved certification policy, or an unsaved one with the defaults."""
    cb_id = getattr(cb, "pk", cb)
    policy = CertificationPolicy.objects.filter(cb_id=cb_id).first()
    if policy is not None:
        return policy
    return CertificationPolicy(cb=cb) if hasattr(cb, "pk") else CertificationPolicy(cb_id=cb_id)


def clean_adjustments(raw) -> list[tuple[int, str]]:
    """Adjustments as [{"pct": 10, "reason": "…"}] (API, stored inputs) or "+10:reason" strings
    (CLI, form lines); ValidationError on the "adjustments" field otherwise."""
    if raw in (None, ""):
        return []
    if not isinstance(raw, list | tuple):
        raise ValidationError({"adjustments": _("A list of adjustments is needed.")})
    items = []
    for item in raw:
        try:
            if isinstance(item, str):
                items.append(parse_adjustment(item))
                continue
            if isinstance(item, dict):
                pct, reason = item.get("pct"), item.get("reason")
            else:
                pct, reason = item
            if isinstance(pct, bool) or not isinstance(pct, int):
                raise ValueError(_("An adjustment's pct is a whole number."))
            sign = "+" if pct >= 0 else "-"
            items.append(parse_adjustment(f"{sign}{abs(pct)}:{reason or ''}"))
        except (ValueError, TypeError) as exc:
            message = str(exc) if isinstance(exc, ValueError) else _("Not an adjustment.")
            raise ValidationError({"adjustments": message}) from None
    return items


def calculate(inputs: dict, stage1_share=Fraction(1, 3)):
    """audit_time() over an inputs dict (the API body); its errors as a ValidationError."""
    try:
        return audit_time(
            employees=inputs.get("employees"),
            part_time_fte=inputs.get("part_time_fte") or 0,
            shift_staff=inputs.get("shift_staff"),
            shifts=inputs.get("shifts"),
            adjustments=clean_adjustments(inputs.get("adjustments")),
            stage1_share=stage1_share,
        )
    except AuditTimeError as exc:
        raise ValidationError({exc.field: str(exc)}) from None


def _own_days(value) -> Decimal:
    try:
        days = Decimal(str(value))
    except InvalidOperation:
        days = None
    if days is None or not days.is_finite() or not Decimal("0.5") <= days <= 1000:
        raise ValidationError({"days": _("Auditor-days between 0.5 and 1000.")})
    return days.quantize(Decimal("0.1"))


def normalised_inputs(inputs: dict) -> dict:
    """The inputs as they are stored on the audit (JSON values only)."""
    stored = {
        "employees": inputs.get("employees"),
        "part_time_fte": str(inputs.get("part_time_fte") or 0),
        "shift_staff": inputs.get("shift_staff"),
        "shifts": inputs.get("shifts"),
        "adjustments": [
            {"pct": pct, "reason": reason}
            for pct, reason in clean_adjustments(inputs.get("adjustments"))
        ],
    }
    if inputs.get("days") not in (None, ""):
        stored["days"] = str(_own_days(inputs["days"]))
    return stored


@transaction.atomic
def audit_set_time(*, actor, audit: Audit, inputs: dict) -> Audit:
    """Calculate and store an audit's time: inputs, result, justification (shown to the client)
    and the planned auditor-days for the audit's kind. Only before the audit starts."""
    require(actor, "cert_audit.plan", acting_orgs(audit))
    audit = Audit.objects.select_for_update().get(pk=audit.pk)
    if audit.status not in (AuditStatus.PLANNED, AuditStatus.PLAN_SENT):
        raise ValidationError(
            {
                "status": _("The audit time is set before the audit starts; this audit is %(s)s.")
                % {"s": audit.get_status_display()}
            }
        )
    unknown = sorted(set(inputs) - set(INPUT_KEYS))
    if unknown:
        message = _("Unknown input (the stage 1 share comes from the CB's policy).")
        raise ValidationError({name: message for name in unknown})
    share = Fraction(policy_for(audit.cb).stage1_share)
    result = calculate(inputs, stage1_share=share)
    stored = normalised_inputs(inputs)
    before = snapshot(audit, TIME_FIELDS)
    audit.time_inputs = stored
    audit.time_result = result.as_dict()
    audit.justification = result.justification
    if audit.kind in OWN_DAYS_KINDS and "days" in stored:
        audit.planned_days = Decimal(stored["days"])
    else:
        audit.planned_days = getattr(result, FIGURE_FOR_KIND[audit.kind])
    audit.full_clean()
    audit.save(update_fields=[*TIME_FIELDS, "updated_at"])
    audit_enterprise_record(
        actor, "audit.set_time", audit, before=before, after=snapshot(audit, TIME_FIELDS)
    )
    return audit
