"""Internal audits (ISO 9001 9.2): plan, start, answer the checklist, raise nonconformities,
complete or cancel.

Flow: planned → in progress → completed; cancel (with a reason) from planned or in progress.
Starting creates one blank answer per question of the template. Answers change only while the
audit is in progress. A minor or major NC answer becomes the enterprise's nonconformity (source
"internal audit", the question's clause) on request, and completing the audit raises every one
still missing, so no finding is lost. Every service checks "internal_audit.change" on the
enterprise and writes one audit event.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from qualift.core.audit import audit_enterprise_record as _audit
from qualift.core.audit import audit_record, snapshot, stored_snapshot
from qualift.enterprises.models import Enterprise
from qualift.improvement.choices import InternalAuditStatus, NcSeverity, NcSource
from qualift.improvement.models import InternalAudit, InternalAuditAnswer, Nonconformity
from qualift.improvement.services.nonconformities import nc_create
from qualift.standards.choices import NC_RESULTS, ChecklistResult, TemplatePurpose
from qualift.standards.models import ChecklistQuestion, ChecklistTemplate
from qualift.standards.selectors import default_template
from qualift.tenancy.permissions import require

S = InternalAuditStatus
PLAN_FIELDS = ("title", "template", "planned_on", "scope", "auditors")
SEVERITY = {ChecklistResult.MINOR_NC: NcSeverity.MINOR, ChecklistResult.MAJOR_NC: NcSeverity.MAJOR}
# Which statuses each step may start from.
ALLOWED_FROM = {
    "start": (S.PLANNED,),
    "answer": (S.IN_PROGRESS,),
    "raise_nc": (S.IN_PROGRESS,),
    "complete": (S.IN_PROGRESS,),
    "cancel": (S.PLANNED, S.IN_PROGRESS),
    "update": (S.PLANNED, S.IN_PROGRESS),
}
STEP_MESSAGES = {
    "start": gettext_lazy("Only a planned audit can be started; this one is %(status)s."),
    "answer": gettext_lazy(
        "Answers can be recorded only while the audit is in progress; it is %(status)s."
    ),
    "raise_nc": gettext_lazy(
        "Nonconformities are raised while the audit is in progress; this one is %(status)s."
    ),
    "complete": gettext_lazy("Only an audit in progress can be completed; this one is %(status)s."),
    "cancel": gettext_lazy(
        "Only a planned audit or one in progress can be cancelled; this one is %(status)s."
    ),
    "update": gettext_lazy("A %(status)s audit can no longer be edited."),
}


def _require(actor, enterprise: Enterprise) -> None:
    require(actor, "internal_audit.change", [enterprise.organization_id])


def _check_step(audit: InternalAudit, step: str) -> None:
    if audit.status not in ALLOWED_FROM[step]:
        raise ValidationError(
            {"status": str(STEP_MESSAGES[step]) % {"status": audit.get_status_display().lower()}}
        )


def _locked(audit: InternalAudit) -> InternalAudit:
    """Re-read the audit under a row lock so two requests cannot both move it."""
    return (
        InternalAudit.objects.select_for_update(of=("self",))
        .select_related("enterprise__organization")
        .get(pk=audit.pk)
    )


def _check_template(enterprise: Enterprise, template: ChecklistTemplate | None) -> None:
    if template is None:
        raise ValidationError({"template": _("Choose a checklist.")})
    if template.owner_id not in (None, enterprise.organization_id):
        raise ValidationError({"template": _("This checklist belongs to another organisation.")})
    if template.purpose not in (TemplatePurpose.BOTH, TemplatePurpose.INTERNAL):
        raise ValidationError({"template": _("This checklist is for certification audits only.")})
    if not template.questions.exists():
        raise ValidationError({"template": _("This checklist has no questions.")})


@transaction.atomic
def internal_audit_plan(*, actor, enterprise: Enterprise, data: dict[str, Any]) -> InternalAudit:
    """Plan an internal audit. Without a template the shipped default checklist is used."""
    _require(actor, enterprise)
    template = data.get("template") or default_template()
    _check_template(enterprise, template)
    audit = InternalAudit(
        enterprise=enterprise,
        template=template,
        **{k: data[k] for k in PLAN_FIELDS if k in data and k != "template"},
    )
    audit.status = S.PLANNED
    audit.full_clean()
    audit.save()
    _audit(actor, "internal_audit.plan", audit, after=snapshot(audit))
    return audit


@transaction.atomic
def internal_audit_update(*, actor, audit: InternalAudit, data: dict[str, Any]) -> InternalAudit:
    """Edit the plan (title, date, scope, auditors; the checklist only before the start)."""
    _require(actor, audit.enterprise)
    before = stored_snapshot(audit, list(PLAN_FIELDS))
    audit = _locked(audit)
    _check_step(audit, "update")
    if "template" in data and data["template"] is not None:
        if data["template"].pk != audit.template_id:
            if audit.status != S.PLANNED:
                raise ValidationError(
                    {"template": _("The checklist cannot change once the audit has started.")}
                )
            _check_template(audit.enterprise, data["template"])
        audit.template = data["template"]
    for key in PLAN_FIELDS:
        if key in data and key != "template":
            setattr(audit, key, data[key])
    audit.full_clean()
    after = snapshot(audit, list(PLAN_FIELDS))
    changed = [k for k in after if before.get(k) != after.get(k)]
    if changed:
        audit.save()
        _audit(
            actor,
            "internal_audit.update",
            audit,
            {k: before.get(k) for k in changed},
            {k: after[k] for k in changed},
        )
    return audit


@transaction.atomic
def internal_audit_start(*, actor, audit: InternalAudit) -> InternalAudit:
    """Start the audit: one blank answer per question of its checklist."""
    _require(actor, audit.enterprise)
    audit = _locked(audit)
    _check_step(audit, "start")
    questions = list(audit.template.questions.values_list("pk", flat=True))
    if not questions:
        raise ValidationError({"template": _("This checklist has no questions.")})
    InternalAuditAnswer.objects.bulk_create(
        InternalAuditAnswer(audit=audit, enterprise_id=audit.enterprise_id, question_id=pk)
        for pk in questions
    )
    audit.status = S.IN_PROGRESS
    audit.save(update_fields=["status", "updated_at"])
    _audit(
        actor,
        "internal_audit.start",
        audit,
        {"status": S.PLANNED},
        {"status": audit.status, "questions": len(questions)},
    )
    return audit


def _answer_for(audit: InternalAudit, question: ChecklistQuestion | int) -> InternalAuditAnswer:
    question_id = question if isinstance(question, int) else question.pk
    answer = (
        InternalAuditAnswer.objects.select_for_update(of=("self",))
        .select_related("question__clause", "nonconformity")
        .filter(audit=audit, question_id=question_id)
        .first()
    )
    if answer is None:
        raise ValidationError({"question": _("This question is not on this audit's checklist.")})
    return answer


@transaction.atomic
def internal_audit_answer(
    *,
    actor,
    audit: InternalAudit,
    question: ChecklistQuestion | int,
    result: str,
    evidence: str = "",
) -> InternalAuditAnswer:
    """Record the result and evidence for one question (only while the audit is in progress).

    A nonconformity needs its evidence written down; once its NC has been raised the result is
    fixed (change the nonconformity instead)."""
    _require(actor, audit.enterprise)
    audit = _locked(audit)
    _check_step(audit, "answer")
    answer = _answer_for(audit, question)
    evidence = (evidence or "").strip()
    if result not in ChecklistResult.values:
        raise ValidationError({"result": _("Choose one of the results.")})
    if result in NC_RESULTS and not evidence:
        raise ValidationError(
            {"evidence": _("Write down the evidence for a nonconformity: what was seen, where.")}
        )
    if answer.nonconformity_id and result != answer.result:
        raise ValidationError(
            {
                "result": _(
                    "Nonconformity %(number)s was raised from this answer, so its result stays; "
                    "change the nonconformity instead."
                )
                % {"number": answer.nonconformity.number}
            }
        )
    before = {"result": answer.result, "evidence": answer.evidence}
    if before == {"result": result, "evidence": evidence}:
        return answer
    answer.result, answer.evidence = result, evidence
    answer.full_clean()
    answer.save(update_fields=["result", "evidence"])
    audit_record(
        actor=actor,
        verb="internal_audit.answer",
        target=answer,
        organization=audit.enterprise.organization,
        enterprise_id=audit.enterprise_id,
        before=before,
        after={"result": result, "evidence": evidence, "audit": audit.pk},
    )
    return answer


def _raise(actor, audit: InternalAudit, answer: InternalAuditAnswer, on: dt.date) -> Nonconformity:
    """Create the nonconformity for an NC answer and link it (the caller writes its event)."""
    question = answer.question
    first_line = answer.evidence.strip().splitlines()[0] if answer.evidence.strip() else ""
    title = first_line or question.text
    if len(title) > 200:
        title = title[:199] + "…"
    description = _(
        "Internal audit “%(audit)s”, clause %(clause)s.\nQuestion: %(question)s\nEvidence: "
        "%(evidence)s"
    ) % {
        "audit": audit.title,
        "clause": question.clause.number,
        "question": question.text,
        "evidence": answer.evidence.strip(),
    }
    nc = nc_create(
        actor=actor,
        enterprise=audit.enterprise,
        data={
            "title": title,
            "description": description,
            "detected_on": on,
            "detected_by": audit.auditors[:100],
            "severity": SEVERITY[answer.result],
        },
        source=NcSource.INTERNAL_AUDIT,
        clause=question.clause,
    )
    answer.nonconformity = nc
    answer.save(update_fields=["nonconformity"])
    return nc


@transaction.atomic
def internal_audit_raise_nc(
    *, actor, audit: InternalAudit, question: ChecklistQuestion | int
) -> Nonconformity:
    """Raise the enterprise's nonconformity for a minor/major NC answer. Idempotent: a second
    call returns the same nonconformity and writes nothing."""
    _require(actor, audit.enterprise)
    audit = _locked(audit)
    answer = _answer_for(audit, question)
    if answer.nonconformity_id:
        return answer.nonconformity
    _check_step(audit, "raise_nc")
    if answer.result not in NC_RESULTS:
        raise ValidationError(
            {"result": _("Only a minor or major nonconformity answer raises a nonconformity.")}
        )
    nc = _raise(actor, audit, answer, timezone.localdate())
    audit_record(
        actor=actor,
        verb="internal_audit.raise_nc",
        target=answer,
        organization=audit.enterprise.organization,
        enterprise_id=audit.enterprise_id,
        after={"audit": audit.pk, "nonconformity": nc.pk, "number": nc.number},
    )
    return nc


@transaction.atomic
def internal_audit_complete(
    *, actor, audit: InternalAudit, summary: str, performed_on: dt.date | None = None
) -> InternalAudit:
    """Complete the audit: every question answered and a summary written. NC answers whose
    nonconformity was not raised yet get it now."""
    _require(actor, audit.enterprise)
    audit = _locked(audit)
    _check_step(audit, "complete")
    performed_on = performed_on or timezone.localdate()
    if performed_on > timezone.localdate():
        raise ValidationError({"performed_on": _("The audit cannot be performed in the future.")})
    if not (summary or "").strip():
        raise ValidationError({"summary": _("Write the audit's conclusion.")})
    open_answers = audit.answers.filter(result="").count()
    if open_answers:
        raise ValidationError(
            {
                "status": _(
                    "%(n)d question(s) are still unanswered; answer every question (use “not "
                    "applicable” where one does not apply) before completing."
                )
                % {"n": open_answers}
            }
        )
    missing = (
        audit.answers.select_for_update(of=("self",))
        .select_related("question__clause")
        .filter(result__in=NC_RESULTS, nonconformity__isnull=True)
        .order_by("question__position")
    )
    raised = [_raise(actor, audit, answer, performed_on).number for answer in missing]
    before = {"status": audit.status, "performed_on": None, "summary": audit.summary}
    audit.status = S.COMPLETED
    audit.performed_on = performed_on
    audit.summary = summary.strip()
    audit.full_clean()
    audit.save(update_fields=["status", "performed_on", "summary", "updated_at"])
    _audit(
        actor,
        "internal_audit.complete",
        audit,
        before,
        {**snapshot(audit, ["status", "performed_on", "summary"]), "raised": raised},
    )
    return audit


@transaction.atomic
def internal_audit_cancel(*, actor, audit: InternalAudit, reason: str) -> InternalAudit:
    """Cancel a planned audit or one in progress. The reason is kept as the audit's summary;
    nonconformities already raised stay in the register."""
    _require(actor, audit.enterprise)
    audit = _locked(audit)
    _check_step(audit, "cancel")
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Say why the audit is cancelled.")})
    before = {"status": audit.status, "summary": audit.summary}
    audit.status, audit.summary = S.CANCELLED, reason.strip()
    audit.save(update_fields=["status", "summary", "updated_at"])
    _audit(
        actor,
        "internal_audit.cancel",
        audit,
        before,
        {"status": audit.status, "summary": audit.summary},
        reason.strip(),
    )
    return audit
