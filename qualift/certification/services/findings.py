"""Audit findings and the client loop: raise, respond, review (accept / return), verify.

A minor or major nonconformity (NC_GRADES) opens the loop: status open, response due
`raised_on + policy.response_days`, and the enterprise's own nonconformity record (source
"certification finding") is created — or an existing one of the same enterprise linked — so both
sides share one evidence chain. Observations and opportunities for improvement are only noted.

    open / returned --respond--> responded --accept--> accepted --verify--> verified
                                           --return--> returned

A major blocks the certification decision until verified; a minor counts as closed once its
plan is accepted (the decision service reads the statuses). A minor may be verified at the next
audit: the next audit's team may verify it too.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from qualift.certification.access import acting_orgs
from qualift.certification.choices import (
    NC_GRADES,
    AuditKind,
    AuditStatus,
    FindingGrade,
    FindingStatus,
    ResponseOutcome,
)
from qualift.certification.models import Audit, Finding, FindingResponse
from qualift.certification.services.checklists import (
    MAX_TEXT_CHARS,
    can_conduct,
    check_evidence_file,
    require_conduct,
)
from qualift.core.audit import audit_enterprise_record, snapshot
from qualift.tenancy.permissions import require

RESPOND = "finding.respond"
CONDUCT = "cert_audit.conduct"
KIND_SHORT = {
    AuditKind.STAGE1: "ST1",
    AuditKind.STAGE2: "ST2",
    AuditKind.SURVEILLANCE: "SV",  # + the surveillance number
    AuditKind.RECERTIFICATION: "RC",
    AuditKind.SPECIAL: "SP",
    AuditKind.SCOPE_CHANGE: "SC",
    AuditKind.TRANSFER: "TR",
}
DEFAULT_RESPONSE_DAYS = 90
OVERDUE_STATUSES = (FindingStatus.OPEN, FindingStatus.RETURNED)


def response_days(cb) -> int:
    """Days the client has to respond, from the CB's policy (default 90)."""
    try:
        from qualift.certification.services.audit_time import policy_for
    except ImportError:  # the audit-time services are not installed yet
        from qualift.certification.models import CertificationPolicy

        policy = CertificationPolicy.objects.filter(cb=cb).first()
        return policy.response_days if policy else DEFAULT_RESPONSE_DAYS
    return policy_for(cb).response_days


def _short(audit: Audit) -> str:
    short = KIND_SHORT.get(audit.kind, audit.kind[:2].upper())
    return f"{short}{audit.sequence}" if audit.kind == AuditKind.SURVEILLANCE else short


def _next_number(audit: Audit) -> str:
    """ "<cycle number>-<audit short>-NN", e.g. C-2026-001-ST2-03."""
    stem = f"{audit.cycle.number}-{_short(audit)}-"
    taken = Finding.objects.filter(audit=audit, number__startswith=stem).values_list(
        "number", flat=True
    )
    highest = max((int(n[len(stem) :]) for n in taken if n[len(stem) :].isdigit()), default=0)
    return f"{stem}{highest + 1:02d}"


def _text(data: dict, name: str, errors: dict, *, required: bool, message: str = "") -> str:
    value = (data.get(name) or "").strip()
    if required and not value:
        errors[name] = [message or _("This field is required.")]
    elif len(value) > MAX_TEXT_CHARS:
        errors[name] = [_("At most %(n)s characters.") % {"n": MAX_TEXT_CHARS}]
    return value


def _person(user) -> str:
    if user is None:
        return ""
    return (user.get_full_name() or user.username)[:100]


def _nc_for(actor, audit: Audit, finding: Finding):
    from qualift.improvement.choices import NcSeverity, NcSource
    from qualift.improvement.services.nonconformities import nc_create

    first_line = finding.statement.splitlines()[0].strip()
    title = first_line if len(first_line) <= 200 else first_line[:199] + "…"
    description = _(
        "Certification audit finding %(number)s (%(audit)s), clause %(clause)s.\n"
        "Statement: %(statement)s\nEvidence: %(evidence)s"
    ) % {
        "number": finding.number,
        "audit": str(audit),
        "clause": finding.clause.number,
        "statement": finding.statement,
        "evidence": finding.evidence,
    }
    severity = NcSeverity.MAJOR if finding.grade == FindingGrade.MAJOR else NcSeverity.MINOR
    return nc_create(
        actor=None,
        enterprise=audit.enterprise,
        data={
            "title": title,
            "description": description,
            "detected_on": finding.raised_on,
            "detected_by": _person(actor),
            "severity": severity,
        },
        source=NcSource.CERTIFICATION_FINDING,
        clause=finding.clause,
    )


