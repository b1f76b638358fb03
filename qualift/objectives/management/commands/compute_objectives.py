"""qualift compute-objectives [--enterprise ID] [--today YYYY-MM-DD]: (re)compute every active
roll-up and computed objective (NC and complaint counts, Cpk, action timeliness, training
completion) for all completed periods. Idempotent: safe to run from cron."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from qualift.enterprises.models import Enterprise
from qualift.objectives.choices import DataSource
from qualift.objectives.models import Objective
from qualift.objectives.services.objectives import objectives_compute_all


class Command(BaseCommand):
    help = _("Compute the roll-up and computed quality objectives for all completed periods.")

    def add_arguments(self, parser):
        parser.add_argument("--enterprise", type=int, help="only this enterprise (id)")
        parser.add_argument("--today", help="the date to act as (YYYY-MM-DD); default today")

    def handle(self, *args, enterprise: int | None, today: str | None, **options):
        try:
            day = dt.date.fromisoformat(today) if today else timezone.localdate()
        except ValueError as exc:
            raise CommandError(_("--today must be a date like 2026-11-24"), returncode=2) from exc
        ids = (
            Objective.objects.filter(is_active=True)
            .exclude(source=DataSource.MANUAL)
            .values("enterprise_id")
        )
        enterprises = Enterprise.objects.filter(pk__in=ids).order_by("pk")
        if enterprise is not None:
            enterprises = Enterprise.objects.filter(pk=enterprise)
            if not enterprises.exists():
                raise CommandError(_("No enterprise with id %(id)s.") % {"id": enterprise})
        total = 0
        for ent in enterprises.select_related("organization"):
            n = objectives_compute_all(actor=None, enterprise=ent, today=day)
            total += n
            self.stdout.write(f"{ent.name}: {n}")
        self.stdout.write(_("%(n)d period(s) computed.") % {"n": total})
