"""The quality policy (ISO 9001 5.2, issue 5 §2): one open draft, approval by top management
supersedes the version in force, approved text never changes, communication records; the pages
and /api/v1/quality-policies/, including who may do what and another tenant's 404."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from qualift.api.tests.helpers import assert_error, last_event, results
from qualift.core.audit import verify_chain
from qualift.core.models import AuditEvent
from qualift.objectives.models import Employee, PolicyCommunication, QualityPolicy
from qualift.objectives.selectors_policy import STARTER_TEXTS, text_diff
from qualift.objectives.services.policy import policy_approve, policy_communicate, policy_draft

pytestmark = pytest.mark.django_db

URL = "/api/v1/quality-policies/"
TEXT = "We deliver parts right first time and on time.\nEveryone checks their own work."


def _approved(world, enterprise=None, text=TEXT, name="Wang Li, general manager"):
    """A version approved at the command line (no signed-in user)."""
    draft = policy_draft(actor=None, enterprise=enterprise or world.a1, text=text)
    return policy_approve(actor=None, policy=draft, approved_by_name=name, meaning="Issued")


def _employee(enterprise, name: str) -> Employee:
    # Test data only: the organisation feature's services are not needed to hold a name.
    return Employee.objects.create(enterprise=enterprise, name=name)


@pytest.fixture
def api(world):
    def make(username: str | None) -> APIClient:
        client = APIClient()
        if username:
            client.force_authenticate(world.users[username])
        return client

    return make


# Services ---------------------------------------------------------------------------------------


def test_steward_drafts_version_1_then_edits_the_same_open_draft(world):
    steward = world.users["a1_steward"]
    first = policy_draft(actor=steward, enterprise=world.a1, text="  Right first time.  ")
    assert (first.version, first.status, first.text) == (1, "draft", "Right first time.")
    event = last_event("quality_policy.draft")
    assert event.actor == steward and event.enterprise_id == world.a1.pk
    assert event.after["version"] == 1 and event.after["text"] == "Right first time."

    again = policy_draft(
        actor=steward, enterprise=world.a1, text="Right first time, on time.", change_summary="x"
    )
    assert again.pk == first.pk and again.version == 1
    assert QualityPolicy.objects.filter(enterprise=world.a1).count() == 1
    update = last_event("quality_policy.draft_update")
    assert update.before["text"] == "Right first time."
    assert update.after["text"] == "Right first time, on time."


def test_saving_the_draft_unchanged_writes_no_event(world):
    policy_draft(actor=None, enterprise=world.a1, text=TEXT)
    count = AuditEvent.objects.count()
    policy_draft(actor=None, enterprise=world.a1, text=TEXT)
    assert AuditEvent.objects.count() == count


def test_admin_approval_puts_the_draft_in_force_and_supersedes_the_previous_version(world):
    admin = world.users["a1_admin"]
    v1 = _approved(world)
    assert v1.status == "approved" and v1.approved_by is None  # approved at the command line
    v2 = policy_draft(
        actor=world.users["a1_steward"],
        enterprise=world.a1,
        text=TEXT + "\nWe listen to our people.",
        change_summary="Added listening to employees.",
    )
    assert v2.version == 2
    approved = policy_approve(
        actor=admin, policy=v2, approved_by_name="Wang Li, general manager", meaning="Issued"
    )
    v1.refresh_from_db()
    assert v1.status == "superseded" and approved.status == "approved"
    assert approved.approved_by == admin and approved.approved_by_name == "Wang Li, general manager"
    assert approved.approval_meaning == "Issued"
    assert abs((timezone.now() - approved.approved_at).total_seconds()) < 60
    assert QualityPolicy.objects.filter(enterprise=world.a1, status="approved").count() == 1
    event = last_event("quality_policy.approve")
    assert event.actor == admin and event.reason == "Issued"
    assert event.before["status"] == "draft" and event.after["status"] == "approved"
    assert event.after["supersedes"] == {"id": v1.pk, "version": 1}
    assert len(event.after["text_sha256"]) == 64
    assert verify_chain().ok


def test_approved_text_never_changes(world):
    v1 = _approved(world)
    with pytest.raises(ValidationError):
        policy_approve(actor=None, policy=v1, approved_by_name="Someone", meaning="Again")
    # A change after approval is a new draft; version 1 keeps its text.
    v2 = policy_draft(actor=None, enterprise=world.a1, text="Something else entirely.")
    v1.refresh_from_db()
    assert v2.pk != v1.pk and v2.version == 2
    assert v1.text == TEXT and v1.status == "approved"


def test_steward_cannot_approve(world):
    draft = policy_draft(actor=world.users["a1_steward"], enterprise=world.a1, text=TEXT)
    with pytest.raises(PermissionDenied):
        policy_approve(
            actor=world.users["a1_steward"], policy=draft, approved_by_name="Li", meaning="OK"
        )
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_staff_and_cb_expert_cannot_draft(world):
    for user in ("a1_staff", "cba_expert", "a2_admin"):
        with pytest.raises(PermissionDenied):
            policy_draft(actor=world.users[user], enterprise=world.a1, text=TEXT)
    assert not QualityPolicy.objects.exists()


def test_bad_input_is_reported_and_changes_nothing(world):
    with pytest.raises(ValidationError) as exc:
        policy_draft(actor=None, enterprise=world.a1, text="   ")
    assert "text" in exc.value.message_dict
    draft = policy_draft(actor=None, enterprise=world.a1, text=TEXT)
    with pytest.raises(ValidationError) as exc:
        policy_approve(actor=None, policy=draft, approved_by_name=" ", meaning="")
    assert set(exc.value.message_dict) == {"approved_by_name", "meaning"}
    draft.refresh_from_db()
    assert draft.status == "draft" and draft.approved_at is None


def test_steward_records_a_communication_with_employees(world):
    v1 = _approved(world)
    li, wang = _employee(world.a1, "Li Na"), _employee(world.a1, "Wang Wei")
    day = timezone.localdate() - dt.timedelta(days=3)
    communication = policy_communicate(
        actor=world.users["a1_steward"],
        policy=v1,
        method="meeting",
        communicated_on=day,
        audience="Morning shift",
        employees=[li, wang],
        note="Read out at the shift meeting.",
    )
    assert communication.enterprise_id == world.a1.pk
    assert set(communication.employees.all()) == {li, wang}
    event = last_event("quality_policy.communicate")
    assert event.actor == world.users["a1_steward"] and event.enterprise_id == world.a1.pk
    assert event.after["employees"] == sorted([li.pk, wang.pk])
    assert event.after["policy_version"] == 1


def test_communication_rules(world):
    today = timezone.localdate()
    draft = policy_draft(actor=None, enterprise=world.a1, text=TEXT)
    with pytest.raises(ValidationError):  # a draft is not communicated
        policy_communicate(
            actor=None, policy=draft, method="meeting", communicated_on=today, audience="All"
        )
    v1 = policy_approve(actor=None, policy=draft, approved_by_name="GM", meaning="Issued")
    outsider = _employee(world.a2, "Zhao Lei")
    cases = [
        ({"communicated_on": today + dt.timedelta(days=1), "audience": "All"}, "communicated_on"),
        ({"communicated_on": today, "employees": [outsider]}, "employees"),
        ({"communicated_on": today}, "audience"),  # to whom is required
        ({"communicated_on": today, "audience": "All", "method": "fax"}, "method"),
        ({"communicated_on": None, "audience": "All"}, "communicated_on"),
    ]
    for kwargs, field in cases:
        kwargs = {"method": "notice_board", **kwargs}
        with pytest.raises(ValidationError) as exc:
            policy_communicate(actor=None, policy=v1, **kwargs)
        assert field in exc.value.message_dict, (kwargs, exc.value.message_dict)
    assert not PolicyCommunication.objects.exists()
    # A superseded version's communication may still be recorded (after the fact).
    policy_approve(
        actor=None,
        policy=policy_draft(actor=None, enterprise=world.a1, text="v2"),
        approved_by_name="GM",
        meaning="Issued",
    )
    v1.refresh_from_db()
    assert v1.status == "superseded"
    policy_communicate(
        actor=None, policy=v1, method="training", communicated_on=today, audience="New hires"
    )
    with pytest.raises(PermissionDenied):
        policy_communicate(
            actor=world.users["a1_staff"],
            policy=v1,
            method="training",
            communicated_on=today,
            audience="x",
        )


def test_text_diff_marks_added_and_removed_lines():
    assert text_diff("a\nb", "a\nc") == [(" ", "a"), ("-", "b"), ("+", "c")]


# Pages ------------------------------------------------------------------------------------------


def test_empty_policy_page_offers_a_starter_text_in_the_users_language(world):
    url = reverse("objectives:policy", args=[world.a1.pk])
    page = world.client("a1_steward").get(url).content.decode()
    assert 'id="policy-starter"' in page and "We make parts our customers can rely on" in page
    assert reverse("objectives:policy-draft", args=[world.a1.pk]) + "?starter=1" in page
    client = world.client("a1_steward")
    client.cookies["django_language"] = "zh-hans"
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "为顾客提供可靠的产品" in page
    form = world.client("a1_steward").get(
        reverse("objectives:policy-draft", args=[world.a1.pk]) + "?starter=1"
    )
    assert STARTER_TEXTS["en"].splitlines()[2] in form.content.decode()
    # Staff read the page but get no button to start a draft.
    page = world.client("a1_staff").get(url).content.decode()
    assert "?starter=1" not in page


def test_steward_drafts_and_admin_approves_in_the_ui(world):
    steward, admin = world.client("a1_steward"), world.client("a1_admin")
    page_url = reverse("objectives:policy", args=[world.a1.pk])
    response = steward.post(
        reverse("objectives:policy-draft", args=[world.a1.pk]),
        {"text": TEXT, "change_summary": ""},
    )
    assert response.status_code == 302 and response.url == page_url
    draft = QualityPolicy.objects.get(enterprise=world.a1)
    page = steward.get(page_url).content.decode()
    assert 'id="policy-draft"' in page
    assert reverse("objectives:policy-approve", args=[draft.pk]) not in page  # steward: no button
    assert (
        reverse("objectives:policy-approve", args=[draft.pk])
        in admin.get(page_url).content.decode()
    )
    assert steward.get(reverse("objectives:policy-approve", args=[draft.pk])).status_code == 403

    approve_url = reverse("objectives:policy-approve", args=[draft.pk])
    form = admin.get(approve_url).content.decode()
    assert 'list="approval-meanings"' in form
    response = admin.post(approve_url, {"approved_by_name": "", "meaning": "Issued"})
    assert (
        response.status_code == 200 and 'id="field-approved_by_name"' in response.content.decode()
    )
    draft.refresh_from_db()
    assert draft.status == "draft"
    response = admin.post(
        approve_url, {"approved_by_name": "Wang Li, general manager", "meaning": "Issued"}
    )
    assert response.status_code == 302
    page = steward.get(page_url).content.decode()
    assert 'id="policy-in-force"' in page and "We deliver parts right first time" in page
    assert "Approved by Wang Li, general manager on" in page and "Issued" in page
    # Approving again is refused with a message, not an error page.
    response = admin.post(approve_url, {"approved_by_name": "X", "meaning": "Y"})
    assert response.status_code == 302
    assert response.url == reverse("objectives:policy-version", args=[draft.pk])


def test_revising_starts_from_the_text_in_force_and_the_version_page_shows_the_diff(world):
    v1 = _approved(world)
    client = world.client("a1_steward")
    draft_url = reverse("objectives:policy-draft", args=[world.a1.pk])
    assert "We deliver parts right first time" in client.get(draft_url).content.decode()
    client.post(draft_url, {"text": TEXT + "\nWe listen.", "change_summary": "Listening added."})
    v2 = QualityPolicy.objects.get(enterprise=world.a1, version=2)
    page = client.get(reverse("objectives:policy-version", args=[v2.pk])).content.decode()
    assert "Changes since version 1" in page and 'class="bg-green-lt diff-added"' in page
    assert "We listen." in page and "Listening added." in page
    history = client.get(reverse("objectives:policy", args=[world.a1.pk])).content.decode()
    assert f'id="policy-version-{v1.pk}"' in history and f'id="policy-version-{v2.pk}"' in history


def test_steward_records_a_communication_in_the_ui(world):
    v1 = _approved(world)
    li = _employee(world.a1, "Li Na")
    _employee(world.a2, "Zhao Lei")  # another enterprise's employee is not offered
    client = world.client("a1_steward")
    url = reverse("objectives:policy-communicate", args=[v1.pk])
    form = client.get(url).content.decode()
    assert "Li Na" in form and "Zhao Lei" not in form
    response = client.post(
        url,
        {
            "method": "notice_board",
            "communicated_on": (timezone.localdate() + dt.timedelta(days=2)).isoformat(),
            "audience": "Everyone",
        },
    )
    assert response.status_code == 200 and "cannot be in the future" in response.content.decode()
    response = client.post(
        url,
        {
            "method": "notice_board",
            "communicated_on": timezone.localdate().isoformat(),
            "audience": "Workshop board",
            "employees": [li.pk],
        },
    )
    assert response.status_code == 302
    page = client.get(reverse("objectives:policy", args=[world.a1.pk])).content.decode()
    assert "Workshop board" in page and "Li Na" in page and "Notice board" in page


def test_communicating_a_draft_redirects_with_a_message(world):
    draft = policy_draft(actor=None, enterprise=world.a1, text=TEXT)
    response = world.client("a1_steward").get(
        reverse("objectives:policy-communicate", args=[draft.pk])
    )
    assert response.status_code == 302


def test_outsiders_get_404_and_readers_403_on_policy_pages(world):
    v1 = _approved(world)
    for user in ("a2_admin", "b1_admin", "cbb_admin", "po_admin"):
        client = world.client(user)
        assert client.get(reverse("objectives:policy", args=[world.a1.pk])).status_code == 404
        assert client.get(reverse("objectives:policy-version", args=[v1.pk])).status_code == 404
    for user in ("a1_staff", "cba_auditor1"):
        client = world.client(user)
        assert client.get(reverse("objectives:policy-version", args=[v1.pk])).status_code == 200
        draft_url = reverse("objectives:policy-draft", args=[world.a1.pk])
        assert client.post(draft_url, {"text": "x"}).status_code == 403
    assert QualityPolicy.objects.count() == 1


# API --------------------------------------------------------------------------------------------


def test_api_steward_drafts_patches_admin_approves_and_steward_communicates(world, api):
    steward, admin = api("a1_steward"), api("a1_admin")
    response = steward.post(URL, {"enterprise": world.a1.pk, "text": TEXT}, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["version"], body["status"], body["communications"]) == (1, "draft", [])
    response = steward.post(
        URL, {"enterprise": world.a1.pk, "text": "Edited.", "change_summary": "s"}, format="json"
    )
    assert response.status_code == 200 and response.json()["id"] == body["id"]
    response = steward.patch(f"{URL}{body['id']}/", {"text": "Patched."}, format="json")
    assert response.status_code == 200 and response.json()["text"] == "Patched."
    assert response.json()["change_summary"] == "s"

    assert_error(
        steward.post(
            f"{URL}{body['id']}/approve/", {"approved_by_name": "L", "meaning": "M"}, format="json"
        ),
        403,
    )
    response = admin.post(
        f"{URL}{body['id']}/approve/",
        {"approved_by_name": "Wang Li", "meaning": "Issued"},
        format="json",
    )
    assert response.status_code == 200, response.content
    approved = response.json()
    assert approved["status"] == "approved" and approved["approved_by"] == "a1_admin"
    assert_error(steward.patch(f"{URL}{body['id']}/", {"text": "No."}, format="json"), 400)

    li = _employee(world.a1, "Li Na")
    outsider = _employee(world.b1, "Zhao Lei")
    comm_url = f"{URL}{body['id']}/communications/"
    today = timezone.localdate().isoformat()
    error = assert_error(
        steward.post(
            comm_url,
            {"method": "meeting", "communicated_on": today, "employees": [outsider.pk]},
            format="json",
        ),
        400,
    )
    assert "employees" in error["fields"]
    response = steward.post(
        comm_url,
        {"method": "meeting", "communicated_on": today, "employees": [li.pk], "audience": ""},
        format="json",
    )
    assert response.status_code == 201, response.content
    [communication] = response.json()["communications"]
    assert communication["employees"] == [li.pk] and communication["method"] == "meeting"
    assert last_event("quality_policy.communicate").actor == world.users["a1_steward"]


def test_api_filters_and_cross_tenant_404(world, api):
    v1 = _approved(world)
    policy_draft(actor=None, enterprise=world.a1, text="Next.")
    _approved(world, enterprise=world.b1, text="B1 policy")
    rows = results(api("a1_staff").get(URL))
    assert {r["enterprise"] for r in rows} == {world.a1.pk}
    rows = results(api("a1_staff").get(URL, {"status": "approved"}))
    assert [r["id"] for r in rows] == [v1.pk]
    rows = results(api("cba_auditor1").get(URL, {"enterprise": world.a1.pk, "status": "draft"}))
    assert [r["version"] for r in rows] == [2]
    assert results(api("po_admin").get(URL)) == []
    assert_error(api("b1_admin").get(f"{URL}{v1.pk}/"), 404)
    assert_error(
        api("b1_admin").post(
            f"{URL}{v1.pk}/communications/",
            {"method": "meeting", "communicated_on": "2025-01-01", "audience": "x"},
            format="json",
        ),
        404,
    )
    assert_error(api("a1_steward").get(URL, {"status": "nonsense"}), 400)
    assert_error(api("a1_steward").get(URL, {"enterprise": "abc"}), 400)


def test_api_create_is_refused_for_readers_and_other_enterprises(world, api):
    assert_error(
        api("a1_staff").post(URL, {"enterprise": world.a1.pk, "text": TEXT}, format="json"), 403
    )
    assert_error(
        api("cba_admin").post(URL, {"enterprise": world.a1.pk, "text": TEXT}, format="json"), 403
    )
    # b1's admin may draft somewhere, but a1 is not among the enterprises it sees.
    error = assert_error(
        api("b1_admin").post(URL, {"enterprise": world.a1.pk, "text": TEXT}, format="json"), 400
    )
    assert "enterprise" in error["fields"]
    # a2's admin sees a2 only: posting for a1 is the same "not found".
    assert_error(
        api("a2_admin").post(URL, {"enterprise": world.a1.pk, "text": TEXT}, format="json"), 400
    )
    assert_error(
        api("a1_steward").post(URL, {"enterprise": world.a1.pk, "text": ""}, format="json"), 400
    )
    assert not QualityPolicy.objects.exists()
