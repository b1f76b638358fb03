"""The daily certification sweep (cron: `qualift certification-sweep`).

1. Expiry: a valid or suspended certificate past its expiry date is stored as expired
   (the certificates service `certificate_expire` writes its history).
2. Overdue surveillance: a surveillance audit of a certified cycle not held by its due date,
   while the cycle's certificate is valid → a proposal to suspend (refused or overdue
   surveillance, ISO/IEC 17021-1 §9.6.5).
3. Suspension lapsed: a certificate suspended longer than the rule set's
   `suspension_max_months` → a proposal to withdraw.
4. Stage 2 to repeat: a major nonconformity of a stage 2 audit not verified within the rule
   set's `repeat_stage2_months` of the audit's last day, before the initial decision → a
   proposal to repeat stage 2 (ISO/IEC 17021-1 §9.5.3.3).

Proposals go to the CB admin (dashboard), who accepts or dismisses them. The sweep is
idempotent: one proposal per audit and kind (a dismissed one is the admin's decision and is not
raised again), one withdraw proposal per suspension. Each proposal raised writes one audit event.
"""

from __future__ import annotations

import datetime as dt

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from qualift.certification.choices import (
    AUDIT_OPEN,
    FINDING_BLOCKING,
    AuditKind,
    CertificateStatus,
    CycleStatus,
    FindingGrade,
    FindingStatus,
    ProposalKind,
    ProposalStatus,
)
from qualift.certification.models import Audit, Certificate, Finding, SuspensionProposal
from qualift.certification.rulesets import rule_set
from qualift.core.audit import audit_enterprise_record, snapshot

LIVE = (CertificateStatus.VALID, CertificateStatus.SUSPENDED)


def _in_cbs(queryset, cb_ids):
    return queryset if cb_ids is None else queryset.filter(cb_id__in=list(cb_ids))


def _raise(*, kind: str, enterprise_id: int, cb_id: int, reason: str, today, **links):
    proposal = SuspensionProposal(
        kind=kind,
        enterprise_id=enterprise_id,
        cb_id=cb_id,
        reason=reason,
        status=ProposalStatus.OPEN,
        raised_on=today,
        **links,
    )
    proposal.full_clean()
    proposal.save()
    audit_enterprise_record(
        None,
        "proposal.raise",
        proposal,
        after=snapshot(proposal, ["kind", "certificate", "audit", "reason", "raised_on"]),
    )
    return proposal


def _expire(today: dt.date, cb_ids) -> int:
    from qualift.certification.services.certificates import certificate_expire

    expired = 0
    due = _in_cbs(Certificate.objects.filter(status__in=LIVE, expires_on__lt=today), cb_ids)
    for certificate in due.select_related("enterprise").order_by("pk"):
        if certificate_expire(certificate=certificate, today=today):
            expired += 1
    return expired


def _overdue_surveillances(today: dt.date, cb_ids) -> int:
    audits = _in_cbs(
        Audit.objects.filter(
            kind=AuditKind.SURVEILLANCE,
            cycle__status=CycleStatus.CERTIFIED,
            status__in=AUDIT_OPEN,
            due_by__lt=today,
        ),
        cb_ids,
    ).exclude(proposals__kind=ProposalKind.SUSPEND)
    raised = 0
    for audit in audits.select_related("cycle").order_by("pk"):
        certificate = (
            audit.cycle.certificates.filter(status=CertificateStatus.VALID, expires_on__gte=today)
            .order_by("-issued_on")
            .first()
        )
        if certificate is None:
            continue
        reason = _(
            "%(audit)s was due by %(due)s and has not been held: the certificate %(number)s "
            "may be suspended."
        ) % {"audit": audit, "due": audit.due_by.isoformat(), "number": certificate.number}
        _raise(
            kind=ProposalKind.SUSPEND,
            enterprise_id=audit.enterprise_id,
            cb_id=audit.cb_id,
            reason=reason,
            today=today,
            certificate=certificate,
            audit=audit,
        )
        raised += 1
    return raised


def _lapsed_suspensions(today: dt.date, cb_ids) -> int:
    suspended = _in_cbs(Certificate.objects.filter(status=CertificateStatus.SUSPENDED), cb_ids)
    raised = 0
    for certificate in suspended.select_related("cycle").order_by("pk"):
        rules = rule_set(certificate.cycle.rule_set)
        limit = certificate.status_since + relativedelta(months=rules.suspension_max_months)
        if limit >= today:
            continue
        if certificate.proposals.filter(
            kind=ProposalKind.WITHDRAW, raised_on__gte=certificate.status_since
        ).exists():
            continue
        reason = _(
            "Certificate %(number)s has been suspended since %(since)s, longer than "
            "%(months)s months: it may be withdrawn."
        ) % {
            "number": certificate.number,
            "since": certificate.status_since.isoformat(),
            "months": rules.suspension_max_months,
        }
        _raise(
            kind=ProposalKind.WITHDRAW,
            enterprise_id=certificate.enterprise_id,
            cb_id=certificate.cb_id,
            reason=reason,
            today=today,
            certificate=certificate,
        )
        raised += 1
    return raised


def _stale_stage2(today: dt.date, cb_ids) -> int:
    majors = Finding.objects.filter(
        grade=FindingGrade.MAJOR,
        status__in=[*FINDING_BLOCKING, FindingStatus.ACCEPTED],
        audit__kind=AuditKind.STAGE2,
        audit__end_on__isnull=False,
        audit__cycle__status=CycleStatus.APPLIED,
    )
    audit_ids = _in_cbs(majors, cb_ids).values("audit_id")
    audits = Audit.objects.filter(pk__in=audit_ids).exclude(
        Q(proposals__kind=ProposalKind.REPEAT_STAGE2)
    )
    raised = 0
    for audit in audits.select_related("cycle").order_by("pk"):
        months = rule_set(audit.cycle.rule_set).repeat_stage2_months
        if audit.end_on + relativedelta(months=months) >= today:
            continue
        reason = _(
            "A major nonconformity of %(audit)s (last day %(end)s) is still not verified after "
            "%(months)s months: stage 2 should be repeated."
        ) % {"audit": audit, "end": audit.end_on.isoformat(), "months": months}
        _raise(
            kind=ProposalKind.REPEAT_STAGE2,
            enterprise_id=audit.enterprise_id,
            cb_id=audit.cb_id,
            reason=reason,
            today=today,
            audit=audit,
        )
        raised += 1
    return raised


@transaction.atomic
def certification_sweep(today: dt.date, cb_ids=None) -> dict[str, int]:
    """Run the four checks for `today` (optionally for some CBs only); counts of what it did."""
    expired = _expire(today, cb_ids)
    proposals = (
        _overdue_surveillances(today, cb_ids)
        + _lapsed_suspensions(today, cb_ids)
        + _stale_stage2(today, cb_ids)
    )
    return {"expired": expired, "proposals": proposals}
