"""Matrix rows: the quality overview, analysis, nonconformities (with 5 whys and fishbone) and
corrective actions."""

from __future__ import annotations

import datetime as dt

from tests.test_permission_matrix import QMS_USERS, QMS_VISIBLE, QMS_WRITE, Row

NC_CREATE = {**QMS_WRITE, "a1": QMS_WRITE["a1"] | {"a1_staff"}}
NOBODY = {"a1": set(), "a2": set(), "b1": set()}

ROWS = {
    "improvement:home": Row(allowed=QMS_USERS, ok=(200, 302)),
    "improvement:dashboard": Row("enterprise", visible=QMS_VISIBLE),
    "improvement:analysis": Row("enterprise", visible=QMS_VISIBLE),
    "improvement:nc-list": Row("enterprise", visible=QMS_VISIBLE),
    "improvement:nc-export": Row("enterprise", visible=QMS_VISIBLE),
    "improvement:nc-create": Row("enterprise", visible=QMS_VISIBLE, writable=NC_CREATE),
    "improvement:nc-detail": Row("nc", visible=QMS_VISIBLE),
    "improvement:nc-edit": Row("nc", visible=QMS_VISIBLE, writable=QMS_WRITE),
    # Empty POSTs: a permitted user gets the form's complaint back on the page (302).
    "improvement:nc-transition": Row(
        "nc", method="post", visible=QMS_VISIBLE, writable=QMS_WRITE, ok=(302,)
    ),
    "improvement:nc-verify": Row(
        "nc", method="post", visible=QMS_VISIBLE, writable=QMS_WRITE, ok=(302,)
    ),
    "improvement:nc-close": Row(
        "nc", method="post", visible=QMS_VISIBLE, writable=QMS_WRITE, ok=(302,)
    ),
    "improvement:nc-cancel": Row(
        "nc", method="post", visible=QMS_VISIBLE, writable=QMS_WRITE, ok=(302,)
    ),
    "improvement:why-add": Row(
        "nc", method="post", visible=QMS_VISIBLE, writable=QMS_WRITE, ok=(302,)
    ),
    "improvement:cause-add": Row(
        "nc", method="post", visible=QMS_VISIBLE, writable=QMS_WRITE, ok=(302,)
    ),
    "improvement:root-mark": Row(
        "nc_item", method="post", visible=QMS_VISIBLE, writable=QMS_WRITE, ok=(302,)
    ),
    # The first permitted user deletes the cause; later permitted users find it gone (404).
    "improvement:analysis-delete": Row(
        "nc_item", method="post", visible=QMS_VISIBLE, writable=QMS_WRITE, ok=(302, 404)
    ),
    "improvement:action-list": Row("enterprise", visible=QMS_VISIBLE),
    "improvement:action-export": Row("enterprise", visible=QMS_VISIBLE),
    "improvement:action-create": Row("enterprise", visible=QMS_VISIBLE, writable=QMS_WRITE),
    "improvement:action-detail": Row("action", visible=QMS_VISIBLE),
    "improvement:action-edit": Row("action", visible=QMS_VISIBLE, writable=QMS_WRITE),
    "improvement:action-progress": Row(
        "action", method="post", visible=QMS_VISIBLE, writable=QMS_WRITE, ok=(302,)
    ),
    "improvement:action-complete": Row(
        "action", method="post", visible=QMS_VISIBLE, writable=QMS_WRITE, ok=(302,)
    ),
    # Only a completed action can be verified: the open probe action refuses everyone (403).
    "improvement:action-verify": Row("action", method="post", visible=QMS_VISIBLE, writable=NOBODY),
    "improvement:action-cancel": Row(
        "action", method="post", visible=QMS_VISIBLE, writable=QMS_WRITE, ok=(302,)
    ),
}

API_ROWS = {
    "api:nonconformity-list": Row(),
    "api:nonconformity-detail": Row("nc", method="patch", visible=QMS_VISIBLE, writable=QMS_WRITE),
    # Empty bodies: a permitted user gets 400 (incomplete request or a refused step).
    **{
        f"api:nonconformity-{name}": Row(
            "nc", method="post", visible=QMS_VISIBLE, writable=QMS_WRITE, ok=(400,)
        )
        for name in ("move", "verify", "close", "cancel", "whys", "causes", "root-cause")
    },
    "api:corrective-action-list": Row(),
    "api:corrective-action-detail": Row(
        "action", method="patch", visible=QMS_VISIBLE, writable=QMS_WRITE
    ),
    **{
        f"api:corrective-action-{name}": Row(
            "action", method="post", visible=QMS_VISIBLE, writable=QMS_WRITE, ok=(400,)
        )
        for name in ("complete", "verify", "cancel")
    },
}


def _records(world):
    from qualift.improvement.models import Nonconformity
    from qualift.improvement.services.actions import action_create
    from qualift.improvement.services.nonconformities import cause_add, nc_create

    made = {}
    for key, enterprise in (("a1", world.a1), ("a2", world.a2), ("b1", world.b1)):
        nc = Nonconformity.objects.filter(enterprise=enterprise, title="Matrix probe").first()
        if nc is None:
            nc = nc_create(
                actor=None,
                enterprise=enterprise,
                source="other",
                data={"title": "Matrix probe", "description": "probe"},
            )
            cause_add(actor=None, nc=nc, category="method", description="probe cause")
            action_create(
                actor=None,
                enterprise=enterprise,
                nonconformity=nc,
                data={
                    "kind": "corrective",
                    "title": "Probe action",
                    "owner_name": "Probe",
                    "due_on": dt.date(2030, 1, 1),
                },
            )
        made[key] = nc
    return made


def targets(world, kind: str):
    if kind not in ("nc", "nc_item", "action"):
        return None
    ncs = _records(world)
    if kind == "nc":
        found = {k: {"pk": nc.pk} for k, nc in ncs.items()}
    elif kind == "action":
        found = {k: {"pk": nc.actions.get().pk} for k, nc in ncs.items()}
    else:
        found = {
            k: {"pk": nc.pk, "kind": "cause", "item_pk": nc.causes.get().pk}
            for k, nc in ncs.items()
        }
        found["missing"] = {"pk": 999_999, "kind": "cause", "item_pk": 999_999}
        return found
    found["missing"] = {"pk": 999_999}
    return found
