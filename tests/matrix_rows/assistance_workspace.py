"""Permission-matrix rows for the assistance workspace (issue 6): /assistance/ (by role),
/assistance/my-tasks/, an entry's overview /assistance/entry/<pk>/ and a program's progress
/assistance/program/<pk>/progress/."""

from __future__ import annotations

from tests.matrix_rows._assistance import PAPERS, PROGRAM_ASSIST
from tests.test_permission_matrix import A1, EVERYONE, Row

AUDITORS = {"cba_auditor1", "cba_auditor2"}

ROWS = {
    # CB admins and experts and program offices get a page (200); enterprise users are sent to
    # their tasks (302); auditors stay apart from assistance (403).
    "assistance:home": Row(allowed=EVERYONE - AUDITORS, ok=(200, 302)),
    "assistance:my-tasks": Row(allowed=A1 | {"a2_admin", "b1_admin"}),
    "assistance:entry": Row("entry", visible=PAPERS),
    "assistance:program-progress": Row("program", visible=PROGRAM_ASSIST),
}
