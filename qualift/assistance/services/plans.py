"""The "one enterprise, one policy" (一企一策) plan (issue 6 §4): drafting it with its points,
measures, milestones and expected indicators; sign-off by both sides; revisions that keep the
history; milestones achieved with evidence, which drive progress and the ledger.

Rules:
- One plan per ledger entry. Its content (points, measures, milestones, indicators) changes only
  while the plan is a draft; an agreed plan is reopened with `plan_revise`, which files the
  agreed version as a `PlanRevision` snapshot and asks both sides to sign again.
- A plan can be signed only when it is complete enough to be carried out: at least one point,
  one measure, one milestone and one expected indicator. Each side signs each revision once;
  when both have signed the current revision the plan is agreed and the ledger moves to
  "plan agreed".
- Milestones are achieved on an agreed plan, with evidence; progress = achieved / all
  milestones in percent (halves rounded up); the first one moves the ledger to "assisting".
"""

from __future__ import annotations

import datetime as dt
import os
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qualift.assistance.access import acting_orgs
from qualift.assistance.choices import (
    IndicatorDirection,
    InvolvementSource,
    MeasureKind,
    MeasureStatus,
    MilestoneStatus,
    PlanStatus,
    SignSide,
)
from qualift.assistance.involvement import record_involvement
from qualift.assistance.models import (
    AssistanceIssue,
    Measure,
    Milestone,
    Plan,
    PlanIndicator,
    PlanRevision,
    PlanSignature,
)
from qualift.assistance.services.ledger_sync import advance_ledger
from qualift.core.audit import audit_enterprise_record as _audit
from qualift.core.audit import jsonable, snapshot
from qualift.programs.models import LedgerEntry
from qualift.tenancy.models import Membership
from qualift.tenancy.permissions import acting_org, require

MAX_TITLE_CHARS = 200
MAX_TEXT_CHARS = 10_000
MAX_NAME_CHARS = 100
MAX_MEANING_CHARS = 300
MAX_EVIDENCE_BYTES = 10 * 1024 * 1024
EVIDENCE_EXTENSIONS = (".pdf", ".jpg", ".jpeg", ".png", ".webp", ".docx", ".xlsx", ".txt")

PLAN_FIELDS = ("title", "approach")
MEASURE_FIELDS = (
    "kind",
    "title",
    "description",
    "issue",
    "cb_owner",
    "enterprise_owner",
    "starts_on",
    "due_on",
    "resources",
)
MILESTONE_FIELDS = ("measure", "title", "due_on", "acceptance_criteria")
INDICATOR_FIELDS = ("name", "unit", "baseline", "baseline_on", "target", "direction", "note")


def _plan_orgs(entry: LedgerEntry) -> list[int]:
    return [entry.cb_id, entry.enterprise.organization_id]


def _text(data: dict, key: str, *, required: bool, limit: int, errors: dict) -> str:
    value = data.get(key)
    if value is None:
        value = ""
    if not isinstance(value, str):
        errors[key] = [_("Expected text.")]
        return ""
    value = value.strip()
    if required and not value:
        errors[key] = [_("This field is required.")]
    elif len(value) > limit:
        errors[key] = [_("At most %(n)s characters.") % {"n": limit}]
    return value


def _require_draft(plan: Plan) -> None:
    if plan.status != PlanStatus.DRAFT:
        raise ValidationError(
            {"plan": [_("The plan has been agreed; revise it first to change it.")]}
        )


def _locked(plan: Plan) -> Plan:
    return (
        Plan.objects.select_for_update()
        .select_related("ledger_entry", "enterprise__organization")
        .get(pk=plan.pk)
    )


def _entry_issues(entry: LedgerEntry):
    return AssistanceIssue.objects.filter(diagnosis__ledger_entry_id=entry.pk)


def _check_points(entry: LedgerEntry, points) -> list[AssistanceIssue]:
    points = list(points or [])
    own = set(
        _entry_issues(entry).filter(pk__in=[p.pk for p in points]).values_list("pk", flat=True)
    )
    foreign = [p for p in points if p.pk not in own]
    if foreign:
        raise ValidationError(
            {"points": [_("Choose issues from this enterprise's diagnoses in this program.")]}
        )
    return points