@transaction.atomic
def finding_create(*, actor, audit: Audit, data: dict[str, Any]) -> Finding:
    """Raise a finding on an audit in progress (or just completed). data: grade, clause,
    statement, evidence, requirement, question (optional), nonconformity (optional: an
    existing nonconformity of the enterprise to link instead of creating one), raised_on."""
    require_conduct(actor, audit)
    audit = (
        Audit.objects.select_for_update(of=("self",))
        .select_related("cycle", "enterprise")
        .get(pk=audit.pk)
    )
    if audit.status not in (AuditStatus.IN_PROGRESS, AuditStatus.COMPLETED):
        raise ValidationError(
            {
                "status": _(
                    "Findings are raised on an audit in progress or completed; this one is "
                    "%(status)s."
                )
                % {"status": audit.get_status_display().lower()}
            }
        )
    errors: dict[str, list[str]] = {}
    grade = data.get("grade")
    if grade not in FindingGrade.values:
        errors["grade"] = [_("Choose the grade of the finding.")]
    clause = data.get("clause")
    if clause is None:
        errors["clause"] = [_("Choose the clause.")]
    statement = _text(data, "statement", errors, required=True, message=_("State the finding."))
    evidence = _text(
        data, "evidence", errors, required=True, message=_("Give the objective evidence.")
    )
    requirement = _text(data, "requirement", errors, required=False)
    question = data.get("question")
    if question is not None and question.template_id != audit.template_id:
        errors["question"] = [_("This question is not on this audit's checklist.")]
    nc = data.get("nonconformity")
    if nc is not None:
        if nc.enterprise_id != audit.enterprise_id:
            errors["nonconformity"] = [_("Link a nonconformity of the audited enterprise.")]
        elif grade not in NC_GRADES:
            errors["nonconformity"] = [
                _("Only a minor or major nonconformity is linked to a nonconformity record.")
            ]
    if errors:
        raise ValidationError(errors)
    raised_on = data.get("raised_on") or timezone.localdate()
    is_nc = grade in NC_GRADES
    finding = Finding(
        enterprise_id=audit.enterprise_id,
        cb_id=audit.cb_id,
        audit=audit,
        number=_next_number(audit),
        grade=grade,
        clause=clause,
        question=question,
        statement=statement,
        evidence=evidence,
        requirement=requirement,
        status=FindingStatus.OPEN if is_nc else FindingStatus.NOTED,
        due_on=raised_on + dt.timedelta(days=response_days(audit.cb)) if is_nc else None,
        raised_by=actor if getattr(actor, "pk", None) else None,
        raised_on=raised_on,
    )
    if is_nc:
        finding.nonconformity = nc or _nc_for(actor, audit, finding)
    finding.full_clean()
    finding.save()
    audit_enterprise_record(actor, "finding.create", finding, after=snapshot(finding))
    return finding


def _locked(finding: Finding) -> Finding:
    return (
        Finding.objects.select_for_update(of=("self",))
        .select_related("audit__cycle", "enterprise", "nonconformity")
        .get(pk=finding.pk)
    )


def _copy_correction(nc, correction: str) -> None:
    """The enterprise's nonconformity carries the correction too (while it is open)."""
    from qualift.improvement.choices import NC_OPEN
    from qualift.improvement.services.nonconformities import nc_update

    if nc is not None and nc.status in NC_OPEN and nc.correction != correction:
        nc_update(actor=None, nc=nc, data={"correction": correction})


@transaction.atomic
def finding_respond(*, actor, finding: Finding, data: dict[str, Any], file=None) -> FindingResponse:
    """The client's response: correction, root cause and corrective-action plan (all required),
    evidence as text and/or a file (PDF or image, at most 10 MB)."""
    require(actor, RESPOND, acting_orgs(finding))
    finding = _locked(finding)
    if finding.status not in OVERDUE_STATUSES:
        raise ValidationError(
            {
                "status": _(
                    "A response is given to an open or returned finding; this one is %(status)s."
                )
                % {"status": finding.get_status_display().lower()}
            }
        )
    errors: dict[str, list[str]] = {}
    correction = _text(
        data, "correction", errors, required=True, message=_("Say what was corrected.")
    )
    root_cause = _text(data, "root_cause", errors, required=True, message=_("Give the root cause."))
    action = _text(
        data,
        "corrective_action",
        errors,
        required=True,
        message=_("Give the corrective-action plan."),
    )
    evidence = _text(data, "evidence", errors, required=False)
    if errors:
        raise ValidationError(errors)
    check_evidence_file(file, "evidence_file")
    response = FindingResponse(
        enterprise_id=finding.enterprise_id,
        cb_id=finding.cb_id,
        finding=finding,
        correction=correction,
        root_cause=root_cause,
        corrective_action=action,
        evidence=evidence,
        submitted_by=actor if getattr(actor, "pk", None) else None,
        submitted_at=timezone.now(),
    )
    if file is not None:
        response.evidence_file = file
    response.full_clean()
    response.save()
    before = finding.status
    finding.status = FindingStatus.RESPONDED
    finding.save(update_fields=["status", "updated_at"])
    _copy_correction(finding.nonconformity, correction)
    audit_enterprise_record(
        actor,
        "finding.respond",
        finding,
        before={"status": before},
        after={"status": finding.status, "response": response.pk},
    )
    return response


