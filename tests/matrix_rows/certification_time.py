"""Permission-matrix rows for audit time (issue 7): /certification/audit-time/ (the calculator),
/certification/audit/<pk>/time/ and /api/v1/audit-time/.

Kind "cert_time_audit": the world cycles' stage 2 audits (a1, a2 by CB A; b1 by CB B).
"""

from __future__ import annotations

from tests.matrix_rows._certification import CB_PEOPLE, CERT_VISIBLE, world_audits
from tests.test_permission_matrix import Row

KIND = "cert_time_audit"

ROWS = {
    # Any CB person, assistance experts included (a calculator: nothing of a client is shown).
    "certification:audit-time-calculator": Row(allowed=CB_PEOPLE | {"cba_expert"}),
    # Seen by CB staff and the client (the justification goes to the client); form for planners.
    "certification:audit-time": Row(KIND, visible=CERT_VISIBLE),
}

API_ROWS = {
    # Every signed-in user may calculate; an empty body is a 400 naming "employees".
    "api:audit-time-list": Row(method="post", ok=(400,)),
}


def targets(world, kind: str) -> dict[str, dict] | None:
    if kind != KIND:
        return None
    audits = world_audits(world, "stage2")
    return {**{key: {"pk": audit.pk} for key, audit in audits.items()}, "missing": {"pk": 999_999}}
