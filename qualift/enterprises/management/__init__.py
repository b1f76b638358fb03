"""Helpers shared by the enterprise commands (import, export, classify-size, check-uscc)."""

from __future__ import annotations

from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from rich.console import Console


def console_for(stream) -> Console:
    """A rich console on a command's stream (the real one under Django's OutputWrapper), wide
    enough off a terminal that Chinese names and reasons are not folded."""
    target = getattr(stream, "_out", stream)
    is_tty = bool(getattr(target, "isatty", lambda: False)())
    return Console(file=target, width=None if is_tty else 160, soft_wrap=not is_tty)


def acting_user(username: str | None):
    """The user named by --as, or None (the installation's operator, who may do anything)."""
    if username is None:
        return None
    from qualift.tenancy.models import User

    user = User.objects.filter(username=username).first()
    if user is None:
        raise CommandError(_("No user is named %(name)r.") % {"name": username}, returncode=2)
    if not user.is_active:
        raise CommandError(_("User %(name)r is inactive.") % {"name": username}, returncode=2)
    return user
