"""Management reviews (ISO 9001 9.3) and leadership commitments (5.1).

A review is planned (date, period, participants), its pack of inputs is generated from the system
(review_pack), the meeting's outcome is recorded (conclusion and notes on the inputs: status
"held"), outputs are added (decisions; actions, which become improvement actions in the
enterprise's action list), and the review is closed, after which it never changes.
Writes need review.change (reviews) or commitment.change (commitments) and write one audit event.
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
from qualift.improvement.choices import ActionKind
from qualift.improvement.services.actions import action_create
from qualift.objectives.choices import (
    REVIEW_ACTION_KINDS,
    CommitmentStatus,
    ReviewOutputKind,
    ReviewStatus,
)
from qualift.objectives.models import (
    Employee,
    LeadershipCommitment,
    ManagementReview,
    ReviewOutput,
)
from qualift.objectives.review_pack import SECTIONS, latest_previous_review, review_pack
from qualift.tenancy.permissions import require

REVIEW = "review.change"
COMMITMENT = "commitment.change"
REVIEW_FIELDS = (
    "title",
    "held_on",
    "period_start",
    "period_end",
    "chaired_by",
    "other_participants",
)
COMMITMENT_FIELDS = ("leader", "leader_name", "commitment", "due_on", "review")
MAX_NOTE_CHARS = 2_000
MAX_TEXT_CHARS = 2_000
MAX_CONCLUSION_CHARS = 10_000
# The pack is large: the audit trail keeps when it was generated, not the pack itself.
AUDITED = [f.name for f in ManagementReview._meta.concrete_fields if f.name != "pack"]


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def _changes(before: dict, after: dict) -> tuple[dict, dict]:
    changed = {k for k in after if before.get(k) != after.get(k) and k != "updated_at"}
    return {k: before.get(k) for k in changed}, {k: after[k] for k in changed}


def _not_closed(review: ManagementReview) -> None:
    if review.status == ReviewStatus.CLOSED:
        raise ValidationError(_("This review is closed and can no longer change."))


def _check_review(review: ManagementReview, participants) -> None:
    errors: dict[str, str] = {}
    if not review.title:
        errors["title"] = _("Give the review a title.")
    if review.held_on is None:
        errors["held_on"] = _("Give the date of the review.")
    if review.period_start is None:
        errors["period_start"] = _("Give the first day of the period reviewed.")
    if review.period_end is None:
        errors["period_end"] = _("Give the last day of the period reviewed.")
    elif review.period_start and review.period_start > review.period_end:
        errors["period_end"] = _("The period must end on or after its first day.")
    if participants is not None and any(
        p.enterprise_id != review.enterprise_id for p in participants
    ):
        errors["participants"] = _("Choose employees of this enterprise.")
    if errors:
        raise ValidationError(errors)
    review.full_clean(exclude=["participants"], validate_unique=False)


def _record(review: ManagementReview) -> dict[str, Any]:
    data = snapshot(review, AUDITED)
    data["participants"] = sorted(review.participants.values_list("pk", flat=True))
    return data


@transaction.atomic
def review_create(*, actor, enterprise: Enterprise, data: dict[str, Any]) -> ManagementReview:
    """Plan a management review: title, date, the period it reviews, who chairs and attends.
    The review held before it becomes its `previous` (whose outputs it follows up)."""
    require(actor, REVIEW, [enterprise.organization_id])
    review = ManagementReview(enterprise=enterprise)
    for key in REVIEW_FIELDS:
        if key in data:
            setattr(review, key, _strip(data[key]) if data[key] is not None else None)
    for key in ("chaired_by", "other_participants"):
        setattr(review, key, getattr(review, key) or "")
    participants = list(data.get("participants") or [])
    _check_review(review, participants)
    review.previous = latest_previous_review(enterprise, review.held_on)
    review.save()
    review.participants.set(participants)
    _audit(actor, "management_review.create", review, after=_record(review))
    return review


@transaction.atomic
def review_update(*, actor, review: ManagementReview, data: dict[str, Any]) -> ManagementReview:
    """Change a review's plan (not once it is closed)."""
    require(actor, REVIEW, [review.enterprise.organization_id])
    review = ManagementReview.objects.select_for_update().get(pk=review.pk)
    _not_closed(review)
    before = _record(review)
    for key in REVIEW_FIELDS:
        if key in data:
            value = _strip(data[key])
            if key in ("chaired_by", "other_participants") and value is None:
                value = ""
            setattr(review, key, value)
    participants = list(data["participants"]) if "participants" in data else None
    _check_review(review, participants)
    review.save()
    if participants is not None:
        review.participants.set(participants)
    before, after = _changes(before, _record(review))
    if after:
        _audit(actor, "management_review.update", review, before, after)
    return review


