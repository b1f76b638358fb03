"""Template filters for enterprise pages."""

from __future__ import annotations

from django import template

from qualift.enterprises.size_text import localize_size_reason

register = template.Library()


@register.filter
def size_reason(text: str) -> str:
    return localize_size_reason(text)
