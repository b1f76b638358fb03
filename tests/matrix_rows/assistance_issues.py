"""Permission-matrix rows for assistance issues, the ranking and a CB's weights (issue 6 §2).

Kinds: "assist_issues_diagnosis" (a diagnosis on each enterprise's ledger entry; pk = the
diagnosis), "assist_issues_issue" (a scored issue in it; pk = the issue) and "assist_issues_cb"
(the assisting CB of each entry: a1 and a2 → CB A, b1 → CB B; pk = the CB).
"""

from __future__ import annotations

from tests.matrix_rows._assistance import CB_WRITE, PAPERS
from tests.test_permission_matrix import Row

DIAGNOSIS = "assist_issues_diagnosis"
ISSUE = "assist_issues_issue"
CB = "assist_issues_cb"
# The weights page: the CB's admin and experts read it; its admin writes.
WEIGHTS_VISIBLE = {
    "a1": {"cba_admin", "cba_expert"},
    "a2": {"cba_admin", "cba_expert"},
    "b1": {"cbb_admin"},
}
WEIGHTS_WRITE = {"a1": {"cba_admin"}, "a2": {"cba_admin"}, "b1": {"cbb_admin"}}

ROWS = {
    "assistance:issue-create": Row(DIAGNOSIS, visible=PAPERS, writable=CB_WRITE),
    "assistance:issue-edit": Row(ISSUE, visible=PAPERS, writable=CB_WRITE),
    "assistance:issue-delete": Row(
        ISSUE, method="post", visible=PAPERS, writable=CB_WRITE, ok=(302,)
    ),
    "assistance:ranking": Row("entry", visible=PAPERS),
    # An empty choice is refused on the page itself (200 with the error).
    "assistance:ranking-choose": Row("entry", method="post", visible=PAPERS, writable=CB_WRITE),
    "assistance:weights": Row(CB, visible=WEIGHTS_VISIBLE),
}

API_ROWS = {
    "api:assistance-issue-list": Row(),
    "api:assistance-issue-detail": Row(ISSUE, method="patch", visible=PAPERS, writable=CB_WRITE),
    # Without ?entry= the ranking is a 400 for everyone signed in.
    "api:assistance-issue-ranking": Row(ok=(400,)),
    # An empty body: 400 for those who may choose points somewhere, 403 for the rest.
    "api:assistance-issue-choose": Row(
        method="post", allowed={"cba_admin", "cba_expert", "cbb_admin"}, ok=(400,)
    ),
}


def targets(world, kind: str) -> dict[str, dict] | None:
    if kind not in (DIAGNOSIS, ISSUE, CB):
        return None
    if kind == CB:
        return {
            "a1": {"pk": world.cb_a.pk},
            "a2": {"pk": world.cb_a.pk},
            "b1": {"pk": world.cb_b.pk},
            "missing": {"pk": 999_999},
        }
    import datetime as dt

    from qualift.assistance.models import Diagnosis
    from qualift.assistance.services.issues import issue_create

    result = {}
    for key, enterprise in {"a1": world.a1, "a2": world.a2, "b1": world.b1}.items():
        entry = world.entry(enterprise)
        # Test data only: the diagnosis feature's service is not needed to hold issues.
        diagnosis = Diagnosis.objects.create(
            ledger_entry=entry,
            enterprise_id=entry.enterprise_id,
            cb_id=entry.cb_id,
            program_id=entry.program_id,
            held_on=dt.date(2026, 3, 2),
        )
        if kind == DIAGNOSIS:
            result[key] = {"pk": diagnosis.pk}
            continue
        issue = issue_create(
            actor=None,
            diagnosis=diagnosis,
            data={"title": f"Matrix issue {key}", "area": "key_process"},
        )
        result[key] = {"pk": issue.pk}
    result["missing"] = {"pk": 999_999}
    return result
