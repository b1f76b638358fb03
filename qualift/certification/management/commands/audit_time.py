"""qualift audit-time: the IAF MD 5 audit time for a QMS client, with its justification.

--employees N [--part-time-fte X] [--shift-staff S --shifts K] [--adjust "+10:reason"]
[--adjust=-20:reason ...] [--stage1-share 1/3] [--json]
(a reduction is written --adjust=-20:reason: argparse would read "-20:…" as an option)
"""

from __future__ import annotations

import json
from fractions import Fraction

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rich.markup import escape
from rich.table import Table

from qualift.certification.audit_time import AuditTimeError, audit_time, parse_adjustment
from qualift.certification.choices import Stage1Share
from qualift.enterprises.management import console_for

ROWS = (
    ("effective_personnel", gettext_lazy("Effective personnel")),
    ("table_days", gettext_lazy("Table QMS 1 (auditor-days)")),
    ("adjustment_pct", gettext_lazy("Adjustment applied (%)")),
    ("initial_days", gettext_lazy("Initial audit")),
    ("stage1_days", gettext_lazy("Stage 1")),
    ("stage2_days", gettext_lazy("Stage 2")),
    ("surveillance_days", gettext_lazy("Surveillance")),
    ("recertification_days", gettext_lazy("Recertification")),
    ("onsite_min_days", gettext_lazy("On site at least")),
)
OPTION = {
    "employees": "--employees",
    "part_time_fte": "--part-time-fte",
    "shift_staff": "--shift-staff",
    "shifts": "--shifts",
    "stage1_share": "--stage1-share",
}


class Command(BaseCommand):
    help = (
        "Audit time (auditor-days) for a QMS client after IAF MD 5 Table QMS 1: effective "
        "personnel (part-timers as full-time equivalents; shift staff ÷ (shifts − 1)), "
        "adjustments (a net reduction is capped at 30 %), rounded to the half day."
    )

    def add_arguments(self, parser):
        parser.add_argument("--employees", required=True, help="full-time staff in scope")
        parser.add_argument("--part-time-fte", default="0", help="part-time staff as FTE")
        parser.add_argument("--shift-staff", help="staff working in shifts (needs --shifts)")
        parser.add_argument("--shifts", help="number of shifts, 2 or more")
        parser.add_argument(
            "--adjust",
            action="append",
            default=[],
            metavar="±PCT:REASON",
            help=(
                'an adjustment, e.g. "+10:two sites" or --adjust="-20:simple processes" '
                "(a reduction needs the = form); repeatable"
            ),
        )
        parser.add_argument("--stage1-share", default="1/3", choices=Stage1Share.values)
        parser.add_argument("--json", action="store_true", help="machine-readable output")

    def handle(self, *args, **options):
        try:
            adjustments = [parse_adjustment(text) for text in options["adjust"]]
        except ValueError as exc:
            raise CommandError(f"--adjust: {exc}", returncode=2) from exc
        try:
            result = audit_time(
                employees=_whole(options["employees"], "--employees"),
                part_time_fte=options["part_time_fte"],
                shift_staff=_whole(options["shift_staff"], "--shift-staff"),
                shifts=_whole(options["shifts"], "--shifts"),
                adjustments=adjustments,
                stage1_share=Fraction(options["stage1_share"]),
            )
        except AuditTimeError as exc:
            raise CommandError(f"{OPTION.get(exc.field, exc.field)}: {exc}", returncode=2) from exc
        data = result.as_dict()
        if options["json"]:
            self.stdout.write(json.dumps(data, ensure_ascii=False))
            return
        table = Table(show_header=False, box=None)
        for key, label in ROWS:
            table.add_row(str(label), str(data[key]))
        console = console_for(self.stdout)
        console.print(table)
        console.print(escape(result.justification))


def _whole(text: str | None, option: str) -> int | None:
    if text is None:
        return None
    cleaned = text.strip()
    if not (cleaned.isascii() and cleaned.lstrip("-").isdigit()):
        raise CommandError(
            _("%(option)s must be a whole number, not %(value)r.")
            % {"option": option, "value": text},
            returncode=2,
        )
    return int(cleaned)
