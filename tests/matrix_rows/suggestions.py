"""Permission-matrix rows for improvement suggestions and incentives (issue 5 §6):
/goals/…/suggestions/…, /goals/suggestion/<pk>/…, the public link /s/<token>/ and
/api/v1/suggestions/.

Kinds: "suggestions_item" (one submitted suggestion per enterprise, by a named employee; the pk
is the suggestion's) and "suggestions_box" (each enterprise's open public link; the kwarg is the
token, "missing" an unknown token).
"""

from __future__ import annotations

from tests.test_permission_matrix import A1, QMS_VISIBLE, QMS_WRITE, Row

ITEM = "suggestions_item"
BOX = "suggestions_box"
# suggestion.create: the enterprise's admin, steward and staff (no CB role).
CREATE = {"a1": A1, "a2": {"a2_admin"}, "b1": {"b1_admin"}}
# incentive.change: the enterprise admin only.
SCHEME = {"a1": {"a1_admin"}, "a2": {"a2_admin"}, "b1": {"b1_admin"}}

ROWS = {
    "objectives:suggestion-list": Row("enterprise", visible=QMS_VISIBLE),
    "objectives:suggestion-create": Row("enterprise", visible=QMS_VISIBLE, writable=CREATE),
    "objectives:suggestion-link": Row("enterprise", visible=QMS_VISIBLE),
    "objectives:incentive-scheme": Row("enterprise", visible=QMS_VISIBLE, writable=SCHEME),
    "objectives:reward-ledger": Row("enterprise", visible=QMS_VISIBLE),
    "objectives:suggestion-detail": Row(ITEM, visible=QMS_VISIBLE),
    "objectives:suggestion-evaluate": Row(ITEM, visible=QMS_VISIBLE, writable=QMS_WRITE),
    "objectives:suggestion-decide": Row(ITEM, visible=QMS_VISIBLE, writable=QMS_WRITE),
    "objectives:suggestion-implement": Row(ITEM, visible=QMS_VISIBLE, writable=QMS_WRITE),
    "objectives:suggestion-reward": Row(ITEM, visible=QMS_VISIBLE, writable=QMS_WRITE),
    # No sign-in: anyone with the link gets the form (it shows the enterprise's name only).
    "public:suggestion": Row(BOX, public=True),
    "public:suggestion-thanks": Row(BOX, public=True),
}

API_ROWS = {
    "api:suggestion-list": Row(),  # everyone signed in: only what they may see
    "api:suggestion-detail": Row(ITEM, visible=QMS_VISIBLE),
    # Empty bodies: each stage needs its fields (400 when allowed).
    "api:suggestion-evaluate": Row(
        ITEM, method="post", visible=QMS_VISIBLE, writable=QMS_WRITE, ok=(400,)
    ),
    "api:suggestion-decide": Row(
        ITEM, method="post", visible=QMS_VISIBLE, writable=QMS_WRITE, ok=(400,)
    ),
    "api:suggestion-implement": Row(
        ITEM, method="post", visible=QMS_VISIBLE, writable=QMS_WRITE, ok=(400,)
    ),
    "api:suggestion-reward": Row(
        ITEM, method="post", visible=QMS_VISIBLE, writable=QMS_WRITE, ok=(400,)
    ),
}


def targets(world, kind: str) -> dict[str, dict] | None:
    if kind not in (ITEM, BOX):
        return None
    from qualift.objectives.models import Employee
    from qualift.objectives.services.suggestions import box_open, suggestion_submit

    result = {}
    for key, enterprise in {"a1": world.a1, "a2": world.a2, "b1": world.b1}.items():
        if kind == BOX:
            result[key] = {"token": box_open(actor=None, enterprise=enterprise).token}
            continue
        # Test data only: the organisation feature's services are not needed to hold a name.
        employee = Employee.objects.create(enterprise=enterprise, name=f"Matrix worker {key}")
        suggestion = suggestion_submit(
            actor=None,
            enterprise=enterprise,
            data={
                "title": f"Matrix idea {key}",
                "description": "Label the bins.",
                "employee": employee,
            },
        )
        result[key] = {"pk": suggestion.pk}
    result["missing"] = {"token": "no-such-token"} if kind == BOX else {"pk": 999_999}
    return result
