"""qualift verify-audit-trail [--anchor FILE] [--json]: recompute the audit chain."""

from __future__ import annotations

import json as jsonlib
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from qualift.core.audit import verify_chain


class Command(BaseCommand):
    help = (
        "Recompute the hash chain of the audit trail and name the first broken link. "
        "The JSON output ({events, head}) is itself an anchor: keep it, and pass it later with "
        "--anchor to detect a cut tail. Exit 1 when the chain is not intact."
    )

    def add_arguments(self, parser):
        parser.add_argument("--anchor", help='JSON file with {"events": N, "head": sha256}')
        parser.add_argument("--json", action="store_true", help="machine-readable output")

    def handle(self, *args, anchor: str | None, json: bool, **options):
        anchor_data = _read_anchor(anchor) if anchor else None
        report = verify_chain(anchor_data)
        if json:
            self.stdout.write(_dumps(report.to_dict()))
        else:
            style = self.style.SUCCESS if report.ok else self.style.ERROR
            verdict = _("OK") if report.ok else _("BROKEN")
            self.stdout.write(style(f"{verdict}: {report.reason}"))
            self.stdout.write(_("events: %(n)d") % {"n": report.events})
            self.stdout.write(_("head: %(hash)s") % {"hash": report.head})
            if report.first_bad is not None:
                self.stdout.write(_("first bad event id: %(id)s") % {"id": report.first_bad})
        if not report.ok:
            raise SystemExit(1)


def _dumps(data: dict) -> str:
    return jsonlib.dumps(data)


def _read_anchor(path: str) -> dict:
    try:
        data = jsonlib.loads(Path(path).read_text(encoding="utf-8"))
        events, head = int(data["events"]), str(data["head"])
    except FileNotFoundError as exc:
        raise CommandError(
            _("anchor file not found: %(path)s") % {"path": path}, returncode=2
        ) from exc
    except (ValueError, KeyError, TypeError) as exc:
        raise CommandError(
            _('anchor file %(path)s must be JSON with "events" (a number) and "head"')
            % {"path": path},
            returncode=2,
        ) from exc
    if events < 0 or len(head) != 64:
        raise CommandError(
            _("anchor file %(path)s has an impossible events/head") % {"path": path}, returncode=2
        )
    return {"events": events, "head": head}
