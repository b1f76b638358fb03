"""Issue 7 demo data: the demo CBs' certification policies and auditor register, and clients in
every certification state — from a stage 1 being planned to a second cycle — seeded through the
certification services, with the impartiality conflict the assistance demo makes possible, and
certificates the public lookup finds."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from qualift.certification.choices import (
    AuditKind,
    AuditStatus,
    CertificateStatus,
    CycleStatus,
    FindingGrade,
    FindingStatus,
    ProposalKind,
    ProposalStatus,
    ResponseOutcome,
)
from qualift.certification.models import (
    Audit,
    AuditorCode,
    AuditorProfile,
    Certificate,
    CertificateEvent,
    CertificationCycle,
    CertificationPolicy,
    ChecklistAnswer,
    Decision,
    Finding,
    FindingResponse,
    SuspensionProposal,
    TeamMember,
    TrainingRecord,
)
from qualift.certification.services.audits import team_add
from qualift.certification.services.certificates import restore_problems
from qualift.certification.services.decisions import decision_blockers
from qualift.certification.teams import team_problems
from qualift.core.audit import verify_chain
from qualift.core.demo import seed as demo_seed
from qualift.core.demo.certification import seed_certification
from qualift.core.demo.certification.catalogue import CONFLICT_STORY, STORIES
from qualift.core.demo.data import enterprise_specs
from qualift.core.models import AuditEvent
from qualift.enterprises.models import Enterprise
from qualift.improvement.choices import NcSource
from qualift.tenancy.models import User

MODELS = (
    CertificationPolicy,
    AuditorProfile,
    AuditorCode,
    TrainingRecord,
    CertificationCycle,
    Audit,
    TeamMember,
    ChecklistAnswer,
    Finding,
    FindingResponse,
    Decision,
    Certificate,
    CertificateEvent,
    SuspensionProposal,
    AuditEvent,
)


@pytest.fixture
def demo(db, monkeypatch):
    """The demo's organisations, people, enterprises, ledger and assistance work (the
    involvement impartiality reads), without the heavy yearly records; `run()` seeds the
    certification demo and returns {enterprise key: story}."""
    for name in ("seed_quality", "seed_process", "seed_documents", "seed_goals"):
        monkeypatch.setattr(demo_seed, name, lambda *args, **kwargs: None)
    monkeypatch.setattr(demo_seed, "seed_certification", lambda *args, **kwargs: {})
    demo_seed.seed_demo()
    specs = enterprise_specs()
    enterprises = {s.row.key: Enterprise.objects.get(uscc=s.uscc) for s in specs}

    def run():
        result = demo_seed.DemoResult()
        users = {u.username: u for u in User.objects.all()}
        stories = seed_certification(result, specs=specs, enterprises=enterprises, users=users)
        return result, stories

    return run


def _counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


def _cycle(key: str) -> CertificationCycle:
    """The client's current cycle (the latest one)."""
    return CertificationCycle.objects.filter(enterprise__uscc=_uscc(key)).order_by("-pk").first()


def _uscc(key: str) -> str:
    return next(s.uscc for s in enterprise_specs() if s.row.key == key)


def _by_story(stories: dict[str, str]) -> dict[str, str]:
    return {story: key for key, story in stories.items()}


