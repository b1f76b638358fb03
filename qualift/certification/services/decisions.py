"""Certification decisions (ISO/IEC 17021-1 §9.5, DOMAIN §3).

Rules:
- A decision is taken on a completed audit of a decision kind (stage 2, recertification,
  transfer) of the cycle, once per audit, by a certifying person of the CB (administrator or
  auditor) who was on none of the cycle's audit teams. Reasons are required.
- Granting needs no blockers (`decision_blockers`): stage 1 completed (initial stage 2); every
  major finding of the audit (and of stage 1) verified; every minor finding with an accepted
  plan; a stage 2 whose last day + `repeat_stage2_months` has passed with a major still
  unverified must be repeated; a recertification after expiry — cnca2026: an audit ending after
  expiry is a new initial certification; iso17021: a decision more than
  `restore_within_months` after expiry needs a new stage 2.
- Initial grant: the cycle gets decision_on = issued_on = the decision day, expires_on =
  issued_on + cycle_months − 1 day, status certified; the certificate is issued; the audit
  programme is refreshed. Recertification grant: the cycle is renewed (next cycle, continuity of
  dates) and the certificate carried into it. Refusal of an initial certification: the cycle is
  refused; of a recertification: nothing else (the certificate runs out).
"""

from __future__ import annotations

import datetime as dt

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qualift.certification.access import acting_orgs
from qualift.certification.choices import (
    DECISION_KINDS,
    FINDING_BLOCKING,
    AuditKind,
    AuditStatus,
    CertificateStatus,
    CycleStatus,
    DecisionOutcome,
    FindingGrade,
    FindingStatus,
    RuleSetCode,
)
from qualift.certification.models import Audit, Certificate, CertificationCycle, Decision, Finding
from qualift.certification.programme import expiry_for
from qualift.certification.rulesets import rule_set
from qualift.certification.scoping import certifying_people
from qualift.certification.services import certificates as certificate_services
from qualift.core.audit import audit_enterprise_record as _audit
from qualift.core.audit import snapshot
from qualift.tenancy.permissions import require

MAX_REASONS_CHARS = 10_000
CYCLE_FIELDS = ["status", "decision_on", "issued_on", "expires_on"]


def team_user_ids(cycle) -> set[int]:
    """Everyone on an audit team of the cycle (H3's teams.team_user_ids when present)."""
    try:
        from qualift.certification.teams import team_user_ids as from_teams
    except ImportError:  # pragma: no cover
        from qualift.certification.models import TeamMember

        return set(TeamMember.objects.filter(audit__cycle=cycle).values_list("user_id", flat=True))
    return from_teams(cycle)


def decision_audit(cycle) -> Audit | None:
    """The audit to decide on: the latest completed decision-kind audit without a decision."""
    return (
        cycle.audits.filter(kind__in=DECISION_KINDS, status=AuditStatus.COMPLETED)
        .exclude(decisions__isnull=False)
        .order_by("-end_on", "-pk")
        .first()
    )


def _is_initial(cycle, audit) -> bool:
    return audit.kind != AuditKind.RECERTIFICATION and cycle.status == CycleStatus.APPLIED


def _person(user) -> str:
    return user.get_full_name() or user.get_username()


def _basic_blockers(cycle, audit) -> list[str]:
    problems = []
    if audit.cycle_id != cycle.pk:
        return [_("The audit belongs to another cycle.")]
    if audit.kind not in DECISION_KINDS:
        problems.append(
            _("A certification decision is not taken on a %(kind)s.")
            % {"kind": audit.get_kind_display()}
        )
    if audit.status != AuditStatus.COMPLETED:
        problems.append(
            _("The audit is %(status)s, not completed.") % {"status": audit.get_status_display()}
        )
    if audit.kind == AuditKind.RECERTIFICATION and cycle.status != CycleStatus.CERTIFIED:
        problems.append(
            _("The cycle is %(status)s; only a certified cycle is recertified.")
            % {"status": cycle.get_status_display()}
        )
    elif audit.kind != AuditKind.RECERTIFICATION and cycle.status != CycleStatus.APPLIED:
        problems.append(
            _("The cycle is %(status)s; the initial decision has been taken.")
            % {"status": cycle.get_status_display()}
        )
    if audit.pk and audit.decisions.exists():
        problems.append(_("This audit has been decided on already."))
    return problems


