"""Permission-matrix rows for diagnoses (issue 6 §1): /assistance/entry/<pk>/diagnoses/new/,
/assistance/diagnoses/<pk>/… and /api/v1/diagnoses/.

Kind "assist_diagnoses_item": one draft diagnosis per ledger entry of world.a1/a2/b1 (the pk is
the diagnosis's), by the assisting CB's expert (CB A) or administrator (CB B).
"""

from __future__ import annotations

from tests.matrix_rows._assistance import CB_WRITE, PAPERS
from tests.test_permission_matrix import Row

ITEM = "assist_diagnoses_item"

ROWS = {
    "assistance:diagnosis-create": Row("entry", visible=PAPERS, writable=CB_WRITE),
    "assistance:diagnosis-detail": Row(ITEM, visible=PAPERS),
    "assistance:diagnosis-edit": Row(ITEM, visible=PAPERS, writable=CB_WRITE),
    # No file: the page comes back with the error (302) when the user may write.
    "assistance:diagnosis-photo": Row(
        ITEM, method="post", visible=PAPERS, writable=CB_WRITE, ok=(302,)
    ),
    # Unrated areas: refused with a message, back to the page (302).
    "assistance:diagnosis-complete": Row(
        ITEM, method="post", visible=PAPERS, writable=CB_WRITE, ok=(302,)
    ),
}

API_ROWS = {
    "api:diagnosis-list": Row(),  # everyone signed in: only what they may see
    # An empty PATCH changes nothing (200) for a writer; 403 for the enterprise's users.
    "api:diagnosis-detail": Row(ITEM, method="patch", visible=PAPERS, writable=CB_WRITE),
    # Empty bodies: ratings need a list (400); complete refuses unrated areas (400).
    "api:diagnosis-ratings": Row(ITEM, method="post", visible=PAPERS, writable=CB_WRITE, ok=(400,)),
    "api:diagnosis-complete": Row(
        ITEM, method="post", visible=PAPERS, writable=CB_WRITE, ok=(400,)
    ),
}


def targets(world, kind: str) -> dict[str, dict] | None:
    if kind != ITEM:
        return None
    import datetime as dt

    from qualift.assistance.services.diagnoses import diagnosis_create

    result = {}
    for key, enterprise, expert in (
        ("a1", world.a1, "cba_expert"),
        ("a2", world.a2, "cba_expert"),
        ("b1", world.b1, "cbb_admin"),
    ):
        diagnosis = diagnosis_create(
            actor=None,
            entry=world.entry(enterprise),
            data={"held_on": dt.date(2026, 3, 10), "hours": 4},
            experts=[world.users[expert]],
        )
        result[key] = {"pk": diagnosis.pk}
    result["missing"] = {"pk": 999_999}
    return result
