"""Template helpers for document control."""

from __future__ import annotations

from pathlib import PurePath

from django import template

register = template.Library()


@register.filter
def basename(name) -> str:
    """The file name without its folder (documents/2026/qp-01.pdf → qp-01.pdf)."""
    return PurePath(str(name or "")).name
