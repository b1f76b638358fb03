"""Permission-matrix rows for coverage of goals and responsibilities (issue 5 §4):
/goals/e/<id>/coverage/ and /api/v1/objective-coverage/. No new object kinds."""

from __future__ import annotations

from tests.test_permission_matrix import QMS_VISIBLE, Row

ROWS = {
    "objectives:coverage": Row("enterprise", visible=QMS_VISIBLE),
}

API_ROWS = {
    # The matrix calls the list without ?enterprise=: every signed-in user gets the 400 JSON
    # error (the scoped answers, 200 and 404, are in qualift/objectives/tests/test_coverage.py).
    "api:objective-coverage-list": Row(ok=(400,)),
}


def targets(world, kind: str) -> dict[str, dict] | None:
    return None
