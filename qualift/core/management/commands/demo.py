"""qualift demo [--no-serve] [--port N] [--force]: migrate, seed demo data, print logins, serve."""

from __future__ import annotations

import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table

from qualift.core.demo import DemoError, DemoResult, seed_demo


def console_for(stream) -> Console:
    """A rich console on the command's stream (the real one under Django's OutputWrapper)."""
    target = getattr(stream, "_out", stream)
    is_tty = bool(getattr(target, "isatty", lambda: False)())
    return Console(file=target, width=None if is_tty else 140, soft_wrap=not is_tty)


class Command(BaseCommand):
    help = (
        "Apply the migrations, seed the demo data (a Zhejiang program, three certification "
        "bodies, 40 enterprises; running it again changes nothing), print a login for every "
        "role, then serve on 127.0.0.1 unless --no-serve. Refuses when DEBUG is off unless "
        "--force."
    )

    def add_arguments(self, parser):
        parser.add_argument("--no-serve", action="store_true", help="seed and print, don't serve")
        parser.add_argument("--port", type=int, default=8000, help="port to serve on (8000)")
        parser.add_argument(
            "--force", action="store_true", help="seed even though settings.DEBUG is False"
        )

    def handle(self, *args, no_serve: bool, port: int, force: bool, **options):
        if not 0 < port < 65536:
            raise CommandError(_("--port must be between 1 and 65535."), returncode=2)
        if not settings.DEBUG and not force:
            raise CommandError(
                _(
                    "DEBUG is off, so this looks like a production installation: the demo data "
                    "(with its well-known password) is not seeded there. Pass --force to seed "
                    "anyway."
                ),
                returncode=2,
            )
        verbosity = options.get("verbosity", 1)
        call_command("migrate", interactive=False, verbosity=max(verbosity - 1, 0))
        console = console_for(self.stdout)
        try:
            result = self._seed(console, verbosity)
        except DemoError as exc:
            raise CommandError(str(exc), returncode=2) from exc
        self._report(console, result, port, serving=not no_serve)
        if not no_serve:
            call_command("serve", port=port)

    def _seed(self, console: Console, verbosity: int) -> DemoResult:
        show = verbosity > 0 and console.is_terminal
        with Progress(
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            console=Console(file=sys.stderr),
            transient=True,
            disable=not show,
        ) as bar:
            tasks: dict[str, int] = {}

            def progress(label: str, done: int, total: int) -> None:
                if label not in tasks:
                    tasks[label] = bar.add_task(
                        _("Seeding %(what)s") % {"what": label}, total=total
                    )
                bar.update(tasks[label], completed=done)

            return seed_demo(progress=progress)

    def _report(self, console: Console, result: DemoResult, port: int, serving: bool) -> None:
        if result.changed:
            made = ", ".join(f"{n} {what}" for what, n in result.created.items() if n)
            console.print(_("Demo data seeded: %(made)s.") % {"made": made})
        else:
            console.print(_("Demo data already present; nothing changed."))
        table = Table(title=_("Demo logins (password for all: %(pw)s)") % {"pw": _password(result)})
        for header in (_("Username"), _("Password"), _("Role"), _("Grade"), _("Organisation")):
            table.add_column(header)
        for login in result.logins:
            organisation = login.organization
            if login.organization_en:
                organisation = f"{organisation}\n{login.organization_en}"
            table.add_row(login.username, login.password, login.role, login.grade, organisation)
        console.print(table)
        url = f"http://127.0.0.1:{port}/"
        if serving:
            console.print(_("Sign in at %(url)s with any login above.") % {"url": url})
        else:
            console.print(
                _("Start the server with `qualift serve --port %(port)d`, then sign in at %(url)s.")
                % {"port": port, "url": url}
            )


def _password(result: DemoResult) -> str:
    return result.logins[0].password if result.logins else ""
