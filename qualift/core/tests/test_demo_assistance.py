"""Issue 6 demo data: each ledger stage of the demo program gets the assistance work it implies
(diagnosis, scored issues, chosen points, a signed plan, visits, achieved milestones), one plan is
revised and signed again, and an industry-common problem has its group measure — all seeded
through the services, idempotently, without moving the ledger."""

from __future__ import annotations

from collections import Counter

import pytest
from django.test import Client
from django.utils import timezone

from qualift.assistance.choices import DiagnosisStatus, MilestoneStatus, PlanStatus, SignSide
from qualift.assistance.models import (
    AssistanceIssue,
    CommonIssue,
    Diagnosis,
    Involvement,
    Measure,
    Milestone,
    Plan,
    PlanRevision,
    PlanSignature,
    Visit,
)
from qualift.core.audit import verify_chain
from qualift.core.demo import DEMO_PASSWORD
from qualift.core.demo import seed as demo_seed
from qualift.core.demo.assistance import seed_assistance
from qualift.core.demo.assistance.catalogue import COMMON, SKIP_REASON
from qualift.core.demo.data import enterprise_specs
from qualift.core.models import AuditEvent
from qualift.enterprises.models import Enterprise
from qualift.programs.models import LedgerEntry, LedgerMove
from qualift.tenancy.models import User

MODELS = (
    Diagnosis,
    AssistanceIssue,
    Plan,
    Measure,
    Milestone,
    PlanSignature,
    PlanRevision,
    Visit,
    CommonIssue,
    Involvement,
    LedgerMove,
    User,
    AuditEvent,
)


@pytest.fixture
def demo(db, monkeypatch):
    """The demo's organisations, people, enterprises and ledger without the heavy yearly
    records; `run()` seeds the assistance work."""
    for name in ("seed_quality", "seed_process", "seed_documents", "seed_goals", "seed_assistance"):
        monkeypatch.setattr(demo_seed, name, lambda *args, **kwargs: None)
    base = demo_seed.seed_demo()
    specs = enterprise_specs()
    enterprises = {s.row.key: Enterprise.objects.get(uscc=s.uscc) for s in specs}

    def run():
        result = demo_seed.DemoResult()
        users = {u.username: u for u in User.objects.all()}
        seed_assistance(
            result, program=base.program, specs=specs, enterprises=enterprises, users=users
        )
        return result

    return base, run


def _counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


def _entries_by_status():
    by_status: dict[str, list[LedgerEntry]] = {}
    for entry in LedgerEntry.objects.select_related("enterprise").order_by("pk"):
        by_status.setdefault(entry.status, []).append(entry)
    return by_status


def test_demo_gives_each_ledger_stage_its_assistance(demo):
    _base, run = demo
    statuses_before = dict(LedgerEntry.objects.values_list("pk", "status"))
    run()
    today = timezone.localdate()
    # The services only move the ledger forward; the demo's statuses are already ahead.
    assert dict(LedgerEntry.objects.values_list("pk", "status")) == statuses_before
    by_status = _entries_by_status()
    assert set(by_status) >= {"screened", "diagnosing", "plan_agreed", "assisting", "evaluated"}

    for entry in by_status["screened"]:
        assert not Diagnosis.objects.filter(ledger_entry=entry).exists()

    diagnosing = by_status["diagnosing"]
    states = Counter(
        Diagnosis.objects.filter(ledger_entry__in=diagnosing).values_list("status", flat=True)
    )
    assert states[DiagnosisStatus.DRAFT] >= 1 and states[DiagnosisStatus.COMPLETED] >= 1
    for entry in diagnosing:
        assert not Plan.objects.filter(ledger_entry=entry).exists()
        diagnosis = Diagnosis.objects.get(ledger_entry=entry)
        assert diagnosis.experts.filter(username=f"{_cb_key(entry)}_expert").exists()
        issues = AssistanceIssue.objects.filter(diagnosis=diagnosis)
        if diagnosis.status == DiagnosisStatus.COMPLETED:
            assert 3 <= issues.count() <= 5
            assert all(i.is_scored and not i.is_point for i in issues)
            assert not diagnosis.ratings.filter(level=None).exists()
        else:
            assert not issues.exists()

    planned = [e for s in ("plan_agreed", "assisting", "evaluated", "closed") for e in by_status[s]]
    planned = [e for e in planned if Plan.objects.filter(ledger_entry=e).exists()]
    # Counted by hand from data.ENTERPRISES: 6 plan agreed + 8 assisting + 5 evaluated + 3 closed
    # (Kecheng closed early, during its diagnosis, and has no plan).
    assert len(planned) == 22
    for entry in planned:
        plan = Plan.objects.get(ledger_entry=entry)
        issues = AssistanceIssue.objects.filter(diagnosis__ledger_entry=entry)
        points = set(plan.points.values_list("pk", flat=True))
        assert points == set(issues.filter(is_point=True).values_list("pk", flat=True))
        assert 2 <= len(points) <= 3
        # The second-ranked issue was passed over, with the reason kept.
        assert list(issues.exclude(skip_reason="").values_list("skip_reason", flat=True)) == [
            SKIP_REASON
        ]
        own = plan.measures.filter(common_issue=None)
        kinds = list(own.values_list("kind", flat=True))
        assert len(kinds) == len(set(kinds))  # measures of different kinds
        milestones = list(plan.milestones.all())
        indicators = list(plan.indicators.all())
        assert len(indicators) == 2 and all(i.baseline is not None for i in indicators)
        signed = set(plan.signatures.filter(revision=plan.revision).values_list("side", flat=True))
        assert signed == set(SignSide.values)
        achieved = [m for m in milestones if m.status == MilestoneStatus.ACHIEVED]
        overdue = [m for m in milestones if m.is_overdue(today)]
        visits = Visit.objects.filter(ledger_entry=entry).count()
        if plan.revision == 1:
            assert 3 <= len(kinds) <= 4 and 4 <= len(milestones) <= 6
        if entry.status == "plan_agreed":
            assert plan.status == PlanStatus.AGREED and not achieved and not overdue
            assert visits == 0
        elif entry.status == "assisting":
            assert plan.status == PlanStatus.AGREED
            assert achieved and len(overdue) == 1 and visits >= 1
            assert 0 < plan.progress < 100
        else:
            assert plan.status == PlanStatus.COMPLETED
            assert len(achieved) == len(milestones) and plan.progress == 100
            assert visits >= 1

    # One plan revised after agreement: the agreed version kept with its signatures, both sides
    # signed the new revision.
    revision = PlanRevision.objects.get()
    plan = revision.plan
    assert plan.revision == 2 and revision.number == 1
    assert revision.snapshot["measures"] and revision.reason
    assert set(plan.signatures.values_list("revision", "side")) == {
        (r, side) for r in (1, 2) for side in SignSide.values
    }
    assert verify_chain().ok


