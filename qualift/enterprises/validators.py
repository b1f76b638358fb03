"""Django validators wrapping the pure USCC check, with translated messages."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from qualift.enterprises.uscc import check_uscc


def uscc_error_message(code: str) -> str | None:
    """A translated sentence saying what is wrong with `code`, or None when it is valid."""
    result = check_uscc(code)
    if result.valid:
        return None
    normalised = result.code
    if result.error == "empty":
        return _("Enter the 18-character unified social credit code.")
    if result.error == "length":
        return _("A unified social credit code has 18 characters; this one has %(n)d.") % {
            "n": len(normalised)
        }
    if result.error == "charset":
        bad = sorted({c for c in normalised if c not in "0123456789ABCDEFGHJKLMNPQRTUWXY"})
        return _(
            "Character(s) %(chars)s are not allowed (digits and capital letters except I, O, S, "
            "V, Z)."
        ) % {"chars": ", ".join(bad)}
    return _("The check character (18th) should be %(expected)s, not %(got)s.") % {
        "expected": result.expected,
        "got": normalised[-1:],
    }


def validate_uscc(value: str) -> None:
    message = uscc_error_message(value)
    if message:
        raise ValidationError(message, code="uscc")
