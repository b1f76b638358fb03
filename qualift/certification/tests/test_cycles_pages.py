"""Cycle pages, the dashboard, the policy page and the cycles API (happy paths, bad input,
read-only roles); the matrix covers 404/403 per persona."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from qualift.certification.models import Audit, CertificationCycle, SuspensionProposal
from qualift.certification.services.cycles import cycle_create
from qualift.enterprises.models import Engagement

D = dt.date
pytestmark = pytest.mark.django_db


def _engagement(world):
    return Engagement.objects.get(cb=world.cb_a, enterprise=world.a1, kind="certification")


def _cycle(world):
    return cycle_create(
        actor=None,
        engagement=_engagement(world),
        data={"applied_on": D(2025, 2, 1), "scope_text": "Machining", "employees": 12},
    )


def test_cb_admin_opens_a_cycle_from_the_form(world):
    client = world.client("cba_admin")
    url = reverse("certification:cycle-create")
    page = client.get(f"{url}?engagement={_engagement(world).pk}")
    assert page.status_code == 200
    response = client.post(
        url,
        {
            "engagement": _engagement(world).pk,
            "applied_on": "2025-02-01",
            "scope_text": "Design and machining of shafts",
            "employees": "25",
            "part_time_fte": "0",
        },
    )
    cycle = CertificationCycle.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("certification:cycle-detail", args=[cycle.pk])
    detail = client.get(response["Location"])
    assert b"programme-table" in detail.content
    assert cycle.audits.count() == 2


def test_cb_admin_sees_inline_errors_and_nothing_is_saved(world):
    client = world.client("cba_admin")
    response = client.post(
        reverse("certification:cycle-create"),
        {"engagement": _engagement(world).pk, "applied_on": "", "scope_text": "", "employees": 0},
    )
    assert response.status_code == 200
    assert b"invalid-feedback" in response.content
    assert not CertificationCycle.objects.exists()


def test_cycle_detail_marks_overdue_audits(world):
    cycle = _cycle(world)
    Audit.objects.filter(cycle=cycle, kind="stage1").update(due_by=D(2020, 1, 1))
    response = world.client("a1_admin").get(reverse("certification:cycle-detail", args=[cycle.pk]))
    assert response.status_code == 200
    assert b"table-danger" in response.content


def test_dashboard_lists_proposals_with_buttons_for_the_admin_only(world):
    cycle = _cycle(world)
    SuspensionProposal.objects.create(
        enterprise=cycle.enterprise,
        cb=cycle.cb,
        kind="repeat_stage2",
        audit=cycle.audits.get(kind="stage2"),
        reason="Major NC unverified",
        raised_on=D(2025, 9, 5),
    )
    admin = world.client("cba_admin").get(reverse("certification:dashboard"))
    assert b"Major NC unverified" in admin.content
    assert b'value="accept"' in admin.content
    auditor = world.client("cba_auditor1").get(reverse("certification:dashboard"))
    assert b"Major NC unverified" in auditor.content
    assert b'value="accept"' not in auditor.content


def test_cb_admin_dismisses_a_proposal_from_the_dashboard(world):
    cycle = _cycle(world)
    proposal = SuspensionProposal.objects.create(
        enterprise=cycle.enterprise,
        cb=cycle.cb,
        kind="repeat_stage2",
        audit=cycle.audits.get(kind="stage2"),
        reason="x",
        raised_on=D(2025, 9, 5),
    )
    url = reverse("certification:proposal-decide", args=[proposal.pk])
    client = world.client("cba_admin")
    client.post(url, {"decision": "dismiss", "note": ""})
    proposal.refresh_from_db()
    assert proposal.status == "open"  # a dismissal needs a note
    client.post(url, {"decision": "dismiss", "note": "Verified on site"})
    proposal.refresh_from_db()
    assert proposal.status == "dismissed"


def test_policy_page_saves_for_the_admin_and_refuses_the_auditor(world):
    url = reverse("certification:policy", args=[world.cb_a.pk])
    assert world.client("cba_auditor1").post(url, {"rule_set": "cnca2026"}).status_code == 403
    response = world.client("cba_admin").post(
        url,
        {
            "rule_set": "cnca2026",
            "response_days": "60",
            "stage1_share": "1/4",
            "certificate_prefix": "QA",
        },
    )
    assert response.status_code == 302
    assert world.cb_a.certification_policy.rule_set == "cnca2026"


def _api(world, username):
    client = APIClient()
    client.force_authenticate(world.users[username])
    return client


def test_api_creates_a_cycle_and_shows_its_programme(world):
    response = _api(world, "cba_admin").post(
        "/api/v1/certification-cycles/",
        {
            "engagement": _engagement(world).pk,
            "applied_on": "2025-02-01",
            "scope_text": "Machining",
            "employees": 12,
            "iaf_codes": ["17"],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["iaf_codes"] == ["17"]
    assert [row["kind"] for row in body["programme"]] == ["stage1", "stage2"]
    assert set(body["programme"][0]) == {
        "id",
        "kind",
        "sequence",
        "due_from",
        "due_by",
        "status",
        "start_on",
        "end_on",
    }


def test_api_refuses_an_assistance_engagement_with_400(world):
    assistance = world.a1.engagements.get(kind="assistance")
    response = _api(world, "cba_admin").post(
        "/api/v1/certification-cycles/",
        {
            "engagement": assistance.pk,
            "applied_on": "2025-02-01",
            "scope_text": "x",
            "employees": 1,
        },
        format="json",
    )
    assert response.status_code == 400
    assert "engagement" in str(response.json())


def test_api_auditor_cannot_create_and_client_lists_own(world):
    cycle = _cycle(world)
    response = _api(world, "cba_auditor1").post("/api/v1/certification-cycles/", {}, format="json")
    assert response.status_code == 403
    listed = _api(world, "a1_staff").get("/api/v1/certification-cycles/").json()
    ids = [row["id"] for row in listed.get("results", listed)]
    assert ids == [cycle.pk]
    assert (
        _api(world, "b1_admin").get(f"/api/v1/certification-cycles/{cycle.pk}/").status_code == 404
    )
