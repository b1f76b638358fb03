"""Issue 5 demo data: org charts, policy, objectives cascade with a year of measurements,
suggestions at every stage with their ledger, a management review, commitments and pulse rounds,
seeded through the services, idempotently and deterministically."""

from __future__ import annotations

from collections import Counter

import pytest
from django.utils import timezone

from qualift.core.audit import verify_chain
from qualift.core.demo import seed as demo_seed
from qualift.core.demo.data import enterprise_specs
from qualift.core.demo.goals import seed_goals
from qualift.core.demo.goals.seed import STAGES, _Firm
from qualift.core.models import AuditEvent
from qualift.enterprises.models import Enterprise
from qualift.improvement.models import CorrectiveAction
from qualift.objectives.choices import (
    Attainment,
    CommitmentStatus,
    CommunicationMethod,
    ObjectiveLevel,
    PolicyStatus,
    PulseStatus,
    ReviewStatus,
    SuggestionStatus,
)
from qualift.objectives.coverage import coverage_report
from qualift.objectives.models import (
    Department,
    Employee,
    LeadershipCommitment,
    ManagementReview,
    Objective,
    ObjectiveMeasurement,
    Position,
    PulseResponse,
    PulseRound,
    QualityPolicy,
    RewardEntry,
    Suggestion,
)
from qualift.tenancy.models import User

# A machining shop with demo logins, a software firm (service template) with an admin login, a
# textile firm, an electrical one, and the one firm under five people.
KEYS = ("fuchun", "xixi", "linping")
MODELS = (
    Department,
    Position,
    Employee,
    QualityPolicy,
    Objective,
    ObjectiveMeasurement,
    Suggestion,
    RewardEntry,
    ManagementReview,
    LeadershipCommitment,
    PulseRound,
    PulseResponse,
    AuditEvent,
)


def _chosen_specs():
    specs = enterprise_specs()
    small = min(specs, key=lambda s: s.employees)  # a micro firm of 4: one person, many hats
    assert small.employees < 6
    electrical = next(s for s in specs if s.row.division in ("38", "39"))
    return [s for s in specs if s.row.key in KEYS] + [electrical, small]


@pytest.fixture
def demo(db, monkeypatch, settings):
    """The demo's organisations, people and enterprises without the heavy yearly records, then
    the goals for a handful of enterprises."""
    for name in ("seed_quality", "seed_process", "seed_documents", "seed_goals", "seed_assistance"):
        monkeypatch.setattr(demo_seed, name, lambda *args, **kwargs: None)
    base = demo_seed.seed_demo()
    specs = _chosen_specs()
    enterprises = {s.row.key: Enterprise.objects.get(uscc=s.uscc) for s in specs}
    users = {u.username: u for u in User.objects.all()}

    def run():
        result = demo_seed.DemoResult()
        seed_goals(result, specs=specs, enterprises=enterprises, users=users)
        return result

    return base, specs, enterprises, run


def _counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


