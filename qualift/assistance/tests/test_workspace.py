"""The assistance home by role, an entry's overview, the enterprise's tasks and a program's
progress table (issue 6). Plans, measures and milestones are test data made with
Model.objects.create (their services are tested in test_plans*); visits and diagnoses go through
their services. Expected counts and means are worked out by hand in each test."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from qualift.assistance.choices import MeasureKind, MilestoneStatus, PlanStatus, SignSide
from qualift.assistance.models import Measure, Milestone, Plan, PlanSignature
from qualift.assistance.services.diagnoses import diagnosis_create
from qualift.assistance.services.visits import visit_create
from qualift.core.testing import pin_today
from qualift.programs.choices import LedgerStatus
from qualift.programs.models import LedgerEntry

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
DAY = TODAY - dt.timedelta(days=20)
HOME = "/assistance/"


@pytest.fixture(autouse=True)
def _one_day_throughout(monkeypatch):
    pin_today(monkeypatch, TODAY)


def _keys(entry):
    return {"enterprise": entry.enterprise, "cb_id": entry.cb_id, "program_id": entry.program_id}


def _plan(world, enterprise, status=PlanStatus.DRAFT, progress=0, title="Plan"):
    entry = world.entry(enterprise)
    return Plan.objects.create(
        ledger_entry=entry, title=title, status=status, progress=progress, **_keys(entry)
    )


def _milestone(plan, due_on, status=MilestoneStatus.PENDING, title="Milestone", measure=None):
    return Milestone.objects.create(
        plan=plan,
        measure=measure,
        title=title,
        due_on=due_on,
        acceptance_criteria="Seen on site.",
        status=status,
        enterprise=plan.enterprise,
        cb_id=plan.cb_id,
        program_id=plan.program_id,
    )


def _visit(world, enterprise, expert):
    return visit_create(
        actor=None,
        entry=world.entry(enterprise),
        data={"held_on": DAY, "activities": "Walked the line."},
        experts=[world.users[expert]],
    )


# ---- home by role ----------------------------------------------------------------------------


def test_home_sends_each_role_to_its_page(world):
    assert world.client("cba_expert").get(HOME).status_code == 200
    response = world.client("a1_staff").get(HOME)
    assert (response.status_code, response["Location"]) == (302, reverse("assistance:my-tasks"))
    assert world.client("cba_auditor1").get(HOME).status_code == 403
    assert world.client(None).get(HOME).status_code == 302
    office = world.client("po_admin").get(HOME)
    assert office.status_code == 200
    assert [p.pk for p in office.context["programs"]] == [world.program.pk]
    assert office.context["programs"][0].entry_count == 3


def test_expert_sees_the_enterprises_they_assist_or_all_with_all(world):
    _visit(world, world.a1, "cba_expert")
    _visit(world, world.b1, "cbb_admin")
    client = world.client("cba_expert")
    assert [e.enterprise for e in client.get(HOME).context["page"]] == [world.a1]
    everything = client.get(HOME, {"all": "1"}).context["page"]
    assert {e.enterprise for e in everything} == {world.a1, world.a2}
    assert [e.enterprise for e in world.client("cbb_admin").get(HOME).context["page"]] == [world.b1]


def test_workspace_lists_diagnoses_to_finish_for_their_experts_only(world):
    diagnosis = diagnosis_create(
        actor=None,
        entry=world.entry(world.a1),
        data={"held_on": DAY, "mode": "on_site", "hours": 3, "summary": ""},
        experts=[world.users["cba_expert"]],
    )
    assert world.client("cba_expert").get(HOME).context["diagnoses"] == [diagnosis]
    assert world.client("cba_admin").get(HOME).context["diagnoses"] == []


def test_workspace_shows_draft_plans_with_the_side_still_to_sign(world):
    plan = _plan(world, world.a1)
    PlanSignature.objects.create(
        plan=plan,
        revision=1,
        side=SignSide.CB,
        signed_by=world.users["cba_admin"],
        name="CB admin",
        meaning="Agreed",
        signed_at=timezone.now(),
        **_keys(world.entry(world.a1)),
    )
    _plan(world, world.a2, status=PlanStatus.AGREED)
    items = world.client("cba_admin").get(HOME).context["plans"]
    assert [(i.plan, [str(s) for s in i.missing]) for i in items] == [(plan, ["Enterprise"])]
    assert world.client("cbb_admin").get(HOME).context["plans"] == []


def test_workspace_lists_milestones_overdue_or_due_in_30_days(world):
    plan = _plan(world, world.a1, status=PlanStatus.AGREED)
    overdue = _milestone(plan, TODAY - dt.timedelta(days=5), title="late")
    soon = _milestone(plan, TODAY + dt.timedelta(days=30), title="soon")
    _milestone(plan, TODAY + dt.timedelta(days=31), title="later")
    _milestone(plan, TODAY - dt.timedelta(days=9), MilestoneStatus.ACHIEVED, title="done")
    draft = _plan(world, world.a2)
    _milestone(draft, TODAY, title="draft plan")
    response = world.client("cba_expert").get(HOME)
    assert response.context["milestones"] == [overdue, soon]
    assert "overdue" in response.content.decode()


def test_workspace_query_count_does_not_grow_with_entries(world, django_assert_max_num_queries):
    for enterprise in (world.a1, world.a2):
        plan = _plan(world, enterprise, status=PlanStatus.AGREED)
        _milestone(plan, TODAY)
    client = world.client("cba_admin")
    client.get(HOME)
    # Measured: 9 (session, user, scope, then one query per panel); a query per row would add 2.
    with django_assert_max_num_queries(9):
        assert client.get(HOME, {"all": "1"}).status_code == 200


# ---- entry overview --------------------------------------------------------------------------


def test_entry_overview_counts_diagnoses_plan_and_visits(world):
    entry = world.entry(world.a1)
    diagnosis_create(
        actor=None,
        entry=entry,
        data={"held_on": DAY, "mode": "on_site", "hours": 3, "summary": ""},
        experts=[world.users["cba_expert"]],
    )
    _visit(world, world.a1, "cba_expert")
    plan = _plan(world, world.a1, status=PlanStatus.AGREED, progress=50)
    _milestone(plan, TODAY - dt.timedelta(days=1))
    _milestone(plan, TODAY + dt.timedelta(days=3))
    _milestone(plan, TODAY - dt.timedelta(days=8), MilestoneStatus.ACHIEVED)
    response = world.client("a1_staff").get(reverse("assistance:entry", args=[entry.pk]))
    assert response.status_code == 200
    ctx = response.context
    assert len(ctx["diagnoses"]) == 1
    assert ctx["issues"] == {"total": 0, "points": 0}
    assert ctx["plan"] == plan
    assert ctx["milestones"] == {
        "total": 3,
        "achieved": 1,
        "overdue": 1,
        "next_due": TODAY + dt.timedelta(days=3),
    }
    assert ctx["visit_count"] == 1
    assert ctx["can_visit"] is False  # staff reads only
    assert (
        world.client("po_admin").get(reverse("assistance:entry", args=[entry.pk])).status_code
        == 404
    )


# ---- my tasks --------------------------------------------------------------------------------


def test_enterprise_user_sees_plans_and_the_measures_they_own(world):
    plan = _plan(world, world.a1, status=PlanStatus.AGREED, progress=25)
    measure = Measure.objects.create(
        plan=plan,
        kind=MeasureKind.TRAINING,
        title="Train the inspectors",
        enterprise_owner=world.users["a1_steward"],
        cb_owner=world.users["cba_expert"],
        starts_on=DAY,
        due_on=TODAY + dt.timedelta(days=40),
        **_keys(world.entry(world.a1)),
    )
    late = _milestone(plan, TODAY - dt.timedelta(days=2), measure=measure, title="Quiz passed")
    steward = world.client("a1_steward").get(reverse("assistance:my-tasks"))
    assert steward.context["plans"] == [plan]
    assert steward.context["measures"] == [measure]
    assert f'id="task-milestone-{late.pk}"' in steward.content.decode()
    admin = world.client("a1_admin").get(reverse("assistance:my-tasks"))
    assert (admin.context["plans"], admin.context["measures"]) == ([plan], [])
    assert world.client("b1_admin").get(reverse("assistance:my-tasks")).context["plans"] == []
    assert world.client("cba_admin").get(reverse("assistance:my-tasks")).status_code == 403


# ---- program progress ------------------------------------------------------------------------


def _progress(world, user, **params):
    url = reverse("assistance:program-progress", args=[world.program.pk])
    return world.client(user).get(url, params)


def _progress_fixture(world):
    a1 = _plan(world, world.a1, status=PlanStatus.AGREED, progress=50)
    _milestone(a1, TODAY - dt.timedelta(days=3))
    _milestone(a1, TODAY - dt.timedelta(days=1))
    _milestone(a1, TODAY + dt.timedelta(days=12))
    _milestone(a1, TODAY + dt.timedelta(days=5), MilestoneStatus.ACHIEVED)
    _plan(world, world.a2, status=PlanStatus.DRAFT, progress=0)
    _plan(world, world.b1, status=PlanStatus.COMPLETED, progress=100)
    LedgerEntry.objects.filter(pk=world.entry(world.a1).pk).update(status=LedgerStatus.ASSISTING)


def test_office_sees_every_entry_with_overdue_and_next_due(world):
    _progress_fixture(world)
    response = _progress(world, "po_viewer")
    rows = {e.enterprise: e for e in response.context["page"]}
    assert set(rows) == {world.a1, world.a2, world.b1}
    assert (rows[world.a1].overdue, rows[world.a1].next_due) == (2, TODAY + dt.timedelta(days=12))
    assert (rows[world.b1].overdue, rows[world.b1].next_due) == (0, None)
    chart = response.context["chart"]
    # CB A: plans at 50 % and 0 % → mean 25; CB B: one plan at 100 %.
    assert dict(zip(chart["cbs"], chart["means"], strict=True)) == {
        str(world.cb_a): 25.0,
        str(world.cb_b): 100.0,
    }
    # a1 assisting, a2 and b1 still screened.
    assert chart["counts"] == [2, 0, 0, 1, 0, 0]


def test_cb_sees_only_its_own_entries_and_no_working_papers(world):
    _progress_fixture(world)
    diagnosis_create(
        actor=None,
        entry=world.entry(world.a1),
        data={"held_on": DAY, "mode": "on_site", "hours": 3, "summary": "SECRET-PAPER-TEXT"},
        experts=[world.users["cba_expert"]],
    )
    response = _progress(world, "cbb_admin")
    assert [e.enterprise for e in response.context["page"]] == [world.b1]
    assert [str(o) for o in response.context["cb_options"]] == [str(world.cb_b)]
    cba = _progress(world, "cba_expert")
    assert {e.enterprise for e in cba.context["page"]} == {world.a1, world.a2}
    assert "SECRET-PAPER-TEXT" not in _progress(world, "po_admin").content.decode()


def test_progress_filters_by_cb_status_and_name(world):
    _progress_fixture(world)
    by_cb = _progress(world, "po_admin", cb=str(world.cb_b.pk))
    assert [e.enterprise for e in by_cb.context["page"]] == [world.b1]
    by_status = _progress(world, "po_admin", status=LedgerStatus.ASSISTING)
    assert [e.enterprise for e in by_status.context["page"]] == [world.a1]
    by_name = _progress(world, "po_admin", q=world.a2.name)
    assert [e.enterprise for e in by_name.context["page"]] == [world.a2]
    junk = _progress(world, "po_admin", cb="x' OR 1=1", status="nonsense")
    assert junk.status_code == 200
    assert len(junk.context["page"]) == 3


def test_progress_is_404_outside_the_program(world):
    for user in ("po2_admin", "a1_admin", "cba_auditor1"):
        assert _progress(world, user).status_code == 404, user


def test_progress_query_count_does_not_grow_with_entries(world, django_assert_max_num_queries):
    _progress_fixture(world)
    client = world.client("po_admin")
    url = reverse("assistance:program-progress", args=[world.program.pk])
    client.get(url)
    # Measured: 10 with three entries; a query per row would add at least 3.
    with django_assert_max_num_queries(10):
        assert client.get(url).status_code == 200
