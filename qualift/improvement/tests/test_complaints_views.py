"""Complaint pages: register, list with filters and htmx rows, respond, close, raise the NC;
read-only roles, outsiders and anonymous users."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from qualift.core.models import AuditEvent
from qualift.improvement.models import Complaint, Nonconformity
from qualift.improvement.services.complaints import complaint_register

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    # Messages are asserted in English; another test may leave a language active in the thread.
    with translation.override("en"):
        yield


def _complaint(world, enterprise=None, **extra) -> Complaint:
    data = {
        "customer": "杭州顺达贸易 / Hangzhou Shunda Trading",
        "product": "不锈钢合页 / Stainless hinge",
        "received_on": dt.date(2026, 4, 8),
        "description": "表面划伤 / Scratches on the surface",
        "severity": "medium",
    }
    data.update(extra)
    return complaint_register(actor=None, enterprise=enterprise or world.a1, data=data)


def _list_url(world, enterprise=None) -> str:
    return reverse("improvement:complaint-list", args=[(enterprise or world.a1).pk])


def test_steward_registers_a_complaint_with_the_short_form(world):
    client = world.client("a1_steward")
    url = reverse("improvement:complaint-create", args=[world.a1.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert 'name="customer"' in page.content.decode()
    response = client.post(
        url,
        {
            "customer": "Shunda",
            "product": "Hinge",
            "received_on": "2026-04-08",
            "severity": "high",
            "description": "Scratches",
        },
    )
    complaint = Complaint.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("improvement:complaint-detail", args=[complaint.pk])
    assert complaint.number == "CMP-2026-001" and complaint.enterprise == world.a1
    event = AuditEvent.objects.get(verb="complaint.create")
    assert event.actor == world.users["a1_steward"]


def test_steward_sees_inline_errors_and_nothing_is_saved(world):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    response = world.client("a1_steward").post(
        reverse("improvement:complaint-create", args=[world.a1.pk]),
        {"customer": "", "received_on": tomorrow.isoformat(), "severity": "medium"},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert body.count("invalid-feedback") >= 3  # customer, received on, description
    assert "cannot be in the future" in body
    assert not Complaint.objects.exists()


def test_staff_and_auditor_cannot_open_the_form(world):
    url = reverse("improvement:complaint-create", args=[world.a1.pk])
    assert world.client("a1_staff").get(url).status_code == 403
    assert world.client("cba_auditor1").post(url, {"customer": "x"}).status_code == 403
    assert not Complaint.objects.exists()


def test_outsiders_get_404_and_anonymous_the_login(world):
    complaint = _complaint(world)
    detail = reverse("improvement:complaint-detail", args=[complaint.pk])
    for user in ("po_admin", "po_viewer", "b1_admin", "cbb_admin", "a2_admin"):
        client = world.client(user)
        assert client.get(_list_url(world)).status_code == 404, user
        assert client.get(detail).status_code == 404, user
    response = world.client(None).get(detail)
    assert response.status_code == 302 and "login" in response.url


def test_auditor_reads_the_register_and_detail_without_buttons(world):
    complaint = _complaint(world)
    client = world.client("cba_auditor1")
    listing = client.get(_list_url(world)).content.decode()
    assert complaint.number in listing
    assert "complaint-new" not in listing
    detail = client.get(reverse("improvement:complaint-detail", args=[complaint.pk]))
    body = detail.content.decode()
    assert detail.status_code == 200
    assert "Scratches on the surface" in body
    assert "response-form" not in body and "complaint-raise-nc" not in body
    post = client.post(
        reverse("improvement:complaint-respond", args=[complaint.pk]),
        {"response": "x", "responded_on": "2026-04-09"},
    )
    assert post.status_code == 403


def test_list_filters_and_htmx_returns_only_the_rows(world):
    _complaint(world, customer="Alpha Customer", severity="high")
    _complaint(world, customer="Beta Customer", severity="low", received_on=dt.date(2026, 6, 1))
    _complaint(world, enterprise=world.a2, customer="Gamma Customer")
    client = world.client("a1_steward")
    body = client.get(_list_url(world)).content.decode()
    assert "Alpha Customer" in body and "Beta Customer" in body
    assert "Gamma Customer" not in body
    assert 'id="quality-tabs"' in body
    body = client.get(_list_url(world), {"severity": "high"}).content.decode()
    assert "Alpha Customer" in body and "Beta Customer" not in body
    body = client.get(_list_url(world), {"start": "2026-05-01"}).content.decode()
    assert "Beta Customer" in body and "Alpha Customer" not in body
    partial = client.get(_list_url(world), {"q": "beta"}, HTTP_HX_REQUEST="true")
    text = partial.content.decode()
    assert "Beta Customer" in text and "Alpha Customer" not in text
    assert "<html" not in text and 'id="complaint-table"' in text


def test_list_query_count_does_not_grow_with_rows(world, django_assert_max_num_queries):
    client = world.client("a1_steward")
    client.get(_list_url(world))  # warm the session and caches
    for _ in range(3):
        _complaint(world)
    with django_assert_max_num_queries(20) as few:
        client.get(_list_url(world))
    for _ in range(20):
        _complaint(world)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(_list_url(world))


def test_steward_responds_closes_and_raises_the_nonconformity(world):
    complaint = _complaint(world)
    client = world.client("a1_steward")
    detail = reverse("improvement:complaint-detail", args=[complaint.pk])
    assert "complaint-raise-nc" in client.get(detail).content.decode()

    bad = client.post(reverse("improvement:complaint-respond", args=[complaint.pk]), {})
    assert bad.status_code == 200 and "invalid-feedback" in bad.content.decode()
    response = client.post(
        reverse("improvement:complaint-respond", args=[complaint.pk]),
        {"response": "Replacement shipped", "responded_on": "2026-04-10"},
    )
    assert response.status_code == 302
    complaint.refresh_from_db()
    assert complaint.status == "responded" and complaint.response == "Replacement shipped"

    raised = client.post(reverse("improvement:complaint-raise-nc", args=[complaint.pk]))
    nc = Nonconformity.objects.get()
    assert raised.status_code == 302
    assert raised.url == reverse("improvement:nc-detail", args=[nc.pk])
    again = client.post(reverse("improvement:complaint-raise-nc", args=[complaint.pk]))
    assert again.url == raised.url and Nonconformity.objects.count() == 1
    body = client.get(detail).content.decode()
    assert nc.number in body and "complaint-raise-nc" not in body

    closed = client.post(reverse("improvement:complaint-close", args=[complaint.pk]))
    assert closed.status_code == 302
    complaint.refresh_from_db()
    assert complaint.status == "closed"
    assert "response-form" not in client.get(detail).content.decode()


def test_closing_an_unanswered_complaint_is_refused_with_a_message(world):
    complaint = _complaint(world)
    client = world.client("a1_admin")
    response = client.post(reverse("improvement:complaint-close", args=[complaint.pk]), follow=True)
    assert "Record the response to the customer" in response.content.decode()
    complaint.refresh_from_db()
    assert complaint.status == "open"


def test_admin_edits_a_complaint(world):
    complaint = _complaint(world)
    url = reverse("improvement:complaint-edit", args=[complaint.pk])
    client = world.client("a1_admin")
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "customer": "Shunda Trading",
            "product": "Hinge",
            "received_on": "2026-04-08",
            "severity": "low",
            "description": "Light scratches",
        },
    )
    assert response.status_code == 302
    complaint.refresh_from_db()
    assert (complaint.customer, complaint.severity) == ("Shunda Trading", "low")
    assert world.client("a1_staff").get(url).status_code == 403
