"""The audit checklist: start an audit, answer its questions on site, count progress, complete.

Flow of an audit here: plan sent → in progress (audit_start) → completed (audit_complete).
Answers are the CB's working papers (the client does not see them). Only the team (or the CB's
administrator) records answers. Completing needs every question answered and a finding for every
minor / major nonconformity answer, so no nonconformity seen on site is lost; then the
programme is refreshed (surveillance due dates follow the audit).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from qualift.certification.access import acting_orgs
from qualift.certification.choices import AuditStatus, Recommendation
from qualift.certification.models import Audit, ChecklistAnswer, Finding
from qualift.core.audit import audit_enterprise_record
from qualift.standards.choices import NC_RESULTS, ChecklistResult, FocusArea, TemplatePurpose
from qualift.standards.models import ChecklistQuestion
from qualift.standards.selectors import main_clauses, main_number
from qualift.tenancy.choices import Role
from qualift.tenancy.permissions import require
from qualift.tenancy.scope import scope_of

CONDUCT = "cert_audit.conduct"
MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_TEXT_CHARS = 10_000
# Accepted evidence files, checked by their first bytes (not only the name).
FILE_SIGNATURES = {
    ".pdf": (b"%PDF-",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".webp": (),  # RIFF....WEBP, checked below
}
CERTIFICATION_PURPOSES = (TemplatePurpose.CERTIFICATION, TemplatePurpose.BOTH)


def check_evidence_file(file, field: str = "attachment") -> None:
    """A PDF, JPEG, PNG or WebP of at most 10 MB, judged by its content."""
    if file is None:
        return
    ext = Path((getattr(file, "name", "") or "").lower()).suffix
    size = getattr(file, "size", None)
    if size is None or size > MAX_FILE_BYTES:
        raise ValidationError({field: [_("The file is larger than 10 MB.")]})
    file.seek(0)
    head = file.read(12)
    file.seek(0)
    if ext == ".webp":
        ok = head[:4] == b"RIFF" and head[8:12] == b"WEBP"
    else:
        ok = any(head.startswith(sig) for sig in FILE_SIGNATURES.get(ext, ()))
    if not ok:
        raise ValidationError({field: [_("Attach a PDF or an image (JPEG, PNG or WebP).")]})


def can_conduct(user, audit: Audit) -> bool:
    """Whether the user may do the on-site work of this audit: on its team, or the CB's admin
    (the permission table decides the role side; `None` is the command-line operator)."""
    if user is None:
        return True
    scope = scope_of(user)
    if scope.is_superuser or scope.role_in(audit.cb_id) == Role.CB_ADMIN:
        return True
    return audit.team.filter(user_id=user.pk).exists()


def require_conduct(actor, audit: Audit) -> None:
    """cert_audit.conduct on the audit, and the actor on the team or the CB's administrator."""
    require(actor, CONDUCT, acting_orgs(audit))
    if not can_conduct(actor, audit):
        raise PermissionDenied(_("Only the audit team or the CB's administrator may do this."))


def _locked(audit: Audit) -> Audit:
    return Audit.objects.select_for_update(of=("self",)).select_related("cycle").get(pk=audit.pk)


def _status_error(audit: Audit, message: str) -> ValidationError:
    return ValidationError({"status": message % {"status": audit.get_status_display().lower()}})


def _default_template():
    from qualift.standards.models import ChecklistTemplate

    return (
        ChecklistTemplate.objects.filter(
            owner__isnull=True, is_default=True, purpose__in=CERTIFICATION_PURPOSES
        )
        .order_by("pk")
        .first()
    )