@transaction.atomic
def review_generate_pack(*, actor, review: ManagementReview, today) -> ManagementReview:
    """Gather (again) the review's inputs from the system for its period, as of `today`."""
    require(actor, REVIEW, [review.enterprise.organization_id])
    review = ManagementReview.objects.select_for_update().get(pk=review.pk)
    _not_closed(review)
    review.pack = review_pack(
        review.enterprise, review.period_start, review.period_end, today, previous=review.previous
    )
    review.pack_generated_at = timezone.now()
    review.save(update_fields=["pack", "pack_generated_at", "updated_at"])
    _audit(
        actor,
        "management_review.pack",
        review,
        after={
            "pack_generated_at": review.pack_generated_at.isoformat(),
            "as_of": today.isoformat(),
            "period": [review.period_start.isoformat(), review.period_end.isoformat()],
        },
    )
    return review


@transaction.atomic
def review_record_outcome(
    *, actor, review: ManagementReview, conclusion: str, input_notes: dict[str, str]
) -> ManagementReview:
    """Record what the meeting concluded on the system's suitability, adequacy and
    effectiveness, and its notes on each input; the review is then "held"."""
    require(actor, REVIEW, [review.enterprise.organization_id])
    review = ManagementReview.objects.select_for_update().get(pk=review.pk)
    _not_closed(review)
    conclusion = (conclusion or "").strip()
    errors: dict[str, str] = {}
    if not conclusion:
        errors["conclusion"] = _(
            "Write the conclusion: is the quality system suitable, adequate and effective?"
        )
    elif len(conclusion) > MAX_CONCLUSION_CHARS:
        errors["conclusion"] = _("At most %(n)s characters.") % {"n": MAX_CONCLUSION_CHARS}
    notes: dict[str, str] = {}
    for key, value in (input_notes or {}).items():
        if key not in SECTIONS:
            errors["input_notes"] = _("Unknown input: %(key)s.") % {"key": key}
            continue
        if not isinstance(value, str):
            errors["input_notes"] = _("Each note must be text.")
            continue
        value = value.strip()
        if len(value) > MAX_NOTE_CHARS:
            errors["input_notes"] = _("At most %(n)s characters per note.") % {"n": MAX_NOTE_CHARS}
        if value:
            notes[key] = value
    if errors:
        raise ValidationError(errors)
    before = _record(review)
    review.conclusion = conclusion
    review.input_notes = notes
    review.status = ReviewStatus.HELD
    review.save()
    before, after = _changes(before, _record(review))
    _audit(actor, "management_review.outcome", review, before, after)
    return review


@transaction.atomic
def review_close(*, actor, review: ManagementReview) -> ManagementReview:
    """Close a held review: its record (pack, notes, conclusion, outputs) no longer changes."""
    require(actor, REVIEW, [review.enterprise.organization_id])
    review = ManagementReview.objects.select_for_update().get(pk=review.pk)
    if review.status != ReviewStatus.HELD:
        raise ValidationError(_("Record the outcome of the review before closing it."))
    review.status = ReviewStatus.CLOSED
    review.save(update_fields=["status", "updated_at"])
    _audit(
        actor,
        "management_review.close",
        review,
        {"status": ReviewStatus.HELD},
        {"status": ReviewStatus.CLOSED},
    )
    return review


@transaction.atomic
def review_output_add(*, actor, review: ManagementReview, data: dict[str, Any]) -> ReviewOutput:
    """Record a decision or an action of the review (ISO 9001 9.3.3). An action needs an owner
    and a due date and becomes an improvement action in the enterprise's action list."""
    require(actor, REVIEW, [review.enterprise.organization_id])
    review = ManagementReview.objects.select_related("enterprise__organization").get(pk=review.pk)
    _not_closed(review)
    kind = data.get("kind") or ""
    text = (data.get("text") or "").strip()
    owner: Employee | None = data.get("owner")
    owner_name = (data.get("owner_name") or "").strip()
    due_on = data.get("due_on")
    if owner is not None and not owner_name:
        owner_name = owner.name
    errors: dict[str, str] = {}
    if kind not in ReviewOutputKind.values:
        errors["kind"] = _("Choose a decision or a kind of action.")
    if not text:
        errors["text"] = _("Write the decision or the action.")
    elif len(text) > MAX_TEXT_CHARS:
        errors["text"] = _("At most %(n)s characters.") % {"n": MAX_TEXT_CHARS}
    if owner is not None and owner.enterprise_id != review.enterprise_id:
        errors["owner"] = _("Choose an employee of this enterprise.")
    if len(owner_name) > 100:
        errors["owner_name"] = _("At most %(n)s characters.") % {"n": 100}
    if kind in REVIEW_ACTION_KINDS:
        if not owner_name:
            errors["owner_name"] = _("An action needs an owner.")
        if due_on is None:
            errors["due_on"] = _("An action needs a due date.")
    if errors:
        raise ValidationError(errors)
    action = None
    if kind in REVIEW_ACTION_KINDS:
        title = text if len(text) <= 300 else text[:299] + "…"
        action = action_create(
            actor=actor,
            enterprise=review.enterprise,
            data={
                "kind": ActionKind.IMPROVEMENT,
                "title": title,
                "owner_name": owner_name,
                "owner_email": (owner.email if owner is not None else "") or "",
                "due_on": due_on,
            },
        )
    output = ReviewOutput.objects.create(
        enterprise=review.enterprise,
        review=review,
        kind=kind,
        text=text,
        owner=owner,
        owner_name=owner_name,
        due_on=due_on,
        action=action,
    )
    _audit(actor, "management_review.output", output, after=snapshot(output))
    return output