def _cb_key(entry: LedgerEntry) -> str:
    spec = next(s for s in enterprise_specs() if s.uscc == entry.enterprise.uscc)
    return spec.row.cb


def test_demo_names_an_industry_common_problem_with_its_group_measure(demo):
    _base, run = demo
    run()
    common = CommonIssue.objects.get()
    assert common.gbt4754_division == COMMON["division"] and common.area == COMMON["area"]
    affected = list(common.enterprises.all())
    assert len(affected) >= 2
    assert {e.gbt4754_division for e in affected} == {COMMON["division"]}
    for enterprise in affected:
        assert AssistanceIssue.objects.filter(enterprise=enterprise, area=common.area).exists()
        plan = Plan.objects.get(enterprise=enterprise)
        assert plan.measures.filter(common_issue=common, kind=common.measure_kind).count() == 1
    assert common.created_by.username == "zj_admin"


def test_expert_logins_are_involved_and_enterprise_logins_sign_in(demo):
    _base, run = demo
    result = run()
    # The CB expert logins did the work, so their workspace is full and impartiality sees them.
    for cb in ("zhijiang", "yongxin", "pujiang"):
        expert = User.objects.get(username=f"{cb}_expert")
        assert Involvement.objects.filter(person=expert).values("enterprise").distinct().count() > 3
        assert Diagnosis.objects.filter(experts=expert).exists()
        assert Measure.objects.filter(cb_owner=expert).exists()
    # Enterprises without a demo login got an administrator (their legal representative), who
    # owns the measures, signed the plan and is printed in the login table.
    made = [login for login in result.logins if login.role == "enterprise_admin"]
    assert made
    for login in made:
        user = User.objects.get(username=login.username)
        spec = next(s for s in enterprise_specs() if f"{s.row.key}_admin" == login.username)
        assert user.display_name == spec.legal_representative
        assert PlanSignature.objects.filter(signed_by=user, side=SignSide.ENTERPRISE).exists()
    assert Client().login(username=made[0].username, password=DEMO_PASSWORD)
    steward = User.objects.get(username="fuchun_steward")
    assert Measure.objects.filter(enterprise_owner=steward).exists()


def test_operator_seeds_assistance_twice_and_nothing_changes(demo):
    _base, run = demo
    first = run()
    after_first = _counts()
    assert first.changed and first.created["diagnoses"] > 0
    second = run()
    assert not second.changed
    assert _counts() == after_first
    # One audit event per write: every diagnosis and plan has its creation event.
    assert AuditEvent.objects.filter(verb="diagnosis.create").count() == Diagnosis.objects.count()
    assert AuditEvent.objects.filter(verb="plan.create").count() == Plan.objects.count()


def test_operator_deletes_a_plan_and_the_next_run_fills_the_gap(demo):
    _base, run = demo
    run()
    plan = Plan.objects.filter(status=PlanStatus.AGREED, revision=1).first()
    entry, count = plan.ledger_entry, _counts()["Plan"]
    for model in (PlanSignature, Milestone, Measure):
        model.objects.filter(plan=plan).delete()
    plan.points.clear()
    plan.delete()
    result = run()
    assert result.created["assistance plans"] == 1
    assert Plan.objects.count() == count
    assert Plan.objects.get(ledger_entry=entry).status == PlanStatus.AGREED
