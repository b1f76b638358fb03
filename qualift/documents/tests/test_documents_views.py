"""Document control pages: the register with filters and review badges, creating a document with
text or a file, approving, the version history, reviewing, withdrawing, downloads, and who may
do what (steward writes, staff and CB auditors read, program offices and outsiders get 404)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from qualift.core.models import AuditEvent
from qualift.documents import services
from qualift.documents.models import ControlledDocument
from qualift.documents.views import next_label

pytestmark = pytest.mark.django_db


def _create_payload(**extra):
    data = {
        "code": "WI-03",
        "title": "Torque check",
        "kind": "work_instruction",
        "owner_name": "Workshop lead",
        "review_interval_months": 12,
        "version": "1.0",
        "author": "Li Na",
        "change_summary": "",
        "text": "Set the wrench to 25 N·m.",
    }
    return data | extra


def test_next_label_counts_the_last_number_up():
    assert next_label("1.0") == "1.1"
    assert next_label("A/0") == "A/1"
    assert next_label("3") == "4"
    assert next_label("v1.9-rc") == "v1.10-rc"
    assert next_label("draft") == ""


def test_steward_runs_a_document_through_its_life_in_the_ui(world):
    client = world.client("a1_steward")
    today = timezone.localdate()
    response = client.post(
        reverse("documents:document-create", args=[world.a1.pk]), _create_payload()
    )
    document = ControlledDocument.objects.get(code="WI-03")
    assert response.status_code == 302 and response.url == reverse(
        "documents:document-detail", args=[document.pk]
    )
    draft = document.versions.get()
    page = client.get(response.url).content.decode()
    assert "Version 1.0 is a draft" in page and 'class="badge bg-orange-lt version-draft"' in page

    approve_url = reverse("documents:version-approve", args=[draft.pk])
    form = client.get(approve_url).content.decode()
    assert "Set the wrench to 25 N·m." in form and 'value="Approved for use"' in form
    response = client.post(
        approve_url,
        {
            "approved_by_name": "Wang Wei, GM",
            "approval_meaning": "Approved for use",
            "effective_on": today.isoformat(),
        },
    )
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.review_due == services.add_months(today, 12)

    new_url = reverse("documents:version-create", args=[document.pk])
    form = client.get(new_url).content.decode()
    assert 'value="1.1"' in form and "Set the wrench to 25 N·m." in form  # starts from v1.0
    response = client.post(
        new_url,
        {"version": "1.1", "author": "Li Na", "text": "Set to 28 N·m.", "change_summary": "new"},
    )
    assert response.status_code == 302
    second = document.versions.get(version="1.1")
    client.post(
        reverse("documents:version-approve", args=[second.pk]),
        {
            "approved_by_name": "Wang Wei, GM",
            "approval_meaning": "Approved for use",
            "effective_on": today.isoformat(),
        },
    )
    page = client.get(reverse("documents:document-detail", args=[document.pk])).content.decode()
    assert "Set to 28 N·m." in page  # the effective text is shown
    history = page[page.index('id="version-history"') :]
    assert history.count("version-effective") == 1 and history.count("version-obsolete") == 1
    assert "Wang Wei, GM" in history and "recorded by a1_steward" in history

    response = client.post(
        reverse("documents:document-reviewed", args=[document.pk]), {"note": "Still right."}
    )
    assert response.status_code == 302
    assert AuditEvent.objects.filter(verb="document.reviewed", reason="Still right.").exists()

    response = client.post(
        reverse("documents:document-withdraw", args=[document.pk]), {"reason": "Line closed"}
    )
    assert response.status_code == 302
    page = client.get(reverse("documents:document-detail", args=[document.pk])).content.decode()
    assert 'id="withdrawal"' in page and "Line closed" in page
    assert "No effective version" in page
    assert reverse("documents:version-create", args=[document.pk]) not in page


def test_future_effective_date_shows_effective_from(world, make_document):
    document = make_document()
    later = timezone.localdate() + dt.timedelta(days=30)
    services.version_approve(
        actor=None,
        version=document.versions.get(),
        approved_by_name="GM",
        approval_meaning="Approved for use",
        effective_on=later,
    )
    page = (
        world.client("a1_staff")
        .get(reverse("documents:document-detail", args=[document.pk]))
        .content.decode()
    )
    assert f"effective from {later.isoformat()}" in page


def test_create_form_shows_every_error_inline_and_saves_nothing(world, make_document):
    make_document(code="WI-03")
    events = AuditEvent.objects.count()
    response = world.client("a1_admin").post(
        reverse("documents:document-create", args=[world.a1.pk]),
        _create_payload(text=""),
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Write the text here or attach a file." in body  # the version's error
    assert "The code WI-03 is already used by" in body  # and the document's, together
    assert ControlledDocument.objects.filter(enterprise=world.a1).count() == 1
    assert AuditEvent.objects.count() == events


def test_approve_form_requires_name_and_meaning(world, make_document):
    document = make_document()
    version = document.versions.get()
    response = world.client("a1_admin").post(
        reverse("documents:version-approve", args=[version.pk]),
        {"approved_by_name": "", "approval_meaning": "", "effective_on": ""},
    )
    assert response.status_code == 200
    assert response.content.decode().count("This field is required.") == 3
    version.refresh_from_db()
    assert version.status == "draft"


def test_a_file_version_is_uploaded_and_downloaded_by_readers_only(world):
    client = world.client("a1_steward")
    upload = SimpleUploadedFile("Quality manual.pdf", b"%PDF-1.4 manual", "application/pdf")
    payload = _create_payload(code="QM", kind="manual", text="", file=upload)
    response = client.post(reverse("documents:document-create", args=[world.a1.pk]), payload)
    assert response.status_code == 302
    version = ControlledDocument.objects.get(code="QM").versions.get()
    url = reverse("documents:version-download", args=[version.pk])
    download = world.client("cba_auditor1").get(url)
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"%PDF-1.4 manual"
    assert 'attachment; filename="QM-v1.0.pdf"' == download["Content-Disposition"]
    for outsider in ("po_admin", "a2_admin", "cbb_admin"):
        assert world.client(outsider).get(url).status_code == 404


def test_bad_upload_is_refused_in_the_form(world):
    upload = SimpleUploadedFile("virus.exe", b"MZ")
    response = world.client("a1_steward").post(
        reverse("documents:document-create", args=[world.a1.pk]),
        _create_payload(text="", file=upload),
    )
    assert "Attach a PDF" in response.content.decode()
    assert not ControlledDocument.objects.exists()


def test_text_version_downloads_as_markdown(world, make_document):
    document = make_document(code="QP 7/5")
    response = world.client("a1_staff").get(
        reverse("documents:version-download", args=[document.versions.get().pk])
    )
    assert response["Content-Type"] == "text/markdown; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="QP-7-5-v1.0.md"'
    assert response.content.decode() == "1. Inspect.\n2. Record."


def test_register_filters_searches_and_badges(world, make_document):
    today = timezone.localdate()
    make_document(code="QP-01", title="Overdue one", approve_on=today - dt.timedelta(days=400))
    make_document(code="QP-02", title="Soon one", approve_on=today - dt.timedelta(days=360))
    make_document(code="QP-03", title="Fresh one", approve_on=today, kind="form")
    make_document(code="QP-04", title="Unapproved one")
    gone = make_document(code="QP-05", title="Gone one", approve_on=today)
    services.document_withdraw(actor=None, document=gone, reason="x")
    make_document(enterprise=world.a2, code="QP-99", title="Sibling document")
    client = world.client("a1_staff")
    url = reverse("documents:document-list", args=[world.a1.pk])
    page = client.get(url).content.decode()
    assert "review overdue" in page and "due soon" in page and "Sibling document" not in page
    assert 'id="quality-tabs"' in page

    def codes(**params):
        body = client.get(url, params).content.decode()
        return [c for c in ("QP-01", "QP-02", "QP-03", "QP-04", "QP-05") if f">{c}<" in body]

    assert codes(status="due") == ["QP-01", "QP-02"]
    assert codes(status="current") == ["QP-01", "QP-02", "QP-03"]
    assert codes(status="draft") == ["QP-04"]
    assert codes(status="withdrawn") == ["QP-05"]
    assert codes(status="obsolete") == ["QP-05"]  # its effective version became obsolete
    assert codes(kind="form") == ["QP-03"]
    assert codes(q="soon") == ["QP-02"]
    assert codes(q="qp-04") == ["QP-04"]
    partial = client.get(url, {"q": "fresh"}, HTTP_HX_REQUEST="true").content.decode()
    assert partial.lstrip().startswith('<div class="table-responsive">') and "QP-03" in partial


def test_register_lists_in_few_queries(world, make_document, django_assert_max_num_queries):
    for n in range(30):
        make_document(code=f"QP-{n:02d}", approve_on=timezone.localdate())
    client = world.client("a1_steward")
    with django_assert_max_num_queries(12):
        response = client.get(reverse("documents:document-list", args=[world.a1.pk]))
    assert response.status_code == 200 and "QP-24" in response.content.decode()
    assert "QP-25" not in response.content.decode()  # 25 per page


def test_staff_and_cb_auditor_read_but_get_403_on_writes(world, make_document):
    document = make_document(approve_on=timezone.localdate())
    version = document.versions.get()
    for username in ("a1_staff", "cba_auditor1"):
        client = world.client(username)
        page = client.get(reverse("documents:document-detail", args=[document.pk]))
        assert page.status_code == 200 and "1. Inspect." in page.content.decode()
        assert reverse("documents:document-edit", args=[document.pk]) not in page.content.decode()
        posts = [
            (reverse("documents:document-create", args=[world.a1.pk]), _create_payload()),
            (reverse("documents:document-edit", args=[document.pk]), {"title": "x"}),
            (reverse("documents:version-create", args=[document.pk]), {"version": "9"}),
            (reverse("documents:document-reviewed", args=[document.pk]), {}),
            (reverse("documents:document-withdraw", args=[document.pk]), {"reason": "x"}),
            (reverse("documents:version-approve", args=[version.pk]), {}),
        ]
        for url, data in posts:
            assert client.post(url, data).status_code == 403, (username, url)
    assert not AuditEvent.objects.filter(actor__username__in=["a1_staff", "cba_auditor1"])


@pytest.mark.parametrize("username", ["po_admin", "po_viewer", "a2_admin", "cbb_admin", "b1_admin"])
def test_program_office_and_outsiders_get_404(world, make_document, username):
    document = make_document(approve_on=timezone.localdate())
    client = world.client(username)
    for url in (
        reverse("documents:document-list", args=[world.a1.pk]),
        reverse("documents:document-detail", args=[document.pk]),
        reverse("documents:document-reviewed", args=[document.pk]),
    ):
        assert client.get(url).status_code == 404, url
    assert (
        client.post(
            reverse("documents:document-withdraw", args=[document.pk]), {"reason": "x"}
        ).status_code
        == 404
    )


def test_anonymous_is_sent_to_login(world, make_document):
    document = make_document()
    response = world.client(None).get(reverse("documents:document-detail", args=[document.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_second_draft_redirects_to_the_open_one(world, make_document):
    document = make_document()
    draft = document.versions.get()
    response = world.client("a1_steward").get(
        reverse("documents:version-create", args=[document.pk])
    )
    assert response.status_code == 302
    assert response.url == reverse("documents:version-edit", args=[draft.pk])


def test_an_effective_version_is_not_editable_in_the_ui(world, make_document):
    document = make_document(approve_on=timezone.localdate())
    version = document.versions.get()
    response = world.client("a1_steward").post(
        reverse("documents:version-edit", args=[version.pk]),
        {"version": "1.0", "author": "x", "text": "changed"},
    )
    assert response.status_code == 302
    version.refresh_from_db()
    assert version.text.startswith("1. Inspect")
