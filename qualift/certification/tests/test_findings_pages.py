"""Workspace, finding and client-portal pages: the whole loop through the UI, report PDF."""

from __future__ import annotations

import datetime as dt

import pytest

from qualift.certification.choices import AuditStatus, FindingStatus
from qualift.certification.models import Audit, ChecklistAnswer, Finding
from qualift.certification.services.findings import finding_create
from qualift.standards.models import Clause
from tests import test_permission_matrix  # noqa: F401  (loads the matrix rows first)
from tests.matrix_rows._certification import world_audits

pytestmark = pytest.mark.django_db


def sent(world) -> Audit:
    audit = world_audits(world)["a1"]
    Audit.objects.filter(pk=audit.pk).update(
        status=AuditStatus.PLAN_SENT, plan_sent_at=dt.datetime(2025, 2, 20, tzinfo=dt.UTC)
    )
    return audit


def test_leader_starts_answers_with_htmx_and_raises_finding(world):
    audit = sent(world)
    client = world.client("cba_auditor1")
    response = client.post(f"/certification/audit/{audit.pk}/start/")
    assert response.status_code == 302
    page = client.get(f"/certification/audit/{audit.pk}/checklist/")
    assert page.status_code == 200
    audit.refresh_from_db()
    question = audit.template.questions.order_by("position").first()
    assert f'id="q-{question.pk}"' in page.content.decode()
    response = client.post(
        f"/certification/audit/{audit.pk}/checklist/{question.pk}/",
        {"result": "major_nc", "evidence": "No management review held"},
        HTTP_HX_REQUEST="true",
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "raise-finding" in body and "hx-swap-oob" in body
    assert ChecklistAnswer.objects.get(audit=audit, question=question).result == "major_nc"
    # Missing evidence: the card comes back with the error, nothing saved.
    other = audit.template.questions.order_by("position")[1]
    response = client.post(
        f"/certification/audit/{audit.pk}/checklist/{other.pk}/",
        {"result": "minor_nc", "evidence": ""},
        HTTP_HX_REQUEST="true",
    )
    assert "alert-danger" in response.content.decode()
    assert not ChecklistAnswer.objects.filter(audit=audit, question=other).exists()
    form = client.get(f"/certification/audit/{audit.pk}/findings/new/?question={question.pk}")
    assert "No management review held" in form.content.decode()
    response = client.post(
        f"/certification/audit/{audit.pk}/findings/new/?question={question.pk}",
        {
            "grade": "major",
            "clause": question.clause_id,
            "statement": "Management review not held",
            "evidence": "No management review held",
        },
    )
    finding = Finding.objects.get(audit=audit)
    assert response.status_code == 302 and finding.question_id == question.pk


def test_client_sees_findings_not_checklist(world):
    audit = sent(world)
    Audit.objects.filter(pk=audit.pk).update(status=AuditStatus.IN_PROGRESS)
    finding = finding_create(
        actor=world.users["cba_auditor1"],
        audit=audit,
        data={
            "grade": "minor",
            "clause": Clause.objects.get(number="7.2"),
            "statement": "Records gap",
            "evidence": "seen",
            "raised_on": dt.date(2025, 3, 4),
        },
    )
    client = world.client("a1_steward")
    assert client.get(f"/certification/audit/{audit.pk}/checklist/").status_code == 404
    findings = client.get(f"/certification/audit/{audit.pk}/findings/").content.decode()
    assert finding.number in findings and "overdue" in findings  # due 2025-06-02, long past
    portal = client.get("/certification/client/").content.decode()
    assert finding.number in portal and "Matrix scope a1" in portal
    detail = client.get(f"/certification/finding/{finding.pk}/").content.decode()
    assert 'id="finding-respond"' in detail and 'id="nc-link"' in detail
    response = client.post(
        f"/certification/finding/{finding.pk}/respond/",
        {"correction": "Done", "root_cause": "Owner missing", "corrective_action": "Assign"},
    )
    assert response.status_code == 302
    finding.refresh_from_db()
    assert finding.status == FindingStatus.RESPONDED
    leader = world.client("cba_auditor1")
    response_pk = finding.responses.get().pk
    assert (
        'id="review-form"' in leader.get(f"/certification/finding/{finding.pk}/").content.decode()
    )
    leader.post(f"/certification/response/{response_pk}/review/", {"decision": "accept"})
    leader.post(
        f"/certification/finding/{finding.pk}/verify/", {"note": "Seen", "on": "2025-04-01"}
    )
    finding.refresh_from_db()
    assert finding.status == FindingStatus.VERIFIED


def test_cb_staff_cannot_open_client_portal(world):
    assert world.client("cba_auditor1").get("/certification/client/").status_code == 403


@pytest.mark.parametrize("lang", ["en", "zh-hans"])
def test_auditor_downloads_report_pdf(world, lang):
    audit = sent(world)
    response = world.client("cba_auditor1").get(
        f"/certification/audit/{audit.pk}/report.pdf?lang={lang}"
    )
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