def test_demo_gives_every_enterprise_its_goals(demo):
    _base, specs, enterprises, run = demo
    result = run()
    today = timezone.localdate()
    assert result.changed
    for spec in specs:
        enterprise = enterprises[spec.row.key]
        objectives = Objective.objects.filter(enterprise=enterprise)
        # Org chart from the industry template, a named team with Chinese names.
        assert Department.objects.filter(enterprise=enterprise, name="质量部").exists()
        team = Employee.objects.filter(enterprise=enterprise)
        assert min(spec.employees, 6) <= team.count() <= min(spec.employees, 11)
        assert all("\u4e00" <= e.name[0] <= "\u9fff" for e in team)
        gm = team.get(position__title="总经理")
        assert gm.name == spec.legal_representative
        assert team.get(position__title="质量负责人").name == spec.steward_name
        # An approved policy, communicated in a training to the team.
        policy = QualityPolicy.objects.get(enterprise=enterprise)
        assert policy.status == PolicyStatus.APPROVED and policy.approved_at
        training = policy.communications.get(method=CommunicationMethod.TRAINING)
        assert training.employees.count() >= min(5, team.count())
        # The cascade at all four levels, rolled up, with a year of monthly values.
        assert set(objectives.values_list("level", flat=True)) == set(ObjectiveLevel.values)
        assert objectives.count() == 9
        assert not objectives.filter(owner__isnull=True).exists()
        manual = objectives.filter(source="manual")
        months = sorted(o.measurements.count() for o in manual)
        assert months == [11, 12, 12, 12, 12]  # one objective's last month not recorded
        fpy = objectives.get(level=ObjectiveLevel.ENTERPRISE, source="rollup")
        assert fpy.measurements.count() == 12
        assert fpy.children.get().children.count() == 2
        for objective in objectives.filter(source="rollup"):
            assert objective.attainment != Attainment.NO_DATA
        states = set(manual.values_list("attainment", flat=True))
        assert {Attainment.MISSED, Attainment.AT_RISK} <= states
        # Some people deliberately without objectives: coverage below 100 %.
        report = coverage_report(enterprise, today)
        assert 0 < report.score < 100
        assert report.by_kind["objective_not_measured"] >= 1
        # Suggestions at every stage, one anonymous, with the ledger following the stages.
        suggestions = Suggestion.objects.filter(enterprise=enterprise)
        assert set(suggestions.values_list("status", flat=True)) == set(SuggestionStatus.values)
        anonymous = suggestions.get(via_link=True)
        assert anonymous.employee is None and not anonymous.rewards.exists()
        for suggestion in suggestions.exclude(via_link=True):
            stages = set(suggestion.rewards.values_list("stage", flat=True))
            assert SuggestionStatus.SUBMITTED in stages
            assert (SuggestionStatus.REWARDED in stages) == (
                suggestion.status == SuggestionStatus.REWARDED
            )
        # One held review with its pack and outputs; its actions are in the action list.
        review = ManagementReview.objects.get(enterprise=enterprise)
        assert review.status == ReviewStatus.HELD and review.pack and review.conclusion
        assert review.outputs.count() == 3
        actions = CorrectiveAction.objects.filter(review_output__review=review)
        assert actions.count() == 2
        commitments = LeadershipCommitment.objects.filter(enterprise=enterprise)
        assert sorted(commitments.values_list("status", flat=True)) == [
            CommitmentStatus.KEPT,
            CommitmentStatus.PLANNED,
        ]
        # Two pulse rounds: the first closed, the second open; scores improve.
        rounds = list(PulseRound.objects.filter(enterprise=enterprise).order_by("opened_on"))
        assert [r.status for r in rounds] == [PulseStatus.CLOSED, PulseStatus.OPEN]
        means = [
            sum(sum(r.scores) for r in pr.responses.all()) / (5 * pr.responses.count())
            for pr in rounds
        ]
        assert all(pr.responses.count() >= 4 for pr in rounds)
        assert means[1] > means[0]

    # The demo logins are the people they stand for.
    fuchun = enterprises["fuchun"]
    for username in ("fuchun_admin", "fuchun_steward", "fuchun_staff"):
        assert Employee.objects.filter(enterprise=fuchun, user__username=username).exists()
    assert AuditEvent.objects.filter(
        actor__username="fuchun_steward", verb="objective.measure_series"
    ).exists()
    # Every write went through a service: each manual objective's year is one series event.
    series = AuditEvent.objects.filter(verb="objective.measure_series")
    assert sum(len(e.after["periods"]) for e in series) == (
        ObjectiveMeasurement.objects.filter(origin="manual").count()
    )
    assert AuditEvent.objects.filter(verb="suggestion.submit").count() == Suggestion.objects.count()
    assert verify_chain().ok


def test_demo_goals_second_run_changes_nothing(demo):
    _base, _specs, _enterprises, run = demo
    run()
    before = _counts()
    again = run()
    assert not again.changed
    assert _counts() == before


def test_demo_goals_are_deterministic(demo):
    _base, specs, enterprises, _run = demo
    spec = next(s for s in specs if s.row.key == "linping")
    firms = [
        _Firm(demo_seed.DemoResult(), enterprises["linping"], spec, {}, 7, timezone.localdate())
        for _ in range(2)
    ]
    assert firms[0]._slots() == firms[1]._slots()
    assert firms[0]._names(8) == firms[1]._names(8)
    other = _Firm(demo_seed.DemoResult(), enterprises["linping"], spec, {}, 8, timezone.localdate())
    assert other._names(8) != firms[0]._names(8)


def test_demo_suggestion_stages_cover_the_state_machine():
    assert set(STAGES) == set(SuggestionStatus.values)
    assert Counter(STAGES).most_common(1)[0][1] == 1
