"""Permission-matrix rows for the assistance workspace (placeholder; issue 6)."""

from __future__ import annotations

from tests.test_permission_matrix import Row

ROWS = {"assistance:home": Row(ok=(302,))}
