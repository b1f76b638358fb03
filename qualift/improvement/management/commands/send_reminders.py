"""qualift send-reminders [--today YYYY-MM-DD] [--dry-run] [--json]: e-mail the owners of overdue
actions and the stewards of documents due for review. Idempotent: safe to run from cron."""

from __future__ import annotations

import datetime as dt
import json as jsonlib

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from qualift.documents.reminders import send_review_reminders
from qualift.improvement.reminders import send_action_reminders


class Command(BaseCommand):
    help = _("E-mail reminders for overdue actions and documents due for review.")

    def add_arguments(self, parser):
        parser.add_argument("--today", help="the date to act as (YYYY-MM-DD); default today")
        parser.add_argument("--dry-run", action="store_true", help="list, send nothing")
        parser.add_argument("--json", action="store_true", help="machine-readable output")

    def handle(self, *args, today: str | None, dry_run: bool, json: bool, **options):
        try:
            day = dt.date.fromisoformat(today) if today else timezone.localdate()
        except ValueError as exc:
            raise CommandError(_("--today must be a date like 2026-11-24"), returncode=2) from exc
        lines = send_action_reminders(today=day, dry_run=dry_run)
        lines += send_review_reminders(today=day, dry_run=dry_run)
        sent = sum(1 for line in lines if line.get("sent"))
        if json:
            self.stdout.write(
                jsonlib.dumps(
                    {"today": day.isoformat(), "sent": sent, "reminders": lines}, ensure_ascii=False
                )
            )
            return
        kinds = {"action": _("action"), "document": _("document")}
        for line in lines:
            mark = "✓" if line.get("sent") else "·"
            to = line.get("to") or _("(no e-mail address)")
            kind = kinds.get(line.get("kind", ""), line.get("kind", ""))
            self.stdout.write(f"{mark} {kind} {line.get('title', '')} → {to}")
        self.stdout.write(_("%(n)d reminder(s) sent.") % {"n": sent})
