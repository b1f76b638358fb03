"""Authentication (token and session), the OpenAPI schema and the Swagger UI page."""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from qualift.core.testing import PASSWORD

from .helpers import assert_error, results

pytestmark = pytest.mark.django_db

TOKEN_URL = "/api/v1/auth/token/"
RESOURCES = (
    "organizations",
    "enterprises",
    "engagements",
    "programs",
    "ledger-entries",
    "policies",
    "audit-events",
    "nonconformities",
    "corrective-actions",
    "complaints",
    "internal-audits",
    "documents",
    "checklist-templates",
)


def test_user_obtains_a_token_and_reads_with_it(world):
    client = APIClient()
    response = client.post(
        TOKEN_URL, {"username": "cba_admin", "password": PASSWORD}, format="json"
    )
    assert response.status_code == 200, response.content
    token = response.json()["token"]
    assert Token.objects.get(user=world.users["cba_admin"]).key == token
    again = client.post(TOKEN_URL, {"username": "cba_admin", "password": PASSWORD})
    assert again.json()["token"] == token  # form-encoded works too; one token per user
    reader = APIClient()
    reader.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    rows = results(reader.get("/api/v1/enterprises/"))
    assert {row["id"] for row in rows} == {world.a1.pk, world.a2.pk}


def test_wrong_password_gets_no_token(world):
    response = APIClient().post(
        TOKEN_URL, {"username": "cba_admin", "password": "wrong"}, format="json"
    )
    body = assert_error(response, 400, "invalid")
    assert body["detail"]
    assert not Token.objects.exists()
    assert_error(APIClient().post(TOKEN_URL, {}, format="json"), 400)
    assert_error(APIClient().get(TOKEN_URL), 405)


def test_unknown_token_is_401(world):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token " + "0" * 40)
    assert_error(client.get("/api/v1/programs/"), 401, "authentication_failed")


def test_session_login_reads_and_csrf_guards_writes(world):
    client = APIClient(enforce_csrf_checks=True)
    assert client.login(username="po_admin", password=PASSWORD)
    assert results(client.get("/api/v1/programs/"))[0]["id"] == world.program.pk
    response = client.patch(f"/api/v1/programs/{world.program.pk}/", {"name": "x"}, format="json")
    assert_error(response, 403)  # no CSRF token with a session cookie
    world.program.refresh_from_db()
    assert world.program.name == "Program CANARY-P1-5c6d"


@pytest.mark.parametrize("resource", RESOURCES)
def test_anonymous_gets_401_on_every_resource(world, resource):
    client = APIClient()
    response = client.get(f"/api/v1/{resource}/")
    assert_error(response, 401, "not_authenticated")
    assert response["WWW-Authenticate"] == "Token"


def test_schema_is_readable_anonymously_and_lists_every_resource(db):
    response = APIClient().get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    paths = response.json()["paths"]
    for resource in RESOURCES:
        assert f"/api/v1/{resource}/" in paths
        assert f"/api/v1/{resource}/{{id}}/" in paths
    assert "/api/v1/engagements/{id}/end/" in paths
    assert "/api/v1/ledger-entries/{id}/move/" in paths
    assert "/api/v1/auth/token/" in paths
    assert "delete" not in paths["/api/v1/enterprises/{id}/"]
    assert set(paths["/api/v1/audit-events/"]) == {"get"}


def test_docs_page_is_readable_anonymously_and_loads_nothing_from_outside(db):
    response = APIClient().get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in html
    assert "/static/vendor/swagger-ui/swagger-ui.css" in html
    assert re.findall(r"(?:https?:)?//[a-z0-9.-]+\.[a-z]{2,}", html, flags=re.I) == []


def test_schema_generates_without_warnings(tmp_path):
    # Fails (SystemExit) on any drf-spectacular warning or OpenAPI validation error.
    call_command(
        "spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yml")
    )
    assert (tmp_path / "schema.yml").read_text().startswith("openapi: 3")
