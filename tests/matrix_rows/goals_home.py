"""Permission-matrix row for /goals/ (the entry to goals and responsibilities)."""

from __future__ import annotations

from tests.test_permission_matrix import QMS_USERS, Row

ROWS = {
    "objectives:home": Row(allowed=QMS_USERS, ok=(200, 302)),
}
API_ROWS: dict = {}


def targets(world, kind):
    return None
