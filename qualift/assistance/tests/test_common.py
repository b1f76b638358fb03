"""Industry-common problems (issue 6 §3): grouping by industry and focus area, naming a problem
with a group measure, attaching it to the affected enterprises' plans, and the pages and API.

Fixture: a1, a2 (CB A) and b1 (CB B) are all put in GB/T 4754 division 33 (manufacture of metal
products); each gets a diagnosis with issues made with Model.objects.create (test data only)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation

from qualift.assistance.common import common_problems
from qualift.assistance.models import AssistanceIssue, CommonIssue, Diagnosis, Measure, Plan
from qualift.assistance.services.common import common_issue_attach, common_issue_create
from qualift.core.models import AuditEvent
from qualift.enterprises.models import Enterprise

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """Direct calls read the active language; a request in Chinese must not leak into them."""
    with translation.override("en"):
        yield


DIVISION = "33"  # GB/T 4754-2017 division 33: manufacture of metal products (金属制品业)
DATA = {
    "gbt4754_division": DIVISION,
    "area": "key_process",
    "title": "Welding parameters not controlled",
    "description": "None of the welders records current and speed.",
    "measure_kind": "training",
    "measure_title": "Shared welding process-control training day",
    "starts_on": dt.date(2026, 3, 1),
    "due_on": dt.date(2026, 4, 30),
}


def put_in_division(world, division: str = DIVISION) -> None:
    Enterprise.objects.filter(pk__in=[world.a1.pk, world.a2.pk, world.b1.pk]).update(
        gbt4754_division=division
    )
    for enterprise in (world.a1, world.a2, world.b1):
        enterprise.refresh_from_db()


def add_issue(world, enterprise, area: str, title: str = "An issue") -> AssistanceIssue:
    entry = world.entry(enterprise)
    diagnosis = Diagnosis.objects.filter(ledger_entry=entry).first()
    if diagnosis is None:
        diagnosis = Diagnosis.objects.create(
            ledger_entry=entry,
            enterprise=enterprise,
            cb=entry.cb,
            program=entry.program,
            held_on=dt.date(2026, 2, 10),
        )
    return AssistanceIssue.objects.create(
        diagnosis=diagnosis,
        enterprise=enterprise,
        cb=entry.cb,
        program=entry.program,
        title=title,
        area=area,
    )


def add_plan(world, enterprise, status: str = "draft") -> Plan:
    entry = world.entry(enterprise)
    return Plan.objects.create(
        ledger_entry=entry,
        enterprise=enterprise,
        cb=entry.cb,
        program=entry.program,
        title=f"Plan of {enterprise.name}",
        status=status,
    )


@pytest.fixture
def shared(world):
    """key_process issues at a1 (two), a2 and b1; a goals issue at a1 only."""
    put_in_division(world)
    add_issue(world, world.a1, "key_process", "No welding records")
    add_issue(world, world.a1, "key_process", "No first-piece check")
    add_issue(world, world.a2, "key_process", "Welding current guessed")
    add_issue(world, world.b1, "key_process", "No process cards")
    add_issue(world, world.a1, "goals", "No quality objectives")
    return world


def test_office_sees_one_group_of_three_enterprises(shared):
    world = shared
    groups = common_problems(world.program, world.users["po_admin"])
    # Hand count: key_process is shared by a1, a2, b1 (4 issues); goals only by a1 (below 2).
    assert len(groups) == 1
    group = groups[0]
    assert (group.division, group.area) == (DIVISION, "key_process")
    assert sorted(group.enterprise_ids) == sorted([world.a1.pk, world.a2.pk, world.b1.pk])
    assert group.issue_count == 4
    assert group.division_label == "Manufacture of metal products"
    assert group.area_label == "Key process control"


def test_cb_a_expert_sees_only_its_own_enterprises(shared):
    world = shared
    groups = common_problems(world.program, world.users["cba_expert"])
    assert len(groups) == 1
    assert sorted(groups[0].enterprise_ids) == sorted([world.a1.pk, world.a2.pk])
    assert groups[0].issue_count == 3


def test_cb_b_admin_sees_only_its_own_enterprise(shared):
    world = shared
    assert common_problems(world.program, world.users["cbb_admin"]) == []
    alone = common_problems(world.program, world.users["cbb_admin"], min_enterprises=1)
    assert [g.enterprise_ids for g in alone] == [[world.b1.pk]]


def test_grouping_ignores_enterprises_without_division_and_other_programs(world):
    add_issue(world, world.a1, "key_process")
    add_issue(world, world.a2, "key_process")
    assert common_problems(world.program, world.users["po_admin"]) == []
    assert common_problems(world.program2, world.users["po2_admin"]) == []


def test_grouping_counts_in_a_fixed_number_of_queries(shared, django_assert_max_num_queries):
    world = shared
    user = world.users["po_admin"]
    common_problems(world.program, user)  # warms the user's scope cache
    with django_assert_max_num_queries(3):
        common_problems(world.program, user)


def test_cb_expert_creates_a_common_issue_and_draft_plans_get_the_measure(shared):
    world = shared
    plan_a1 = add_plan(world, world.a1, "agreed")  # attached whatever the plan status
    issue = common_issue_create(
        actor=world.users["cba_expert"],
        program=world.program,
        data=DATA,
        enterprises=[world.a1, world.a2],
    )
    assert issue.created_by_org == world.cb_a
    assert set(issue.enterprises.all()) == {world.a1, world.a2}
    measure = Measure.objects.get(common_issue=issue)
    assert measure.plan == plan_a1  # a2 has no plan yet
    assert (measure.enterprise, measure.cb, measure.program) == (
        world.a1,
        world.cb_a,
        world.program,
    )
    assert measure.kind == "training"
    assert measure.title == DATA["measure_title"]
    assert (measure.starts_on, measure.due_on) == (DATA["starts_on"], DATA["due_on"])
    assert measure.cb_owner is None
    assert measure.status == "planned"
    assert AuditEvent.objects.filter(verb="common_issue.create", target_id=str(issue.pk)).exists()
    assert AuditEvent.objects.filter(verb="measure.create", target_id=str(measure.pk)).exists()


def test_attach_reaches_new_plans_once(shared):
    world = shared
    add_plan(world, world.a1)
    issue = common_issue_create(
        actor=world.users["cba_admin"],
        program=world.program,
        data=DATA,
        enterprises=[world.a1, world.a2],
    )
    assert issue.measures.count() == 1
    add_plan(world, world.a2)
    assert common_issue_attach(actor=world.users["cba_expert"], common_issue=issue) == 1
    assert common_issue_attach(actor=world.users["cba_expert"], common_issue=issue) == 0
    assert issue.measures.count() == 2
    assert set(issue.measures.values_list("enterprise_id", flat=True)) == {
        world.a1.pk,
        world.a2.pk,
    }


def test_office_names_a_problem_across_cbs(shared):
    world = shared
    for enterprise in (world.a1, world.b1):
        add_plan(world, enterprise)
    issue = common_issue_create(
        actor=world.users["po_admin"],
        program=world.program,
        data=DATA,
        enterprises=[world.a1, world.a2, world.b1],
    )
    assert issue.created_by_org == world.office
    assert issue.measures.count() == 2
    assert set(issue.measures.values_list("cb_id", flat=True)) == {world.cb_a.pk, world.cb_b.pk}


def test_cb_cannot_name_another_cbs_enterprise(shared):
    world = shared
    with pytest.raises(ValidationError) as exc:
        common_issue_create(
            actor=world.users["cba_admin"],
            program=world.program,
            data=DATA,
            enterprises=[world.a1, world.b1],
        )
    assert "enterprises" in exc.value.message_dict
    assert not CommonIssue.objects.exists()


def test_bad_dates_and_division_are_refused(shared):
    world = shared
    bad = {**DATA, "gbt4754_division": "00", "due_on": dt.date(2026, 2, 1)}
    with pytest.raises(ValidationError) as exc:
        common_issue_create(
            actor=world.users["po_admin"], program=world.program, data=bad, enterprises=[world.a1]
        )
    assert set(exc.value.message_dict) == {"gbt4754_division", "due_on"}
    with pytest.raises(ValidationError) as exc:
        common_issue_create(
            actor=world.users["po_admin"], program=world.program, data=DATA, enterprises=[]
        )
    assert "enterprises" in exc.value.message_dict
    assert not CommonIssue.objects.exists()


@pytest.mark.parametrize("username", ["po_viewer", "cba_auditor1", "a1_admin", "po2_admin"])
def test_read_only_and_outside_roles_cannot_create(shared, username):
    world = shared
    with pytest.raises(PermissionDenied):
        common_issue_create(
            actor=world.users[username],
            program=world.program,
            data=DATA,
            enterprises=[world.a1],
        )


def test_other_cb_cannot_attach_a_cbs_problem(shared):
    world = shared
    issue = common_issue_create(
        actor=world.users["cba_admin"], program=world.program, data=DATA, enterprises=[world.a1]
    )
    with pytest.raises(PermissionDenied):
        common_issue_attach(actor=world.users["cbb_admin"], common_issue=issue)
    assert common_issue_attach(actor=world.users["po_admin"], common_issue=issue) == 0


# Pages


def test_office_sees_groups_page_with_create_link(shared):
    world = shared
    response = world.client("po_admin").get(
        reverse("assistance:common-list", kwargs={"pk": world.program.pk})
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Manufacture of metal products" in body
    assert "Create a group measure" in body
    assert world.a1.name in body and world.b1.name in body


def test_viewer_sees_groups_without_create_button(shared):
    world = shared
    client = world.client("po_viewer")
    response = client.get(reverse("assistance:common-list", kwargs={"pk": world.program.pk}))
    assert response.status_code == 200
    assert "Create a group measure" not in response.content.decode()
    create = reverse("assistance:common-create", kwargs={"pk": world.program.pk})
    assert client.get(create).status_code == 403


def test_list_filters_by_area(shared):
    world = shared
    url = reverse("assistance:common-list", kwargs={"pk": world.program.pk})
    response = world.client("po_admin").get(url, {"area": "goals"})
    assert (
        "Manufacture of metal products"
        not in response.content.decode().split('id="common-groups"')[1]
    )


def test_create_form_prefills_the_group(shared):
    world = shared
    url = reverse("assistance:common-create", kwargs={"pk": world.program.pk})
    response = world.client("cba_expert").get(url, {"division": DIVISION, "area": "key_process"})
    assert response.status_code == 200
    form = response.context["form"]
    assert sorted(form.initial["enterprises"]) == sorted([world.a1.pk, world.a2.pk])
    assert world.b1.name not in response.content.decode()


def test_expert_creates_through_the_form_and_sees_the_detail(shared):
    world = shared
    plan = add_plan(world, world.a1)
    client = world.client("cba_expert")
    url = reverse("assistance:common-create", kwargs={"pk": world.program.pk})
    post = {**DATA, "enterprises": [world.a1.pk, world.a2.pk]}
    response = client.post(url, post)
    issue = CommonIssue.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("assistance:common-detail", kwargs={"pk": issue.pk})
    detail = client.get(response["Location"])
    body = detail.content.decode()
    assert DATA["measure_title"] in body
    assert plan.title in body
    assert "Attach to new plans" in body


def test_form_shows_service_errors_inline(shared):
    world = shared
    client = world.client("cba_admin")
    url = reverse("assistance:common-create", kwargs={"pk": world.program.pk})
    response = client.post(url, {**DATA, "due_on": "2026-01-01", "enterprises": [world.a1.pk]})
    assert response.status_code == 200
    assert "cannot be before the start" in response.content.decode()
    assert not CommonIssue.objects.exists()


def test_detail_hides_other_cbs_enterprises(shared):
    world = shared
    issue = common_issue_create(
        actor=world.users["po_admin"],
        program=world.program,
        data=DATA,
        enterprises=[world.a1, world.b1],
    )
    response = world.client("cbb_admin").get(
        reverse("assistance:common-detail", kwargs={"pk": issue.pk})
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert world.b1.name in body
    assert world.a1.name not in body
    assert "Attach to new plans" not in body  # the office named it


def test_attach_button_adds_measures(shared):
    world = shared
    issue = common_issue_create(
        actor=world.users["cba_admin"], program=world.program, data=DATA, enterprises=[world.a2]
    )
    add_plan(world, world.a2)
    url = reverse("assistance:common-attach", kwargs={"pk": issue.pk})
    assert world.client("cbb_admin").post(url).status_code == 403
    response = world.client("cba_expert").post(url)
    assert response.status_code == 302
    assert issue.measures.count() == 1


# API


def test_api_groups(shared):
    world = shared
    client = world.client("po_viewer")
    response = client.get("/api/v1/common-issues/groups/", {"program": world.program.pk})
    assert response.status_code == 200
    assert response.json() == [
        {
            "division": DIVISION,
            "area": "key_process",
            "enterprises": sorted([world.a1.pk, world.a2.pk, world.b1.pk]),
            "issue_count": 4,
        }
    ]


def test_api_groups_bad_and_foreign_program(shared):
    world = shared
    client = world.client("cba_admin")
    assert client.get("/api/v1/common-issues/groups/").status_code == 400
    bad = client.get("/api/v1/common-issues/groups/", {"program": "x"})
    assert bad.status_code == 400 and "program" in bad.json()["fields"]
    foreign = client.get("/api/v1/common-issues/groups/", {"program": world.program2.pk})
    assert foreign.status_code == 404


def test_api_create_list_retrieve(shared):
    world = shared
    add_plan(world, world.a1)
    client = world.client("cba_expert")
    body = {
        **{k: str(v) if isinstance(v, dt.date) else v for k, v in DATA.items()},
        "program": world.program.pk,
        "enterprises": [world.a1.pk, world.a2.pk],
    }
    response = client.post("/api/v1/common-issues/", body, content_type="application/json")
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["measure_count"] == 1
    assert created["enterprises"] == sorted([world.a1.pk, world.a2.pk])
    listed = client.get("/api/v1/common-issues/", {"program": world.program.pk}).json()
    assert [row["id"] for row in listed["results"]] == [created["id"]]
    # CB B sees the problem (same program) but not CB A's enterprises.
    other = world.client("cbb_admin").get(f"/api/v1/common-issues/{created['id']}/")
    assert other.status_code == 200
    assert other.json()["enterprises"] == []


def test_api_create_refuses_enterprise_outside_reach(shared):
    world = shared
    body = {
        **{k: str(v) if isinstance(v, dt.date) else v for k, v in DATA.items()},
        "program": world.program.pk,
        "enterprises": [world.b1.pk],
    }
    response = world.client("cba_admin").post(
        "/api/v1/common-issues/", body, content_type="application/json"
    )
    assert response.status_code == 400
    assert "enterprises" in response.json()["fields"]
    viewer = world.client("po_viewer").post(
        "/api/v1/common-issues/", body, content_type="application/json"
    )
    assert viewer.status_code == 403
    assert not CommonIssue.objects.exists()


def test_office_reads_groups_in_chinese(shared):
    world = shared
    url = reverse("assistance:common-list", kwargs={"pk": world.program.pk})
    response = world.client("po_admin").get(url, headers={"accept-language": "zh-hans"})
    assert response.status_code == 200
    assert "金属制品业" in response.content.decode()  # GB/T 4754 division 33 in Chinese
