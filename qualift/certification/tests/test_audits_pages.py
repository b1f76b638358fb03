"""Audit planning pages and API: the auditor's list (mine / all, overdue), the overview with
team checks, team and schedule forms, sending the plan, the plan PDF, /api/v1/audits/."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

import tests.test_permission_matrix  # noqa: F401  (before _certification: circular import)
from qualift.assistance.models import Involvement
from qualift.certification.models import Audit, AuditorCode, AuditorProfile, ScheduleItem
from qualift.core.testing import pin_today
from qualift.enterprises.models import IafCode
from tests.matrix_rows._certification import world_audits

pytestmark = pytest.mark.django_db


@pytest.fixture
def audits(world):
    """World stage 2 audits; a1's scope is IAF 17 and its leader cba_auditor1 is registered."""
    audits = world_audits(world)
    audits["a1"].cycle.iaf_codes.set([IafCode.objects.get(code="17")])
    profile = AuditorProfile.objects.create(
        cb=world.cb_a, user=world.users["cba_auditor1"], grade="auditor"
    )
    AuditorCode.objects.create(
        profile=profile,
        cb=world.cb_a,
        iaf_code=IafCode.objects.get(code="17"),
        valid_from=dt.date(2024, 1, 1),
    )
    return audits


def _ready(world, audit: Audit) -> None:
    """Test data only: audit time and one schedule line, so the plan can be sent."""
    Audit.objects.filter(pk=audit.pk).update(planned_days=Decimal("2"))
    ScheduleItem.objects.create(
        enterprise=audit.enterprise,
        cb=audit.cb,
        audit=audit,
        day=dt.date(2025, 3, 3),
        starts_at=dt.time(9),
        ends_at=dt.time(12),
        activity="Opening meeting",
        auditor=world.users["cba_auditor1"],
    )


def test_auditor_list_shows_own_audits_and_overdue_badge(world, audits, monkeypatch):
    pin_today(monkeypatch, dt.date(2025, 6, 1))
    Audit.objects.filter(pk=audits["a1"].pk).update(
        due_from=dt.date(2025, 1, 1), due_by=dt.date(2025, 5, 31)
    )
    Audit.objects.filter(pk=audits["a2"].pk).update(due_by=dt.date(2025, 6, 1))
    client = world.client("cba_auditor1")
    body = client.get(reverse("certification:audit-list")).content.decode()
    assert f'id="audit-{audits["a1"].pk}" class="table-danger"' in body
    assert f'id="audit-{audits["a2"].pk}">' in body  # due today: not overdue
    assert body.count("badge bg-red text-red-fg overdue") == 1
    # cba_auditor2 is on no team: "mine" is empty, ?scope=all shows the CB's audits.
    client2 = world.client("cba_auditor2")
    assert (
        f"audit-{audits['a1'].pk}"
        not in client2.get(reverse("certification:audit-list")).content.decode()
    )
    all_body = client2.get(reverse("certification:audit-list") + "?scope=all").content.decode()
    assert f"audit-{audits['a1'].pk}" in all_body and f"audit-{audits['b1'].pk}" not in all_body
    overdue = client.get(reverse("certification:audit-list") + "?overdue=true").content.decode()
    assert f"audit-{audits['a2'].pk}" not in overdue and f"audit-{audits['a1'].pk}" in overdue


def test_client_sees_overview_without_team_checks(world, audits):
    audits["a1"].cycle.iaf_codes.add(IafCode.objects.get(code="19"))
    url = reverse("certification:audit-detail", args=[audits["a1"].pk])
    staff = world.client("cba_admin").get(url).content.decode()
    assert 'data-code="iaf_uncovered"' in staff and "send-blockers" in staff
    client = world.client("a1_admin").get(url).content.decode()
    assert "iaf_uncovered" not in client and "send-plan-form" not in client
    assert "Matrix scope a1" in client


def test_team_page_refuses_conflicted_person_inline(world, audits):
    Involvement.objects.create(
        person=world.users["cba_auditor2"],
        enterprise=world.a1,
        cb=world.cb_a,
        day=dt.date(2024, 6, 1),
        source="visit",
        source_id=9,
    )
    url = reverse("certification:audit-team", args=[audits["a1"].pk])
    response = world.client("cba_admin").post(
        url, {"user": world.users["cba_auditor2"].pk, "role": "auditor", "days": "1"}
    )
    assert response.status_code == 200
    assert "2024-06-01" in response.content.decode()
    assert audits["a1"].team.count() == 1
    response = world.client("cba_admin").post(
        url, {"user": world.users["cba_admin"].pk, "role": "auditor", "days": "1"}
    )
    assert response.status_code == 302 and audits["a1"].team.count() == 2