def decision_blockers(cycle, audit, decided_on: dt.date | None = None) -> list[str]:
    """Why certification cannot be granted on this audit (empty: it can)."""
    decided_on = decided_on or timezone.localdate()
    problems = _basic_blockers(cycle, audit)
    if audit.cycle_id != cycle.pk:
        return problems
    rules = rule_set(cycle.rule_set)
    audits = [audit]
    if audit.kind == AuditKind.STAGE2:
        stage1 = cycle.audits.filter(kind=AuditKind.STAGE1).exclude(status=AuditStatus.CANCELLED)
        if not stage1.filter(status=AuditStatus.COMPLETED).exists():
            problems.append(_("Stage 1 has not been completed."))
        audits += list(stage1)
    findings = Finding.objects.filter(audit__in=audits).select_related("audit")
    unverified_major = False
    for finding in findings.order_by("number"):
        if finding.grade == FindingGrade.MAJOR and finding.status != FindingStatus.VERIFIED:
            unverified_major = True
            problems.append(
                _("Major nonconformity %(number)s is not verified (%(status)s).")
                % {"number": finding.number, "status": finding.get_status_display()}
            )
        elif finding.grade == FindingGrade.MINOR and finding.status in FINDING_BLOCKING:
            problems.append(
                _("Minor nonconformity %(number)s has no accepted plan (%(status)s).")
                % {"number": finding.number, "status": finding.get_status_display()}
            )
    if audit.kind == AuditKind.STAGE2 and unverified_major and audit.end_on:
        limit = audit.end_on + relativedelta(months=rules.repeat_stage2_months)
        if limit < decided_on:
            problems.append(
                _(
                    "Stage 2 must be repeated: a major nonconformity was not verified within "
                    "%(n)s months of its last day (%(day)s)."
                )
                % {"n": rules.repeat_stage2_months, "day": audit.end_on.isoformat()}
            )
    if audit.kind == AuditKind.RECERTIFICATION and cycle.expires_on:
        if cycle.rule_set == RuleSetCode.CNCA2026:
            if (audit.end_on or decided_on) > cycle.expires_on:
                problems.append(
                    _(
                        "The recertification audit ended after the certificate expired "
                        "(%(day)s): under CNCA rules this is a new initial certification."
                    )
                    % {"day": cycle.expires_on.isoformat()}
                )
        else:
            limit = cycle.expires_on + relativedelta(months=rules.restore_within_months)
            if decided_on > limit:
                problems.append(
                    _(
                        "The certificate expired on %(day)s, more than %(n)s months ago: "
                        "a new stage 2 is needed."
                    )
                    % {"day": cycle.expires_on.isoformat(), "n": rules.restore_within_months}
                )
        if current_certificate(cycle) is None:
            problems.append(_("The cycle has no certificate to renew."))
    return problems


def current_certificate(cycle) -> Certificate | None:
    """The cycle's certificate still in force or restorable (not withdrawn or cancelled)."""
    return (
        cycle.certificates.exclude(
            status__in=(CertificateStatus.WITHDRAWN, CertificateStatus.CANCELLED)
        )
        .order_by("-issued_on", "-pk")
        .first()
    )


def decider_problem(cycle, user) -> str:
    """Why `user` may not take this cycle's decision ("" when they may)."""
    if user is None:
        return _("Name the person taking the decision.")
    if not certifying_people(cycle.cb_id).filter(pk=user.pk).exists():
        return _("%(name)s is not a certifying person of this certification body.") % {
            "name": _person(user)
        }
    if user.pk in team_user_ids(cycle):
        return _("%(name)s was on the audit team of this cycle and may not take its decision.") % {
            "name": _person(user)
        }
    return ""


def _programme_refresh(cycle) -> None:
    try:
        from qualift.certification.services.cycles import programme_refresh
    except ImportError:  # pragma: no cover - H2's module not there yet
        return
    programme_refresh(cycle)


def _cycle_renew(actor, cycle, decided_on: dt.date) -> CertificationCycle:
    try:
        from qualift.certification.services.cycles import cycle_renew
    except ImportError:  # pragma: no cover - H2's module not there yet
        return _cycle_renew_fallback(cycle, decided_on)
    return cycle_renew(actor=actor, cycle=cycle, decision_on=decided_on)