@transaction.atomic
def response_review(
    *, actor, response: FindingResponse, accept: bool, comment: str = ""
) -> FindingResponse:
    """The auditor accepts the response (finding accepted) or returns it with a comment
    (finding returned; the client responds again)."""
    finding = _locked(response.finding)
    require_conduct(actor, finding.audit)
    response = FindingResponse.objects.select_for_update().get(pk=response.pk)
    if response.outcome != ResponseOutcome.PENDING:
        raise ValidationError(
            {
                "response": _("This response was already reviewed (%(outcome)s).")
                % {"outcome": response.get_outcome_display().lower()}
            }
        )
    if finding.status != FindingStatus.RESPONDED:
        raise ValidationError(
            {
                "status": _("Only a finding with a response is reviewed; this one is %(status)s.")
                % {"status": finding.get_status_display().lower()}
            }
        )
    comment = (comment or "").strip()
    if not accept and not comment:
        raise ValidationError({"comment": [_("Say why the response is returned.")]})
    if len(comment) > MAX_TEXT_CHARS:
        raise ValidationError({"comment": [_("At most %(n)s characters.") % {"n": MAX_TEXT_CHARS}]})
    response.outcome = ResponseOutcome.ACCEPTED if accept else ResponseOutcome.RETURNED
    response.review_comment = comment
    response.reviewed_by = actor if getattr(actor, "pk", None) else None
    response.reviewed_at = timezone.now()
    response.save()
    before = finding.status
    finding.status = FindingStatus.ACCEPTED if accept else FindingStatus.RETURNED
    finding.save(update_fields=["status", "updated_at"])
    audit_enterprise_record(
        actor,
        "finding.accept" if accept else "finding.return",
        finding,
        before={"status": before},
        after={"status": finding.status, "response": response.pk, "comment": comment},
    )
    return response


def can_verify(user, finding: Finding) -> bool:
    """The finding's audit team (or the CB admin), or the team of a later audit of the same
    client by the same CB (a minor is often verified at the next audit)."""
    if can_conduct(user, finding.audit):
        return True
    later = Audit.objects.filter(
        enterprise_id=finding.enterprise_id,
        cb_id=finding.cb_id,
        team__user_id=user.pk,
    ).exclude(pk=finding.audit_id)
    if finding.audit.start_on:
        later = later.filter(start_on__gte=finding.audit.start_on)
    return later.exists()


@transaction.atomic
def finding_verify(*, actor, finding: Finding, note: str, on: dt.date | None = None) -> Finding:
    """Verify the corrective action of an accepted finding (accepted → verified)."""
    from django.core.exceptions import PermissionDenied

    require(actor, CONDUCT, acting_orgs(finding))
    finding = _locked(finding)
    if actor is not None and not can_verify(actor, finding):
        raise PermissionDenied(_("Only the audit team or the CB's administrator may do this."))
    if finding.status != FindingStatus.ACCEPTED:
        raise ValidationError(
            {
                "status": _(
                    "Only a finding whose plan was accepted is verified; this one is %(status)s."
                )
                % {"status": finding.get_status_display().lower()}
            }
        )
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": [_("Say what was checked and found.")]})
    if len(note) > MAX_TEXT_CHARS:
        raise ValidationError({"note": [_("At most %(n)s characters.") % {"n": MAX_TEXT_CHARS}]})
    on = on or timezone.localdate()
    if on < finding.raised_on:
        raise ValidationError({"on": [_("Verification cannot precede the finding.")]})
    finding.status = FindingStatus.VERIFIED
    finding.verification_note = note
    finding.verified_on = on
    finding.verified_by = actor if getattr(actor, "pk", None) else None
    finding.full_clean()
    finding.save()
    audit_enterprise_record(
        actor,
        "finding.verify",
        finding,
        before={"status": FindingStatus.ACCEPTED},
        after={"status": finding.status, "verified_on": on.isoformat(), "note": note},
    )
    return finding


def overdue_findings(cb_ids, today: dt.date) -> QuerySet[Finding]:
    """Findings awaiting the client's (new) response past their due date."""
    return Finding.objects.filter(
        cb_id__in=list(cb_ids), status__in=OVERDUE_STATUSES, due_on__lt=today
    )
