"""qualift check-uscc CODE [--json]: check a unified social credit code (GB 32100-2015).

Exits 0 whether the code is valid or not (the answer is the output); 2 only for usage errors."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from rich.markup import escape

from qualift.enterprises.management import console_for
from qualift.enterprises.uscc import check_uscc


class Command(BaseCommand):
    help = (
        "Check an 18-character unified social credit code: length, alphabet (no I, O, S, V, Z) "
        'and the check character. --json prints {"code", "valid", "reason"}.'
    )

    def add_arguments(self, parser):
        parser.add_argument("code")
        parser.add_argument("--json", action="store_true", help="machine-readable output")

    def handle(self, *args, code: str, **options):
        result = check_uscc(code)
        if options["json"]:
            payload = {"code": result.code, "valid": result.valid, "reason": result.reason}
            self.stdout.write(json.dumps(payload, ensure_ascii=False))
            return
        console = console_for(self.stdout)
        if result.valid:
            console.print(f"[green]✓[/green] {escape(result.code)}  " + _("valid"))
        else:
            console.print(
                f"[red]✗[/red] {escape(result.code) or '∅'}  "
                + _("invalid: %(reason)s") % {"reason": escape(result.reason)}
            )
