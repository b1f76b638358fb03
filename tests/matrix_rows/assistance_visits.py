"""Permission-matrix rows for assistance visits (issue 6): /assistance/entry/<pk>/visits/…,
/assistance/visit/<pk>/… and /api/v1/visits/.

Kind "assist_visits_visit": one visit per enterprise's ledger entry (pk = the visit's).
"""

from __future__ import annotations

from tests.matrix_rows._assistance import CB_WRITE, PAPERS
from tests.test_permission_matrix import Row

VISIT = "assist_visits_visit"

ROWS = {
    "assistance:visit-list": Row("entry", visible=PAPERS),
    "assistance:visit-create": Row("entry", visible=PAPERS, writable=CB_WRITE),
    "assistance:visit-detail": Row(VISIT, visible=PAPERS),
    "assistance:visit-edit": Row(VISIT, visible=PAPERS, writable=CB_WRITE),
}

API_ROWS = {
    "api:visit-list": Row(),  # everyone signed in: only what they may see
    # An empty PATCH changes nothing: 200 where allowed.
    "api:visit-detail": Row(VISIT, method="patch", visible=PAPERS, writable=CB_WRITE),
}


def targets(world, kind: str) -> dict[str, dict] | None:
    if kind != VISIT:
        return None
    import datetime as dt

    from qualift.assistance.services.visits import visit_create

    experts = {"a1": "cba_expert", "a2": "cba_expert", "b1": "cbb_admin"}
    result = {}
    for key, enterprise in {"a1": world.a1, "a2": world.a2, "b1": world.b1}.items():
        visit = visit_create(
            actor=None,
            entry=world.entry(enterprise),
            data={"held_on": dt.date(2024, 5, 6), "activities": f"Matrix visit {key}"},
            experts=[world.users[experts[key]]],
        )
        result[key] = {"pk": visit.pk}
    result["missing"] = {"pk": 999_999}
    return result
