"""API: certification — auditors (issue 7)."""

from __future__ import annotations


def register(router) -> None:
    """Register this module's resources on the API router."""
