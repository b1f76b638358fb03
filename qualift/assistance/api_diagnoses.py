"""REST API: assistance — diagnoses (issue 6). Filled by the feature's owner."""

from __future__ import annotations


def register(router) -> None:
    """Register this feature's resources on the /api/v1/ router."""
