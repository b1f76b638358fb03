"""Permission-matrix rows for customer complaints (UI and API)."""

from __future__ import annotations

import datetime as dt

from tests.test_permission_matrix import QMS_VISIBLE, QMS_WRITE, Row

ROWS = {
    "improvement:complaint-list": Row("enterprise", visible=QMS_VISIBLE),
    "improvement:complaint-create": Row("enterprise", visible=QMS_VISIBLE, writable=QMS_WRITE),
    "improvement:complaint-detail": Row("complaint", visible=QMS_VISIBLE),
    "improvement:complaint-edit": Row("complaint", visible=QMS_VISIBLE, writable=QMS_WRITE),
    # An empty response form is re-rendered with its errors.
    "improvement:complaint-respond": Row(
        "complaint", method="post", visible=QMS_VISIBLE, writable=QMS_WRITE, ok=(200,)
    ),
    # Closing an unanswered complaint is refused with a message, back to the detail page.
    "improvement:complaint-close": Row(
        "complaint", method="post", visible=QMS_VISIBLE, writable=QMS_WRITE, ok=(302,)
    ),
    # Raises the nonconformity (the second writer gets the same one): to the NC page.
    "improvement:complaint-raise-nc": Row(
        "complaint", method="post", visible=QMS_VISIBLE, writable=QMS_WRITE, ok=(302,)
    ),
}

API_ROWS = {
    "api:complaint-list": Row(),
    "api:complaint-detail": Row(
        "complaint", method="patch", visible=QMS_VISIBLE, writable=QMS_WRITE
    ),
    "api:complaint-respond": Row(
        "complaint", method="post", visible=QMS_VISIBLE, writable=QMS_WRITE, ok=(400,)
    ),
    "api:complaint-close": Row(
        "complaint", method="post", visible=QMS_VISIBLE, writable=QMS_WRITE, ok=(400,)
    ),
    "api:complaint-raise-nc": Row(
        "complaint", method="post", visible=QMS_VISIBLE, writable=QMS_WRITE, ok=(200, 201)
    ),
}


def targets(world, kind: str) -> dict[str, dict] | None:
    if kind != "complaint":
        return None
    from qualift.improvement.services.complaints import complaint_register

    out = {}
    for key in ("a1", "a2", "b1"):
        complaint = complaint_register(
            actor=None,
            enterprise=getattr(world, key),
            data={
                "customer": f"Customer of {key}",
                "product": "Bracket",
                "received_on": dt.date(2026, 1, 5),
                "description": "Burrs on the edges",
            },
        )
        out[key] = {"pk": complaint.pk}
    out["missing"] = {"pk": 999_999}
    return out
