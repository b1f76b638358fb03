"""Seeding the certification work (issue 7) of the demo CBs, through the certification services,
so every record has its audit event, its certificate history and its place in the programme.

What is made, in this order:

1. Each demo CB's certification policy (catalogue.POLICIES: Ningbo Yongxin under the CNCA rules
   in force from 2026, the others under ISO/IEC 17021-1), then its auditor register: the demo
   auditor logins with grade, registration number, the IAF codes of the CB's clients (valid for
   five years; one code of Zhijiang's second auditor runs out in 45 days) and training records.
2. Impartiality: the first assistance involvement (by day) of a CB administrator or auditor with
   an enterprise that has no certification engagement with another CB becomes a certification
   client of that same CB (enterprises choose their CB freely); its cycle is opened with stage 1
   planned and no team, so adding that person to the team is refused (within two years of the
   assistance). In the default demo: Pujiang's administrator and Shaoxing Linli.
3. Every other certification engagement of the demo enterprises gets one client story
   (catalogue.STORIES, handed out per rule set in the CBs' and enterprises' demo order): applied
   with stage 1 planned; stage 2 plan sent; stage 2 in progress; stage 2 completed with an open
   major nonconformity; a returned response; the major verified awaiting the decision; certified
   with surveillance 1 coming; surveillance 1 overdue; suspended; withdrawn; cancelled at the
   client's request; expired but restorable (the recertification audit held late); recertified
   into a second cycle. Clients left over have an engagement and no cycle yet.
4. The daily sweep for the demo CBs and today: it stores the expiry of the expired certificate
   and raises the proposal to suspend the client whose surveillance is overdue.

Every audit is worked through the services as a CB would: audit time, dates, team (the CB's
"<cb>_auditor" leads; the second member per catalogue.SECOND), schedule, plan sent, started, all
44 questions of the shipped checklist answered, findings raised from the nonconformity answers
(the enterprise's own nonconformity records are created by the findings service), completed.
Decisions are taken by the CB administrator, who is on no team. Dates are counted back from
today, so the demo always looks current; timestamps the services set to "now" (plan sent,
answers, responses) stay as they are.

Each client whose engagement already has a cycle is skipped, so a second `qualift demo` changes
nothing (the sweep is idempotent for the same day).
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections.abc import Callable
from decimal import ROUND_CEILING, Decimal
from typing import TYPE_CHECKING

from dateutil.relativedelta import relativedelta
from django.utils import timezone

from qualift.assistance.models import Involvement
from qualift.certification.choices import (
    AuditKind,
    AuditStatus,
    CertificateStatus,
    DecisionOutcome,
    FindingGrade,
    Recommendation,
    StatusReason,
)
from qualift.certification.models import (
    Audit,
    AuditorProfile,
    CertificationCycle,
    CertificationPolicy,
)
from qualift.certification.scoping import CERTIFYING_ROLES
from qualift.certification.services.audit_time import audit_set_time
from qualift.certification.services.auditors import (
    auditor_code_save,
    auditor_save,
    training_add,
)
from qualift.certification.services.audits import (
    audit_send_plan,
    audit_update,
    schedule_save,
    team_add,
)
from qualift.certification.services.certificates import certificate_set_status
from qualift.certification.services.checklists import answer_save, audit_complete, audit_start
from qualift.certification.services.cycles import cycle_create
from qualift.certification.services.decisions import decision_make
from qualift.certification.services.findings import (
    finding_create,
    finding_respond,
    finding_verify,
    response_review,
)
from qualift.certification.services.policy import policy_save
from qualift.certification.services.sweep import certification_sweep
from qualift.core.demo.certification import catalogue as cat
from qualift.core.demo.data import CBS, SEED, EnterpriseSpec
from qualift.enterprises.choices import EngagementKind
from qualift.enterprises.models import Engagement
from qualift.enterprises.services import engagement_create
from qualift.standards.choices import ChecklistResult
from qualift.standards.models import ChecklistQuestion
from qualift.tenancy.choices import OrgKind, Role
from qualift.tenancy.models import Membership, Organization, User

if TYPE_CHECKING:
    from qualift.core.demo.seed import DemoResult
    from qualift.enterprises.models import Enterprise

Progress = Callable[[str, int, int], None]

CODES_VALID_YEARS = 5
EXPIRING_IN_DAYS = 45
ANSWERED_IN_PROGRESS = 26  # questions answered so far in the audit under way (clauses 4-7)
HALF = Decimal("0.5")


def seed_certification(
    result: DemoResult,
    *,
    specs: list[EnterpriseSpec],
    enterprises: dict[str, Enterprise],
    users: dict[str, User],
    seed: int = SEED,
    progress: Progress | None = None,
    today: dt.date | None = None,
) -> dict[str, str]:
    """Seed what is missing of the certification demo; return {enterprise key: story}."""
    today = today or timezone.localdate()
    order = {spec.row.key: index for index, spec in enumerate(specs)}
    key_of = {enterprise.pk: key for key, enterprise in enterprises.items()}
    cbs = {key: _cb(key) for key in CBS}
    cbs = {key: cb for key, cb in cbs.items() if cb is not None}
    for key, cb in cbs.items():
        _policy(result, cb, users[f"{key}_admin"])
    conflict = _conflict_engagement(result, cbs, key_of, users, today)
    engagements = {key: [] for key in cbs}
    rows = Engagement.objects.filter(
        kind=EngagementKind.CERTIFICATION,
        cb__in=list(cbs.values()),
        enterprise_id__in=list(key_of),
    ).select_related("cb", "enterprise__organization")
    cb_key = {cb.pk: key for key, cb in cbs.items()}
    for engagement in rows:
        engagements[cb_key[engagement.cb_id]].append(engagement)
    for key, cb in cbs.items():
        engagements[key].sort(key=lambda e: order[key_of[e.enterprise_id]])
        _register(result, key, cb, users, engagements[key], today)
    queues = {code: list(stories) for code, stories in cat.STORIES.items()}
    plan: list[tuple[str, Engagement, str]] = []
    for key in cbs:
        for engagement in engagements[key]:
            if conflict is not None and engagement.pk == conflict.pk:
                story = cat.CONFLICT_STORY
            else:
                queue = queues[cat.POLICIES[key]["rule_set"]]
                if not queue:
                    continue
                story = queue.pop(0)
            plan.append((key, engagement, story))
    stories = {}
    for done, (key, engagement, story) in enumerate(plan, start=1):
        enterprise_key = key_of[engagement.enterprise_id]
        stories[enterprise_key] = story
        if not CertificationCycle.objects.filter(engagement=engagement).exists():
            client = _Client(result, key, engagement, users, seed, today)
            getattr(client, f"story_{story}")()
            result.created["certification clients"] += 1
        if progress:
            progress("certification", done, len(plan))
    counts = certification_sweep(today, cb_ids=[cb.pk for cb in cbs.values()])
    result.created["certificates expired"] += counts["expired"]
    result.created["suspension proposals"] += counts["proposals"]
    return stories


def _cb(key: str) -> Organization | None:
    return Organization.objects.filter(kind=OrgKind.CERTIFICATION_BODY, name=CBS[key][0]).first()


def _policy(result, cb, admin) -> None:
    if CertificationPolicy.objects.filter(cb=cb).exists():
        return
    key = next(k for k, row in CBS.items() if row[0] == cb.name)
    policy_save(actor=admin, cb=cb, data=dict(cat.POLICIES[key]))
    result.created["certification policies"] += 1


def _register(result, key: str, cb, users, engagements, today: dt.date) -> None:
    """The CB's demo auditors in its register, competent for its clients' IAF codes."""
    admin = users[f"{key}_admin"]
    codes = sorted(
        {
            code
            for e in engagements
            for code in e.enterprise.iaf_codes.values_list("code", flat=True)
        }
    )
    valid_from = today - relativedelta(years=CODES_VALID_YEARS)
    for spec in cat.REGISTER[key]:
        user = users[spec.username]
        if AuditorProfile.objects.filter(cb=cb, user=user).exists():
            continue
        profile = auditor_save(
            actor=admin,
            cb=cb,
            data={
                "user": user,
                "grade": spec.grade,
                "registration_no": spec.registration_no,
                "note": spec.note,
            },
        )
        result.created["auditors registered"] += 1
        if spec.codes == "all":
            own = codes
        elif spec.codes == "first2":
            own = codes[:2]
        else:
            own = [c for c in spec.codes if c in codes] or list(spec.codes)
        for code in own:
            until = today + dt.timedelta(days=EXPIRING_IN_DAYS) if code == spec.expiring else None
            auditor_code_save(
                actor=admin,
                profile=profile,
                data={"iaf_code": code, "valid_from": valid_from, "valid_until": until},
            )
            result.created["auditor codes"] += 1
        for title, provider, days_ago, hours, number in spec.trainings:
            training_add(
                actor=admin,
                profile=profile,
                data={
                    "title": title,
                    "provider": provider,
                    "completed_on": today - dt.timedelta(days=days_ago),
                    "hours": Decimal(hours),
                    "certificate_no": number,
                },
            )
            result.created["training records"] += 1


def _conflict_engagement(result, cbs, key_of, users, today: dt.date) -> Engagement | None:
    """The certification engagement of an enterprise with the CB whose administrator or auditor
    assisted it (made here if missing); None when the demo has no such involvement."""
    cb_by_pk = {cb.pk: (key, cb) for key, cb in cbs.items()}
    certifying = set(
        Membership.objects.filter(
            organization_id__in=list(cb_by_pk), role__in=CERTIFYING_ROLES, is_active=True
        ).values_list("user_id", "organization_id")
    )
    involvements = Involvement.objects.filter(
        cb_id__in=list(cb_by_pk), enterprise_id__in=list(key_of)
    ).order_by("day", "pk")
    for involvement in involvements:
        if (involvement.person_id, involvement.cb_id) not in certifying:
            continue
        others = Engagement.objects.filter(
            enterprise_id=involvement.enterprise_id, kind=EngagementKind.CERTIFICATION
        ).exclude(cb_id=involvement.cb_id)
        if others.exists():
            continue
        key, cb = cb_by_pk[involvement.cb_id]
        engagement = Engagement.objects.filter(
            enterprise_id=involvement.enterprise_id,
            cb=cb,
            kind=EngagementKind.CERTIFICATION,
        ).first()
        if engagement is None:
            engagement = engagement_create(
                actor=users[f"{key}_admin"],
                cb=cb,
                enterprise=involvement.enterprise,
                kind=EngagementKind.CERTIFICATION,
                start=today - dt.timedelta(days=10),
                note="ISO 9001:2015 初次认证 / initial certification",
            )
            result.created["engagements"] += 1
        return engagement
    return None


def _half_up(value: Decimal) -> Decimal:
    return (value / HALF).to_integral_value(rounding=ROUND_CEILING) * HALF


class _Client:
    """One certification client of a demo CB and the story its records tell."""

    def __init__(self, result, cb_key: str, engagement: Engagement, users, seed: int, today):
        self.result, self.today = result, today
        self.cb_key, self.engagement = cb_key, engagement
        self.enterprise = engagement.enterprise
        self.admin = users[f"{cb_key}_admin"]
        self.leader = users[f"{cb_key}_auditor"]
        second, self.second_role = cat.SECOND[cb_key]
        self.second = users[second]
        self.client = self._client_user()
        self.rng = random.Random(f"{seed}:certification:{self.enterprise.uscc}")
        self.questions = list(
            ChecklistQuestion.objects.filter(
                template__owner__isnull=True, template__is_default=True
            )
            .select_related("clause")
            .order_by("position", "pk")
        )
        self.cycle: CertificationCycle | None = None

    def ago(self, days: int) -> dt.date:
        return self.today - dt.timedelta(days=days)

    def _client_user(self) -> User | None:
        membership = (
            Membership.objects.filter(
                organization_id=self.enterprise.organization_id,
                role__in=(Role.ENTERPRISE_ADMIN, Role.QUALITY_STEWARD),
                is_active=True,
            )
            .select_related("user")
            .order_by("role", "pk")
            .first()
        )
        return membership.user if membership else None

    # -- the cycle and its audits -------------------------------------------------------------

    def open_cycle(self, applied_on: dt.date) -> CertificationCycle:
        codes = list(self.enterprise.iaf_codes.order_by("code"))
        scope = "\n".join(cat.SCOPES.get(c.code, cat.SCOPE_FALLBACK) for c in codes)
        fte = Decimal(self.rng.choice((0, 0, 1, 2.5)))
        self.cycle = cycle_create(
            actor=self.admin,
            engagement=self.engagement,
            data={
                "applied_on": applied_on,
                "scope_text": scope or cat.SCOPE_FALLBACK,
                "employees": max(1, self.enterprise.employees or 1),
                "part_time_fte": fte,
            },
            iaf_codes=codes,
            sites=list(self.enterprise.sites.all()),
        )
        self.result.created["certification cycles"] += 1
        return self.cycle

    def audit(self, kind: str, sequence: int = 1, cycle=None) -> Audit:
        cycle = cycle or self.cycle
        return (
            cycle.audits.filter(kind=kind, sequence=sequence)
            .exclude(status=AuditStatus.CANCELLED)
            .get()
        )

    def prepare(self, audit: Audit, start: dt.date, *, team: bool = True, send: bool = True):
        """Audit time, dates, team and schedule; the plan sent to the client."""
        cycle = audit.cycle
        inputs = {"employees": cycle.employees, "part_time_fte": str(cycle.part_time_fte)}
        audit = audit_set_time(actor=self.admin, audit=audit, inputs=inputs)
        planned = audit.planned_days or Decimal(1)
        if self.second_role == "auditor":
            lead_days = second_days = max(HALF, _half_up(planned / 2))
        elif self.second_role == "trainee":
            lead_days = second_days = max(HALF, _half_up(planned))
        else:
            lead_days = max(HALF, _half_up(planned))
            second_days = min(lead_days, Decimal(1))
        length = max(1, math.ceil(lead_days))
        audit = audit_update(
            actor=self.admin,
            audit=audit,
            data={
                "start_on": start,
                "end_on": start + dt.timedelta(days=length - 1),
                "objectives": cat.OBJECTIVES.get(audit.kind, cat.OBJECTIVES["surveillance"]),
            },
        )
        if not team:
            return audit
        team_add(actor=self.admin, audit=audit, user=self.leader, role="leader", days=lead_days)
        if audit.kind != AuditKind.STAGE1 or self.second_role == "trainee":
            team_add(
                actor=self.admin,
                audit=audit,
                user=self.second,
                role=self.second_role,
                days=second_days,
            )
        site = audit.sites.first()
        for day_index in range(length):
            day = start + dt.timedelta(days=day_index)
            lines = cat.SCHEDULE if day_index == 0 else cat.SCHEDULE[2:3]
            for starts, ends, activity, clauses in lines:
                schedule_save(
                    actor=self.leader,
                    audit=audit,
                    data={
                        "day": day,
                        "starts_at": dt.time.fromisoformat(starts),
                        "ends_at": dt.time.fromisoformat(ends),
                        "activity": activity,
                        "clauses": clauses,
                        "site": site,
                        "auditor": self.leader,
                        "auditee": "",
                    },
                )
        if send:
            audit = audit_send_plan(actor=self.leader, audit=audit)
        self.result.created["certification audits planned"] += 1
        return audit

    def answer(self, audit: Audit, ncs=(), limit: int | None = None) -> dict:
        """Answer the checklist (the first `limit` questions): nonconformities on the questions
        of the findings' clauses, an observation on 9.1.3 and an opportunity for improvement,
        the rest conform. Returns {FindingT: question} for the nonconformities."""
        nc_questions = {}
        for template, grade in ncs:
            question = next(q for q in self.questions if q.clause.number == template.clause)
            nc_questions[question.pk] = (template, grade)
        ofi = self.rng.choice([q for q in self.questions if q.pk not in nc_questions])
        chosen = {}
        for question in self.questions[:limit]:
            if question.pk in nc_questions:
                template, grade = nc_questions[question.pk]
                result = (
                    ChecklistResult.MAJOR_NC
                    if grade == FindingGrade.MAJOR
                    else ChecklistResult.MINOR_NC
                )
                evidence = template.evidence
                chosen[template] = question
            elif question.clause.number == cat.OBSERVATION[0]:
                result, evidence = ChecklistResult.OBSERVATION, cat.OBSERVATION[2]
            elif question.pk == ofi.pk:
                result, evidence = ChecklistResult.OFI, cat.EVIDENCE_NOTE
            else:
                result, evidence = ChecklistResult.CONFORM, cat.EVIDENCE_CONFORM
            answer_save(
                actor=self.leader, audit=audit, question=question, result=result, evidence=evidence
            )
        self.result.created["checklist answers"] += len(self.questions[:limit])
        return chosen

    def raise_findings(self, audit: Audit, ncs, chosen: dict, on: dt.date) -> dict:
        findings = {}
        for template, grade in ncs:
            question = chosen.get(template)
            if question is None:
                continue
            findings[grade] = finding_create(
                actor=self.leader,
                audit=audit,
                data={
                    "grade": grade,
                    "clause": question.clause,
                    "question": question,
                    "statement": template.statement,
                    "evidence": template.evidence,
                    "requirement": template.requirement,
                    "raised_on": on,
                },
            )
            self.result.created["findings"] += 1
        return findings

    def conduct(self, audit: Audit, start: dt.date, ncs=(), *, complete: bool = True):
        """Plan, hold and (by default) complete an audit; returns (audit, {grade: finding})."""
        audit = self.prepare(audit, start)
        audit = audit_start(actor=self.leader, audit=audit)
        limit = None if complete else ANSWERED_IN_PROGRESS
        chosen = self.answer(audit, ncs, limit=limit)
        raised_on = min(audit.end_on, self.today)
        findings = self.raise_findings(audit, ncs, chosen, raised_on)
        if audit.kind in (AuditKind.STAGE2, AuditKind.RECERTIFICATION):
            question = next(q for q in self.questions if q.clause.number == cat.OBSERVATION[0])
            if limit is None or self.questions.index(question) < limit:
                finding_create(
                    actor=self.leader,
                    audit=audit,
                    data={
                        "grade": FindingGrade.OBSERVATION,
                        "clause": question.clause,
                        "question": question,
                        "statement": cat.OBSERVATION[1],
                        "evidence": cat.OBSERVATION[2],
                        "raised_on": raised_on,
                    },
                )
                self.result.created["findings"] += 1
        if not complete:
            return audit, findings
        if audit.kind == AuditKind.STAGE1:
            summary, recommendation = cat.SUMMARY["stage1"], Recommendation.RECOMMEND
        elif findings:
            summary, recommendation = cat.SUMMARY["findings"], Recommendation.RECOMMEND_AFTER
        else:
            summary, recommendation = cat.SUMMARY["clean"], Recommendation.RECOMMEND
        audit = audit_complete(
            actor=self.leader,
            audit=audit,
            summary=summary,
            recommendation=recommendation,
            completed_on=audit.end_on,
        )
        self.result.created["certification audits completed"] += 1
        return audit, findings

    # -- the client loop ----------------------------------------------------------------------

    def respond(self, finding):
        template = cat.MAJOR if finding.grade == FindingGrade.MAJOR else cat.MINOR
        return finding_respond(
            actor=self.client,
            finding=finding,
            data={
                "correction": template.correction,
                "root_cause": template.root_cause,
                "corrective_action": template.corrective_action,
                "evidence": template.evidence_text,
            },
        )

    def close(self, findings: dict, *, verify_on: dt.date | None = None) -> None:
        """Responses accepted; the major verified on `verify_on` (given for a major)."""
        for grade, finding in findings.items():
            response = self.respond(finding)
            response_review(actor=self.leader, response=response, accept=True, comment="")
            if grade == FindingGrade.MAJOR:
                finding.refresh_from_db()
                finding_verify(
                    actor=self.leader, finding=finding, note=cat.MAJOR.verify_note, on=verify_on
                )

    # -- initial certification ----------------------------------------------------------------

    def initial(self, stage1_on: dt.date, stage2_on: dt.date, ncs=()):
        """Stage 1 and stage 2 held and completed; returns stage 2 and its findings."""
        self.open_cycle(stage1_on - dt.timedelta(days=30))
        self.conduct(self.audit(AuditKind.STAGE1), stage1_on)
        return self.conduct(self.audit(AuditKind.STAGE2), stage2_on, ncs)

    def certify(self, decided_on: dt.date, ncs=((cat.MINOR, FindingGrade.MINOR),)):
        """An initial certification granted on `decided_on` (the minor's plan accepted)."""
        stage2, findings = self.initial(
            decided_on - dt.timedelta(days=60), decided_on - dt.timedelta(days=30), ncs
        )
        self.close(findings, verify_on=decided_on - dt.timedelta(days=5))
        decision_make(
            actor=self.admin,
            cycle=self.cycle,
            audit=stage2,
            outcome=DecisionOutcome.GRANT,
            reasons=cat.DECISION_REASONS,
            decided_on=decided_on,
        )
        self.result.created["certification decisions"] += 1
        self.cycle.refresh_from_db()
        return self.cycle.certificates.get()

    def surveillances(self, before: dt.date, *, only_first: bool = False) -> None:
        """Hold the programme's surveillance audits due before `before`, each 20 days into its due
        window (the programme moves the next one after each)."""
        last_end = self.cycle.audits.filter(kind=AuditKind.STAGE2).get().end_on
        while True:
            audit = (
                self.cycle.audits.filter(
                    kind=AuditKind.SURVEILLANCE, status=AuditStatus.PLANNED, due_by__lt=before
                )
                .order_by("sequence")
                .first()
            )
            if audit is None:
                return
            opens = audit.due_from or audit.due_by - dt.timedelta(days=60)
            start = max(opens + dt.timedelta(days=20), last_end + dt.timedelta(days=30))
            audit, _findings = self.conduct(audit, start)
            last_end = audit.end_on
            if only_first:
                return

    def certified_until(self, expires_on: dt.date) -> dt.date:
        """The decision day whose certificate expires on `expires_on` (36-month validity)."""
        from qualift.certification.programme import expiry_for
        from qualift.certification.rulesets import rule_set

        rules = rule_set(cat.POLICIES[self.cb_key]["rule_set"])
        decided = expires_on + dt.timedelta(days=1) - relativedelta(months=rules.cycle_months)
        assert expiry_for(rules, decided) == expires_on
        return decided

    # -- the stories --------------------------------------------------------------------------

    def story_applied(self) -> None:
        """Stage 1 planned three weeks ahead: time, dates and leader set, the plan not sent."""
        self.open_cycle(self.ago(14))
        audit = self.audit(AuditKind.STAGE1)
        self.prepare(audit, self.ago(-21), send=False)

    def story_conflict(self) -> None:
        """Stage 1 planned a month ahead with no team yet: the CB's person who assisted the
        client is refused when added."""
        self.open_cycle(self.ago(7))
        self.prepare(self.audit(AuditKind.STAGE1), self.ago(-28), team=False)

    def story_plan_sent(self) -> None:
        self.open_cycle(self.ago(50))
        self.conduct(self.audit(AuditKind.STAGE1), self.ago(20))
        self.prepare(self.audit(AuditKind.STAGE2), self.ago(-14))

    def story_in_progress(self) -> None:
        self.open_cycle(self.ago(70))
        self.conduct(self.audit(AuditKind.STAGE1), self.ago(40))
        self.conduct(
            self.audit(AuditKind.STAGE2),
            self.today,
            ((cat.MINOR, FindingGrade.MINOR),),
            complete=False,
        )

    def story_open_major(self) -> None:
        self.initial(self.ago(50), self.ago(14), self._ncs())

    def story_returned(self) -> None:
        _stage2, findings = self.initial(self.ago(75), self.ago(40), self._ncs())
        response = self.respond(findings[FindingGrade.MAJOR])
        response_review(
            actor=self.leader, response=response, accept=False, comment=cat.MAJOR.return_comment
        )
        self.close({FindingGrade.MINOR: findings[FindingGrade.MINOR]})

    def story_verified(self) -> None:
        _stage2, findings = self.initial(self.ago(85), self.ago(55), self._ncs())
        self.close(findings, verify_on=self.ago(10))

    def story_certified(self) -> None:
        self.certify(self.ago(300))

    def story_overdue(self) -> None:
        self.certify(self.ago(400), ncs=())

    def story_suspended(self) -> None:
        certificate = self.certify(self.ago(420), ncs=())
        certificate_set_status(
            actor=self.admin,
            certificate=certificate,
            to_status=CertificateStatus.SUSPENDED,
            reason=StatusReason.REFUSED_SURVEILLANCE,
            note=cat.SUSPEND_NOTE,
            on=self.ago(30),
        )

    def story_withdrawn(self) -> None:
        certificate = self.certify(self.ago(640))
        certificate = certificate_set_status(
            actor=self.admin,
            certificate=certificate,
            to_status=CertificateStatus.SUSPENDED,
            reason=StatusReason.REFUSED_SURVEILLANCE,
            note=cat.SUSPEND_NOTE,
            on=self.ago(250),
        )
        certificate_set_status(
            actor=self.admin,
            certificate=certificate,
            to_status=CertificateStatus.WITHDRAWN,
            reason=StatusReason.SUSPENSION_LAPSED,
            note=cat.WITHDRAW_NOTE,
            on=self.ago(45),
        )

    def story_cancelled(self) -> None:
        certificate = self.certify(self.ago(500))
        self.surveillances(self.ago(20), only_first=True)
        certificate_set_status(
            actor=self.admin,
            certificate=certificate,
            to_status=CertificateStatus.CANCELLED,
            reason=StatusReason.CLIENT_REQUEST,
            note=cat.CANCEL_NOTE,
            on=self.ago(20),
        )

    def story_expired(self) -> None:
        """Expired 60 days ago; the recertification audit was held after expiry (25 days ago)
        without findings, so the certificate can still be restored (within 6 months)."""
        expires_on = self.ago(60)
        self.certify(self.certified_until(expires_on))
        self.surveillances(expires_on)
        self.conduct(self.audit(AuditKind.RECERTIFICATION), self.ago(25))

    def story_recertified(self) -> None:
        """A whole cycle: recertification audit 100 days ago, granted 80 days ago, into the
        second cycle (validity continuing from the first one's expiry in 61 days)."""
        expires_on = self.ago(-61)
        self.certify(self.certified_until(expires_on))
        self.surveillances(self.ago(130))
        recert, _findings = self.conduct(self.audit(AuditKind.RECERTIFICATION), self.ago(100))
        decision_make(
            actor=self.admin,
            cycle=self.cycle,
            audit=recert,
            outcome=DecisionOutcome.GRANT,
            reasons=cat.RECERT_REASONS,
            decided_on=self.ago(80),
        )
        self.result.created["certification decisions"] += 1

    def _ncs(self):
        return ((cat.MAJOR, FindingGrade.MAJOR), (cat.MINOR, FindingGrade.MINOR))
