"""qualift export enterprises --format csv|xlsx [--out FILE] [--as USERNAME]

Text cells that a spreadsheet would run as a formula (=, +, -, @ …) get a leading apostrophe."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from qualift.enterprises import exporting
from qualift.enterprises.management import acting_user
from qualift.enterprises.models import Enterprise
from qualift.tenancy.permissions import can_anywhere


class Command(BaseCommand):
    help = (
        "Write the enterprise list (the import columns plus both size classes) as CSV or XLSX. "
        "Without --out, CSV goes to standard output; XLSX needs --out. --as USER exports only "
        "what that user may see; without it, every enterprise."
    )

    def add_arguments(self, parser):
        parser.add_argument("--format", dest="fmt", choices=("csv", "xlsx"), default="csv")
        parser.add_argument("--out", metavar="FILE", help="file to write (default: stdout, CSV)")
        parser.add_argument("--as", dest="as_user", metavar="USERNAME", help="act as this user")

    def handle(self, *args, fmt: str, out: str | None, as_user: str | None, **options):
        if fmt == "xlsx" and not out:
            raise CommandError(_("--format xlsx needs --out FILE."), returncode=2)
        user = acting_user(as_user)
        if user is None:
            queryset = Enterprise.objects.all()
        else:
            if not can_anywhere(user, "enterprise.export"):
                raise CommandError(
                    _("%(user)s may not export enterprises (their role does not allow it).")
                    % {"user": user.username},
                    returncode=2,
                )
            queryset = Enterprise.objects.visible_to(user)
        rows = exporting.export_queryset(queryset)
        count = rows.count()
        body = exporting.to_xlsx(rows) if fmt == "xlsx" else exporting.to_csv(rows)
        if not out:
            # The byte-order mark is for spreadsheet programs opening a file; not for a pipe.
            self.stdout.write(body.decode("utf-8-sig"), ending="")
            return
        try:
            Path(out).write_bytes(body)
        except OSError as exc:
            raise CommandError(
                _("Cannot write %(file)s: %(reason)s") % {"file": out, "reason": exc.strerror},
                returncode=2,
            ) from exc
        self.stdout.write(_("%(n)d enterprises written to %(file)s.") % {"n": count, "file": out})
