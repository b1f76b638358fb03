"""The `qualift` command: a thin front door over Django management commands.

qualift demo [--no-serve]           migrate, seed the demo data, serve
qualift serve [--port N]            serve on 127.0.0.1
qualift createuser USERNAME ...     create a user (optionally with a membership)
qualift manage COMMAND ...          any Django management command
qualift import enterprises FILE     import (all rows checked first; all or nothing)
qualift export enterprises --format csv|xlsx [--out FILE]
qualift classify-size --scheme miit2011|eu2003 ...
qualift check-uscc CODE [--json]
qualift verify-audit-trail [--anchor FILE] [--json]
qualift send-reminders              e-mail owners of actions due soon or overdue
qualift spc FILE.csv --chart ...    control chart and capability from a CSV (JSON out)
qualift compute-objectives [--enterprise ID] [--today DATE]   fill computed and rolled-up objectives
qualift certification-sweep [--today DATE] [--json]   expire certificates, raise proposals
qualift audit-time --employees N [--adjust "+10:why" ...] [--json]   IAF MD 5 audit time
"""

from __future__ import annotations

import os
import sys

COMMANDS = {
    "demo": "demo",
    "serve": "serve",
    "createuser": "createuser",
    "classify-size": "classify_size",
    "check-uscc": "check_uscc",
    "verify-audit-trail": "verify_audit_trail",
    "send-reminders": "send_reminders",
    "spc": "spc",
    "compute-objectives": "compute_objectives",
    "certification-sweep": "certification_sweep",
    "audit-time": "audit_time",
}
NOUN_COMMANDS = {
    ("import", "enterprises"): "import_enterprises",
    ("export", "enterprises"): "export_enterprises",
}


def _usage() -> str:
    return (__doc__ or "").strip()


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv[1:] if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    if not argv or argv[0] in ("-h", "--help", "help"):
        print(_usage())
        sys.exit(0 if argv else 2)
    command, rest = argv[0], argv[1:]
    if command == "manage":
        from django.core.management import execute_from_command_line

        execute_from_command_line(["qualift manage", *rest])
        return
    if command in ("import", "export"):
        noun = rest[0] if rest else ""
        name = NOUN_COMMANDS.get((command, noun))
        if name is None:
            print(f"qualift {command}: what to {command}? Known: enterprises", file=sys.stderr)
            sys.exit(2)
        public, rest = f"{command} {noun}", rest[1:]
    elif command in COMMANDS:
        name, public = COMMANDS[command], command
    else:
        print(f"qualift: unknown command {command!r}\n\n{_usage()}", file=sys.stderr)
        sys.exit(2)
    _run(name, public, rest)


def _run(name: str, public: str, args: list[str]) -> None:
    """Run management command `name`, showing its public name in usage and error lines."""
    import django
    from django.core.management import get_commands, load_command_class

    django.setup()
    command = load_command_class(get_commands()[name], name)
    command.run_from_argv(["qualift", public, *args])


if __name__ == "__main__":
    main()
