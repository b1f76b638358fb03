"""Periodic review reminders (issue 3 item 8): one e-mail per enterprise to its quality steward,
each document at most once every 7 days, idempotent when run again, audited."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail

from qualift.core.models import AuditEvent
from qualift.documents import services
from qualift.documents.reminders import send_review_reminders
from qualift.enterprises.models import Enterprise

pytestmark = pytest.mark.django_db

D = dt.date
TODAY = D(2026, 3, 10)


@pytest.fixture
def due_documents(world, make_document, settings):
    settings.QUALIFT_REVIEW_REMINDER_DAYS = 14
    settings.QUALIFT_EMAIL_FROM = "qms@qualift.test"
    Enterprise.objects.filter(pk=world.a1.pk).update(steward_email="steward@a1.test")
    return {
        "overdue": make_document(code="QP-01", approve_on=D(2025, 3, 1)),  # due 2026-03-01
        "soon": make_document(code="QP-02", approve_on=D(2025, 3, 20)),  # due 2026-03-20
        "later": make_document(code="QP-03", approve_on=D(2025, 4, 30)),  # due 2026-04-30
        "draft": make_document(code="QP-04"),
        "b1": make_document(enterprise=world.b1, code="QP-01", approve_on=D(2025, 1, 1)),
    }


def test_steward_gets_one_mail_listing_the_due_documents(world, due_documents):
    results = send_review_reminders(today=TODAY)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["steward@a1.test"] and message.from_email == "qms@qualift.test"
    assert "QP-01 Procedure QP-01: 2026-03-01 (overdue)" in message.body
    assert "QP-02 Procedure QP-02: 2026-03-20 (due)" in message.body
    assert "QP-03" not in message.body and "QP-04" not in message.body
    by_doc = {r["document_id"]: r for r in results}
    assert by_doc[due_documents["overdue"].pk]["status"] == "sent"
    assert by_doc[due_documents["soon"].pk]["status"] == "sent"
    # B1 has no steward e-mail: skipped without a message, but counted.
    assert by_doc[due_documents["b1"].pk]["status"] == "no_recipient"
    assert by_doc[due_documents["b1"].pk]["to"] == ""
    assert len(results) == 3
    for key in ("overdue", "soon"):
        due_documents[key].refresh_from_db()
        assert due_documents[key].last_review_reminder_on == TODAY
    due_documents["b1"].refresh_from_db()
    assert due_documents["b1"].last_review_reminder_on is None
    events = AuditEvent.objects.filter(verb="document.review_reminder")
    assert events.count() == 2
    assert {e.target_id for e in events} == {
        str(due_documents["overdue"].pk),
        str(due_documents["soon"].pk),
    }
    assert all(e.actor is None and e.after["to"] == "steward@a1.test" for e in events)


def test_running_again_the_same_day_sends_nothing(world, due_documents):
    send_review_reminders(today=TODAY)
    events = AuditEvent.objects.count()
    again = send_review_reminders(today=TODAY)
    assert len(mail.outbox) == 1
    assert [r["status"] for r in again] == ["no_recipient"]
    assert AuditEvent.objects.count() == events


def test_reminders_repeat_after_seven_days_not_before(world, due_documents):
    send_review_reminders(today=TODAY)
    send_review_reminders(today=TODAY + dt.timedelta(days=6))
    assert len(mail.outbox) == 1
    send_review_reminders(today=TODAY + dt.timedelta(days=7))
    assert len(mail.outbox) == 2
    assert "QP-01" in mail.outbox[1].body


def test_dry_run_sends_and_records_nothing(world, due_documents):
    events = AuditEvent.objects.count()
    results = send_review_reminders(today=TODAY, dry_run=True)
    assert {r["status"] for r in results} == {"would_send", "no_recipient"}
    assert mail.outbox == [] and AuditEvent.objects.count() == events
    due_documents["overdue"].refresh_from_db()
    assert due_documents["overdue"].last_review_reminder_on is None


def test_withdrawn_or_reviewed_documents_are_not_reminded(world, due_documents):
    services.document_withdraw(actor=None, document=due_documents["overdue"], reason="obsolete")
    services.document_reviewed(actor=None, document=due_documents["soon"], note="", today=TODAY)
    results = send_review_reminders(today=TODAY)
    assert mail.outbox == []
    assert [r["document_id"] for r in results] == [due_documents["b1"].pk]
