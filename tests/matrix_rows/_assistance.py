"""Shared visibility tables for the assistance rows (issue 6); not a rows module itself.

Working papers (diagnoses, issues, visits): the assisting CB's admin and experts (not its
auditors) and the enterprise. Plans add the program office that owns the program.
Routes anchored on a ledger entry take `pk` = the entry's pk (kind "entry").
"""

from __future__ import annotations

from tests.test_permission_matrix import A1, OFFICE

CB_A_ASSIST = {"cba_admin", "cba_expert"}
PAPERS = {
    "a1": CB_A_ASSIST | A1,
    "a2": CB_A_ASSIST | {"a2_admin"},
    "b1": {"cbb_admin", "b1_admin"},
}
PLAN_VISIBLE = {key: users | OFFICE for key, users in PAPERS.items()}
# diagnosis / issue / plan / visit changes: the assisting CB's admin and experts.
CB_WRITE = {"a1": CB_A_ASSIST, "a2": CB_A_ASSIST, "b1": {"cbb_admin"}}
# plan.sign: the CB side and the enterprise admin.
SIGN = {
    "a1": CB_A_ASSIST | {"a1_admin"},
    "a2": CB_A_ASSIST | {"a2_admin"},
    "b1": {"cbb_admin", "b1_admin"},
}
# measure.update, milestone.achieve: the CB side and the enterprise admin and steward.
TASK = {
    "a1": CB_A_ASSIST | {"a1_admin", "a1_steward"},
    "a2": CB_A_ASSIST | {"a2_admin"},
    "b1": {"cbb_admin", "b1_admin"},
}
# Program-wide assistance pages (progress, common problems, exports): the owning office and the
# participating CBs' admins and experts.
PROGRAM_ASSIST = {
    "program": OFFICE | CB_A_ASSIST | {"cbb_admin"},
    "program2": {"po2_admin"},
}
COMMON_WRITE = {"program": {"po_admin"} | CB_A_ASSIST | {"cbb_admin"}, "program2": {"po2_admin"}}
EXPORT = {"program": OFFICE | CB_A_ASSIST | {"cbb_admin"}, "program2": {"po2_admin"}}