def _cycle_renew_fallback(cycle, decided_on: dt.date) -> CertificationCycle:
    rules = rule_set(cycle.rule_set)
    renewed = CertificationCycle(
        enterprise_id=cycle.enterprise_id,
        cb_id=cycle.cb_id,
        engagement_id=cycle.engagement_id,
        number=f"{cycle.number}-R",
        previous=cycle,
        rule_set=cycle.rule_set,
        status=CycleStatus.CERTIFIED,
        applied_on=decided_on,
        scope_text=cycle.scope_text,
        employees=cycle.employees,
        part_time_fte=cycle.part_time_fte,
        decision_on=decided_on,
        issued_on=decided_on,
        expires_on=cycle.expires_on + relativedelta(months=rules.cycle_months),
    )
    renewed.full_clean()
    renewed.save()
    renewed.iaf_codes.set(cycle.iaf_codes.all())
    renewed.sites.set(cycle.sites.all())
    cycle.status = CycleStatus.CLOSED
    cycle.save(update_fields=["status", "updated_at"])
    return renewed


@transaction.atomic
def decision_make(
    *,
    actor,
    cycle,
    audit,
    outcome: str,
    reasons: str,
    decided_on: dt.date | None = None,
    decided_by=None,
) -> Decision:
    """Take the certification decision on `audit` (see the module docstring)."""
    require(actor, "certification.decide", acting_orgs(cycle))
    cycle = (
        CertificationCycle.objects.select_for_update()
        .select_related("enterprise__organization", "cb")
        .get(pk=cycle.pk)
    )
    decided_on = decided_on or timezone.localdate()
    decider = actor or decided_by
    errors: dict[str, list[str]] = {}
    problem = decider_problem(cycle, decider)
    if problem:
        errors["decided_by"] = [problem]
    if outcome not in DecisionOutcome.values:
        errors["outcome"] = [_("Choose grant or refuse.")]
    reasons = (reasons or "").strip()
    if not reasons:
        errors["reasons"] = [_("Give the reasons for the decision.")]
    elif len(reasons) > MAX_REASONS_CHARS:
        errors["reasons"] = [_("At most %(n)s characters.") % {"n": MAX_REASONS_CHARS}]
    if errors:
        raise ValidationError(errors)
    if outcome == DecisionOutcome.GRANT:
        blockers = decision_blockers(cycle, audit, decided_on)
    else:
        blockers = _basic_blockers(cycle, audit)
    if blockers:
        raise ValidationError({"audit": blockers})
    initial = _is_initial(cycle, audit)
    decision = Decision(
        enterprise_id=cycle.enterprise_id,
        cb_id=cycle.cb_id,
        cycle=cycle,
        audit=audit,
        outcome=outcome,
        reasons=reasons,
        decided_by=decider,
        decided_on=decided_on,
    )
    decision.full_clean()
    decision.save()
    _audit(actor, "certification.decide", decision, after=snapshot(decision))
    if outcome == DecisionOutcome.GRANT and initial:
        rules = rule_set(cycle.rule_set)
        before = snapshot(cycle, CYCLE_FIELDS)
        cycle.decision_on = decided_on
        cycle.issued_on = decided_on
        cycle.expires_on = expiry_for(rules, decided_on)
        cycle.status = CycleStatus.CERTIFIED
        cycle.full_clean()
        cycle.save()
        _audit(actor, "cycle.certify", cycle, before=before, after=snapshot(cycle, CYCLE_FIELDS))
        certificate_services.certificate_issue(actor=actor, cycle=cycle, decision=decision)
        _programme_refresh(cycle)
    elif outcome == DecisionOutcome.GRANT:
        certificate = current_certificate(cycle)
        renewed = _cycle_renew(actor, cycle, decided_on)
        certificate_services.certificate_renew(
            certificate=certificate, cycle=renewed, decision=decision
        )
    elif initial:
        before = snapshot(cycle, CYCLE_FIELDS)
        cycle.status = CycleStatus.REFUSED
        cycle.save(update_fields=["status", "updated_at"])
        _audit(actor, "cycle.refuse", cycle, before=before, after=snapshot(cycle, CYCLE_FIELDS))
    return decision