@transaction.atomic
def audit_start(*, actor, audit: Audit) -> Audit:
    """Start the audit on site (plan sent → in progress). Without a chosen checklist the shipped
    default (for certification or both) is used."""
    require_conduct(actor, audit)
    audit = _locked(audit)
    if audit.status != AuditStatus.PLAN_SENT:
        raise _status_error(
            audit, _("Only an audit whose plan was sent can be started; this one is %(status)s.")
        )
    template = audit.template or _default_template()
    if template is None or not template.questions.exists():
        raise ValidationError({"template": _("There is no checklist with questions to use.")})
    if template.purpose not in CERTIFICATION_PURPOSES:
        raise ValidationError({"template": _("This checklist is for internal audits only.")})
    audit.template = template
    audit.status = AuditStatus.IN_PROGRESS
    audit.full_clean()
    audit.save()
    audit_enterprise_record(
        actor,
        "audit.start",
        audit,
        before={"status": AuditStatus.PLAN_SENT},
        after={"status": audit.status, "template": template.pk},
    )
    return audit


@transaction.atomic
def answer_save(
    *,
    actor,
    audit: Audit,
    question: ChecklistQuestion,
    result: str,
    evidence: str = "",
    attachment=None,
) -> ChecklistAnswer:
    """Record (or change) the result and evidence notes for one question of an audit in
    progress. A nonconformity needs its evidence written down."""
    require_conduct(actor, audit)
    audit = _locked(audit)
    if audit.status != AuditStatus.IN_PROGRESS:
        raise _status_error(
            audit, _("Answers are recorded while the audit is in progress; it is %(status)s.")
        )
    if question is None or question.template_id != audit.template_id:
        raise ValidationError({"question": _("This question is not on this audit's checklist.")})
    errors: dict[str, list[str]] = {}
    evidence = (evidence or "").strip()
    if result not in ChecklistResult.values:
        errors["result"] = [_("Choose one of the results.")]
    elif result in NC_RESULTS and not evidence:
        errors["evidence"] = [
            _("Write down the evidence for a nonconformity: what was seen, where.")
        ]
    if len(evidence) > MAX_TEXT_CHARS:
        errors["evidence"] = [_("At most %(n)s characters.") % {"n": MAX_TEXT_CHARS}]
    if errors:
        raise ValidationError(errors)
    check_evidence_file(attachment)
    answer, created = ChecklistAnswer.objects.select_for_update().get_or_create(
        audit=audit,
        question=question,
        defaults={"enterprise_id": audit.enterprise_id, "cb_id": audit.cb_id},
    )
    before = {"result": answer.result, "evidence": answer.evidence}
    after = {"result": result, "evidence": evidence}
    if before == after and attachment is None and not created:
        return answer
    answer.result, answer.evidence = result, evidence
    if attachment is not None:
        answer.attachment = attachment
    answer.answered_by = actor if getattr(actor, "pk", None) else None
    answer.answered_at = timezone.now()
    answer.full_clean()
    answer.save()
    after.update({"audit": audit.pk, "question": question.pk})
    if attachment is not None:
        after["attachment"] = answer.attachment.name
    audit_enterprise_record(actor, "audit.answer", answer, before=before, after=after)
    return answer


def checklist_progress(audit: Audit) -> dict[str, list[dict]]:
    """Progress of the audit's checklist, counted in the database: {"clauses": [...],
    "focus_areas": [...]}, each row {key, title, answered, total, results: {result: n}}.
    Clauses are the main clauses 4–10 (sub-clauses fold into them)."""
    if not audit.template_id:
        return {"clauses": [], "focus_areas": []}
    answered = ChecklistAnswer.objects.filter(audit_id=audit.pk, question=OuterRef("pk")).exclude(
        result=""
    )
    questions = ChecklistQuestion.objects.filter(template_id=audit.template_id).annotate(
        done=Exists(answered)
    )
    totals = questions.values("clause__number", "focus_area").annotate(
        total=Count("id"), answered=Count("id", filter=Q(done=True))
    )
    results = (
        ChecklistAnswer.objects.filter(audit_id=audit.pk)
        .exclude(result="")
        .values("question__clause__number", "question__focus_area", "result")
        .annotate(n=Count("id"))
    )
    titles = main_clauses()
    clauses: dict[str, dict] = {}
    areas = {
        area.value: {"key": area.value, "title": str(area.label), "answered": 0, "total": 0}
        for area in FocusArea
    }
    for area in areas.values():
        area["results"] = {}

    def clause_row(number: str) -> dict:
        top = main_number(number)
        if top not in clauses:
            clause = titles.get(top)
            clauses[top] = {
                "key": top,
                "clause": top,
                "title": clause.title if clause else top,
                "answered": 0,
                "total": 0,
                "results": {},
            }
        return clauses[top]

    for row in totals:
        for group in (clause_row(row["clause__number"]), areas.get(row["focus_area"])):
            if group is not None:
                group["total"] += row["total"]
                group["answered"] += row["answered"]
    for row in results:
        for group in (
            clause_row(row["question__clause__number"]),
            areas.get(row["question__focus_area"]),
        ):
            if group is not None:
                group["results"][row["result"]] = group["results"].get(row["result"], 0) + row["n"]
    for group in [*clauses.values(), *areas.values()]:
        total = group["total"]
        group["percent"] = round(100 * group["answered"] / total) if total else 0
    ordered = sorted(clauses.values(), key=lambda g: int(g["key"]) if g["key"].isdigit() else 99)
    return {"clauses": ordered, "focus_areas": [a for a in areas.values() if a["total"]]}


