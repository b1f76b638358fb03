"""qualift import enterprises FILE.csv|FILE.xlsx [--as USERNAME] [--engagement-kind K] [--json]

Every row is checked first; any bad row means nothing is saved and every problem is listed."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from rich.table import Table

from qualift.enterprises import importing, services
from qualift.enterprises.choices import EngagementKind
from qualift.enterprises.management import acting_user, console_for
from qualift.tenancy.permissions import can_anywhere


class Command(BaseCommand):
    help = (
        "Register the enterprises listed in a CSV (UTF-8 or GB18030) or XLSX file, all or none. "
        "Headers may be English or Chinese (name/企业名称, uscc/统一社会信用代码, region/省份, "
        "miit_industry/行业, employees/从业人员, …). On any bad row, every problem (row, column, "
        "reason) is listed, nothing is saved, and the exit status is 2. --as USER acts as that "
        "user, with that user's permissions."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="a .csv or .xlsx file")
        parser.add_argument("--as", dest="as_user", metavar="USERNAME", help="act as this user")
        parser.add_argument(
            "--engagement-kind",
            choices=EngagementKind.values,
            default=EngagementKind.ASSISTANCE,
            help="kind of engagement a certification body opens with what it imports",
        )
        parser.add_argument("--json", action="store_true", help="machine-readable output")

    def handle(self, *args, file: str, as_user: str | None, engagement_kind: str, **options):
        as_json: bool = options["json"]
        user = acting_user(as_user)
        if user is not None and not can_anywhere(user, "enterprise.import"):
            raise CommandError(
                _("%(user)s may not import enterprises (their role does not allow it).")
                % {"user": user.username},
                returncode=2,
            )
        path = Path(file)
        try:
            content = path.read_bytes()
        except OSError as exc:
            raise CommandError(
                _("Cannot read %(file)s: %(reason)s") % {"file": file, "reason": exc.strerror},
                returncode=2,
            ) from exc
        try:
            report = importing.parse_upload(content, path.name)
        except importing.ImportFileError as exc:
            raise CommandError(f"{file}: {exc}", returncode=2) from exc
        if report.errors:
            self._errors(report.errors, as_json)
            raise CommandError(
                _("%(n)d problem(s) in %(rows)d row(s); nothing was imported.")
                % {"n": len(report.errors), "rows": len({e.row for e in report.errors})},
                returncode=2,
            )
        try:
            created = services.enterprise_import(
                actor=user, rows=report.rows, engagement_kind=engagement_kind
            )
        except PermissionDenied as exc:
            raise CommandError(
                _("Not allowed: %(reason)s Nothing was imported.") % {"reason": exc}, returncode=2
            ) from exc
        except ValidationError as exc:
            raise CommandError(
                _("The import was refused: %(reason)s Nothing was imported.")
                % {"reason": " ".join(exc.messages)},
                returncode=2,
            ) from exc
        if as_json:
            payload = {"imported": len(created), "uscc": [e.uscc for e in created]}
            self.stdout.write(json.dumps(payload, ensure_ascii=False))
        else:
            self.stdout.write(
                _("%(n)d enterprises imported from %(file)s.") % {"n": len(created), "file": file}
            )

    def _errors(self, errors: list[importing.RowError], as_json: bool) -> None:
        if as_json:
            rows = [{"row": e.row, "column": e.column, "reason": e.reason} for e in errors]
            self.stdout.write(json.dumps(rows, ensure_ascii=False))
            return
        table = Table(title=_("Rows that cannot be imported"))
        table.add_column(_("Row"), justify="right")
        table.add_column(_("Column"))
        table.add_column(_("Problem"))
        for error in errors:
            table.add_row(str(error.row), error.column, error.reason)
        console_for(self.stderr).print(table)
