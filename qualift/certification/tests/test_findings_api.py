"""/api/v1/findings/: raise, filter, respond, review, verify; JSON errors."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from qualift.certification.choices import AuditStatus
from qualift.certification.models import Audit, Finding
from tests import test_permission_matrix  # noqa: F401  (loads the matrix rows first)
from tests.matrix_rows._certification import world_audits

pytestmark = pytest.mark.django_db


def api(world, user: str) -> APIClient:
    client = APIClient()
    client.force_authenticate(world.users[user])
    return client


def test_leader_and_client_run_the_loop_over_the_api(world):
    audit = world_audits(world)["a1"]
    Audit.objects.filter(pk=audit.pk).update(status=AuditStatus.IN_PROGRESS)
    leader, client = api(world, "cba_auditor1"), api(world, "a1_admin")
    body = {
        "audit": audit.pk,
        "grade": "minor",
        "clause": "7.2",
        "statement": "Training plan missing",
        "evidence": "Asked HR",
    }
    created = leader.post("/api/v1/findings/", body, format="json")
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert created.json()["status"] == "open" and created.json()["nonconformity"]
    bad = leader.post("/api/v1/findings/", {**body, "clause": "99.9"}, format="json")
    assert bad.status_code == 400 and "clause" in bad.json()["fields"]
    assert client.post("/api/v1/findings/", body, format="json").status_code == 403
    listed = client.get("/api/v1/findings/?overdue=false&grade=minor").json()
    assert [row["id"] for row in listed["results"]] == [pk]
    assert client.get("/api/v1/findings/?audit=abc").status_code == 400
    respond = {"correction": "c", "root_cause": "r", "corrective_action": "a"}
    response = client.post(f"/api/v1/findings/{pk}/respond/", respond, format="json")
    assert response.status_code == 200 and response.json()["status"] == "responded"
    response_id = response.json()["responses"][0]["id"]
    again = client.post(f"/api/v1/findings/{pk}/respond/", respond, format="json")
    assert again.status_code == 400 and "status" in again.json()["fields"]
    review = {"response": response_id, "accept": False, "comment": ""}
    refused = leader.post(f"/api/v1/findings/{pk}/review/", review, format="json")
    assert refused.status_code == 400 and "comment" in refused.json()["fields"]
    review["accept"] = True
    assert (
        leader.post(f"/api/v1/findings/{pk}/review/", review, format="json").json()["status"]
        == "accepted"
    )
    verified = leader.post(f"/api/v1/findings/{pk}/verify/", {"note": "Seen"}, format="json")
    assert verified.status_code == 200 and verified.json()["status"] == "verified"
    assert Finding.objects.get(pk=pk).verified_by == world.users["cba_auditor1"]
    # Another CB's user: 404.
    assert api(world, "cbb_admin").get(f"/api/v1/findings/{pk}/").status_code == 404
