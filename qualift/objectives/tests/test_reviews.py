"""Management review (ISO 9001 9.3, issue 5 §5): the automatic pack on a fixture with known
counts (every expected number below is counted by hand from the fixture), outputs that become
actions in the action list, outcome and closing, leadership commitments, the PDF in both
languages, the pages and /api/v1/management-reviews/ with who may do what."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from qualift.api.tests.helpers import last_event
from qualift.improvement.models import (
    Complaint,
    CorrectiveAction,
    InternalAudit,
    InternalAuditAnswer,
    Nonconformity,
)
from qualift.objectives.models import (
    Employee,
    LeadershipCommitment,
    ManagementReview,
    Objective,
    ObjectiveMeasurement,
    Suggestion,
)
from qualift.objectives.review_pack import SECTIONS, present, review_pack
from qualift.objectives.services.policy import policy_approve, policy_draft
from qualift.objectives.services.reviews import (
    commitment_create,
    commitment_mark,
    commitment_update,
    review_close,
    review_create,
    review_generate_pack,
    review_output_add,
    review_record_outcome,
    review_update,
)
from qualift.process.models import Gauge
from qualift.standards.models import ChecklistQuestion, ChecklistTemplate, Clause

pytestmark = pytest.mark.django_db

START, END, TODAY = dt.date(2024, 1, 1), dt.date(2024, 12, 31), dt.date(2025, 1, 15)
URL = "/api/v1/management-reviews/"


def _plan(world, enterprise=None, **extra) -> ManagementReview:
    data = {
        "title": "Annual management review 2024",
        "held_on": dt.date(2025, 1, 20),
        "period_start": START,
        "period_end": END,
        "chaired_by": "Wang Li, general manager",
        **extra,
    }
    return review_create(actor=None, enterprise=enterprise or world.a1, data=data)


def _nc(enterprise, number, detected_on, severity="minor", status="analysing", closed=None):
    # Test data only: the counts read stored rows, whatever service wrote them.
    return Nonconformity.objects.create(
        enterprise=enterprise,
        number=number,
        title=f"NC {number}",
        description="x",
        source="inspection",
        detected_on=detected_on,
        severity=severity,
        status=status,
        closed_at=closed,
    )


def _objective(enterprise, name, **kw) -> Objective:
    return Objective.objects.create(
        enterprise=enterprise,
        level="enterprise",
        name=name,
        unit="%",
        direction="up",
        target=Decimal("95"),
        frequency="monthly",
        source="manual",
        starts_on=dt.date(2024, 1, 1),
        **kw,
    )


def _measure(objective, month, value, attainment):
    start = dt.date(2024, month, 1)
    end = (start.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
    return ObjectiveMeasurement.objects.create(
        enterprise=objective.enterprise,
        objective=objective,
        period_start=start,
        period_end=end,
        value=Decimal(value),
        attainment=attainment,
        origin="manual",
    )


@pytest.fixture
def a1_records(world):
    """A year of quality records for A1 (period 2024), plus records outside it and in A2."""
    e = world.a1
    tz = timezone.get_current_timezone()
    _nc(e, "NC-1", dt.date(2024, 3, 1), severity="major")  # opened, open, a known risk
    _nc(e, "NC-2", dt.date(2024, 5, 1), status="closed",
        closed=dt.datetime(2024, 6, 1, 10, tzinfo=tz))  # fmt: skip
    _nc(e, "NC-3", dt.date(2024, 7, 1), severity="critical", status="cancelled")  # not counted
    _nc(e, "NC-4", dt.date(2023, 12, 1), severity="critical")  # before: open, a known risk
    _nc(world.a2, "NC-X", dt.date(2024, 3, 1), severity="major")  # another enterprise
    CorrectiveAction.objects.create(
        enterprise=e, kind="corrective", title="Overdue fix", owner_name="Li", due_on=TODAY
        - dt.timedelta(days=10)
    )  # fmt: skip
    CorrectiveAction.objects.create(
        enterprise=e, kind="corrective", title="Done fix", owner_name="Li",
        due_on=dt.date(2024, 8, 1), status="done", completed_on=dt.date(2024, 7, 20),
    )  # fmt: skip
    for number, day, severity in (
        ("C-1", dt.date(2024, 2, 1), "high"),
        ("C-2", dt.date(2024, 9, 1), "low"),
        ("C-3", dt.date(2023, 9, 1), "high"),  # before the period
    ):
        Complaint.objects.create(
            enterprise=e, number=number, customer="Acme", received_on=day, description="x",
            severity=severity, status="open",
        )  # fmt: skip
    template = ChecklistTemplate.objects.create(
        name_en="Mini", name_zh="小表", owner=e.organization, purpose="internal"
    )
    for position, number in enumerate(("4.1", "7.5", "10.2"), start=1):
        ChecklistQuestion.objects.create(
            template=template,
            clause=Clause.objects.get(number=number),
            focus_area="goals",
            text_en=f"Question {position}?",
            text_zh=f"问题{position}？",
            position=position,
        )
    audit = InternalAudit.objects.create(
        enterprise=e, title="IA 2024", template=template, planned_on=dt.date(2024, 10, 1),
        performed_on=dt.date(2024, 10, 2), auditors="Zhao", status="completed",
    )  # fmt: skip
    questions = list(template.questions.order_by("position")[:3])
    for question, result in zip(questions, ("minor_nc", "ofi", "conform"), strict=True):
        InternalAuditAnswer.objects.create(
            audit=audit, enterprise=e, question=question, result=result
        )
    good = _objective(e, "First pass yield")
    _measure(good, 11, "93", "missed")
    _measure(good, 12, "96", "on_track")  # the last one in the period counts: on track
    bad = _objective(e, "On-time delivery")
    _measure(bad, 12, "80", "missed")
    _objective(e, "Complaints answered in 2 days")  # no measurement: no data
    _objective(e, "Old objective", is_active=False)  # inactive: not counted
    LeadershipCommitment.objects.create(
        enterprise=e, leader_name="Wang Li", commitment="Join the March meeting",
        due_on=dt.date(2024, 3, 5), status="kept", evidence="Minutes",
    )  # fmt: skip
    LeadershipCommitment.objects.create(
        enterprise=e, leader_name="Wang Li", commitment="Walk the shop floor",
        due_on=dt.date(2024, 11, 5),
    )  # fmt: skip
    for number, status, day in (
        ("S-1", "submitted", dt.date(2024, 4, 1)),
        ("S-2", "accepted", dt.date(2024, 5, 1)),
        ("S-3", "declined", dt.date(2023, 5, 1)),  # before the period
    ):
        Suggestion.objects.create(
            enterprise=e, number=number, title=number, description="x", submitted_on=day,
            status=status,
        )  # fmt: skip
    Gauge.objects.create(
        enterprise=e, code="G-1", name="Caliper", calibration_due=dt.date(2024, 12, 1)
    )
    Gauge.objects.create(
        enterprise=e, code="G-2", name="Micrometer", calibration_due=dt.date(2025, 6, 1)
    )
    Employee.objects.create(enterprise=e, name="Zhang San")
    Employee.objects.create(enterprise=e, name="Left Already", is_active=False)
    policy = policy_draft(actor=None, enterprise=e, text="Right first time.")
    policy_approve(actor=None, policy=policy, approved_by_name="Wang Li", meaning="Issued")
    return world


# The pack ---------------------------------------------------------------------------------------


def test_pack_counts_match_the_hand_counted_fixture(a1_records):
    world = a1_records
    pack = review_pack(world.a1, START, END, TODAY)
    assert tuple(pack) == SECTIONS
    json.dumps(pack)  # JSON-safe as stored

    nc = pack["nonconformities"]
    # NC-1 and NC-2 were detected in 2024 (NC-3 is cancelled, NC-4 is from 2023, NC-X is A2's).
    assert nc["opened"] == 2 and nc["opened_by_severity"] == {"minor": 1, "major": 1, "critical": 0}
    assert nc["closed"] == 1  # NC-2
    assert nc["open"] == 2  # NC-1 and NC-4
    assert (nc["actions_completed"], nc["actions_open"], nc["actions_overdue"]) == (1, 1, 1)
    assert nc["overdue_items"][0]["title"] == "Overdue fix"

    assert pack["complaints"]["received"] == 2
    assert pack["complaints"]["by_severity"] == {"low": 1, "medium": 0, "high": 1}
    assert pack["complaints"]["satisfaction"] == "not_recorded"

    assert pack["audits"]["performed"] == 1
    assert pack["audits"]["findings"] == {"major_nc": 0, "minor_nc": 1, "observation": 0, "ofi": 1}
    assert pack["audits"]["items"][0]["findings"] == 2

    obj = pack["objectives"]
    assert obj["active"] == 3
    assert (obj["on_track"], obj["at_risk"], obj["missed"], obj["no_data"]) == (1, 0, 1, 1)
    assert [m["name"] for m in obj["missed_items"]] == ["On-time delivery"]
    assert obj["missed_items"][0]["value"] == "80" and obj["missed_items"][0]["target"] == "95"

    risks = pack["risks"]
    assert risks["register"] == "none" and risks["known_risks"] == 2
    assert {r["number"] for r in risks["items"]} == {"NC-1", "NC-4"}

    assert pack["commitments"]["due"] == 2
    assert (pack["commitments"]["kept"], pack["commitments"]["planned"]) == (1, 1)
    assert pack["commitments"]["overdue"] == 1

    sug = pack["suggestions"]
    assert sug["submitted"] == 2 and sug["by_status"]["accepted"] == 1
    assert sug["open"] == 1  # S-1 waits for evaluation

    res = pack["resources"]
    assert (res["employees"], res["gauges"], res["gauges_overdue"]) == (1, 2, 1)
    assert res["gauges_overdue_items"][0]["code"] == "G-1"

    assert pack["policy"]["in_force"]["version"] == 1
    assert pack["policy"]["draft_open"] is False
    assert pack["previous_actions"]["review"] is None


def test_pack_of_another_enterprise_sees_none_of_a1s_records(a1_records):
    pack = review_pack(a1_records.a2, START, END, TODAY)
    assert pack["nonconformities"]["opened"] == 1  # NC-X only
    assert pack["complaints"]["received"] == 0 and pack["objectives"]["active"] == 0


def test_presenting_an_empty_pack_and_a_full_one(a1_records):
    assert all(not s["has_data"] for s in present({}))
    sections = present(review_pack(a1_records.a1, START, END, TODAY), {"risks": "Watch NC-4"})
    risks = next(s for s in sections if s["key"] == "risks")
    assert risks["note"] == "Watch NC-4" and len(risks["table"]["rows"]) == 2


# Services ---------------------------------------------------------------------------------------


def test_steward_plans_a_review_with_participants_and_one_event(world):
    steward = world.users["a1_steward"]
    zhang = Employee.objects.create(enterprise=world.a1, name="Zhang San")
    review = review_create(
        actor=steward,
        enterprise=world.a1,
        data={
            "title": " Review 2024 ",
            "held_on": dt.date(2025, 1, 20),
            "period_start": START,
            "period_end": END,
            "participants": [zhang],
        },
    )
    assert review.title == "Review 2024" and review.status == "planned"
    assert list(review.participants.all()) == [zhang]
    event = last_event("management_review.create")
    assert event.actor == steward and event.after["participants"] == [zhang.pk]
    assert "pack" not in event.after


def test_bad_plans_are_refused_and_nothing_is_saved(world):
    outsider = Employee.objects.create(enterprise=world.a2, name="Not ours")
    with pytest.raises(ValidationError) as exc:
        _plan(world, period_start=END, period_end=START)
    assert "period_end" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        _plan(world, participants=[outsider])
    assert "participants" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        _plan(world, title="  ")
    assert "title" in exc.value.message_dict
    assert not ManagementReview.objects.exists()


def test_staff_and_other_tenants_may_not_hold_reviews(world):
    with pytest.raises(PermissionDenied):
        review_create(actor=world.users["a1_staff"], enterprise=world.a1, data={})
    with pytest.raises(PermissionDenied):
        review_create(actor=world.users["a2_admin"], enterprise=world.a1, data={})


def test_action_output_becomes_an_improvement_action_in_the_action_list(world):
    review = _plan(world)
    owner = Employee.objects.create(enterprise=world.a1, name="Chen Jing", email="chen@example.cn")
    output = review_output_add(
        actor=world.users["a1_admin"],
        review=review,
        data={
            "kind": "improvement",
            "text": "Add a final inspection step for exports",
            "owner": owner,
            "due_on": dt.date(2025, 3, 31),
        },
    )
    action = output.action
    assert action is not None and action.kind == "improvement"
    assert (action.title, action.owner_name, action.due_on) == (
        "Add a final inspection step for exports",
        "Chen Jing",
        dt.date(2025, 3, 31),
    )
    assert action.owner_email == "chen@example.cn" and action.enterprise_id == world.a1.pk
    assert last_event("management_review.output").after["action_id"] == action.pk
    page = world.client("a1_steward").get(reverse("improvement:action-list", args=[world.a1.pk]))
    assert page.status_code == 200
    assert "Add a final inspection step for exports" in page.content.decode()


def test_action_outputs_need_an_owner_and_a_date_decisions_do_not(world):
    review = _plan(world)
    with pytest.raises(ValidationError) as exc:
        review_output_add(actor=None, review=review, data={"kind": "resource", "text": "Buy"})
    assert {"owner_name", "due_on"} <= set(exc.value.message_dict)
    assert not CorrectiveAction.objects.exists()
    decision = review_output_add(
        actor=None, review=review, data={"kind": "decision", "text": "The QMS is effective."}
    )
    assert decision.action is None


def test_outcome_then_close_and_a_closed_review_never_changes(world):
    review = _plan(world)
    with pytest.raises(ValidationError):
        review_close(actor=None, review=review)  # not held yet
    with pytest.raises(ValidationError) as exc:
        review_record_outcome(actor=None, review=review, conclusion="ok", input_notes={"x": "y"})
    assert "input_notes" in exc.value.message_dict
    review = review_record_outcome(
        actor=world.users["a1_steward"],
        review=review,
        conclusion="Suitable, adequate and effective.",
        input_notes={"risks": "  Watch NC-4 ", "audits": ""},
    )
    assert review.status == "held" and review.input_notes == {"risks": "Watch NC-4"}
    review = review_close(actor=None, review=review)
    assert review.status == "closed"
    for call in (
        lambda: review_update(actor=None, review=review, data={"title": "New"}),
        lambda: review_generate_pack(actor=None, review=review, today=TODAY),
        lambda: review_output_add(
            actor=None, review=review, data={"kind": "decision", "text": "x"}
        ),
    ):
        with pytest.raises(ValidationError):
            call()


def test_the_next_review_follows_up_the_previous_reviews_actions(world):
    first = _plan(world, held_on=dt.date(2024, 1, 20), period_start=dt.date(2023, 1, 1),
                  period_end=dt.date(2023, 12, 31))  # fmt: skip
    review_output_add(
        actor=None,
        review=first,
        data={
            "kind": "qms_change",
            "text": "Revise the NC procedure",
            "owner_name": "Li",
            "due_on": dt.date(2024, 6, 30),
        },  # fmt: skip
    )
    review_record_outcome(actor=None, review=first, conclusion="Effective.", input_notes={})
    second = _plan(world)
    assert second.previous_id == first.pk
    second = review_generate_pack(actor=world.users["a1_admin"], review=second, today=TODAY)
    prev = second.pack["previous_actions"]
    assert prev["review"]["id"] == first.pk
    assert (prev["outputs"], prev["actions"], prev["open"], prev["overdue"]) == (1, 1, 1, 1)
    assert prev["items"][0]["text"] == "Revise the NC procedure"
    assert second.pack_generated_at is not None
    assert last_event("management_review.pack").after["as_of"] == "2025-01-15"


def test_commitments_are_created_marked_with_evidence_and_kept_in_the_enterprise(world):
    gm = Employee.objects.create(enterprise=world.a1, name="Wang Li")
    c = commitment_create(
        actor=world.users["a1_steward"],
        enterprise=world.a1,
        data={
            "leader": gm,
            "commitment": "Join the monthly quality meeting",
            "due_on": dt.date(2025, 3, 5),
        },  # fmt: skip
    )
    assert c.leader_name == "Wang Li" and c.status == "planned"
    with pytest.raises(ValidationError) as exc:
        commitment_mark(actor=None, commitment=c, status="kept", evidence=" ")
    assert "evidence" in exc.value.message_dict
    c = commitment_mark(actor=None, commitment=c, status="kept", evidence="Minutes of 5 March")
    assert c.status == "kept"
    assert last_event("leadership_commitment.mark").before["status"] == "planned"
    outsider = Employee.objects.create(enterprise=world.a2, name="Not ours")
    with pytest.raises(ValidationError) as exc:
        commitment_update(actor=None, commitment=c, data={"leader": outsider})
    assert "leader" in exc.value.message_dict
    with pytest.raises(PermissionDenied):
        commitment_mark(actor=world.users["a1_staff"], commitment=c, status="missed", evidence="x")


# PDF --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang,heading", [("en", "Conclusion"), ("zh-hans", "结论")])
def test_review_pdf_renders_in_both_languages(a1_records, lang, heading):
    world = a1_records
    review = _plan(world)
    review_generate_pack(actor=None, review=review, today=TODAY)
    response = world.client("a1_staff").get(
        reverse("objectives:review-pdf", args=[review.pk]), {"lang": lang}
    )
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", "-", "-"], input=response.content, capture_output=True, check=True
        ).stdout.decode()
        assert heading in text and "NC-4" in text


# Pages ------------------------------------------------------------------------------------------


def test_steward_plans_gathers_and_records_through_the_pages(a1_records):
    world = a1_records
    client = world.client("a1_steward")
    response = client.post(
        reverse("objectives:review-create", args=[world.a1.pk]),
        {
            "title": "Review 2024",
            "held_on": "2025-01-20",
            "period_start": "2024-01-01",
            "period_end": "2024-12-31",
            "chaired_by": "Wang Li",
        },  # fmt: skip
    )
    review = ManagementReview.objects.get(enterprise=world.a1)
    assert response.status_code == 302
    assert client.post(reverse("objectives:review-pack", args=[review.pk])).status_code == 302
    page = client.get(reverse("objectives:review-detail", args=[review.pk])).content.decode()
    assert "On-time delivery" in page and "attainment-chart" in page
    response = client.post(
        reverse("objectives:review-output-create", args=[review.pk]),
        {"kind": "improvement", "text": "Train packers", "owner_name": "Li", "due_on": ""},
    )
    assert response.status_code == 200 and "due date" in response.content.decode()
    response = client.post(
        reverse("objectives:review-outcome", args=[review.pk]),
        {"conclusion": "Effective.", "note_risks": "NC-4 first"},
    )
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.status == "held" and review.input_notes == {"risks": "NC-4 first"}
    listing = client.get(reverse("objectives:review-list", args=[world.a1.pk])).content.decode()
    assert "Review 2024" in listing and "Walk the shop floor" in listing  # overdue commitment


def test_commitment_pages_create_and_mark(world):
    client = world.client("a1_admin")
    response = client.post(
        reverse("objectives:commitment-create", args=[world.a1.pk]),
        {"leader_name": "Wang Li", "commitment": "Join the meeting", "due_on": "2025-03-05"},
    )
    assert response.status_code == 302
    c = LeadershipCommitment.objects.get()
    response = client.post(
        reverse("objectives:commitment-edit", args=[c.pk]),
        {"mark-status": "missed", "mark-evidence": ""},
    )
    assert response.status_code == 200 and "why it was missed" in response.content.decode()
    client.post(
        reverse("objectives:commitment-edit", args=[c.pk]),
        {"mark-status": "missed", "mark-evidence": "Travelling"},
    )
    c.refresh_from_db()
    assert (c.status, c.evidence) == ("missed", "Travelling")


# API --------------------------------------------------------------------------------------------


@pytest.fixture
def api(world):
    def make(username: str) -> APIClient:
        client = APIClient()
        client.force_authenticate(world.users[username])
        return client

    return make


def test_api_plans_gathers_adds_an_action_and_records_the_outcome(a1_records, api):
    world = a1_records
    client = api("a1_steward")
    response = client.post(
        URL,
        {
            "enterprise": world.a1.pk,
            "title": "API review",
            "held_on": "2025-01-20",
            "period_start": "2024-01-01",
            "period_end": "2024-12-31",
        },  # fmt: skip
        format="json",
    )
    assert response.status_code == 201, response.json()
    pk = response.json()["id"]
    response = client.post(f"{URL}{pk}/pack/")
    assert response.status_code == 200
    assert response.json()["pack"]["nonconformities"]["opened"] == 2
    response = client.post(
        f"{URL}{pk}/outputs/",
        {
            "kind": "resource",
            "text": "Buy a second caliper",
            "owner_name": "Li",
            "due_on": "2025-02-28",
        },  # fmt: skip
        format="json",
    )
    assert response.status_code == 201
    output = response.json()["outputs"][0]
    assert output["action"] and output["action_status"] == "open"
    response = client.patch(
        f"{URL}{pk}/", {"conclusion": "Effective.", "input_notes": {"risks": "ok"}}, format="json"
    )
    assert response.status_code == 200 and response.json()["status"] == "held"
    listing = client.get(URL, {"enterprise": world.a1.pk}).json()
    assert [r["id"] for r in listing["results"]] == [pk] and "pack" not in listing["results"][0]


def test_api_errors_are_400_403_404_json(world, api):
    review = _plan(world)
    bad = api("a1_steward").post(
        f"{URL}{review.pk}/outputs/", {"kind": "improvement", "text": "x"}, format="json"
    )
    assert bad.status_code == 400 and "due_on" in bad.json()["fields"]
    bad = api("a1_steward").post(
        URL,
        {
            "enterprise": world.a1.pk,
            "title": "x",
            "held_on": "2025-01-20",
            "period_start": "2024-12-31",
            "period_end": "2024-01-01",
        },  # fmt: skip
        format="json",
    )
    assert bad.status_code == 400 and "period_end" in bad.json()["fields"]
    assert api("a1_staff").patch(f"{URL}{review.pk}/", {}, format="json").status_code == 403
    assert api("b1_admin").get(f"{URL}{review.pk}/").status_code == 404
    assert api("b1_admin").post(f"{URL}{review.pk}/pack/").status_code == 404
