"""qualift certification-sweep [--today YYYY-MM-DD] [--json]: the daily certification sweep —
expire certificates past their date, propose suspensions for overdue surveillances, withdrawals
for lapsed suspensions and repeated stage 2 audits for stale major NCs. Idempotent: run daily."""

from __future__ import annotations

import datetime as dt
import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from qualift.certification.services.sweep import certification_sweep


class Command(BaseCommand):
    help = _("Expire certificates and raise suspension, withdrawal and stage 2 proposals.")

    def add_arguments(self, parser):
        parser.add_argument("--today", help="the date to act as (YYYY-MM-DD); default today")
        parser.add_argument("--json", action="store_true", help="print the counts as JSON")

    def handle(self, *args, today: str | None, json: bool, **options):
        try:
            day = dt.date.fromisoformat(today) if today else timezone.localdate()
        except ValueError as exc:
            raise CommandError(_("--today must be a date like 2026-11-24"), returncode=2) from exc
        counts = certification_sweep(day)
        if json:
            self.stdout.write(_dumps(counts))
            return
        self.stdout.write(
            _("%(day)s: %(expired)d certificate(s) expired, %(proposals)d proposal(s) raised.")
            % {"day": day.isoformat(), **counts}
        )


def _dumps(counts: dict) -> str:
    return json.dumps(counts, sort_keys=True)
