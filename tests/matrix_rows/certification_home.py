"""Permission-matrix row for the certification front door (issue 7): /certification/."""

from __future__ import annotations

from tests.matrix_rows._certification import CB_PEOPLE, ENTERPRISE_PEOPLE
from tests.test_permission_matrix import Row

ROWS = {
    # Each role is sent on to its own page; program offices and assistance experts have none.
    "certification:home": Row(allowed=CB_PEOPLE | ENTERPRISE_PEOPLE, ok=(302,)),
}
