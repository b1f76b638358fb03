"""E-mail reminders for overdue actions: one when an action becomes overdue, then one every
`QUALIFT_REMINDER_EVERY_DAYS` days while it stays overdue. Running twice sends nothing new."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.mail import send_mail
from django.utils import translation
from django.utils.translation import gettext as _

from qualift.improvement.models import CorrectiveAction
from qualift.improvement.selectors import overdue_actions
from qualift.improvement.services.actions import action_reminded

EVERY_DAYS = 7


def due_reminders(today: dt.date):
    """Overdue actions whose owner has not been reminded in the last week."""
    every = getattr(settings, "QUALIFT_REMINDER_EVERY_DAYS", EVERY_DAYS)
    qs = overdue_actions(CorrectiveAction.objects.all(), today).select_related(
        "enterprise", "nonconformity", "owner"
    )
    recent = today - dt.timedelta(days=every)
    return qs.exclude(last_reminder_on__gt=recent).order_by("enterprise_id", "due_on", "id")


def _recipient(action: CorrectiveAction) -> str:
    return action.owner_email or (action.owner.email if action.owner_id else "")


def send_action_reminders(*, today: dt.date, dry_run: bool = False) -> list[dict]:
    """Send the reminders that are due; return one line per action (sent or skipped)."""
    report = []
    for action in due_reminders(today):
        to = _recipient(action)
        line = {
            "kind": "action",
            "id": action.pk,
            "enterprise": action.enterprise.name,
            "title": action.title,
            "due_on": action.due_on.isoformat(),
            "to": to,
            "sent": False,
        }
        if to and not dry_run:
            with translation.override(settings.LANGUAGE_CODE):
                subject = _("Overdue action: %(title)s") % {"title": action.title}
                body = _(
                    "The action “%(title)s” (%(enterprise)s) was due on %(due)s and is not done "
                    "yet.\n\nPlease complete it in Qualift or agree a new date with your quality "
                    "steward."
                ) % {
                    "title": action.title,
                    "enterprise": action.enterprise.name,
                    "due": action.due_on.isoformat(),
                }
            send_mail(subject, body, settings.QUALIFT_EMAIL_FROM, [to])
            action_reminded(action=action, today=today)
            line["sent"] = True
        report.append(line)
    return report