def _mark_points(points: list[AssistanceIssue]) -> None:
    AssistanceIssue.objects.filter(pk__in=[p.pk for p in points], is_point=False).update(
        is_point=True
    )


def _plan_record(plan: Plan) -> dict[str, Any]:
    return snapshot(plan, ["title", "approach", "status", "revision", "progress", "points"])


# The plan


@transaction.atomic
def plan_create(*, actor, entry: LedgerEntry, data: dict, points) -> Plan:
    """Start the entry's plan as a draft with its chosen points (marked as points)."""
    require(actor, "plan.change", _plan_orgs(entry))
    entry = LedgerEntry.objects.select_for_update().select_related("enterprise").get(pk=entry.pk)
    if Plan.objects.filter(ledger_entry=entry).exists():
        raise ValidationError({"entry": [_("This enterprise already has a plan in this program.")]})
    errors: dict[str, list[str]] = {}
    title = _text(data, "title", required=True, limit=MAX_TITLE_CHARS, errors=errors)
    approach = _text(data, "approach", required=False, limit=MAX_TEXT_CHARS, errors=errors)
    if errors:
        raise ValidationError(errors)
    points = _check_points(entry, points)
    plan = Plan(
        ledger_entry=entry,
        enterprise=entry.enterprise,
        cb_id=entry.cb_id,
        program_id=entry.program_id,
        title=title,
        approach=approach,
    )
    plan.full_clean()
    plan.save()
    plan.points.set(points)
    _mark_points(points)
    _audit(actor, "plan.create", plan, after=_plan_record(plan))
    return plan


@transaction.atomic
def plan_update(*, actor, plan: Plan, data: dict, points=None) -> Plan:
    """Change a draft's title, approach or points; nothing is written when nothing changes."""
    require(actor, "plan.change", acting_orgs(plan))
    plan = _locked(plan)
    _require_draft(plan)
    before = _plan_record(plan)
    errors: dict[str, list[str]] = {}
    for key, limit, required in (
        ("title", MAX_TITLE_CHARS, True),
        ("approach", MAX_TEXT_CHARS, False),
    ):
        if key in data:
            setattr(plan, key, _text(data, key, required=required, limit=limit, errors=errors))
    if errors:
        raise ValidationError(errors)
    if points is not None:
        points = _check_points(plan.ledger_entry, points)
    plan.full_clean()
    plan.save()
    if points is not None:
        plan.points.set(points)
        _mark_points(points)
    after = _plan_record(plan)
    changed = [k for k in after if before.get(k) != after.get(k)]
    if changed:
        _audit(
            actor,
            "plan.update",
            plan,
            before={k: before.get(k) for k in changed},
            after={k: after[k] for k in changed},
        )
    return plan


def plan_snapshot(plan: Plan) -> dict[str, Any]:
    """The plan as it stands, JSON-safe: what a revision keeps and what the revision page shows."""

    def _user(user) -> str:
        if user is None:
            return ""
        return user.get_full_name() or user.get_username()

    measures = list(plan.measures.select_related("issue", "cb_owner", "enterprise_owner"))
    return jsonable(
        {
            "title": plan.title,
            "approach": plan.approach,
            "revision": plan.revision,
            "status": plan.status,
            "points": [
                {"id": p.pk, "title": p.title, "area": p.area} for p in plan.points.order_by("pk")
            ],
            "measures": [
                {
                    "id": m.pk,
                    "kind": m.kind,
                    "title": m.title,
                    "description": m.description,
                    "issue": m.issue_id,
                    "issue_title": m.issue.title if m.issue else "",
                    "cb_owner": _user(m.cb_owner),
                    "enterprise_owner": _user(m.enterprise_owner),
                    "starts_on": m.starts_on,
                    "due_on": m.due_on,
                    "resources": m.resources,
                    "status": m.status,
                }
                for m in measures
            ],
            "milestones": [
                {
                    "id": ms.pk,
                    "measure": ms.measure_id,
                    "title": ms.title,
                    "due_on": ms.due_on,
                    "acceptance_criteria": ms.acceptance_criteria,
                    "status": ms.status,
                    "achieved_on": ms.achieved_on,
                    "evidence": ms.evidence,
                }
                for ms in plan.milestones.all()
            ],
            "indicators": [
                {
                    "id": i.pk,
                    "name": i.name,
                    "unit": i.unit,
                    "baseline": i.baseline,
                    "baseline_on": i.baseline_on,
                    "target": i.target,
                    "direction": i.direction,
                    "note": i.note,
                }
                for i in plan.indicators.all()
            ],
            "signatures": [
                {
                    "revision": s.revision,
                    "side": s.side,
                    "name": s.name,
                    "meaning": s.meaning,
                    "signed_at": s.signed_at,
                }
                for s in plan.signatures.filter(revision=plan.revision)
            ],
        }
    )


