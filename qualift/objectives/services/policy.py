"""The quality policy (ISO 9001 5.2): drafting, approval by top management, and a record of how
it was communicated (5.2.2, 7.3).

An enterprise has at most one open draft. Approving the draft puts it in force and supersedes the
version in force before it; approved and superseded versions never change (a change is a new
draft). Communications are recorded against versions that have been approved.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qualift.core.audit import audit_enterprise_record as _audit
from qualift.core.audit import snapshot
from qualift.enterprises.models import Enterprise
from qualift.objectives.choices import CommunicationMethod, PolicyStatus
from qualift.objectives.models import Employee, PolicyCommunication, QualityPolicy
from qualift.tenancy.permissions import require

MAX_TEXT_CHARS = 10_000  # a policy fits on a notice board
MAX_SUMMARY_CHARS = 2_000
MAX_NOTE_CHARS = 2_000


def _user(actor):
    return actor if getattr(actor, "pk", None) else None


def _record(policy: QualityPolicy) -> dict[str, Any]:
    """What the audit trail keeps of a version: its fields and a hash of the text, which proves
    which text was approved."""
    data = snapshot(policy)
    data["text_sha256"] = hashlib.sha256(policy.text.encode()).hexdigest()
    return data


def _clean_text(text: str, change_summary: str) -> tuple[str, str]:
    text = (text or "").strip()
    change_summary = (change_summary or "").strip()
    errors: dict[str, list[str]] = {}
    if not text:
        errors["text"] = [_("Write the policy.")]
    elif len(text) > MAX_TEXT_CHARS:
        errors["text"] = [
            _("Keep the policy under %(n)s characters: it should fit on one page.")
            % {"n": MAX_TEXT_CHARS}
        ]
    if len(change_summary) > MAX_SUMMARY_CHARS:
        errors["change_summary"] = [
            _("At most %(n)s characters.") % {"n": MAX_SUMMARY_CHARS},
        ]
    if errors:
        raise ValidationError(errors)
    return text, change_summary


@transaction.atomic
def policy_draft(
    *, actor, enterprise: Enterprise, text: str, change_summary: str = ""
) -> QualityPolicy:
    """Write the open draft: the next version as a new draft, or the open draft updated (an
    enterprise has at most one). Nothing changes and no event is written when the text and the
    summary are the same as the draft's."""
    require(actor, "policy.draft", [enterprise.organization_id])
    # Lock the enterprise so two drafts started at once cannot take the same version number.
    enterprise = (
        Enterprise.objects.select_for_update().select_related("organization").get(pk=enterprise.pk)
    )
    text, change_summary = _clean_text(text, change_summary)
    draft = (
        QualityPolicy.objects.select_for_update()
        .filter(enterprise=enterprise, status=PolicyStatus.DRAFT)
        .first()
    )
    if draft is not None:
        if (draft.text, draft.change_summary) == (text, change_summary):
            return draft
        before = _record(draft)
        draft.text = text
        draft.change_summary = change_summary
        draft.save(update_fields=["text", "change_summary", "updated_at"])
        after = _record(draft)
        changed = [k for k in after if before.get(k) != after.get(k)]
        _audit(
            actor,
            "quality_policy.draft_update",
            draft,
            {k: before[k] for k in changed},
            {k: after[k] for k in changed},
        )
        return draft
    last = QualityPolicy.objects.filter(enterprise=enterprise).order_by("-version").first()
    draft = QualityPolicy.objects.create(
        enterprise=enterprise,
        version=(last.version + 1) if last else 1,
        text=text,
        change_summary=change_summary,
        status=PolicyStatus.DRAFT,
    )
    _audit(actor, "quality_policy.draft", draft, after=_record(draft))
    return draft


