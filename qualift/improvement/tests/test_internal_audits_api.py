"""/api/v1/internal-audits/ and /api/v1/checklist-templates/: the happy path through the
services, filters, and the JSON errors (ARCHITECTURE §5.3)."""

from __future__ import annotations

import datetime as dt

import pytest
from rest_framework.test import APIClient

from qualift.core.models import AuditEvent
from qualift.improvement.models import InternalAudit, Nonconformity
from qualift.improvement.services.internal_audits import internal_audit_plan
from qualift.standards.models import ChecklistTemplate
from qualift.standards.selectors import default_template
from qualift.standards.templates_data import DEFAULT_QUESTIONS

pytestmark = pytest.mark.django_db
BASE = "/api/v1/internal-audits/"


def _api(world, user):
    client = APIClient()
    if user:
        client.force_authenticate(world.users[user])
    return client


def _plan(world, enterprise=None, title="Spring audit"):
    return internal_audit_plan(
        actor=None,
        enterprise=enterprise or world.a1,
        data={"title": title, "planned_on": dt.date(2026, 3, 2), "auditors": "Li Min"},
    )


def _error(response, code=400):
    body = response.json()
    assert response.status_code == code, body
    assert set(body) == {"error", "detail", "fields"}
    return body


def test_steward_runs_an_audit_through_the_api(world):
    api = _api(world, "a1_steward")
    created = api.post(
        BASE,
        {
            "enterprise": world.a1.pk,
            "title": "Spring audit",
            "planned_on": "2026-03-02",
            "auditors": "Li Min",
            "scope": "All",
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    audit = created.json()
    assert audit["status"] == "planned" and audit["template"] == default_template().pk
    assert audit["answers"] == [] and audit["enterprise"] == world.a1.pk
    pk = audit["id"]

    started = api.post(f"{BASE}{pk}/start/", format="json")
    assert started.status_code == 200
    body = started.json()
    assert body["status"] == "in_progress"
    assert body["n_questions"] == len(DEFAULT_QUESTIONS) == len(body["answers"])
    first = body["answers"][0]
    assert first["clause"] == DEFAULT_QUESTIONS[0][0] and first["result"] == ""

    questions = [a["question"] for a in body["answers"]]
    answered = api.post(
        f"{BASE}{pk}/answer/",
        {"question": questions[0], "result": "major_nc", "evidence": "No context review"},
        format="json",
    )
    assert answered.status_code == 200
    assert answered.json()["result"] == "major_nc"

    raised = api.post(f"{BASE}{pk}/raise-nc/", {"question": questions[0]}, format="json")
    assert raised.status_code == 201 and raised.json()["created"] is True
    again = api.post(f"{BASE}{pk}/raise-nc/", {"question": questions[0]}, format="json")
    assert (
        again.status_code == 200 and again.json()["nonconformity"] == raised.json()["nonconformity"]
    )
    nc = Nonconformity.objects.get()
    assert nc.source == "internal_audit" and nc.severity == "major"
    assert nc.clause.number == DEFAULT_QUESTIONS[0][0]

    for question in questions[1:]:
        response = api.post(
            f"{BASE}{pk}/answer/", {"question": question, "result": "conform"}, format="json"
        )
        assert response.status_code == 200
    completed = api.post(
        f"{BASE}{pk}/complete/",
        {"summary": "Works, one major gap.", "performed_on": "2026-03-03"},
        format="json",
    )
    assert completed.status_code == 200
    done = completed.json()
    assert done["status"] == "completed" and done["performed_on"] == "2026-03-03"
    assert done["n_answered"] == done["n_questions"]
    assert done["answers"][0]["nonconformity_number"] == nc.number

    detail = api.get(f"{BASE}{pk}/").json()
    assert detail["summary"] == "Works, one major gap."
    assert AuditEvent.objects.filter(verb="internal_audit.complete").count() == 1


def test_list_filters_by_enterprise_and_status(world):
    a1 = _plan(world)
    _plan(world, title="Another")
    a2 = _plan(world, enterprise=world.a2)
    api = _api(world, "cba_auditor1")
    assert {r["id"] for r in api.get(BASE).json()["results"]} >= {a1.pk, a2.pk}
    only_a2 = api.get(BASE, {"enterprise": world.a2.pk}).json()["results"]
    assert [r["id"] for r in only_a2] == [a2.pk]
    api_steward = _api(world, "a1_steward")
    api_steward.post(f"{BASE}{a1.pk}/start/")
    running = api_steward.get(BASE, {"status": "in_progress"}).json()["results"]
    assert [r["id"] for r in running] == [a1.pk]
    assert len(running[0]["answers"]) == len(DEFAULT_QUESTIONS)
    assert a2.pk not in {r["id"] for r in api_steward.get(BASE).json()["results"]}
    _error(api.get(BASE, {"status": "someday"}))
    _error(api.get(BASE, {"enterprise": "abc"}))


def test_answer_before_start_is_a_400_and_changes_nothing(world):
    audit = _plan(world)
    question = default_template().questions.first()
    body = _error(
        _api(world, "a1_steward").post(
            f"{BASE}{audit.pk}/answer/",
            {"question": question.pk, "result": "conform"},
            format="json",
        )
    )
    assert "only while the audit is in progress" in body["fields"]["status"][0]
    assert InternalAudit.objects.get().answers.count() == 0


def test_bad_answers_say_which_field_is_wrong(world):
    audit = _plan(world)
    api = _api(world, "a1_steward")
    api.post(f"{BASE}{audit.pk}/start/")
    assert (
        "result"
        in _error(
            api.post(f"{BASE}{audit.pk}/answer/", {"question": 1, "result": "great"}, format="json")
        )["fields"]
    )
    assert (
        "question"
        in _error(
            api.post(
                f"{BASE}{audit.pk}/answer/",
                {"question": 999_999, "result": "conform"},
                format="json",
            )
        )["fields"]
    )
    question = audit.answers.first().question_id
    assert (
        "evidence"
        in _error(
            api.post(
                f"{BASE}{audit.pk}/answer/",
                {"question": question, "result": "minor_nc"},
                format="json",
            )
        )["fields"]
    )
    body = _error(api.post(f"{BASE}{audit.pk}/raise-nc/", {"question": question}, format="json"))
    assert "Only a minor or major" in body["fields"]["result"][0]
    body = _error(api.post(f"{BASE}{audit.pk}/complete/", {"summary": "x"}, format="json"))
    assert "still unanswered" in body["fields"]["status"][0]
    assert not audit.answers.exclude(result="").exists()
    assert Nonconformity.objects.count() == 0


def test_create_errors_and_permissions(world):
    data = {"enterprise": world.a1.pk, "title": "x", "planned_on": "2026-03-02", "auditors": "Li"}
    _error(_api(world, "a1_staff").post(BASE, data, format="json"), 403)
    _error(_api(world, "cba_auditor1").post(BASE, data, format="json"), 403)
    body = _error(
        _api(world, "a1_steward").post(BASE, {**data, "enterprise": world.b1.pk}, format="json")
    )
    assert body["fields"]["enterprise"] == ["Not found."]
    body = _error(
        _api(world, "a1_steward").post(BASE, {**data, "planned_on": "soon"}, format="json")
    )
    assert "planned_on" in body["fields"]
    foreign = ChecklistTemplate.objects.create(
        name_en="B", name_zh="B", owner=world.b1.organization
    )
    body = _error(
        _api(world, "a1_steward").post(BASE, {**data, "template": foreign.pk}, format="json")
    )
    assert body["fields"]["template"] == ["Not found."]
    assert InternalAudit.objects.count() == 0


def test_read_only_roles_get_403_and_outsiders_404_on_actions(world):
    audit = _plan(world)
    _error(_api(world, "cba_auditor1").post(f"{BASE}{audit.pk}/start/"), 403)
    _error(_api(world, "a1_staff").post(f"{BASE}{audit.pk}/cancel/", {"reason": "x"}), 403)
    _error(_api(world, "b1_admin").post(f"{BASE}{audit.pk}/start/"), 404)
    _error(_api(world, "po_admin").get(f"{BASE}{audit.pk}/"), 404)
    _error(_api(world, None).get(BASE), 401)
    assert InternalAudit.objects.get().status == "planned"
    assert _api(world, "cba_auditor1").get(f"{BASE}{audit.pk}/").status_code == 200


def test_patch_edits_the_plan_and_cancel_needs_a_reason(world):
    audit = _plan(world)
    api = _api(world, "a1_admin")
    response = api.patch(
        f"{BASE}{audit.pk}/", {"title": "May audit", "enterprise": world.b1.pk}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["title"] == "May audit"
    assert response.json()["enterprise"] == world.a1.pk  # fixed once planned
    _error(api.post(f"{BASE}{audit.pk}/cancel/", {}, format="json"))
    cancelled = api.post(f"{BASE}{audit.pk}/cancel/", {"reason": "Postponed"}, format="json")
    assert cancelled.json()["status"] == "cancelled"
    body = _error(api.post(f"{BASE}{audit.pk}/start/"))
    assert "this one is cancelled" in body["fields"]["status"][0]


def test_checklist_templates_are_listed_with_their_questions(world):
    own = ChecklistTemplate.objects.create(
        name_en="A1 list", name_zh="A1", owner=world.a1.organization
    )
    api = _api(world, "cba_auditor1")
    listed = api.get("/api/v1/checklist-templates/").json()["results"]
    assert [t["id"] for t in listed] == [default_template().pk]
    detail = api.get(f"/api/v1/checklist-templates/{default_template().pk}/").json()
    assert detail["name_zh"] == "小微企业 ISO 9001 审核检查表" and detail["is_default"] is True
    assert len(detail["questions"]) == len(DEFAULT_QUESTIONS)
    q = detail["questions"][0]
    assert (q["clause"], q["focus_area"], q["text_en"], q["text_zh"]) == DEFAULT_QUESTIONS[0]
    a1_ids = {
        t["id"]
        for t in _api(world, "a1_staff").get("/api/v1/checklist-templates/").json()["results"]
    }
    assert a1_ids == {default_template().pk, own.pk}
    _error(api.get(f"/api/v1/checklist-templates/{own.pk}/"), 404)
    internal = api.get("/api/v1/checklist-templates/", {"purpose": "internal"}).json()["results"]
    assert [t["id"] for t in internal] == [default_template().pk]