def missing_for_signing(plan: Plan) -> list[str]:
    """What the plan still lacks before it can be signed (empty when complete)."""
    missing = []
    if not plan.points.exists():
        missing.append(_("an assistance point"))
    if not plan.measures.exists():
        missing.append(_("a measure"))
    if not plan.milestones.exists():
        missing.append(_("a milestone"))
    if not plan.indicators.exists():
        missing.append(_("an expected indicator"))
    return missing


def side_for(user, plan: Plan) -> str | None:
    """The side the user signs for: "cb" when their role in the plan's CB allows signing,
    "enterprise" when their role in the enterprise does; None when neither."""
    org = acting_org(user, "plan.sign", acting_orgs(plan))
    if org is None:
        return None
    return SignSide.CB if org == plan.cb_id else SignSide.ENTERPRISE


@transaction.atomic
def plan_sign(
    *, actor, plan: Plan, name: str, meaning: str, side: str | None = None, signer=None
) -> PlanSignature:
    """Sign the current revision for the actor's side; both sides signed → agreed."""
    require(actor, "plan.sign", acting_orgs(plan))
    plan = _locked(plan)
    if actor is None:
        if side not in SignSide.values or signer is None:
            raise ValidationError(
                {"side": [_("At the command line, give the side and the person who signed.")]}
            )
    else:
        own_side = side_for(actor, plan)
        if side is None:
            side = own_side
        if side not in SignSide.values:
            raise ValidationError({"side": [_("Choose the side you sign for.")]})
        org = plan.cb_id if side == SignSide.CB else plan.enterprise.organization_id
        require(actor, "plan.sign", [org])
        signer = actor
    if plan.status != PlanStatus.DRAFT:
        raise ValidationError({"plan": [_("Only a draft plan is signed.")]})
    missing = missing_for_signing(plan)
    if missing:
        raise ValidationError(
            {"plan": [_("The plan is not complete: add %(what)s.") % {"what": ", ".join(missing)}]}
        )
    errors: dict[str, list[str]] = {}
    name = _text({"name": name}, "name", required=True, limit=MAX_NAME_CHARS, errors=errors)
    meaning = _text(
        {"meaning": meaning}, "meaning", required=True, limit=MAX_MEANING_CHARS, errors=errors
    )
    if errors:
        raise ValidationError(errors)
    if PlanSignature.objects.filter(plan=plan, revision=plan.revision, side=side).exists():
        raise ValidationError(
            {"side": [_("This side has already signed this revision of the plan.")]}
        )
    now = timezone.now()
    signature = PlanSignature(
        plan=plan,
        enterprise_id=plan.enterprise_id,
        cb_id=plan.cb_id,
        program_id=plan.program_id,
        revision=plan.revision,
        side=side,
        signed_by=signer,
        name=name,
        meaning=meaning,
        signed_at=now,
    )
    signature.full_clean()
    signature.save()
    sides = set(
        PlanSignature.objects.filter(plan=plan, revision=plan.revision).values_list(
            "side", flat=True
        )
    )
    agreed = sides >= set(SignSide.values)
    if agreed:
        plan.status = PlanStatus.AGREED
        plan.agreed_at = now
        plan.save(update_fields=["status", "agreed_at", "updated_at"])
    _audit(
        actor,
        "plan.sign",
        plan,
        after={
            "revision": plan.revision,
            "side": side,
            "name": name,
            "meaning": meaning,
            "signed_by": signer.pk,
            "status": plan.status,
        },
    )
    if agreed:
        advance_ledger(plan.ledger_entry, "plan_agreed", _("Assistance plan signed by both sides."))
    return signature


