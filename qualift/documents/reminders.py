"""E-mail each enterprise's quality steward about documents whose periodic review is due.

Safe to run from cron as often as wanted: a document is mentioned at most once every
REMIND_EVERY_DAYS days (its `last_review_reminder_on`), so a second run the same day sends nothing.
One message per enterprise lists all its documents that are due.
"""

from __future__ import annotations

import datetime as dt
from itertools import groupby

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import Q
from django.utils.translation import gettext as _

from qualift.documents.selectors import documents_due_for_review
from qualift.documents.services import document_review_reminded
from qualift.enterprises.models import Enterprise

REMIND_EVERY_DAYS = 7

SENT = "sent"
WOULD_SEND = "would_send"  # dry run
NO_RECIPIENT = "no_recipient"  # the enterprise has no steward e-mail: skipped, counted


def _pending(today: dt.date):
    due = documents_due_for_review(
        Enterprise.objects.values("pk"),
        today,
        settings.QUALIFT_REVIEW_REMINDER_DAYS,
    )
    quiet_since = today - dt.timedelta(days=REMIND_EVERY_DAYS)
    return due.filter(
        Q(last_review_reminder_on__isnull=True) | Q(last_review_reminder_on__lte=quiet_since)
    ).order_by("enterprise_id", "review_due", "code", "pk")


def _message(enterprise, documents, today: dt.date) -> tuple[str, str]:
    subject = _("Documents due for review: %(enterprise)s") % {"enterprise": enterprise.name}
    lines = [
        _("The periodic review of these controlled documents is due:"),
        "",
    ]
    for document in documents:
        state = _("overdue") if document.review_due < today else _("due")
        lines.append(
            f"- {document.code} {document.title}: {document.review_due.isoformat()} ({state})"
        )
    lines += [
        "",
        _(
            "Review each one: approve a new version if it must change, or record "
            "“Reviewed, no change” on its page."
        ),
    ]
    return subject, "\n".join(lines) + "\n"


def send_review_reminders(*, today: dt.date, dry_run: bool = False) -> list[dict]:
    """Send the due review reminders; one result per document (see SENT, WOULD_SEND,
    NO_RECIPIENT). Each sent reminder is recorded on the document with an audit event."""
    results: list[dict] = []
    pending = _pending(today)
    for _enterprise_id, group in groupby(pending, key=lambda d: d.enterprise_id):
        documents = list(group)
        enterprise = documents[0].enterprise
        recipient = (enterprise.steward_email or "").strip()
        if not recipient:
            status = NO_RECIPIENT
        elif dry_run:
            status = WOULD_SEND
        else:
            subject, body = _message(enterprise, documents, today)
            send_mail(subject, body, settings.QUALIFT_EMAIL_FROM, [recipient])
            status = SENT
            for document in documents:
                document_review_reminded(document=document, on=today, recipient=recipient)
        results += [
            {
                "document_id": d.pk,
                "code": d.code,
                "title": d.title,
                "enterprise_id": enterprise.pk,
                "enterprise": enterprise.name,
                "review_due": d.review_due,
                "to": recipient,
                "status": status,
            }
            for d in documents
        ]
    return results