def test_client_may_not_post_to_the_team(world, audits):
    url = reverse("certification:audit-team", args=[audits["a1"].pk])
    response = world.client("a1_admin").post(
        url, {"user": world.users["cba_admin"].pk, "role": "auditor", "days": "1"}
    )
    assert response.status_code == 403 and audits["a1"].team.count() == 1


def test_schedule_page_adds_line_and_shows_errors(world, audits):
    url = reverse("certification:audit-schedule", args=[audits["a1"].pk])
    client = world.client("cba_auditor1")
    line = {
        "day": "2025-03-04",
        "starts_at": "09:00",
        "ends_at": "08:00",
        "activity": "Clause 8 production",
        "clauses": "8",
        "auditor": world.users["cba_auditor1"].pk,
    }
    response = client.post(url, line)
    assert (
        response.status_code == 200
        and "The end must be after the start." in response.content.decode()
    )
    response = client.post(url, {**line, "ends_at": "11:30"})
    assert response.status_code == 302
    assert audits["a1"].schedule.get().ends_at == dt.time(11, 30)


def test_send_plan_then_client_downloads_plan_pdf_in_both_languages(world, audits):
    audit = audits["a1"]
    pdf = reverse("certification:audit-plan-pdf", args=[audit.pk])
    assert world.client("a1_admin").get(pdf).status_code == 404  # not sent yet
    _ready(world, audit)
    response = world.client("cba_auditor1").post(
        reverse("certification:audit-send-plan", args=[audit.pk])
    )
    assert response.status_code == 302
    audit.refresh_from_db()
    assert audit.status == "plan_sent"
    for lang in ("en", "zh-hans"):
        response = world.client("a1_admin").get(f"{pdf}?lang={lang}")
        assert response.status_code == 200 and response.content.startswith(b"%PDF")


def test_cancel_page_with_reason(world, audits):
    url = reverse("certification:audit-cancel", args=[audits["a2"].pk])
    world.client("cba_admin").post(url, {"reason": "Client postponed"})
    audits["a2"].refresh_from_db()
    assert audits["a2"].status == "cancelled"


def _api(world, username: str) -> APIClient:
    client = APIClient()
    client.force_authenticate(world.users[username])
    return client


def test_api_list_filters_overdue_and_mine(world, audits, monkeypatch):
    pin_today(monkeypatch, dt.date(2025, 6, 1))
    Audit.objects.filter(pk=audits["a1"].pk).update(due_by=dt.date(2025, 5, 1))
    client = _api(world, "cba_auditor1")
    rows = client.get("/api/v1/audits/?overdue=true").json()["results"]
    assert [r["id"] for r in rows] == [audits["a1"].pk] and rows[0]["overdue"] is True
    mine = client.get("/api/v1/audits/?mine=true").json()["results"]
    assert {r["id"] for r in mine} == {audits["a1"].pk, audits["a2"].pk}
    assert _api(world, "cba_auditor2").get("/api/v1/audits/?mine=true").json()["results"] == []
    assert client.get("/api/v1/audits/?cycle=abc").status_code == 400


def test_api_retrieve_team_add_checks_and_send_plan(world, audits):
    audit = audits["a1"]
    client = _api(world, "cba_admin")
    body = client.get(f"/api/v1/audits/{audit.pk}/").json()
    assert {"team", "schedule", "time_result", "justification", "findings_count"} <= set(body)
    response = client.post(
        f"/api/v1/audits/{audit.pk}/team/",
        {"user": world.users["cba_admin"].pk, "role": "leader", "days": "1"},
        format="json",
    )
    assert response.status_code == 400 and "role" in response.json()["fields"]
    response = client.post(
        f"/api/v1/audits/{audit.pk}/team/",
        {"user": world.users["cba_auditor2"].pk, "role": "auditor", "days": "1"},
        format="json",
    )
    assert response.status_code == 201 and len(response.json()["team"]) == 2
    checks = client.get(f"/api/v1/audits/{audit.pk}/checks/").json()
    assert checks == [
        {
            "code": "not_registered",
            "message": "cba_auditor2 is not in the certification body's active auditor register.",
            "blocking": False,
        }
    ]
    assert client.post(f"/api/v1/audits/{audit.pk}/send-plan/").status_code == 400
    _ready(world, audit)
    response = client.post(f"/api/v1/audits/{audit.pk}/send-plan/")
    assert response.status_code == 200 and response.json()["status"] == "plan_sent"


def test_api_patch_bad_dates_is_400_and_client_403(world, audits):
    url = f"/api/v1/audits/{audits['a1'].pk}/"
    response = _api(world, "cba_auditor1").patch(
        url, {"start_on": "2025-03-05", "end_on": "2025-03-04"}, format="json"
    )
    assert response.status_code == 400 and "end_on" in response.json()["fields"]
    assert _api(world, "a1_admin").patch(url, {"objectives": "x"}, format="json").status_code == 403
    assert _api(world, "cbb_admin").get(url).status_code == 404
