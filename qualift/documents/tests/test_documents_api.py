"""/api/v1/documents/: list and read with nested versions, filters, create (JSON and multipart),
PATCH, approve, reviewed, new versions, withdraw; errors in the API's JSON shape, never a 500."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from rest_framework.test import APIClient

from qualift.api.tests.helpers import assert_error, last_event, results
from qualift.documents import services
from qualift.documents.models import ControlledDocument

pytestmark = pytest.mark.django_db

URL = "/api/v1/documents/"


@pytest.fixture
def api(world):
    def make(username: str | None) -> APIClient:
        client = APIClient()
        if username:
            client.force_authenticate(world.users[username])
        return client

    return make


def _body(world, **extra):
    return {
        "enterprise": world.a1.pk,
        "code": "QP-8.4",
        "title": "Purchasing",
        "kind": "procedure",
        "first_version": {"version": "A/0", "author": "Li Na", "text": "Approved suppliers."},
    } | extra


def test_steward_creates_approves_and_reads_a_document(world, api):
    client = api("a1_steward")
    response = client.post(URL, _body(world), format="json")
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["current_version"] is None and created["review_interval_months"] == 12
    [draft] = created["versions"]
    assert draft["status"] == "draft" and draft["text"] == "Approved suppliers."
    assert draft["download_url"].endswith(f"/documents/versions/{draft['id']}/download/")
    assert last_event("document.create").actor == world.users["a1_steward"]

    today = timezone.localdate()
    response = client.post(
        f"{URL}{created['id']}/approve/",
        {
            "version": draft["id"],
            "approved_by_name": "Wang Wei",
            "approval_meaning": "Approved for use",
            "effective_on": today.isoformat(),
        },
        format="json",
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["current_version"] == "A/0"
    assert body["review_due"] == services.add_months(today, 12).isoformat()
    version = body["versions"][0]
    assert (version["status"], version["approved_by"], version["approved_by_name"]) == (
        "effective",
        "a1_steward",
        "Wang Wei",
    )

    response = client.post(
        f"{URL}{created['id']}/versions/",
        {"version": "A/1", "author": "Li Na", "text": "Two suppliers per part."},
        format="json",
    )
    assert response.status_code == 201
    assert [v["status"] for v in response.json()["versions"]] == ["draft", "effective"]

    reader = api("cba_auditor1")
    detail = reader.get(f"{URL}{created['id']}/").json()
    assert [v["version"] for v in detail["versions"]] == ["A/1", "A/0"]


def test_create_reports_errors_per_field_and_saves_nothing(world, api, make_document):
    make_document(code="QP-8.4")
    client = api("a1_admin")
    body = _body(world, first_version={"version": "", "author": "x", "text": ""})
    error = assert_error(client.post(URL, body, format="json"), 400, "invalid")
    assert "first_version" in error["fields"]
    body = _body(world, first_version={"version": "1", "author": "x", "text": ""})
    error = assert_error(client.post(URL, body, format="json"), 400, "invalid")
    assert any("already used" in m for m in error["fields"]["code"])
    assert error["fields"]["first_version"] == ["text: Write the text here or attach a file."]
    error = assert_error(client.post(URL, _body(world, enterprise=world.b1.pk), format="json"), 400)
    assert error["fields"]["enterprise"] == ["Not found."]  # another tenant's enterprise
    assert ControlledDocument.objects.count() == 1


def test_create_with_a_file_by_multipart(world, api):
    upload = SimpleUploadedFile("form.docx", b"PK docx bytes")
    response = api("a1_steward").post(
        URL,
        {
            "enterprise": world.a1.pk,
            "code": "F-12",
            "title": "Incoming inspection record",
            "kind": "form",
            "first_version.version": "1",
            "first_version.author": "Li Na",
            "first_version.file": upload,
        },
        format="multipart",
    )
    assert response.status_code == 201, response.content
    assert response.json()["versions"][0]["file_name"].endswith(".docx")
    document = ControlledDocument.objects.get(pk=response.json()["id"])
    assert document.versions.get().file.read() == b"PK docx bytes"
    services.version_approve(
        actor=None,
        version=document.versions.get(),
        approved_by_name="W",
        approval_meaning="ok",
        effective_on=timezone.localdate(),
    )
    bad = api("a1_steward").post(
        f"{URL}{document.pk}/versions/",
        {"version": "2", "author": "x", "file": SimpleUploadedFile("x.exe", b"MZ")},
        format="multipart",
    )
    error = assert_error(bad, 400)
    assert error["fields"]["file"][0].startswith("Attach a PDF")


def test_approve_errors_are_clear(world, api, make_document):
    document = make_document()
    other = make_document(code="OTHER")
    client = api("a1_admin")
    url = f"{URL}{document.pk}/approve/"
    error = assert_error(client.post(url, {}, format="json"), 400)
    assert set(error["fields"]) == {
        "version",
        "approved_by_name",
        "approval_meaning",
        "effective_on",
    }
    foreign = other.versions.get().pk  # a version of another document
    body = {
        "version": foreign,
        "approved_by_name": "W",
        "approval_meaning": "ok",
        "effective_on": "2026-01-01",
    }
    error = assert_error(client.post(url, body, format="json"), 400)
    assert error["fields"]["version"] == ["Not found."]
    far = (timezone.localdate() + dt.timedelta(days=800)).isoformat()
    body |= {"version": document.versions.get().pk, "effective_on": far}
    error = assert_error(client.post(url, body, format="json"), 400)
    assert error["fields"]["effective_on"] == ["The effective date can be at most a year ahead."]
    body["effective_on"] = "2026-02-30"
    assert_error(client.post(url, body, format="json"), 400)


def test_reviewed_moves_the_review_date(world, api, make_document):
    document = make_document(approve_on=dt.date(2024, 1, 1))
    response = api("a1_steward").post(
        f"{URL}{document.pk}/reviewed/", {"note": "Still adequate"}, format="json"
    )
    assert response.status_code == 200
    expected = services.add_months(timezone.localdate(), 12).isoformat()
    assert response.json()["review_due"] == expected
    assert last_event("document.reviewed").reason == "Still adequate"
    draft_only = make_document(code="NEW")
    error = assert_error(
        api("a1_steward").post(f"{URL}{draft_only.pk}/reviewed/", {}, format="json"), 400
    )
    assert "no version has been approved" in error["detail"]


def test_patch_changes_fields_and_not_the_enterprise(world, api, make_document):
    document = make_document(approve_on=dt.date(2026, 1, 15))
    response = api("a1_admin").patch(
        f"{URL}{document.pk}/",
        {"title": "Purchasing and suppliers", "review_interval_months": 6, "enterprise": 1},
        format="json",
    )
    assert response.status_code == 200, response.content
    document.refresh_from_db()
    assert document.title == "Purchasing and suppliers" and document.enterprise == world.a1
    assert document.review_due == dt.date(2026, 7, 15)
    error = assert_error(
        api("a1_admin").patch(f"{URL}{document.pk}/", {"review_interval_months": 0}, format="json"),
        400,
    )
    assert "review_interval_months" in error["fields"]
    assert_error(api("a1_admin").put(f"{URL}{document.pk}/", {}, format="json"), 405)


def test_withdraw_needs_a_reason(world, api, make_document):
    document = make_document(approve_on=dt.date(2026, 1, 1))
    client = api("a1_admin")
    assert_error(client.post(f"{URL}{document.pk}/withdraw/", {}, format="json"), 400)
    response = client.post(f"{URL}{document.pk}/withdraw/", {"reason": "Merged"}, format="json")
    assert response.status_code == 200
    assert response.json()["is_withdrawn"] is True and response.json()["current_version"] is None


def test_filters_enterprise_kind_and_due_for_review(world, api, make_document):
    today = timezone.localdate()
    due = make_document(code="DUE", approve_on=today - dt.timedelta(days=370))
    fresh = make_document(code="FRESH", approve_on=today, kind="form")
    sibling = make_document(enterprise=world.a2, code="SIB", approve_on=today)
    client = api("cba_auditor1")
    ids = lambda **p: [row["id"] for row in results(client.get(URL, p))]  # noqa: E731
    assert sorted(ids()) == sorted([due.pk, fresh.pk, sibling.pk])
    assert sorted(ids(enterprise=world.a1.pk)) == sorted([due.pk, fresh.pk])
    assert ids(kind="form") == [fresh.pk]
    assert ids(due_for_review="true") == [due.pk]
    assert sorted(ids(due_for_review="false")) == sorted([fresh.pk, sibling.pk])
    assert ids(q="fre") == [fresh.pk]
    assert_error(client.get(URL, {"kind": "memo"}), 400)
    assert_error(client.get(URL, {"enterprise": "abc"}), 400)


def test_readers_and_outsiders(world, api, make_document):
    document = make_document(approve_on=dt.date(2026, 1, 1))
    detail = f"{URL}{document.pk}/"
    for reader in ("a1_staff", "cba_auditor1"):
        client = api(reader)
        assert client.get(detail).status_code == 200
        assert_error(client.patch(detail, {"title": "x"}, format="json"), 403)
        assert_error(client.post(f"{detail}reviewed/", {}, format="json"), 403)
        assert_error(client.post(URL, _body(world), format="json"), 403)
    # A staff member holds no document.change anywhere: refused before the body is read.
    for outsider in ("po_admin", "a2_admin", "cbb_admin", "b1_admin"):
        client = api(outsider)
        assert results(client.get(URL, {"enterprise": world.a1.pk})) == []
        assert_error(client.get(detail), 404)
        assert_error(client.post(f"{detail}approve/", {}, format="json"), 404)
    assert_error(api(None).get(URL), 401)
    assert_error(api("a1_admin").get(f"{URL}abc/"), 404)


def test_list_query_count_does_not_grow_with_documents(
    world, api, make_document, django_assert_max_num_queries
):
    for n in range(15):
        document = make_document(code=f"QP-{n}", approve_on=dt.date(2025, 1, 1))
        services.version_draft(
            actor=None, document=document, data={"version": "2", "author": "x", "text": "y"}
        )
    with django_assert_max_num_queries(8):
        rows = results(api("a1_admin").get(URL))
    assert len(rows) == 15 and all(len(row["versions"]) == 2 for row in rows)
