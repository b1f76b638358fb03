"""Template helpers: mark invalid fields for Tabler's styles."""

from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def invalid(field):
    """Render a bound field with `is-invalid` added when it has errors."""
    if field.errors:
        css = field.field.widget.attrs.get("class", "")
        return field.as_widget(attrs={"class": f"{css} is-invalid", "aria-invalid": "true"})
    return field


@register.filter
def ledger_status_label(value: str) -> str:
    from qualift.programs.choices import LedgerStatus

    try:
        return LedgerStatus(value).label
    except ValueError:
        return value
