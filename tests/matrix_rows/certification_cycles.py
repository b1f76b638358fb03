"""Permission-matrix rows for certification cycles (issue 7, H2): the dashboard, cycle pages,
the CB policy, proposals; /api/v1/certification-cycles/.

Kinds:
- "cert_cycles_cycle": the world cycle of a1 / a2 (CB A) and b1 (CB B); pk = cycle.
- "cert_cycles_cb": the certifying CB of each (a1, a2 → CB A; b1 → CB B); pk = organisation.
- "cert_cycles_proposal": an open suspension proposal on each cycle's stage 2 audit; pk.
"""

from __future__ import annotations

import datetime as dt

from tests.matrix_rows._certification import (
    CB_ADMIN,
    CB_ADMINS,
    CB_PEOPLE,
    CERT_STAFF,
    CERT_VISIBLE,
    world_cycles,
)
from tests.test_permission_matrix import Row

CYCLE = "cert_cycles_cycle"
CB = "cert_cycles_cb"
PROPOSAL = "cert_cycles_proposal"
KINDS = (CYCLE, CB, PROPOSAL)

ROWS = {
    "certification:dashboard": Row(allowed=CB_PEOPLE),
    "certification:cycle-list": Row(allowed=CB_PEOPLE),
    "certification:cycle-create": Row(allowed=CB_ADMINS),
    "certification:cycle-detail": Row(CYCLE, visible=CERT_VISIBLE),
    "certification:cycle-edit": Row(CYCLE, visible=CERT_VISIBLE, writable=CB_ADMIN),
    "certification:audit-add": Row(CYCLE, visible=CERT_VISIBLE, writable=CB_ADMIN),
    # CB staff read the policy; only the CB admin may POST (GET shows the form or the values).
    "certification:policy": Row(CB, visible=CERT_STAFF),
    # Empty POST: no decision chosen → a message and back to the dashboard.
    "certification:proposal-decide": Row(
        PROPOSAL, method="post", visible=CERT_STAFF, writable=CB_ADMIN, ok=(302,)
    ),
}

API_ROWS = {
    "api:certification-cycle-list": Row(),
    # Empty PATCH: nothing changes (200).
    "api:certification-cycle-detail": Row(
        CYCLE, method="patch", visible=CERT_VISIBLE, writable=CB_ADMIN
    ),
}


def targets(world, kind: str) -> dict[str, dict] | None:
    if kind not in KINDS:
        return None
    from qualift.certification.models import SuspensionProposal

    cycles = world_cycles(world)
    result = {}
    for key, cycle in cycles.items():
        if kind == CYCLE:
            result[key] = {"pk": cycle.pk}
        elif kind == CB:
            result[key] = {"pk": cycle.cb_id}
        else:
            proposal = SuspensionProposal.objects.create(
                enterprise=cycle.enterprise,
                cb=cycle.cb,
                kind="repeat_stage2",
                audit=cycle.audits.get(kind="stage2"),
                reason="Matrix proposal",
                raised_on=dt.date(2025, 9, 5),
            )
            result[key] = {"pk": proposal.pk}
    result["missing"] = {"pk": 999_999}
    return result
