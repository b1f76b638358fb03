"""Permission-matrix rows for assistance plans (issue 6 §4): /assistance/…plan…, measures,
milestones, indicators, revisions, the PDF; /api/v1/plans/, /measures/, /milestones/.

Kinds (each built for a1, a2, b1 through their ledger entries):
- "assist_plans_draft": a complete draft plan (one point, measure, milestone, indicator); pk = plan.
- "assist_plans_agreed": the same, signed by both sides; pk = plan.
- "assist_plans_measure" / "assist_plans_milestone" / "assist_plans_indicator": the draft plan's
  measure / milestone / indicator.
- "assist_plans_agreed_measure" / "assist_plans_agreed_milestone": those of the agreed plan.
- "assist_plans_revision": a plan agreed, then revised; pk = its PlanRevision.
"""

from __future__ import annotations

import datetime as dt

from tests.matrix_rows._assistance import CB_WRITE, PLAN_VISIBLE, SIGN, TASK
from tests.test_permission_matrix import Row

DRAFT = "assist_plans_draft"
AGREED = "assist_plans_agreed"
MEASURE = "assist_plans_measure"
MILESTONE = "assist_plans_milestone"
INDICATOR = "assist_plans_indicator"
AGREED_MEASURE = "assist_plans_agreed_measure"
AGREED_MILESTONE = "assist_plans_agreed_milestone"
REVISION = "assist_plans_revision"
KINDS = (
    DRAFT,
    AGREED,
    MEASURE,
    MILESTONE,
    INDICATOR,
    AGREED_MEASURE,
    AGREED_MILESTONE,
    REVISION,
)

ROWS = {
    # GET on an entry: the CB side gets the form; the office and enterprise see the entry (403).
    "assistance:plan-create": Row("entry", visible=PLAN_VISIBLE, writable=CB_WRITE),
    "assistance:plan-detail": Row(DRAFT, visible=PLAN_VISIBLE),
    "assistance:plan-edit": Row(DRAFT, visible=PLAN_VISIBLE, writable=CB_WRITE),
    "assistance:plan-sign": Row(DRAFT, visible=PLAN_VISIBLE, writable=SIGN),
    "assistance:plan-revise": Row(AGREED, visible=PLAN_VISIBLE, writable=CB_WRITE),
    # Empty POST: pending milestones refuse completion, shown as a message on the plan.
    "assistance:plan-complete": Row(
        AGREED, method="post", visible=PLAN_VISIBLE, writable=CB_WRITE, ok=(302,)
    ),
    "assistance:plan-pdf": Row(DRAFT, visible=PLAN_VISIBLE),
    "assistance:plan-revision": Row(REVISION, visible=PLAN_VISIBLE),
    "assistance:measure-create": Row(DRAFT, visible=PLAN_VISIBLE, writable=CB_WRITE),
    "assistance:measure-edit": Row(MEASURE, visible=PLAN_VISIBLE, writable=CB_WRITE),
    # Empty POST: no status chosen → a message and back to the plan.
    "assistance:measure-status": Row(
        AGREED_MEASURE, method="post", visible=PLAN_VISIBLE, writable=TASK, ok=(302,)
    ),
    "assistance:milestone-create": Row(DRAFT, visible=PLAN_VISIBLE, writable=CB_WRITE),
    "assistance:milestone-edit": Row(MILESTONE, visible=PLAN_VISIBLE, writable=CB_WRITE),
    "assistance:milestone-achieve": Row(AGREED_MILESTONE, visible=PLAN_VISIBLE, writable=TASK),
    "assistance:indicator-create": Row(DRAFT, visible=PLAN_VISIBLE, writable=CB_WRITE),
    "assistance:indicator-edit": Row(INDICATOR, visible=PLAN_VISIBLE, writable=CB_WRITE),
}

