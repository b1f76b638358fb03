"""API permission matrix (filled in with the API resources)."""

from __future__ import annotations

API_MATRIX: dict = {}


def api_route_names() -> set[str]:
    return set()
