"""Corrective actions: plan, progress, complete with evidence, verify effectiveness, remind.

The owner (a user, when the owner has an account) updates progress and completes their own
action; the enterprise's admin or steward plans, changes and cancels; the action's manager (or the
admin/steward) records after the configured period whether it was effective.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qualift.core.audit import audit_enterprise_record as _audit
from qualift.core.audit import snapshot, stored_snapshot
from qualift.enterprises.models import Enterprise
from qualift.improvement.choices import ACTION_OPEN, NC_OPEN, ActionStatus
from qualift.improvement.models import CorrectiveAction, Nonconformity
from qualift.tenancy.permissions import can, require

ACTION_FIELDS = ("kind", "title", "owner", "owner_name", "owner_email", "manager", "due_on")


def _is_owner(actor, action: CorrectiveAction) -> bool:
    return bool(getattr(actor, "pk", None)) and action.owner_id == actor.pk


def _require_manage(actor, action: CorrectiveAction) -> None:
    require(actor, "action.change", [action.enterprise.organization_id])


def _require_progress(actor, action: CorrectiveAction) -> None:
    """The owner may report progress on their own action; otherwise admin/steward."""
    if actor is None or _is_owner(actor, action):
        return
    _require_manage(actor, action)


def _check(action: CorrectiveAction) -> None:
    if action.owner_id and not action.owner_name:
        action.owner_name = str(action.owner)
    if action.owner_id and not action.owner_email:
        action.owner_email = action.owner.email or ""
    action.full_clean()


@transaction.atomic
def action_create(
    *,
    actor,
    enterprise: Enterprise,
    data: dict[str, Any],
    nonconformity: Nonconformity | None = None,
) -> CorrectiveAction:
    """Plan an action, on an open nonconformity of the same enterprise or standalone."""
    require(actor, "action.change", [enterprise.organization_id])
    if nonconformity is not None:
        if nonconformity.enterprise_id != enterprise.pk:
            raise ValidationError({"nonconformity": _("Not a nonconformity of this enterprise.")})
        if nonconformity.status not in NC_OPEN:
            raise ValidationError({"nonconformity": _("This nonconformity is no longer open.")})
    action = CorrectiveAction(
        enterprise=enterprise,
        nonconformity=nonconformity,
        **{k: data[k] for k in ACTION_FIELDS if k in data},
    )
    _check(action)
    action.save()
    _audit(actor, "action.create", action, after=snapshot(action))
    return action


@transaction.atomic
def action_update(*, actor, action: CorrectiveAction, data: dict[str, Any]) -> CorrectiveAction:
    """Change an open action's plan (admin/steward), or its status and evidence (also owner)."""
    if action.status not in ACTION_OPEN:
        raise ValidationError(
            _("This action is %(status)s and can no longer change.")
            % {"status": action.get_status_display()}
        )
    plan_keys = [k for k in ACTION_FIELDS if k in data]
    if plan_keys:
        _require_manage(actor, action)
    else:
        _require_progress(actor, action)
    before = stored_snapshot(action)
    for key in plan_keys:
        setattr(action, key, data[key])
    if "status" in data:
        if data["status"] not in ACTION_OPEN:
            raise ValidationError({"status": _("Use complete or cancel to finish an action.")})
        action.status = data["status"]
    if "evidence" in data:
        action.evidence = data["evidence"]
    if data.get("evidence_file"):
        action.evidence_file = data["evidence_file"]
    _check(action)
    action.save()
    after = snapshot(action)
    changed = {k for k in after if before.get(k) != after.get(k)}
    _audit(
        actor,
        "action.update",
        action,
        {k: before.get(k) for k in changed},
        {k: after[k] for k in changed},
    )
    return action


@transaction.atomic
def action_complete(
    *,
    actor,
    action: CorrectiveAction,
    evidence: str,
    completed_on: dt.date | None = None,
    evidence_file=None,
) -> CorrectiveAction:
    """Mark done with evidence; the effectiveness check falls due after the configured days."""
    _require_progress(actor, action)
    if action.status not in ACTION_OPEN:
        raise ValidationError(_("Only an open action can be completed."))
    if not evidence.strip() and not evidence_file:
        raise ValidationError({"evidence": _("Describe or attach the evidence that it was done.")})
    before = stored_snapshot(action, ["status", "completed_on", "evidence"])
    action.status = ActionStatus.DONE
    action.completed_on = completed_on or timezone.localdate()
    if action.completed_on > timezone.localdate():
        raise ValidationError({"completed_on": _("The completion date cannot be in the future.")})
    action.evidence = evidence.strip()
    if evidence_file:
        action.evidence_file = evidence_file
    action.effectiveness_due = action.completed_on + dt.timedelta(
        days=settings.QUALIFT_EFFECTIVENESS_DAYS
    )
    action.full_clean()
    action.save()
    _audit(
        actor,
        "action.complete",
        action,
        before,
        snapshot(action, ["status", "completed_on", "evidence"]),
    )
    return action


@transaction.atomic
def action_verify(
    *, actor, action: CorrectiveAction, effective: bool, note: str
) -> CorrectiveAction:
    """The manager's verdict on a completed action (ISO 9001 10.2.1 d)."""
    is_manager = bool(getattr(actor, "pk", None)) and action.manager_id == actor.pk
    if (
        not is_manager
        and actor is not None
        and not can(actor, "action.verify", [action.enterprise.organization_id])
    ):
        raise PermissionDenied(_("Only the action's manager or the quality steward can verify."))
    if action.status != ActionStatus.DONE:
        raise ValidationError(_("Only a completed action can be verified."))
    if not note.strip():
        raise ValidationError({"note": _("Say what the verdict is based on.")})
    before = stored_snapshot(action, ["effective", "effectiveness_note"])
    action.effective, action.effectiveness_note = effective, note.strip()
    action.verified_by = actor if getattr(actor, "pk", None) else None
    action.verified_at = timezone.now()
    action.save()
    _audit(
        actor,
        "action.verify",
        action,
        before,
        snapshot(action, ["effective", "effectiveness_note"]),
        note,
    )
    return action


@transaction.atomic
def action_cancel(*, actor, action: CorrectiveAction, reason: str) -> CorrectiveAction:
    """Cancel an open action, with the reason."""
    _require_manage(actor, action)
    if action.status not in ACTION_OPEN:
        raise ValidationError(_("Only an open action can be cancelled."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why it is cancelled.")})
    before = {"status": action.status}
    action.status = ActionStatus.CANCELLED
    action.save(update_fields=["status", "updated_at"])
    _audit(actor, "action.cancel", action, before, {"status": action.status}, reason)
    return action


@transaction.atomic
def action_reminded(*, action: CorrectiveAction, today: dt.date) -> None:
    """Record that the overdue reminder for `action` went out today."""
    CorrectiveAction.objects.filter(pk=action.pk).update(last_reminder_on=today)
    _audit(
        None,
        "action.reminder",
        action,
        after={"sent_on": today.isoformat(), "to": action.owner_email},
    )
