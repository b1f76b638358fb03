"""/api/v1/complaints/: scoped lists with filters, create/update through the services, respond,
close, raise-nc (idempotent), JSON errors for bad input, no delete."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone, translation
from rest_framework.test import APIClient

from qualift.core.models import AuditEvent
from qualift.improvement.models import Complaint, Nonconformity
from qualift.improvement.services.complaints import complaint_register

pytestmark = pytest.mark.django_db
URL = "/api/v1/complaints/"


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def _api(world, user: str) -> APIClient:
    client = APIClient()
    client.force_authenticate(world.users[user])
    return client


def _complaint(world, enterprise=None, **extra) -> Complaint:
    data = {
        "customer": "Ningbo Haitian",
        "product": "Flange",
        "received_on": dt.date(2026, 2, 3),
        "description": "Hole pitch out of tolerance",
        "severity": "high",
    }
    data.update(extra)
    return complaint_register(actor=None, enterprise=enterprise or world.a1, data=data)


def _body(world, **extra) -> dict:
    body = {
        "enterprise": world.a1.pk,
        "customer": "Shunda Trading",
        "product": "Hinge",
        "received_on": "2026-04-08",
        "description": "Scratches",
        "severity": "medium",
    }
    body.update(extra)
    return body


def test_steward_creates_a_numbered_complaint(world):
    response = _api(world, "a1_steward").post(URL, _body(world), format="json")
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["number"] == "CMP-2026-001"
    assert data["status"] == "open" and data["nonconformity"] is None
    assert data["enterprise_name"] == world.a1.name
    assert AuditEvent.objects.filter(verb="complaint.create").count() == 1


@pytest.mark.parametrize("user", ["a1_staff", "cba_auditor1", "cba_admin", "po_admin"])
def test_read_only_roles_cannot_create(world, user):
    response = _api(world, user).post(URL, _body(world), format="json")
    assert response.status_code == 403
    assert set(response.json()) == {"error", "detail", "fields"}
    assert not Complaint.objects.exists()


def test_admin_of_another_enterprise_cannot_file_for_a1(world):
    response = _api(world, "b1_admin").post(URL, _body(world), format="json")
    assert response.status_code == 400
    assert response.json()["fields"]["enterprise"] == ["Not found."]
    assert not Complaint.objects.exists()


def test_bad_input_gets_field_errors_and_changes_nothing(world):
    client = _api(world, "a1_steward")
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    response = client.post(URL, _body(world, received_on=tomorrow), format="json")
    assert response.status_code == 400
    assert "received_on" in response.json()["fields"]
    response = client.post(
        URL, _body(world, customer="", severity="extreme", enterprise="x"), format="json"
    )
    fields = response.json()["fields"]
    assert response.status_code == 400
    assert {"customer", "severity", "enterprise"} <= set(fields)
    assert not Complaint.objects.exists()


def test_list_is_scoped_and_filtered(world):
    a1_high = _complaint(world)
    a1_low = _complaint(world, severity="low")
    a2 = _complaint(world, enterprise=world.a2)
    b1 = _complaint(world, enterprise=world.b1)

    def ids(user, **params):
        response = _api(world, user).get(URL, params)
        assert response.status_code == 200
        return {row["id"] for row in response.json()["results"]}

    assert ids("cba_auditor1") == {a1_high.pk, a1_low.pk, a2.pk}
    assert ids("cba_auditor1", enterprise=world.a1.pk) == {a1_high.pk, a1_low.pk}
    assert ids("cba_auditor1", severity="low") == {a1_low.pk}
    assert ids("a1_staff", status="open") == {a1_high.pk, a1_low.pk}
    assert ids("b1_admin") == {b1.pk}
    assert ids("po_admin") == set()
    assert _api(world, "a1_staff").get(URL, {"enterprise": "abc"}).status_code == 400


def test_steward_patches_but_cannot_move_a_complaint_to_another_enterprise(world):
    complaint = _complaint(world)
    response = _api(world, "a1_steward").patch(
        f"{URL}{complaint.pk}/", {"severity": "low", "enterprise": world.a2.pk}, format="json"
    )
    assert response.status_code == 200
    complaint.refresh_from_db()
    assert complaint.severity == "low" and complaint.enterprise == world.a1


def test_staff_cannot_patch_and_outsider_gets_404(world):
    complaint = _complaint(world)
    url = f"{URL}{complaint.pk}/"
    assert _api(world, "a1_staff").patch(url, {"severity": "low"}, format="json").status_code == 403
    assert _api(world, "b1_admin").get(url).status_code == 404
    assert _api(world, "po_admin").get(url).status_code == 404
    assert APIClient().get(url).status_code == 401
    complaint.refresh_from_db()
    assert complaint.severity == "high"


def test_steward_responds_closes_and_raises_the_nc_once(world):
    complaint = _complaint(world)
    client = _api(world, "a1_steward")
    base = f"{URL}{complaint.pk}/"
    assert client.post(f"{base}close/", {}, format="json").status_code == 400
    response = client.post(
        f"{base}respond/",
        {"response": "8D report sent", "responded_on": "2026-02-05"},
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["status"] == "responded"

    first = client.post(f"{base}raise-nc/", format="json")
    assert first.status_code == 201
    nc = Nonconformity.objects.get()
    assert first.json()["nonconformity"] == nc.pk
    assert first.json()["nonconformity_number"] == nc.number
    assert nc.source == "customer_complaint"
    second = client.post(f"{base}raise-nc/", format="json")
    assert second.status_code == 200 and second.json()["nonconformity"] == nc.pk
    assert Nonconformity.objects.count() == 1

    closed = client.post(f"{base}close/", {"note": "customer satisfied"}, format="json")
    assert closed.status_code == 200 and closed.json()["status"] == "closed"
    assert AuditEvent.objects.get(verb="complaint.close").reason == "customer satisfied"


def test_auditor_cannot_respond_or_raise(world):
    complaint = _complaint(world)
    client = _api(world, "cba_auditor1")
    base = f"{URL}{complaint.pk}/"
    assert client.post(f"{base}respond/", {"response": "x"}, format="json").status_code == 403
    assert client.post(f"{base}raise-nc/", format="json").status_code == 403
    assert _api(world, "a1_staff").post(f"{base}raise-nc/", format="json").status_code == 403
    assert not Nonconformity.objects.exists()


def test_complaints_cannot_be_deleted(world):
    complaint = _complaint(world)
    response = _api(world, "a1_admin").delete(f"{URL}{complaint.pk}/")
    assert response.status_code == 405
    assert Complaint.objects.filter(pk=complaint.pk).exists()
