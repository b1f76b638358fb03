"""Internal audit pages: list with filter and pagination, plan form, the workspace with answers
saved in place (htmx), Raise NC, completion, results; who may do what."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from django.urls import reverse

from qualift.core.models import AuditEvent
from qualift.improvement.models import InternalAudit, Nonconformity
from qualift.improvement.services.internal_audits import (
    internal_audit_answer,
    internal_audit_complete,
    internal_audit_plan,
    internal_audit_start,
)
from qualift.standards.models import ChecklistQuestion, ChecklistTemplate, Clause
from qualift.standards.selectors import default_template

pytestmark = pytest.mark.django_db

HX = {"HTTP_HX_REQUEST": "true"}


def _plan(world, title="Spring audit", planned_on=dt.date(2026, 3, 2), template=None):
    data = {"title": title, "planned_on": planned_on, "auditors": "Li Min"}
    if template:
        data["template"] = template
    return internal_audit_plan(actor=None, enterprise=world.a1, data=data)


def _small_template(world):
    template = ChecklistTemplate.objects.create(
        name_en="Mini", name_zh="小表", owner=world.a1.organization, purpose="internal"
    )
    for position, (number, focus) in enumerate(
        [("4.1", "leadership"), ("7.1.5", "key_process"), ("7.5", "goals")], start=1
    ):
        ChecklistQuestion.objects.create(
            template=template,
            clause=Clause.objects.get(number=number),
            focus_area=focus,
            text_en=f"Mini question {position}?",
            text_zh=f"小问题{position}？",
            position=position,
        )
    return template


def _started(world, template=None):
    return internal_audit_start(actor=None, audit=_plan(world, template=template))


def _post_answer(client, audit, position, result, evidence="", htmx=True):
    question = audit.template.questions.get(position=position)
    data = {"question": question.pk, "result": result, "evidence": evidence}
    extra = HX if htmx else {}
    return client.post(reverse("improvement:audit-answer", args=[audit.pk]), data, **extra)


def test_steward_plans_an_audit_from_the_form(world):
    client = world.client("a1_steward")
    url = reverse("improvement:audit-create", args=[world.a1.pk])
    page = client.get(url).content.decode()
    assert default_template().name_en in page
    response = client.post(
        url,
        {
            "title": "Spring audit",
            "planned_on": "2026-03-02",
            "auditors": "Li Min, Wang Fang",
            "template": default_template().pk,
            "scope": "Cutting, welding, final inspection",
        },
    )
    audit = InternalAudit.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("improvement:audit-detail", args=[audit.pk])
    assert audit.enterprise == world.a1 and audit.status == "planned"
    assert AuditEvent.objects.filter(verb="internal_audit.plan", target_id=str(audit.pk)).exists()


def test_plan_form_shows_errors_inline_and_saves_nothing(world):
    client = world.client("a1_steward")
    response = client.post(
        reverse("improvement:audit-create", args=[world.a1.pk]),
        {"title": "", "planned_on": "not a date", "auditors": "", "template": ""},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="field-title"' in body and "is-invalid" in body
    assert InternalAudit.objects.count() == 0


def test_plan_form_offers_only_the_enterprises_own_and_shipped_checklists(world):
    foreign = ChecklistTemplate.objects.create(
        name_en="B1 private list", name_zh="B1", owner=world.b1.organization
    )
    client = world.client("a1_steward")
    url = reverse("improvement:audit-create", args=[world.a1.pk])
    assert "B1 private list" not in client.get(url).content.decode()
    response = client.post(
        url,
        {"title": "x", "planned_on": "2026-03-02", "auditors": "Li", "template": foreign.pk},
    )
    assert response.status_code == 200 and InternalAudit.objects.count() == 0


def test_list_filters_by_status_and_paginates(world):
    for i in range(27):
        _plan(world, title=f"Audit {i:02d}", planned_on=dt.date(2025, 1, 1) + dt.timedelta(i))
    started = _started(world)
    client = world.client("cba_auditor1")
    url = reverse("improvement:audit-list", args=[world.a1.pk])
    body = client.get(url).content.decode()
    assert "Showing 1–25 of 28" in body
    filtered = client.get(url, {"status": "in_progress"}).content.decode()
    assert started.title in filtered and "Audit 00" not in filtered
    assert f"0 / {default_template().questions.count()}" in filtered
    partial = client.get(url, {"page": 2}, **HX).content.decode()
    assert "<html" not in partial and "Audit 00" in partial


def test_list_page_query_count_does_not_grow_with_rows(world, django_assert_max_num_queries):
    for i in range(20):
        _started(world) if i % 2 else _plan(world, title=f"Audit {i}")
    client = world.client("a1_steward")
    with django_assert_max_num_queries(12):
        response = client.get(reverse("improvement:audit-list", args=[world.a1.pk]))
    assert response.status_code == 200


def test_workspace_groups_questions_by_clause_with_progress(world):
    audit = _started(world, _small_template(world))
    internal_audit_answer(
        actor=None,
        audit=audit,
        question=audit.template.questions.get(position=2),
        result="conform",
        evidence="ok",
    )
    body = (
        world.client("a1_steward")
        .get(reverse("improvement:audit-detail", args=[audit.pk]))
        .content.decode()
    )
    assert 'id="clause-4"' in body and 'id="clause-7"' in body
    assert "Context of the organization" in body and "Support" in body
    assert re.search(r'id="progress-7".*?1 of 2 answered', body, re.S)
    assert re.search(r'id="progress-4".*?0 of 1 answered', body, re.S)
    assert body.count('class="btn-check"') == 3 * 6
    assert 'hx-post="' + reverse("improvement:audit-answer", args=[audit.pk]) in body


def test_answer_saves_in_place_and_updates_the_clause_progress(world):
    audit = _started(world, _small_template(world))
    response = _post_answer(
        world.client("a1_steward"), audit, 3, "observation", "Two forms without revision date"
    )
    body = response.content.decode()
    answer = audit.answers.get(question__position=3)
    assert response.status_code == 200 and "<html" not in body
    assert (answer.result, answer.evidence) == ("observation", "Two forms without revision date")
    assert f'id="answer-{answer.pk}"' in body
    assert 'id="progress-7" hx-swap-oob="true"' in body and "1 of 2 answered" in body
    assert 'id="audit-progress" hx-swap-oob="true"' in body and "1 / 3" in body
    assert 'value="observation" id="r-' in body and "checked" in body


def test_answer_error_is_shown_in_the_card_and_nothing_saved(world):
    audit = _started(world, _small_template(world))
    response = _post_answer(world.client("a1_steward"), audit, 2, "major_nc", "")
    body = response.content.decode()
    assert response.status_code == 200
    assert 'role="alert"' in body and "evidence" in body
    assert audit.answers.get(question__position=2).result == ""


def test_answer_without_htmx_redirects_back_to_the_workspace(world):
    audit = _started(world, _small_template(world))
    response = _post_answer(world.client("a1_steward"), audit, 1, "conform", htmx=False)
    assert response.status_code == 302
    assert response.url == reverse("improvement:audit-detail", args=[audit.pk])
    assert audit.answers.get(question__position=1).result == "conform"


def test_raise_nc_button_creates_the_nc_and_links_to_it(world):
    audit = _started(world, _small_template(world))
    client = world.client("a1_steward")
    body = _post_answer(client, audit, 2, "minor_nc", "Caliper #3 label missing").content.decode()
    assert "Raise NC" in body
    question = audit.template.questions.get(position=2)
    response = client.post(
        reverse("improvement:audit-raise-nc", args=[audit.pk]), {"question": question.pk}
    )
    nc = Nonconformity.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("improvement:nc-detail", args=[nc.pk])
    assert nc.source == "internal_audit" and nc.clause.number == "7.1.5"
    workspace = client.get(reverse("improvement:audit-detail", args=[audit.pk])).content.decode()
    assert reverse("improvement:nc-detail", args=[nc.pk]) in workspace and nc.number in workspace
    client.post(reverse("improvement:audit-raise-nc", args=[audit.pk]), {"question": question.pk})
    assert Nonconformity.objects.count() == 1


def test_complete_page_warns_then_completes_and_shows_results(world):
    audit = _started(world, _small_template(world))
    client = world.client("a1_steward")
    url = reverse("improvement:audit-complete", args=[audit.pk])
    assert "0 of 3 questions answered" in client.get(url).content.decode()
    refused = client.post(url, {"performed_on": "2026-03-03", "summary": "Good"})
    assert "still unanswered" in refused.content.decode()
    _post_answer(client, audit, 1, "conform", "ok")
    _post_answer(client, audit, 2, "major_nc", "No calibration records at all")
    _post_answer(client, audit, 3, "ofi", "Could use a document index")
    assert "completing raises it" in client.get(url).content.decode()
    response = client.post(url, {"performed_on": "2026-03-03", "summary": "One major gap."})
    assert response.status_code == 302
    assert response.url == reverse("improvement:audit-results", args=[audit.pk])
    audit.refresh_from_db()
    assert audit.status == "completed" and audit.performed_on == dt.date(2026, 3, 3)
    nc = Nonconformity.objects.get()
    results = client.get(response.url).content.decode()
    assert "One major gap." in results and nc.number in results
    data = json.loads(
        re.search(
            r'<script id="chart-clause-data" type="application/json">(.*?)</script>', results, re.S
        ).group(1)
    )
    assert data["categories"] == ["4", "7"]
    assert data["names"] == ["4 Context of the organization", "7 Support"]
    by_name = {s["name"]: s["data"] for s in data["series"]}
    assert by_name["Conform"] == [1, 0] and by_name["Major nonconformity"] == [0, 1]
    assert by_name["Opportunity for improvement"] == [0, 1]
    assert "echarts.min.js" in results and 'id="results-focus"' in results


def test_cancel_form_needs_a_reason(world):
    audit = _plan(world)
    client = world.client("a1_admin")
    url = reverse("improvement:audit-cancel", args=[audit.pk])
    assert client.post(url, {"reason": ""}).status_code == 200
    response = client.post(url, {"reason": "Postponed to May"})
    assert response.status_code == 302
    audit.refresh_from_db()
    assert audit.status == "cancelled" and audit.summary == "Postponed to May"
    assert "Postponed to May" in client.get(response.url).content.decode()


def test_start_button_starts_the_audit(world):
    audit = _plan(world)
    client = world.client("a1_steward")
    assert (
        'id="audit-start"'
        in client.get(reverse("improvement:audit-detail", args=[audit.pk])).content.decode()
    )
    response = client.post(reverse("improvement:audit-start", args=[audit.pk]))
    assert response.status_code == 302
    audit.refresh_from_db()
    assert audit.status == "in_progress"
    again = client.post(reverse("improvement:audit-start", args=[audit.pk]), follow=True)
    assert "Only a planned audit can be started" in again.content.decode()


@pytest.mark.parametrize("user", ["a1_staff", "cba_auditor1", "cba_admin"])
def test_readers_see_the_workspace_without_forms_and_get_403_on_writes(world, user):
    audit = _started(world, _small_template(world))
    client = world.client(user)
    body = client.get(reverse("improvement:audit-detail", args=[audit.pk])).content.decode()
    assert "Mini question 1?" in body and "btn-check" not in body
    assert 'id="audit-complete"' not in body
    assert _post_answer(client, audit, 1, "conform").status_code == 403
    assert client.post(reverse("improvement:audit-start", args=[audit.pk])).status_code == 403
    assert client.get(reverse("improvement:audit-complete", args=[audit.pk])).status_code == 403
    assert client.get(reverse("improvement:audit-create", args=[world.a1.pk])).status_code == 403
    assert audit.answers.get(question__position=1).result == ""


@pytest.mark.parametrize("user", ["b1_admin", "a2_admin", "cbb_admin", "po_admin", "po_viewer"])
def test_outsiders_and_program_offices_get_404(world, user):
    audit = _started(world, _small_template(world))
    client = world.client(user)
    for name in ("improvement:audit-detail", "improvement:audit-results"):
        assert client.get(reverse(name, args=[audit.pk])).status_code == 404
    assert _post_answer(client, audit, 1, "conform").status_code == 404
    assert client.get(reverse("improvement:audit-list", args=[world.a1.pk])).status_code == 404


def test_anonymous_is_sent_to_the_login_page(world):
    audit = _plan(world)
    response = world.client(None).get(reverse("improvement:audit-detail", args=[audit.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_completed_audit_shows_read_only_answers_with_nc_links(world):
    audit = _started(world, _small_template(world))
    for position, result in [(1, "conform"), (2, "minor_nc"), (3, "conform")]:
        internal_audit_answer(
            actor=None,
            audit=audit,
            question=audit.template.questions.get(position=position),
            result=result,
            evidence="seen",
        )
    internal_audit_complete(actor=None, audit=audit, summary="ok")
    nc = Nonconformity.objects.get()
    body = (
        world.client("a1_steward")
        .get(reverse("improvement:audit-detail", args=[audit.pk]))
        .content.decode()
    )
    assert "btn-check" not in body and nc.number in body and "Raise NC" not in body
