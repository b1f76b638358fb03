"""Nonconformities: report, analyse (5 whys, fishbone), move through the flow, verify, close.

Flow: draft → analysing → action plan → implementing → verifying → closed; cancel from any open
status with a reason. Guards: an action plan needs a marked root cause; implementing needs an
action; a nonconformity closes only with no open action and an "effective" verdict.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qualift.core.audit import audit_enterprise_record as _audit
from qualift.core.audit import snapshot, stored_snapshot
from qualift.enterprises.models import Enterprise
from qualift.improvement.choices import ACTION_OPEN, NC_OPEN, NcStatus
from qualift.improvement.models import FishboneCause, Nonconformity, WhyStep
from qualift.tenancy.permissions import require

NC_FIELDS = (
    "title",
    "description",
    "product",
    "process_name",
    "detected_on",
    "detected_by",
    "location",
    "severity",
    "quantity_affected",
    "quantity_unit",
    "containment",
    "correction",
)
FORWARD = {
    NcStatus.DRAFT: NcStatus.ANALYSING,
    NcStatus.ANALYSING: NcStatus.ACTION_PLAN,
    NcStatus.ACTION_PLAN: NcStatus.IMPLEMENTING,
    NcStatus.IMPLEMENTING: NcStatus.VERIFYING,
}


def next_number(model, enterprise: Enterprise, prefix: str, year: int) -> str:
    """The next register number for the enterprise and year, e.g. NC-2026-007."""
    stem = f"{prefix}-{year}-"
    taken = model.objects.filter(enterprise=enterprise, number__startswith=stem).values_list(
        "number", flat=True
    )
    highest = max((int(n[len(stem) :]) for n in taken if n[len(stem) :].isdigit()), default=0)
    return f"{stem}{highest + 1:03d}"


def _require_open(nc: Nonconformity) -> None:
    """Checks the stored status (the instance may carry a form's unsaved values)."""
    status = Nonconformity.objects.filter(pk=nc.pk).values_list("status", flat=True).first()
    if status not in NC_OPEN:
        raise ValidationError(
            _("This nonconformity is %(status)s and can no longer change.")
            % {"status": _label(status or "")}
        )


@transaction.atomic
def nc_create(
    *, actor, enterprise: Enterprise, data: dict[str, Any], source: str, clause=None
) -> Nonconformity:
    """Report a nonconformity (status draft), numbered NC-YYYY-NNN for the enterprise."""
    require(actor, "nc.create", [enterprise.organization_id])
    detected = data.get("detected_on") or timezone.localdate()
    nc = Nonconformity(
        enterprise=enterprise,
        source=source,
        clause=clause,
        number=next_number(Nonconformity, enterprise, "NC", detected.year),
        raised_by=actor if getattr(actor, "pk", None) else None,
        **{k: data[k] for k in NC_FIELDS if k in data and data[k] is not None},
    )
    nc.detected_on = detected
    nc.full_clean()
    nc.save()
    _audit(actor, "nc.create", nc, after=snapshot(nc))
    return nc


@transaction.atomic
def nc_update(*, actor, nc: Nonconformity, data: dict[str, Any], clause=...) -> Nonconformity:
    """Edit the description, containment and correction of an open nonconformity."""
    require(actor, "nc.change", [nc.enterprise.organization_id])
    _require_open(nc)
    before = stored_snapshot(nc)
    for key in NC_FIELDS:
        if key in data:
            setattr(nc, key, data[key])
    if "source" in data:
        nc.source = data["source"]
    if clause is not ...:
        nc.clause = clause
    nc.full_clean()
    nc.save()
    after = snapshot(nc)
    changed = {k for k in after if before.get(k) != after.get(k)}
    _audit(
        actor, "nc.update", nc, {k: before.get(k) for k in changed}, {k: after[k] for k in changed}
    )
    return nc


def _has_root(nc: Nonconformity) -> bool:
    return nc.whys.filter(is_root=True).exists() or nc.causes.filter(is_root=True).exists()


@transaction.atomic
def nc_transition(*, actor, nc: Nonconformity, to_status: str, reason: str = "") -> Nonconformity:
    """Move one step forward in the flow (closing and cancelling have their own services)."""
    require(actor, "nc.change", [nc.enterprise.organization_id])
    nc = Nonconformity.objects.select_for_update().get(pk=nc.pk)
    if FORWARD.get(nc.status) != to_status:
        raise ValidationError(
            {
                "status": _("Cannot move from %(a)s to %(b)s.")
                % {"a": nc.get_status_display(), "b": _label(to_status)}
            }
        )
    if to_status == NcStatus.ACTION_PLAN and not _has_root(nc):
        raise ValidationError(
            {
                "status": _(
                    "Mark the root cause (a why or a fishbone cause) before planning actions."
                )
            }
        )
    if to_status == NcStatus.IMPLEMENTING and not nc.actions.exists():
        raise ValidationError({"status": _("Add at least one action before implementing.")})
    if to_status == NcStatus.VERIFYING and nc.actions.filter(status__in=ACTION_OPEN).exists():
        raise ValidationError(
            {"status": _("Every action must be done or cancelled before verification.")}
        )
    before = {"status": nc.status}
    nc.status = to_status
    nc.save(update_fields=["status", "updated_at"])
    _audit(actor, "nc.transition", nc, before, {"status": to_status}, reason)
    return nc


@transaction.atomic
def nc_verify(*, actor, nc: Nonconformity, effective: bool, note: str) -> Nonconformity:
    """Record whether the actions worked. Not effective sends it back to implementing."""
    require(actor, "nc.verify", [nc.enterprise.organization_id])
    nc = Nonconformity.objects.select_for_update().get(pk=nc.pk)
    if nc.status != NcStatus.VERIFYING:
        raise ValidationError({"status": _("Only a nonconformity being verified gets a verdict.")})
    if not note.strip():
        raise ValidationError({"note": _("Say what the verdict is based on.")})
    before = stored_snapshot(nc, ["status", "effective", "effectiveness_note"])
    nc.effective, nc.effectiveness_note = effective, note.strip()
    nc.verified_by = actor if getattr(actor, "pk", None) else None
    nc.verified_at = timezone.now()
    if not effective:
        nc.status = NcStatus.IMPLEMENTING
    nc.save()
    _audit(
        actor,
        "nc.verify",
        nc,
        before,
        snapshot(nc, ["status", "effective", "effectiveness_note"]),
        note,
    )
    return nc


@transaction.atomic
def nc_close(*, actor, nc: Nonconformity) -> Nonconformity:
    """Close: allowed only with no open action and an effective verdict."""
    require(actor, "nc.verify", [nc.enterprise.organization_id])
    nc = Nonconformity.objects.select_for_update().get(pk=nc.pk)
    if nc.status != NcStatus.VERIFYING:
        raise ValidationError({"status": _("Only a nonconformity being verified can be closed.")})
    if nc.actions.filter(status__in=ACTION_OPEN).exists():
        raise ValidationError({"status": _("An action is still open.")})
    if nc.effective is not True:
        raise ValidationError({"status": _("Record an effective verdict before closing.")})
    nc.status, nc.closed_at = NcStatus.CLOSED, timezone.now()
    nc.save(update_fields=["status", "closed_at", "updated_at"])
    _audit(actor, "nc.close", nc, {"status": NcStatus.VERIFYING}, {"status": nc.status})
    return nc


@transaction.atomic
def nc_cancel(*, actor, nc: Nonconformity, reason: str) -> Nonconformity:
    """Cancel an open nonconformity (e.g. raised by mistake), with the reason."""
    require(actor, "nc.change", [nc.enterprise.organization_id])
    nc = Nonconformity.objects.select_for_update().get(pk=nc.pk)
    _require_open(nc)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why it is cancelled.")})
    before = {"status": nc.status}
    nc.status, nc.cancel_reason = NcStatus.CANCELLED, reason.strip()
    nc.save(update_fields=["status", "cancel_reason", "updated_at"])
    _audit(actor, "nc.cancel", nc, before, {"status": nc.status}, reason)
    return nc


# Root cause analysis ------------------------------------------------------------------------


@transaction.atomic
def why_add(*, actor, nc: Nonconformity, question: str, answer: str) -> WhyStep:
    """Append the next step of the 5-why chain."""
    require(actor, "nc.change", [nc.enterprise.organization_id])
    _require_open(nc)
    position = nc.whys.count() + 1
    step = WhyStep(
        nonconformity=nc,
        enterprise=nc.enterprise,
        position=position,
        question=question.strip(),
        answer=answer.strip(),
    )
    step.full_clean()
    step.save()
    _audit(actor, "nc.why_add", nc, after=snapshot(step))
    return step


@transaction.atomic
def cause_add(*, actor, nc: Nonconformity, category: str, description: str) -> FishboneCause:
    """Add a possible cause to the fishbone under one of the six categories."""
    require(actor, "nc.change", [nc.enterprise.organization_id])
    _require_open(nc)
    cause = FishboneCause(
        nonconformity=nc,
        enterprise=nc.enterprise,
        category=category,
        description=description.strip(),
    )
    cause.full_clean()
    cause.save()
    _audit(actor, "nc.cause_add", nc, after=snapshot(cause))
    return cause


@transaction.atomic
def root_mark(*, actor, item: WhyStep | FishboneCause, is_root: bool) -> WhyStep | FishboneCause:
    """Mark (or unmark) a why step or a fishbone cause as a root cause. The nonconformity's root
    cause category follows its first marked fishbone cause."""
    nc = item.nonconformity
    require(actor, "nc.change", [nc.enterprise.organization_id])
    _require_open(nc)
    item.is_root = is_root
    item.save(update_fields=["is_root"])
    first = nc.causes.filter(is_root=True).order_by("id").first()
    category = first.category if first else ""
    if nc.root_cause_category != category:
        nc.root_cause_category = category
        nc.save(update_fields=["root_cause_category", "updated_at"])
    _audit(
        actor,
        "nc.root_mark",
        nc,
        after={"item": str(item), "is_root": is_root, "root_cause_category": category},
    )
    return item


@transaction.atomic
def analysis_item_delete(*, actor, item: WhyStep | FishboneCause) -> None:
    """Remove a why step (renumbering the rest) or a fishbone cause."""
    nc = item.nonconformity
    require(actor, "nc.change", [nc.enterprise.organization_id])
    _require_open(nc)
    before = snapshot(item)
    item.delete()
    if isinstance(item, WhyStep):
        for position, step in enumerate(nc.whys.order_by("position"), start=1):
            if step.position != position:
                WhyStep.objects.filter(pk=step.pk).update(position=position)
    first = nc.causes.filter(is_root=True).order_by("id").first()
    nc.root_cause_category = first.category if first else ""
    nc.save(update_fields=["root_cause_category", "updated_at"])
    _audit(actor, "nc.analysis_delete", nc, before=before)


def _label(status: str) -> str:
    try:
        return str(NcStatus(status).label)
    except ValueError:
        return status