def unanswered_count(audit: Audit) -> int:
    if not audit.template_id:
        return 0
    answered = ChecklistAnswer.objects.filter(audit_id=audit.pk).exclude(result="")
    return (
        ChecklistQuestion.objects.filter(template_id=audit.template_id)
        .exclude(pk__in=answered.values("question_id"))
        .count()
    )


def nc_answers_without_finding(audit: Audit):
    """Minor / major nonconformity answers no finding was raised from (by question)."""
    raised = Finding.objects.filter(audit_id=audit.pk, question_id=OuterRef("question_id"))
    return (
        ChecklistAnswer.objects.filter(audit_id=audit.pk, result__in=NC_RESULTS)
        .annotate(has_finding=Exists(raised))
        .filter(has_finding=False)
        .select_related("question__clause")
    )


def _refresh_programme(cycle) -> None:
    try:
        from qualift.certification.services.cycles import programme_refresh
    except ImportError:  # the programme service is not installed yet
        return
    programme_refresh(cycle)


@transaction.atomic
def audit_complete(
    *,
    actor,
    audit: Audit,
    summary: str,
    recommendation: str,
    completed_on: dt.date | None = None,
) -> Audit:
    """Close the audit (in progress → completed) with its conclusion and recommendation, then
    refresh the cycle's programme."""
    require_conduct(actor, audit)
    audit = _locked(audit)
    if audit.status != AuditStatus.IN_PROGRESS:
        raise _status_error(
            audit, _("Only an audit in progress can be completed; this one is %(status)s.")
        )
    errors: dict[str, list[str]] = {}
    summary = (summary or "").strip()
    if not summary:
        errors["summary"] = [_("Write the audit conclusion.")]
    elif len(summary) > MAX_TEXT_CHARS:
        errors["summary"] = [_("At most %(n)s characters.") % {"n": MAX_TEXT_CHARS}]
    if recommendation not in Recommendation.values:
        errors["recommendation"] = [_("Choose a recommendation.")]
    missing = unanswered_count(audit)
    if missing:
        errors.setdefault("__all__", []).append(
            _("%(n)s checklist questions are not answered yet.") % {"n": missing}
        )
    without = list(nc_answers_without_finding(audit))
    if without:
        errors.setdefault("__all__", []).append(
            _("Raise a finding for every nonconformity answer; missing for clause(s) %(clauses)s.")
            % {"clauses": ", ".join(sorted({a.question.clause.number for a in without}))}
        )
    if errors:
        raise ValidationError(errors)
    completed_on = completed_on or audit.end_on or timezone.localdate()
    audit.status = AuditStatus.COMPLETED
    audit.summary = summary
    audit.recommendation = recommendation
    audit.completed_on = completed_on
    audit.full_clean()
    audit.save()
    audit_enterprise_record(
        actor,
        "audit.complete",
        audit,
        before={"status": AuditStatus.IN_PROGRESS},
        after={
            "status": audit.status,
            "completed_on": completed_on.isoformat(),
            "recommendation": recommendation,
        },
    )
    _refresh_programme(audit.cycle)
    return audit
