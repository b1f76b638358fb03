"""qualift serve [--port N] [--host H]: the development server (no autoreload)."""

from __future__ import annotations

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _


class Command(BaseCommand):
    help = "Serve Qualift on 127.0.0.1 (default port 8000)."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--host", default="127.0.0.1")

    def handle(self, *args, port: int, host: str, **options):
        if not 0 < port < 65536:
            from django.core.management.base import CommandError

            raise CommandError(_("--port must be between 1 and 65535"), returncode=2)
        self.stdout.write(
            _("Qualift on %(url)s  (Ctrl+C stops)") % {"url": f"http://{host}:{port}/"}
        )
        call_command("runserver", f"{host}:{port}", use_reloader=False)
