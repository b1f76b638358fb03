"""Permission-matrix rows for the quality policy (issue 5 §2): /goals/…/policy/… and
/api/v1/quality-policies/.

Kinds: "policy_draft" (an enterprise whose only version is an open draft; the pk is the draft's)
and "policy_approved" (an enterprise with version 1 approved and in force, no draft).
"""

from __future__ import annotations

from tests.test_permission_matrix import QMS_VISIBLE, QMS_WRITE, Row

DRAFT = "policy_draft"
APPROVED = "policy_approved"
# policy.approve: the enterprise admin (top management) only, not the quality steward.
APPROVE = {"a1": {"a1_admin"}, "a2": {"a2_admin"}, "b1": {"b1_admin"}}

ROWS = {
    "objectives:policy": Row("enterprise", visible=QMS_VISIBLE),
    "objectives:policy-draft": Row("enterprise", visible=QMS_VISIBLE, writable=QMS_WRITE),
    "objectives:policy-version": Row(APPROVED, visible=QMS_VISIBLE),
    "objectives:policy-approve": Row(DRAFT, visible=QMS_VISIBLE, writable=APPROVE),
    "objectives:policy-communicate": Row(APPROVED, visible=QMS_VISIBLE, writable=QMS_WRITE),
}

API_ROWS = {
    "api:quality-policy-list": Row(),  # everyone signed in: only what they may see
    # An empty PATCH of the draft changes nothing (200).
    "api:quality-policy-detail": Row(
        DRAFT, method="patch", visible=QMS_VISIBLE, writable=QMS_WRITE
    ),
    # Empty bodies: approving needs a name and a meaning, a communication needs its fields (400).
    "api:quality-policy-approve": Row(
        DRAFT, method="post", visible=QMS_VISIBLE, writable=APPROVE, ok=(400,)
    ),
    "api:quality-policy-communications": Row(
        APPROVED, method="post", visible=QMS_VISIBLE, writable=QMS_WRITE, ok=(400,)
    ),
}


def targets(world, kind: str) -> dict[str, dict] | None:
    if kind not in (DRAFT, APPROVED):
        return None
    from qualift.objectives.services.policy import policy_approve, policy_draft

    result = {}
    for key, enterprise in {"a1": world.a1, "a2": world.a2, "b1": world.b1}.items():
        policy = policy_draft(
            actor=None, enterprise=enterprise, text=f"Matrix policy {key}: right first time."
        )
        if kind == APPROVED:
            policy_approve(
                actor=None, policy=policy, approved_by_name="Matrix GM", meaning="Approved"
            )
        result[key] = {"pk": policy.pk}
    result["missing"] = {"pk": 999_999}
    return result