@transaction.atomic
def policy_approve(
    *, actor, policy: QualityPolicy, approved_by_name: str, meaning: str
) -> QualityPolicy:
    """Top management approves the draft: it comes into force and the version in force before it
    is superseded. Records who signed (name and position, as signed), what the signature means,
    the signed-in user who recorded it and the time."""
    require(actor, "policy.approve", [policy.enterprise.organization_id])
    policy = QualityPolicy.objects.select_for_update().get(pk=policy.pk)
    if policy.status != PolicyStatus.DRAFT:
        raise ValidationError(_("Only a draft can be approved; approved versions never change."))
    approved_by_name = (approved_by_name or "").strip()
    meaning = (meaning or "").strip()
    errors: dict[str, list[str]] = {}
    if not approved_by_name:
        errors["approved_by_name"] = [_("Say who approves it for top management.")]
    elif len(approved_by_name) > 100:
        errors["approved_by_name"] = [_("At most %(n)s characters.") % {"n": 100}]
    if not meaning:
        errors["meaning"] = [_("Say what the approval means (e.g. approved and issued).")]
    elif len(meaning) > 200:
        errors["meaning"] = [_("At most %(n)s characters.") % {"n": 200}]
    if errors:
        raise ValidationError(errors)
    before = _record(policy)
    in_force = (
        QualityPolicy.objects.select_for_update()
        .filter(enterprise_id=policy.enterprise_id, status=PolicyStatus.APPROVED)
        .first()
    )
    if in_force is not None:
        in_force.status = PolicyStatus.SUPERSEDED
        in_force.save(update_fields=["status", "updated_at"])
    policy.status = PolicyStatus.APPROVED
    policy.approved_by_name = approved_by_name
    policy.approval_meaning = meaning
    policy.approved_by = _user(actor)
    policy.approved_at = timezone.now()
    policy.save()
    after = _record(policy)
    after["supersedes"] = {"id": in_force.pk, "version": in_force.version} if in_force else None
    _audit(actor, "quality_policy.approve", policy, before, after, meaning)
    return policy


@transaction.atomic
def policy_communicate(
    *,
    actor,
    policy: QualityPolicy,
    method: str,
    communicated_on: dt.date | None,
    audience: str = "",
    employees: Iterable[Employee] = (),
    note: str = "",
    today: dt.date | None = None,
) -> PolicyCommunication:
    """Record how an approved version was communicated, when, and to whom (a described audience,
    chosen employees of the enterprise, or both)."""
    require(actor, "policy.draft", [policy.enterprise.organization_id])
    today = today or timezone.localdate()
    policy = QualityPolicy.objects.get(pk=policy.pk)
    if policy.status == PolicyStatus.DRAFT:
        raise ValidationError(_("Approve the policy before recording how it was communicated."))
    employees = list(employees)
    audience = (audience or "").strip()
    note = (note or "").strip()
    errors: dict[str, list[str]] = {}
    if method not in CommunicationMethod.values:
        errors["method"] = [_("Choose how it was communicated.")]
    if communicated_on is None:
        errors["communicated_on"] = [_("Give the date.")]
    elif communicated_on > today:
        errors["communicated_on"] = [_("The date cannot be in the future.")]
    if len(audience) > 300:
        errors["audience"] = [_("At most %(n)s characters.") % {"n": 300}]
    if any(e.enterprise_id != policy.enterprise_id for e in employees):
        errors["employees"] = [_("Choose employees of this enterprise.")]
    elif not audience and not employees:
        errors["audience"] = [_("Say to whom, or choose the employees.")]
    if len(note) > MAX_NOTE_CHARS:
        errors["note"] = [_("At most %(n)s characters.") % {"n": MAX_NOTE_CHARS}]
    if errors:
        raise ValidationError(errors)
    communication = PolicyCommunication.objects.create(
        enterprise_id=policy.enterprise_id,
        policy=policy,
        method=method,
        communicated_on=communicated_on,
        audience=audience,
        note=note,
    )
    communication.employees.set(employees)
    after = snapshot(communication)
    after["policy_version"] = policy.version
    _audit(actor, "quality_policy.communicate", communication, after=after)
    return communication
