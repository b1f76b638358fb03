"""qualift classify-size: an enterprise's size class under MIIT 2011 or EU 2003/361/EC.

--scheme miit2011 --industry ROW --employees N --revenue X --assets Y   (X, Y in 10,000 CNY)
--scheme eu2003 --employees N --turnover-eur X --balance-sheet-eur Y
"""

from __future__ import annotations

import json
from decimal import Decimal, InvalidOperation

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from rich.markup import escape
from rich.table import Table

from qualift.enterprises.management import console_for
from qualift.enterprises.sizing import (
    MissingIndicator,
    classify_eu2003,
    classify_miit2011,
    miit_row,
)

OPTION = {
    "industry": "--industry",
    "employees": "--employees",
    "revenue": "--revenue",
    "assets": "--assets",
    "turnover_eur": "--turnover-eur",
    "balance_sheet_eur": "--balance-sheet-eur",
}
USED_BY = {
    "miit2011": ("industry", "employees", "revenue", "assets"),
    "eu2003": ("employees", "turnover_eur", "balance_sheet_eur"),
}
SCHEME_LABELS = {
    "miit2011": "MIIT 2011 (工信部联企业〔2011〕300号)",
    "eu2003": "EU Recommendation 2003/361/EC",
}


class Command(BaseCommand):
    help = (
        "Classify an enterprise as micro, small, medium or large. MIIT 2011 needs --industry "
        "(row 1-16 or its slug, e.g. industry, retail, software-it) and the indicators of that "
        "row (--employees, --revenue, --assets; money in 10,000 CNY). EU 2003/361/EC needs "
        "--employees and --turnover-eur or --balance-sheet-eur (euros)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scheme", required=True, choices=tuple(USED_BY))
        parser.add_argument("--industry", help="MIIT 2011 industry row 1-16 or slug")
        parser.add_argument("--employees", help="number of employees")
        parser.add_argument("--revenue", help="operating revenue, 10,000 CNY (MIIT)")
        parser.add_argument("--assets", help="total assets, 10,000 CNY (MIIT)")
        parser.add_argument("--turnover-eur", help="annual turnover, EUR (EU)")
        parser.add_argument("--balance-sheet-eur", help="annual balance-sheet total, EUR (EU)")
        parser.add_argument("--json", action="store_true", help="machine-readable output")

    def handle(self, *args, scheme: str, **options):
        given = {name: options[name] for name in OPTION if options.get(name) is not None}
        unused = [OPTION[name] for name in given if name not in USED_BY[scheme]]
        if unused:
            raise CommandError(
                _("%(options)s not used by the %(scheme)s scheme.")
                % {"options": ", ".join(unused), "scheme": scheme},
                returncode=2,
            )
        values = {
            name: _count(text) if name == "employees" else _amount(name, text)
            for name, text in given.items()
            if name != "industry"
        }
        try:
            if scheme == "miit2011":
                if "industry" not in given:
                    raise CommandError(
                        _("--scheme miit2011 needs --industry (row 1-16 or its slug)."),
                        returncode=2,
                    )
                try:
                    row = miit_row(given["industry"])
                except ValueError as exc:
                    raise CommandError(str(exc), returncode=2) from exc
                result = classify_miit2011(row.number, **values)
            else:
                result = classify_eu2003(employees=values.pop("employees", None), **values)
        except MissingIndicator as exc:
            options_needed = " / ".join(OPTION[name] for name in exc.indicators)
            raise CommandError(
                _("%(reason)s (give %(options)s)") % {"reason": exc, "options": options_needed},
                returncode=2,
            ) from exc
        except ValueError as exc:
            raise CommandError(str(exc), returncode=2) from exc
        if options["json"]:
            self.stdout.write(json.dumps(result.to_dict(), ensure_ascii=False))
            return
        table = Table(show_header=False, box=None)
        table.add_row(_("Scheme"), SCHEME_LABELS[scheme])
        table.add_row(_("Size"), f"[bold]{result.size}[/bold]")
        table.add_row(_("Reason"), escape(result.reason))
        console_for(self.stdout).print(table)


def _count(text: str) -> int:
    cleaned = text.strip().replace(",", "")
    if not cleaned.isdigit():
        raise CommandError(
            _("--employees must be a whole number of people (0 or more), not %(value)r.")
            % {"value": text},
            returncode=2,
        )
    return int(cleaned)


def _amount(name: str, text: str) -> Decimal:
    try:
        value = Decimal(text.strip().replace(",", ""))
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite() or value < 0:
        raise CommandError(
            _("%(option)s must be a number, 0 or more, not %(value)r.")
            % {"option": OPTION[name], "value": text},
            returncode=2,
        )
    return value