def test_demo_seeds_every_certification_state(demo):
    result, stories = demo()
    today = timezone.localdate()
    by_story = _by_story(stories)
    # Every story of the catalogue is told once, plus the impartiality conflict.
    expected = {*STORIES["cnca2026"], *STORIES["iso17021"], CONFLICT_STORY}
    assert set(by_story) == expected
    assert len(stories) == len(STORIES["cnca2026"]) + len(set(STORIES["iso17021"])) + 1

    # Policies: Yongxin on the CNCA rules, the others on ISO/IEC 17021-1; cycles keep them.
    rule_sets = dict(CertificationPolicy.objects.values_list("cb__name_en", "rule_set"))
    assert sorted(rule_sets.values()) == ["cnca2026", "iso17021", "iso17021"]
    assert rule_sets["Ningbo Yongxin Inspection and Certification Co., Ltd."] == "cnca2026"
    for cycle in CertificationCycle.objects.select_related("cb__certification_policy"):
        assert cycle.rule_set == cycle.cb.certification_policy.rule_set

    # The register: the six demo auditor logins, codes covering every client, one expiring soon.
    profiles = AuditorProfile.objects.select_related("user")
    assert {p.user.username for p in profiles} == {
        "zhijiang_auditor",
        "zhijiang_auditor2",
        "yongxin_auditor",
        "yongxin_trainee",
        "pujiang_auditor",
        "pujiang_techexpert",
    }
    assert {p.user.username: p.grade for p in profiles}["yongxin_trainee"] == "trainee"
    soon = AuditorCode.objects.filter(valid_until__isnull=False)
    assert [(c.profile.user.username, c.iaf_code.code) for c in soon] == [
        ("zhijiang_auditor2", "04")
    ]
    assert 0 < (soon.get().valid_until - today).days <= 90
    assert TrainingRecord.objects.count() >= 6
    for cycle in CertificationCycle.objects.all():
        leader = User.objects.get(username=f"{_cb_key(cycle)}_auditor")
        held = set(
            AuditorCode.objects.filter(profile__user=leader, cb=cycle.cb).values_list(
                "iaf_code__code", flat=True
            )
        )
        assert set(cycle.iaf_codes.values_list("code", flat=True)) <= held

    # Applied: stage 1 planned with time, dates and a leader, the plan not sent.
    stage1 = _cycle(by_story["applied"]).audits.get(kind=AuditKind.STAGE1)
    assert stage1.status == AuditStatus.PLANNED and stage1.planned_days
    assert stage1.start_on > today and stage1.team.filter(role="leader").exists()

    # Stage 1 done, stage 2 plan sent with team, time and schedule.
    cycle = _cycle(by_story["plan_sent"])
    assert cycle.audits.get(kind=AuditKind.STAGE1).status == AuditStatus.COMPLETED
    stage2 = cycle.audits.get(kind=AuditKind.STAGE2)
    assert stage2.status == AuditStatus.PLAN_SENT and stage2.plan_sent_at
    assert stage2.team.count() == 2 and stage2.schedule.count() >= 4
    assert stage2.justification and stage2.planned_days > 0
    assert not [p for p in team_problems(stage2) if p.blocking]

    # Stage 2 in progress: some of the 44 questions answered, a minor raised already.
    stage2 = _cycle(by_story["in_progress"]).audits.get(kind=AuditKind.STAGE2)
    assert stage2.status == AuditStatus.IN_PROGRESS
    assert 0 < stage2.answers.count() < stage2.template.questions.count()
    assert list(stage2.findings.values_list("grade", flat=True)) == [FindingGrade.MINOR]

    # Stage 2 completed with an open major awaiting the client's response (due per policy:
    # Yongxin gives 60 days).
    stage2 = _cycle(by_story["open_major"]).audits.get(kind=AuditKind.STAGE2)
    assert stage2.status == AuditStatus.COMPLETED
    assert stage2.answers.count() == stage2.template.questions.count() == 44
    major = stage2.findings.get(grade=FindingGrade.MAJOR)
    assert major.status == FindingStatus.OPEN and not major.responses.exists()
    assert major.due_on == major.raised_on + dt.timedelta(days=60)
    assert major.nonconformity.source == NcSource.CERTIFICATION_FINDING
    assert stage2.findings.get(grade=FindingGrade.OBSERVATION).status == FindingStatus.NOTED

    # A returned response.
    major = Finding.objects.get(audit__cycle=_cycle(by_story["returned"]), grade=FindingGrade.MAJOR)
    assert major.status == FindingStatus.RETURNED
    assert major.responses.get().outcome == ResponseOutcome.RETURNED

    # The major verified, the minor's plan accepted: nothing blocks the decision.
    cycle = _cycle(by_story["verified"])
    stage2 = cycle.audits.get(kind=AuditKind.STAGE2)
    statuses = dict(stage2.findings.values_list("grade", "status"))
    assert statuses[FindingGrade.MAJOR] == FindingStatus.VERIFIED
    assert statuses[FindingGrade.MINOR] == FindingStatus.ACCEPTED
    assert cycle.status == CycleStatus.APPLIED and not cycle.decisions.exists()
    assert decision_blockers(cycle, stage2, today) == []

    # Certified, surveillance 1 coming up (iso17021 and cnca2026 clients both).
    for key in [k for k, s in stories.items() if s == "certified"]:
        cycle = _cycle(key)
        assert cycle.status == CycleStatus.CERTIFIED
        assert cycle.certificates.get().effective_status(today) == CertificateStatus.VALID
        s1 = cycle.audits.get(kind=AuditKind.SURVEILLANCE, sequence=1)
        assert s1.status == AuditStatus.PLANNED and s1.due_by > today

    # Surveillance overdue, with the sweep's open proposal to suspend.
    cycle = _cycle(by_story["overdue"])
    s1 = cycle.audits.get(kind=AuditKind.SURVEILLANCE, sequence=1)
    assert s1.due_by < today and s1.status == AuditStatus.PLANNED
    proposal = SuspensionProposal.objects.get(audit=s1)
    assert (proposal.kind, proposal.status) == (ProposalKind.SUSPEND, ProposalStatus.OPEN)
    assert SuspensionProposal.objects.count() == 1

    def certificate(story):
        return _cycle(by_story[story]).certificates.get()

    assert certificate("suspended").status == CertificateStatus.SUSPENDED
    withdrawn = certificate("withdrawn")
    assert withdrawn.status == CertificateStatus.WITHDRAWN
    assert list(withdrawn.events.values_list("to_status", flat=True)) == [
        CertificateStatus.VALID,
        CertificateStatus.SUSPENDED,
        CertificateStatus.WITHDRAWN,
    ]
    cancelled = certificate("cancelled")
    assert (cancelled.status, cancelled.status_reason) == ("cancelled", "client_request")

    # Expired 60 days ago (stored by the sweep) and restorable: the late recertification
    # audit is completed without blocking findings.
    expired = certificate("expired")
    assert expired.status == CertificateStatus.EXPIRED
    assert expired.expires_on == today - dt.timedelta(days=60)
    assert restore_problems(expired, today) == []

    # Recertified: the first cycle closed, the second certified with continuous validity.
    cycle = _cycle(by_story["recertified"])
    assert cycle.status == CycleStatus.CERTIFIED and cycle.previous is not None
    assert cycle.previous.status == CycleStatus.CLOSED
    assert (
        cycle.previous.audits.filter(
            kind=AuditKind.SURVEILLANCE, status=AuditStatus.COMPLETED
        ).count()
        >= 2
    )
    certificate_ = cycle.certificates.get()
    assert certificate_.status_reason == "renewed"
    assert certificate_.expires_on == cycle.expires_on
    assert cycle.expires_on.year - cycle.previous.expires_on.year == 3

    # Decisions were taken by the CB administrator, never by a team member.
    for decision in Decision.objects.select_related("cycle", "decided_by"):
        assert decision.decided_by.username.endswith("_admin")
        team = TeamMember.objects.filter(audit__cycle=decision.cycle)
        assert not team.filter(user=decision.decided_by).exists()

    # Certificates: real-looking numbers with the CB's prefix; the public lookup finds them.
    numbers = list(Certificate.objects.values_list("number", flat=True))
    assert numbers and all(n.split("-")[0] in {"ZJQC", "NBYX", "SHPJ"} for n in numbers)
    assert CycleStatus.APPLIED in set(CertificationCycle.objects.values_list("status", flat=True))
    valid = Certificate.objects.filter(status=CertificateStatus.VALID).first()
    response = Client().get(reverse("verify:certificate", args=[valid.number]))
    assert response.status_code == 200
    assert valid.holder in response.content.decode()
    assert result.created["certification clients"] == len(stories)
    assert verify_chain().ok


def test_demo_person_who_assisted_a_client_is_refused_on_its_team(demo):
    _result, stories = demo()
    key = _by_story(stories)[CONFLICT_STORY]
    cycle = _cycle(key)
    stage1 = cycle.audits.get(kind=AuditKind.STAGE1)
    assert stage1.team.count() == 0 and stage1.start_on
    # In the default demo Pujiang's administrator took part in Linli's diagnosis (seeded by the
    # assistance demo); Pujiang is also its certification body.
    assert key == "linli"
    admin = User.objects.get(username="pujiang_admin")
    with pytest.raises(ValidationError) as raised:
        team_add(actor=admin, audit=stage1, user=admin, role="leader", days=1)
    assert "assisted this enterprise" in str(raised.value)
    # An auditor who did not assist may lead it.
    auditor = User.objects.get(username="pujiang_auditor")
    team_add(actor=admin, audit=stage1, user=auditor, role="leader", days=1)


def test_second_demo_run_changes_nothing(demo):
    demo()
    before = _counts()
    result, _stories = demo()
    assert _counts() == before
    assert not result.changed


def _cb_key(cycle) -> str:
    return cycle.cb.name_en.split()[1].lower()
