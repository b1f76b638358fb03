"""Operator edits in /admin/ leave audit events; domain records are read-only there."""

from __future__ import annotations

import pytest

from qualift.core.audit import verify_chain
from qualift.core.models import AuditEvent
from qualift.tenancy.models import Organization, User

pytestmark = pytest.mark.django_db


def test_admin_change_of_an_organisation_is_audited(world, client):
    root = User.objects.create_superuser("root", password="x")
    client.force_login(root)
    url = f"/admin/tenancy/organization/{world.cb_b.pk}/change/"
    response = client.post(
        url,
        {
            "kind": "certification_body",
            "name": "CB renamed",
            "name_en": "",
            "code": "CNCA-R-2002-001",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    event = AuditEvent.objects.get(verb="admin.organization.update")
    assert event.before["name"].startswith("CB CANARY-CBB") and event.after["name"] == "CB renamed"
    assert Organization.objects.get(pk=world.cb_b.pk).name == "CB renamed"
    assert verify_chain().ok


def test_admin_cannot_edit_enterprises(world, client):
    client.force_login(User.objects.create_superuser("root", password="x"))
    response = client.get(f"/admin/enterprises/enterprise/{world.a1.pk}/change/")
    assert response.status_code == 200
    assert 'name="_save"' not in response.content.decode()
    assert client.get("/admin/enterprises/enterprise/add/").status_code == 403