API_ROWS = {
    "api:plan-list": Row(),
    # Empty PATCH of a draft: nothing changes (200).
    "api:plan-detail": Row(DRAFT, method="patch", visible=PLAN_VISIBLE, writable=CB_WRITE),
    # Empty bodies: signing needs a name and a meaning, revising a reason (400).
    "api:plan-sign": Row(DRAFT, method="post", visible=PLAN_VISIBLE, writable=SIGN, ok=(400,)),
    "api:plan-revise": Row(
        AGREED, method="post", visible=PLAN_VISIBLE, writable=CB_WRITE, ok=(400,)
    ),
    "api:measure-list": Row(),
    "api:measure-detail": Row(AGREED_MEASURE, method="patch", visible=PLAN_VISIBLE, writable=TASK),
    "api:milestone-list": Row(),
    "api:milestone-detail": Row(MILESTONE, method="patch", visible=PLAN_VISIBLE, writable=CB_WRITE),
    "api:milestone-achieve": Row(
        AGREED_MILESTONE, method="post", visible=PLAN_VISIBLE, writable=TASK, ok=(400,)
    ),
}

PEOPLE = {
    "a1": ("cba_expert", "a1_admin"),
    "a2": ("cba_expert", "a2_admin"),
    "b1": ("cbb_admin", "b1_admin"),
}


def build_plan(world, enterprise, *, cb_user: str, enterprise_user: str, agreed: bool = False):
    """A complete draft plan for the enterprise's ledger entry (test data: the diagnosis and the
    issue are made directly; the plan through its services), signed by both sides if `agreed`."""
    from qualift.assistance.models import AssistanceIssue, Diagnosis
    from qualift.assistance.services import plans as services

    entry = world.entry(enterprise)
    keys = {"enterprise": enterprise, "cb_id": entry.cb_id, "program_id": entry.program_id}
    diagnosis = Diagnosis.objects.create(
        ledger_entry=entry, held_on=dt.date(2025, 3, 3), hours=4, **keys
    )
    issue = AssistanceIssue.objects.create(
        diagnosis=diagnosis, title="Incoming inspection skipped", area="inspection", **keys
    )
    plan = services.plan_create(
        actor=None, entry=entry, data={"title": "Matrix plan", "approach": ""}, points=[issue]
    )
    measure = services.measure_save(
        actor=None,
        plan=plan,
        data={
            "kind": "training",
            "title": "Train the inspectors",
            "issue": issue,
            "cb_owner": world.users[cb_user],
            "enterprise_owner": world.users[enterprise_user],
            "starts_on": dt.date(2025, 4, 1),
            "due_on": dt.date(2025, 6, 30),
        },
    )
    services.milestone_save(
        actor=None,
        plan=plan,
        data={
            "title": "Inspectors trained",
            "measure": measure,
            "due_on": dt.date(2025, 6, 30),
            "acceptance_criteria": "Attendance list and quiz results",
        },
    )
    services.indicator_save(
        actor=None,
        plan=plan,
        data={
            "name": "Incoming defect escape rate",
            "unit": "%",
            "baseline": "4.5",
            "baseline_on": dt.date(2025, 3, 1),
            "target": "1.0",
            "direction": "down",
        },
    )
    if agreed:
        for side, user in (("cb", cb_user), ("enterprise", enterprise_user)):
            services.plan_sign(
                actor=None,
                plan=plan,
                name=user,
                meaning="Agreed",
                side=side,
                signer=world.users[user],
            )
        plan.refresh_from_db()
    return plan


def targets(world, kind: str) -> dict[str, dict] | None:
    if kind not in KINDS:
        return None
    from qualift.assistance.services import plans as services

    result = {}
    agreed = kind in (AGREED, AGREED_MEASURE, AGREED_MILESTONE, REVISION)
    for key, enterprise in {"a1": world.a1, "a2": world.a2, "b1": world.b1}.items():
        cb_user, enterprise_user = PEOPLE[key]
        plan = build_plan(
            world, enterprise, cb_user=cb_user, enterprise_user=enterprise_user, agreed=agreed
        )
        if kind in (DRAFT, AGREED):
            pk = plan.pk
        elif kind in (MEASURE, AGREED_MEASURE):
            pk = plan.measures.get().pk
        elif kind in (MILESTONE, AGREED_MILESTONE):
            pk = plan.milestones.get().pk
        elif kind == INDICATOR:
            pk = plan.indicators.get().pk
        else:
            services.plan_revise(actor=None, plan=plan, reason="Matrix revision")
            pk = plan.revisions.get().pk
        result[key] = {"pk": pk}
    result["missing"] = {"pk": 999_999}
    return result
