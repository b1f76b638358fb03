"""Permission-matrix rows for industry-common problems and the program exports (issue 6 §3, §6):
/assistance/program/<pk>/common/…, /assistance/common/<pk>/…, /assistance/program/<pk>/export.xlsx,
/assistance/program/<pk>/assisted/ and /api/v1/common-issues/.

Program-wide routes take the program (kind "program": targets "program", "program2").
Kind "assist_common_issue": a common problem is the program's, not one enterprise's, so its
targets are keyed by program: "cba" (named by CB A's admin on world.program for a1 and a2) and
"p2" (named by the second office on world.program2), plus "missing".
"""

from __future__ import annotations

import datetime as dt

from tests.matrix_rows._assistance import COMMON_WRITE, EXPORT, PROGRAM_ASSIST
from tests.test_permission_matrix import Row

KIND = "assist_common_issue"
# Seen by the owning office and the participating CBs' admins and experts (CommonIssueQuerySet).
VISIBLE = {"cba": PROGRAM_ASSIST["program"], "p2": PROGRAM_ASSIST["program2"]}
# Attach: the program office's admin and the organisation that named the problem.
ATTACH = {"cba": {"po_admin", "cba_admin", "cba_expert"}, "p2": {"po2_admin"}}

ROWS = {
    "assistance:common-list": Row("program", visible=PROGRAM_ASSIST),
    "assistance:common-create": Row("program", visible=PROGRAM_ASSIST, writable=COMMON_WRITE),
    "assistance:common-detail": Row(KIND, visible=VISIBLE),
    "assistance:common-attach": Row(
        KIND, method="post", visible=VISIBLE, writable=ATTACH, ok=(302,)
    ),
    "assistance:program-export": Row("program", visible=PROGRAM_ASSIST, writable=EXPORT),
    "assistance:assisted-list": Row("program", visible=PROGRAM_ASSIST, writable=EXPORT),
}

API_ROWS = {
    "api:common-issue-list": Row(),  # everyone signed in: only what they may see
    "api:common-issue-detail": Row(KIND, visible=VISIBLE),
    # Without ?program= the groups answer 400 to every signed-in user.
    "api:common-issue-groups": Row(ok=(400,)),
}

DATA = {
    "gbt4754_division": "33",
    "area": "key_process",
    "title": "Matrix common problem",
    "measure_kind": "training",
    "measure_title": "Matrix group training",
    "starts_on": dt.date(2026, 3, 1),
    "due_on": dt.date(2026, 4, 30),
}


def targets(world, kind: str) -> dict[str, dict] | None:
    if kind != KIND:
        return None
    from qualift.assistance.models import CommonIssue
    from qualift.assistance.services.common import common_issue_create

    cba = common_issue_create(
        actor=world.users["cba_admin"],
        program=world.program,
        data=DATA,
        enterprises=[world.a1, world.a2],
    )
    # Test data only: program2 has no ledger entries, so its problem names no enterprise.
    p2 = CommonIssue.objects.create(program=world.program2, created_by_org=world.office2, **DATA)
    return {"cba": {"pk": cba.pk}, "p2": {"pk": p2.pk}, "missing": {"pk": 999_999}}