@transaction.atomic
def plan_revise(*, actor, plan: Plan, reason: str) -> Plan:
    """Reopen an agreed plan: file the agreed version (snapshot and reason) as a revision, start
    the next revision as a draft. The old signatures stay with the revision they signed."""
    require(actor, "plan.change", acting_orgs(plan))
    plan = _locked(plan)
    if plan.status != PlanStatus.AGREED:
        raise ValidationError({"plan": [_("Only an agreed plan is revised.")]})
    errors: dict[str, list[str]] = {}
    reason = _text({"reason": reason}, "reason", required=True, limit=MAX_TEXT_CHARS, errors=errors)
    if errors:
        raise ValidationError(errors)
    revision = PlanRevision(
        plan=plan,
        enterprise_id=plan.enterprise_id,
        cb_id=plan.cb_id,
        program_id=plan.program_id,
        number=plan.revision,
        reason=reason,
        snapshot=plan_snapshot(plan),
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    revision.full_clean()
    revision.save()
    plan.revision += 1
    plan.status = PlanStatus.DRAFT
    plan.save(update_fields=["revision", "status", "updated_at"])
    _audit(
        actor,
        "plan.revise",
        plan,
        before={"revision": revision.number, "status": PlanStatus.AGREED},
        after={"revision": plan.revision, "status": plan.status},
        reason=reason,
    )
    return plan


@transaction.atomic
def plan_complete(*, actor, plan: Plan) -> Plan:
    """Close an agreed plan once every milestone is achieved."""
    require(actor, "plan.change", acting_orgs(plan))
    plan = _locked(plan)
    if plan.status != PlanStatus.AGREED:
        raise ValidationError({"plan": [_("Only an agreed plan is completed.")]})
    if (
        not plan.milestones.exists()
        or plan.milestones.exclude(status=MilestoneStatus.ACHIEVED).exists()
    ):
        raise ValidationError(
            {"plan": [_("Every milestone must be achieved before the plan is completed.")]}
        )
    plan.status = PlanStatus.COMPLETED
    plan.save(update_fields=["status", "updated_at"])
    _audit(
        actor,
        "plan.complete",
        plan,
        before={"status": PlanStatus.AGREED},
        after={"status": PlanStatus.COMPLETED},
    )
    return plan


# Measures


def _is_member(user, org_id: int) -> bool:
    return Membership.objects.filter(
        user_id=user.pk, organization_id=org_id, is_active=True
    ).exists()


def _record_owner(measure: Measure, day: dt.date) -> None:
    if measure.cb_owner_id:
        record_involvement(
            people=[measure.cb_owner_id],
            enterprise=measure.enterprise,
            cb_id=measure.cb_id,
            day=day,
            source=InvolvementSource.MEASURE,
            source_id=measure.pk,
        )


@transaction.atomic
def measure_save(*, actor, plan: Plan, measure: Measure | None = None, data: dict) -> Measure:
    """Add a measure to a draft plan or change one; its CB owner is recorded as involved with
    the enterprise from the start date (impartiality, DOMAIN §1)."""
    require(actor, "plan.change", acting_orgs(plan))
    plan = _locked(plan)
    _require_draft(plan)
    if measure is not None and measure.plan_id != plan.pk:
        raise ValidationError({"measure": [_("Not found.")]})
    before = snapshot(measure) if measure is not None else None
    if measure is None:
        measure = Measure(
            plan=plan,
            enterprise_id=plan.enterprise_id,
            cb_id=plan.cb_id,
            program_id=plan.program_id,
        )
    merged = {key: getattr(measure, key, None) for key in MEASURE_FIELDS}
    merged.update({k: v for k, v in data.items() if k in MEASURE_FIELDS})
    errors: dict[str, list[str]] = {}
    if merged.get("kind") not in MeasureKind.values:
        errors["kind"] = [_("Choose a kind of measure.")]
    title = _text(merged, "title", required=True, limit=MAX_TITLE_CHARS, errors=errors)
    description = _text(merged, "description", required=False, limit=MAX_TEXT_CHARS, errors=errors)
    resources = _text(merged, "resources", required=False, limit=MAX_TEXT_CHARS, errors=errors)
    issue = merged.get("issue")
    if issue is not None and not plan.points.filter(pk=issue.pk).exists():
        errors["issue"] = [_("Choose one of the plan's assistance points.")]
    cb_owner, enterprise_owner = merged.get("cb_owner"), merged.get("enterprise_owner")
    if cb_owner is None:
        errors["cb_owner"] = [_("Name the certification body's owner.")]
    elif not _is_member(cb_owner, plan.cb_id):
        errors["cb_owner"] = [_("The CB owner must be a member of the certification body.")]
    if enterprise_owner is None:
        errors["enterprise_owner"] = [_("Name the enterprise's owner.")]
    elif not _is_member(enterprise_owner, plan.enterprise.organization_id):
        errors["enterprise_owner"] = [_("The enterprise owner must be one of its users.")]
    starts_on, due_on = merged.get("starts_on"), merged.get("due_on")
    if not isinstance(starts_on, dt.date):
        errors["starts_on"] = [_("Give the start date.")]
    if not isinstance(due_on, dt.date):
        errors["due_on"] = [_("Give the due date.")]
    elif isinstance(starts_on, dt.date) and due_on < starts_on:
        errors["due_on"] = [_("The due date cannot be before the start.")]
    if errors:
        raise ValidationError(errors)
    measure.kind = merged["kind"]
    measure.title, measure.description, measure.resources = title, description, resources
    measure.issue, measure.cb_owner, measure.enterprise_owner = issue, cb_owner, enterprise_owner
    measure.starts_on, measure.due_on = starts_on, due_on
    measure.full_clean()
    measure.save()
    after = snapshot(measure)
    if before is None:
        _audit(actor, "measure.create", measure, after=after)
    else:
        changed = [k for k in after if before.get(k) != after.get(k)]
        if changed:
            _audit(
                actor,
                "measure.update",
                measure,
                before={k: before.get(k) for k in changed},
                after={k: after[k] for k in changed},
            )
    _record_owner(measure, measure.starts_on)
    return measure


@transaction.atomic
def measure_set_status(*, actor, measure: Measure, status: str, today: dt.date) -> Measure:
    """Report a measure's progress on an agreed (or completed) plan. Working on it records the CB
    owner as involved with the enterprise on that day."""
    require(actor, "measure.update", acting_orgs(measure))
    measure = (
        Measure.objects.select_for_update().select_related("plan", "enterprise").get(pk=measure.pk)
    )
    if status not in MeasureStatus.values:
        raise ValidationError({"status": [_("Choose a status.")]})
    if measure.plan.status == PlanStatus.DRAFT:
        raise ValidationError(
            {"status": [_("The plan is still a draft; progress is reported once it is agreed.")]}
        )
    if status == measure.status:
        return measure
    before = measure.status
    measure.status = status
    measure.save(update_fields=["status", "updated_at"])
    _audit(actor, "measure.status", measure, before={"status": before}, after={"status": status})
    if status in (MeasureStatus.IN_PROGRESS, MeasureStatus.DONE):
        _record_owner(measure, today)
    return measure


# Milestones


def _refresh_progress(plan: Plan) -> int:
    total = plan.milestones.count()
    achieved = plan.milestones.filter(status=MilestoneStatus.ACHIEVED).count()
    # Halves round up (2 of 8 milestones → 25 %, 1 of 8 → 13 %).
    progress = (200 * achieved + total) // (2 * total) if total else 0
    if progress != plan.progress:
        plan.progress = progress
        plan.save(update_fields=["progress", "updated_at"])
    return progress


@transaction.atomic
def milestone_save(
    *, actor, plan: Plan, milestone: Milestone | None = None, data: dict
) -> Milestone:
    """Add a milestone (title, due date, acceptance criteria; optionally its measure) to a draft
    plan or change one."""
    require(actor, "plan.change", acting_orgs(plan))
    plan = _locked(plan)
    _require_draft(plan)
    if milestone is not None and milestone.plan_id != plan.pk:
        raise ValidationError({"milestone": [_("Not found.")]})
    before = snapshot(milestone) if milestone is not None else None
    if milestone is None:
        milestone = Milestone(
            plan=plan,
            enterprise_id=plan.enterprise_id,
            cb_id=plan.cb_id,
            program_id=plan.program_id,
        )
    merged = {key: getattr(milestone, key, None) for key in MILESTONE_FIELDS}
    merged.update({k: v for k, v in data.items() if k in MILESTONE_FIELDS})
    errors: dict[str, list[str]] = {}
    title = _text(merged, "title", required=True, limit=MAX_TITLE_CHARS, errors=errors)
    criteria = _text(
        merged, "acceptance_criteria", required=True, limit=MAX_TEXT_CHARS, errors=errors
    )
    if not isinstance(merged.get("due_on"), dt.date):
        errors["due_on"] = [_("Give the due date.")]
    measure = merged.get("measure")
    if measure is not None and measure.plan_id != plan.pk:
        errors["measure"] = [_("Choose a measure of this plan.")]
    if errors:
        raise ValidationError(errors)
    milestone.title, milestone.acceptance_criteria = title, criteria
    milestone.due_on, milestone.measure = merged["due_on"], measure
    milestone.full_clean()
    milestone.save()
    after = snapshot(milestone)
    if before is None:
        _audit(actor, "milestone.create", milestone, after=after)
    else:
        changed = [k for k in after if before.get(k) != after.get(k)]
        if changed:
            _audit(
                actor,
                "milestone.update",
                milestone,
                before={k: before.get(k) for k in changed},
                after={k: after[k] for k in changed},
            )
    _refresh_progress(plan)
    return milestone


def _check_file(file) -> None:
    if file is None:
        return
    name = (getattr(file, "name", "") or "").lower()
    if os.path.splitext(name)[1] not in EVIDENCE_EXTENSIONS:
        raise ValidationError(
            {
                "file": [
                    _("Attach a PDF, an image, a Word or Excel file or a text file (%(ext)s).")
                    % {"ext": ", ".join(EVIDENCE_EXTENSIONS)}
                ]
            }
        )
    if (getattr(file, "size", 0) or 0) > MAX_EVIDENCE_BYTES:
        raise ValidationError({"file": [_("The file is larger than 10 MB.")]})


@transaction.atomic
def milestone_achieve(
    *, actor, milestone: Milestone, day: dt.date, evidence: str, file=None
) -> Milestone:
    """Record a milestone of an agreed plan as achieved on `day`, with the evidence."""
    require(actor, "milestone.achieve", acting_orgs(milestone))
    milestone = Milestone.objects.select_for_update().select_related("plan").get(pk=milestone.pk)
    plan = _locked(milestone.plan)
    if plan.status != PlanStatus.AGREED:
        raise ValidationError({"milestone": [_("Milestones are achieved on an agreed plan.")]})
    if milestone.status == MilestoneStatus.ACHIEVED:
        raise ValidationError({"milestone": [_("This milestone is already achieved.")]})
    errors: dict[str, list[str]] = {}
    evidence = _text(
        {"evidence": evidence}, "evidence", required=True, limit=MAX_TEXT_CHARS, errors=errors
    )
    if not isinstance(day, dt.date):
        errors["day"] = [_("Give the day it was achieved.")]
    elif day > timezone.localdate():
        errors["day"] = [_("The day cannot be in the future.")]
    if errors:
        raise ValidationError(errors)
    _check_file(file)
    milestone.status = MilestoneStatus.ACHIEVED
    milestone.achieved_on = day
    milestone.evidence = evidence
    milestone.achieved_by = actor if getattr(actor, "pk", None) else None
    if file is not None:
        milestone.evidence_file = file
    milestone.full_clean()
    milestone.save()
    progress = _refresh_progress(plan)
    _audit(
        actor,
        "milestone.achieve",
        milestone,
        before={"status": MilestoneStatus.PENDING},
        after={
            "status": milestone.status,
            "achieved_on": day.isoformat(),
            "evidence": evidence,
            "evidence_file": milestone.evidence_file.name or "",
            "plan_progress": progress,
        },
    )
    advance_ledger(plan.ledger_entry, "assisting", _("First plan milestone achieved."))
    return milestone


# Expected indicators


@transaction.atomic
def indicator_save(
    *, actor, plan: Plan, indicator: PlanIndicator | None = None, data: dict
) -> PlanIndicator:
    """Add or change an expected indicator of a draft plan: baseline (value and date), target,
    and which direction is good; the target must lie on the good side of the baseline."""
    require(actor, "plan.change", acting_orgs(plan))
    plan = _locked(plan)
    _require_draft(plan)
    if indicator is not None and indicator.plan_id != plan.pk:
        raise ValidationError({"indicator": [_("Not found.")]})
    before = snapshot(indicator) if indicator is not None else None
    if indicator is None:
        indicator = PlanIndicator(
            plan=plan,
            enterprise_id=plan.enterprise_id,
            cb_id=plan.cb_id,
            program_id=plan.program_id,
        )
    merged = {key: getattr(indicator, key, None) for key in INDICATOR_FIELDS}
    merged.update({k: v for k, v in data.items() if k in INDICATOR_FIELDS})
    errors: dict[str, list[str]] = {}
    name = _text(merged, "name", required=True, limit=200, errors=errors)
    unit = _text(merged, "unit", required=False, limit=40, errors=errors)
    note = _text(merged, "note", required=False, limit=300, errors=errors)
    values = {}
    for key in ("baseline", "target"):
        value = merged.get(key)
        try:
            values[key] = Decimal(str(value)) if value is not None and value != "" else None
        except ArithmeticError:
            values[key] = None
        if values[key] is None or not values[key].is_finite():
            errors[key] = [_("Give a number.")]
            values[key] = None
    if not isinstance(merged.get("baseline_on"), dt.date):
        errors["baseline_on"] = [_("Give the date the baseline was measured.")]
    direction = merged.get("direction")
    if direction not in IndicatorDirection.values:
        errors["direction"] = [_("Say whether higher or lower is better.")]
    elif values["baseline"] is not None and values["target"] is not None:
        baseline, target = values["baseline"], values["target"]
        if direction == IndicatorDirection.UP and target <= baseline:
            errors["target"] = [_("Higher is better: the target must be above the baseline.")]
        if direction == IndicatorDirection.DOWN and target >= baseline:
            errors["target"] = [_("Lower is better: the target must be below the baseline.")]
    if errors:
        raise ValidationError(errors)
    indicator.name, indicator.unit, indicator.note = name, unit, note
    indicator.baseline, indicator.target = values["baseline"], values["target"]
    indicator.baseline_on, indicator.direction = merged["baseline_on"], direction
    indicator.full_clean()
    indicator.save()
    after = snapshot(indicator)
    if before is None:
        _audit(actor, "plan_indicator.create", indicator, after=after)
    else:
        changed = [k for k in after if before.get(k) != after.get(k)]
        if changed:
            _audit(
                actor,
                "plan_indicator.update",
                indicator,
                before={k: before.get(k) for k in changed},
                after={k: after[k] for k in changed},
            )
    return indicator