# Leadership commitments -------------------------------------------------------------------------


def _check_commitment(commitment: LeadershipCommitment) -> None:
    errors: dict[str, str] = {}
    if commitment.leader is not None and commitment.leader.enterprise_id != (
        commitment.enterprise_id
    ):
        errors["leader"] = _("Choose an employee of this enterprise.")
    elif commitment.leader is not None and not commitment.leader_name:
        commitment.leader_name = commitment.leader.name
    if not commitment.leader_name:
        errors["leader_name"] = _("Say who commits (name and position).")
    if not commitment.commitment:
        errors["commitment"] = _("Write what top management commits to.")
    if commitment.due_on is None:
        errors["due_on"] = _("Give the date by which it is done.")
    if commitment.review is not None and commitment.review.enterprise_id != (
        commitment.enterprise_id
    ):
        errors["review"] = _("Choose a review of this enterprise.")
    if errors:
        raise ValidationError(errors)
    commitment.full_clean(validate_unique=False)


@transaction.atomic
def commitment_create(
    *, actor, enterprise: Enterprise, data: dict[str, Any]
) -> LeadershipCommitment:
    """Record a dated commitment of top management (e.g. "the general manager joins the monthly
    quality meeting")."""
    require(actor, COMMITMENT, [enterprise.organization_id])
    commitment = LeadershipCommitment(enterprise=enterprise, leader_name="", commitment="")
    for key in COMMITMENT_FIELDS:
        if key in data:
            setattr(commitment, key, _strip(data[key]) if data[key] is not None else None)
    commitment.leader_name = commitment.leader_name or ""
    commitment.commitment = commitment.commitment or ""
    _check_commitment(commitment)
    commitment.save()
    _audit(actor, "leadership_commitment.create", commitment, after=snapshot(commitment))
    return commitment


@transaction.atomic
def commitment_update(
    *, actor, commitment: LeadershipCommitment, data: dict[str, Any]
) -> LeadershipCommitment:
    """Change a commitment's leader, wording, date or review (its status changes by
    commitment_mark)."""
    require(actor, COMMITMENT, [commitment.enterprise.organization_id])
    before = stored_snapshot(commitment)
    for key in COMMITMENT_FIELDS:
        if key in data:
            value = _strip(data[key])
            if key in ("leader_name", "commitment") and value is None:
                value = ""
            setattr(commitment, key, value)
    _check_commitment(commitment)
    commitment.save()
    before, after = _changes(before, snapshot(commitment))
    if after:
        _audit(actor, "leadership_commitment.update", commitment, before, after)
    return commitment


@transaction.atomic
def commitment_mark(
    *, actor, commitment: LeadershipCommitment, status: str, evidence: str
) -> LeadershipCommitment:
    """Record whether the commitment was kept, with the evidence (or why it was missed);
    "planned" reopens it."""
    require(actor, COMMITMENT, [commitment.enterprise.organization_id])
    evidence = (evidence or "").strip()
    errors: dict[str, str] = {}
    if status not in CommitmentStatus.values:
        errors["status"] = _("Choose kept, missed or planned.")
    elif status == CommitmentStatus.KEPT and not evidence:
        errors["evidence"] = _("Say how it was kept (e.g. the minutes of the meeting).")
    elif status == CommitmentStatus.MISSED and not evidence:
        errors["evidence"] = _("Say why it was missed.")
    if len(evidence) > MAX_NOTE_CHARS:
        errors["evidence"] = _("At most %(n)s characters.") % {"n": MAX_NOTE_CHARS}
    if errors:
        raise ValidationError(errors)
    before = stored_snapshot(commitment, ["status", "evidence"])
    commitment.status = status
    commitment.evidence = evidence
    commitment.save(update_fields=["status", "evidence", "updated_at"])
    after = snapshot(commitment, ["status", "evidence"])
    _audit(actor, "leadership_commitment.mark", commitment, before, after)
    return commitment
