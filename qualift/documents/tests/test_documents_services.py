"""Document control services (ISO 9001:2015 7.5.2 approval for suitability and adequacy, 7.5.3
control of changes and retention of obsolete documented information): the version lifecycle,
the one-draft rule, uniqueness, the review cycle, file-or-text, withdrawal and permissions."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from qualift.core.models import AuditEvent
from qualift.documents import selectors, services
from qualift.documents.models import ControlledDocument, DocumentVersion
from qualift.documents.services import add_months

pytestmark = pytest.mark.django_db

D = dt.date


def _approve(version, day, actor=None, **extra):
    return services.version_approve(
        actor=actor,
        version=version,
        approved_by_name=extra.get("name", "Wang Wei"),
        approval_meaning=extra.get("meaning", "Approved for use"),
        effective_on=day,
        today=extra.get("today", day),
    )


def test_add_months_clamps_to_the_end_of_shorter_months():
    assert add_months(D(2026, 1, 31), 1) == D(2026, 2, 28)
    assert add_months(D(2024, 1, 31), 1) == D(2024, 2, 29)  # leap year
    assert add_months(D(2025, 11, 15), 12) == D(2026, 11, 15)
    assert add_months(D(2025, 11, 15), 3) == D(2026, 2, 15)
    assert add_months(D(2026, 3, 31), -1) == D(2026, 2, 28)


def test_steward_creates_a_document_with_a_draft_first_version(world):
    steward = world.users["a1_steward"]
    document = services.document_create(
        actor=steward,
        enterprise=world.a1,
        data={"code": " QP-7.5-01 ", "title": "Control of documents", "kind": "procedure"},
        first_version={"version": "1.0", "author": "Li Na", "text": "Who approves what."},
    )
    version = document.versions.get()
    assert document.code == "QP-7.5-01" and document.review_interval_months == 12
    assert (version.status, version.enterprise_id) == ("draft", world.a1.pk)
    assert document.review_due is None and selectors.current_version(document) is None
    event = AuditEvent.objects.get(verb="document.create")
    assert event.actor == steward and event.enterprise_id == world.a1.pk
    assert event.organization == world.a1.organization
    assert event.after["first_version"]["version"] == "1.0"
    assert len(event.after["first_version"]["text_sha256"]) == 64


def test_approving_the_first_version_makes_it_effective_and_sets_the_review_date(
    world, make_document
):
    document = make_document()
    version = document.versions.get()
    admin = world.users["a1_admin"]
    _approve(version, D(2026, 3, 1), actor=admin, name="Wang Wei, GM", meaning="Released")
    version.refresh_from_db()
    document.refresh_from_db()
    assert version.status == "effective" and version.effective_on == D(2026, 3, 1)
    assert (version.approved_by, version.approved_by_name, version.approval_meaning) == (
        admin,
        "Wang Wei, GM",
        "Released",
    )
    assert version.approved_at is not None
    assert document.review_due == D(2027, 3, 1)  # 12 months after the effective date
    assert selectors.current_version(document) == version
    event = AuditEvent.objects.filter(verb="document.approve").latest("seq")
    assert event.before["status"] == "draft" and event.after["status"] == "effective"
    assert event.after["review_due"] == "2027-03-01" and event.after["replaces"] is None
    assert event.reason == "Released"


def test_approving_a_second_version_makes_the_first_obsolete_from_its_date(world, make_document):
    document = make_document(approve_on=D(2025, 6, 1), review_interval_months=24)
    first = document.versions.get()
    second = services.version_draft(
        actor=world.users["a1_steward"],
        document=document,
        data={"version": "2.0", "author": "Li Na", "text": "New text", "change_summary": "7.5.3"},
    )
    assert selectors.current_version(document) == first  # in use until the draft is approved
    _approve(second, D(2026, 2, 10))
    first.refresh_from_db()
    second.refresh_from_db()
    document.refresh_from_db()
    assert (first.status, first.obsolete_on) == ("obsolete", D(2026, 2, 10))
    assert (second.status, second.effective_on) == ("effective", D(2026, 2, 10))
    assert document.review_due == D(2028, 2, 10)
    assert DocumentVersion.objects.filter(document=document).count() == 2  # old one kept
    event = AuditEvent.objects.filter(verb="document.approve").latest("seq")
    assert event.after["replaces"] == {"id": first.pk, "version": "1.0"}


def test_a_future_effective_date_is_allowed_up_to_a_year(world, make_document):
    document = make_document()
    version = document.versions.get()
    today = D(2026, 1, 10)
    with pytest.raises(ValidationError) as exc:
        _approve(version, today + dt.timedelta(days=400), today=today)
    assert "effective_on" in exc.value.message_dict
    _approve(version, D(2026, 2, 1), today=today)
    version.refresh_from_db()
    assert version.status == "effective" and version.effective_on == D(2026, 2, 1)


def test_a_new_version_cannot_take_effect_before_the_one_it_replaces(world, make_document):
    document = make_document(approve_on=D(2026, 1, 1))
    draft = services.version_draft(
        actor=None, document=document, data={"version": "2", "author": "x", "text": "y"}
    )
    with pytest.raises(ValidationError) as exc:
        _approve(draft, D(2025, 12, 1), today=D(2026, 1, 5))
    assert "before the version it replaces" in str(exc.value.message_dict["effective_on"])
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_approval_needs_name_meaning_and_date_and_changes_nothing_without(world, make_document):
    document = make_document()
    version = document.versions.get()
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as exc:
        services.version_approve(
            actor=None,
            version=version,
            approved_by_name=" ",
            approval_meaning="",
            effective_on=None,
        )
    assert set(exc.value.message_dict) == {"approved_by_name", "approval_meaning", "effective_on"}
    version.refresh_from_db()
    assert version.status == "draft" and version.approved_at is None
    assert AuditEvent.objects.count() == events


def test_an_approved_version_cannot_be_approved_again_or_edited(world, make_document):
    document = make_document(approve_on=D(2026, 1, 1))
    version = document.versions.get()
    with pytest.raises(ValidationError, match="Only a draft can be approved"):
        _approve(version, D(2026, 1, 2))
    with pytest.raises(ValidationError, match="Only a draft can be edited"):
        services.version_update(actor=None, version=version, data={"text": "sneaky"})
    version.refresh_from_db()
    assert version.text.startswith("1. Inspect")


def test_only_one_draft_at_a_time(world, make_document):
    document = make_document()
    with pytest.raises(ValidationError, match="still a draft"):
        services.version_draft(
            actor=None, document=document, data={"version": "1.1", "author": "x", "text": "y"}
        )
    assert document.versions.count() == 1


def test_code_is_unique_per_enterprise_with_a_clear_error(world, make_document):
    make_document(code="QP-01")
    with pytest.raises(ValidationError) as exc:
        make_document(code="qp-01")  # case does not make another document
    assert "already used by “Procedure QP-01”" in exc.value.message_dict["code"][0]
    assert ControlledDocument.objects.filter(enterprise=world.a1).count() == 1
    # Another enterprise may use the same code.
    make_document(enterprise=world.a2, code="QP-01")
    other = make_document(code="QP-02")
    with pytest.raises(ValidationError) as exc:
        services.document_update(actor=None, document=other, data={"code": "QP-01"})
    assert "code" in exc.value.message_dict


def test_version_label_is_unique_within_the_document(world, make_document):
    document = make_document(approve_on=D(2026, 1, 1))
    with pytest.raises(ValidationError) as exc:
        services.version_draft(
            actor=None, document=document, data={"version": "1.0", "author": "x", "text": "y"}
        )
    assert exc.value.message_dict["version"] == ["Version 1.0 of this document already exists."]
    services.version_draft(
        actor=None, document=document, data={"version": "1.1", "author": "x", "text": "y"}
    )


def test_text_or_file_is_required(world):
    with pytest.raises(ValidationError) as exc:
        services.document_create(
            actor=None,
            enterprise=world.a1,
            data={"code": "F-01", "title": "Form", "kind": "form"},
            first_version={"version": "1", "author": "x", "text": "   "},
        )
    assert "text" in exc.value.message_dict
    assert not ControlledDocument.objects.exists()  # the document is not left behind
    upload = SimpleUploadedFile("inspection.xlsx", b"PK\x03\x04 sheet", "application/vnd.ms-excel")
    document = services.document_create(
        actor=None,
        enterprise=world.a1,
        data={"code": "F-01", "title": "Form", "kind": "form"},
        first_version={"version": "1", "author": "x", "file": upload},
    )
    version = document.versions.get()
    assert version.file.name.startswith("documents/") and version.file.name.endswith(".xlsx")
    assert version.file.read() == b"PK\x03\x04 sheet"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("macro.exe", b"MZ", "Attach a PDF"),
        ("notes", b"x", "Attach a PDF"),
        ("empty.pdf", b"", "empty"),
    ],
)
def test_bad_files_are_refused(world, name, content, message):
    with pytest.raises(ValidationError) as exc:
        services.document_create(
            actor=None,
            enterprise=world.a1,
            data={"code": "F-09", "title": "Form", "kind": "form"},
            first_version={
                "version": "1",
                "author": "x",
                "file": SimpleUploadedFile(name, content),
            },
        )
    assert message in exc.value.message_dict["file"][0]


def test_files_over_20_mb_are_refused(world):
    big = SimpleUploadedFile("manual.pdf", b"%PDF")
    big.size = 20 * 1024 * 1024 + 1  # the size as the upload handler reports it
    with pytest.raises(ValidationError, match="larger than 20 MB"):
        services.check_upload(big)
    ok = SimpleUploadedFile("manual.PDF", b"%PDF")
    ok.size = 20 * 1024 * 1024
    services.check_upload(ok)


def test_draft_edit_can_replace_text_with_a_file_and_remove_it_again(world, make_document):
    document = make_document()
    version = document.versions.get()
    upload = SimpleUploadedFile("wi.pdf", b"%PDF-1.4")
    services.version_update(actor=None, version=version, data={"text": "", "file": upload})
    version.refresh_from_db()
    assert version.text == "" and version.file.name.endswith(".pdf")
    with pytest.raises(ValidationError, match="Write the text here or attach a file"):
        services.version_update(actor=None, version=version, data={"file": False})
    services.version_update(actor=None, version=version, data={"file": False, "text": "Back"})
    version.refresh_from_db()
    assert not version.file and version.text == "Back"
    assert AuditEvent.objects.filter(verb="document.version_update").count() == 2


def test_reviewed_moves_the_next_review_one_interval_from_the_review(world, make_document):
    document = make_document(approve_on=D(2025, 3, 1), review_interval_months=6)
    assert document.review_due == D(2025, 9, 1)
    services.document_reviewed(
        actor=world.users["a1_steward"],
        document=document,
        note="Still adequate.",
        today=D(2025, 9, 20),
    )
    document.refresh_from_db()
    assert document.review_due == D(2026, 3, 20)
    event = AuditEvent.objects.filter(verb="document.reviewed").latest("seq")
    assert event.reason == "Still adequate."
    assert event.before == {"review_due": "2025-09-01"}
    assert event.after == {"review_due": "2026-03-20", "reviewed_on": "2025-09-20"}


def test_nothing_to_review_before_a_version_is_approved(world, make_document):
    document = make_document()
    with pytest.raises(ValidationError, match="no version has been approved"):
        services.document_reviewed(actor=None, document=document, note="")


def test_changing_the_interval_keeps_the_cycle_start(world, make_document):
    document = make_document(approve_on=D(2026, 1, 15))
    assert document.review_due == D(2027, 1, 15)
    services.document_update(actor=None, document=document, data={"review_interval_months": 6})
    document.refresh_from_db()
    assert document.review_due == D(2026, 7, 15)
    with pytest.raises(ValidationError) as exc:
        services.document_update(actor=None, document=document, data={"review_interval_months": 0})
    assert "review_interval_months" in exc.value.message_dict


def test_withdraw_makes_the_effective_version_obsolete_and_freezes_the_document(
    world, make_document
):
    document = make_document(approve_on=D(2025, 1, 1))
    with pytest.raises(ValidationError) as exc:
        services.document_withdraw(actor=None, document=document, reason=" ")
    assert "reason" in exc.value.message_dict
    services.document_withdraw(
        actor=world.users["a1_admin"],
        document=document,
        reason="Process outsourced",
        today=D(2026, 4, 1),
    )
    document.refresh_from_db()
    version = document.versions.get()
    assert document.is_withdrawn and document.review_due is None
    assert (version.status, version.obsolete_on) == ("obsolete", D(2026, 4, 1))
    assert AuditEvent.objects.get(verb="document.withdraw").reason == "Process outsourced"
    for call in (
        lambda: services.document_reviewed(actor=None, document=document, note=""),
        lambda: services.version_draft(
            actor=None, document=document, data={"version": "2", "author": "x", "text": "y"}
        ),
        lambda: services.document_update(actor=None, document=document, data={"title": "x"}),
        lambda: services.document_withdraw(actor=None, document=document, reason="again"),
    ):
        with pytest.raises(ValidationError, match="withdrawn"):
            call()


@pytest.mark.parametrize(
    "username", ["a1_staff", "cba_auditor1", "cba_admin", "a2_admin", "po_admin"]
)
def test_only_the_enterprise_admin_and_steward_may_write(world, make_document, username):
    user = world.users[username]
    document = make_document(approve_on=D(2026, 1, 1))
    with pytest.raises(PermissionDenied):
        services.document_create(
            actor=user,
            enterprise=world.a1,
            data={"code": "X", "title": "X", "kind": "form"},
            first_version={"version": "1", "author": "x", "text": "y"},
        )
    with pytest.raises(PermissionDenied):
        services.version_draft(
            actor=user, document=document, data={"version": "2", "author": "x", "text": "y"}
        )
    with pytest.raises(PermissionDenied):
        services.document_reviewed(actor=user, document=document, note="")
    with pytest.raises(PermissionDenied):
        services.document_withdraw(actor=user, document=document, reason="x")


def test_documents_due_for_review_lists_overdue_and_soon_in_given_enterprises(world, make_document):
    overdue = make_document(code="A", approve_on=D(2025, 1, 10))  # due 2026-01-10
    soon = make_document(code="B", approve_on=D(2025, 2, 5))  # due 2026-02-05
    make_document(code="C", approve_on=D(2025, 6, 1))  # due 2026-06-01: not yet
    make_document(code="D")  # draft only: no review date
    withdrawn = make_document(code="E", approve_on=D(2025, 1, 1))
    services.document_withdraw(actor=None, document=withdrawn, reason="gone")
    other = make_document(enterprise=world.b1, code="A", approve_on=D(2025, 1, 1))
    due = selectors.documents_due_for_review([world.a1.pk], D(2026, 1, 25), 14)
    assert list(due) == [overdue, soon]
    both = selectors.documents_due_for_review(
        ControlledDocument.objects.values("enterprise_id"), D(2026, 1, 25), 0
    )
    assert list(both) == [other, overdue]
